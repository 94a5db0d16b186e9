// What every end-to-end file (and the browser benchmark) shares: the system Chromium with the
// flags xtask passes, started on a profile the caller made fresh. Not a test file itself
// (xtask runs only *.test.mjs).

import zlib from "node:zlib";
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

/** Entries of a zip file (stored or deflated), by name. Enough for XLSX. */
export function unzip(buf) {
  // End of central directory: the last "PK\x05\x06".
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip file");
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error("bad central directory");
    const method = buf.readUInt16LE(at + 10);
    const csize = buf.readUInt32LE(at + 20);
    const nlen = buf.readUInt16LE(at + 28);
    const xlen = buf.readUInt16LE(at + 30);
    const clen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nlen).toString("utf8");
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + csize);
    out.set(name, method === 0 ? Buffer.from(data) : zlib.inflateRawSync(data));
    at += 46 + nlen + xlen + clen;
  }
  return out;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
function unxml(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e] ?? m,
  );
}
/** The text of a shared-string item or an inline string: every `<t>` run, joined. */
function textOf(xml) {
  return [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)].map((m) => unxml(m[1] ?? "")).join("");
}

/**
 * What a reader of an XLSX sees: per sheet (by its name in workbook.xml), every non-empty cell as
 * `ref kind value` — kind `s` for text (shared or inline: how a writer stores a string is not what
 * it says), `n` number, `b` boolean. Timestamps, styles and the string table's layout left out.
 */
export function xlsxCells(buf) {
  const parts = unzip(buf);
  const shared = [...(parts.get("xl/sharedStrings.xml")?.toString("utf8") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1]));
  const names = [...(parts.get("xl/workbook.xml")?.toString("utf8") ?? "").matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => unxml(m[1]));
  const out = {};
  names.forEach((name, i) => {
    const xml = parts.get(`xl/worksheets/sheet${i + 1}.xml`)?.toString("utf8") ?? "";
    const cells = [];
    for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = m[1];
      const body = m[2] ?? "";
      const ref = /\br="([^"]+)"/.exec(attrs)?.[1];
      const t = /\bt="([^"]+)"/.exec(attrs)?.[1] ?? "n";
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let cell;
      if (t === "s") cell = ["s", shared[Number(v)]];
      else if (t === "inlineStr") cell = ["s", textOf(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? "")];
      else if (t === "str") cell = ["s", unxml(v ?? "")];
      else if (v === undefined) continue; // a styled empty cell
      else cell = [t === "b" ? "b" : "n", unxml(v)];
      cells.push(`${ref} ${cell[0]} ${cell[1]}`);
    }
    out[name] = cells;
  });
  return out;
}
