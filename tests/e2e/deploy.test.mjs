// A portal team's deploy (issue 17): content-hashed files with the headers a portal should
// send, the element in React 18 and Vue 3 apps, the TypeScript types, the npm package.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./lib.mjs";

const BASE = process.env.XINYONG_URL ?? "http://127.0.0.1:8080/";
const DIST = process.env.XINYONG_DIST_DIR ?? path.resolve("dist");
const ROOT = path.resolve(".");
const GOOD_USCC = "91350200776049653A";
const HASHED = /\.[0-9a-f]{10}\.(js|wasm|json)$/;

let context;
let profile;

before(async () => {
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-e2e-deploy-"));
  context = await launch(profile, { viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

async function newPage() {
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") page.errors.push(m.text());
  });
  return page;
}

async function enterSubject(page) {
  const id = page.getByRole("textbox", { name: "统一社会信用代码", exact: true });
  await id.fill(GOOD_USCC);
  await page.getByLabel("企业名称").fill("厦门路桥建设有限公司");
}

test("every file the element loads is content-hashed and sent precompressed with a year of caching; the element is revalidated", async () => {
  const page = await newPage();
  const responses = [];
  page.on("response", (r) => responses.push(r));
  await page.goto(`${BASE}demo/portal.html`);
  await page.locator("xinyong-check").getByRole("textbox", { name: "统一社会信用代码", exact: true }).waitFor();
  const byPath = new Map(responses.map((r) => [new URL(r.url()).pathname, r]));
  const wasm = [...byPath.keys()].find((p) => /^\/xinyong_web_bg\.[0-9a-f]{10}\.wasm$/.test(p));
  const glue = [...byPath.keys()].find((p) => /^\/xinyong_web\.[0-9a-f]{10}\.js$/.test(p));
  assert.ok(wasm && glue, `hashed self-check files fetched: ${[...byPath.keys()].join(" ")}`);
  for (const p of [wasm, glue]) {
    const h = await byPath.get(p).allHeaders();
    assert.equal(h["cache-control"], "public, max-age=31536000, immutable", p);
    assert.equal(h["content-encoding"], "br", `${p}: the brotli copy is sent (Chromium accepts br)`);
    assert.equal(h.vary, "Accept-Encoding", p);
  }
  assert.equal((await byPath.get(wasm).allHeaders())["content-type"], "application/wasm");
  const entry = await byPath.get("/xinyong-check.js").allHeaders();
  assert.equal(entry["cache-control"], "no-cache", "the element keeps its name, so it is revalidated");
  assert.equal(entry["content-type"], "text/javascript; charset=utf-8");
  // Nothing but the element and the page's own files is fetched under a plain name.
  for (const p of byPath.keys()) {
    if (p.startsWith("/demo/") || p === "/xinyong-check.js") continue;
    assert.match(p, HASHED, `${p} is not content-hashed`);
  }
  // The manifest names the files that exist, and the regional packs by their hash.
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, "manifest.json"), "utf8"));
  assert.equal(`/${manifest["xinyong_web_bg.wasm"]}`, wasm);
  for (const [plain, hashed] of Object.entries(manifest)) {
    assert.match(hashed, HASHED, plain);
    assert.ok(fs.existsSync(path.join(DIST, hashed)), `${hashed} exists`);
    assert.ok(!fs.existsSync(path.join(DIST, plain)), `${plain} is not left under its plain name`);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("React 18: the report reaches the app through ref + addEventListener; the onXinyongResult prop is ignored", async () => {
  const page = await newPage();
  await page.goto(`${BASE}demo/react.html`);
  await enterSubject(page);
  await page.locator("#react-status", { hasText: "React received the report: 9135************3A" }).waitFor();
  const counts = await page.evaluate(() => window.xinyongDemo);
  assert.ok(counts.viaRef > 0, "the ref listener got the report");
  assert.equal(counts.viaProp, 0, "React 18 added no listener for onXinyongResult");
  // React re-renders with a new lang: the element's attribute follows and what was typed stays.
  await page.getByRole("button", { name: "English", exact: true }).click();
  const id = page.getByRole("textbox", { name: "Unified social credit code", exact: true });
  assert.equal(await id.inputValue(), GOOD_USCC);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("Vue 3: @xinyong-result on the custom element reaches the app", async () => {
  const page = await newPage();
  await page.goto(`${BASE}demo/vue.html`);
  await enterSubject(page);
  await page.locator("#vue-status", { hasText: "Vue received the report: 9135************3A" }).waitFor();
  assert.ok((await page.evaluate(() => window.xinyongDemo.results)) > 0);
  await page.getByRole("button", { name: "English", exact: true }).click();
  assert.equal(await page.getByRole("textbox", { name: "Unified social credit code", exact: true }).inputValue(), GOOD_USCC);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("TypeScript: the package's types check a DOM and a React usage, and reject the wrong ones (tsc --noEmit)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xinyong-types-"));
  try {
    // The package as an app would install it: node_modules/xinyong-widget is dist/ itself, so
    // package.json's `exports` and `types` are what resolve the imports.
    fs.mkdirSync(path.join(dir, "node_modules/@types"), { recursive: true });
    fs.symlinkSync(DIST, path.join(dir, "node_modules/xinyong-widget"), "dir");
    fs.symlinkSync(path.join(ROOT, "node_modules/@types/react"), path.join(dir, "node_modules/@types/react"), "dir");
    for (const dep of ["csstype", "@types/prop-types"]) {
      if (fs.existsSync(path.join(ROOT, "node_modules", dep))) fs.symlinkSync(path.join(ROOT, "node_modules", dep), path.join(dir, "node_modules", dep), "dir");
    }
    for (const f of ["dom.ts", "react.tsx"]) fs.copyFileSync(path.join(ROOT, "tests/types", f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: "ES2022", module: "ESNext", moduleResolution: "bundler",
        jsx: "react-jsx", lib: ["ES2022", "DOM"], types: [], skipLibCheck: false, preserveSymlinks: true,
      },
      files: ["dom.ts", "react.tsx"],
    }));
    const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
    assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    // Each `@ts-expect-error` in the test files is a wrong usage the types must refuse (tsc
    // fails on an unused one). And without the package's JSX types React knows no such tag:
    const react = fs.readFileSync(path.join(dir, "react.tsx"), "utf8");
    assert.ok(react.includes('import type {} from "xinyong-widget/jsx";'));
    fs.writeFileSync(path.join(dir, "react.tsx"), react.replace('import type {} from "xinyong-widget/jsx";', ""));
    const without = spawnSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
    assert.notEqual(without.status, 0, "react.tsx type-checks without the JSX types: the test proves nothing");
    assert.match(without.stdout, /xinyong-check/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("npm package: package.json is publishable and `npm pack --dry-run` takes the widget's files", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(DIST, "package.json"), "utf8"));
  const cargo = fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
  const version = /\[workspace\.package\][^[]*?version = "([^"]+)"/.exec(cargo)[1];
  assert.equal(pkg.version, version, "the release's version");
  assert.notEqual(pkg.private, true);
  assert.equal(pkg.types, "./xinyong-check.d.ts");
  assert.equal(pkg.exports["."].default, "./xinyong-check.js");
  // Conditions are tried in order: `types` must precede `default` or TypeScript takes the JS.
  for (const [k, v] of Object.entries(pkg.exports)) {
    if (typeof v === "object" && "default" in v) assert.deepEqual(Object.keys(v)[0], "types", `exports["${k}"] lists types first`);
  }
  const out = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: DIST, encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  const [info] = JSON.parse(out.stdout);
  assert.equal(info.name, "xinyong-widget");
  assert.equal(info.version, version);
  const files = info.files.map((f) => f.path);
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, "manifest.json"), "utf8"));
  for (const f of ["package.json", "README.md", "xinyong-check.js", "xinyong-check.d.ts", "xinyong-check-jsx.d.ts",
    "xinyong-api.js", "xinyong-api.d.ts", "manifest.json", ...Object.values(manifest)]) {
    assert.ok(files.includes(f), `${f} is in the package`);
  }
  assert.ok(!files.some((f) => f.startsWith("demo/")), "the demo pages are not");
  for (const f of [...files, "package.json"]) {
    if (f.endsWith(".br") || f.endsWith(".gz")) assert.ok(files.includes(f.replace(/\.(br|gz)$/, "")), `${f} has its file`);
  }
});
