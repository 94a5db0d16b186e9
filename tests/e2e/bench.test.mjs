// Smoke test of the browser benchmark page (demo/bench.html) on a small batch and dataset cut
// from the e2e test data: the page runs, its results are complete and consistent. Timings are
// only checked to be positive numbers: speed is measured by `cargo xtask bench`, never asserted.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./lib.mjs";

const BASE = process.env.XINYONG_URL ?? "http://127.0.0.1:8080/";
const DATA = process.env.XINYONG_TEST_DATA;
const CLI = process.env.XINYONG_CLI;
const ROWS = 300;
const SUBJECTS = 300;
const EVALUATE = 40;

let context;
let profile;
let work;

before(async () => {
  assert.ok(DATA, "XINYONG_TEST_DATA must name the e2e data folder (cargo xtask e2e sets it)");
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-e2e-bench-"));
  work = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-e2e-bench-files-"));
  context = await launch(profile);
});

after(async () => {
  await context?.close();
  for (const d of [profile, work]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

/** The header and the first `n` data rows of the 20k CSV (no quoted line breaks in it). */
function smallCsv(n) {
  const lines = fs.readFileSync(path.join(DATA, "batch-20000.csv"), "utf8").split("\n");
  return `${lines.slice(0, n + 1).join("\n")}\n`;
}

function smallDataset(n) {
  const ds = JSON.parse(fs.readFileSync(path.join(DATA, "synthetic-100000.json"), "utf8"));
  return { ...ds, subjects: ds.subjects.slice(0, n) };
}

const positive = (x, what) => assert.ok(Number.isFinite(x) && x > 0, `${what} = ${x}`);

test("bench page measures a small batch and dataset, with consistent counts", async () => {
  const csv = smallCsv(ROWS);
  const dataset = smallDataset(SUBJECTS);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(new URL(`demo/bench.html?evaluate=${EVALUATE}`, BASE).href);
  await page.waitForSelector("body[data-state=idle]");
  await page.setInputFiles("#batches", { name: "small.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.setInputFiles("#dataset", {
    name: "small.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(dataset)),
  });
  await page.click("#run");
  await page.waitForSelector("body[data-state=done], body[data-state=failed]", { timeout: 120_000 });
  const r = JSON.parse(await page.locator("#results").textContent());
  assert.equal(r.ok, true, r.error);
  assert.deepEqual(errors, []);

  assert.equal(r.batches.length, 1);
  const b = r.batches[0];
  assert.equal(b.format, "csv");
  assert.equal(b.rows_read, ROWS);
  assert.equal(b.counts.rows_read, ROWS);
  assert.equal(b.counts.rows_used + b.counts.rows_rejected, b.counts.rows_read);
  assert.equal(b.reconciles, true);
  assert.equal(b.summary_rows, b.counts.subjects);
  assert.ok(b.counts.subjects > 0 && b.counts.subjects <= b.subjects_read);
  for (const k of ["read_ms", "read_rows_per_s", "screen_ms", "screen_rows_per_s", "encode_json_ms", "encode_swb_ms"]) {
    positive(b[k], k);
  }

  const d = r.dataset;
  assert.equal(d.subjects, SUBJECTS);
  assert.equal(d.rejected, 0);
  positive(d.load_ms, "load_ms");
  positive(d.index_build_ms, "index_build_ms");
  for (const k of ["lookup_code_exact", "lookup_name_exact"]) {
    assert.equal(d[k].found, true, k);
    positive(d[k].us, `${k}.us`);
  }
  assert.equal(d.lookup_code_exact.query_index, Math.floor(SUBJECTS / 2));

  assert.equal(r.evaluate.subjects, EVALUATE);
  assert.equal(r.evaluate.failed, 0);
  assert.ok(r.evaluate.graded > 0 && r.evaluate.graded <= EVALUATE, `graded ${r.evaluate.graded}`);
  positive(r.evaluate.subjects_per_s, "subjects_per_s");

  // The table shows what the JSON says.
  const table = await page.locator("#table tbody").textContent();
  assert.match(table, /small\.csv: read \+ screen/);
  assert.match(table, /lookup code exact/);

  // The CLI screens the same file into as many subjects (same engine, same rows).
  if (CLI) {
    const file = path.join(work, "small.csv");
    fs.writeFileSync(file, csv);
    const out = path.join(work, "out.jsonl");
    execFileSync(CLI, ["batch", file, "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
    const lines = fs.readFileSync(out, "utf8").split("\n").filter(Boolean);
    assert.equal(lines.length, b.counts.subjects);
  }
  await page.close();
});
