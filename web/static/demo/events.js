// Logs the widgets' events as text (never as HTML).
const log = document.getElementById("log");
function line(s) {
  log.textContent = `${new Date().toISOString().slice(11, 19)} ${s}\n${log.textContent}`.slice(0, 20000);
}
document.addEventListener("xinyong-result", (e) => {
  const r = e.detail;
  const grade = r.grades?.[0];
  line(`#${e.target.id} xinyong-result: ${r.subject.id_masked}, ${grade ? `grade ${grade.level} (${grade.score})` : "no grade"}, ${r.repairs?.length ?? 0} record(s) checked for repair`);
});
document.addEventListener("xinyong-error", (e) => {
  line(`#${e.target.id} xinyong-error: ${e.detail.code}: ${e.detail.en}`);
});
