// <xinyong-check> in Vue 3 (the browser build with the template compiler, no build step).
import { createApp, ref } from "vue";

window.xinyongDemo = { results: 0 };

const app = createApp({
  setup() {
    const lang = ref("zh-CN");
    const report = ref(null);
    const error = ref(null);
    const onResult = (e) => {
      window.xinyongDemo.results++;
      report.value = e.detail;
    };
    const onError = (e) => {
      error.value = e.detail;
    };
    return { lang, report, error, onResult, onError };
  },
  template: `
    <p><button type="button" @click="lang = lang === 'en' ? 'zh-CN' : 'en'">{{ lang === 'en' ? '中文' : 'English' }}</button></p>
    <p id="vue-status" role="status">{{ report
      ? 'Vue received the report: ' + report.subject.id_masked + (report.grades?.[0] ? ', grade ' + report.grades[0].level : '')
      : 'Vue has no report yet: enter a subject in the widget.' }}</p>
    <p v-if="error" id="vue-error">{{ error.code }}: {{ error.en }}</p>
    <xinyong-check :lang="lang" region="national" @xinyong-result="onResult" @xinyong-error="onError"></xinyong-check>
  `,
});
// Without this Vue would try to resolve <xinyong-check> as a Vue component and warn.
app.config.compilerOptions.isCustomElement = (tag) => tag === "xinyong-check";
app.mount("#app");
