// Type-checked by tests/e2e/deploy.test.mjs (tsc --noEmit, @types/react 18) against dist/.
import { useEffect, useRef } from "react";
import type { XinyongCheck, Report } from "xinyong-widget";
import type {} from "xinyong-widget/jsx";

export function SelfCheck({ onResult }: { onResult: (r: Report) => void }) {
  const ref = useRef<XinyongCheck>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const handler = (e: CustomEvent<Report>) => onResult(e.detail);
    el.addEventListener("xinyong-result", handler);
    return () => el.removeEventListener("xinyong-result", handler);
  }, [onResult]);
  return <xinyong-check ref={ref} lang="zh-CN" region="national" as-of="2026-11-22" theme="blue" />;
}

export function React19Style() {
  // React 19 adds a listener for `on` + the exact event name.
  return <xinyong-check onxinyong-result={(e) => console.log(e.detail.subject.id_masked)} />;
}

export function Wrong() {
  return (
    <>
      {/* @ts-expect-error React 18 ignores onXinyongResult on a custom element: not a prop */}
      <xinyong-check onXinyongResult={() => {}} />
      {/* @ts-expect-error only zh-CN and en */}
      <xinyong-check lang="fr" />
      {/* @ts-expect-error only self and staff */}
      <xinyong-check mode="admin" />
    </>
  );
}
