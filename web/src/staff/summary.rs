//! What the screening says as a whole: the counts (and whether they reconcile), the reader's
//! notes, the export buttons, and the rejected rows.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Lang;
use crate::staff_table::Screened;

/// Rejected rows listed in the widget; the export files hold all of them.
const REJECTED_SHOWN: usize = 200;

#[derive(Properties, PartialEq)]
pub struct SectionProps {
    pub lang: Lang,
    pub screened: Rc<Screened>,
    pub uid: AttrValue,
}

#[component]
pub fn CountsView(p: &SectionProps) -> Html {
    let (l, s, uid) = (p.lang, &p.screened, &p.uid);
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

#[component]
pub fn RejectedView(p: &SectionProps) -> Html {
    let (l, s, uid) = (p.lang, &p.screened, &p.uid);
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

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    pub lang: Lang,
    /// Export in this format (`xlsx`, `csv`, `jsonl`).
    pub on_export: Callback<&'static str>,
}

#[component]
pub fn ExportBar(p: &ExportProps) -> Html {
    let l = p.lang;
    let export = |format: &'static str| p.on_export.reform(move |_: MouseEvent| format);
    html! {
        <section class="xy-card xy-staff-export" aria-label={l.t("导出", "Export")}>
            <div class="xy-row">
                <span>{ l.t("导出预审结果（与命令行 xinyong batch 的输出相同）：", "Export the results (the same files as the xinyong batch CLI): ") }</span>
                <button type="button" class="xy-btn xy-btn-small xy-export-xlsx" onclick={export("xlsx")}>{ l.t("导出 XLSX", "Export XLSX") }</button>
                <button type="button" class="xy-btn xy-btn-small xy-export-csv" onclick={export("csv")}>{ l.t("导出 CSV", "Export CSV") }</button>
                <button type="button" class="xy-btn xy-btn-small xy-export-jsonl" onclick={export("jsonl")}>{ l.t("导出 JSONL", "Export JSONL") }</button>
            </div>
        </section>
    }
}
