//! The results: filters, a column chooser, one page of subjects as a table (wide screens) or as
//! one card per subject (narrow screens; the widget's container width decides, in the style
//! sheet), and the pager. Both views show the same page of the same selection; the hidden one
//! is `display: none`, so assistive technology meets one of them.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::view::{Column, TableAct, TableView};
use super::PAGE_SIZE;
use crate::i18n::Lang;
use crate::staff_table::{self, Row, Screened, Verdict};

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub lang: Lang,
    pub screened: Rc<Screened>,
    pub uid: AttrValue,
    /// Open the report of the subject at this index.
    pub on_open: Callback<usize>,
}

fn name_of(r: &Row, l: Lang) -> String {
    if r.name.is_empty() {
        l.t("（无名称）", "(no name)").into()
    } else {
        r.name.clone()
    }
}

fn industry_of(r: &Row, l: Lang) -> String {
    xinyong_model::Industry::from_str_opt(&r.industry)
        .map(|i| crate::i18n::industry(i, l).to_string())
        .unwrap_or_else(|| r.industry.clone())
}

fn dash(s: &str) -> String {
    if s.is_empty() {
        "—".into()
    } else {
        s.into()
    }
}

/// A scheme's verdict: CSS class and words.
fn verdict_text(v: Option<Verdict>, l: Lang) -> (&'static str, &'static str) {
    match v {
        Some(Verdict::Yes) => ("xy-yes", l.t("✓ 可用", "✓ yes")),
        // The exports' word (crates/batch `write::CONDITIONAL`), not a plain yes.
        Some(Verdict::Conditional) => ("xy-conditional", l.t("⚠ 有条件", "⚠ conditional")),
        Some(Verdict::Unverified) => ("xy-unverified", l.t("? 待核", "? unverified")),
        Some(Verdict::No) => ("xy-no", l.t("✗ 不可用", "✗ no")),
        None => ("xy-na", l.t("不适用", "n/a")),
    }
}

fn unverified_title(l: Lang) -> &'static str {
    l.t(
        "有被拒绝的行：被拒绝的可能是关闭该制度的不良记录",
        "Rows were rejected: one may be the adverse record that closes this scheme",
    )
}

/// The hover text of an unverified or conditional verdict: why it is not a plain yes.
fn verdict_title(v: Option<Verdict>, l: Lang) -> Option<&'static str> {
    match v? {
        Verdict::Unverified => Some(unverified_title(l)),
        Verdict::Conditional => Some(l.t(
            "可以使用，但以报告所作的推定为前提（例如所依据的信用等级仍然有效）：打开报告查看须核实的内容",
            "Available as long as what the report assumed holds (e.g. the grade it rests on is still in force): open the report to see what to check",
        )),
        Verdict::Yes | Verdict::No => None,
    }
}

#[component]
pub fn StaffResults(p: &ResultsProps) -> Html {
    let l = p.lang;
    let s = &p.screened;
    let view = use_reducer(TableView::default);
    let shown = use_memo(
        (view.filter.clone(), view.sort.clone(), p.screened.clone()),
        |(f, so, s)| staff_table::view(s, f, so),
    );
    let pages = staff_table::pages(shown.len(), PAGE_SIZE);
    let current = view.page.min(pages - 1);
    let start = current * PAGE_SIZE;
    let page_rows: Vec<usize> = shown.iter().skip(start).take(PAGE_SIZE).copied().collect();
    let uid = &p.uid;
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
    let go = |to: usize| {
        let d = view.dispatcher();
        Callback::from(move |_| d.dispatch(TableAct::Page(to)))
    };
    html! {
        <section class="xy-card xy-staff-results" aria-labelledby={format!("{uid}-staff-res")}>
            <h3 id={format!("{uid}-staff-res")}>{ l.t("预审结果", "Results") }</h3>
            <Filters lang={l} screened={s.clone()} uid={uid.clone()} view={view.clone()} />
            <p class="xy-showing" role="status" aria-live="polite" data-shown={shown.len().to_string()}>{ showing }</p>
            <ResultsTable lang={l} screened={s.clone()} view={view.clone()} rows={page_rows.clone()} on_open={p.on_open.clone()} />
            <SubjectCards lang={l} screened={s.clone()} uid={uid.clone()} rows={page_rows} on_open={p.on_open.clone()} />
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

/// A select's value, `None` for "(any)".
fn sel(e: &Event) -> Option<String> {
    let v = e.target_unchecked_into::<HtmlSelectElement>().value();
    (!v.is_empty()).then_some(v)
}

#[derive(Properties, PartialEq)]
struct FiltersProps {
    lang: Lang,
    screened: Rc<Screened>,
    uid: AttrValue,
    view: UseReducerHandle<TableView>,
}

/// The filters and the column chooser.
#[component]
fn Filters(p: &FiltersProps) -> Html {
    let l = p.lang;
    let s = &p.screened;
    let f = &p.view.filter;
    let level_options = use_memo(p.screened.clone(), |s| s.level_options());
    let d = p.view.dispatcher();
    let on = |make: fn(&Event) -> TableAct| {
        let d = d.clone();
        Callback::from(move |e: Event| d.dispatch(make(&e)))
    };
    let on_text = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            d.dispatch(TableAct::Text(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let on_scheme = on(|e| TableAct::NotEligible(sel(e)));
    let on_below = on(|e| TableAct::Below(sel(e)));
    let on_incomplete =
        on(|e| TableAct::IncompleteOnly(e.target_unchecked_into::<HtmlInputElement>().checked()));
    let uid = &p.uid;
    let text_id = format!("{uid}-staff-q");
    let scheme_id = format!("{uid}-staff-scheme");
    let below_id = format!("{uid}-staff-below");
    let columns = p.view.columns;
    let optional: Vec<Column> = Column::ALL.into_iter().filter(|c| c.optional()).collect();
    let count = optional.iter().filter(|c| columns.shows(**c)).count();
    html! {
        <>
        <div class="xy-filters">
            <div class="xy-field">
                <label for={text_id.clone()}>{ l.t("按名称或脱敏证件号码筛选", "Filter by name or masked id") }</label>
                <input id={text_id} type="text" value={f.text.clone()} oninput={on_text} />
            </div>
            <div class="xy-field">
                <label for={scheme_id.clone()}>{ l.t("不符合承诺制度", "Not eligible for") }</label>
                <select id={scheme_id} onchange={on_scheme}>
                    <option value="" selected={f.not_eligible.is_none()}>{ l.t("（不限）", "(any)") }</option>
                    { for s.schemes.iter().map(|c| html! {
                        <option value={c.id.clone()} selected={f.not_eligible.as_deref() == Some(&c.id)}>{ l.t(&c.zh, &c.en) }</option>
                    }) }
                </select>
            </div>
            <div class="xy-field">
                <label for={below_id.clone()}>{ l.t("信用等级低于", "Grade below") }</label>
                <select id={below_id} onchange={on_below}>
                    <option value="" selected={f.below.is_none()}>{ l.t("（不限）", "(any)") }</option>
                    { for level_options.iter().map(|lv| html! {
                        <option value={lv.clone()} selected={f.below.as_deref() == Some(lv)}>{ lv }</option>
                    }) }
                </select>
            </div>
            <label class="xy-check">
                <input type="checkbox" checked={f.incomplete_only} onchange={on_incomplete} />
                { l.t("只看结果不完整的主体", "Incomplete subjects only") }
            </label>
        </div>
        <details class="xy-columns">
            <summary>{ match l {
                Lang::Zh => format!("表格显示的列（可选 {count} / {}）", optional.len()),
                Lang::En => format!("Table columns ({count} of {} optional shown)", optional.len()),
            } }</summary>
            <fieldset>
                <legend class="xy-sr">{ l.t("表格显示的列", "Table columns") }</legend>
                { for optional.into_iter().map(|c| {
                    let d = d.clone();
                    let onchange = Callback::from(move |e: Event| {
                        d.dispatch(TableAct::Show(c, e.target_unchecked_into::<HtmlInputElement>().checked()))
                    });
                    html! {
                        <label class="xy-check">
                            <input type="checkbox" checked={columns.shows(c)} {onchange} />
                            { c.label(l) }
                        </label>
                    }
                }) }
            </fieldset>
        </details>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct TableProps {
    lang: Lang,
    screened: Rc<Screened>,
    view: UseReducerHandle<TableView>,
    /// Indices into `screened.rows` on this page.
    rows: Vec<usize>,
    on_open: Callback<usize>,
}

/// The page as a table: sortable headers (wrapping, so the default columns fit a 1280 px
/// screen), one row per subject; a click anywhere on the row, or Enter on its name, opens it.
#[component]
fn ResultsTable(p: &TableProps) -> Html {
    let l = p.lang;
    let s = &p.screened;
    let sort = &p.view.sort;
    let columns = p.view.columns;
    let d = p.view.dispatcher();
    let header = |key: crate::staff_table::SortKey, label: String, class: &'static str| {
        let active = sort.key == key;
        let aria = active.then_some(if sort.descending {
            "descending"
        } else {
            "ascending"
        });
        let onclick = {
            let d = d.clone();
            Callback::from(move |_| d.dispatch(TableAct::SortBy(key.clone())))
        };
        html! {
            <th scope="col" aria-sort={aria} class={class}>
                <button type="button" class="xy-sort" {onclick}>
                    { label }
                    <span aria-hidden="true" class="xy-sort-mark">{ match aria { Some("ascending") => " ▲", Some(_) => " ▼", None => " ⇅" } }</span>
                </button>
            </th>
        }
    };
    let headers = columns.shown().map(|c| match c {
        Column::Schemes => s
            .schemes
            .iter()
            .map(|sc| {
                header(
                    crate::staff_table::SortKey::Scheme(sc.id.clone()),
                    l.t(&sc.zh, &sc.en).into(),
                    "xy-col-scheme",
                )
            })
            .collect::<Html>(),
        c => header(c.sort_key().unwrap_or_default(), c.label(l).into(), ""),
    });
    let cell = |r: &Row, c: Column| -> Html {
        match c {
            Column::Row => html! { <td class="xy-num">{ r.row }</td> },
            Column::Name => {
                html! { <td class="xy-name"><button type="button" class="xy-linkbtn">{ name_of(r, l) }</button></td> }
            }
            Column::Id => html! { <td class="xy-mono">{ &r.id_masked }</td> },
            Column::Industry => html! { <td>{ industry_of(r, l) }</td> },
            Column::Level => html! { <td class="xy-level-cell">{ dash(&r.level) }</td> },
            Column::Score => {
                html! { <td class="xy-num xy-score">{ r.score.map(|x| x.to_string()).unwrap_or_else(|| "—".into()) }</td> }
            }
            Column::Schemes => s
                .schemes
                .iter()
                .map(|sc| {
                    let v = r.verdict(&sc.id);
                    let (class, text) = verdict_text(v, l);
                    let title = verdict_title(v, l);
                    html! { <td class={classes!(class, "xy-verdict-cell")} {title}>{ text }</td> }
                })
                .collect::<Html>(),
            Column::Repair => {
                html! { <td class="xy-date">{ r.earliest_repair.clone().unwrap_or_else(|| "—".into()) }</td> }
            }
            Column::Warnings => html! { <td class="xy-num">{ r.warnings }</td> },
            Column::Supervision => html! { <td>{ dash(&r.supervision) }</td> },
            Column::Complete => html! {
                <td title={r.note.clone()}>{ if r.complete { l.t("是", "yes") } else { l.t("否（有被拒绝的行）", "no (rows rejected)") } }</td>
            },
        }
    };
    html! {
        <div class="xy-table-wrap xy-staff-wrap" tabindex="0" role="region" aria-label={l.t("预审结果表", "Results table")}>
            <table class="xy-table xy-staff-table">
                <caption class="xy-sr">{ l.t("预审结果：点击主体名称查看完整报告；点击列标题排序", "Screening results: choose a subject's name for its full report; choose a column header to sort") }</caption>
                <thead><tr>{ for headers }</tr></thead>
                <tbody>
                    if p.rows.is_empty() {
                        <tr><td colspan={columns.cells(s.schemes.len()).to_string()}>{ l.t("没有符合条件的主体", "No subject matches") }</td></tr>
                    }
                    { for p.rows.iter().map(|&i| {
                        let r = &s.rows[i];
                        let index = r.index;
                        let onclick = p.on_open.reform(move |_: MouseEvent| index);
                        html! {
                            <tr class={classes!("xy-staff-row", (!r.complete).then_some("xy-incomplete"))} data-index={index.to_string()} data-row={r.row.to_string()} {onclick}>
                                { for columns.shown().map(|c| cell(r, c)) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CardsProps {
    lang: Lang,
    screened: Rc<Screened>,
    uid: AttrValue,
    rows: Vec<usize>,
    on_open: Callback<usize>,
}

/// The page as one card per subject (narrow screens): name, masked id, grade badge, the
/// commitment schemes it may use, the incomplete (待核) mark and a button to its report.
#[component]
fn SubjectCards(p: &CardsProps) -> Html {
    let l = p.lang;
    let s = &p.screened;
    if p.rows.is_empty() {
        return html! {
            <p class="xy-staff-cards xy-staff-cards-empty">{ l.t("没有符合条件的主体", "No subject matches") }</p>
        };
    }
    html! {
        <ul class="xy-staff-cards" aria-label={l.t("预审结果（每个主体一张卡片）", "Results (one card per subject)")}>
            { for p.rows.iter().map(|&i| {
                let r = &s.rows[i];
                let index = r.index;
                let head = format!("{}-card-{index}", p.uid);
                let name = name_of(r, l);
                let schemes: Vec<Html> = s.schemes.iter().filter_map(|sc| {
                    let v = r.verdict(&sc.id)?;
                    let (class, text) = verdict_text(Some(v), l);
                    let title = verdict_title(Some(v), l);
                    Some(html! { <li class={class} {title}>{ format!("{}{}", l.t(&sc.zh, &sc.en), l.t("：", ": ")) }<span class="xy-card-verdict">{ text }</span></li> })
                }).collect();
                html! {
                    <li class={classes!("xy-staff-card", (!r.complete).then_some("xy-incomplete"))} data-index={index.to_string()} data-row={r.row.to_string()} aria-labelledby={head.clone()}>
                        <div class="xy-card-top">
                            <h4 id={head}>{ &name }</h4>
                            <span class="xy-grade-badge" title={l.t("信用等级", "Credit grade")}>
                                <span class="xy-sr">{ l.t("信用等级：", "Grade: ") }</span>{ if r.level.is_empty() { l.t("未评级", "no grade").into() } else { r.level.clone() } }
                            </span>
                        </div>
                        <dl class="xy-card-facts">
                            <div><dt>{ l.t("证件号码", "Id") }</dt><dd class="xy-mono" title={l.t("已脱敏", "masked")}>{ &r.id_masked }</dd></div>
                            <div><dt>{ l.t("行号", "Row") }</dt><dd>{ r.row }</dd></div>
                            if let Some(score) = r.score {
                                <div><dt>{ l.t("分数", "Score") }</dt><dd class="xy-score">{ score }</dd></div>
                            }
                            if !r.industry.is_empty() {
                                <div><dt>{ l.t("行业", "Industry") }</dt><dd>{ industry_of(r, l) }</dd></div>
                            }
                            if let Some(d) = &r.earliest_repair {
                                <div><dt>{ l.t("最早可修复日期", "Earliest repair") }</dt><dd>{ d }</dd></div>
                            }
                        </dl>
                        if schemes.is_empty() {
                            <p class="xy-card-status xy-na">{ l.t("承诺制度：不适用", "Commitment schemes: none apply") }</p>
                        } else {
                            <ul class="xy-card-schemes xy-card-status" aria-label={l.t("承诺制度", "Commitment schemes")}>{ for schemes }</ul>
                        }
                        if !r.complete {
                            <p class="xy-card-incomplete" title={r.note.clone()}>{ match l {
                                Lang::Zh => format!("⚠ 结果不完整（待核）：第 {} 行被拒绝", rows_list(r, "、")),
                                Lang::En => format!("⚠ Incomplete (unverified): rows {} rejected", rows_list(r, ", ")),
                            } }</p>
                        }
                        <button type="button" class="xy-btn xy-btn-small xy-card-open" onclick={p.on_open.reform(move |_: MouseEvent| index)}>
                            { l.t("查看报告", "Open report") }<span class="xy-sr">{ format!("{}{name}", l.t("：", ": ")) }</span>
                        </button>
                    </li>
                }
            }) }
        </ul>
    }
}

pub fn rows_list(r: &Row, sep: &str) -> String {
    r.rejected_rows
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}
