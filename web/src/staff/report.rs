//! The open subject's report: its name and masked id, the incomplete (待核) mark when it lost
//! rows, and the self-check's own report view. The heading takes focus when the report arrives.

use yew::prelude::*;

use super::results::rows_list;
use super::state::Open;
use crate::app::{PackRef, PrintSlot};
use crate::dom;
use crate::draft::{Draft, Outcome};
use crate::i18n::Lang;
use crate::report::ReportView;
use crate::staff_table::Row;

#[derive(Properties, PartialEq)]
pub struct SubjectReportProps {
    pub lang: Lang,
    pub uid: AttrValue,
    pub open: Open,
    /// The subject's summary row.
    pub row: Option<Row>,
    /// The subject's document as the worker sent it (the report reads record dates from it).
    pub doc: UseReducerHandle<Draft>,
    pub custom_pack: Option<PackRef>,
    pub on_print: Callback<PrintSlot>,
    pub on_close: Callback<()>,
}

/// Which rows an incomplete subject lost, and what that means for its report.
fn incomplete_text(r: &Row, l: Lang) -> String {
    match l {
        Lang::Zh => format!("第 {} 行被拒绝。本报告只根据读取的行计算；被拒绝的可能是不良记录，下列按读取的行可以使用的承诺制度为“待核”，须核实被拒绝的行后才能采用。", rows_list(r, "、")),
        Lang::En => format!("Rows {} were rejected. This report is computed from the rows read only; a rejected row may be an adverse record, so the schemes available on the rows read are shown as unverified until the rejected rows are checked.", rows_list(r, ", ")),
    }
}

#[component]
pub fn SubjectReport(p: &SubjectReportProps) -> Html {
    let l = p.lang;
    let uid = &p.uid;
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        let arrived = matches!(p.open, Open::Report(..));
        use_effect_with((p.open.index(), arrived), move |(_, arrived)| {
            if *arrived {
                dom::focus(heading.cast::<web_sys::Element>());
            }
        });
    }
    let unverified = p.row.as_ref().is_some_and(|r| !r.complete);
    html! {
        <section class="xy-card xy-staff-report" aria-labelledby={format!("{uid}-staff-rep")}>
            <div class="xy-head">
                <h3 id={format!("{uid}-staff-rep")} tabindex="-1" ref={heading}>
                    { l.t("主体报告", "Subject report") }
                    { p.row.as_ref().map(|r| format!(" · {} {}", r.name, r.id_masked)).unwrap_or_default() }
                </h3>
                <button type="button" class="xy-btn xy-btn-small" onclick={p.on_close.reform(|_| ())}>{ l.t("返回列表", "Back to the list") }</button>
            </div>
            if let Some(r) = p.row.as_ref().filter(|r| !r.complete) {
                <div class="xy-msg xy-msg-err xy-incomplete-note" role="note">
                    <p><strong>{ l.t("结果不完整，承诺制度资格待核", "Incomplete result: commitment eligibility unverified") }</strong></p>
                    <p>{ incomplete_text(r, l) }</p>
                </div>
            }
            { match &p.open {
                Open::Loading(_) => html! { <p>{ l.t("正在生成报告…", "Preparing the report…") }</p> },
                Open::Report(_, outcome) => {
                    let pack = match &**outcome {
                        Outcome::Report(r) => p.custom_pack.filter(|c| c.meta.id == r.pack.id)
                            .or_else(|| crate::draft::pack_for(&r.pack.id).map(PackRef)),
                        _ => None,
                    };
                    match pack {
                        Some(pack) => html! { <ReportView lang={l} outcome={outcome.clone()} draft={p.doc.clone()} {pack} on_print={p.on_print.clone()} {unverified} /> },
                        None => html! { <p class="xy-msg xy-msg-err">{ l.t("找不到该报告的规则包。", "The report's rule pack is not available.") }</p> },
                    }
                }
            } }
        </section>
    }
}
