// Types of the <xinyong-check> custom element (xinyong-check.js): its attributes, its events
// and the tag in `document.createElement` / `querySelector`. JSX (React) types are in
// xinyong-check-jsx.d.ts (`import type {} from "xinyong-widget/jsx"`).

import type { Report } from "./xinyong-api";

export type { Report };

export interface XinyongError {
  /**
   * `pack_fetch` | `pack_too_large` | `pack_integrity` | `pack_url` | `invalid_pack` | `pack_load` | `custom_pack_build` | `load_failed` |
   * `internal`; for `dataset-src`: `dataset_url` | `dataset_fetch` | `dataset_not_found` | `dataset_http` |
   * `dataset_too_large` | `invalid_dataset`; for staff mode: the staff worker's codes (`invalid_file`,
   * `unsupported_format`, `worker_failed`, …).
   */
  code: string;
  zh: string;
  en: string;
  /** Each problem (e.g. a dataset's first bad entries), bilingual, at its path: the shape the
   *  headless API (`xinyong-api.js`) throws too. */
  problems?: { path: string; value: string | null; zh: string; en: string }[];
}

/** The element's attributes (all optional, all live: a change takes effect at once and keeps
 *  what the user entered). */
export interface XinyongCheckAttributes {
  /** `zh-CN` (default) or `en`. */
  lang?: "zh-CN" | "en";
  /** A shipped pack id: `national` (built in), `fujian-xiamen`, `jiangsu-lianyungang`, `chongqing-fuling`, `shandong-yiyuan`, `shanxi-yuncheng`. */
  region?: string;
  /** Industry code to preselect, e.g. `road_freight`. */
  industry?: string;
  /** `self` (default) or `staff` (batch pre-screening). */
  mode?: "self" | "staff";
  /** Check date, `YYYY-MM-DD`. */
  "as-of"?: string;
  /** URL of the portal's own pack JSON (loads the pack build). */
  "pack-src"?: string;
  /** `sha256-<base64>` of that file, as in SRI. */
  "pack-integrity"?: string;
  /** http(s) URL of a published dataset, JSON or CSV (adds the inquiry search). */
  "dataset-src"?: string;
  theme?: "blue" | "red" | "green" | "gray";
}

/** `xinyong-result`: the report (contract shape; the id is masked). Bubbles, composed. */
export type XinyongResultEvent = CustomEvent<Report>;
/** `xinyong-error`: what failed, in both languages. Bubbles, composed. */
export type XinyongErrorEvent = CustomEvent<XinyongError>;

export interface XinyongCheckEventMap extends HTMLElementEventMap {
  "xinyong-result": XinyongResultEvent;
  "xinyong-error": XinyongErrorEvent;
}

export declare class XinyongCheck extends HTMLElement {
  static readonly observedAttributes: string[];
  addEventListener<K extends keyof XinyongCheckEventMap>(
    type: K,
    listener: (this: XinyongCheck, ev: XinyongCheckEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof XinyongCheckEventMap>(
    type: K,
    listener: (this: XinyongCheck, ev: XinyongCheckEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "xinyong-check": XinyongCheck;
  }
  // The events bubble and leave the shadow root, so a page may listen on any ancestor.
  interface HTMLElementEventMap {
    "xinyong-result": XinyongResultEvent;
    "xinyong-error": XinyongErrorEvent;
  }
  interface DocumentEventMap {
    "xinyong-result": XinyongResultEvent;
    "xinyong-error": XinyongErrorEvent;
  }
}
