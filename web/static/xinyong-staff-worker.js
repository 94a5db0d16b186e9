// xinyong-staff-worker.js — module Web Worker for staff pre-screening (批量预审) and inquiry in a
// published dataset (信用查询). Started lazily by the widget (staff mode, or a dataset-src) with
//   new Worker(new URL("./xinyong-staff-worker.js", import.meta.url), { type: "module" })
// It imports ./xinyong-staff.js (wasm-bindgen --target web, crates/staff) from beside itself, so
// calamine, rust_xlsxwriter and the inquiry index never enter the self-check widget's wasm.
// All bytes stay in this browser: files come from the page, the dataset from the portal's own
// server; nothing is uploaded anywhere.
//
// Protocol (fixed; the widget side implements exactly this):
// Every request main→worker carries a numeric `id` chosen by the sender; every reply carries the
// same `id`. Dates are "YYYY-MM-DD". The message types are declared once, for the widget and the
// staff module alike, in crates/protocol. Errors for any request, in the one error shape of every
// JS surface (the headless API throws the same):
//   {id, type:"error", code, zh, en, problems?: [{path, value, zh, en}]}
//   (`zh`/`en`: the first problem with its path; `problems`: every one)
//
// 1. {id, type:"screen", name, bytes: ArrayBuffer (transferred), asOf?, region?, packJson?}
//    `name` is the file name (format from its extension: .xlsx/.csv/.jsonl, as crates/batch
//    Format::from_name); `region` forces a pack (like the CLI's --pack); `packJson` is a
//    portal's own pack (JSON text).
//    → zero or more {id, type:"progress", phase: "read"|"screen", done, total} (at most ~100 per
//      run)
//    → {id, type:"screened", counts: {rows_read, rows_used, rows_rejected, subjects,
//         subjects_incomplete},
//         schemes: [{id, zh, en}],          // commitment schemes met, first-seen order (the
//                                           // CLI's columns)
//         levels: {"<grade scheme id>": ["AAA", "AA", ...]},  // best → worst
//         rows: [SummaryRow...],            // crates/batch write::SummaryRow (row, id_masked,
//                                           // name, industry, pack, grade_scheme, level, score,
//                                           // commitments [[scheme, bool]...], earliest_repair,
//                                           // warnings, supervision, complete, note) PLUS
//                                           // "index": position for the `report` request
//         rejected: [RejectedRow...],       // {row, column, value, zh, en}
//         notes: [{zh, en}...],             // what the reader did: the sheet read, title rows
//                                           // skipped, columns ignored, subject cells carried
//                                           // down, rows left on other sheets
//         sheet: string|null }              // the workbook sheet read (null for CSV, JSONL)
//    The worker keeps the last screening for `report` and `export`, compact: per subject its
//    summary row and its input, no report (wasm memory never shrinks; docs/scale.md).
// 2. {id, type:"report", index} → {id, type:"report", report, input} (contract Report JSON, and
//    the contract Input it was computed from with the id masked: the widget shows the records'
//    decision dates and timelines from it). Evaluated again from the input kept.
// 3. {id, type:"export", format: "xlsx"|"csv"|"jsonl", stem, lang?: "zh"|"en"}
//    → {id, type:"files", files: [{name, mime, bytes: ArrayBuffer}]} (transferred) — exactly the
//    bytes `xinyong batch --out STEM.FORMAT --lang LANG` writes (`lang`: the page's language,
//    default "zh"), named as the CLI names them (stem.csv,
//    stem.details.csv, stem.rejected.csv; stem.xlsx; stem.jsonl, stem.rejected.jsonl).
// 4. {id, type:"template", format: "xlsx"|"csv"} → {id, type:"files", files: [...]}
//    (crates/batch::template, named xinyong-batch-template.xlsx / .csv).
// 5. {id, type:"dataset", url} — fetched here (http(s) only, credentials "same-origin", streamed
//    with a byte cap = xinyong_inquiry::MAX_DATASET_BYTES; a path ending .csv → CSV, else JSON)
//    and indexed
//    → zero or more {id, type:"progress", phase: "download"|"index", done, total} (total may be
//      null while downloading when the server sends no Content-Length)
//    → {id, type:"dataset", meta: {id, publisher, published_on, basis}, subjects, rejected}
//      (`subjects`: how many were indexed; `rejected`: how many CSV rows could not be used;
//      both numbers).
// 6. {id, type:"search", query, limit} → {id, type:"hits", hits: [{index, name, id_masked,
//    kind, records, match}]} (`kind`: subject kind; `match`: "code" | "name"; ids masked).
// 7. {id, type:"pick", index, asOf?} → {id, type:"input", input} — the contract Input (full id:
//    it is the published data the user asked for) that fills the self-check form.
// 8. {id, type:"memory"} → {id, type:"memory", wasm_bytes, subjects, reports, held_bytes}
//    (diagnostics: the module's linear memory size, and what the last screening holds).
//
// Error codes: load_failed (the wasm did not load), bad_request, unknown_request,
// unsupported_format, invalid_file, invalid_options, invalid_pack, no_screening, bad_index,
// write_failed, dataset_url, dataset_fetch, dataset_not_found, dataset_http, dataset_too_large,
// invalid_dataset, no_dataset, internal.

import init, { Staff, maxBatchBytes, maxDatasetBytes } from "./xinyong-staff.js";

const ready = init({ module_or_path: new URL("./xinyong-staff_bg.wasm", import.meta.url) }).then(
  () => new Staff(),
);

/** Requests run one at a time, in order: the wasm is single-threaded, and a `report` or
 *  `search` sent right after a `screen` or `dataset` must see its result. */
let queue = Promise.resolve();

self.onmessage = (ev) => {
  const msg = ev.data;
  queue = queue.then(() => handle(msg));
};

function err(code, zh, en, problems) {
  const e = { code, zh, en };
  if (problems && problems.length) e.problems = problems;
  return e;
}

function reply(id, type, body, transfer) {
  self.postMessage({ id, type, ...body }, transfer || []);
}

async function handle(msg) {
  const id = msg && typeof msg.id === "number" ? msg.id : null;
  try {
    if (id === null) {
      throw err("bad_request", "请求缺少数字 id", "the request has no numeric id");
    }
    let staff;
    try {
      staff = await ready;
    } catch (e) {
      throw err(
        "load_failed",
        `预审模块加载失败：${String(e && e.message ? e.message : e)}`,
        `the staff module failed to load: ${String(e && e.message ? e.message : e)}`,
      );
    }
    switch (msg.type) {
      case "screen":
        return screen(staff, id, msg);
      case "report":
        // { report, input }: the report and the subject document it came from (id masked).
        return reply(id, "report", staff.report(index(msg.index)));
      case "export": {
        const files = staff.export(
          String(msg.format ?? ""),
          String(msg.stem ?? ""),
          msg.lang === undefined ? undefined : String(msg.lang),
        );
        return reply(id, "files", { files }, files.map((f) => f.bytes));
      }
      case "template": {
        const files = staff.template(String(msg.format ?? ""));
        return reply(id, "files", { files }, files.map((f) => f.bytes));
      }
      case "dataset":
        return await dataset(staff, id, msg);
      case "search": {
        const limit = Number.isInteger(msg.limit) && msg.limit > 0 ? Math.min(msg.limit, 500) : 20;
        return reply(id, "hits", { hits: staff.search(String(msg.query ?? ""), limit) });
      }
      case "memory":
        return reply(id, "memory", staff.memory());
      case "pick":
        return reply(id, "input", {
          input: staff.pick(index(msg.index), msg.asOf ? String(msg.asOf) : undefined),
        });
      default:
        throw err(
          "unknown_request",
          `未知的请求类型：${JSON.stringify(msg.type)}`,
          `unknown request type: ${JSON.stringify(msg.type)}`,
        );
    }
  } catch (e) {
    const x =
      e && typeof e === "object" && typeof e.code === "string"
        ? e
        : err("internal", `内部错误：${String(e)}`, `internal error: ${String(e)}`);
    self.postMessage({ id, type: "error", ...x });
  }
}

function index(v) {
  if (!Number.isInteger(v) || v < 0) {
    throw err(
      "bad_request",
      `index 应为非负整数，收到 ${JSON.stringify(v)}`,
      `index must be a non-negative integer, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function bytesOf(v) {
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  throw err("bad_request", "bytes 应为 ArrayBuffer", "bytes must be an ArrayBuffer");
}

function screen(staff, id, msg) {
  const bytes = bytesOf(msg.bytes);
  const max = maxBatchBytes();
  if (bytes.byteLength > max) {
    throw err(
      "invalid_file",
      `文件过大（${bytes.byteLength} 字节），上限为 ${max} 字节`,
      `file too large (${bytes.byteLength} bytes); at most ${max} bytes`,
    );
  }
  const options = {};
  if (msg.asOf) options.asOf = String(msg.asOf);
  if (msg.region) options.region = String(msg.region);
  if (msg.packJson) options.packJson = String(msg.packJson);
  // crates/staff already calls at most ~100 times per phase.
  const progress = (phase, done, total) => reply(id, "progress", { phase, done, total });
  const payload = staff.screen(bytes, String(msg.name ?? ""), options, progress);
  reply(id, "screened", payload);
}

async function dataset(staff, id, msg) {
  let url;
  try {
    url = new URL(String(msg.url ?? ""), self.location.href);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw err(
      "dataset_url",
      `数据集地址应为 http(s) 网址，收到 ${JSON.stringify(msg.url)}`,
      `the dataset URL must be http(s), got ${JSON.stringify(msg.url)}`,
    );
  }
  const max = maxDatasetBytes();
  let res;
  try {
    res = await fetch(url.href, { credentials: "same-origin" });
  } catch (e) {
    throw err(
      "dataset_fetch",
      `无法下载数据集 ${url.href}（网络错误）`,
      `cannot download the dataset ${url.href} (network error: ${String(e && e.message ? e.message : e)})`,
    );
  }
  if (res.status === 404) {
    throw err(
      "dataset_not_found",
      `数据集不存在（HTTP 404）：${url.href}`,
      `the dataset was not found (HTTP 404): ${url.href}`,
    );
  }
  if (!res.ok) {
    throw err(
      "dataset_http",
      `下载数据集失败（HTTP ${res.status}）：${url.href}`,
      `downloading the dataset failed (HTTP ${res.status}): ${url.href}`,
    );
  }
  const tooLarge = (n) =>
    err(
      "dataset_too_large",
      `数据集过大（${n} 字节以上），上限为 ${max} 字节`,
      `the dataset is too large (${n} bytes or more); at most ${max} bytes`,
    );
  const declared = Number(res.headers.get("content-length"));
  const total = Number.isFinite(declared) && declared > 0 ? declared : null;
  if (total !== null && total > max) throw tooLarge(total);

  const chunks = [];
  let received = 0;
  let next = 0;
  const reader = res.body.getReader();
  reply(id, "progress", { phase: "download", done: 0, total });
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch (e) {
      throw err(
        "dataset_fetch",
        `数据集下载中断：${url.href}`,
        `the dataset download broke off: ${url.href} (${String(e && e.message ? e.message : e)})`,
      );
    }
    if (step.done) break;
    received += step.value.byteLength;
    if (received > max) {
      // Stop reading at the cap: a huge or endless response must not fill the memory.
      reader.cancel().catch(() => {});
      throw tooLarge(received);
    }
    chunks.push(step.value);
    if (received >= next) {
      reply(id, "progress", { phase: "download", done: received, total });
      // About 100 messages: by percent when the size is known, else growing steps.
      next = total !== null ? received + total / 100 : received + Math.max(1 << 20, received / 20);
    }
  }
  reply(id, "progress", { phase: "download", done: received, total: total ?? received });
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  chunks.length = 0;
  reply(id, "progress", { phase: "index", done: 0, total: 1 });
  const isCsv = url.pathname.toLowerCase().endsWith(".csv");
  let out;
  try {
    out = staff.loadDataset(bytes, isCsv);
  } catch (e) {
    if (e && e.code === "invalid_dataset") {
      throw err(
        "invalid_dataset",
        `数据集格式错误（${url.href}）：${e.zh}`,
        `the dataset is malformed (${url.href}): ${e.en}`,
        e.problems,
      );
    }
    throw e;
  }
  reply(id, "progress", { phase: "index", done: 1, total: 1 });
  reply(id, "dataset", out);
}
