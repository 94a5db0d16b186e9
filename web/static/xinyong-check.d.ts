// Types of the <xinyong-check> custom element (xinyong-check.js).

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
  /** Each problem (e.g. a dataset's first bad entries), bilingual. */
  details?: { zh: string; en: string }[];
}

/**
 * Attributes (all optional, all live): `lang` (`zh-CN` | `en`), `region`, `industry`,
 * `mode` (`self` | `staff`), `as-of` (`YYYY-MM-DD`), `pack-src`, `pack-integrity`,
 * `dataset-src` (http(s) URL of a published dataset, JSON or CSV), `theme`.
 */

export declare class XinyongCheck extends HTMLElement {
  static readonly observedAttributes: string[];
}

declare global {
  interface HTMLElementTagNameMap {
    "xinyong-check": XinyongCheck;
  }
  interface HTMLElementEventMap {
    /** The report (contract shape; the id is masked). See xinyong-api.d.ts `Report`. */
    "xinyong-result": CustomEvent<import("./xinyong-api").Report>;
    "xinyong-error": CustomEvent<XinyongError>;
  }
}
