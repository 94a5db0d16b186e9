// The widget as its users meet it (issue 17): names instead of the engine's ids, English that
// explains in English, numbers that say what they are, ids as people type them, forms that fit
// the record, a badge that never wraps, print, and the keyboard. Screenshots go to
// tests/artifacts/words-*.png; the printed page counts to tests/artifacts/print-pages.json.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import zlib from "node:zlib";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.resolve(here, "../artifacts");
const BASE = process.env.XINYONG_URL ?? "http://127.0.0.1:8080/";
const TODAY = "2026-11-22";

let context;
let profile;
const pages = {};

before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-e2e-words-"));
  context = await launch(profile, { viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  fs.writeFileSync(path.join(artifacts, "print-pages.json"), JSON.stringify(pages, null, 2));
  console.log("\n  Printed pages (A4, page.pdf):", JSON.stringify(pages));
});

async function newPage(viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  return page;
}

async function open(page, query = "") {
  await page.goto(`${BASE}?today=${TODAY}${query}`);
  await page.locator(".xy-title").waitFor();
}

const shot = (page, name) => page.screenshot({ path: path.join(artifacts, `words-${name}.png`), fullPage: true });
const form = (page) => page.locator("form.xy-recform");

async function save(f) {
  await f.getByRole("button", { name: "保存记录" }).click();
  await f.waitFor({ state: "detached" });
}

/** An enterprise with a revoked licence (penalty), a broken commitment and a removed, repaired
 * listing: the subject the print counts are made for. */
async function enterprise(page, id = "91350200776049653a") {
  await page.getByLabel("行业").selectOption("road_freight");
  await page.getByLabel("企业名称").fill("厦门货运有限公司");
  await page.getByRole("textbox", { name: "统一社会信用代码", exact: true }).fill(id);
  await page.getByText("✓ 号码格式和校验位正确").waitFor();

  await page.getByRole("button", { name: "＋ 添加记录" }).click();
  let f = form(page);
  await f.getByLabel("记录类型").selectOption("administrative_penalty");
  // An enterprise is not offered the drivers' behaviour table (DRV-20 …).
  assert.equal(await f.getByText("DRV-20").count(), 0, "no driver behaviour codes for an enterprise");
  assert.equal(await f.getByLabel("失信行为代码").count(), 0, "no behaviour field when no table applies");
  assert.match(await f.innerText(), /可用处罚决定书文号/);
  await f.getByLabel("决定 / 认定日期").fill("2026-05-06");
  await f.getByRole("checkbox", { name: "吊销许可证件" }).check();
  await f.getByLabel("失信等级").selectOption("serious");
  await save(f);

  await page.getByRole("button", { name: "＋ 添加记录" }).click();
  f = form(page);
  await f.getByLabel("记录类型").selectOption("commitment");
  await f.getByLabel("适用制度").waitFor();
  const text = await f.innerText();
  assert.doesNotMatch(text, /罚款缴清/, "a commitment is not asked for a fine's payment date");
  assert.doesNotMatch(text, /处罚决定书/, "nor offered a penalty decision number");
  await f.getByLabel("决定 / 认定日期").fill("2026-09-01");
  await f.getByLabel("适用制度").selectOption("certification_notice");
  await f.getByLabel("承诺履行情况").selectOption("broken");
  await save(f);

  await page.getByRole("button", { name: "＋ 添加记录" }).click();
  f = form(page);
  await f.getByLabel("记录类型").selectOption("serious_dishonesty_list");
  await f.getByLabel("名单名称").waitFor();
  assert.doesNotMatch(await f.innerText(), /处罚决定书/);
  await f.getByLabel("决定 / 认定日期").fill("2025-01-10");
  await f.getByLabel("名单名称").fill("交通运输领域严重失信主体名单");
  await f.getByLabel("移出名单日期").fill("2026-02-01");
  await f.getByLabel("已修复日期").fill("2026-02-01");
  await save(f);
  await page.locator('.xy-repair[data-record="l1"]').waitFor();
}

test("words: names not ids, numbers that say what they are, ids as typed", async () => {
  const page = await newPage();
  await open(page);
  // The check-date field shows the date in use, not an empty box.
  assert.equal(await page.getByLabel(/查询日期/).inputValue(), TODAY);
  await enterprise(page);
  const report = page.locator(".xy-report");
  const text = await report.innerText();
  for (const id of ["rtq.", "repair.order36", "cn.excl", "national 2026", "severity", "subject.", "[repair"]) {
    assert.ok(!text.includes(id), `"${id}" shown to the user:\n${text}`);
  }
  // The id typed with a lower-case letter is read as the standard writes it, and said so.
  assert.match(text, /证件号码中的空格已去除、全角字符已改为半角、小写字母已改为大写后核验/);
  // B although the score (850) is in the AA band: the words say the score did not set it.
  const grades = page.locator(".xy-grades");
  assert.match(await grades.innerText(), /适用等级 B · 不合格/);
  assert.match(await grades.innerText(), /得分 850（以 1000 分为基础[^）]*）；等级不按分数确定/);
  // The ids are kept, in a disclosure.
  const ids = grades.locator("details.xy-ids").first();
  assert.equal(await ids.getAttribute("open"), null);
  await ids.locator("summary").click();
  assert.match(await ids.innerText(), /rtq\.band\.B/);
  // The repaired listing lists no documents to prepare and claims no commitment.
  const l1 = page.locator('.xy-repair[data-record="l1"]');
  assert.match(await l1.innerText(), /已修复/);
  assert.equal(await l1.locator(".xy-docs").count(), 0);
  assert.equal(await l1.locator(".xy-conditions").count(), 0);
  assert.doesNotMatch(await l1.innerText(), /已满足|信用承诺书/);
  // Basis text is at least 14 px.
  const small = await page.evaluate(() => {
    const root = document.querySelector("xinyong-check")?.shadowRoot ?? document;
    return [...root.querySelectorAll(".xy-basis")].map((e) => parseFloat(getComputedStyle(e).fontSize)).filter((x) => x < 14);
  });
  assert.deepEqual(small, [], "basis text below 14 px");
  await shot(page, "01-enterprise-zh");

  // English explains in English: level labels, score words, documents, a gloss of the citations.
  await page.getByRole("button", { name: "English" }).click();
  await page.getByText("Grade in force B · unqualified").waitFor();
  const en = await page.locator(".xy-report").innerText();
  assert.match(en, /score 850 \(starting from 1000[^)]*\); the level is not set by this figure/);
  assert.match(en, /Cited in Chinese: [^\n]*Ministry of Transport/);
  assert.match(en, /Credit repair application \(filled in online at Credit China\)/);
  assert.match(en, /Close supervision \(poorer credit, higher risk\)/);
  assert.doesNotMatch(en, /good standing|poor standing/);
  await shot(page, "02-enterprise-en");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a driver's points say they are points and when they clear", async () => {
  const page = await newPage({ width: 360, height: 800 });
  await open(page);
  await page.getByLabel("个人 / 驾驶员（居民身份证号码）").check();
  await page.getByLabel("姓名").fill("王师傅");
  await page.getByRole("textbox", { name: "居民身份证号码", exact: true }).fill("44011320141005001x");
  await page.getByText("✓ 号码格式和校验位正确").waitFor();
  await page.getByLabel("从业资格证初次领取日期").fill("2020-03-01");
  for (const [date, pts] of [["2026-05-06", "10"], ["2026-06-06", "5"]]) {
    await page.getByRole("button", { name: "＋ 添加记录" }).click();
    const f = form(page);
    await f.getByLabel("记录类型").selectOption("driver_violation");
    await f.getByLabel("决定 / 认定日期").fill(date);
    await f.getByLabel("扣分 / 记分").fill(pts);
    await save(f);
  }
  const grades = page.locator(".xy-grades");
  await grades.getByText(/累计记分 15 分/).waitFor();
  assert.match(await grades.innerText(), /是记分，不是得分[^\n]*本周期的记分于 2027-03-02 清除/);
  // The badge is one line, at a phone's width.
  assert.equal(await badgeLines(page), 1);
  await shot(page, "03-driver-zh-360");
  await page.close();
});

/** Lines the first grade badge's text takes (1 = no wrap). */
function badgeLines(page) {
  return page.evaluate(() => {
    const root = document.querySelector("xinyong-check")?.shadowRoot ?? document;
    const el = root.querySelector(".xy-level");
    const r = document.createRange();
    r.selectNodeContents(el);
    return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;
  });
}

test("layout: the badge never wraps; timeline labels stay legible on a phone", async () => {
  for (const [name, viewport, lang, zoom] of [
    ["en-1280", { width: 1280, height: 900 }, "en", 1],
    ["zh-360", { width: 360, height: 800 }, "zh", 1],
    ["zh-200pct", { width: 640, height: 900 }, "zh", 2],
  ]) {
    const page = await newPage(viewport);
    await open(page, lang === "en" ? "&lang=en" : "");
    if (zoom !== 1) await page.evaluate((z) => (document.body.style.zoom = String(z)), zoom);
    if (lang === "en") await page.getByRole("button", { name: "中文" }).click();
    await enterprise(page);
    if (lang === "en") await page.getByRole("button", { name: "English" }).click();
    await page.locator(".xy-level").first().waitFor();
    assert.equal(await badgeLines(page), 1, `${name}: the badge wraps`);
    if (viewport.width === 360) {
      const tiny = await page.evaluate(() => {
        const root = document.querySelector("xinyong-check")?.shadowRoot ?? document;
        return [...root.querySelectorAll("svg.xy-timeline")].flatMap((svg) => {
          const scale = svg.getBoundingClientRect().width / 400;
          return [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale).filter((px) => px < 12);
        });
      });
      assert.deepEqual(tiny, [], "timeline labels below 12 px on a phone");
    }
    await shot(page, `04-badge-${name}`);
    await page.close();
  }
});

test("keyboard: remove offers undo with focus on it; an invalid save focuses the first error", async () => {
  const page = await newPage();
  await open(page);
  await enterprise(page);
  const recs = page.locator(".xy-rec");
  assert.equal(await recs.count(), 3);
  await page.getByRole("button", { name: "删除记录 c1" }).click();
  assert.equal(await recs.count(), 2);
  const undo = page.getByRole("button", { name: "撤销删除" });
  await undo.waitFor();
  assert.equal(await undo.evaluate((b) => b.getRootNode().activeElement === b), true, "focus on 撤销删除");
  await page.keyboard.press("Enter");
  assert.equal(await recs.count(), 3);
  assert.match(await recs.nth(1).innerText(), /c1/, "restored in its place");

  await page.getByRole("button", { name: "＋ 添加记录" }).click();
  await form(page).getByRole("button", { name: "保存记录" }).click();
  await form(page).getByText("此项必填").first().waitFor();
  const focused = await page.evaluate(() => {
    const root = document.querySelector("xinyong-check")?.shadowRoot ?? document;
    const a = root.activeElement;
    return a ? `${a.tagName} ${a.getAttribute("aria-invalid")} ${a.id}` : "none";
  });
  assert.match(focused, /^INPUT true .*-date$/, `focus after an invalid save: ${focused}`);
  await shot(page, "05-invalid-save");
  await page.close();
});

/** How far down each page of a Chromium PDF its text reaches (0 = empty, 1 = full), in page
 * order. Chromium (Skia) draws each page as a slice of the laid-out document: a clip box, then
 * a scale and a translation by the slice's top ("q X Y W H re W n q K 0 0 K TX TY cm"), and
 * places text with "1 0 0 -1 x y Tm" in CSS px of the whole document. */
function pageFill(buf) {
  const s = buf.toString("latin1");
  const pages = [];
  for (const m of s.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    let t;
    try {
      t = zlib.inflateSync(buf.subarray(start, s.indexOf("endstream", start))).toString("latin1");
    } catch {
      continue;
    }
    const clip = /^q\s+([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re\s+W\*? n\s+q\s+([\d.]+) 0 0 \5 ([\d.-]+) ([\d.-]+) cm/m.exec(t);
    if (!clip) continue;
    const k = +clip[5];
    const top = (+clip[2] - +clip[7]) / k;
    const height = +clip[4] / k;
    let low = top;
    for (const x of t.matchAll(/ 0 0 -1 [\d.-]+ ([\d.-]+) Tm/g)) low = Math.max(low, +x[1]);
    pages.push({ top, fill: (low - top) / height });
  }
  return pages.sort((a, b) => a.top - b.top).map((p) => Math.round(p.fill * 100) / 100);
}

async function pdfPages(page, name) {
  const buf = await page.pdf({ format: "A4", printBackground: false });
  fs.writeFileSync(path.join(artifacts, `words-${name}.pdf`), buf);
  const count = (buf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  const fill = pageFill(buf);
  assert.equal(fill.length, count, `${name}: one content stream per page (${JSON.stringify(fill)})`);
  return { count, fill };
}

test("print: records and opened details printed, compact pages, none left mostly blank", async () => {
  for (const lang of ["zh", "en"]) {
    const page = await newPage();
    await open(page);
    await enterprise(page);
    if (lang === "en") await page.getByRole("button", { name: "English" }).click();
    await page.emulateMedia({ media: "print" });
    const report = page.locator(".xy-report");
    // The records entered are printed (the form is not).
    const printed = report.locator(".xy-print-records");
    assert.ok(await printed.isVisible());
    assert.match(await printed.innerText(), /p1[\s\S]*c1[\s\S]*l1/);
    // A collapsed "依据与适用范围" prints open.
    const scope = page.locator(".xy-scheme details .xy-basis").first();
    assert.ok((await scope.boundingBox())?.height > 0, "details content printed");
    // No control is printed.
    const controls = await page.locator("button, input, select, textarea, summary").evaluateAll((els) =>
      els.filter((e) => e.getClientRects().length > 0).map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(controls, [], `${lang}: controls printed`);
    const { count, fill } = await pdfPages(page, `print-${lang}`);
    pages[`${lang} (penalty, commitment, listing)`] = count;
    pages[`${lang} text reaches down the page`] = fill;
    // 6 (zh) and 7 (en) pages before the print sheet was made compact, one of them 40 % blank.
    assert.ok(count <= 4, `${lang}: ${count} pages`);
    // No page but the last is left mostly blank: nothing forces a break, and what is kept whole
    // is small.
    fill.slice(0, -1).forEach((f, i) => assert.ok(f >= 0.75, `${lang}: page ${i + 1} filled to ${f}: ${JSON.stringify(fill)}`));
    await shot(page, `06-print-media-${lang}`);
    await page.emulateMedia({ media: "screen" });
    await page.close();
  }
});

test("print button prints the widget alone: the host page's columns do not squeeze it", async () => {
  const page = await newPage();
  await page.goto(`${BASE}demo/portal.html?today=${TODAY}`);
  await page.locator("xinyong-check").locator(".xy-title").waitFor();
  await page.evaluate(() => {
    window.print = () => {
      // The page's print sheet is adopted only for the print; apply its rules unwrapped from
      // @media print to measure what the print lays out.
      const adopted = document.adoptedStyleSheets;
      const unwrapped = adopted.map((sh) => {
        const s = new CSSStyleSheet();
        s.replaceSync([...sh.cssRules].map((r) => (r.media ? [...r.cssRules].map((x) => x.cssText).join("\n") : r.cssText)).join("\n"));
        return s;
      });
      document.adoptedStyleSheets = unwrapped;
      const host = document.querySelector("xinyong-check");
      const nav = document.querySelector("td.nav");
      const details = [...host.shadowRoot.querySelectorAll("details")];
      window.__printed = {
        marked: host.hasAttribute("data-xy-printing"),
        hostWidth: host.getBoundingClientRect().width,
        pageWidth: document.documentElement.clientWidth,
        navShown: nav ? getComputedStyle(nav).display !== "none" : false,
        closed: details.filter((d) => !d.open && !d.classList.contains("xy-ids")).length,
        sheets: adopted.length,
      };
      document.adoptedStyleSheets = adopted;
    };
  });
  await page.locator("xinyong-check").getByRole("button", { name: "打印报告" }).click();
  const p = await page.evaluate(() => window.__printed);
  assert.ok(p.marked, "host marked while printing");
  assert.equal(p.sheets, 1, "the print sheet is adopted while printing");
  assert.equal(p.navShown, false, "the portal's nav column is not printed");
  assert.ok(p.hostWidth >= p.pageWidth - 2, `widget takes the page width: ${JSON.stringify(p)}`);
  assert.equal(p.closed, 0);
  // All undone after the print.
  assert.equal(await page.evaluate(() => document.querySelector("xinyong-check").hasAttribute("data-xy-printing")), false);
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0);
  await page.close();
});
