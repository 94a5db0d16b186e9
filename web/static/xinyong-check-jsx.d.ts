// JSX types of <xinyong-check> for React (needs @types/react): `import type {} from "xinyong-widget/jsx"`.
//
// React 18 passes unknown props to a custom element as attributes and never adds listeners
// for them: `onXinyongResult={f}` would be silently ignored, so it is not a prop here (a type
// error). Listen through a ref (`ref.current.addEventListener("xinyong-result", …)`), which
// works in React 18 and 19. React 19 also adds a listener for a function prop named `on` +
// the exact event name: `onxinyong-result`, typed below (React 18 ignores it).

import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type {
  XinyongCheck,
  XinyongCheckAttributes,
  XinyongErrorEvent,
  XinyongResultEvent,
} from "./xinyong-check";

export type XinyongCheckProps = Omit<DetailedHTMLProps<HTMLAttributes<XinyongCheck>, XinyongCheck>, "lang"> &
  XinyongCheckAttributes & {
    /** React 19 only (React 18 ignores it: use a ref and addEventListener). */
    "onxinyong-result"?: (event: XinyongResultEvent) => void;
    /** React 19 only (React 18 ignores it: use a ref and addEventListener). */
    "onxinyong-error"?: (event: XinyongErrorEvent) => void;
  };

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "xinyong-check": XinyongCheckProps;
    }
  }
}

declare global {
  namespace JSX {
    interface IntrinsicElements {
      "xinyong-check": XinyongCheckProps;
    }
  }
}
