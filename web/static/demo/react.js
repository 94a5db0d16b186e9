// <xinyong-check> in React 18 without a build step (React.createElement, no JSX).
//
// React 18 sets unknown props on a custom element as attributes and adds no event listener
// for them, so `onXinyongResult` below is never called. The ref + addEventListener in
// SelfCheck is what works (in React 18 and 19). The counts are on `window.xinyongDemo` for the
// end-to-end test.
const { createElement: h, useEffect, useRef, useState } = React;

window.xinyongDemo = { viaRef: 0, viaProp: 0 };

function SelfCheck({ lang, onResult, onError }) {
  const ref = useRef(null);
  useEffect(() => {
    const el = ref.current;
    const result = (e) => onResult(e.detail);
    const error = (e) => onError(e.detail);
    el.addEventListener("xinyong-result", result);
    el.addEventListener("xinyong-error", error);
    return () => {
      el.removeEventListener("xinyong-result", result);
      el.removeEventListener("xinyong-error", error);
    };
  }, [onResult, onError]);
  return h("xinyong-check", {
    ref,
    lang,
    region: "national",
    // The trap: React 18 ignores this prop (kept here so the test can show it).
    onXinyongResult: () => window.xinyongDemo.viaProp++,
  });
}

function App() {
  const [lang, setLang] = useState("zh-CN");
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const onResult = (r) => {
    window.xinyongDemo.viaRef++;
    setReport(r);
  };
  const grade = report?.grades?.[0];
  return h("div", null,
    h("p", null,
      h("button", { type: "button", onClick: () => setLang(lang === "en" ? "zh-CN" : "en") },
        lang === "en" ? "中文" : "English")),
    h("p", { id: "react-status", role: "status" },
      report
        ? `React received the report: ${report.subject.id_masked}${grade ? `, grade ${grade.level}` : ""}`
        : "React has no report yet: enter a subject in the widget."),
    error && h("p", { id: "react-error" }, `${error.code}: ${error.en}`),
    h(SelfCheck, { lang, onResult, onError: setError }));
}

ReactDOM.createRoot(document.getElementById("app")).render(h(App));
