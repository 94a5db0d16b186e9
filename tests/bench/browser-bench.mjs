// Browser benchmark driver (a benchmark, not a test: nothing here passes or fails on speed).
// Opens demo/bench.html in headless Chromium on the given files, waits for its results and
// prints them as JSON on stdout (progress goes to stderr). Run by `cargo xtask bench`:
//
//   XINYONG_URL=http://127.0.0.1:PORT/ node tests/bench/browser-bench.mjs \
//     --batch /test-data/batch-20000.xlsx --batch /test-data/batch-20000.csv \
//     --dataset /test-data/synthetic-100000.json --evaluate 1000
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "../e2e/lib.mjs";

const BASE = process.env.XINYONG_URL ?? "http://127.0.0.1:8080/";

const query = new URLSearchParams();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const [flag, value] = [argv[i], argv[i + 1]];
  if (!["--batch", "--dataset", "--evaluate", "--today"].includes(flag) || value === undefined) {
    console.error(`usage: browser-bench.mjs [--batch URL]… [--dataset URL] [--evaluate N] [--today YYYY-MM-DD] (got ${flag})`);
    process.exit(2);
  }
  query.append(flag.slice(2), value);
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-bench-"));
let context;
try {
  context = await launch(profile);
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e}`));
  const url = new URL(`demo/bench.html?${query}`, BASE).href;
  console.error(`browser benchmark: ${url}`);
  await page.goto(url);
  await page.waitForSelector("body[data-state=done], body[data-state=failed]", { timeout: 15 * 60 * 1000 });
  const text = await page.locator("#results").textContent();
  const results = JSON.parse(text);
  process.stdout.write(`${JSON.stringify(results)}\n`);
  if (!results.ok) {
    console.error(`the benchmark page failed: ${results.error}`);
    process.exitCode = 1;
  }
} finally {
  await context?.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
