// The browser benchmark: the staff module and the headless API on this page (no worker, so the
// figures are the wasm's own), measured on the same files the native criterion benchmarks use.
// `cargo xtask bench` opens this page headless and reads <pre id="results">; speed is measured
// and printed, never asserted.
import initStaff, { Staff, readOnly } from "../xinyong-staff.js";
import initApi, { evaluate } from "../xinyong-api.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
// The native benchmarks screen with this "today" and the files' own as_of; so does this page.
const TODAY = params.get("today") || "2026-11-23";
// The native lookup benchmark's queries (crates/inquiry/benches/search.rs), for a 100k dataset.
const CODE_AT = 51_234;
const NAME_AT = 77_777;
const FUZZY = "厦门通达物";

function setState(s) {
  document.body.dataset.state = s;
}

/** Run `f` at least once and until ~`budget` ms have passed (at most `max` times): mean ms. */
function timeIt(f, budget = 250, max = 20) {
  let reps = 0;
  let value;
  const start = performance.now();
  let now = start;
  do {
    value = f();
    reps += 1;
    now = performance.now();
  } while (now - start < budget && reps < max);
  return { ms: (now - start) / reps, reps, value };
}

function extension(name) {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return m ? m[1].toLowerCase() : "";
}

async function fromUrl(url) {
  const res = await fetch(url, { credentials: "same-origin" });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const name = decodeURIComponent(new URL(url, location.href).pathname.split("/").pop());
  return { name, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function fromFile(file) {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

function staffError(e) {
  if (e && typeof e === "object" && "code" in e) return `${e.code}: ${e.en} / ${e.zh}`;
  return String(e && e.stack ? e.stack : e);
}

function measureBatch(staff, src) {
  const read = timeIt(() => readOnly(src.bytes, src.name));
  const screen = timeIt(() => staff.screen(src.bytes, src.name, { today: TODAY }, () => {}), 250, 5);
  const c = screen.value.counts;
  // The payload crosses once per screening (`screen_ms` includes it, as the JSON way); compare
  // the two ways of building it.
  const json = timeIt(() => staff.encodeLast("json"), 1000, 10);
  const swb = timeIt(() => staff.encodeLast("swb"), 1000, 10);
  const rows = read.value.rows_read;
  return {
    name: src.name,
    format: extension(src.name),
    bytes: src.bytes.byteLength,
    rows_read: rows,
    subjects_read: read.value.subjects,
    counts: c,
    reconciles: c.rows_read === c.rows_used + c.rows_rejected && c.rows_read === rows,
    summary_rows: screen.value.rows.length,
    read_ms: read.ms,
    read_rows_per_s: rows / (read.ms / 1000),
    screen_ms: screen.ms,
    screen_rows_per_s: rows / (screen.ms / 1000),
    encode_json_ms: json.ms,
    encode_swb_ms: swb.ms,
  };
}

function measureDataset(staff, src) {
  const isCsv = extension(src.name) === "csv";
  const t0 = performance.now();
  const loaded = staff.loadDataset(src.bytes, isCsv);
  const loadMs = performance.now() - t0;
  const n = loaded.subjects;
  const index = timeIt(() => staff.rebuildIndex(), 500, 5);
  const codeAt = n > CODE_AT ? CODE_AT : Math.floor(n / 2);
  const nameAt = n > NAME_AT ? NAME_AT : Math.floor(n / 3);
  const code = staff.pick(codeAt).subject.id;
  const name = staff.pick(nameAt).subject.name;
  const lookup = (q, want) => {
    const t = timeIt(() => staff.search(q, 20), 200, 2000);
    return {
      query_index: want,
      us: t.ms * 1000,
      hits: t.value.length,
      found: want === null ? t.value.length > 0 : t.value.some((h) => h.index === want),
    };
  };
  return {
    name: src.name,
    bytes: src.bytes.byteLength,
    subjects: n,
    rejected: loaded.rejected,
    load_ms: loadMs,
    index_build_ms: index.ms,
    lookup_code_exact: lookup(code, codeAt),
    lookup_name_exact: lookup(name, nameAt),
    lookup_name_fuzzy: lookup(FUZZY, null),
  };
}

function measureEvaluate(staff, subjects, n) {
  const count = Math.min(n, subjects);
  // Inputs as JSON text, as the native figure parses text too; preparing them is not timed.
  const texts = [];
  for (let i = 0; i < count; i++) texts.push(JSON.stringify(staff.pick(i)));
  let failed = 0;
  let graded = 0;
  // Warm-up, untimed (see `run`).
  for (const t of texts.slice(0, 20)) {
    try {
      evaluate(t, { today: TODAY });
    } catch {
      // counted below
    }
  }
  const t0 = performance.now();
  for (const t of texts) {
    try {
      const r = evaluate(t, { today: TODAY });
      if (r.grades.length > 0) graded += 1;
    } catch {
      failed += 1;
    }
  }
  const ms = performance.now() - t0;
  return { subjects: count, failed, graded, ms, subjects_per_s: count / (ms / 1000) };
}

const fmt = (x, d = 0) =>
  Number(x).toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

function render(r) {
  const body = $("table").tBodies[0];
  body.replaceChildren();
  const row = (what, value, detail = "") => {
    const tr = document.createElement("tr");
    for (const [i, text] of [what, value, detail].entries()) {
      const cell = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) cell.scope = "row";
      cell.textContent = text;
      tr.append(cell);
    }
    body.append(tr);
  };
  for (const b of r.batches) {
    row(`batch ${b.name}: read only`, `${fmt(b.read_rows_per_s)} rows/s`, `${fmt(b.read_ms, 1)} ms, ${fmt(b.rows_read)} rows`);
    row(
      `batch ${b.name}: read + screen`,
      `${fmt(b.screen_rows_per_s)} rows/s`,
      `${fmt(b.screen_ms, 1)} ms, ${fmt(b.screen_ms / b.read_ms, 2)}× read; ${b.counts.subjects} subjects, ${b.counts.rows_rejected} rows rejected`,
    );
    row(
      `batch ${b.name}: result to JS`,
      `${fmt(b.encode_json_ms, 1)} ms JSON.parse`,
      `${fmt(b.encode_swb_ms, 1)} ms serde-wasm-bindgen`,
    );
  }
  if (r.evaluate) {
    row(
      `headless API: evaluate ${r.evaluate.subjects} subjects`,
      `${fmt(r.evaluate.subjects_per_s)} /s`,
      `${fmt(r.evaluate.ms, 1)} ms, ${r.evaluate.failed} failed`,
    );
  }
  if (r.dataset) {
    const d = r.dataset;
    row(`dataset ${d.name}: load (parse + index)`, `${fmt(d.load_ms, 1)} ms`, `${fmt(d.subjects)} subjects`);
    row(`dataset: index build`, `${fmt(d.index_build_ms, 1)} ms`);
    for (const k of ["lookup_code_exact", "lookup_name_exact", "lookup_name_fuzzy"]) {
      row(`dataset: ${k.replaceAll("_", " ")}`, `${fmt(d[k].us, 1)} µs`, `${d[k].hits} hits${d[k].found ? "" : " (target not found)"}`);
    }
  }
}

async function run(sources) {
  setState("running");
  $("status").textContent = "Running…";
  $("results").textContent = "";
  const results = { ok: false, user_agent: navigator.userAgent, today: TODAY, batches: [], evaluate: null, dataset: null };
  try {
    const staff = new Staff();
    const batches = await Promise.all(sources.batches);
    if (batches.length > 0) {
      // Warm-up, untimed: the browser compiles wasm functions lazily and tiers them up on use,
      // which would otherwise land on whichever figure is measured first.
      $("status").textContent = "Warming up…";
      await new Promise((r) => setTimeout(r, 0));
      readOnly(batches[0].bytes, batches[0].name);
      staff.screen(batches[0].bytes, batches[0].name, { today: TODAY }, () => {});
    }
    for (const b of batches) {
      $("status").textContent = `Measuring ${b.name}…`;
      await new Promise((r) => setTimeout(r, 0));
      results.batches.push(measureBatch(staff, b));
    }
    if (sources.dataset) {
      const d = await sources.dataset;
      $("status").textContent = `Measuring ${d.name}…`;
      await new Promise((r) => setTimeout(r, 0));
      results.dataset = measureDataset(staff, d);
      results.evaluate = measureEvaluate(staff, results.dataset.subjects, sources.evaluate);
    }
    staff.free();
    results.ok = true;
    render(results);
    $("status").textContent = "Done.";
  } catch (e) {
    results.error = staffError(e);
    $("status").textContent = `Failed: ${results.error}`;
  }
  $("results").textContent = JSON.stringify(results, null, 2);
  setState(results.ok ? "done" : "failed");
}

const evaluateN = () => Math.max(1, Number.parseInt($("evaluate").value, 10) || 1000);

try {
  await Promise.all([
    initStaff({ module_or_path: new URL("../xinyong-staff_bg.wasm", import.meta.url) }),
    initApi({ module_or_path: new URL("../xinyong-api_bg.wasm", import.meta.url) }),
  ]);
} catch (e) {
  $("status").textContent = `The wasm modules failed to load: ${e}`;
  $("results").textContent = JSON.stringify({ ok: false, error: String(e) });
  setState("failed");
  throw e;
}
if (params.has("evaluate")) $("evaluate").value = params.get("evaluate");
$("form").addEventListener("submit", (e) => {
  e.preventDefault();
  const files = [...$("batches").files];
  const ds = $("dataset").files[0];
  run({ batches: files.map(fromFile), dataset: ds ? fromFile(ds) : null, evaluate: evaluateN() });
});
if (params.has("batch") || params.has("dataset")) {
  run({
    batches: params.getAll("batch").map(fromUrl),
    dataset: params.get("dataset") ? fromUrl(params.get("dataset")) : null,
    evaluate: evaluateN(),
  });
} else {
  $("status").textContent = "Choose files, then Run.";
  setState("idle");
}
