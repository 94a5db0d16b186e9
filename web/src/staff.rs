//! Staff mode (批量预审): a batch file goes to the staff worker, which screens it with the core;
//! this renders its progress, counts, summary rows, rejected rows and per-subject reports, and
//! offers the worker's export files. The widget judges nothing itself.
//!
//! The parts:
//! - [`state`]: the screen's state as one reducer (file, progress, screening, note, links, open
//!   report), tested natively;
//! - [`requests`]: `use_screening_worker`, the one place that talks to the staff worker;
//! - [`input`]: the file, date and template controls with the progress bar and messages;
//! - [`summary`]: counts, export buttons and rejected rows;
//! - [`view`] and [`results`]: filters, column chooser, the page of subjects as a table or as
//!   cards, the pager;
//! - [`report`]: the open subject's report.
//!
//! Responsiveness: the worker does the reading and evaluating; progress ticks re-render only
//! the controls (the results are their own component whose props do not change), and the
//! results show one page of rows, so 20,000 subjects cost the DOM no more than 50.

mod input;
mod report;
mod requests;
mod results;
mod state;
mod summary;
mod view;

use chrono::NaiveDate;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::{PackRef, PrintSlot};
use crate::dom;
use crate::draft::Draft;
use crate::i18n::Lang;
use crate::worker::{WorkerError, WorkerRef};
use input::StaffInput;
use report::SubjectReport;
use requests::{use_revoked_links, use_screening_worker, WorkerConfig};
use results::StaffResults;
use state::{Action, Screening};
use summary::{CountsView, ExportBar, RejectedView};

/// Rows per page: enough to scan, few enough that paging is instant.
pub const PAGE_SIZE: usize = 50;

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

/// The screening date: the element's `as-of` (followed when it changes), else today; staff
/// may change it.
#[hook]
fn use_as_of(attr: Option<AttrValue>, today: NaiveDate) -> UseStateHandle<String> {
    let as_of = use_state(|| {
        attr.as_ref()
            .map(|a| a.to_string())
            .unwrap_or_else(|| today.to_string())
    });
    {
        let as_of = as_of.clone();
        use_effect_with(attr, move |a| {
            if let Some(a) = a {
                as_of.set(a.to_string());
            }
        });
    }
    as_of
}

/// The first visible control of the subject at `index` under `root` (its row's name in the
/// table, or its card's button, whichever the screen width shows).
fn subject_button(root: &web_sys::Element, index: usize) -> Option<web_sys::Element> {
    let all = root
        .query_selector_all(&format!("[data-index='{index}'] button"))
        .ok()?;
    // `offsetParent` is null for an element not rendered (`display: none`).
    (0..all.length())
        .filter_map(|i| all.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|e| e.offset_parent().is_some())
        .map(Into::into)
}

#[component]
pub fn StaffView(p: &StaffProps) -> Html {
    let l = p.lang;
    let state = use_reducer(Screening::default);
    let as_of = use_as_of(p.as_of.clone(), p.today);
    // The report view reads record dates from a draft (the self-check's own, in self mode);
    // here it holds the opened subject's document as the worker sent it (id masked).
    let subject_doc = use_reducer(Draft::default);
    let requests = use_screening_worker(
        WorkerConfig {
            worker: p.worker.clone(),
            lang: l,
            region: p.region.clone(),
            pack_json: p.pack_json.clone(),
            on_error: p.on_error.clone(),
        },
        state.dispatcher(),
        subject_doc.dispatcher(),
    );
    use_revoked_links(&state.links);
    let results_ref = use_node_ref();

    let on_file = {
        let (screen, as_of) = (requests.screen.clone(), as_of.clone());
        Callback::from(move |f: web_sys::File| screen.emit((f, (*as_of).clone())))
    };
    let on_rescreen = {
        let (rescreen, as_of) = (requests.rescreen.clone(), as_of.clone());
        Callback::from(move |_| rescreen.emit((*as_of).clone()))
    };
    let on_as_of = {
        let as_of = as_of.clone();
        Callback::from(move |d: String| as_of.set(d))
    };
    let on_export = {
        let stem = format!(
            "{}-screened",
            state
                .file
                .as_ref()
                .map(|f| file_stem(&f.name))
                .unwrap_or_else(|| "batch".into())
        );
        requests.export.reform(move |format| (format, stem.clone()))
    };
    let on_close = {
        let (state, results_ref) = (state.clone(), results_ref.clone());
        Callback::from(move |_| {
            let index = state.open.as_ref().map(|o| o.index());
            state.dispatch(Action::Close);
            // Back to the subject the report came from, so keyboard users keep their place.
            if let (Some(i), Some(root)) = (index, results_ref.cast::<web_sys::Element>()) {
                dom::focus(subject_button(&root, i));
            }
        })
    };

    // The summary row of the open subject (its name, and whether it lost a row).
    let open_row = match (&state.open, &state.screened) {
        (Some(o), Some(s)) => s.rows.iter().find(|r| r.index == o.index()).cloned(),
        _ => None,
    };
    let uid = &p.uid;
    html! {
        <div class="xy-staff">
            <StaffInput lang={l} uid={uid.clone()} as_of={(*as_of).clone()} {on_as_of} {on_file} {on_rescreen}
                on_template={requests.template.clone()} file={state.file.clone()} sheet={state.sheet.clone()}
                busy={state.busy} progress={state.progress.clone()} announce={state.announce.clone()}
                note={state.note.clone()} links={state.links.clone()} />
            if let Some(s) = &state.screened {
                <CountsView lang={l} screened={s.clone()} uid={uid.clone()} />
                <ExportBar lang={l} {on_export} />
                <div ref={results_ref}>
                    <StaffResults key={format!("{:p}", std::rc::Rc::as_ptr(s))} lang={l} screened={s.clone()} uid={uid.clone()} on_open={requests.report.clone()} />
                </div>
                <RejectedView lang={l} screened={s.clone()} uid={uid.clone()} />
            }
            if let Some(open) = &state.open {
                <SubjectReport lang={l} uid={uid.clone()} open={open.clone()} row={open_row} doc={subject_doc.clone()}
                    custom_pack={p.custom_pack} on_print={p.on_print.clone()} {on_close} />
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn export_stems_keep_the_name_and_drop_what_a_file_system_refuses() {
        assert_eq!(file_stem("C:\\批次\\申请 2026.xlsx"), "申请 2026");
        assert_eq!(file_stem("a:b?.csv"), "a_b_");
        assert_eq!(file_stem(".csv"), "batch");
        assert_eq!(file_stem("noext"), "noext");
    }
}
