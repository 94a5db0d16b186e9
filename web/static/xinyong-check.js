// <xinyong-check>: the xinyong credit self-check as one custom element.
//
//   <script type="module" src="/xinyong/xinyong-check.js"></script>
//   <xinyong-check lang="zh-CN" region="national"></xinyong-check>
//
// Attributes (all optional, all live): lang (zh-CN | en), region (built-in pack id), industry,
// mode (self | staff: batch pre-screening of an XLSX/CSV/JSONL file for bureau staff), as-of
// (YYYY-MM-DD), pack-src (URL of the portal's own pack JSON), pack-integrity
// ("sha256-<base64>", as in SRI; a mismatch refuses the pack), dataset-src (URL of the portal's
// published credit dataset, JSON or CSV: self mode then offers a search by code or name that
// fills the form), theme (blue | red | green | gray). URLs are resolved against the page and
// must be http(s).
// Events (bubbling, composed): xinyong-result (detail: the report), xinyong-error (detail:
// { code, zh, en, problems? }: the one error shape, problems [{ path, value, zh, en }]).
//
// pack-src loads the pack build (xinyong_web_pack.js); staff mode and dataset-src load the full
// build of the widget (xinyong_web_staff.js); staff
// screening and the dataset run in a module Web Worker (xinyong-staff-worker.js beside this
// file, with its own wasm). Each is fetched only when used: a plain self-check fetches nothing
// extra.
//
// Everything runs in this browser. The only requests are this module, its wasm, the regional
// pack a visitor picks (packs/<id>.json beside this module, checked against the hash the wasm
// carries), the pack file named by pack-src, the dataset named by dataset-src and (for staff mode or a dataset) the
// worker with its module and wasm; no subject data, file or search text is ever sent. This
// module adds nothing to `window`: its one global effect is the `xinyong-check` registration.

// Three builds of the widget, all beside this module: the public self-check (small, what almost
// every visitor loads; it reads only the packs shipped with it), the pack build (the same plus
// the checker a portal's own pack goes through, for pack-src) and the full build (plus
// everything that talks to the staff worker: the batch pre-screening screens and the dataset
// inquiry, for mode="staff" or a dataset-src). Each is imported only when an element needs it.
const BUILDS = {
  self: { js: "./xinyong_web.js", wasm: "./xinyong_web_bg.wasm" },
  pack: { js: "./xinyong_web_pack.js", wasm: "./xinyong_web_pack_bg.wasm" },
  staff: { js: "./xinyong_web_staff.js", wasm: "./xinyong_web_staff_bg.wasm" },
};

/** The smallest build that can serve an element's attributes. */
function buildFor(el) {
  if (el.getAttribute("mode") === "staff" || el.getAttribute("dataset-src")?.trim()) return "staff";
  if (el.getAttribute("pack-src")?.trim()) return "pack";
  return "self";
}

const TAG = "xinyong-check";
/** A portal pack larger than this is refused without being read to the end. */
const MAX_PACK_BYTES = 2 * 1024 * 1024;
const ATTRS = ["lang", "region", "industry", "mode", "as-of", "pack-src", "pack-integrity", "dataset-src", "theme"];
/** The staff worker, resolved like the wasm: beside this module, wherever the portal put it. */
const WORKER_URL = new URL("./xinyong-staff-worker.js", import.meta.url).href;
/** The regional packs the self-check fetches when a visitor picks a region, beside this module. */
const PACKS_URL = new URL("./packs/", import.meta.url).href;

// Host-level styles. `!important` inside a shadow root beats the page's own rules, so a page's
// `* { all: unset }` cannot hide or reflow the element itself; nothing inside the shadow root
// is reachable by page selectors at all.
const HOST_CSS = `
:host { display: block !important; contain: content; }
:host([hidden]) { display: none !important; }
:host([theme="red"]) { --xinyong-accent: #a3141b; }
:host([theme="green"]) { --xinyong-accent: #176b35; }
:host([theme="gray"]) { --xinyong-accent: #3d4450; }
/* Inherited properties the widget does not set itself come from the page; reset them here,
   where no page rule can reach. */
.xy, .xyc-loading { visibility: visible; direction: ltr; writing-mode: horizontal-tb;
  text-transform: none; text-indent: 0; text-shadow: none; letter-spacing: normal;
  word-spacing: normal; white-space: normal; font-style: normal; font-variant: normal;
  font-weight: 400; cursor: auto; list-style: disc; quotes: auto; text-align: start; }
.xyc-loading { font: 16px/1.5 system-ui, sans-serif; color: #4a4f57; padding: 1em; margin: 0; }
.xyc-notice:empty { display: none; }
`;

/** Each build once initialised, by kind (`self` | `pack` | `staff`): its module and its
 *  constructed style sheet, shared by every instance showing that build (adoptedStyleSheets;
 *  CSP-safe, no <style>). The full build's sheet adds the staff screens' rules. */
const ready = {};

/** Resolves in a later task, so the page can paint and handle input in between. */
function yieldToPage() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function boot(kind) {
  const build = BUILDS[kind];
  ready[kind] ??= import(build.js).then(async (m) => {
    await m.default({ module_or_path: new URL(build.wasm, import.meta.url) });
    // Start-up in short tasks, each yielding to the page between them: instantiate, read the
    // embedded packs, then (in #apply) the first render.
    await yieldToPage();
    m.preparePacks?.();
    await yieldToPage();
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(HOST_CSS + m.widgetCss());
    return { m, sheet };
  });
  return ready[kind];
}

function fail(code, zh, en) {
  return { code, zh, en };
}

function toBase64(buf) {
  let s = "";
  for (const b of new Uint8Array(buf)) s += String.fromCharCode(b);
  return btoa(s);
}

const DIGESTS = { sha256: "SHA-256", sha384: "SHA-384", sha512: "SHA-512" };

/** Check `bytes` against an SRI-style integrity value; throws on mismatch. */
async function checkIntegrity(bytes, integrity) {
  const tokens = integrity.trim().split(/\s+/).filter(Boolean);
  const wanted = tokens
    .map((t) => /^(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+={0,2})$/.exec(t))
    .filter(Boolean);
  if (!wanted.length) {
    throw fail("pack_integrity", `pack-integrity 格式无效（应为 sha256-<base64>）：${integrity}`,
      `pack-integrity is malformed (expected sha256-<base64>): ${integrity}`);
  }
  if (!globalThis.crypto?.subtle) {
    throw fail("pack_integrity", "此页面不是安全连接（HTTPS），无法校验规则包完整性，已拒绝加载",
      "This page is not a secure context (HTTPS), so the pack's integrity cannot be checked; it was refused");
  }
  for (const [, alg, b64] of wanted) {
    const got = toBase64(await crypto.subtle.digest(DIGESTS[alg], bytes));
    if (got === b64.replace(/-/g, "+").replace(/_/g, "/")) return;
  }
  throw fail("pack_integrity", "规则包完整性校验失败（文件与 pack-integrity 不符），已拒绝加载",
    "The rule pack failed its integrity check (it does not match pack-integrity) and was refused");
}

/** Fetch a portal pack: http(s) only, size-capped while streaming, integrity-checked, UTF-8. */
async function loadPack(src, integrity) {
  let url;
  try {
    url = new URL(src, document.baseURI);
  } catch {
    throw fail("pack_url", `pack-src 不是有效网址：${src}`, `pack-src is not a valid URL: ${src}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw fail("pack_url", `pack-src 只能是 http(s) 网址：${src}`, `pack-src must be an http(s) URL: ${src}`);
  }
  let res;
  try {
    res = await fetch(url, { credentials: "same-origin", cache: "no-cache", redirect: "follow" });
  } catch (e) {
    throw fail("pack_fetch", `无法下载规则包 ${url.href}`, `Could not download the rule pack ${url.href}`);
  }
  if (!res.ok) {
    throw fail("pack_fetch", `无法下载规则包 ${url.href}（HTTP ${res.status}）`,
      `Could not download the rule pack ${url.href} (HTTP ${res.status})`);
  }
  const tooBig = () => fail("pack_too_large",
    `规则包超过 ${MAX_PACK_BYTES / 1024 / 1024} MB，已拒绝加载`,
    `The rule pack is larger than ${MAX_PACK_BYTES / 1024 / 1024} MB and was refused`);
  if (Number(res.headers.get("content-length")) > MAX_PACK_BYTES) {
    res.body?.cancel();
    throw tooBig();
  }
  const chunks = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_PACK_BYTES) {
      reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  if (integrity) await checkIntegrity(bytes, integrity);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw fail("invalid_pack", "规则包不是 UTF-8 文本", "The rule pack is not UTF-8 text");
  }
}

/** `dataset-src` as an absolute http(s) URL; the worker fetches it (once per URL). */
function datasetUrl(src) {
  let url;
  try {
    url = new URL(src, document.baseURI);
  } catch {
    throw fail("dataset_url", `dataset-src 不是有效网址：${src}`, `dataset-src is not a valid URL: ${src}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw fail("dataset_url", `dataset-src 只能是 http(s) 网址：${src}`, `dataset-src must be an http(s) URL: ${src}`);
  }
  return url.href;
}

function asError(e) {
  if (e && typeof e === "object" && typeof e.code === "string") {
    return fail(e.code, String(e.zh ?? ""), String(e.en ?? ""));
  }
  const msg = String(e?.message ?? e);
  return fail("internal", `自查工具出错：${msg}`, `The self-check failed: ${msg}`);
}

export class XinyongCheck extends HTMLElement {
  static get observedAttributes() {
    return ATTRS;
  }

  #shadow;
  #notice;
  /** One root and one mounted widget per build; the one not in use is hidden, so switching
   *  modes back and forth keeps what was typed in each. */
  #roots = { self: null, pack: null, staff: null };
  #widgets = { self: null, pack: null, staff: null };
  #packKey = null;
  #packJson = null;
  #packError = null;
  #seq = 0;
  #scheduled = false;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: "open" });
    const notice = document.createElement("div");
    notice.className = "xy xyc-notice";
    notice.setAttribute("role", "alert");
    this.#shadow.append(notice);
    this.#notice = notice;
  }

  /** The root for a build, created on first use with a loading message. */
  #rootFor(kind) {
    if (!this.#roots[kind]) {
      const root = document.createElement("div");
      const loading = document.createElement("p");
      loading.className = "xyc-loading";
      loading.textContent = this.getAttribute("mode") === "staff"
        ? "正在加载信用批量预审工具… Loading the credit pre-screening…"
        : "正在加载信用自查工具… Loading the credit self-check…";
      root.append(loading);
      this.#shadow.append(root);
      this.#roots[kind] = root;
    }
    return this.#roots[kind];
  }

  connectedCallback() {
    this.#schedule();
  }

  disconnectedCallback() {
    // Moving the element fires disconnect + connect: keep the widget (and what was typed)
    // unless it really left the document.
    queueMicrotask(() => {
      if (this.isConnected) return;
      for (const kind of Object.keys(this.#widgets)) {
        this.#widgets[kind]?.unmount();
        this.#widgets[kind] = null;
      }
    });
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  /** Several attribute changes in one task are applied once. */
  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#apply().catch((e) => this.#report(asError(e)));
    });
  }

  async #apply() {
    const seq = ++this.#seq;
    const kind = buildFor(this);
    const root = this.#rootFor(kind);
    for (const [k, r] of Object.entries(this.#roots)) if (r) r.hidden = k !== kind;
    let build;
    try {
      build = await boot(kind);
    } catch (e) {
      const err = fail("load_failed", "信用自查工具加载失败，请刷新页面或更换浏览器后重试。",
        `The credit self-check failed to load; reload the page or try another browser. (${e?.message ?? e})`);
      root.replaceChildren();
      this.#report(err);
      return;
    }
    if (seq !== this.#seq) return; // newer attributes arrived meanwhile
    const sheet = build.sheet;
    if (!this.#shadow.adoptedStyleSheets.includes(sheet)) this.#shadow.adoptedStyleSheets = [sheet];

    const src = this.getAttribute("pack-src")?.trim() || "";
    const integrity = this.getAttribute("pack-integrity")?.trim() || "";
    const key = src ? `${src}\n${integrity}` : null;
    if (key !== this.#packKey) {
      this.#packKey = key;
      this.#packJson = null;
      this.#packError = null;
      if (src) {
        try {
          this.#packJson = await loadPack(src, integrity);
        } catch (e) {
          this.#packError = asError(e);
        }
      }
      if (seq !== this.#seq) return; // newer attributes arrived meanwhile
    }

    const options = {
      lang: this.getAttribute("lang") || "zh-CN",
      region: this.getAttribute("region") || undefined,
      industry: this.getAttribute("industry") || undefined,
      asOf: this.getAttribute("as-of") || undefined,
      mode: this.getAttribute("mode") || "self",
      workerUrl: WORKER_URL,
      packsUrl: PACKS_URL,
      inlineCss: false,
      storageKey: `xinyong.draft.v1${this.id ? `.${this.id}` : ""}`,
    };
    let datasetError = null;
    const dataset = this.getAttribute("dataset-src")?.trim() || "";
    if (dataset) {
      try {
        options.datasetSrc = datasetUrl(dataset);
      } catch (e) {
        datasetError = asError(e);
      }
    }
    let error = this.#packError;
    if (this.#packJson !== null) options.packJson = this.#packJson;
    try {
      this.#mountOrUpdate(build, kind, options);
    } catch (e) {
      // A pack the engine refuses: say so, and keep the widget usable on the built-in rules.
      error = asError(e);
      if (options.packJson === undefined) throw e;
      this.#packJson = null;
      this.#packError = error;
      delete options.packJson;
      this.#mountOrUpdate(build, kind, options);
    }
    const errors = [error, datasetError].filter(Boolean);
    this.#showNotice(errors, options.lang);
    for (const e of errors) this.#emitError(e);
  }

  #mountOrUpdate(build, kind, options) {
    if (this.#widgets[kind]) this.#widgets[kind].update(options);
    else this.#widgets[kind] = build.m.mount(this.#rootFor(kind), options);
  }

  #showNotice(errors, lang) {
    this.#notice.replaceChildren();
    const en = String(lang).toLowerCase().startsWith("en");
    for (const error of errors) {
      const box = document.createElement("div");
      box.className = "xy-msg xy-msg-err";
      const p = document.createElement("p");
      const strong = document.createElement("strong");
      strong.textContent = en ? error.en : error.zh;
      p.append(strong);
      const more = document.createElement("p");
      more.textContent = error.code.startsWith("pack") || error.code === "invalid_pack"
        ? (en ? "The portal's own rule pack is not used; the results below follow the built-in rules."
          : "未使用本网站提供的规则包；以下结果按内置规则计算。")
        : error.code.startsWith("dataset")
          ? (en ? "Inquiry in the published data is unavailable; the self-check below still works."
            : "公开信息查询暂不可用；下方的自查仍可使用。")
          : "";
      box.append(p, more);
      this.#notice.append(box);
    }
  }

  #report(error) {
    this.#showNotice([error], this.getAttribute("lang") || "zh-CN");
    this.#emitError(error);
  }

  #emitError(error) {
    this.dispatchEvent(new CustomEvent("xinyong-error", { detail: error, bubbles: true, composed: true }));
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, XinyongCheck);
