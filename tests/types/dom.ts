// Type-checked by tests/e2e/deploy.test.mjs (tsc --noEmit against dist/ as the npm package).
// Each `@ts-expect-error` marks a usage the types must refuse.
import type { XinyongCheck, XinyongCheckAttributes, XinyongError, Report } from "xinyong-widget";

const el: XinyongCheck = document.createElement("xinyong-check");
const found: XinyongCheck | null = document.querySelector("xinyong-check");

el.addEventListener("xinyong-result", (e) => {
  const report: Report = e.detail;
  const masked: string = report.subject.id_masked;
  console.log(masked, report.grades.length);
});
el.addEventListener("xinyong-error", (e) => {
  const err: XinyongError = e.detail;
  console.log(err.code, err.zh, err.en, err.problems?.length);
});
// The events bubble and are composed: a listener on the document is typed too.
document.addEventListener("xinyong-result", (e) => console.log(e.detail.subject.id_masked));
found?.setAttribute("lang", "en");

el.addEventListener("xinyong-result", (e) => {
  // @ts-expect-error the report is typed: no such field
  console.log(e.detail.subject.full_id);
});
el.addEventListener("xinyong-error", (e) => {
  // @ts-expect-error an error's code is a string
  const n: number = e.detail.code;
  console.log(n);
});

const attrs: XinyongCheckAttributes = { lang: "en", mode: "staff", "as-of": "2026-11-22", theme: "red" };
// @ts-expect-error only zh-CN and en
const badLang: XinyongCheckAttributes = { lang: "fr" };
// @ts-expect-error only self and staff
const badMode: XinyongCheckAttributes = { mode: "admin" };
console.log(attrs, badLang, badMode);
