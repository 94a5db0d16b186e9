// Inquiry in a published dataset (<xinyong-check dataset-src>) in real headless Chromium: the
// 100,000-subject synthetic dataset loads once in the staff worker; a search by full code, by
// name prefix and by a fuzzy name finds the subject; picking it fills the self-check with its
// public records; a missing or malformed dataset shows an error and fires xinyong-error while
// the self-check keeps working; the query text is never sent anywhere.
//
// Run by `cargo xtask e2e tests/e2e/inquiry.test.mjs` (or `cargo xtask test`), which serves
// dist/ plus /test-data/ and sets XINYONG_URL and XINYONG_TEST_DATA.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { launch } from "./lib.mjs";

const require = createRequire(import.meta.url);
const artifacts = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../artifacts");
const BASE = process.env.XINYONG_URL ?? "http://127.0.0.1:8080/";
const DATA = process.env.XINYONG_TEST_DATA;
const DATASET = "/test-data/synthetic-100000.json";
const ADVERSE = new Set(["administrative_penalty", "serious_dishonesty_list"]);

let context;
let profile;
let subjects;
const requests = [];
const figures = {};

before(async () => {
  assert.ok(DATA, "XINYONG_TEST_DATA must be set (run through cargo xtask e2e)");
  fs.mkdirSync(artifacts, { recursive: true });
  subjects = JSON.parse(fs.readFileSync(path.join(DATA, "synthetic-100000.json"), "utf8")).subjects;
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-inquiry-profile-"));
  context = await launch(profile, {
    viewport: { width: 1280, height: 900 },
  });
  context.on("request", (r) => requests.push({ url: r.url(), body: r.postData() ?? "" }));
});

after(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  console.log("\n  Inquiry figures (measured, not asserted):");
  for (const [k, v] of Object.entries(figures)) console.log(`    ${k}: ${v}`);
});

const mask = (id) => id.slice(0, 4) + "*".repeat(id.length - 6) + id.slice(-2);

/** A subject worth finding: an enterprise with an adverse record among several, a unique name,
 *  and a name prefix shared by few others (so 20 hits must contain it). */
function target() {
  const byName = new Map();
  for (const s of subjects) byName.set(s.subject.name, (byName.get(s.subject.name) ?? 0) + 1);
  for (let i = 4321; i < subjects.length; i++) {
    const s = subjects[i];
    const name = s.subject.name;
    if (s.subject.kind !== "enterprise" || byName.get(name) !== 1 || s.records.length < 2) continue;
    if (!s.records.some((r) => ADVERSE.has(r.type))) continue;
    for (let n = 4; n < name.length - 1; n++) {
      const prefix = name.slice(0, n);
      const others = subjects.filter((x) => x.subject.name.startsWith(prefix)).length;
      if (others <= 10) return { index: i, s, prefix };
    }
  }
  throw new Error("no suitable subject in the dataset");
}

async function newPage() {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.errors = errors;
  // A bare page: the element module, then elements added by the test.
  await page.goto(`${BASE}demo/index.html`);
  await page.addScriptTag({ type: "module", url: `${BASE}xinyong-check.js` });
  await page.evaluate(() => customElements.whenDefined("xinyong-check"));
  return page;
}

/** Add an element; its xinyong-error events are collected in window.__errors[id]. */
async function addWidget(page, id, attrs) {
  await page.evaluate(([id, attrs]) => {
    window.__errors ??= {};
    window.__errors[id] = [];
    const el = document.createElement("xinyong-check");
    el.id = id;
    el.addEventListener("xinyong-error", (e) => window.__errors[id].push(e.detail));
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.body.append(el);
  }, [id, attrs]);
  return page.locator(`#${id}`);
}

async function axe(page, screen) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  }
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.equal(bad.length, 0, `axe on "${screen}": ${bad.map((v) => `${v.id}: ${v.nodes[0]?.target}`).join("; ")}`);
}

async function search(w, q) {
  const box = w.getByLabel("Search published credit data by code or name");
  const t0 = Date.now();
  await box.fill(q);
  // The answer to this query, not the previous one still on screen while this one runs.
  await w.locator(`.xy-hint[data-query=${JSON.stringify(q.trim())}]`, { hasText: /subject\(s\) found|No subject found/ }).waitFor();
  const ms = Date.now() - t0;
  const hits = await w.locator(".xy-hit").evaluateAll((bs) => bs.map((b) => ({
    index: Number(b.dataset.index),
    name: b.querySelector(".xy-hit-name").textContent,
    id: b.querySelector(".xy-hit-id").textContent,
    meta: b.querySelector(".xy-hit-meta").textContent,
  })));
  return { hits, ms };
}

test("search the 100,000-subject dataset by code, prefix and fuzzy name; pick fills the self-check", { timeout: 300_000 }, async () => {
  const { index, s, prefix } = target();
  const code = s.subject.id;
  const name = s.subject.name;
  const page = await newPage();
  const t0 = Date.now();
  const w = await addWidget(page, "q", { lang: "en", "dataset-src": DATASET, "as-of": "2026-11-23" });
  await w.locator(".xy-inq-ready").waitFor({ timeout: 240_000 });
  figures["dataset-src set → ready (100k subjects)"] = `${Date.now() - t0} ms`;
  assert.equal(await w.locator(".xy-inq-ready").getAttribute("data-subjects"), String(subjects.length));

  const byCode = await search(w, code);
  figures["search latency: full code"] = `${byCode.ms} ms`;
  assert.equal(byCode.hits[0]?.index, index, `first hit for the code: ${JSON.stringify(byCode.hits[0])}`);
  assert.equal(byCode.hits[0].id, mask(code), "hits show the masked id");
  assert.equal(byCode.hits[0].name, name);
  assert.match(byCode.hits[0].meta, new RegExp(`${s.records.length} record`));
  assert.match(byCode.hits[0].meta, /code match/);

  const byPrefix = await search(w, prefix);
  figures[`search latency: name prefix "${prefix}"`] = `${byPrefix.ms} ms (${byPrefix.hits.length} hits)`;
  assert.ok(byPrefix.hits.some((h) => h.index === index), `"${prefix}" finds ${name}`);

  // Fuzzy: one character of the name left out.
  const fuzzy = name.slice(0, 3) + name.slice(4);
  const byFuzzy = await search(w, fuzzy);
  figures[`search latency: fuzzy "${fuzzy}"`] = `${byFuzzy.ms} ms (${byFuzzy.hits.length} hits)`;
  assert.ok(byFuzzy.hits.some((h) => h.index === index), `"${fuzzy}" finds ${name}: ${JSON.stringify(byFuzzy.hits.slice(0, 5))}`);

  await axe(page, "inquiry hits");
  await page.screenshot({ path: path.join(artifacts, "inquiry-hits.png"), fullPage: true });

  // Pick: the form holds the subject (full id: it is the published data) and its records.
  await w.locator(`.xy-hit[data-index="${index}"]`).click();
  await w.locator(".xy-inq-picked").waitFor();
  assert.equal(await w.getByLabel(/Unified social credit code/).inputValue(), code);
  assert.equal(await w.locator(".xy-recs > li").count(), s.records.length);
  const report = w.locator(".xy-answers .xy-report");
  await report.waitFor();
  assert.equal(await report.locator(".xy-subject-card dd.xy-mono").textContent(), mask(code));
  for (const r of s.records.filter((r) => ADVERSE.has(r.type))) {
    assert.equal(await report.locator(`.xy-repair[data-record="${r.id}"]`).count(), 1, `the report covers record ${r.id}`);
  }
  await page.screenshot({ path: path.join(artifacts, "inquiry-picked.png"), fullPage: true });

  // Once per URL: a language switch does not fetch the dataset again.
  await page.evaluate(() => document.getElementById("q").setAttribute("lang", "zh-CN"));
  await w.getByLabel("按统一社会信用代码或名称查询公开信用信息").waitFor();
  const fetched = requests.filter((r) => r.url.endsWith(DATASET)).length;
  assert.equal(fetched, 1, "the dataset was fetched once");

  // Privacy: no request carries a query (or the picked subject).
  for (const r of requests) {
    for (const q of [code, prefix, fuzzy, name]) {
      assert.ok(!decodeURIComponent(r.url).includes(q) && !r.body.includes(q), `"${q}" left the browser in ${r.url}`);
    }
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a missing, a malformed and a non-http dataset: error in the widget, xinyong-error, the self-check still works", { timeout: 120_000 }, async () => {
  const page = await newPage();
  const cases = [
    ["missing", "/test-data/no-such-dataset.json"],
    ["notjson", "/demo/demo.css"],
    ["wrongshape", "/demo/portal-pack.json"],
  ];
  for (const [id, src] of cases) {
    const w = await addWidget(page, id, { lang: "en", "dataset-src": src });
    await w.locator(".xy-inq-error").waitFor({ timeout: 60_000 });
    const text = await w.locator(".xy-inq-error").textContent();
    const events = await page.evaluate((id) => window.__errors[id], id);
    assert.equal(events.length, 1, `${id}: one xinyong-error, got ${JSON.stringify(events)}`);
    assert.match(events[0].code, /^(dataset_|invalid_dataset)/, `${id}: ${events[0].code}`);
    assert.ok(events[0].zh && events[0].en, "bilingual");
    assert.ok(text.includes(events[0].en), `${id}: the box says what the event says: ${text}`);
    figures[`error for ${src}`] = `${events[0].code}: ${events[0].en}`;
  }
  // A javascript: URL never reaches the worker: the element refuses it.
  const bad = await addWidget(page, "jsurl", { lang: "en", "dataset-src": "javascript:alert(1)" });
  await bad.locator(".xy-msg-err", { hasText: "dataset-src must be an http(s) URL" }).waitFor();
  assert.equal((await page.evaluate(() => window.__errors.jsurl))[0].code, "dataset_url");

  // The self-check still works in a widget whose dataset failed.
  const w = page.locator("#missing");
  await w.getByLabel(/Unified social credit code/).fill("91350200776049653A");
  await w.locator(".xy-answers .xy-report").waitFor();
  await axe(page, "dataset errors");
  await page.screenshot({ path: path.join(artifacts, "inquiry-errors.png"), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});
