// The staff worker's memory is bounded (docs/scale.md, "In the browser"): after a screening it
// holds no report — per subject only the summary row and the input, compact — and `report` and
// `export` evaluate again. This drives the worker itself (its protocol, no widget) in headless
// Chromium on a small generated batch (about 2,000 rows cut from the e2e data's CSV) and checks
// that what it answers is still exactly what the CLI writes for the same file: the report of a
// subject, and the CSV, JSONL and XLSX exports.
//
// Run by `cargo xtask e2e tests/e2e/staff-memory.test.mjs` (or `cargo xtask test`).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch, xlsxCells } from "./lib.mjs";

const BASE = process.env.XINYONG_URL ?? "http://127.0.0.1:8080/";
const DATA = process.env.XINYONG_TEST_DATA;
const CLI = process.env.XINYONG_CLI;
const AS_OF = "2026-11-23";
const ROWS = 2000;

let context;
let profile;
let tmp;

before(async () => {
  assert.ok(DATA && CLI, "XINYONG_TEST_DATA and XINYONG_CLI must be set (run through cargo xtask e2e)");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-staff-memory-"));
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-staff-memory-profile-"));
  context = await launch(profile);
});

after(async () => {
  await context?.close();
  for (const d of [profile, tmp]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

/** The first subjects of the e2e batch CSV, about `rows` data rows, cut where a subject ends. */
function smallBatch(rows) {
  const lines = fs.readFileSync(path.join(DATA, "batch-20000.csv"), "utf8").split(/\r?\n/);
  const idOf = (l) => l.split(",")[1];
  let end = rows + 1;
  while (end < lines.length && idOf(lines[end]) === idOf(lines[end - 1])) end++;
  return lines.slice(0, end).join("\n") + "\n";
}

test("after a 2,000-row screening the worker holds no report, and report and exports are still the CLI's", { timeout: 300_000 }, async () => {
  const csv = smallBatch(ROWS);
  const file = path.join(tmp, "small.csv");
  fs.writeFileSync(file, csv);
  for (const ext of ["csv", "jsonl", "xlsx"]) {
    execFileSync(CLI, ["batch", file, "--out", path.join(tmp, `cli.${ext}`), "--as-of", AS_OF], { stdio: "pipe" });
  }
  const cliLines = fs.readFileSync(path.join(tmp, "cli.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));

  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(new URL("index.html", BASE).href);
  const got = await page.evaluate(async ({ csv, asOf }) => {
    const manifest = await (await fetch(new URL("manifest.json", location.href))).json();
    const worker = new Worker(new URL(manifest["xinyong-staff-worker.js"], location.href), { type: "module" });
    const pending = new Map();
    let next = 0;
    worker.onmessage = (e) => {
      const m = e.data;
      if (m.type === "progress") return;
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    };
    const ask = (msg, transfer = []) =>
      new Promise((resolve) => {
        const id = ++next;
        pending.set(id, resolve);
        worker.postMessage({ id, ...msg }, transfer);
      });
    const b64 = (buf) => {
      const u = new Uint8Array(buf);
      let s = "";
      for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
      return btoa(s);
    };
    const bytes = new TextEncoder().encode(csv).buffer;
    const screened = await ask({ type: "screen", name: "small.csv", bytes, asOf }, [bytes]);
    if (screened.type !== "screened") return { error: screened };
    const memory = await ask({ type: "memory" });
    const pick = [0, Math.floor(screened.rows.length / 2), screened.rows.length - 1];
    const reports = [];
    for (const index of pick) reports.push((await ask({ type: "report", index })).report);
    const files = {};
    for (const format of ["csv", "jsonl", "xlsx"]) {
      const r = await ask({ type: "export", format, stem: "small", lang: "zh" });
      if (r.type !== "files") return { error: r };
      for (const f of r.files) files[f.name] = b64(f.bytes);
    }
    const after = await ask({ type: "memory" });
    worker.terminate();
    return { rows: screened.rows.length, counts: screened.counts, memory, after, pick, reports, files };
  }, { csv, asOf: AS_OF });
  assert.ok(!got.error, JSON.stringify(got.error));

  // Bounded: no report held, a compact form per subject.
  assert.equal(got.rows, cliLines.length);
  assert.equal(got.memory.subjects, got.rows);
  assert.equal(got.memory.reports, 0, "the screening holds no report");
  const perSubject = got.memory.held_bytes / got.memory.subjects;
  assert.ok(perSubject > 0 && perSubject < 4096, `${perSubject} bytes held per subject`);
  assert.equal(got.after.reports, 0, "opening reports and exporting keeps none");
  assert.ok(got.counts.rows_read === got.counts.rows_used + got.counts.rows_rejected);

  // The reports, evaluated again, are the CLI's.
  got.pick.forEach((index, k) => {
    assert.equal(JSON.stringify(got.reports[k]), JSON.stringify(cliLines[index].report), `report ${index}`);
  });

  // The exports, evaluated again subject by subject, are the CLI's bytes (XLSX: its cells).
  const bytesOf = (name) => Buffer.from(got.files[name], "base64");
  for (const [mine, theirs] of [
    ["small.csv", "cli.csv"],
    ["small.details.csv", "cli.details.csv"],
    ["small.rejected.csv", "cli.rejected.csv"],
    ["small.jsonl", "cli.jsonl"],
    ["small.rejected.jsonl", "cli.rejected.jsonl"],
  ]) {
    assert.ok(bytesOf(mine).equals(fs.readFileSync(path.join(tmp, theirs))), `${mine} differs from the CLI's ${theirs}`);
  }
  // XLSX: the same cells on the same sheets (the CLI writes strings inline, the worker into a
  // shared-string table).
  const a = xlsxCells(bytesOf("small.xlsx"));
  const b = xlsxCells(fs.readFileSync(path.join(tmp, "cli.xlsx")));
  assert.ok(Object.keys(b).length >= 3, Object.keys(b).join(", "));
  assert.deepEqual(Object.keys(a), Object.keys(b));
  for (const k of Object.keys(b)) {
    assert.ok(b[k].length > 0, `sheet ${k} has cells`);
    assert.deepEqual(a[k], b[k], `XLSX sheet ${k} differs from the CLI's`);
  }
  console.log(
    `  ${got.rows} subjects: wasm memory ${(got.after.wasm_bytes / 1048576).toFixed(1)} MiB, held ${(got.memory.held_bytes / 1024).toFixed(0)} KiB (${perSubject.toFixed(0)} B per subject)`,
  );
  assert.deepEqual(errors, []);
  await page.close();
});
