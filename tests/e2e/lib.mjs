// What every end-to-end file (and the browser benchmark) shares: the system Chromium with the
// flags xtask passes, started on a profile the caller made fresh. Not a test file itself
// (xtask runs only *.test.mjs).

import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Quiet, offline-friendly flags: without them Chromium phones home, which a privacy test would see. */
export const FLAGS = (
  process.env.CHROMIUM_FLAGS ??
  "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic"
).split(/\s+/).filter(Boolean);

/** Start Chromium on `profile` (a fresh directory) with `options` added to the defaults. */
export function launch(profile, options = {}) {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    // The flags (including --headless) are passed verbatim, so Playwright adds no headless
    // mode of its own.
    headless: false,
    args: FLAGS,
    ...options,
  });
}
