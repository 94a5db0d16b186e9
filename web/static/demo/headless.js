// A portal page that renders its own UI over the headless API (no Yew, no widget).
import init, { evaluate, validateSubjectId, packs } from "../xinyong-api.js";

await init({ module_or_path: new URL("../xinyong-api_bg.wasm", import.meta.url) });
const $ = (id) => document.getElementById(id);
for (const p of packs()) {
  const o = document.createElement("option");
  o.value = p.id;
  o.textContent = `${p.zh} / ${p.en}`;
  $("pack").append(o);
}
function run() {
  const id = $("id").value.trim();
  const check = validateSubjectId(id, "enterprise");
  if (!check.valid) {
    $("status").textContent = `Invalid id: ${check.en}`;
    $("out").textContent = "";
    return;
  }
  try {
    const report = evaluate(
      { subject: { kind: "enterprise", id, name: "Demo Co.", industry: "road_freight" }, records: [] },
      { pack: $("pack").value },
    );
    $("status").textContent = `Evaluated ${report.subject.id_masked} with ${report.pack.id}`;
    $("out").textContent = JSON.stringify(report, null, 2);
  } catch (e) {
    $("status").textContent = `${e.code}: ${e.en}`;
  }
}
$("f").addEventListener("submit", (e) => {
  e.preventDefault();
  run();
});
run();
