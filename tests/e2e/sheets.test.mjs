// A clerk's own workbook in staff mode (issue 15), in real headless Chromium: a merged title row
// above the header, a 序号 column, a blank column, the subject's cells merged down over its
// record rows, the widget's Chinese labels for values, and two record rows the reader must set
// aside (a commitment without scheme and status; a licence revocation on 2026-02-30).
//
// The file is tests/e2e/fixtures/clerk-workbook.xlsx, written by crates/batch/tests/sheets.rs
// `clerk_xlsx()` (a test there holds the copy to the generator). Before issue 15 the file was
// refused for its title row; with the title row removed the merged rows were rejected as "no
// subject id" and 甲 came out complete with every scheme "yes" although a revocation was lost.
//
// Run by `cargo xtask e2e tests/e2e/sheets.test.mjs`, which serves dist/ and sets XINYONG_URL
// and XINYONG_CLI.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { launch } from "./lib.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.resolve(here, "../artifacts");
const BASE = process.env.XINYONG_URL ?? "http://127.0.0.1:8080/";
const CLI = process.env.XINYONG_CLI;
// The demo page's as-of; the CLI runs with the same date.
const AS_OF = "2026-11-23";
const CLERK = path.join(here, "fixtures/clerk-workbook.xlsx");

let context;
let profile;
let tmp;

before(async () => {
  assert.ok(CLI, "XINYONG_CLI must be set (run through cargo xtask e2e)");
  fs.mkdirSync(artifacts, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-sheets-e2e-"));
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-sheets-profile-"));
  context = await launch(profile, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
});

after(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

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
  return execFileSync(CLI, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
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
  return rows.filter((r) => r.length > 1);
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

async function counts(w) {
  const c = {};
  for (const k of ["rows_read", "rows_used", "rows_rejected", "subjects", "subjects_incomplete"]) {
    c[k] = Number(await w.locator(`[data-count=${k}]`).textContent());
  }
  return c;
}

/** The summary column whose header ends with `(key)`. */
function column(rows, key) {
  const i = rows[0].findIndex((h) => h.endsWith(`(${key})`));
  assert.ok(i >= 0, `column ${key} in ${rows[0]}`);
  return i;
}

test("a clerk's workbook (title row, 序号, merged subject cells) screens with counts that reconcile and 甲 marked incomplete everywhere", { timeout: 240_000 }, async () => {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${BASE}demo/staff.html`);
  const w = page.locator("xinyong-check");
  await w.locator(".xy-staff input[type=file]").setInputFiles(CLERK);

  // Either counts or an error: fail at once, with the widget's message, if the file is refused.
  await w.locator("[data-count=rows_read], .xy-staff-note .xy-msg-err").first().waitFor({ timeout: 120_000 });
  const refused = w.locator(".xy-staff-note .xy-msg-err");
  assert.equal(await refused.count(), 0, `the workbook was refused: ${await refused.first().textContent().catch(() => "")}`);

  // Rows read = used + rejected: 4 data rows (the title row and the header are not data), the
  // merged cells of 甲 carried down so only the two bad record rows are rejected.
  const c = await counts(w);
  assert.deepEqual(c, { rows_read: 4, rows_used: 2, rows_rejected: 2, subjects: 2, subjects_incomplete: 1 });
  assert.match(await w.locator(".xy-reconcile").textContent(), /✓ 读取 4 行 = 使用 2 行 \+ 拒绝 2 行/);

  // The reader says what it did: the sheet read, the title row skipped, 序号 ignored.
  const notes = await w.locator(".xy-reader-notes li").allTextContents();
  assert.ok(notes.some((n) => n.includes("读取了工作表“2026年申请”")), notes.join("\n"));
  assert.ok(notes.some((n) => n.includes("表头在第 2 行") && n.includes("2026年度信用承诺审批申请汇总表")), notes.join("\n"));
  assert.ok(notes.some((n) => n.includes("A“序号”")), notes.join("\n"));
  assert.ok(notes.some((n) => n.includes("合并单元格")), notes.join("\n"));

  // The table: 甲 (row 3) incomplete, no scheme shown as available; 乙 (row 6) complete.
  const a = w.locator('.xy-staff-table tr[data-row="3"]');
  const b = w.locator('.xy-staff-table tr[data-row="6"]');
  assert.match(await a.locator("button").textContent(), /甲运输有限公司/);
  assert.match(await a.getAttribute("class"), /xy-incomplete/);
  assert.equal(await a.locator("td.xy-yes").count(), 0, "an incomplete subject has no ✓ scheme");
  const unverified = await a.locator("td.xy-unverified").count();
  assert.ok(unverified > 0, "its schemes are 待核");
  assert.match(await a.locator("td.xy-unverified").first().textContent(), /待核/);
  assert.match(await a.locator("td").last().textContent(), /否/);
  assert.doesNotMatch(await b.getAttribute("class"), /xy-incomplete/);
  assert.ok((await b.locator("td.xy-yes").count()) > 0, "乙 is complete and eligible");

  // The rejected rows are the two bad record rows, never "no subject id"; the date is named by
  // the clerk's own header.
  const listed = await w.locator(".xy-rejected-table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual([...new Set(listed.map((r) => r[0]))], ["4", "5"], JSON.stringify(listed));
  assert.ok(listed.every((r) => !r[1].includes("subject")), JSON.stringify(listed));
  assert.ok(listed.some((r) => r[0] === "5" && r[1] === "H 处罚日期 (date)"), JSON.stringify(listed));
  await axe(page, "clerk's workbook, results");
  await shot(page, "staff-clerk-workbook");

  // 甲's report: the incomplete mark with the rows lost, and no scheme available.
  await a.locator("button").click();
  const report = w.locator(".xy-staff-report");
  await report.locator(".xy-report").waitFor();
  const mark = report.locator(".xy-incomplete-note");
  assert.match(await mark.textContent(), /第 4、5 行被拒绝/);
  assert.equal(await report.locator(".xy-commitments .xy-scheme.xy-yes").count(), 0);
  assert.equal(await report.locator(".xy-commitments .xy-scheme.xy-unverified").count(), unverified);
  assert.match(await report.locator(".xy-scheme.xy-unverified .xy-verdict").first().textContent(), /待核/);
  await axe(page, "clerk's workbook, incomplete report");
  await shot(page, "staff-clerk-report");
  await w.getByRole("button", { name: "返回列表" }).click();
  await report.waitFor({ state: "detached" });

  // Exports: the CLI's bytes in the page's language, 甲 incomplete and never "yes".
  for (const [lang, no, unv] of [["zh", "否", "待核（有被拒绝的行）"], ["en", "no", "unverified (rows rejected)"]]) {
    if (lang === "en") {
      await w.getByRole("button", { name: "Switch to English" }).click();
      await w.locator(".xy-reader-notes li", { hasText: 'read sheet "2026年申请"' }).waitFor();
    }
    const out = path.join(tmp, `cli-${lang}.csv`);
    cli(["batch", CLERK, "--out", out, "--as-of", AS_OF, "--lang", lang]);
    const files = await downloads(page, 3, () => w.locator(".xy-export-csv").click());
    const summary = files.find((f) => f.name === "clerk-workbook-screened.csv");
    assert.ok(summary, files.map((f) => f.name).join(", "));
    assert.ok(summary.bytes.equals(fs.readFileSync(out)), `the ${lang} summary is byte-identical to xinyong batch --lang ${lang}`);
    const rows = parseCsv(summary.bytes.toString("utf8"));
    assert.equal(rows.length, 3, "a header and one row per subject");
    assert.equal(rows[1][column(rows, "complete")], no);
    const schemes = rows[0].map((h, i) => [h, i]).filter(([h]) => /_notice\)$|\(incomplete_acceptance\)$/.test(h));
    assert.ok(schemes.length > 0, rows[0].join(","));
    for (const [h, i] of schemes) assert.equal(rows[1][i], unv, `甲's ${h}`);
    if (lang === "en") assert.equal(rows[1][column(rows, "industry")], "Road freight transport");
    else assert.equal(rows[1][column(rows, "industry")], "道路货物运输");
  }
  await shot(page, "staff-clerk-workbook-en");
  assert.deepEqual(errors, []);
  await page.close();
});

test("at 360 px the clerk's workbook is one card per subject: 甲 marked 待核 with no scheme available, 乙 complete", { timeout: 180_000 }, async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${BASE}demo/staff.html`);
  const w = page.locator("xinyong-check");
  await w.locator(".xy-staff input[type=file]").setInputFiles(CLERK);
  await w.locator("[data-count=rows_read]").waitFor({ timeout: 120_000 });
  // The file is named with the sheet read.
  assert.match(await w.locator(".xy-chosen-file").textContent(), /clerk-workbook\.xlsx（[\d.]+ KB） · 读取的工作表：2026年申请/);
  const a = w.locator('.xy-staff-card[data-row="3"]');
  const b = w.locator('.xy-staff-card[data-row="6"]');
  await a.waitFor();
  assert.match(await a.locator("h4").textContent(), /甲运输有限公司/);
  assert.match(await a.getAttribute("class"), /xy-incomplete/);
  assert.match(await a.locator(".xy-card-incomplete").textContent(), /待核.*第 4、5 行被拒绝/);
  assert.equal(await a.locator(".xy-card-schemes .xy-yes").count(), 0, "no scheme shown as available");
  assert.ok((await a.locator(".xy-card-schemes .xy-unverified").count()) > 0, "its schemes are 待核");
  assert.ok((await a.locator(".xy-grade-badge").textContent()).trim().length > 0);
  assert.doesNotMatch(await b.getAttribute("class"), /xy-incomplete/);
  assert.ok((await b.locator(".xy-card-schemes .xy-yes").count()) > 0, "乙 is complete and eligible");
  const o = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(o <= 0, `the page scrolls sideways by ${o}px`);
  await axe(page, "clerk's workbook at 360 px");
  await shot(page, "staff-clerk-360");
  assert.deepEqual(errors, []);
  await page.close();
});
