// End-to-end tests of the self-check widget in real headless Chromium (the system one, never
// a downloaded browser), driven by playwright-core, checked with axe-core. Run by
// `cargo xtask test`, which builds dist/, serves it and sets XINYONG_URL.
//
//   XINYONG_URL=http://127.0.0.1:8080/ node --test tests/e2e/   (against `cargo xtask demo`)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { launch } from "./lib.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.resolve(here, "../artifacts");
const fixtures = path.join(here, "fixtures");
const BASE = process.env.XINYONG_URL ?? "http://127.0.0.1:8080/";
// A fixed "today" keeps dates in assertions stable; the check date is also set in the form.
const TODAY = "2026-11-22";
const GOOD_USCC = "91350200776049653A";

let context;
let profile;
const timings = {};

before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  // A fresh profile per run: no cache, no storage, nothing left from an earlier run.
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-e2e-profile-"));
  context = await launch(profile, {
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
});

after(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  fs.writeFileSync(path.join(artifacts, "timings.json"), JSON.stringify(timings, null, 2));
  console.log("\n  Timings (navigation start → …):");
  for (const [k, v] of Object.entries(timings)) console.log(`    ${k}: ${v.toFixed(0)} ms`);
});

async function newPage(opts = {}) {
  const page = await context.newPage();
  if (opts.viewport) await page.setViewportSize(opts.viewport);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.errors = errors;
  return page;
}

/** Navigate and wait for the form; returns ms from navigation start to the widget mounted. */
async function open(page, query = "") {
  await page.goto(`${BASE}?today=${TODAY}${query}`);
  await page.locator(".xy-title").waitFor();
  return page.evaluate(() => performance.getEntriesByName("xinyong:interactive")[0]?.startTime ?? NaN);
}

/** axe-core on the whole page; fails on serious or critical violations. */
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
  return result.violations.length;
}

async function shot(page, name, opts = {}) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true, ...opts });
}

const form = (page) => page.locator("form.xy-recform");

async function addPenalty(page) {
  await page.getByRole("button", { name: "＋ 添加记录" }).click();
  const f = form(page);
  await f.getByLabel("记录类型").selectOption("administrative_penalty");
  await f.getByLabel("决定 / 认定日期").fill("2026-05-06");
  await f.getByRole("checkbox", { name: "罚款" }).check();
  await f.getByLabel("失信等级").selectOption("general");
  await f.getByLabel("罚款金额（元）").fill("5000");
  // What decides the tier besides the kind: the procedure (the hint says which is which) and
  // 527号's 特定严重失信 mark, a penalty's fields only.
  const procedure = f.getByLabel("处罚程序");
  await procedure.selectOption("general");
  const hint = f.locator(`[id="${await procedure.getAttribute("aria-describedby")}"]`);
  assert.match(await hint.innerText(), /简易程序＝当场作出的警告或小额罚款.*行政处罚法第五十一条/);
  assert.equal(await f.getByRole("checkbox", { name: "特定严重失信行为（527号）" }).isChecked(), false);
  await f.getByLabel("作出决定的机关").fill("厦门市交通运输局");
  await f.getByLabel("履行完毕日期（如罚款缴清）").fill("2026-05-20");
  await f.getByRole("button", { name: "保存记录" }).click();
  await f.waitFor({ state: "detached" });
}

async function addBrokenCommitment(page) {
  await page.getByRole("button", { name: "＋ 添加记录" }).click();
  const f = form(page);
  await f.getByLabel("记录类型").selectOption("commitment");
  // The form is rebuilt from the catalogue: a commitment asks for scheme and outcome.
  await f.getByLabel("适用制度").waitFor();
  assert.equal(await f.getByText("处罚种类").count(), 0, "penalty fields must not show for a commitment");
  assert.equal(await f.getByText("处罚程序").count(), 0, "nor the procedure");
  assert.equal(await f.getByText("特定严重失信行为").count(), 0, "nor the 527号 mark");
  await f.getByLabel("决定 / 认定日期").fill("2026-09-01");
  await f.getByLabel("适用制度").selectOption("certification_notice");
  await f.getByLabel("承诺履行情况").selectOption("broken");
  await f.getByRole("button", { name: "保存记录" }).click();
  await f.waitFor({ state: "detached" });
}

test("a clerk checks an enterprise with a penalty and a broken commitment", async (t) => {
  const page = await newPage();
  const interactive = await open(page);
  timings["interactive form (fresh visit)"] = interactive;
  t.diagnostic(`time to interactive form: ${interactive.toFixed(0)} ms`);
  await axe(page, "empty form");
  await shot(page, "01-empty-zh");

  await page.getByLabel("行业").selectOption("highway_construction");
  await page.getByLabel("企业名称").fill("厦门路桥建设有限公司");
  const id = page.getByRole("textbox", { name: "统一社会信用代码", exact: true });
  // One mistyped character: the check digit is caught inline, in words.
  await id.fill("91350200776049653B");
  await id.blur();
  const idMsg = page.locator(`[id="${await id.getAttribute("aria-describedby")}"]`);
  await assert.doesNotReject(idMsg.getByText("校验位不符：最后一位校验码与前 17 位不一致").waitFor());
  assert.equal(await id.getAttribute("aria-invalid"), "true");
  await shot(page, "02-id-error-zh");
  const typed = Date.now();
  await id.fill(GOOD_USCC);
  await page.getByText("✓ 号码格式和校验位正确").waitFor();
  await page.locator(".xy-grades").waitFor();
  timings["first report after a valid ID is typed (incl. Playwright round trip)"] = Date.now() - typed;
  await page.getByLabel(/查询日期/).fill(TODAY);

  // A required field left empty is reported beside the field.
  await page.getByRole("button", { name: "＋ 添加记录" }).click();
  await form(page).getByRole("button", { name: "保存记录" }).click();
  await form(page).getByText("此项必填").first().waitFor();
  await axe(page, "record form with errors");
  await shot(page, "03-record-form-errors-zh");
  await form(page).getByRole("button", { name: "取消" }).click();

  await addPenalty(page);
  assert.match(await page.locator(".xy-rec").first().innerText(), /罚款 · 一般失信 · 5000 元 · 普通程序/);
  await addBrokenCommitment(page);

  // Grade: 100 − 5 (general penalty) − 5 (broken commitment) = 90 → A (hc bands, pack data),
  // but never evaluated and with bad records, 733号 Art. 18(2) treats it as B at best: the
  // badge shows the grade in force, the projection is beside it.
  const grades = page.locator(".xy-grades");
  await grades.locator(".xy-level", { hasText: "B" }).waitFor();
  assert.match(await grades.innerText(), /适用等级 B · 信用一般 · 法定默认等级/);
  assert.match(await grades.innerText(), /按记录推算 A · 信用较好\s+得分 90（以 100 分为基础/);
  const rows = grades.locator("tbody tr");
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).innerText(), /受到行政处罚（一般失信）[\s\S]*p1[\s\S]*-5/);
  assert.match(await rows.nth(1).innerText(), /信用承诺未履行或承诺不实[\s\S]*c1[\s\S]*-5/);

  // Commitment: ✗ with the reason and the earliest date.
  const cn = page.locator('.xy-scheme[data-scheme="certification_notice"]');
  assert.equal((await cn.locator(".xy-mark").innerText()).trim(), "✗");
  const cnText = await cn.innerText();
  assert.match(cnText, /曾作出虚假承诺或未履行承诺，在信用修复前不适用告知承诺制/);
  assert.match(cnText, /最早可用日期：2026-12-21/);
  assert.match(cnText, /记录 c1/);

  // Repair: p1 can be repaired from the day after its 3-month minimum publicity.
  const p1 = page.locator('.xy-repair[data-record="p1"]');
  assert.match(await p1.locator(".xy-repairable-from").innerText(), /2026-08-07/);
  assert.match(await p1.innerText(), /现在可以申请信用修复/);
  assert.match(await p1.locator("svg.xy-timeline").getAttribute("aria-label"), /2026-05-06.*2026-08-06.*2027-05-06.*2026-11-22/);
  const c1 = page.locator('.xy-repair[data-record="c1"]');
  assert.match(await c1.innerText(), /最短公示期内/);
  assert.match(await c1.locator(".xy-repairable-from").innerText(), /2026-12-02/);
  // The announcement region says what changed.
  assert.match(await page.locator(".xy-summary").innerText(), /适用信用等级 B/);
  await axe(page, "report zh");
  await shot(page, "04-report-zh");

  // "What if I check again on …": time alone does not repair a broken commitment (42号: "在信用修复前
  // 不适用"), so long after its publicity it still blocks, and the repair card says what to check.
  await page.getByLabel(/查询日期/).fill("2027-09-02");
  await page.locator(".xy-summary", { hasText: "2027-09-02" }).waitFor();
  assert.equal((await cn.locator(".xy-mark").innerText()).trim(), "✗");
  assert.match(await cn.innerText(), /在信用修复前不适用告知承诺制/);
  assert.match(await c1.innerText(), /公示期届满不等于信用修复/);
  await page.getByLabel(/查询日期/).fill(TODAY);
  await page.locator(".xy-summary", { hasText: TODAY }).waitFor();
  await cn.locator(".xy-mark", { hasText: "✗" }).waitFor();

  // Language switch: the whole widget, including the engine's own reasons.
  await page.getByRole("button", { name: "Switch to English" }).click();
  await page.getByRole("heading", { name: "Credit grade" }).waitFor();
  assert.match(await cn.innerText(), /not available[\s\S]*Available from: 2026-12-21/);
  assert.match(await page.locator(".xy").first().getAttribute("lang"), /^en/);
  await axe(page, "report en");
  await shot(page, "05-report-en");
  await page.getByRole("button", { name: "切换为中文" }).click();
  await page.getByRole("heading", { name: "信用等级" }).waitFor();

  // Export: the entered data as contract JSON with the id masked (a file leaves the browser's
  // control); importing it back restores everything but the id, which the user types again.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: /导出 JSON/ }).click(),
  ]);
  const exportedText = fs.readFileSync(await download.path(), "utf8");
  const exported = JSON.parse(exportedText);
  assert.equal(exported.subject.id, "9135************3A");
  assert.ok(!exportedText.includes(GOOD_USCC), "the full identifier must not be exported");
  assert.equal(exported.records.length, 2);
  assert.deepEqual(exported.records.map((r) => r.id), ["p1", "c1"]);
  assert.equal(exported.records[0].procedure, "general", "the procedure is exported");
  assert.equal(exported.as_of, TODAY);
  const idBox = page.getByRole("textbox", { name: "统一社会信用代码", exact: true });
  await page.getByLabel(/选择或拖入文件/).setInputFiles({
    name: "exported.json",
    mimeType: "application/json",
    buffer: Buffer.from(exportedText),
  });
  await page.getByText(/文件中的证件号码已遮盖，请重新填写证件号码/).waitFor();
  assert.equal(await idBox.inputValue(), "", "a masked id is not put back into the form");
  await idBox.fill(GOOD_USCC);
  await page.locator(".xy-summary", { hasText: /适用信用等级 B/ }).waitFor();
  assert.equal(await page.locator(".xy-repair").count(), 2, "the records came back");
  assert.match(await page.locator(".xy-rec").first().innerText(), /普通程序/, "with their procedure");

  // Print: the button calls window.print(); the print stylesheet shows the report only,
  // with the identifier masked.
  await page.evaluate(() => {
    window.__printed = [];
    window.print = () => window.__printed.push(document.querySelector(".xy-print-slot")?.innerText ?? "report");
  });
  await page.getByRole("button", { name: "打印报告" }).click();
  assert.deepEqual(await page.evaluate(() => window.__printed), ["report"]);

  // Printable letters come from the region's pack (Lianyungang's "四书同达" templates),
  // filled by the core for this record.
  await page.getByLabel("地区（规则包）").selectOption("jiangsu-lianyungang");
  const letter = p1.locator(".xy-letter-box", { hasText: "信用修复提示函" });
  await letter.locator("summary").click();
  const body = await letter.locator(".xy-letter").innerText();
  assert.match(body, /厦门路桥建设有限公司（证件号码 9135\*{12}3A）/);
  assert.match(body, /自 2026-08-07 起可以申请信用修复/);
  assert.ok(!body.includes(GOOD_USCC));
  await shot(page, "06-letters-lianyungang");
  await letter.getByRole("button", { name: "打印此函" }).click();
  await page.waitForFunction(() => window.__printed.length === 2);
  assert.match((await page.evaluate(() => window.__printed))[1], /信用修复提示函[\s\S]*自 2026-08-07 起可以申请信用修复/);
  // After printing the letter the page is back to the full report.
  await page.locator(".xy-print-slot").waitFor({ state: "detached" });
  await page.getByLabel("地区（规则包）").selectOption("national");
  await p1.locator(".xy-letter-box").waitFor({ state: "detached" });
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".xy-form").isVisible(), false, "the form is not printed");
  const printed = await page.locator(".xy").first().innerText();
  assert.ok(!printed.includes(GOOD_USCC), "the full identifier must not be printed");
  assert.ok(printed.includes("9135************3A"), "the masked identifier is printed");
  await shot(page, "06-print-media");
  await page.pdf({ path: path.join(artifacts, "06-report-a4.pdf"), format: "A4", printBackground: true });
  await page.emulateMedia({ media: "screen" });

  assert.deepEqual(page.errors, [], "no errors in the console");
  await page.close();
});

test("keyboard only: open, fill and close the record form", async () => {
  const page = await newPage();
  await open(page);
  const add = page.getByRole("button", { name: "＋ 添加记录" });
  await add.focus();
  await page.keyboard.press("Enter");
  // Focus moves into the form, on its first control.
  await page.waitForFunction(() => document.activeElement?.closest("form.xy-recform") !== null);
  const focusedLabel = await page.evaluate(() => document.activeElement.labels?.[0]?.innerText);
  assert.equal(focusedLabel, "记录类型");
  // The focus ring is visible (outline drawn by :focus-visible).
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none");
  await page.keyboard.press("Tab");
  await page.keyboard.type("p-kbd");
  await page.keyboard.press("Escape");
  await form(page).waitFor({ state: "detached" });
  // Focus returns to the button that opened the form.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "＋ 添加记录");
  await page.close();
});

test("import a subject JSON file (file picker) and a CSV of records (drag and drop)", async () => {
  const page = await newPage();
  await open(page);
  await page.getByLabel(/选择或拖入文件/).setInputFiles(path.join(fixtures, "subject.json"));
  await page.getByText("已导入 subject.json：主体信息和 3 条记录").waitFor();
  assert.equal(await page.getByLabel("姓名").inputValue(), "王师傅");
  assert.equal(await page.getByRole("textbox", { name: "居民身份证号码", exact: true }).inputValue(), "11010519491231002X");
  // Driver integrity scheme: 10 points from behaviour DRV-10 → AA (pack data).
  await page.locator(".xy-grades .xy-level", { hasText: "AA" }).waitFor();
  // The record type outside the catalogue is listed as not counted, with the reason.
  assert.match(await page.locator(".xy-ignored").innerText(), /x1/);
  // Fine not yet paid: the minimum period is over but a condition is unmet.
  assert.match(await page.locator('.xy-repair[data-record="p1"]').innerText(), /尚有条件未满足[\s\S]*按处罚种类推定/);
  await axe(page, "imported JSON");
  await shot(page, "07-import-json");

  // A broken file changes nothing and says why.
  await page.getByLabel(/选择或拖入文件/).setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"subject": {"kind": "enterprize", "id": "x"}}'),
  });
  await page.getByText("无法导入 broken.json，原有数据未改动：").waitFor();
  assert.match(await page.locator(".xy-msg-err").innerText(), /enterprise/);
  assert.equal(await page.getByLabel("姓名").inputValue(), "王师傅");

  // Drop a CSV (Excel-style: BOM, Chinese headers and labels) onto the drop zone.
  const csv = fs.readFileSync(path.join(fixtures, "records.csv"));
  await page.evaluate(async (bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], "records.csv", { type: "text/csv" }));
    const zone = document.querySelector(".xy-drop");
    zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [...csv]);
  await page.getByText("已从 records.csv 导入 2 条记录").waitFor();
  const recs = page.locator(".xy-rec");
  assert.equal(await recs.count(), 2);
  assert.match(await recs.nth(0).innerText(), /行政处罚[\s\S]*p1[\s\S]*2026-05-06[\s\S]*罚款/);
  assert.match(await recs.nth(1).innerText(), /信用承诺[\s\S]*c1[\s\S]*证明事项告知承诺[\s\S]*未履行承诺/);
  await shot(page, "08-import-csv");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("remember on this device: off by default, restores the data, forgets on untick", async (t) => {
  const page = await newPage();
  await open(page);
  const remember = page.getByLabel(/在本设备上记住/);
  assert.equal(await remember.isChecked(), false);
  await page.getByLabel("行业").selectOption("highway_construction");
  await page.getByRole("textbox", { name: "统一社会信用代码", exact: true }).fill(GOOD_USCC);
  assert.equal(await page.evaluate(() => localStorage.length), 0, "nothing stored unless asked");
  await remember.check();
  await page.getByLabel(/查询日期/).fill(TODAY);
  await addPenalty(page);

  // A returning user: the report is there on load; this measures navigation → first report.
  await page.reload();
  await page.locator(".xy-grades .xy-level").waitFor();
  const first = await page.evaluate(() => performance.getEntriesByName("xinyong:first-report")[0]?.startTime ?? NaN);
  const interactive = await page.evaluate(() => performance.getEntriesByName("xinyong:interactive")[0]?.startTime ?? NaN);
  timings["interactive form (returning user)"] = interactive;
  timings["first report (returning user, data restored)"] = first;
  t.diagnostic(`time to first report: ${first.toFixed(0)} ms`);
  assert.ok(first > 0 && interactive > 0);
  assert.equal(await page.getByRole("textbox", { name: "统一社会信用代码", exact: true }).inputValue(), GOOD_USCC);
  assert.equal(await page.locator(".xy-rec").count(), 1);
  assert.equal(await page.getByLabel(/在本设备上记住/).isChecked(), true);

  await page.getByLabel(/在本设备上记住/).uncheck();
  await page.getByText("已从本机删除保存的数据").waitFor();
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  await page.close();
});

test("phones (360 px) and 200 % zoom: no horizontal scrolling, still usable", async () => {
  for (const [name, viewport] of [
    ["09-phone-360", { width: 360, height: 780 }],
    ["10-zoom-200", { width: 640, height: 450 }],
  ]) {
    const page = await newPage({ viewport });
    await open(page);
    await page.getByLabel("行业").selectOption("highway_construction");
    await page.getByRole("textbox", { name: "统一社会信用代码", exact: true }).fill(GOOD_USCC);
    await page.getByLabel(/查询日期/).fill(TODAY);
    await addPenalty(page);
    await page.locator('.xy-repair[data-record="p1"]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: page scrolls sideways by ${overflow}px`);
    await axe(page, name);
    await shot(page, name);
    await page.close();
  }
});

test("a load failure shows a readable error box, not a blank area", async () => {
  const page = await newPage();
  await page.route("**/*.wasm", (r) => r.abort());
  await page.goto(`${BASE}?today=${TODAY}`);
  const alert = page.locator("#xinyong-root [role=alert]");
  await alert.waitFor();
  assert.match(await alert.innerText(), /加载失败[\s\S]*failed to load/);
  await shot(page, "11-load-failure");
  await page.close();
});

test("regional packs: fetched only when picked, checked against the build's hash; a bad file is refused", async () => {
  const page = await newPage();
  const packRequests = [];
  page.on("request", (r) => {
    // Content-addressed: packs/<id>.<10 hex digits of its SHA-256>.json (cacheable for a year).
    if (r.url().includes("/packs/")) packRequests.push(new URL(r.url()).pathname.replace(/\.[0-9a-f]{10}\.json$/, ".json"));
  });
  await open(page);
  await page.getByRole("textbox", { name: "统一社会信用代码", exact: true }).fill(GOOD_USCC);
  await page.getByLabel("企业名称").fill("厦门路桥建设有限公司");
  const packCell = page.locator("dt", { hasText: "规则包" }).locator("xpath=following-sibling::dd[1]");
  await packCell.filter({ hasText: /^全国基础规则包（交通运输信用），版本 / }).waitFor();
  assert.deepEqual(packRequests, [], "the national pack is built in: nothing is fetched for it");

  await page.getByLabel("地区（规则包）").selectOption("fujian-xiamen");
  await packCell.filter({ hasText: /^福建省厦门市交通运输信用规则包，版本 / }).waitFor();
  assert.deepEqual(packRequests, ["/packs/fujian-xiamen.json"]);
  // Back and forth: the page keeps what it fetched.
  await page.getByLabel("地区（规则包）").selectOption("national");
  await packCell.filter({ hasText: /^全国基础规则包（交通运输信用），版本 / }).waitFor();
  await page.getByLabel("地区（规则包）").selectOption("fujian-xiamen");
  await packCell.filter({ hasText: /^福建省厦门市交通运输信用规则包，版本 / }).waitFor();
  assert.deepEqual(packRequests, ["/packs/fujian-xiamen.json"], "fetched once per page");

  // A file that is not the one this build was made with (one byte changed) is refused by the
  // browser's integrity check: the answers say so, in both languages, and name the file.
  await page.route(/\/packs\/shanxi-yuncheng\.[0-9a-f]{10}\.json$/, async (route) => {
    const res = await route.fetch();
    const text = (await res.text()).replace("2026", "2027");
    await route.fulfill({ response: res, body: text });
  });
  const errors = page.evaluate(() => new Promise((resolve) => {
    document.getElementById("xinyong-root").addEventListener("xinyong-error", (e) => resolve(e.detail), { once: true });
  }));
  await page.getByLabel("地区（规则包）").selectOption("shanxi-yuncheng");
  const msg = page.locator(".xy-msg-err", { hasText: "地区规则包载入失败" });
  await msg.waitFor();
  assert.match(await msg.innerText(), /packs\/shanxi-yuncheng\.[0-9a-f]{10}\.json/);
  const detail = await errors;
  assert.equal(detail.code, "pack_load");
  assert.match(detail.en, /regional rule pack could not be loaded/);
  assert.equal(await packCell.count(), 0, "no report is shown with another region's pack");
  // Picking another region clears the failure.
  await page.getByLabel("地区（规则包）").selectOption("national");
  await packCell.filter({ hasText: /^全国基础规则包（交通运输信用），版本 / }).waitFor();
  // The browser logs the refused file; nothing else went wrong.
  assert.deepEqual(page.errors.filter((e) => !/integrity|shanxi-yuncheng/.test(e)), []);
  await page.close();
});

// Good news that rests on an assumed grade carries a caveat that names the grade, says why it
// is assumed and what to check, next to exactly the answers the engine flags `assumed` (the
// golden subjects and the CLI's reports for them say which); answers that read no grade (告知承诺,
// 首违不罚) carry none. Two ways a grade is assumed: none published (the grade projected from the
// records), and an official result whose period of validity the pack assumes.
test("answers resting on an assumed grade carry the caveat, and only those (zh, en, 360 px)", async () => {
  const golden = path.resolve(here, "../golden");
  const load = (name) => ({
    name,
    subject: fs.readFileSync(path.join(golden, `${name}.json`)),
    report: JSON.parse(fs.readFileSync(path.join(golden, `${name}.report.json`), "utf8")),
  });
  // An unevaluated Lianyungang enterprise: 容缺受理, 绿色通道 and the incentives are available on
  // the projected grade only.
  const projected = load("89-lianyungang-first-minor-history");
  // One with an official result B: the pack does not say how long it lasts.
  const official = load("59-lianyungang-incomplete-acceptance-needs-good-credit");
  assert.equal(projected.report.grades[0].in_force.source, "computed");
  assert.equal(official.report.grades[0].in_force.source, "official");
  for (const { report } of [projected, official]) {
    assert.ok(report.commitments.some((c) => c.assumed && c.eligible), "an eligible answer is flagged");
    assert.ok(report.commitments.some((c) => !c.assumed && c.eligible), "an eligible answer is not");
  }
  assert.ok(projected.report.measures.incentives.some((n) => n.assumed));
  const level = (r) => r.grades[0].in_force.level;
  // What the caveat says after its head ("Conditional: " on a commitment scheme; "Items marked
  // conditional: " once above a section's items, each marked "conditional").
  const CAVEAT = {
    computed: {
      zh: (l) => `以信用等级 ${l} 为前提（尚无有效的正式评价结果，按所填记录推算）。请核对是否已有正式评价结果；以主管部门公布的等级为准，等级不同则结论可能不同。`,
      en: (l) => `grade ${l} is assumed (no official result in force: projected from the records entered). Check whether an official result exists: the grade the authority publishes decides, and a different grade may change`,
    },
    official: {
      zh: (l) => `以信用等级 ${l} 为前提（正式评价结果，但其有效期为推定）。请核对该结果是否为本周期、仍然有效；以主管部门公布的等级为准，等级不同则结论可能不同。`,
      en: (l) => `grade ${l} is assumed (an official result whose period of validity is assumed). Check that it is the current cycle's result and still in force: the grade the authority publishes decides, and a different grade may change`,
    },
  };
  const HEAD = {
    zh: { one: "⚠ 有条件：", many: "⚠ 标“有条件”的各项：", mark: "⚠ 有条件（见上）" },
    en: { one: "⚠ Conditional: ", many: "⚠ Items marked conditional: ", mark: "⚠ conditional (see above)" },
  };
  for (const [{ name, subject, report }, lang, viewport] of [
    [projected, "zh", null],
    [projected, "en", null],
    [projected, "zh", { width: 360, height: 780 }],
    [official, "en", null],
  ]) {
    const page = await newPage({ viewport });
    await open(page);
    if (lang === "en") {
      await page.getByRole("button", { name: "Switch to English" }).click();
      await page.getByRole("button", { name: "切换为中文" }).waitFor();
    }
    await page.getByLabel(/选择或拖入文件|Choose or drop a file/).setInputFiles({
      name: `${name}.json`,
      mimeType: "application/json",
      buffer: subject,
    });
    const g = report.grades[0].in_force;
    await page.locator(".xy-grades .xy-level", { hasText: g.level }).first().waitFor();
    await page.locator(`.xy-scheme[data-scheme="${report.commitments[0].scheme}"]`).waitFor();
    const body = CAVEAT[g.source][lang](level(report));
    const schemes = page.locator(".xy-commitments .xy-scheme");
    assert.equal(await schemes.count(), report.commitments.length);
    for (const c of report.commitments) {
      const caveat = page.locator(`.xy-scheme[data-scheme="${c.scheme}"] .xy-assumed`);
      assert.equal(await caveat.count(), c.assumed ? 1 : 0, `${name} ${lang}: caveat on ${c.scheme} iff assumed`);
      if (c.assumed) assert.ok((await caveat.innerText()).startsWith(HEAD[lang].one + body), await caveat.innerText());
      // "Available" on an assumed grade says it is conditional in the verdict itself.
      const verdict = await page.locator(`.xy-scheme[data-scheme="${c.scheme}"] .xy-verdict`).innerText();
      const conditional = { zh: "可以使用（有条件，见下）", en: "available (conditional, see below)" }[lang];
      assert.equal(verdict === conditional, c.eligible && !!c.assumed, `${name} ${lang}: verdict on ${c.scheme}: ${verdict}`);
    }
    for (const [kind, list] of Object.entries({ incentives: report.measures.incentives, restrictions: report.measures.restrictions, warnings: report.warnings })) {
      const items = page.locator(`.xy-${kind} li`);
      assert.equal(await items.count(), list.length, `${name}: ${kind}`);
      // Said once above the items, each item resting on the grade marked.
      const why = page.locator(`.xy-${kind} .xy-assumed-why`);
      assert.equal(await why.count(), list.some((n) => n.assumed) ? 1 : 0, `${name} ${lang}: ${kind} caveat`);
      if (list.some((n) => n.assumed)) assert.ok((await why.innerText()).startsWith(HEAD[lang].many + body), await why.innerText());
      for (const [i, n] of list.entries()) {
        const mark = items.nth(i).locator(".xy-assumed");
        assert.equal(await mark.count(), n.assumed ? 1 : 0, `${name} ${lang}: ${kind} ${i}`);
        if (n.assumed) assert.equal(await mark.innerText(), HEAD[lang].mark);
      }
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    const label = `assumed-grade-${g.source}-${lang}${viewport ? "-360" : ""}`;
    await axe(page, label);
    await shot(page, `12-${label}`);
    await page.locator(".xy-commitments").screenshot({ path: path.join(artifacts, `12-${label}-commitments.png`) });
    if (report.measures.incentives.length) await page.locator(".xy-incentives").screenshot({ path: path.join(artifacts, `12-${label}-incentives.png`) });
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});
