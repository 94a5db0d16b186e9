// The headless API as shipped (dist/xinyong-api.js: wasm-opt'd, glue renamed and minified),
// called the way a careless or hostile portal script would: wrong argument types, values
// JSON.stringify cannot write, conflicting options. Every call must end in the documented
// `{ code, zh, en, problems }`, never a wasm trap (`RuntimeError: memory access out of
// bounds`, which wrong types used to cause through wasm-bindgen's string glue) or a bare
// TypeError, and the module must keep working after each one.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./lib.mjs";

const BASE = process.env.XINYONG_URL ?? "http://127.0.0.1:8080/";

let context;
let profile;
let page;

before(async () => {
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-e2e-api-"));
  context = await launch(profile);
  page = await context.newPage();
  // The shipped headless demo page: strict CSP, the module initialised by the page itself.
  await page.goto(new URL("demo/headless.html", BASE).href);
  await page.locator("#status", { hasText: "Evaluated" }).waitFor();
});

after(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

/** Every misuse, run in the page against the shipped module: what each threw or returned. */
function misuse() {
  return page.evaluate(async () => {
    const m = await import(new URL("../xinyong-api.js", location.href).href);
    const s = () => ({
      as_of: "2026-11-22",
      subject: { kind: "enterprise", id: "91350200MA2Y4K7N0A", name: "甲", industry: "highway_construction" },
      records: [{ id: "p1", type: "administrative_penalty", date: "2026-05-06", penalty: "fine", severity: "general", amount: 5000 }],
    });
    const calls = {
      "validateSubjectId(123)": () => m.validateSubjectId(123),
      "validateSubjectId({})": () => m.validateSubjectId({}),
      "validateSubjectId()": () => m.validateSubjectId(),
      "validateSubjectId(110105199902310021 as a number)": () => m.validateSubjectId(110105199902310021),
      "validateSubjectId(id, 5)": () => m.validateSubjectId("91350200MA2Y4K7N0A", 5),
      "validateSubjectId(id, 'alien')": () => m.validateSubjectId("91350200MA2Y4K7N0A", "alien"),
      "lintPack(5)": () => m.lintPack(5),
      "lintPack({})": () => m.lintPack({}),
      "lintPack(undefined)": () => m.lintPack(undefined),
      "evaluate(5)": () => m.evaluate(5),
      "evaluate(undefined)": () => m.evaluate(undefined),
      "evaluate(subject, 'national')": () => m.evaluate(s(), "national"),
      "circular": () => { const o = s(); o.records[0].self = o.records; return m.evaluate(o); },
      "bigint": () => { const o = s(); o.records[0].amount = 5000n; return m.evaluate(o); },
      "throwing getter": () => {
        const o = s();
        Object.defineProperty(o.subject, "name", { enumerable: true, get() { throw new Error("getter says no"); } });
        return m.evaluate(o);
      },
      "10k deep": () => {
        const o = s();
        let d = o.records[0];
        for (let i = 0; i < 10000; i++) { d.note = {}; d = d.note; }
        return m.evaluate(o);
      },
      "NaN amount": () => { const o = s(); o.records[0].amount = NaN; return m.evaluate(o); },
      "Infinity in options": () => m.evaluate(s(), { today: Infinity }),
      "pack with packJson": () => m.evaluate(s(), { pack: "national", packJson: "{}" }),
      "evaluateJson(5)": () => m.evaluateJson(5),
      "evaluateJson(subject, 'national')": () => m.evaluateJson(s(), "national"),
      "evaluateJson circular": () => { const o = s(); o.records[0].self = o.records; return m.evaluateJson(o); },
    };
    const out = {};
    for (const [name, f] of Object.entries(calls)) {
      try {
        out[name] = { returned: f() };
      } catch (e) {
        out[name] = { threw: e instanceof Error ? `${e.constructor.name}: ${e.message}` : e };
      }
      // The module still answers after each failure.
      out[name].after = m.validateSubjectId("91350200MA2Y4K7N0A").valid;
    }
    // And the right calls still give the right answers.
    out.good = m.evaluate(s(), { today: "2026-11-23" }).subject.id_masked;
    // evaluateJson: the same report as JSON text, from an object or from text.
    const text = m.evaluateJson(JSON.stringify(s()), { today: "2026-11-23" });
    out.jsonIsText = typeof text === "string";
    out.jsonSame =
      JSON.stringify(JSON.parse(text)) === JSON.stringify(m.evaluate(s(), { today: "2026-11-23" })) &&
      m.evaluateJson(s(), { today: "2026-11-23" }) === text;
    return out;
  });
}

test("the shipped API checks argument types and throws its documented errors", async () => {
  const got = await misuse();
  const expect = {
    "validateSubjectId(123)": ["invalid_argument", "id", "number"],
    "validateSubjectId({})": ["invalid_argument", "id", "object"],
    "validateSubjectId()": ["invalid_argument", "id", "undefined"],
    "validateSubjectId(110105199902310021 as a number)": ["invalid_argument", "id", "number"],
    "validateSubjectId(id, 5)": ["invalid_argument", "kind", "number"],
    "validateSubjectId(id, 'alien')": ["invalid_argument", "kind", '"alien"'],
    "lintPack(5)": ["invalid_argument", "json", "number"],
    "lintPack({})": ["invalid_argument", "json", "object"],
    "lintPack(undefined)": ["invalid_argument", "json", "undefined"],
    "evaluate(5)": ["invalid_argument", "input", "number"],
    "evaluate(undefined)": ["invalid_argument", "input", "undefined"],
    "evaluate(subject, 'national')": ["invalid_argument", "options", "string"],
    "circular": ["invalid_input", "records[0].self", null],
    "bigint": ["invalid_input", "records[0].amount", "bigint"],
    "throwing getter": ["invalid_input", "subject.name", null],
    "10k deep": ["invalid_input", null, null],
    "NaN amount": ["invalid_input", "records[0].amount", "NaN"],
    "Infinity in options": ["invalid_options", "options.today", "Infinity"],
    "pack with packJson": ["invalid_options", "options.packJson", null],
    "evaluateJson(5)": ["invalid_argument", "input", "number"],
    "evaluateJson(subject, 'national')": ["invalid_argument", "options", "string"],
    "evaluateJson circular": ["invalid_input", "records[0].self", null],
  };
  for (const [name, [code, pathWanted, value]] of Object.entries(expect)) {
    const r = got[name];
    assert.ok(r.threw && typeof r.threw === "object", `${name}: ${JSON.stringify(r)}`);
    const e = r.threw;
    assert.equal(e.code, code, `${name}: ${JSON.stringify(e)}`);
    assert.ok(e.zh && e.en && /[\u4e00-\u9fff]/.test(e.zh), `${name}: bilingual: ${JSON.stringify(e)}`);
    assert.ok(!/EOF|line 1, column 0/.test(e.en), `${name}: says what is wrong: ${e.en}`);
    const p = e.problems[0];
    if (pathWanted !== null) assert.equal(p.path, pathWanted, `${name}: ${JSON.stringify(e)}`);
    if (value !== null) assert.equal(p.value, value, `${name}: ${JSON.stringify(e)}`);
    assert.equal(r.after, true, `${name}: the module still works`);
    // An id passed as a number is never echoed.
    assert.ok(!JSON.stringify(e).includes("19990231"), `${name}: ${JSON.stringify(e)}`);
  }
  assert.match(got["circular"].threw.en, /circular/);
  assert.match(got["throwing getter"].threw.en, /getter says no/);
  assert.match(got["10k deep"].threw.en, /nested more than 128 levels/);
  assert.match(got["pack with packJson"].threw.en, /not both/);
  assert.equal(got.good, "9135************0A");
  assert.ok(got.jsonIsText && got.jsonSame, "evaluateJson gives evaluate's report as text");
});
