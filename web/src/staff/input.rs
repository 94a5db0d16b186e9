//! The controls: screening date, the file (chosen or dropped, then named with its size and the
//! sheet read), templates, the progress bar and the message under the controls.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::state::{size_text, FileInfo, FileLink, Note};
use crate::i18n::Lang;
use crate::progress::progress_bar;
use crate::worker::Progress;

#[derive(Properties, PartialEq)]
pub struct InputProps {
    pub lang: Lang,
    pub uid: AttrValue,
    pub as_of: String,
    pub on_as_of: Callback<String>,
    pub on_file: Callback<web_sys::File>,
    /// Screen the same file again (as of the date shown).
    pub on_rescreen: Callback<()>,
    pub on_template: Callback<&'static str>,
    pub file: Option<FileInfo>,
    pub sheet: Option<String>,
    pub busy: bool,
    pub progress: Option<Progress>,
    pub announce: String,
    pub note: Option<Note>,
    pub links: Vec<FileLink>,
}

#[component]
pub fn StaffInput(p: &InputProps) -> Html {
    let l = p.lang;
    let uid = &p.uid;
    let date_id = format!("{uid}-staff-asof");
    let on_as_of = p
        .on_as_of
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let template = |format: &'static str| p.on_template.reform(move |_: MouseEvent| format);
    html! {
        <section class="xy-card xy-staff-input" aria-labelledby={format!("{uid}-staff-in")}>
            <h3 id={format!("{uid}-staff-in")}>{ l.t("批量预审", "Batch pre-screening") }</h3>
            <p class="xy-hint">{ l.t("每行一条记录，主体信息逐行重复；没有记录的主体占一行。可先下载模板。文件只在本浏览器中处理，不会上传。",
                "One row per record, subject columns repeated; a subject with no records has one row. Download a template first if needed. The file is processed in this browser only and never uploaded.") }</p>
            <div class="xy-asof">
                <label for={date_id.clone()}>{ l.t("预审日期", "Screen as of") }</label>
                <div class="xy-row">
                    <input id={date_id} type="date" value={p.as_of.clone()} oninput={on_as_of} />
                    if p.file.is_some() {
                        <button type="button" class="xy-btn xy-btn-small" onclick={p.on_rescreen.reform(|_| ())} disabled={p.busy}>
                            { l.t("按此日期重新预审", "Screen again as of this date") }
                        </button>
                    }
                </div>
            </div>
            <FilePicker lang={l} uid={uid.clone()} disabled={p.busy} on_file={p.on_file.clone()} />
            if let Some(f) = &p.file {
                { chosen_file(f, p.sheet.as_deref().filter(|_| !p.busy), l) }
            }
            <div class="xy-row">
                <span>{ l.t("下载模板：", "Template: ") }</span>
                <button type="button" class="xy-btn xy-btn-small xy-template-xlsx" onclick={template("xlsx")}>{ "XLSX" }</button>
                <button type="button" class="xy-btn xy-btn-small xy-template-csv" onclick={template("csv")}>{ "CSV" }</button>
            </div>
            if let Some(pr) = &p.progress {
                { progress_bar(pr, l, l.t("预审进度", "Screening progress")) }
            } else if p.busy {
                <p class="xy-progress-text">{ l.t("正在启动预审模块…", "Starting the staff module…") }</p>
            }
            <p class="xy-sr" role="status" aria-live="polite">{ p.announce.clone() }</p>
            <div class="xy-staff-note" role="status" aria-live="polite">
                { match &p.note {
                    Some(Note::Ok(zh, en)) => html! { <div class="xy-msg xy-msg-ok"><p>{ l.t(zh, en) }</p></div> },
                    Some(Note::Err(e)) => html! {
                        <div class="xy-msg xy-msg-err" role="alert">
                            <p><strong>{ l.t(&e.zh, &e.en) }</strong></p>
                            if !e.problems.is_empty() {
                                <ul>{ for e.details().iter().take(50).map(|d| html! { <li>{ l.t(&d.zh, &d.en) }</li> }) }</ul>
                            }
                        </div>
                    },
                    None => html! {},
                } }
            </div>
            if !p.links.is_empty() {
                <p class="xy-hint xy-file-links">
                    { l.t("如浏览器没有自动下载，请点击：", "If your browser did not download them, click: ") }
                    { for p.links.iter().map(|f| html! { <a href={f.url.clone()} download={f.name.clone()}>{ &f.name }</a> }) }
                </p>
            }
        </section>
    }
}

/// "File: name (size) · sheet read": which file the results are of.
fn chosen_file(f: &FileInfo, sheet: Option<&str>, l: Lang) -> Html {
    html! {
        <p class="xy-chosen-file" data-file-name={f.name.clone()}>
            <span class="xy-chosen-label">{ l.t("文件：", "File: ") }</span>
            <strong class="xy-chosen-name">{ &f.name }</strong>
            { format!("{}{}{}", l.t("（", " ("), size_text(f.size), l.t("）", ")")) }
            if let Some(sh) = sheet {
                <span class="xy-chosen-sheet">{ match l {
                    Lang::Zh => format!(" · 读取的工作表：{sh}"),
                    Lang::En => format!(" · sheet read: {sh}"),
                } }</span>
            }
        </p>
    }
}

#[derive(Properties, PartialEq)]
struct PickerProps {
    lang: Lang,
    uid: AttrValue,
    disabled: bool,
    on_file: Callback<web_sys::File>,
}

/// The file input inside a drop zone that highlights while a file is dragged over it.
#[component]
fn FilePicker(p: &PickerProps) -> Html {
    let l = p.lang;
    let dragging = use_state(|| false);
    let zone = crate::drop::drop_zone(&dragging, p.on_file.clone());
    let on_change = {
        let on_file = p.on_file.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(f) = input.files().and_then(|f| f.get(0)) {
                on_file.emit(f);
            }
            input.set_value("");
        })
    };
    let file_id = format!("{}-staff-file", p.uid);
    html! {
        <div class={classes!("xy-drop", dragging.then_some("xy-drop-active"))}
            ondrop={zone.ondrop} ondragover={zone.ondragover} ondragleave={zone.ondragleave}>
            <label for={file_id.clone()}>
                { l.t("选择或拖入申请批次文件（XLSX、CSV 或 JSONL）", "Choose or drop an application batch (XLSX, CSV or JSONL)") }
            </label>
            <input id={file_id} type="file" disabled={p.disabled}
                accept=".xlsx,.csv,.jsonl,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                onchange={on_change} />
        </div>
    }
}
