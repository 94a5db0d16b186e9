// Staff mode of <xinyong-check> (批量预审) in real headless Chromium: a 20,000-row XLSX screened
// in the staff worker with a progress bar, counts that reconcile, a responsive page, filters
// and sorting checked against the CLI's own output on the same file, a subject's full report,
// exports byte-identical (CSV) and cell-identical (XLSX) to `xinyong batch`, rejected rows,
// templates, privacy (no request carries the file), axe, and a 360 px screen.
//
// Run by `cargo xtask e2e tests/e2e/staff.test.mjs` (or `cargo xtask test`), which serves dist/
// plus /test-data/ and sets XINYONG_URL, XINYONG_TEST_DATA and XINYONG_CLI.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { launch, xlsxCells } from "./lib.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.resolve(here, "../artifacts");
const BASE = process.env.XINYONG_URL ?? "http://127.0.0.1:8080/";
const DATA = process.env.XINYONG_TEST_DATA;
const CLI = process.env.XINYONG_CLI;
// The demo page's as-of; the CLI runs with the same date.
const AS_OF = "2026-11-23";
const BIG = DATA && path.join(DATA, "batch-20000.xlsx");

let context;
let profile;
let tmp;
/** Every request of every page and worker: { url, method, body }. */
const requests = [];
const figures = {};

before(async () => {
  assert.ok(DATA && CLI, "XINYONG_TEST_DATA and XINYONG_CLI must be set (run through cargo xtask e2e)");
  fs.mkdirSync(artifacts, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-staff-e2e-"));
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-staff-profile-"));
  context = await launch(profile, {
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  // The context sees worker fetches too, which page.on("request") would not.
  context.on("request", (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? "" }));
});

after(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  console.log("\n  Staff mode figures (measured, not asserted):");
  for (const [k, v] of Object.entries(figures)) console.log(`    ${k}: ${v}`);
});

async function newPage(viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.errors = errors;
  return page;
}

/** The demo staff page, ready for a file. */
async function openStaff(page) {
  await page.goto(`${BASE}demo/staff.html`);
  const w = page.locator("xinyong-check");
  await w.locator(".xy-staff input[type=file]").waitFor();
  return w;
}

async function axe(page, screen) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  }
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const detail = bad
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n      ")}`)
    .join("\n    ");
  assert.equal(bad.length, 0, `axe on "${screen}":\n    ${detail}`);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

function cli(args) {
  return execFileSync(CLI, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
}

/** RFC 4180 CSV (quoted cells, doubled quotes, CRLF or LF), BOM stripped. */
function parseCsv(text) {
  text = text.replace(/^\ufeff/, "");
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent("download"), click()]);
  const file = path.join(tmp, `dl-${Date.now()}-${d.suggestedFilename()}`);
  await d.saveAs(file);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(file) };
}

/** Downloads started by one click, until `n` have arrived. */
async function downloads(page, n, click) {
  const got = [];
  const done = new Promise((resolve) => {
    const on = async (d) => {
      const file = path.join(tmp, `dl-${Date.now()}-${got.length}-${d.suggestedFilename()}`);
      got.push(d.saveAs(file).then(() => ({ name: d.suggestedFilename(), bytes: fs.readFileSync(file) })));
      if (got.length === n) {
        page.off("download", on);
        resolve();
      }
    };
    page.on("download", on);
  });
  await click();
  await done;
  return Promise.all(got);
}

async function shownCount(w) {
  return Number(await w.locator(".xy-showing").getAttribute("data-shown"));
}

async function counts(w) {
  const c = {};
  for (const k of ["rows_read", "rows_used", "rows_rejected", "subjects", "subjects_incomplete"]) {
    c[k] = Number(await w.locator(`[data-count=${k}]`).textContent());
  }
  return c;
}

test("staff mode screens the 20,000-row XLSX like the CLI, responsively, privately", { timeout: 600_000 }, async () => {
  const page = await newPage();
  const w = await openStaff(page);
  assert.equal(await w.locator(".xy-title").textContent(), "交通运输信用批量预审（工作人员）");

  // Watch the progress bar and the main thread's frames while the worker screens.
  await page.evaluate(() => {
    const root = document.querySelector("xinyong-check").shadowRoot;
    window.__progress = [];
    new MutationObserver(() => {
      const bar = root.querySelector(".xy-staff [role=progressbar]");
      const v = bar?.getAttribute("aria-valuenow");
      if (v !== null && v !== undefined && window.__progress.at(-1) !== v) window.__progress.push(v);
    }).observe(root, { subtree: true, childList: true, attributes: true });
    window.__frames = { n: 0, maxGap: 0, last: performance.now(), on: true };
    const tick = (t) => {
      const f = window.__frames;
      f.maxGap = Math.max(f.maxGap, t - f.last);
      f.last = t;
      f.n++;
      if (f.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  const t0 = Date.now();
  await w.locator(".xy-staff input[type=file]").setInputFiles(BIG);
  // While it works: a click on another control (the language switch) is handled at once.
  await w.locator("[role=progressbar]").first().waitFor({ timeout: 120_000 });
  const c0 = Date.now();
  await w.getByRole("button", { name: "Switch to English" }).click();
  await w.locator(".xy-title", { hasText: "Transport credit pre-screening (staff)" }).waitFor();
  figures["click handled while screening (lang switch → new title)"] = `${Date.now() - c0} ms`;
  const busyStill = await w.locator("[role=progressbar]").count();
  figures["progress bar still shown when the click was handled"] = busyStill > 0 ? "yes" : "no (screening had finished)";
  await w.getByRole("button", { name: "切换为中文" }).click();

  await w.locator("[data-count=rows_read]").waitFor({ timeout: 600_000 });
  const elapsed = Date.now() - t0;
  const frames = await page.evaluate(() => { window.__frames.on = false; return window.__frames; });
  const progress = await page.evaluate(() => window.__progress.map(Number));
  figures["20,000-row XLSX: file chosen → counts shown"] = `${elapsed} ms`;
  figures["animation frames during that time"] = `${frames.n} (longest gap ${frames.maxGap.toFixed(0)} ms)`;
  figures["progress values seen"] = `${progress.length} (${progress.slice(0, 6).join(", ")} … ${progress.slice(-3).join(", ")})`;
  assert.ok(progress.length >= 2, `the progress bar must be seen moving, saw ${JSON.stringify(progress)}`);
  assert.ok(progress.some((v, i) => i > 0 && v > progress[i - 1]), "progress must increase");
  assert.ok(frames.n > 1, "requestAnimationFrame kept ticking while the worker screened");

  // Counts reconcile, and match the CLI on the same file.
  const c = await counts(w);
  assert.equal(c.rows_read, c.rows_used + c.rows_rejected, JSON.stringify(c));
  assert.ok(c.rows_read >= 20_000, `rows read: ${c.rows_read}`);
  assert.match(await w.locator(".xy-reconcile").textContent(), /✓/);

  cli(["batch", BIG, "--out", path.join(tmp, "cli.xlsx"), "--as-of", AS_OF]);
  cli(["batch", BIG, "--out", path.join(tmp, "cli.csv"), "--as-of", AS_OF]);
  const summary = parseCsv(fs.readFileSync(path.join(tmp, "cli.csv"), "utf8")).filter((r) => r.length > 1);
  const [head, ...rows] = summary;
  assert.equal(rows.length, c.subjects, "one summary row per subject, as the CLI writes");
  assert.equal(await shownCount(w), c.subjects);

  // Conditional eligibility (the report's `assumed`): the table's first page shows ⚠ 有条件 in
  // as many cells as the CLI writes 有条件（见明细） (see the test on golden subjects 59 and 89).
  const firstScheme = head.findIndex((h) => h.endsWith("(score)")) + 1;
  const lastScheme = head.findIndex((h) => h.endsWith("(earliest_repair)"));
  const conditional = (rs) => rs.reduce((n, r) => n + r.slice(firstScheme, lastScheme).filter((v) => v === "有条件（见明细）").length, 0);
  const onPage = await w.locator(".xy-staff-table tbody tr").count();
  assert.equal(await w.locator(".xy-staff-table tbody td.xy-conditional").count(), conditional(rows.slice(0, onPage)));
  figures["conditional eligibilities (CLI cells)"] = String(conditional(rows));

  // Filter: not eligible for the first scheme whose name has 告知承诺.
  const scheme = w.getByLabel("不符合承诺制度");
  const options = await scheme.locator("option").evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })));
  const notice = options.find((o) => o.label.includes("告知承诺"));
  assert.ok(notice, `a 告知承诺 scheme among ${JSON.stringify(options)}`);
  const col = head.findIndex((h) => h.endsWith(`(${notice.value})`));
  assert.ok(col >= 0, `CLI column for ${notice.value}`);
  // The CLI writes its values in Chinese by default (否), as the page exports them in Chinese.
  const expectNo = rows.filter((r) => r[col] === "否").length;
  await scheme.selectOption(notice.value);
  await w.locator(`.xy-showing[data-shown="${expectNo}"]`).waitFor();
  figures[`not eligible for ${notice.label}`] = `${expectNo} of ${rows.length}`;
  assert.ok(expectNo > 0 && expectNo < rows.length, "the filter must narrow the table, not empty it");
  // Every row on the page says "no" in that column.
  const noCells = await w.locator(".xy-staff-table tbody tr").evaluateAll((trs, i) => trs.map((tr) => tr.children[i].className), 6 + options.indexOf(notice) - 1);
  assert.ok(noCells.every((cls) => cls.includes("xy-no")), `cells: ${noCells.slice(0, 5)}`);

  // Add: grade below A, compared within each subject's scheme (levels best → worst).
  const ORDER = ["AAA", "AA", "A", "B", "C", "D"];
  const li = head.findIndex((h) => h.endsWith("(level)"));
  for (const r of rows) assert.ok(r[li] === "" || ORDER.includes(r[li]), `unexpected level ${r[li]}`);
  const below = (r) => r[li] !== "" && ORDER.indexOf(r[li]) > ORDER.indexOf("A");
  const expectBoth = rows.filter((r) => r[col] === "否" && below(r)).length;
  await w.getByLabel("信用等级低于").selectOption("A");
  await w.locator(`.xy-showing[data-shown="${expectBoth}"]`).waitFor();
  await scheme.selectOption("");
  const expectBelow = rows.filter(below).length;
  await w.locator(`.xy-showing[data-shown="${expectBelow}"]`).waitFor();
  figures["grade below A"] = `${expectBelow}; and not eligible: ${expectBoth}`;
  assert.ok(expectBelow > 0 && expectBelow < rows.length);
  await w.getByLabel("信用等级低于").selectOption("");
  await w.locator(`.xy-showing[data-shown="${rows.length}"]`).waitFor();

  // Sort by score: ascending, then descending; missing scores last.
  const si = head.findIndex((h) => h.endsWith("(score)"));
  const scores = rows.map((r) => r[si]).filter((s) => s !== "").map(Number);
  const scoreHeader = w.locator("th", { has: page.locator("button", { hasText: "分数" }) });
  await scoreHeader.locator("button").click();
  await w.locator("th[aria-sort=ascending]", { hasText: "分数" }).waitFor();
  const readScores = () => w.locator(".xy-staff-table tbody td.xy-score").allTextContents();
  let shown = (await readScores()).map(Number);
  assert.equal(shown[0], Math.min(...scores));
  assert.deepEqual(shown, [...shown].sort((a, b) => a - b));
  await scoreHeader.locator("button").click();
  await w.locator("th[aria-sort=descending]", { hasText: "分数" }).waitFor();
  shown = (await readScores()).map(Number);
  assert.equal(shown[0], Math.max(...scores));
  assert.deepEqual(shown, [...shown].sort((a, b) => b - a));
  assert.equal(await w.locator("th[aria-sort]").count(), 1, "only the sorted column has aria-sort");

  // The full build's sheet carries the staff screens' rules (the self-check's does not).
  assert.equal(await w.locator(".xy-staff-table th").first().evaluate((e) => getComputedStyle(e).position), "sticky");

  // Paging: the next page shows the next rows, not 20,000 rows at once.
  assert.equal(await w.locator(".xy-staff-table tbody tr").count(), 50);
  await w.locator(".xy-pager .xy-next").click();
  await w.getByText(/第 2 \/ \d+ 页/).first().waitFor();
  assert.ok(Number((await readScores())[0]) <= shown.at(-1));

  await axe(page, "staff results");
  await shot(page, "staff-results");

  // Open a row by keyboard (Enter on its name): the full report of that subject.
  const firstRow = w.locator(".xy-staff-table tbody tr").first();
  const masked = await firstRow.locator("td.xy-mono").textContent();
  await firstRow.locator("button").focus();
  await page.keyboard.press("Enter");
  const report = w.locator(".xy-staff-report .xy-report");
  await report.waitFor();
  assert.equal(await report.locator(".xy-subject-card dd.xy-mono").textContent(), masked);
  assert.ok(await report.locator(".xy-grades").count(), "the report has its grades section");
  assert.ok(await report.locator(".xy-commitments .xy-scheme").count() > 0, "and its commitment schemes");
  await axe(page, "staff report");
  await shot(page, "staff-report");
  // Back to the list returns focus to the row.
  await w.getByRole("button", { name: "返回列表" }).click();
  await report.waitFor({ state: "detached" });

  // A subject with a repair date in the CLI's summary: its repair cards show each record's
  // decision date and timeline, read from the subject document the worker sends with the report.
  const ri = head.findIndex((h) => h.endsWith("(earliest_repair)"));
  const ni = head.findIndex((h) => h.endsWith("(name)"));
  const withRepair = rows.find((r) => r[ri] !== "" && rows.filter((o) => o[ni].includes(r[ni])).length === 1);
  assert.ok(withRepair, "the batch has a subject with a repair date");
  await w.getByLabel("按名称或脱敏证件号码筛选").fill(withRepair[ni]);
  await w.locator('.xy-showing[data-shown="1"]').waitFor();
  await w.locator(".xy-staff-table tbody tr").first().locator("button").click();
  await report.waitFor();
  const repair = report.locator(".xy-repair").first();
  await repair.waitFor();
  const decided = await repair.locator("dt:text-is('决定日期') + dd").textContent();
  assert.match(decided, /^\d{4}-\d{2}-\d{2}$/, `decision date shown: ${decided}`);
  assert.ok(await repair.locator("svg.xy-timeline").count(), "the repair has its timeline");
  await shot(page, "staff-report-repairs");
  await w.getByRole("button", { name: "返回列表" }).click();
  await report.waitFor({ state: "detached" });
  await w.getByLabel("按名称或脱敏证件号码筛选").fill("");
  await w.locator(`.xy-showing[data-shown="${rows.length}"]`).waitFor();

  // Exports: the worker's bytes are exactly what the CLI writes.
  const x = await download(page, () => w.locator(".xy-export-xlsx").click());
  assert.equal(x.name, "batch-20000-screened.xlsx");
  const mine = xlsxCells(x.bytes);
  const theirs = xlsxCells(fs.readFileSync(path.join(tmp, "cli.xlsx")));
  // The same cells on the same sheets: the CLI writes strings inline (constant memory), the
  // worker into a shared-string table; a reader sees the same workbook.
  assert.deepEqual(Object.keys(mine), Object.keys(theirs));
  assert.ok(Object.keys(mine).length >= 2, "summary and detail sheets");
  for (const k of Object.keys(theirs)) {
    assert.ok(theirs[k].length > 0, `sheet ${k} has cells`);
    assert.deepEqual(mine[k], theirs[k], `XLSX sheet ${k} differs from the CLI's`);
  }

  const cliCsv = fs.readdirSync(tmp).filter((f) => /^cli\..*csv$/.test(f) || f === "cli.csv").sort();
  const csvs = await downloads(page, cliCsv.length, () => w.locator(".xy-export-csv").click());
  assert.deepEqual(csvs.map((f) => f.name.replace("batch-20000-screened", "cli")).sort(), cliCsv);
  for (const f of csvs) {
    const other = fs.readFileSync(path.join(tmp, f.name.replace("batch-20000-screened", "cli")));
    assert.ok(f.bytes.equals(other), `${f.name} is not byte-identical to the CLI's`);
  }
  figures["identity with the CLI"] = `XLSX sheets ${Object.keys(theirs).join(", ")}; CSV ${cliCsv.join(", ")} byte-identical`;

  // Privacy: only static assets were fetched; nothing carried the file or its contents.
  // Names from the summary, full ids from the same batch as CSV (the XLSX's twin).
  const source = parseCsv(fs.readFileSync(path.join(DATA, "batch-20000.csv"), "utf8")).slice(1, 51);
  const ids = [...rows.slice(0, 50).map((r) => r[2]), ...source.map((r) => r[1])].filter((x) => x && x.length > 3);
  // Staff mode loads the staff build of the widget, not the public self-check build.
  // Everything but the element's module is content-hashed (dist/manifest.json).
  const allowed = /\/(demo\/staff\.html|demo\/demo\.css|xinyong-check\.js|xinyong_web_staff\.[0-9a-f]{10}\.js|xinyong_web_staff_bg\.[0-9a-f]{10}\.wasm|xinyong-staff-worker\.[0-9a-f]{10}\.js|xinyong-staff\.[0-9a-f]{10}\.js|xinyong-staff_bg\.[0-9a-f]{10}\.wasm|favicon\.ico)$/;
  const mineReq = requests.filter((r) => !r.url.startsWith("blob:") && !r.url.startsWith("data:"));
  for (const r of mineReq) {
    assert.match(new URL(r.url).pathname, allowed, `unexpected request ${r.method} ${r.url}`);
    assert.equal(r.body, "", `request with a body: ${r.url}`);
    assert.ok(!r.url.includes("batch-20000"), `the file name left the browser: ${r.url}`);
    for (const id of ids) assert.ok(!r.url.includes(id) && !r.body.includes(id), `a name left the browser: ${r.url}`);
  }
  assert.ok(mineReq.some((r) => /\/xinyong-staff_bg\.[0-9a-f]{10}\.wasm$/.test(r.url)), "the staff wasm was fetched (by the worker)");
  assert.ok(mineReq.some((r) => /\/xinyong_web_staff_bg\.[0-9a-f]{10}\.wasm$/.test(r.url)), "the staff build of the widget was fetched");
  figures["requests (page + worker)"] = mineReq.map((r) => new URL(r.url).pathname).join(" ");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("rejected rows are listed with row, column and reason; counts still reconcile; the CLI agrees", { timeout: 180_000 }, async () => {
  const page = await newPage();
  const w = await openStaff(page);
  const sample = fs.readFileSync(path.join(here, "../../web/static/demo/sample-batch.csv"), "utf8").split(/\r?\n/);
  const header = sample[0];
  const good = sample[1];
  const cells = good.split(",");
  const hdr = header.replace(/^\ufeff/, "").split(",");
  const dateCol = hdr.findIndex((h) => h.endsWith("(date)"));
  const idCol = hdr.findIndex((h) => h.endsWith("(record_id)"));
  const bad1 = [...cells];
  bad1[dateCol] = "2026-02-30";
  bad1[idCol] = "zz8";
  const bad2 = [...cells];
  bad2[hdr.findIndex((h) => h.endsWith("(year)"))] = "abc";
  bad2[idCol] = "zz9";
  const file = path.join(tmp, "with-bad-rows.csv");
  fs.writeFileSync(file, [header, good, bad1.join(","), bad2.join(","), sample[2], ""].join("\n"));

  await w.locator(".xy-staff input[type=file]").setInputFiles(file);
  await w.locator("[data-count=rows_read]").waitFor({ timeout: 120_000 });
  const c = await counts(w);
  assert.equal(c.rows_read, 4);
  assert.equal(c.rows_read, c.rows_used + c.rows_rejected);
  assert.ok(c.rows_rejected >= 1, JSON.stringify(c));

  const out = path.join(tmp, "bad.csv");
  cli(["batch", file, "--out", out, "--as-of", AS_OF]);
  const cliRejected = parseCsv(fs.readFileSync(path.join(tmp, "bad.rejected.csv"), "utf8")).filter((r) => r.length > 1).slice(1);
  const listed = await w.locator(".xy-rejected-table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.equal(listed.length, cliRejected.length, "as many rejected rows as the CLI writes");
  for (let i = 0; i < listed.length; i++) {
    assert.equal(listed[i][0], cliRejected[i][0], "row number");
    assert.equal(listed[i][1], cliRejected[i][1], "column");
    assert.equal(listed[i][3], cliRejected[i][3], "reason (zh)");
  }
  assert.ok(listed.some((r) => r[0] === "3"), `row 3 (the bad date) is listed: ${JSON.stringify(listed)}`);
  assert.ok(c.subjects_incomplete >= 1, "a subject that lost a row is marked incomplete");
  // English reasons when the widget is in English.
  await w.getByRole("button", { name: "Switch to English" }).click();
  const en = await w.locator(".xy-rejected-table tbody tr td:nth-child(4)").first().textContent();
  assert.equal(en, cliRejected[0][4]);
  await axe(page, "rejected rows (en)");
  await shot(page, "staff-rejected");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a conditional eligibility (golden subjects 59 and 89, assumed grades) is ⚠ 有条件 in the table and exported as the CLI writes it", { timeout: 180_000 }, async () => {
  const page = await newPage();
  const w = await openStaff(page);
  const golden = (name, id) => {
    const v = JSON.parse(fs.readFileSync(path.join(here, `../golden/${name}.json`), "utf8"));
    v.subject.id = id;
    return JSON.stringify(v);
  };
  const file = path.join(tmp, "conditional.jsonl");
  fs.writeFileSync(file, [
    golden("59-lianyungang-incomplete-acceptance-needs-good-credit", "91350200MA2Y4K7N0A"),
    golden("89-lianyungang-first-minor-history", "91350203MA31XQ8E2A"),
    "",
  ].join("\n"));
  await w.locator(".xy-staff input[type=file]").setInputFiles(file);
  await w.locator("[data-count=rows_read]").waitFor({ timeout: 120_000 });
  cli(["batch", file, "--out", path.join(tmp, "conditional-cli.csv"), "--as-of", AS_OF]);
  const summary = fs.readFileSync(path.join(tmp, "conditional-cli.csv"));
  const cliCells = parseCsv(summary.toString("utf8")).flat().filter((v) => v === "有条件（见明细）").length;
  // bulk_oversize_permit (59), incomplete_acceptance and green_channel (89): before, a plain 是 / ✓.
  assert.equal(cliCells, 3, "the CLI writes three conditional cells");
  const cells = w.locator(".xy-staff-table tbody td.xy-conditional");
  assert.equal(await cells.count(), 3);
  assert.match(await cells.first().textContent(), /有条件/);
  assert.ok((await cells.first().getAttribute("title")).includes("推定"), "its hover text says on what it rests");
  await shot(page, "staff-conditional");
  const csvs = await downloads(page, 3, () => w.locator(".xy-export-csv").click());
  const main = csvs.find((f) => f.name.endsWith("-screened.csv"));
  assert.ok(main, csvs.map((f) => f.name).join(", "));
  assert.ok(main.bytes.equals(summary), "the exported summary is the CLI's, byte for byte");
  await axe(page, "conditional eligibility");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("templates download as the CLI writes them", { timeout: 120_000 }, async () => {
  const page = await newPage();
  const w = await openStaff(page);
  for (const fmt of ["csv", "xlsx"]) {
    const got = await download(page, () => w.locator(`.xy-template-${fmt}`).click());
    assert.ok(got.name.endsWith(`.${fmt}`), got.name);
    const out = path.join(tmp, `template.${fmt}`);
    cli(["batch", "--template", "--out", out]);
    const theirs = fs.readFileSync(out);
    if (fmt === "csv") assert.ok(got.bytes.equals(theirs), "CSV template identical to the CLI's");
    else assert.deepEqual(xlsxCells(got.bytes), xlsxCells(theirs), "XLSX template cells identical to the CLI's");
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a file that cannot be screened: a clear error in the widget, xinyong-error, the old table gone", { timeout: 120_000 }, async () => {
  const page = await newPage();
  const w = await openStaff(page);
  await page.evaluate(() => {
    window.__errors = [];
    document.querySelector("xinyong-check").addEventListener("xinyong-error", (e) => window.__errors.push(e.detail));
  });
  await w.locator(".xy-staff input[type=file]").setInputFiles(path.join(here, "../../web/static/demo/sample-batch.csv"));
  await w.locator(".xy-staff-table").waitFor({ timeout: 120_000 });
  const notes = path.join(tmp, "notes.txt");
  fs.writeFileSync(notes, "not a batch");
  await w.locator(".xy-staff input[type=file]").setInputFiles(notes);
  const box = w.locator(".xy-staff-note .xy-msg-err");
  await box.waitFor({ timeout: 60_000 });
  const events = await page.evaluate(() => window.__errors);
  assert.equal(events.length, 1, JSON.stringify(events));
  assert.ok(events[0].code && events[0].zh && events[0].en, JSON.stringify(events[0]));
  assert.ok((await box.textContent()).includes(events[0].zh), "the box says what the event says");
  assert.equal(await w.locator(".xy-staff-table").count(), 0, "the previous results are gone with the worker's screening");
  figures["error for notes.txt"] = `${events[0].code}: ${events[0].en}`;
  await axe(page, "staff error");
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** Sideways overflow of the results' table box and of the page (px; ≤ 0 fits). */
async function overflow(page, w) {
  return {
    table: await w.locator(".xy-staff-wrap").evaluate((el) => el.scrollWidth - el.clientWidth),
    page: await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  };
}

test("at 1280 px the default columns fit without sideways scrolling (zh and en); more columns come from the chooser", { timeout: 180_000 }, async () => {
  const page = await newPage({ width: 1280, height: 800 });
  const w = await openStaff(page);
  await w.locator(".xy-staff input[type=file]").setInputFiles(path.join(here, "../../web/static/demo/sample-batch.xlsx"));
  await w.locator(".xy-staff-table tbody tr").first().waitFor({ timeout: 120_000 });
  // Before: 13 nowrap columns in a 1,100 px box scrolled sideways by several hundred px.
  const zh = await overflow(page, w);
  assert.ok(zh.table <= 0, `zh: the table scrolls sideways by ${zh.table}px at 1280 px`);
  assert.ok(zh.page <= 0, `zh: the page scrolls sideways by ${zh.page}px`);
  const heads = await w.locator(".xy-staff-table thead th").allTextContents();
  for (const h of ["行号", "名称", "证件号码", "等级", "分数", "完整"]) {
    assert.ok(heads.some((t) => t.includes(h)), `default column ${h} in ${heads.join(" | ")}`);
  }
  assert.ok(!heads.some((t) => t.includes("最早可修复日期")), "the repair date waits in the column chooser");
  await shot(page, "staff-1280-zh");
  await w.getByRole("button", { name: "Switch to English" }).click();
  await w.locator(".xy-staff-table th", { hasText: "Grade" }).waitFor();
  const en = await overflow(page, w);
  assert.ok(en.table <= 0, `en: the table scrolls sideways by ${en.table}px at 1280 px`);
  assert.ok(en.page <= 0, `en: the page scrolls sideways by ${en.page}px`);
  await shot(page, "staff-1280-en");
  // The column chooser adds a column (and its header sorts like any other).
  await w.locator(".xy-columns summary").click();
  await w.getByLabel("Earliest repair").check();
  const repair = w.locator(".xy-staff-table th", { hasText: "Earliest repair" });
  await repair.waitFor();
  const cells = await w.locator(".xy-staff-table tbody tr").first().locator("td").count();
  assert.equal(cells, (await w.locator(".xy-staff-table thead th").count()), "a cell per header");
  await repair.locator("button").click();
  await w.locator("th[aria-sort=ascending]", { hasText: "Earliest repair" }).waitFor();
  await axe(page, "staff 1280 px, en, with the column chooser open");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the chosen or dropped file is named, with its size and the sheet read", { timeout: 180_000 }, async () => {
  const page = await newPage();
  const w = await openStaff(page);
  const xlsx = path.join(here, "../../web/static/demo/sample-batch.xlsx");
  await w.locator(".xy-staff input[type=file]").setInputFiles(xlsx);
  // Named at once (before: the input was cleared and no name was shown anywhere).
  const chosen = w.locator(".xy-chosen-file");
  await chosen.waitFor();
  assert.equal(await chosen.locator(".xy-chosen-name").textContent(), "sample-batch.xlsx");
  const kb = (fs.statSync(xlsx).size / 1024).toFixed(1);
  assert.match(await chosen.textContent(), new RegExp(`文件：sample-batch\\.xlsx（${kb.replace(".", "\\.")} KB）`));
  await w.locator("[data-count=rows_read]").waitFor({ timeout: 120_000 });
  assert.match(await chosen.locator(".xy-chosen-sheet").textContent(), /读取的工作表：\S+/);

  // Dropped: a CSV handed over by drag and drop is named the same way (no sheet for CSV).
  const csv = fs.readFileSync(path.join(here, "../../web/static/demo/sample-batch.csv"), "utf8");
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "申请批次-11月.csv", { type: "text/csv" }));
    return dt;
  }, csv);
  const zone = w.locator(".xy-staff .xy-drop");
  await zone.dispatchEvent("dragover", { dataTransfer: transfer });
  await zone.dispatchEvent("drop", { dataTransfer: transfer });
  await w.locator(".xy-chosen-name", { hasText: "申请批次-11月.csv" }).waitFor();
  await w.locator(".xy-staff-note .xy-msg-ok").waitFor({ timeout: 120_000 });
  assert.equal(await chosen.locator(".xy-chosen-sheet").count(), 0, "a CSV has no sheet");
  assert.match(await chosen.textContent(), /KB）$/);
  await w.getByRole("button", { name: "Switch to English" }).click();
  assert.match(await chosen.textContent(), /^File: 申请批次-11月\.csv \(\d+\.\d KB\)$/);
  // The export is named after the dropped file.
  const x = await download(page, () => w.locator(".xy-export-xlsx").click());
  assert.equal(x.name, "申请批次-11月-screened.xlsx");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("at 360 px every subject is a card (grade, schemes, status, report button) and nothing overflows", { timeout: 180_000 }, async () => {
  for (const lang of ["zh", "en"]) {
    const page = await newPage({ width: 360, height: 740 });
    const w = await openStaff(page);
    if (lang === "en") await page.evaluate(() => document.querySelector("xinyong-check").setAttribute("lang", "en"));
    await w.locator(".xy-staff input[type=file]").setInputFiles(path.join(here, "../../web/static/demo/sample-batch.xlsx"));
    await w.locator("[data-count=rows_read]").waitFor({ timeout: 120_000 });
    const subjects = (await counts(w)).subjects;
    // Before: a table scrolling sideways inside its box, showing 行号 and 名称 only.
    assert.equal(await w.locator(".xy-staff-wrap").isVisible(), false, "the wide table gives way to cards");
    const cards = w.locator(".xy-staff-card");
    assert.equal(await cards.count(), Math.min(50, subjects), "one card per subject on the page");
    const seen = await cards.evaluateAll((cs) => cs.map((c) => {
      const r = c.getBoundingClientRect();
      return {
        right: r.right,
        left: r.left,
        name: c.querySelector("h4")?.textContent ?? "",
        grade: c.querySelector(".xy-grade-badge")?.textContent ?? "",
        gradeLines: (() => { const b = c.querySelector(".xy-grade-badge"); return b ? Math.round(b.getBoundingClientRect().height / parseFloat(getComputedStyle(b).lineHeight)) : 0; })(),
        status: c.querySelector(".xy-card-status")?.textContent ?? "",
        incomplete: c.classList.contains("xy-incomplete"),
        mark: c.querySelector(".xy-card-incomplete")?.textContent ?? "",
        id: c.querySelector(".xy-mono")?.textContent ?? "",
        button: !!c.querySelector("button.xy-card-open"),
        overflowing: [...c.querySelectorAll("*")].some((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5),
      };
    }));
    for (const c of seen) {
      assert.ok(c.name.length > 0 && c.grade.length > 0 && c.status.length > 0, `${lang}: card ${JSON.stringify(c)}`);
      assert.ok(c.gradeLines <= 1, `${lang}: the grade badge wraps on ${c.name}`);
      assert.match(c.id, /\*/, "the id is masked");
      assert.ok(c.button, "each card opens its report");
      assert.ok(c.left >= 0 && c.right <= 360 && !c.overflowing, `${lang}: ${c.name} overflows: ${JSON.stringify(c)}`);
      if (c.incomplete) assert.match(c.mark, lang === "zh" ? /待核/ : /unverified/);
    }
    const o = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(o <= 0, `${lang}: the page scrolls sideways by ${o}px`);
    await axe(page, `staff at 360 px (${lang})`);
    await shot(page, `staff-360-${lang}`);
    if (lang === "zh") {
      // Keyboard: the first card's button opens the report; back returns focus to it.
      const first = cards.first().locator("button.xy-card-open");
      const masked = await cards.first().locator(".xy-mono").textContent();
      await first.focus();
      await page.keyboard.press("Enter");
      const report = w.locator(".xy-staff-report .xy-report");
      await report.waitFor();
      assert.equal(await report.locator(".xy-subject-card dd.xy-mono").textContent(), masked);
      await w.getByRole("button", { name: "返回列表" }).click();
      await report.waitFor({ state: "detached" });
      const focused = await page.evaluate(() => document.querySelector("xinyong-check").shadowRoot.activeElement?.className ?? "");
      assert.match(focused, /xy-card-open/, "focus is back on the card's button");
      // Live switch to self mode and back: the screening is still there.
      await page.evaluate(() => document.querySelector("xinyong-check").setAttribute("mode", "self"));
      await w.locator(".xy-cols").filter({ visible: true }).waitFor();
      assert.equal(await cards.first().isVisible(), false);
      await page.evaluate(() => document.querySelector("xinyong-check").setAttribute("mode", "staff"));
      await cards.first().waitFor();
    }
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});
