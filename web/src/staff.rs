//! Staff mode (批量预审): a batch file goes to the staff worker, which screens it with the core;
//! this renders its progress, counts, summary rows, rejected rows and per-subject reports, and
//! offers the worker's export files. The widget judges nothing itself.
//!
//! Responsiveness: the worker does the reading and evaluating; progress ticks re-render only
//! the progress bar (the table is its own component whose props do not change), and the table
//! shows one page of rows, so 20,000 subjects cost the DOM no more than 50.

use std::rc::Rc;

use chrono::NaiveDate;
use wasm_bindgen::JsValue;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::{PackRef, PrintSlot};
use crate::dom;
use crate::draft::{Draft, Outcome};
use crate::i18n::Lang;
use crate::progress::{percent, progress_bar, progress_label};
use crate::report::ReportView;
use crate::staff_table::{self, Filter, Screened, Sort, SortKey, Verdict};
use crate::worker::{Progress, Reply, WorkerError, WorkerRef};

/// Rows per page: enough to scan, few enough that paging is instant.
pub const PAGE_SIZE: usize = 50;
/// Rejected rows listed in the widget; the export files hold all of them.
const REJECTED_SHOWN: usize = 200;

#[derive(Properties, PartialEq)]
pub struct StaffProps {
    pub lang: Lang,
    pub worker: WorkerRef,
    pub uid: AttrValue,
    pub today: NaiveDate,
    /// The element's `as-of`: the check date to start with.
    #[prop_or_default]
    pub as_of: Option<AttrValue>,
    /// The element's `region`: forces that pack for every subject (like `--pack`).
    #[prop_or_default]
    pub region: Option<AttrValue>,
    /// A portal's own pack (JSON text), handed to the worker as is.
    #[prop_or_default]
    pub pack_json: Option<AttrValue>,
    #[prop_or_default]
    pub custom_pack: Option<PackRef>,
    /// Failures also reach the host page (`xinyong-error`).
    pub on_error: Callback<WorkerError>,
    pub on_print: Callback<PrintSlot>,
}

/// A message shown under the controls.
#[derive(Clone, Debug, PartialEq)]
enum Note {
    Ok(String, String),
    Err(WorkerError),
}

/// A written file ready for download (the URL is revoked when a newer export replaces it).
#[derive(Clone, Debug, PartialEq)]
struct FileLink {
    name: String,
    url: String,
}

/// The subject whose report is open.
#[derive(Clone, Debug, PartialEq)]
enum Open {
    Loading(usize),
    Report(usize, Rc<Outcome>),
}

fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base.rsplit_once('.').map(|(s, _)| s).unwrap_or(base);
    let clean: String = stem
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if clean.trim().is_empty() {
        "batch".into()
    } else {
        clean
    }
}

/// The `files` reply as download links.
fn links_of(reply: &Reply) -> Result<Vec<FileLink>, WorkerError> {
    let files = js_sys::Array::from(&reply.get("files"));
    let mut out = Vec::new();
    for f in files.iter() {
        let get =
            |k: &str| js_sys::Reflect::get(&f, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        let name = get("name")
            .as_string()
            .ok_or_else(|| WorkerError::protocol("files", "name"))?;
        let mime = get("mime")
            .as_string()
            .unwrap_or_else(|| "application/octet-stream".into());
        let url =
            dom::object_url(&get("bytes"), &mime).map_err(|e| WorkerError::protocol("files", e))?;
        out.push(FileLink { name, url });
    }
    if out.is_empty() {
        return Err(WorkerError::protocol("files", "no file"));
    }
    Ok(out)
}

#[component]
pub fn StaffView(p: &StaffProps) -> Html {
    let l = p.lang;
    let as_of = use_state(|| {
        p.as_of
            .as_ref()
            .map(|a| a.to_string())
            .unwrap_or_else(|| p.today.to_string())
    });
    let file = use_state(|| None::<web_sys::File>);
    let busy = use_state(|| false);
    let progress = use_state(|| None::<Progress>);
    // Announced text: changes per phase and per tenth, so a screen reader is not flooded.
    let announce = use_state(String::new);
    let screened = use_state(|| None::<Rc<Screened>>);
    let note = use_state(|| None::<Note>);
    let open = use_state(|| None::<Open>);
    let links = use_state(Vec::<FileLink>::new);
    let dragging = use_state(|| false);
    let report_ref = use_node_ref();
    let table_ref = use_node_ref();

    {
        let as_of = as_of.clone();
        use_effect_with(p.as_of.clone(), move |a| {
            if let Some(a) = a {
                as_of.set(a.to_string());
            }
        });
    }
    {
        // Start the worker when staff mode shows, so its wasm loads while staff pick a file.
        let w = p.worker.clone();
        use_effect_with((), move |_| w.warm());
    }
    {
        // Revoke the previous export's URLs when a new export replaces them.
        use_effect_with((*links).clone(), |ls| {
            let ls = ls.clone();
            move || {
                for f in ls {
                    dom::revoke_url(&f.url);
                }
            }
        });
    }
    {
        let report_ref = report_ref.clone();
        use_effect_with((*open).clone(), move |o| {
            if matches!(o, Some(Open::Report(..))) {
                dom::focus(report_ref.cast::<web_sys::Element>());
            }
        });
    }

    let fail = {
        let note = note.clone();
        let on_error = p.on_error.clone();
        Callback::from(move |e: WorkerError| {
            note.set(Some(Note::Err(e.clone())));
            on_error.emit(e);
        })
    };

    let screen = {
        let worker = p.worker.clone();
        let (busy, progress, announce, screened, note, open, links) = (
            busy.clone(),
            progress.clone(),
            announce.clone(),
            screened.clone(),
            note.clone(),
            open.clone(),
            links.clone(),
        );
        let fail = fail.clone();
        let as_of = as_of.clone();
        let region = p.region.clone();
        let pack_json = p.pack_json.clone();
        Callback::from(move |f: web_sys::File| {
            let name = f.name();
            busy.set(true);
            progress.set(None);
            note.set(None);
            open.set(None);
            links.set(vec![]);
            announce.set(match l {
                Lang::Zh => format!("开始预审 {name}"),
                Lang::En => format!("Screening {name}"),
            });
            let (worker, busy, progress, announce, screened, note, fail) = (
                worker.clone(),
                busy.clone(),
                progress.clone(),
                announce.clone(),
                screened.clone(),
                note.clone(),
                fail.clone(),
            );
            let date = (*as_of).clone();
            let region = region.clone();
            let pack_json = pack_json.clone();
            yew::platform::spawn_local(async move {
                let bytes = match dom::read_bytes(&f).await {
                    Ok(b) => b,
                    Err(e) => {
                        busy.set(false);
                        fail.emit(WorkerError::new(
                            "file_read",
                            format!("无法读取文件 {name}：{e}"),
                            format!("Could not read the file {name}: {e}"),
                        ));
                        return;
                    }
                };
                let mut fields = vec![("name", JsValue::from_str(&name)), ("bytes", bytes.clone())];
                if !date.is_empty() {
                    fields.push(("asOf", JsValue::from_str(&date)));
                }
                if let Some(r) = &region {
                    fields.push(("region", JsValue::from_str(r)));
                }
                if let Some(j) = &pack_json {
                    fields.push(("packJson", JsValue::from_str(j)));
                }
                let last_said = Rc::new(std::cell::Cell::new((String::new(), u32::MAX)));
                let on_reply = Callback::from(move |r: Reply| {
                    if r.is("progress") {
                        if let Ok(pr) = r.json::<Progress>() {
                            let tenth = percent(&pr) / 10;
                            let (phase, said) = last_said.take();
                            if phase != pr.phase || said != tenth {
                                announce.set(progress_label(&pr, l));
                                last_said.set((pr.phase.clone(), tenth));
                            } else {
                                last_said.set((phase, said));
                            }
                            progress.set(Some(pr));
                        }
                        return;
                    }
                    busy.set(false);
                    progress.set(None);
                    if let Some(e) = r.error() {
                        announce.set(l.t("预审失败", "Screening failed").into());
                        // The worker dropped the previous screening too: a table left on screen
                        // could no longer open reports or export.
                        screened.set(None);
                        fail.emit(e);
                        return;
                    }
                    match r.json::<Screened>() {
                        Ok(s) => {
                            let c = &s.counts;
                            let (zh, en) = (
                                format!(
                                    "预审完成：读取 {} 行，使用 {} 行，拒绝 {} 行；{} 个主体，其中 {} 个结果不完整。",
                                    c.rows_read, c.rows_used, c.rows_rejected, c.subjects, c.subjects_incomplete
                                ),
                                format!(
                                    "Screening done: {} rows read, {} used, {} rejected; {} subjects, {} of them incomplete.",
                                    c.rows_read, c.rows_used, c.rows_rejected, c.subjects, c.subjects_incomplete
                                ),
                            );
                            announce.set(l.t(&zh, &en).into());
                            note.set(Some(Note::Ok(zh, en)));
                            screened.set(Some(Rc::new(s)));
                        }
                        Err(e) => fail.emit(e),
                    }
                });
                // The bytes are transferred, not copied: the worker owns them from here.
                worker.request("screen", &fields, &[bytes], on_reply);
            });
        })
    };

    let on_file = {
        let screen = screen.clone();
        let file = file.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(f) = input.files().and_then(|f| f.get(0)) {
                file.set(Some(f.clone()));
                screen.emit(f);
            }
            input.set_value("");
        })
    };
    let zone = {
        let screen = screen.clone();
        let file = file.clone();
        crate::drop::drop_zone(
            &dragging,
            Callback::from(move |f: web_sys::File| {
                file.set(Some(f.clone()));
                screen.emit(f);
            }),
        )
    };
    let rescreen = {
        let screen = screen.clone();
        let file = file.clone();
        Callback::from(move |_| {
            if let Some(f) = (*file).clone() {
                screen.emit(f);
            }
        })
    };
    let on_as_of = {
        let as_of = as_of.clone();
        Callback::from(move |e: InputEvent| {
            as_of.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };

    let files_request = {
        let worker = p.worker.clone();
        let links = links.clone();
        let note = note.clone();
        let fail = fail.clone();
        Callback::from(
            move |(kind, fields): (&'static str, Vec<(&'static str, JsValue)>)| {
                let links = links.clone();
                let note = note.clone();
                let fail = fail.clone();
                let on_reply = Callback::from(move |r: Reply| {
                    if r.is("progress") {
                        return;
                    }
                    if let Some(e) = r.error() {
                        fail.emit(e);
                        return;
                    }
                    match links_of(&r) {
                        Ok(ls) => {
                            for f in &ls {
                                if let Err(e) = dom::download_url(&f.name, &f.url) {
                                    fail.emit(WorkerError::new(
                                        "download",
                                        format!("下载失败：{e}"),
                                        format!("Download failed: {e}"),
                                    ));
                                    return;
                                }
                            }
                            let names: Vec<&str> = ls.iter().map(|f| f.name.as_str()).collect();
                            note.set(Some(Note::Ok(
                                format!(
                                    "已生成文件：{}（在您的浏览器中生成，未上传）",
                                    names.join("、")
                                ),
                                format!(
                                    "Files written: {} (made in your browser; nothing uploaded)",
                                    names.join(", ")
                                ),
                            )));
                            links.set(ls);
                        }
                        Err(e) => fail.emit(e),
                    }
                });
                worker.request(kind, &fields, &[], on_reply);
            },
        )
    };
    let export = |format: &'static str| {
        let files_request = files_request.clone();
        let file = file.clone();
        Callback::from(move |_| {
            let stem = format!(
                "{}-screened",
                file.as_ref()
                    .map(|f| file_stem(&f.name()))
                    .unwrap_or_else(|| "batch".into())
            );
            files_request.emit((
                "export",
                vec![
                    ("format", JsValue::from_str(format)),
                    ("stem", JsValue::from_str(&stem)),
                    // Values in the page's language, as `xinyong batch --lang` writes them.
                    ("lang", JsValue::from_str(l.t("zh", "en"))),
                ],
            ));
        })
    };
    let template = |format: &'static str| {
        let files_request = files_request.clone();
        Callback::from(move |_| {
            files_request.emit(("template", vec![("format", JsValue::from_str(format))]))
        })
    };

    // The report view reads record dates from a draft (the self-check's own, in self mode);
    // here it holds the opened subject's document as the worker sent it (id masked).
    let subject_doc = use_reducer(Draft::default);

    let on_open = {
        let worker = p.worker.clone();
        let open = open.clone();
        let fail = fail.clone();
        let doc = subject_doc.dispatcher();
        Callback::from(move |index: usize| {
            open.set(Some(Open::Loading(index)));
            let open = open.clone();
            let fail = fail.clone();
            let doc = doc.clone();
            let on_reply = Callback::from(move |r: Reply| {
                if r.is("progress") {
                    return;
                }
                if let Some(e) = r.error() {
                    open.set(None);
                    fail.emit(e);
                    return;
                }
                // Both documents are read by the core's own readers (already in the widget):
                // a serde instantiation for `Report` would cost ≈ 20 KB gzip.
                let text = |key: &str| {
                    js_sys::JSON::stringify(&r.get(key))
                        .ok()
                        .and_then(|s| s.as_string())
                        .unwrap_or_default()
                };
                match xinyong_core::input::report_from_json(&text("report")) {
                    Ok(report) => {
                        // A document the engine cannot read back only loses the dates.
                        let draft = xinyong_core::input::parse_input(&text("input"))
                            .map(Draft::from_input)
                            .unwrap_or_default();
                        doc.dispatch(crate::app::Act::Replace(draft));
                        open.set(Some(Open::Report(
                            index,
                            Rc::new(Outcome::Report(Box::new(report))),
                        )))
                    }
                    Err(e) => {
                        open.set(None);
                        fail.emit(WorkerError::new(
                            "worker_protocol",
                            format!("预审模块发来的报告无法读取：{}", e.zh),
                            format!("The staff module's report could not be read: {}", e.en),
                        ));
                    }
                }
            });
            worker.request(
                "report",
                &[("index", JsValue::from(index as u32))],
                &[],
                on_reply,
            );
        })
    };
    let close = {
        let open = open.clone();
        let table_ref = table_ref.clone();
        Callback::from(move |_| {
            let index = match &*open {
                Some(Open::Report(i, _)) | Some(Open::Loading(i)) => Some(*i),
                None => None,
            };
            open.set(None);
            // Back to the row the report came from, so keyboard users keep their place.
            if let (Some(i), Some(t)) = (index, table_ref.cast::<web_sys::Element>()) {
                dom::focus(
                    t.query_selector(&format!("tr[data-index='{i}'] button"))
                        .ok()
                        .flatten(),
                );
            }
        })
    };

    // The summary row of the open subject (its name, and whether it lost a row).
    let open_row = match (&*open, &*screened) {
        (Some(Open::Report(i, _) | Open::Loading(i)), Some(s)) => {
            s.rows.iter().find(|r| r.index == *i)
        }
        _ => None,
    };
    let uid = &p.uid;
    let file_id = format!("{uid}-staff-file");
    let date_id = format!("{uid}-staff-asof");
    let busy_now = *busy;
    html! {
        <div class="xy-staff">
            <section class="xy-card xy-staff-input" aria-labelledby={format!("{uid}-staff-in")}>
                <h3 id={format!("{uid}-staff-in")}>{ l.t("批量预审", "Batch pre-screening") }</h3>
                <p class="xy-hint">{ l.t("每行一条记录，主体信息逐行重复；没有记录的主体占一行。可先下载模板。文件只在本浏览器中处理，不会上传。",
                    "One row per record, subject columns repeated; a subject with no records has one row. Download a template first if needed. The file is processed in this browser only and never uploaded.") }</p>
                <div class="xy-asof">
                    <label for={date_id.clone()}>{ l.t("预审日期", "Screen as of") }</label>
                    <div class="xy-row">
                        <input id={date_id} type="date" value={(*as_of).clone()} oninput={on_as_of} />
                        if file.is_some() {
                            <button type="button" class="xy-btn xy-btn-small" onclick={rescreen} disabled={busy_now}>
                                { l.t("按此日期重新预审", "Screen again as of this date") }
                            </button>
                        }
                    </div>
                </div>
                <div class={classes!("xy-drop", dragging.then_some("xy-drop-active"))}
                    ondrop={zone.ondrop} ondragover={zone.ondragover} ondragleave={zone.ondragleave}>
                    <label for={file_id.clone()}>
                        { l.t("选择或拖入申请批次文件（XLSX、CSV 或 JSONL）", "Choose or drop an application batch (XLSX, CSV or JSONL)") }
                    </label>
                    <input id={file_id} type="file" disabled={busy_now}
                        accept=".xlsx,.csv,.jsonl,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                        onchange={on_file} />
                </div>
                <div class="xy-row">
                    <span>{ l.t("下载模板：", "Template: ") }</span>
                    <button type="button" class="xy-btn xy-btn-small xy-template-xlsx" onclick={template("xlsx")}>{ "XLSX" }</button>
                    <button type="button" class="xy-btn xy-btn-small xy-template-csv" onclick={template("csv")}>{ "CSV" }</button>
                </div>
                if let Some(pr) = &*progress {
                    { progress_bar(pr, l, l.t("预审进度", "Screening progress")) }
                } else if busy_now {
                    <p class="xy-progress-text">{ l.t("正在启动预审模块…", "Starting the staff module…") }</p>
                }
                <p class="xy-sr" role="status" aria-live="polite">{ (*announce).clone() }</p>
                <div class="xy-staff-note" role="status" aria-live="polite">
                    { match &*note {
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
                if !links.is_empty() {
                    <p class="xy-hint xy-file-links">
                        { l.t("如浏览器没有自动下载，请点击：", "If your browser did not download them, click: ") }
                        { for links.iter().map(|f| html! { <a href={f.url.clone()} download={f.name.clone()}>{ &f.name }</a> }) }
                    </p>
                }
            </section>
            if let Some(s) = &*screened {
                { counts_view(s, l, uid) }
                <section class="xy-card xy-staff-export" aria-label={l.t("导出", "Export")}>
                    <div class="xy-row">
                        <span>{ l.t("导出预审结果（与命令行 xinyong batch 的输出相同）：", "Export the results (the same files as the xinyong batch CLI): ") }</span>
                        <button type="button" class="xy-btn xy-btn-small xy-export-xlsx" onclick={export("xlsx")}>{ l.t("导出 XLSX", "Export XLSX") }</button>
                        <button type="button" class="xy-btn xy-btn-small xy-export-csv" onclick={export("csv")}>{ l.t("导出 CSV", "Export CSV") }</button>
                        <button type="button" class="xy-btn xy-btn-small xy-export-jsonl" onclick={export("jsonl")}>{ l.t("导出 JSONL", "Export JSONL") }</button>
                    </div>
                </section>
                <div ref={table_ref.clone()}>
                    <StaffTable key={format!("{:p}", Rc::as_ptr(s))} lang={l} screened={s.clone()} uid={uid.clone()} on_open={on_open.clone()} />
                </div>
                { rejected_view(s, l, uid) }
            }
            if let Some(o) = &*open {
                <section class="xy-card xy-staff-report" aria-labelledby={format!("{uid}-staff-rep")}>
                    <div class="xy-head">
                        <h3 id={format!("{uid}-staff-rep")} tabindex="-1" ref={report_ref.clone()}>
                            { l.t("主体报告", "Subject report") }
                            { open_row.map(|r| format!(" · {} {}", r.name, r.id_masked)).unwrap_or_default() }
                        </h3>
                        <button type="button" class="xy-btn xy-btn-small" onclick={close}>{ l.t("返回列表", "Back to the list") }</button>
                    </div>
                    if let Some(r) = open_row.filter(|r| !r.complete) {
                        <div class="xy-msg xy-msg-err xy-incomplete-note" role="note">
                            <p><strong>{ l.t("结果不完整，承诺制度资格待核", "Incomplete result: commitment eligibility unverified") }</strong></p>
                            <p>{ incomplete_text(r, l) }</p>
                        </div>
                    }
                    { match o {
                        Open::Loading(_) => html! { <p>{ l.t("正在生成报告…", "Preparing the report…") }</p> },
                        Open::Report(_, outcome) => {
                            let pack = match &**outcome {
                                Outcome::Report(r) => p.custom_pack.filter(|c| c.meta.id == r.pack.id)
                                    .or_else(|| crate::draft::pack_for(&r.pack.id).map(PackRef)),
                                _ => None,
                            };
                            match pack {
                                Some(pack) => html! { <ReportView lang={l} outcome={outcome.clone()} draft={subject_doc.clone()} {pack} on_print={p.on_print.clone()} unverified={open_row.is_some_and(|r| !r.complete)} /> },
                                None => html! { <p class="xy-msg xy-msg-err">{ l.t("找不到该报告的规则包。", "The report's rule pack is not available.") }</p> },
                            }
                        }
                    } }
                </section>
            }
        </div>
    }
}

/// Which rows an incomplete subject lost, and what that means for its report.
fn incomplete_text(r: &staff_table::Row, l: Lang) -> String {
    let list = |sep: &str| {
        r.rejected_rows
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(sep)
    };
    match l {
        Lang::Zh => format!("第 {} 行被拒绝。本报告只根据读取的行计算；被拒绝的可能是不良记录，下列按读取的行可以使用的承诺制度为“待核”，须核实被拒绝的行后才能采用。", list("、")),
        Lang::En => format!("Rows {} were rejected. This report is computed from the rows read only; a rejected row may be an adverse record, so the schemes available on the rows read are shown as unverified until the rejected rows are checked.", list(", ")),
    }
}

fn counts_view(s: &Screened, l: Lang, uid: &str) -> Html {
    let c = &s.counts;
    html! {
        <section class="xy-card xy-staff-counts" aria-labelledby={format!("{uid}-staff-counts")}>
            <h3 id={format!("{uid}-staff-counts")}>{ l.t("核对数", "Counts") }</h3>
            <dl class="xy-counts">
                <div><dt>{ l.t("读取行数", "Rows read") }</dt><dd data-count="rows_read">{ c.rows_read }</dd></div>
                <div><dt>{ l.t("使用行数", "Rows used") }</dt><dd data-count="rows_used">{ c.rows_used }</dd></div>
                <div><dt>{ l.t("拒绝行数", "Rows rejected") }</dt><dd data-count="rows_rejected">{ c.rows_rejected }</dd></div>
                <div><dt>{ l.t("主体数", "Subjects") }</dt><dd data-count="subjects">{ c.subjects }</dd></div>
                <div><dt>{ l.t("结果不完整的主体", "Incomplete subjects") }</dt><dd data-count="subjects_incomplete">{ c.subjects_incomplete }</dd></div>
            </dl>
            if c.reconciles() {
                <p class="xy-good xy-reconcile">{ format!("✓ {}", match l {
                    Lang::Zh => format!("读取 {} 行 = 使用 {} 行 + 拒绝 {} 行", c.rows_read, c.rows_used, c.rows_rejected),
                    Lang::En => format!("{} rows read = {} used + {} rejected", c.rows_read, c.rows_used, c.rows_rejected),
                }) }</p>
            } else {
                <p class="xy-error xy-reconcile" role="alert">{ l.t("行数对不上：读取 ≠ 使用 + 拒绝，请勿采用本次结果，并报告此问题。",
                    "The counts do not reconcile (read ≠ used + rejected): do not use these results, and report the problem.") }</p>
            }
            if c.subjects_incomplete > 0 {
                <p class="xy-hint">{ l.t("结果不完整的主体有被拒绝的行：被拒绝的可能是不良记录，请先核实再采用其结果。",
                    "Incomplete subjects lost a rejected row, which may have been an adverse record: check them before relying on their results.") }</p>
            }
            if !s.notes.is_empty() {
                <h4>{ l.t("读取说明", "How the file was read") }</h4>
                <ul class="xy-reader-notes">
                    { for s.notes.iter().map(|n| html! { <li>{ l.t(&n.zh, &n.en) }</li> }) }
                </ul>
            }
        </section>
    }
}

fn rejected_view(s: &Screened, l: Lang, uid: &str) -> Html {
    if s.rejected.is_empty() {
        return html! {};
    }
    let more = s.rejected.len().saturating_sub(REJECTED_SHOWN);
    html! {
        <section class="xy-card xy-staff-rejected" aria-labelledby={format!("{uid}-staff-rej")}>
            <h3 id={format!("{uid}-staff-rej")}>{ match l {
                Lang::Zh => format!("被拒绝的行（{}）", s.rejected.len()),
                Lang::En => format!("Rejected rows ({})", s.rejected.len()),
            } }</h3>
            <div class="xy-table-wrap" tabindex="0" role="region" aria-label={l.t("被拒绝的行", "Rejected rows")}>
                <table class="xy-table xy-rejected-table">
                    <thead><tr>
                        <th scope="col">{ l.t("行号", "Row") }</th>
                        <th scope="col">{ l.t("列", "Column") }</th>
                        <th scope="col">{ l.t("值", "Value") }</th>
                        <th scope="col">{ l.t("原因", "Reason") }</th>
                    </tr></thead>
                    <tbody>
                        { for s.rejected.iter().take(REJECTED_SHOWN).map(|r| html! {
                            <tr>
                                <td class="xy-num">{ r.row }</td>
                                <td>{ &r.column }</td>
                                <td class="xy-mono">{ &r.value }</td>
                                <td>{ l.t(&r.zh, &r.en) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if more > 0 {
                <p class="xy-hint">{ match l {
                    Lang::Zh => format!("另有 {more} 行未列出，导出文件中列有全部被拒绝的行。"),
                    Lang::En => format!("{more} more not listed here; the export files list every rejected row."),
                } }</p>
            }
        </section>
    }
}

/// How one control changes the filter.
type FilterEdit = dyn Fn(&mut Filter, &Event);

#[derive(Properties, PartialEq)]
struct TableProps {
    lang: Lang,
    screened: Rc<Screened>,
    uid: AttrValue,
    on_open: Callback<usize>,
}

#[component]
fn StaffTable(p: &TableProps) -> Html {
    let l = p.lang;
    let s = &p.screened;
    let filter = use_state(Filter::default);
    let sort = use_state(Sort::default);
    let page = use_state(|| 0usize);
    let shown = use_memo(
        ((*filter).clone(), (*sort).clone(), p.screened.clone()),
        |(f, so, s)| staff_table::view(s, f, so),
    );
    let level_options = use_memo(p.screened.clone(), |s| s.level_options());
    let pages = staff_table::pages(shown.len(), PAGE_SIZE);
    let current = (*page).min(pages - 1);

    let set_filter = |f: Box<FilterEdit>| {
        let filter = filter.clone();
        let page = page.clone();
        Callback::from(move |e: Event| {
            let mut next = (*filter).clone();
            f(&mut next, &e);
            filter.set(next);
            page.set(0);
        })
    };
    let on_text = {
        let filter = filter.clone();
        let page = page.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*filter).clone();
            next.text = e.target_unchecked_into::<HtmlInputElement>().value();
            filter.set(next);
            page.set(0);
        })
    };
    let sel = |e: &Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        (!v.is_empty()).then_some(v)
    };
    let on_scheme = set_filter(Box::new(move |f, e| f.not_eligible = sel(e)));
    let on_below = set_filter(Box::new(move |f, e| f.below = sel(e)));
    let on_incomplete = set_filter(Box::new(|f, e| {
        f.incomplete_only = e.target_unchecked_into::<HtmlInputElement>().checked()
    }));
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_| page.set(to))
    };

    let uid = &p.uid;
    let header = |key: SortKey, label: String| {
        let active = sort.key == key;
        let aria = if active {
            Some(if sort.descending {
                "descending"
            } else {
                "ascending"
            })
        } else {
            None
        };
        let onclick = {
            let sort = sort.clone();
            let page = page.clone();
            let key = key.clone();
            Callback::from(move |_| {
                sort.set(sort.clicked(key.clone()));
                page.set(0);
            })
        };
        html! {
            <th scope="col" aria-sort={aria}>
                <button type="button" class="xy-sort" {onclick}>
                    { label }
                    <span aria-hidden="true" class="xy-sort-mark">{ match aria { Some("ascending") => " ▲", Some(_) => " ▼", None => " ⇅" } }</span>
                </button>
            </th>
        }
    };
    let start = current * PAGE_SIZE;
    let page_rows: Vec<usize> = shown.iter().skip(start).take(PAGE_SIZE).copied().collect();
    let yes_no = |e: Option<Verdict>| match e {
        Some(Verdict::Yes) => html! { <td class="xy-yes">{ l.t("✓ 可用", "✓ yes") }</td> },
        Some(Verdict::Unverified) => {
            html! { <td class="xy-unverified" title={l.t("有被拒绝的行：被拒绝的可能是关闭该制度的不良记录", "Rows were rejected: one may be the adverse record that closes this scheme")}>{ l.t("? 待核", "? unverified") }</td> }
        }
        Some(Verdict::No) => html! { <td class="xy-no">{ l.t("✗ 不可用", "✗ no") }</td> },
        None => html! { <td class="xy-na">{ l.t("不适用", "n/a") }</td> },
    };
    let text_id = format!("{uid}-staff-q");
    let scheme_id = format!("{uid}-staff-scheme");
    let below_id = format!("{uid}-staff-below");
    let showing = match l {
        Lang::Zh => format!(
            "显示 {} / {} 个主体；第 {} / {} 页",
            shown.len(),
            s.rows.len(),
            current + 1,
            pages
        ),
        Lang::En => format!(
            "Showing {} of {} subjects; page {} of {}",
            shown.len(),
            s.rows.len(),
            current + 1,
            pages
        ),
    };
    html! {
        <section class="xy-card xy-staff-results" aria-labelledby={format!("{uid}-staff-res")}>
            <h3 id={format!("{uid}-staff-res")}>{ l.t("预审结果", "Results") }</h3>
            <div class="xy-filters">
                <div class="xy-field">
                    <label for={text_id.clone()}>{ l.t("按名称或脱敏证件号码筛选", "Filter by name or masked id") }</label>
                    <input id={text_id} type="text" value={filter.text.clone()} oninput={on_text} />
                </div>
                <div class="xy-field">
                    <label for={scheme_id.clone()}>{ l.t("不符合承诺制度", "Not eligible for") }</label>
                    <select id={scheme_id} onchange={on_scheme}>
                        <option value="" selected={filter.not_eligible.is_none()}>{ l.t("（不限）", "(any)") }</option>
                        { for s.schemes.iter().map(|c| html! {
                            <option value={c.id.clone()} selected={filter.not_eligible.as_deref() == Some(&c.id)}>{ l.t(&c.zh, &c.en) }</option>
                        }) }
                    </select>
                </div>
                <div class="xy-field">
                    <label for={below_id.clone()}>{ l.t("信用等级低于", "Grade below") }</label>
                    <select id={below_id} onchange={on_below}>
                        <option value="" selected={filter.below.is_none()}>{ l.t("（不限）", "(any)") }</option>
                        { for level_options.iter().map(|lv| html! {
                            <option value={lv.clone()} selected={filter.below.as_deref() == Some(lv)}>{ lv }</option>
                        }) }
                    </select>
                </div>
                <label class="xy-check">
                    <input type="checkbox" checked={filter.incomplete_only} onchange={on_incomplete} />
                    { l.t("只看结果不完整的主体", "Incomplete subjects only") }
                </label>
            </div>
            <p class="xy-showing" role="status" aria-live="polite" data-shown={shown.len().to_string()}>{ showing }</p>
            <div class="xy-table-wrap xy-staff-wrap" tabindex="0" role="region" aria-label={l.t("预审结果表（可横向滚动）", "Results table (scrolls sideways)")}>
                <table class="xy-table xy-staff-table">
                    <caption class="xy-sr">{ l.t("预审结果：点击主体名称查看完整报告；点击列标题排序", "Screening results: choose a subject's name for its full report; choose a column header to sort") }</caption>
                    <thead><tr>
                        { header(SortKey::Row, l.t("行号", "Row").into()) }
                        { header(SortKey::Name, l.t("名称", "Name").into()) }
                        { header(SortKey::Id, l.t("证件号码（脱敏）", "Id (masked)").into()) }
                        { header(SortKey::Industry, l.t("行业", "Industry").into()) }
                        { header(SortKey::Level, l.t("等级", "Grade").into()) }
                        { header(SortKey::Score, l.t("分数", "Score").into()) }
                        { for s.schemes.iter().map(|c| header(SortKey::Scheme(c.id.clone()), l.t(&c.zh, &c.en).into())) }
                        { header(SortKey::Repair, l.t("最早可修复日期", "Earliest repair").into()) }
                        { header(SortKey::Warnings, l.t("提示数", "Warnings").into()) }
                        { header(SortKey::Supervision, l.t("监管类别", "Supervision").into()) }
                        { header(SortKey::Complete, l.t("完整", "Complete").into()) }
                    </tr></thead>
                    <tbody>
                        if page_rows.is_empty() {
                            <tr><td colspan={(10 + s.schemes.len()).to_string()}>{ l.t("没有符合条件的主体", "No subject matches") }</td></tr>
                        }
                        { for page_rows.iter().map(|&i| {
                            let r = &s.rows[i];
                            let index = r.index;
                            let onclick = p.on_open.reform(move |_: MouseEvent| index);
                            html! {
                                <tr class={classes!("xy-staff-row", (!r.complete).then_some("xy-incomplete"))} data-index={index.to_string()} data-row={r.row.to_string()} {onclick}>
                                    <td class="xy-num">{ r.row }</td>
                                    <td><button type="button" class="xy-linkbtn">{ if r.name.is_empty() { l.t("（无名称）", "(no name)").to_string() } else { r.name.clone() } }</button></td>
                                    <td class="xy-mono">{ &r.id_masked }</td>
                                    <td>{ xinyong_model::Industry::from_str_opt(&r.industry).map(|i| crate::i18n::industry(i, l).to_string()).unwrap_or_else(|| r.industry.clone()) }</td>
                                    <td class="xy-level-cell">{ if r.level.is_empty() { "—".into() } else { r.level.clone() } }</td>
                                    <td class="xy-num xy-score">{ r.score.map(|x| x.to_string()).unwrap_or_else(|| "—".into()) }</td>
                                    { for s.schemes.iter().map(|c| yes_no(r.verdict(&c.id))) }
                                    <td>{ r.earliest_repair.clone().unwrap_or_else(|| "—".into()) }</td>
                                    <td class="xy-num">{ r.warnings }</td>
                                    <td>{ if r.supervision.is_empty() { "—".into() } else { r.supervision.clone() } }</td>
                                    <td title={r.note.clone()}>{ if r.complete { l.t("是", "yes") } else { l.t("否（有被拒绝的行）", "no (rows rejected)") } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <nav class="xy-pager xy-row" aria-label={l.t("翻页", "Pages")}>
                <button type="button" class="xy-btn xy-btn-small" onclick={go(0)} disabled={current == 0}>{ l.t("首页", "First") }</button>
                <button type="button" class="xy-btn xy-btn-small xy-prev" onclick={go(current.saturating_sub(1))} disabled={current == 0}>{ l.t("上一页", "Previous") }</button>
                <span>{ match l { Lang::Zh => format!("第 {} / {} 页", current + 1, pages), Lang::En => format!("Page {} of {}", current + 1, pages) } }</span>
                <button type="button" class="xy-btn xy-btn-small xy-next" onclick={go(current + 1)} disabled={current + 1 >= pages}>{ l.t("下一页", "Next") }</button>
                <button type="button" class="xy-btn xy-btn-small" onclick={go(pages - 1)} disabled={current + 1 >= pages}>{ l.t("末页", "Last") }</button>
            </nav>
        </section>
    }
}
