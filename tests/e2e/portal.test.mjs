// Embedding <xinyong-check> in a portal page: privacy, strict CSP, XSS, masking, hostile packs,
// host isolation. Real headless Chromium (the system one) with the same flags as the other
// e2e tests, driven by playwright-core.
//
// These tests serve dist/ themselves (plus test pages and hostile files that must never ship
// in dist/), so they can set HTTP headers, log every request body on the server side, and
// stream a 50 MB pack. Build dist/ first (`cargo xtask dist`; `cargo xtask test` does).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { launch } from "./lib.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
// XINYONG_DIST: the folder xtask built (dist/ unless told otherwise).
const DIST = path.resolve(process.env.XINYONG_DIST || path.resolve(here, "../../dist"));
const artifacts = path.resolve(here, "../artifacts");
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const GOOD_USCC = "91350200776049653A";
const MASKED_USCC = "9135************3A";

// ---------------------------------------------------------------------------------------------
// Test server: dist/ plus virtual test files; logs method, URL and body of every request.

const serverLog = [];
const virtual = new Map();
let BASE;
let server;

// No <link rel="icon" href="data:,">: the strict CSP's default-src 'self' refuses data: images.
function page(body, { head = "", title = "xinyong test" } = {}) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${title}</title>${head}<script type="module" src="/xinyong-check.js"></script></head>
<body>${body}</body></html>`;
}

const PACK_HEAD = (zh, en) => ({
  id: "portal-test", version: "1", zh, en, base: "national", effective_from: "2020-01-01", basis: "测试依据",
});

const XSS = [
  `<img src=x onerror="window.__pwned='img';alert(1)">`,
  `"><script>window.__pwned='script'</script>`,
  `javascript:window.__pwned='js-url'`,
  `\u202Etxt.exe\u202C<svg onload="window.__pwned='svg'">`,
  `<a href="javascript:alert(1)">点我</a>`,
];
const XSS_TEXT = XSS.join(" ");
const LONG = "长".repeat(5000) + "<b>x</b>".repeat(500);

function xssPack() {
  return JSON.stringify({
    pack: { ...PACK_HEAD(`门户 ${XSS[0]}`, `Portal ${XSS[1]}`), basis: XSS[2] },
    warnings: [{
      id: "w.portal_xss", zh: `提示 ${XSS_TEXT}`, en: `Notice ${XSS_TEXT}`, basis: `${XSS[3]} ${XSS[4]}`,
      when: { records: { types: ["administrative_penalty"] } },
    }],
  });
}

function setupVirtual() {
  // The browser asks every host page for its icon; that is the page's request, not the widget's.
  virtual.set("/favicon.ico", { type: "image/x-icon", body: "" });
  virtual.set("/t/plain.html", { type: "text/html", body: page(`<h1>Plain</h1><xinyong-check id="w" lang="en"></xinyong-check>`) });
  virtual.set("/t/csp.html", {
    type: "text/html",
    csp: true,
    body: page(`<h1>Strict CSP</h1><link rel="stylesheet" href="/demo/demo.css">
<xinyong-check id="a" lang="en"></xinyong-check>
<xinyong-check id="b" lang="zh-CN" theme="red"></xinyong-check>
<xinyong-check id="c" lang="en" pack-src="/demo/portal-pack.json"></xinyong-check>`),
  });
  virtual.set("/t/privacy.html", {
    type: "text/html",
    csp: true,
    body: page(`<xinyong-check id="w" lang="en" pack-src="/demo/portal-pack.json" pack-integrity="${sri(fs.readFileSync(path.join(DIST, "demo/portal-pack.json")))}"></xinyong-check>`),
  });
  virtual.set("/t/industry.html", { type: "text/html", body: page(`<xinyong-check id="w" lang="en" industry="road_freight" as-of="2026-11-23"></xinyong-check>`) });
  virtual.set("/t/xss.html", { type: "text/html", body: page(`<xinyong-check id="w" lang="en" pack-src="/t/xss-pack.json"></xinyong-check>`) });
  virtual.set("/t/xss-pack.json", { type: "application/json", body: xssPack() });
  virtual.set("/t/wrong-schema.json", { type: "application/json", body: JSON.stringify({ pack: { id: "x" }, grades: "all of them" }) });
  virtual.set("/t/not-json.json", { type: "application/json", body: "<html>oops</html>" });
  virtual.set("/t/good-pack.json", { type: "application/json", body: fs.readFileSync(path.join(DIST, "demo/portal-pack.json")) });
  // A city bureau's own pack on its region's overlay rather than on `national`.
  const onXiamen = JSON.parse(fs.readFileSync(path.join(DIST, "demo/portal-pack.json"), "utf8"));
  Object.assign(onXiamen.pack, { id: "demo-xiamen", base: "fujian-xiamen", zh: "演示门户规则包（基于厦门规则）", en: "Demo portal pack (on top of the Xiamen rules)" });
  virtual.set("/t/xiamen-pack.json", { type: "application/json", body: JSON.stringify(onXiamen) });
  virtual.set("/t/xiamen.html", { type: "text/html", body: page(`<xinyong-check id="w" lang="en" pack-src="/t/xiamen-pack.json"></xinyong-check>`) });
  // body margin 0 from the start, so the hostile `all: unset` does not change the width available.
  virtual.set("/t/isolation.html", { type: "text/html", body: page(`<style>body { margin: 0 }</style><p id="host-text">Host page text</p><button id="host-button">Host button</button><xinyong-check id="w" lang="en"></xinyong-check>`) });
}

function sri(bytes) {
  return `sha256-${crypto.createHash("sha256").update(bytes).digest("base64")}`;
}

const TYPES = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", mjs: "text/javascript", wasm: "application/wasm", css: "text/css", json: "application/json" };

function serve(req, res) {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const url = new URL(req.url, "http://x");
    serverLog.push({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString("utf8") });
    res.on("error", () => {});
    const headers = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
    if (url.pathname === "/t/big.json" || url.pathname === "/t/big-chunked.json") {
      // 50 MB of valid-looking JSON; the chunked one has no Content-Length to trust.
      const total = 50 * 1024 * 1024;
      if (url.pathname === "/t/big.json") headers["Content-Length"] = String(total);
      res.writeHead(200, { ...headers, "Content-Type": "application/json" });
      const block = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent += block.length;
          if (!res.write(block)) return res.once("drain", pump);
        }
        res.end();
      };
      req.socket.on("close", () => { sent = total; });
      return pump();
    }
    const v = virtual.get(url.pathname);
    if (v) {
      if (v.csp) headers["Content-Security-Policy"] = CSP;
      res.writeHead(200, { ...headers, "Content-Type": v.type });
      return res.end(v.body);
    }
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, "");
    const file = path.join(DIST, rel);
    if (!rel || rel.split("/").includes("..") || !file.startsWith(DIST) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { ...headers, "Content-Type": "text/plain" });
      return res.end("not found");
    }
    res.writeHead(200, { ...headers, "Content-Type": TYPES[path.extname(file).slice(1)] ?? "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
}

// ---------------------------------------------------------------------------------------------

let context;
let profile;

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, "xinyong-check.js")), "dist/ is built (cargo xtask dist)");
  fs.mkdirSync(artifacts, { recursive: true });
  setupVirtual();
  server = http.createServer(serve);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  BASE = `http://127.0.0.1:${server.address().port}`;
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-e2e-portal-"));
  context = await launch(profile, {
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
});

after(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  server?.closeAllConnections?.();
  server?.close();
});

/** A page that records errors, CSP violations and dialogs from its very start. */
async function newPage() {
  const p = await context.newPage();
  p.errors = [];
  p.dialogs = [];
  p.on("pageerror", (e) => p.errors.push(String(e)));
  p.on("console", (m) => {
    if (m.type() === "error" || /Content Security Policy/i.test(m.text())) p.errors.push(m.text());
  });
  p.on("dialog", (d) => {
    p.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await p.addInitScript(() => {
    const seen = [];
    Object.defineProperty(window, "__cspViolations", { value: seen, enumerable: false });
    document.addEventListener("securitypolicyviolation", (e) => {
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    }, true);
  });
  return p;
}

/** The widget inside element `#id` has rendered its form. */
async function ready(p, id = "w") {
  const w = p.locator(`#${id}`);
  await w.locator(".xy-title").waitFor();
  return w;
}

/** Collect events of `type` on element `#id` into a page-side array (by a non-enumerable key). */
async function collect(p, id, type) {
  await p.evaluate(([id, type]) => {
    const key = Symbol.for(`xy-events-${id}-${type}`);
    const el = document.getElementById(id);
    el[key] = [];
    el.addEventListener(type, (e) => el[key].push(JSON.parse(JSON.stringify(e.detail))));
  }, [id, type]);
}

function events(p, id, type) {
  return p.evaluate(([id, type]) => document.getElementById(id)[Symbol.for(`xy-events-${id}-${type}`)], [id, type]);
}

async function fillSubject(w, id, name) {
  const idBox = w.getByRole("textbox", { name: "Unified social credit code", exact: true });
  await idBox.fill(id);
  await w.getByLabel("Enterprise name").fill(name);
  await idBox.blur();
}

async function addPenalty(w, { date = "2026-05-06", amount = "5000", authority }) {
  await w.getByRole("button", { name: "+ Add a record" }).click();
  const f = w.locator(".xy-recform");
  await f.getByLabel("Record type").selectOption("administrative_penalty");
  await f.getByLabel("Decision date").fill(date);
  await f.getByRole("checkbox", { name: "Fine" }).check();
  await f.getByLabel("Dishonesty tier").selectOption("general");
  await f.getByLabel("Fine amount (yuan)").fill(amount);
  await f.getByLabel("Issuing authority").fill(authority);
  await f.getByRole("button", { name: "Save record" }).click();
  await f.waitFor({ state: "detached" });
}

async function importFile(w, name, mimeType, text) {
  await w.locator('input[type="file"]').setInputFiles({ name, mimeType, buffer: Buffer.from(text) });
}

// ---------------------------------------------------------------------------------------------

test("privacy: only the module, wasm and the declared pack are fetched; nothing after typing; no subject data in any request", async () => {
  const p = await newPage();
  const requests = [];
  const cdpRequests = [];
  p.on("request", (r) => requests.push({ url: r.url(), body: r.postData() ?? "", at: Date.now() }));
  const cdp = await context.newCDPSession(p);
  await cdp.send("Network.enable");
  cdp.on("Network.requestWillBeSent", (e) => cdpRequests.push({ url: e.request.url, body: e.request.postData ?? "" }));
  cdp.on("Network.webSocketCreated", (e) => cdpRequests.push({ url: e.url, body: "websocket" }));
  serverLog.length = 0;

  await p.goto(`${BASE}/t/privacy.html`);
  const w = await ready(p);
  await collect(p, "w", "xinyong-result");
  await p.waitForLoadState("networkidle");
  // The declared pack loaded (its integrity matched) and is in use.
  assert.equal(await w.locator(".xyc-notice").innerText(), "");
  const beforeTyping = requests.length;
  const cdpBeforeTyping = cdpRequests.length;
  const serverBeforeTyping = serverLog.length;

  const secrets = {
    id: GOOD_USCC,
    name: "秘密运输有限公司Zq7",
    authority: "机密执法支队Kx9",
    importedId: "11010519491231002X",
    importedName: "隐私王师傅Pw3",
    importedAuthority: "导入机关Jh5",
    csvAuthority: "表格机关Cv8",
  };
  await fillSubject(w, secrets.id, secrets.name);
  await addPenalty(w, { authority: secrets.authority });
  await w.locator(".xy-report").first().waitFor();
  // Import a subject file and a CSV of records.
  await importFile(w, "subject.json", "application/json", JSON.stringify({
    as_of: "2026-11-22",
    subject: { kind: "person", id: secrets.importedId, name: secrets.importedName, industry: "driver" },
    records: [{ id: "p1", type: "administrative_penalty", date: "2026-06-15", penalty: "fine", amount: 2000, authority: secrets.importedAuthority }],
  }));
  await w.getByText("Imported subject.json").waitFor();
  await importFile(w, "records.csv", "text/csv",
    `\ufeff编号,类型,日期,处罚种类,失信等级,罚款金额,处罚机关,履行日期\np9,行政处罚,2026-05-06,罚款,一般失信,5000,${secrets.csvAuthority},2026-05-20\n`);
  await w.getByText(/Imported 1 record\(s\) from records.csv/).waitFor();
  // Print (the dialog is stubbed; the print rendering itself is real) and re-evaluate.
  await p.evaluate(() => { window.print = () => {}; });
  await w.getByRole("button", { name: "Print report" }).click();
  await p.emulateMedia({ media: "print" });
  await p.pdf({ path: path.join(artifacts, "20-portal-print.pdf"), format: "A4" });
  await p.emulateMedia({ media: "screen" });
  await w.getByLabel(/Check as of/).fill("2027-01-01");
  await p.waitForTimeout(1500);

  const all = [...requests, ...cdpRequests, ...serverLog.map((r) => ({ url: r.url, body: r.body }))];
  for (const r of all) {
    for (const [k, s] of Object.entries(secrets)) {
      assert.ok(!decodeURIComponent(r.url).includes(s) && !r.url.includes(s), `request URL carries the ${k}: ${r.url}`);
      assert.ok(!r.body.includes(s), `request body carries the ${k}: ${r.url}`);
    }
  }
  assert.deepEqual(requests.slice(beforeTyping).map((r) => r.url), [], "no request once the user started typing");
  assert.deepEqual(cdpRequests.slice(cdpBeforeTyping).map((r) => r.url), [], "no request seen by CDP after typing");
  assert.deepEqual(serverLog.slice(serverBeforeTyping).map((r) => r.url).filter((u) => u !== "/favicon.ico"), [], "the server saw nothing after typing");
  const fetched = new Set(requests.map((r) => new URL(r.url).pathname));
  // The pack build's files carry their content hash (dist/manifest.json).
  assert.deepEqual([...fetched].sort().map((u) => u.replace(/\.[0-9a-f]{10}\./, ".")), [
    "/demo/portal-pack.json", "/t/privacy.html", "/xinyong-check.js", "/xinyong_web_pack.js", "/xinyong_web_pack_bg.wasm",
  ]);
  assert.ok(cdpRequests.every((r) => r.url.startsWith(BASE) || r.url.startsWith("data:")), "no other origin");
  assert.ok(serverLog.every((r) => r.method === "GET" && r.body === ""), "only GETs without a body");
  // The report reached the page as an event, with the id masked.
  const results = await events(p, "w", "xinyong-result");
  assert.ok(results.length > 0);
  assert.ok(!JSON.stringify(results).includes(GOOD_USCC) && !JSON.stringify(results).includes(secrets.importedId));
  assert.deepEqual(p.errors, []);
  assert.deepEqual(p.dialogs, []);
  await p.close();
});

test("strict CSP: three independent widgets, one constructed sheet per build, no violations", async () => {
  const p = await newPage();
  const resp = await p.goto(`${BASE}/t/csp.html`);
  assert.equal(resp.headers()["content-security-policy"], CSP);
  const a = await ready(p, "a");
  const b = await ready(p, "b");
  const c = await ready(p, "c");
  await collect(p, "a", "xinyong-result");
  // One constructed sheet per build, shared by the elements showing it (a and b: the
  // self-check; c: the pack build); no <style> element and no style attribute in any shadow root.
  const sheets = await p.evaluate(() => {
    const els = [...document.querySelectorAll("xinyong-check")];
    const [a, b, c] = els.map((e) => e.shadowRoot.adoptedStyleSheets);
    const text = (s) => [...s.cssRules].map((r) => r.cssText).join("\n");
    return {
      shared: els.every((e) => e.shadowRoot.adoptedStyleSheets.length === 1) && a[0] === b[0] && c[0] !== a[0]
        && text(c[0]) === text(a[0]) && !text(a[0]).includes(".xy-staff-table"),
      styleElements: els.reduce((n, e) => n + e.shadowRoot.querySelectorAll("style").length, 0),
      styleAttrs: els.reduce((n, e) => n + e.shadowRoot.querySelectorAll("[style]").length, 0),
      documentSheets: document.adoptedStyleSheets.length,
    };
  });
  assert.deepEqual(sheets, { shared: true, styleElements: 0, styleAttrs: 0, documentSheets: 0 });
  // The styles apply (the sheet was not blocked): the accent colour on the primary button.
  assert.equal(await a.getByRole("button", { name: "+ Add a record" }).evaluate((e) => getComputedStyle(e).backgroundColor), "rgb(29, 79, 145)");
  assert.equal(await b.getByRole("button", { name: "＋ 添加记录" }).evaluate((e) => getComputedStyle(e).backgroundColor), "rgb(163, 20, 27)");

  // Independent state: typing, records and a report in one leave the others empty.
  await fillSubject(a, GOOD_USCC, "甲公司");
  await addPenalty(a, { authority: "厦门市交通运输局" });
  await a.locator(".xy-report").first().waitFor();
  assert.equal(await b.getByRole("textbox", { name: "统一社会信用代码", exact: true }).inputValue(), "");
  assert.equal(await c.getByRole("textbox", { name: "Unified social credit code", exact: true }).inputValue(), "");
  assert.equal(await c.locator(".xy-report").count(), 0);
  assert.ok((await events(p, "a", "xinyong-result")).length > 0);
  // The third widget uses the portal pack: its warning shows once it has a penalty.
  await fillSubject(c, GOOD_USCC, "丙公司");
  await addPenalty(c, { authority: "某局" });
  await c.getByText("Local notice: with an administrative penalty on record").first().waitFor();
  assert.equal(await a.getByText("Local notice").count(), 0, "the portal pack belongs to one widget");

  // Print, language switch, live attribute changes: still no violation.
  await p.evaluate(() => { window.print = () => {}; });
  await a.getByRole("button", { name: "Print report" }).click();
  await p.evaluate(() => document.getElementById("b").setAttribute("lang", "en"));
  await b.getByRole("heading", { name: "Transport credit self-check" }).waitFor();
  await p.waitForTimeout(300);
  assert.deepEqual(await p.evaluate(() => window.__cspViolations), [], "no CSP violation event");
  assert.deepEqual(p.errors, [], "no CSP or script errors in the console");
  await p.screenshot({ path: path.join(artifacts, "21-csp-three-widgets.png"), fullPage: true });
  await p.close();
});

test("live attributes: lang, region, as-of, mode apply at once and keep what the user entered", async () => {
  const p = await newPage();
  await p.goto(`${BASE}/t/plain.html`);
  const w = await ready(p);
  await fillSubject(w, GOOD_USCC, "厦门路桥建设有限公司");
  await addPenalty(w, { authority: "厦门市交通运输局", date: "2026-05-06" });
  await p.evaluate(() => {
    const el = document.getElementById("w");
    el.setAttribute("lang", "zh-CN");
    el.setAttribute("region", "jiangsu-lianyungang");
    el.setAttribute("as-of", "2026-11-22");
    el.setAttribute("mode", "staff");
  });
  // Staff mode replaces the self-check screen; switching back finds everything as it was.
  await w.getByRole("heading", { name: "批量预审", exact: true }).waitFor();
  await p.evaluate(() => document.getElementById("w").setAttribute("mode", "self"));
  await w.getByRole("heading", { name: "交通运输信用自查" }).waitFor();
  // The staff build stays mounted, hidden, beside the self-check: look at what is shown.
  const shown = w.locator(".xy").filter({ visible: true });
  assert.equal(await shown.count(), 1, "one widget is shown");
  assert.equal(await shown.getByRole("textbox", { name: "统一社会信用代码", exact: true }).inputValue(), GOOD_USCC);
  assert.equal(await shown.getByLabel("企业名称").inputValue(), "厦门路桥建设有限公司");
  assert.equal(await shown.getByLabel("地区（规则包）").inputValue(), "jiangsu-lianyungang");
  assert.equal(await shown.getByLabel(/查询日期/).inputValue(), "2026-11-22");
  assert.equal(await shown.locator(".xy-rec").count(), 1, "the record survived");
  // Masking: the letter the region's pack offers, the printed page and the result event.
  await collect(p, "w", "xinyong-result");
  await p.evaluate(() => document.getElementById("w").setAttribute("as-of", "2026-11-23"));
  await p.waitForFunction(() => document.getElementById("w")[Symbol.for("xy-events-w-xinyong-result")].length > 0);
  const [report] = await events(p, "w", "xinyong-result");
  assert.equal(report.subject.id_masked, MASKED_USCC);
  assert.ok(!JSON.stringify(report).includes(GOOD_USCC), "the event's report never holds the full id");
  const letter = shown.locator(".xy-letter-box").first();
  await letter.locator("summary").click();
  const letterText = await letter.locator(".xy-letter").innerText();
  assert.ok(letterText.includes(MASKED_USCC) && !letterText.includes(GOOD_USCC), letterText);
  await p.emulateMedia({ media: "print" });
  const printed = await shown.innerText();
  assert.ok(printed.includes(MASKED_USCC), "the masked id is printed");
  assert.ok(!printed.includes(GOOD_USCC), "the full id is not printed");
  await p.emulateMedia({ media: "screen" });
  assert.deepEqual(p.errors, []);
  await p.close();
});

test("industry and theme attributes: preselect the industry the report uses; every theme and a portal's own accent apply live", async () => {
  const p = await newPage();
  await p.goto(`${BASE}/t/industry.html`);
  const w = await ready(p);
  const industry = w.getByLabel("Industry", { exact: true });
  assert.equal(await industry.inputValue(), "road_freight");
  await collect(p, "w", "xinyong-result");
  await fillSubject(w, GOOD_USCC, "厦门路桥建设有限公司");
  await p.waitForFunction(() => document.getElementById("w")[Symbol.for("xy-events-w-xinyong-result")].length > 0);
  assert.equal((await events(p, "w", "xinyong-result")).at(-1).subject.industry, "road_freight");
  // A live change of the attribute reaches the form and the engine's report.
  await p.evaluate(() => document.getElementById("w").setAttribute("industry", "highway_construction"));
  await p.waitForFunction(() => document.getElementById("w")[Symbol.for("xy-events-w-xinyong-result")].at(-1).subject.industry === "highway_construction");
  assert.equal(await industry.inputValue(), "highway_construction");
  assert.equal(await w.getByLabel("Enterprise name").inputValue(), "厦门路桥建设有限公司", "what was typed stays");

  const add = w.getByRole("button", { name: "+ Add a record" });
  const accent = () => add.evaluate((b) => getComputedStyle(b).backgroundColor);
  for (const [theme, rgb] of [
    ["blue", "rgb(29, 79, 145)"],
    ["red", "rgb(163, 20, 27)"],
    ["green", "rgb(23, 107, 53)"],
    ["gray", "rgb(61, 68, 80)"],
  ]) {
    await p.evaluate((t) => document.getElementById("w").setAttribute("theme", t), theme);
    await p.waitForFunction(
      ([want]) => getComputedStyle(document.getElementById("w").shadowRoot.querySelector(".xy-btn-primary")).backgroundColor === want,
      [rgb],
    );
    assert.equal(await accent(), rgb, `theme=${theme}`);
  }
  // A portal's own colour through the documented custom property wins over the theme.
  // (Buttons fade between colours, so wait for the end of the transition.)
  await p.evaluate(() => document.getElementById("w").style.setProperty("--xinyong-accent", "rgb(1, 2, 3)"));
  await p.waitForFunction(() => getComputedStyle(document.getElementById("w").shadowRoot.querySelector(".xy-btn-primary")).backgroundColor === "rgb(1, 2, 3)");
  assert.equal(await accent(), "rgb(1, 2, 3)");
  await p.screenshot({ path: path.join(artifacts, "23-industry-theme.png") });
  assert.deepEqual(p.errors, []);
  await p.close();
});

test("XSS: payloads in fields, imported JSON/CSV and a portal pack's labels render as text and run nothing", async () => {
  const p = await newPage();
  const requests = [];
  p.on("request", (r) => requests.push(r.url()));
  await p.goto(`${BASE}/t/xss.html`);
  const w = await ready(p);
  assert.equal(await w.locator(".xyc-notice").innerText(), "", "the pack itself is valid");
  // Typed.
  await fillSubject(w, GOOD_USCC, XSS_TEXT);
  await addPenalty(w, { authority: XSS_TEXT });
  await w.getByText(`Notice ${XSS_TEXT}`).first().waitFor();
  const text = await w.locator(".xy:not(.xyc-notice)").innerText();
  assert.ok(text.includes(XSS[0]) && text.includes(XSS[1]), "payloads show as literal text");
  // Imported JSON and CSV.
  await importFile(w, `${XSS[0]}.json`, "application/json", JSON.stringify({
    subject: { kind: "enterprise", id: GOOD_USCC, name: `${XSS_TEXT} ${LONG}`, industry: "road_freight" },
    records: [{ id: "p1", type: "administrative_penalty", date: "2026-06-15", penalty: "fine", amount: 2000, authority: XSS_TEXT, note: XSS_TEXT }],
  }));
  await w.locator(".xy-msg").first().waitFor();
  const csvCell = `"${XSS_TEXT.replaceAll('"', '""')}"`;
  await importFile(w, "x.csv", "text/csv",
    `编号,类型,日期,处罚种类,失信等级,罚款金额,处罚机关,履行日期\np2,行政处罚,2026-05-06,罚款,一般失信,5000,${csvCell},2026-05-20\n` +
    `${csvCell},${csvCell},${csvCell},,,,,\n`);
  await p.waitForTimeout(300);
  // Bad JSON whose error messages echo the payload.
  await importFile(w, "bad.json", "application/json", JSON.stringify({ subject: { kind: XSS[0], id: XSS[1] }, records: XSS }));
  await p.waitForTimeout(500);
  // A long, hostile pack label and RTL override in the language switch and print paths.
  await p.evaluate(() => { window.print = () => {}; });
  await w.getByRole("button", { name: "Print report" }).click();
  await w.getByRole("button", { name: "Switch to English" }).or(w.getByRole("button", { name: "切换为中文" })).first().click();
  await p.waitForTimeout(300);

  const state = await p.evaluate(() => ({
    pwned: window.__pwned,
    scripts: [...document.querySelector("xinyong-check").shadowRoot.querySelectorAll("script, img, svg[onload], [onerror], [onload], a[href^='javascript']")].map((e) => e.outerHTML.slice(0, 80)),
  }));
  assert.equal(state.pwned, undefined, "no payload ran");
  assert.deepEqual(state.scripts, [], "no element came from a payload");
  assert.deepEqual(p.dialogs, [], "no dialog opened");
  assert.ok(!requests.some((u) => /\/x$|javascript:/.test(u)), `no payload fetched anything: ${requests.join(" ")}`);
  assert.deepEqual(p.errors, []);
  await p.screenshot({ path: path.join(artifacts, "22-xss-as-text.png") });
  await p.close();
});

test("a portal pack based on a regional overlay loads on that overlay", async () => {
  const p = await newPage();
  await p.goto(`${BASE}/t/xiamen.html`);
  await collect(p, "w", "xinyong-error");
  const w = await ready(p);
  await fillSubject(w, GOOD_USCC, "测试公司");
  await addPenalty(w, { authority: "厦门市交通运输局" });
  // The portal's own notice, and the report names the portal's pack.
  await w.getByText("Local notice: with an administrative penalty on record").first().waitFor();
  assert.match(await w.locator(".xy-subject-card").innerText(), /Demo portal pack \(on top of the Xiamen rules\), version 1/);
  // The Xiamen overlay underneath: its behaviour codes are in the record form.
  await w.getByRole("button", { name: "+ Add a record" }).click();
  const f = w.locator(".xy-recform");
  await f.getByLabel("Record type").selectOption("driver_violation");
  const codes = await f.getByLabel("Behaviour code").locator("option").allInnerTexts();
  assert.ok(codes.some((c) => c.startsWith("XM-OVERLIMIT")), codes.join(" | "));
  assert.deepEqual(await events(p, "w", "xinyong-error"), []);
  assert.equal(await p.locator("#w .xyc-notice").innerText(), "");
  assert.deepEqual(p.errors, []);
  await p.close();
});

test("bad packs: 404, wrong schema, not JSON, 50 MB, integrity mismatch show an error, fire xinyong-error, and the page keeps working", async () => {
  const p = await newPage();
  await p.goto(`${BASE}/t/plain.html`);
  await ready(p);
  const good = fs.readFileSync(path.join(DIST, "demo/portal-pack.json"));
  const cases = [
    { src: "/t/missing.json", code: "pack_fetch", text: /HTTP 404/ },
    { src: "/t/wrong-schema.json", code: "invalid_pack", text: /rule pack is invalid/ },
    { src: "/t/not-json.json", code: "invalid_pack", text: /rule pack is invalid/ },
    { src: "/t/big.json", code: "pack_too_large", text: /larger than 2 MB/ },
    { src: "/t/big-chunked.json", code: "pack_too_large", text: /larger than 2 MB/ },
    { src: "/t/good-pack.json", integrity: sri(Buffer.concat([good, Buffer.from(" ")])), code: "pack_integrity", text: /integrity check/ },
    { src: "/t/good-pack.json", integrity: "md5-abc", code: "pack_integrity", text: /malformed/ },
    { src: "javascript:alert(1)", code: "pack_url", text: /http\(s\) URL/ },
  ];
  for (const [i, c] of cases.entries()) {
    const id = `bad${i}`;
    const detail = await p.evaluate(([id, c]) => new Promise((resolve) => {
      const el = document.createElement("xinyong-check");
      el.id = id;
      el.setAttribute("lang", "en");
      el.setAttribute("pack-src", c.src);
      if (c.integrity) el.setAttribute("pack-integrity", c.integrity);
      el.addEventListener("xinyong-error", (e) => resolve(e.detail), { once: true });
      setTimeout(() => resolve("timeout"), 20000);
      document.body.append(el);
    }), [id, c]);
    assert.equal(detail.code, c.code, `${c.src}: ${JSON.stringify(detail)}`);
    assert.ok(detail.zh && detail.en, "both languages");
    const w = await ready(p, id);
    const notice = await w.locator(".xyc-notice [role], .xyc-notice .xy-msg-err").first().innerText();
    assert.match(notice, c.text);
    assert.match(notice, /built-in rules/);
    // The widget still works on the built-in rules.
    await fillSubject(w, GOOD_USCC, "测试公司");
    await w.locator(".xy-report").first().waitFor();
    await p.evaluate((id) => document.getElementById(id).remove(), id);
  }
  // A good pack with the right integrity is accepted, live, on the first widget.
  await p.evaluate(() => {
    const el = document.getElementById("w");
    el.errs = [];
    el.addEventListener("xinyong-error", (e) => el.errs.push(e.detail.code));
  });
  await p.evaluate((integrity) => {
    const el = document.getElementById("w");
    el.setAttribute("pack-src", "/t/good-pack.json");
    el.setAttribute("pack-integrity", integrity);
  }, sri(good));
  const w = p.locator("#w");
  // A portal pack needs the pack build (it carries the pack checker): it mounts beside the
  // plain self-check, which stays hidden; look at what is shown.
  const shown = w.locator(".xy:not(.xyc-notice)").filter({ visible: true });
  await fillSubject(shown, GOOD_USCC, "测试公司");
  await addPenalty(shown, { authority: "某局" });
  await shown.getByText("Local notice: with an administrative penalty on record").first().waitFor();
  // The report header says the rules are a portal's own pack, and which file exactly.
  const header = await shown.locator(".xy-subject-card").first().innerText();
  assert.match(header, /Demo portal pack \(on top of the national rules\), version 1 \(custom pack, not shipped with this tool\)/);
  assert.ok(header.includes(`sha256 ${crypto.createHash("sha256").update(good).digest("hex")}`), header);
  assert.deepEqual(await p.evaluate(() => document.getElementById("w").errs), []);
  assert.equal(await w.locator(".xyc-notice").innerText(), "");
  // The host page is responsive and error-free.
  assert.equal(await p.evaluate(() => 6 * 7), 42);
  assert.deepEqual(p.errors.filter((e) => !/404 \(Not Found\)/.test(e)), []);
  await p.close();
});

test("host isolation: aggressive page CSS does not change the widget; no globals beyond the registration", async () => {
  const p = await newPage();
  await p.addInitScript(() => {
    Object.defineProperty(window, "__keysBefore", { value: Object.keys(window), enumerable: false });
  });
  await p.goto(`${BASE}/t/isolation.html`);
  const w = await ready(p);
  await fillSubject(w, "91350200776049653B", "测试公司");
  await w.locator(".xy-hint.xy-error").waitFor();
  const probe = () => p.evaluate(() => {
    const root = document.getElementById("w").shadowRoot;
    const pick = ["div.xy:not(.xyc-notice)", ".xy-title", "h3", ".xy-hint", ".xy-privacy", "button.xy-btn", ".xy-btn-primary", "input", "label", "select", ".xy-card", ".xy-hint.xy-error"];
    const props = ["display", "visibility", "color", "backgroundColor", "fontSize", "fontFamily", "fontWeight", "lineHeight",
      "paddingTop", "paddingLeft", "marginTop", "borderTopWidth", "borderTopStyle", "borderTopColor", "textTransform", "letterSpacing", "position", "opacity"];
    const out = {};
    for (const sel of pick) {
      const el = root.querySelector(sel);
      const cs = getComputedStyle(el);
      out[sel] = Object.fromEntries(props.map((k) => [k, cs[k]]));
      out[sel].height = Math.round(el.getBoundingClientRect().height);
    }
    out.buttonsVisible = [...root.querySelectorAll("button")].filter((b) => b.checkVisibility()).length;
    out.host = getComputedStyle(document.getElementById("w")).display;
    return out;
  });
  const clean = await probe();
  assert.ok(clean.buttonsVisible >= 3);
  await p.addStyleTag({
    content: `* { all: unset } button { display: none } input, select, label { display: none !important }
      html { font-size: 62.5% !important }
      body { text-transform: uppercase; letter-spacing: 3px; color: red !important; font: 30px/3 serif }
      div { visibility: hidden } .xy, .xy-btn { background: hotpink !important; display: none !important }`,
  });
  await p.waitForTimeout(200);
  // The page's own button is gone: the CSS did apply to the page …
  assert.equal(await p.locator("#host-button").isVisible(), false);
  // … and the widget is exactly as before.
  assert.deepEqual(await probe(), clean);
  await p.screenshot({ path: path.join(artifacts, "23-hostile-css.png") });

  // Accessibility inside the shadow root (axe-core pierces open shadow roots).
  await p.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const bad = await p.evaluate(async () => {
    const r = await window.axe.run(document.getElementById("w"), { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  assert.deepEqual(bad, []);

  // Globals: only what the test itself injected (axe) is new; the widget added nothing.
  const added = await p.evaluate(() => Object.keys(window).filter((k) => !window.__keysBefore.includes(k) && k !== "axe"));
  assert.deepEqual(added, []);
  assert.equal(await p.evaluate(() => typeof customElements.get("xinyong-check")), "function");
  assert.deepEqual(p.errors, []);
  await p.close();
});

test("headless API page: xinyong-api.js alone evaluates under a strict CSP", async () => {
  const p = await newPage();
  const requests = [];
  p.on("request", (r) => requests.push(new URL(r.url()).pathname));
  virtual.set("/t/headless.html", { type: "text/html", csp: true, body: fs.readFileSync(path.join(DIST, "demo/headless.html"), "utf8").replace(/\.\/headless\.js/, "/demo/headless.js").replace(/\.\/demo\.css/, "/demo/demo.css") });
  await p.goto(`${BASE}/t/headless.html`);
  await p.locator("#status", { hasText: "Evaluated 9135************3A" }).waitFor();
  const report = JSON.parse(await p.locator("#out").innerText());
  assert.equal(report.subject.id_masked, MASKED_USCC);
  assert.ok(!requests.some((u) => u.includes("xinyong_web")), "no widget code is loaded");
  assert.deepEqual(await p.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(p.errors, []);
  await p.close();
});

test("demo pages: the mock portal embeds with one script tag and one element; events and meta-CSP demos work", async () => {
  // The portal page, exactly as shipped in dist/demo/.
  const html = fs.readFileSync(path.join(DIST, "demo/portal.html"), "utf8");
  assert.equal((html.match(/xinyong-check\.js/g) ?? []).length, 1, "one script tag");
  assert.equal((html.match(/<xinyong-check[\s>]/g) ?? []).length, 1, "one element");
  const p = await newPage();
  await p.goto(`${BASE}/demo/portal.html`);
  const w = p.locator("xinyong-check");
  await w.locator(".xy-title").waitFor();
  // The portal hides every <label> and squeezes buttons; the widget's are untouched.
  assert.equal(await w.getByText("Kind of subject").or(w.getByText("主体类型")).first().isVisible(), true);
  await w.getByRole("textbox", { name: "统一社会信用代码", exact: true }).fill(GOOD_USCC);
  await w.locator(".xy-report").first().waitFor();
  assert.deepEqual(p.errors, []);
  await p.screenshot({ path: path.join(artifacts, "24-demo-portal.png"), fullPage: true });

  // The events demo logs a result and the broken pack's error, as text.
  await p.goto(`${BASE}/demo/events.html`);
  await p.locator("#log", { hasText: "#broken xinyong-error: pack_fetch" }).waitFor();
  const ok = p.locator("#ok");
  await ok.getByRole("textbox", { name: "Unified social credit code", exact: true }).fill(GOOD_USCC);
  await p.locator("#log", { hasText: `#ok xinyong-result: ${MASKED_USCC}` }).waitFor();

  // The meta-CSP demo: two widgets, no violation.
  await p.goto(`${BASE}/demo/csp.html`);
  await p.locator("#first .xy-title").waitFor();
  await p.locator("#second .xy-title").waitFor();
  await p.waitForTimeout(300);
  assert.deepEqual(await p.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(p.errors.filter((e) => !/404 \(Not Found\)/.test(e)), []);
  await p.close();
});
