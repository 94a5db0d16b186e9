// The widget as it will be embedded later: mounted into a shadow root by a custom element,
// next to a second widget on the same page. Styles must stay inside, state must not be shared.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./lib.mjs";

const BASE = process.env.XINYONG_URL ?? "http://127.0.0.1:8080/";

let context;
let profile;

before(async () => {
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-e2e-embed-"));
  context = await launch(profile, {
    viewport: { width: 1280, height: 900 },
  });
});

after(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

test("mounts into a shadow root beside a second widget; styles and state stay apart", async () => {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${BASE}?today=2026-11-22`);
  await page.locator(".xy-title").first().waitFor();
  // The demo page already initialised the module; a second import shares that instance.
  await page.evaluate(async () => {
    // dist/ names the glue by its content hash (manifest.json maps the plain names).
    const names = await (await fetch("/manifest.json")).json();
    const { mount } = await import(`./${names["xinyong_web.js"]}`);
    const host = document.createElement("div");
    host.id = "host";
    document.body.prepend(host);
    const shadow = host.attachShadow({ mode: "open" });
    const root = document.createElement("div");
    shadow.appendChild(root);
    window.__shadowWidget = mount(root, { lang: "en", today: "2026-11-22", storageKey: "xinyong.shadow" });
  });
  const shadow = page.locator("#host");
  await shadow.getByRole("heading", { name: "Transport credit self-check" }).waitFor();

  // Styles apply inside the shadow root (they travel with the widget) …
  const bg = await shadow.getByRole("button", { name: "+ Add a record" }).evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(bg, "rgb(29, 79, 145)");
  // … and nothing leaks onto the host page.
  const pageFont = await page.evaluate(() => getComputedStyle(document.querySelector(".portal-foot")).fontSize);
  assert.equal(pageFont, "13.6px");

  // Events and labels work inside the shadow tree.
  const id = shadow.getByRole("textbox", { name: "Unified social credit code", exact: true });
  await id.fill("91350200776049653B");
  await id.blur();
  await shadow.locator(".xy-hint.xy-error", { hasText: "check character does not match: the last character does not agree with the first 17" }).waitFor();

  // The page's own widget is untouched by what happens in the other one.
  const outerId = page.locator("#xinyong-root").getByRole("textbox", { name: "统一社会信用代码", exact: true });
  assert.equal(await outerId.inputValue(), "");
  await outerId.fill("91350200776049653A");
  assert.equal(await id.inputValue(), "91350200776049653B");

  // The public self-check reads only shipped packs: a portal's own pack is refused with a clear
  // error naming the build that can (the element picks that build by itself for pack-src).
  const refused = await page.evaluate(async () => {
    // dist/ names the glue by its content hash (manifest.json maps the plain names).
    const names = await (await fetch("/manifest.json")).json();
    const { mount } = await import(`./${names["xinyong_web.js"]}`);
    try {
      mount(document.createElement("div"), { packJson: "{}" });
      return null;
    } catch (e) {
      return e;
    }
  });
  assert.equal(refused?.code, "custom_pack_build");
  assert.match(refused.en, /xinyong_web_pack\.js/);
  assert.match(refused.zh, /门户自有规则包/);

  // Unmounting leaves an empty root.
  await page.evaluate(() => window.__shadowWidget.unmount());
  assert.equal(await page.evaluate(() => document.querySelector("#host").shadowRoot.firstElementChild.childElementCount), 0);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: path.resolve(path.dirname(new URL(import.meta.url).pathname), "../artifacts/12-two-widgets.png") });
  await page.close();
});
