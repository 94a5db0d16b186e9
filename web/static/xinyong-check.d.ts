// Types of the <xinyong-check> custom element (xinyong-check.js).

export interface XinyongError {
  /** `pack_fetch` | `pack_too_large` | `pack_integrity` | `pack_url` | `invalid_pack` | `load_failed` | `internal` */
  code: string;
  zh: string;
  en: string;
}

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
