//! Everything staff mode says to the staff worker and reads back, in one hook
//! ([`use_screening_worker`]): `screen` (the file's bytes, transferred), `export` and `template`
//! (files to download), `report` (one subject's report and document). The replies become
//! [`Action`]s on the screen's reducer; nothing else in staff mode touches the worker protocol.

use std::rc::Rc;

use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::state::{Action, FileInfo, FileLink, Screening};
use crate::dom;
use crate::draft::{Draft, Outcome};
use crate::i18n::Lang;
use crate::progress::progress_label;
use crate::staff_table::Screened;
use crate::worker::{Progress, Reply, WorkerError, WorkerRef};

/// What the hook needs from the widget.
pub struct WorkerConfig {
    pub worker: WorkerRef,
    pub lang: Lang,
    /// The element's `region`: forces that pack for every subject (like `--pack`).
    pub region: Option<AttrValue>,
    /// A portal's own pack (JSON text), handed to the worker as is.
    pub pack_json: Option<AttrValue>,
    /// Failures also reach the host page (`xinyong-error`).
    pub on_error: Callback<WorkerError>,
}

/// The requests staff mode makes.
#[derive(Clone)]
pub struct StaffRequests {
    /// Screen this file as of this date (`""`: the worker's today).
    pub screen: Callback<(web_sys::File, String)>,
    /// Screen the last file again as of this date.
    pub rescreen: Callback<String>,
    /// Export the screening: (format, file stem).
    pub export: Callback<(&'static str, String)>,
    /// Download the input template in this format.
    pub template: Callback<&'static str>,
    /// Open the report of the subject at this index.
    pub report: Callback<usize>,
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

/// The summary said (and announced) when a screening is done.
fn done_text(s: &Screened) -> (String, String) {
    let c = &s.counts;
    (
        format!(
            "预审完成：读取 {} 行，使用 {} 行，拒绝 {} 行；{} 个主体，其中 {} 个结果不完整。",
            c.rows_read, c.rows_used, c.rows_rejected, c.subjects, c.subjects_incomplete
        ),
        format!(
            "Screening done: {} rows read, {} used, {} rejected; {} subjects, {} of them incomplete.",
            c.rows_read, c.rows_used, c.rows_rejected, c.subjects, c.subjects_incomplete
        ),
    )
}

/// The worker requests of staff mode, their replies dispatched to `state` (and an opened
/// subject's document to `doc`, which the report view reads record dates from).
#[hook]
pub fn use_screening_worker(
    cfg: WorkerConfig,
    state: UseReducerDispatcher<Screening>,
    doc: UseReducerDispatcher<Draft>,
) -> StaffRequests {
    let WorkerConfig {
        worker,
        lang: l,
        region,
        pack_json,
        on_error,
    } = cfg;
    // The file last screened, for "screen again as of this date".
    let last_file = use_mut_ref(|| None::<web_sys::File>);
    {
        // Start the worker when staff mode shows, so its wasm loads while staff pick a file.
        let w = worker.clone();
        use_effect_with((), move |_| w.warm());
    }

    // A failure said under the controls and to the host page.
    let fail = {
        let (state, on_error) = (state.clone(), on_error.clone());
        Callback::from(move |e: WorkerError| {
            state.dispatch(Action::Failed(e.clone()));
            on_error.emit(e);
        })
    };
    // A screening that ended without a result (the file unreadable, the reply unreadable).
    let abort = {
        let (state, on_error) = (state.clone(), on_error.clone());
        Callback::from(move |e: WorkerError| {
            state.dispatch(Action::Aborted(e.clone()));
            on_error.emit(e);
        })
    };

    let screen = {
        let (worker, state, abort, on_error, last_file) = (
            worker.clone(),
            state.clone(),
            abort.clone(),
            on_error.clone(),
            last_file.clone(),
        );
        Callback::from(move |(f, date): (web_sys::File, String)| {
            let name = f.name();
            *last_file.borrow_mut() = Some(f.clone());
            state.dispatch(Action::Start {
                file: FileInfo {
                    name: name.clone(),
                    size: f.size(),
                },
                announce: match l {
                    Lang::Zh => format!("开始预审 {name}"),
                    Lang::En => format!("Screening {name}"),
                },
            });
            let (worker, state, abort, on_error) = (
                worker.clone(),
                state.clone(),
                abort.clone(),
                on_error.clone(),
            );
            let (region, pack_json) = (region.clone(), pack_json.clone());
            yew::platform::spawn_local(async move {
                let bytes = match dom::read_bytes(&f).await {
                    Ok(b) => b,
                    Err(e) => {
                        abort.emit(WorkerError::new(
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
                let on_reply = Callback::from(move |r: Reply| {
                    if r.is("progress") {
                        if let Ok(progress) = r.json::<Progress>() {
                            let label = progress_label(&progress, l);
                            state.dispatch(Action::Progress { progress, label });
                        }
                        return;
                    }
                    if let Some(error) = r.error() {
                        state.dispatch(Action::ScreenFailed {
                            error: error.clone(),
                            announce: l.t("预审失败", "Screening failed").into(),
                        });
                        on_error.emit(error);
                        return;
                    }
                    match r.json::<Screened>() {
                        Ok(s) => {
                            let (zh, en) = done_text(&s);
                            state.dispatch(Action::Done {
                                announce: l.t(&zh, &en).into(),
                                screened: Rc::new(s),
                                sheet: r.get("sheet").as_string(),
                                zh,
                                en,
                            });
                        }
                        Err(e) => abort.emit(e),
                    }
                });
                // The bytes are transferred, not copied: the worker owns them from here.
                worker.request("screen", &fields, &[bytes], on_reply);
            });
        })
    };
    let rescreen = {
        let (screen, last_file) = (screen.clone(), last_file.clone());
        Callback::from(move |date: String| {
            let f = last_file.borrow().clone();
            if let Some(f) = f {
                screen.emit((f, date));
            }
        })
    };

    let files_request = files_request(&worker, &state, &fail);
    let export = {
        let files_request = files_request.clone();
        Callback::from(move |(format, stem): (&'static str, String)| {
            files_request(
                "export",
                vec![
                    ("format", JsValue::from_str(format)),
                    ("stem", JsValue::from_str(&stem)),
                    // Values in the page's language, as `xinyong batch --lang` writes them.
                    ("lang", JsValue::from_str(l.t("zh", "en"))),
                ],
            )
        })
    };
    let template = Callback::from(move |format: &'static str| {
        files_request("template", vec![("format", JsValue::from_str(format))])
    });

    let report = {
        let (worker, state) = (worker.clone(), state.clone());
        Callback::from(move |index: usize| {
            state.dispatch(Action::Opening(index));
            let (state, doc, on_error) = (state.clone(), doc.clone(), on_error.clone());
            let open_failed = {
                let state = state.clone();
                move |e: WorkerError| {
                    state.dispatch(Action::OpenFailed(e.clone()));
                    on_error.emit(e);
                }
            };
            let on_reply = Callback::from(move |r: Reply| {
                if r.is("progress") {
                    return;
                }
                if let Some(e) = r.error() {
                    open_failed(e);
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
                        state.dispatch(Action::Opened(
                            index,
                            Rc::new(Outcome::Report(Box::new(report))),
                        ));
                    }
                    Err(e) => open_failed(WorkerError::new(
                        "worker_protocol",
                        format!("预审模块发来的报告无法读取：{}", e.zh),
                        format!("The staff module's report could not be read: {}", e.en),
                    )),
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

    StaffRequests {
        screen,
        rescreen,
        export,
        template,
        report,
    }
}

/// Sends a request (its type and fields) whose answer is files.
type FilesRequest = Rc<dyn Fn(&'static str, Vec<(&'static str, JsValue)>)>;

/// A request whose answer is files (`export`, `template`): each is downloaded, and linked in
/// case the browser blocked the download.
fn files_request(
    worker: &WorkerRef,
    state: &UseReducerDispatcher<Screening>,
    fail: &Callback<WorkerError>,
) -> FilesRequest {
    let (worker, state, fail) = (worker.clone(), state.clone(), fail.clone());
    Rc::new(move |kind, fields| {
        let (state, fail) = (state.clone(), fail.clone());
        let on_reply = Callback::from(move |r: Reply| {
            if r.is("progress") {
                return;
            }
            if let Some(e) = r.error() {
                fail.emit(e);
                return;
            }
            match links_of(&r) {
                Ok(links) => {
                    for f in &links {
                        if let Err(e) = dom::download_url(&f.name, &f.url) {
                            fail.emit(WorkerError::new(
                                "download",
                                format!("下载失败：{e}"),
                                format!("Download failed: {e}"),
                            ));
                            return;
                        }
                    }
                    let names: Vec<&str> = links.iter().map(|f| f.name.as_str()).collect();
                    state.dispatch(Action::Files {
                        zh: format!(
                            "已生成文件：{}（在您的浏览器中生成，未上传）",
                            names.join("、")
                        ),
                        en: format!(
                            "Files written: {} (made in your browser; nothing uploaded)",
                            names.join(", ")
                        ),
                        links,
                    });
                }
                Err(e) => fail.emit(e),
            }
        });
        worker.request(kind, &fields, &[], on_reply);
    })
}

/// Object URLs of `links`, revoked when newer links replace them (or staff mode goes).
#[hook]
pub fn use_revoked_links(links: &[FileLink]) {
    use_effect_with(links.to_vec(), |ls| {
        let ls = ls.clone();
        move || {
            for f in ls {
                dom::revoke_url(&f.url);
            }
        }
    });
}
