//! "Answers": renders the core's report. Nothing here decides anything; every level, reason,
//! date and status is read from `xinyong_model::Report`.

use std::rc::Rc;

use chrono::NaiveDate;
use xinyong_core::num::decimal_text;
use xinyong_model::{Date, Notice, Repair, RepairStatus, Report};
use yew::prelude::*;

use crate::app::{PackRef, PrintSlot};
use crate::draft::{Draft, Outcome};
use crate::i18n::{self, Lang};
use crate::records::type_label;

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub lang: Lang,
    pub outcome: Rc<Outcome>,
    pub draft: UseReducerHandle<Draft>,
    pub pack: PackRef,
    pub on_print: Callback<PrintSlot>,
    /// Staff screening: the subject lost rejected rows, so no scheme is shown as available
    /// (待核): the row set aside may be the record that closes it.
    #[prop_or_default]
    pub unverified: bool,
}

/// A problem path (`records[1].date`) in words: which record, which field.
fn path_label(path: &str, draft: &Draft, l: Lang) -> String {
    if path.is_empty() {
        return l.t("整个文件", "the document").into();
    }
    if let Some(rest) = path.strip_prefix("records[") {
        let (idx, tail) = rest.split_once(']').unwrap_or((rest, ""));
        let rec = idx.parse::<usize>().ok().and_then(|i| draft.records.get(i));
        let who = rec
            .map(|r| format!("{} {}", l.t("记录", "record"), r.id))
            .unwrap_or_else(|| path.to_string());
        let f = tail.trim_start_matches('.');
        return if f.is_empty() {
            who
        } else {
            format!("{who} · {}", i18n::record_field(f, l))
        };
    }
    match path {
        "subject.id" => l.t("证件号码", "identifier").into(),
        "subject.industry" => l.t("行业", "industry").into(),
        "subject.region" | "pack" => l.t("地区（规则包）", "region (pack)").into(),
        "subject.qualified_on" => l
            .t(
                "从业资格证初次领取日期",
                "first issue of the qualification certificate",
            )
            .into(),
        "subject.drivers_aa_share" => l
            .t(
                "驾驶员AA级及以上占比",
                "share of drivers graded AA or above",
            )
            .into(),
        "as_of" => l.t("查询日期", "check date").into(),
        p => p.into(),
    }
}

#[component]
pub fn ReportView(p: &ReportProps) -> Html {
    let l = p.lang;
    match &*p.outcome {
        Outcome::Empty => html! {
            <p class="xy-empty">{ l.t("填写统一社会信用代码或身份证号码后，这里会显示信用等级、可用的承诺制度和修复指引。",
                                       "Enter the credit code or ID number and your grade, commitment options and repair guide appear here.") }</p>
        },
        Outcome::Loading => html! {
            <p class="xy-empty" aria-busy="true">{ l.t("正在载入所选地区的规则包……", "Loading the chosen region's rule pack…") }</p>
        },
        Outcome::Problems(ps) => html! {
            <div class="xy-msg xy-msg-err">
                <p><strong>{ l.t("还不能给出结果，请先改正：", "No results yet; please correct:") }</strong></p>
                <ul>
                    { for ps.iter().map(|x| html! {
                        <li><strong>{ path_label(&x.path, &p.draft, l) }</strong>{ l.t("：", ": ") }{ l.t(&x.zh, &x.en) }</li>
                    }) }
                </ul>
            </div>
        },
        Outcome::Report(r) => render_report(r, p),
    }
}

fn render_report(r: &Report, p: &ReportProps) -> Html {
    let l = p.lang;
    let s = &r.subject;
    let caveat = assumed_caveat(r, l, true);
    html! {
        <div class="xy-report">
            <div class="xy-card xy-subject-card">
                <dl class="xy-dl">
                    <dt>{ l.t("主体", "Subject") }</dt>
                    <dd>{ if s.name.is_empty() { "—".to_string() } else { s.name.clone() } }</dd>
                    <dt>{ l.t("证件号码（已打码）", "Identifier (masked)") }</dt>
                    <dd class="xy-mono">{ &s.id_masked }</dd>
                    <dt>{ l.t("行业", "Industry") }</dt>
                    <dd>{ s.industry.map(|i| i18n::industry(i, l)).unwrap_or("—") }</dd>
                    <dt>{ l.t("查询日期", "As of") }</dt>
                    <dd>{ r.as_of.to_string() }</dd>
                    <dt>{ l.t("规则包", "Rule pack") }</dt>
                    <dd>
                        { pack_name(r, &p.pack, l) }
                        if let Some(h) = &r.pack.sha256 {
                            // A portal's own pack: say so, and which file exactly.
                            { l.t("（自定义规则包，非随本工具发布）", " (custom pack, not shipped with this tool)") }
                            <br /><span class="xy-mono xy-hash" title="SHA-256">{ format!("sha256 {h}") }</span>
                        }
                    </dd>
                    <dt>{ l.t("适用的修复规则", "Repair rules in force") }</dt>
                    <dd>{ l.t(&r.regime.zh, &r.regime.en) }
                        { rule_ids(l, &mut [r.pack.id.as_str(), r.regime.id.as_str()].into_iter()) }</dd>
                </dl>
            </div>
            { entered_records(p) }
            { grades(r, l) }
            { commitments(r, l, p.unverified) }
            { repairs(r, p) }
            { supervision(r, l) }
            { notices(l.t("守信激励", "Incentives"), &r.measures.incentives, l, "xy-incentives", &caveat) }
            { notices(l.t("失信惩戒措施", "Restrictions"), &r.measures.restrictions, l, "xy-restrictions", &caveat) }
            { notices(l.t("风险提示", "Warnings"), &r.warnings, l, "xy-warnings", &caveat) }
            if !r.ignored.is_empty() {
                <section class="xy-card xy-ignored">
                    <h4>{ l.t("未计入的记录", "Records not counted") }</h4>
                    <ul>{ for r.ignored.iter().map(|i| html! {
                        <li><span class="xy-mono">{ &i.record_id }</span>{ l.t("：", ": ") }{ l.t(&i.reason, &i.reason_en) }</li>
                    }) }</ul>
                </section>
            }
        </div>
    }
}

/// The records the user entered, for the printed report only (the form is not printed, and a
/// report without what it was computed from cannot be checked).
fn entered_records(p: &ReportProps) -> Html {
    let l = p.lang;
    html! {
        <section class="xy-card xy-print-records">
            <h4>{ l.t("所填记录", "Records entered") }</h4>
            if p.draft.records.is_empty() {
                <p>{ l.t("未填写记录。", "No records were entered.") }</p>
            } else {
                <ul>{ for p.draft.records.iter().map(|rec| html! {
                    <li>
                        <strong>{ type_label(&p.pack, &rec.kind, l) }</strong>
                        { format!(" {} {} — ", rec.id, rec.date.map(|d| d.to_string()).unwrap_or_default()) }
                        { crate::records::record_detail(rec, &p.pack, l) }
                    </li>
                }) }</ul>
            }
        </section>
    }
}

fn grades(r: &Report, l: Lang) -> Html {
    html! {
        <section class="xy-card xy-grades">
            <h4>{ l.t("信用等级", "Credit grade") }</h4>
            if r.grades.is_empty() {
                <p>{ l.t("本规则包没有适用于该行业的评价制度（请选择行业）。", "No grade scheme of this pack applies to the industry (choose an industry).") }</p>
            }
            { for r.grades.iter().map(|g| html! {
                <div class={classes!("xy-grade", format!("xy-standing-{}", g.in_force.standing))}>
                    <div class="xy-grade-head">
                        <span class="xy-level" aria-hidden="true">{ g.in_force.level.as_str() }</span>
                        <div>
                            <div><strong>{ l.t(&g.zh, &g.en) }</strong>{ if g.primary { l.t("（主要）", " (main)") } else { "" } }</div>
                            <div>{ format!("{} {} · {} · {}", l.t("适用等级", "Grade in force"), g.in_force.level, level_words(&g.in_force.level_zh, &g.in_force.level_en, &g.in_force.standing, l), source_words(g.in_force.source, l)) }</div>
                            <div class="xy-in-force">{ l.t(&g.in_force.zh, &g.in_force.en) }</div>
                            <div>{ format!("{} {} · {}", l.t("按记录推算", "Computed from the records"), g.level, level_words(&g.level_zh, &g.level_en, &g.standing, l)) }</div>
                            <div class="xy-score-words">{ score_words(g, l) }</div>
                        </div>
                    </div>
                    if let Some(c) = &g.cycle {
                        <p class={classes!("xy-cycle", c.assumed.then_some("xy-assumed"))}>
                            { format!("{}{}", if c.assumed { "⚠ " } else { "" }, l.t(&c.zh, &c.en)) }
                        </p>
                    }
                    if g.assumed || g.in_force.assumed {
                        <p class="xy-assumed">{ l.t("⚠ 其中部分分值为规则包的假定值（原文未见），仅供参考。", "⚠ Some figures are documented assumptions of the pack; treat as indicative.") }</p>
                    }
                    // Focusable so a keyboard user can scroll a table wider than a phone.
                    <div class="xy-table-wrap" tabindex="0" role="region" aria-label={format!("{} {}", l.t(&g.zh, &g.en), l.t("得分明细", "score breakdown"))}>
                    <table class="xy-table">
                        <caption>{ l.t("得分明细", "Score breakdown") }</caption>
                        <thead><tr>
                            <th scope="col">{ l.t("项目", "Item") }</th>
                            <th scope="col">{ l.t("记录", "Record") }</th>
                            <th scope="col">{ l.t("分值", "Points") }</th>
                            <th scope="col">{ l.t("依据", "Basis") }</th>
                        </tr></thead>
                        <tbody>
                            if g.items.is_empty() {
                                <tr><td colspan="4">{ l.t("没有扣分或加分项", "No deductions or bonuses") }</td></tr>
                            }
                            { for g.items.iter().map(|it| html! {
                                <tr>
                                    <td>{ l.t(&it.zh, &it.en) }{ if it.assumed { " ⚠" } else { "" } }</td>
                                    <td class="xy-mono">{ it.record_id.clone().unwrap_or_else(|| "—".into()) }</td>
                                    <td class="xy-num">{ signed(it.points) }</td>
                                    <td class="xy-basis">{ cite(l, &it.basis) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    </div>
                    if let Some(c) = &g.counter {
                        <div class="xy-counter">
                            <p><strong>{ l.t(&c.zh, &c.en) }</strong>{ format!("：{}", decimal_text(c.value)) }</p>
                            <ul>{ for c.items.iter().map(|it| html! {
                                <li>{ l.t(&it.zh, &it.en) }{ format!(" {} ", signed(it.points)) }
                                    <span class="xy-mono">{ it.record_id.clone().unwrap_or_default() }</span></li>
                            }) }</ul>
                            <p class="xy-basis">{ cite(l, &c.basis) }</p>
                        </div>
                    }
                    <p class="xy-basis">{ l.t("定级依据：", "Basis of the level: ") }{ cite(l, &g.basis) }</p>
                    { rule_ids(l, &mut std::iter::once(g.rule.as_str()).chain(g.items.iter().map(|i| i.rule.as_str()))) }
                </div>
            }) }
        </section>
    }
}

/// The pack by its name and version (its id is for machines and citations: in the details).
fn pack_name(r: &Report, pack: &PackRef, l: Lang) -> String {
    let (zh, en) = if r.pack.zh.is_empty() {
        (pack.meta.zh.as_str(), pack.meta.en.as_str())
    } else {
        (r.pack.zh.as_str(), r.pack.en.as_str())
    };
    format!(
        "{}{}{}",
        l.t(zh, en),
        l.t("，版本 ", ", version "),
        r.pack.version
    )
}

/// What the grade's number is (penalty points and when they clear, or a score), from the report.
fn score_words(g: &xinyong_model::Grade, l: Lang) -> String {
    if g.score_zh.is_empty() {
        return format!("{} {}", l.t("得分", "score"), decimal_text(g.score));
    }
    l.t(&g.score_zh, &g.score_en).to_string()
}

/// A legal citation as written (Chinese), with, in English, a gloss of who issued the
/// documents it cites.
fn cite(l: Lang, basis: &str) -> Html {
    let gloss = (l == Lang::En).then(|| i18n::basis_gloss(basis)).flatten();
    html! {
        <>
            <span lang="zh-CN">{ basis.to_string() }</span>
            if let Some(g) = gloss { <span class="xy-gloss">{ format!(" ({g})") }</span> }
        </>
    }
}

/// The engine's rule ids behind an answer, kept out of the reading but at hand for a clerk
/// who must cite them (and in the JSON export). The ids come through a trait object: one copy
/// of this view, not one per caller's iterator type (docs/size.md, session 9).
fn rule_ids(l: Lang, ids: &mut dyn Iterator<Item = &str>) -> Html {
    let mut v: Vec<&str> = Vec::new();
    for id in ids.filter(|i| !i.is_empty()) {
        if !v.contains(&id) {
            v.push(id);
        }
    }
    if v.is_empty() {
        return html! {};
    }
    html! {
        <details class="xy-ids">
            <summary>{ l.t("规则编号", "Rule ids") }</summary>
            <p class="xy-mono">{ v.join(" · ") }</p>
        </details>
    }
}

/// The level in words: the pack's label in the reader's language; in English, without a label,
/// the standing it stands for.
fn level_words(level_zh: &str, level_en: &str, standing: &str, l: Lang) -> String {
    match (l, standing) {
        (Lang::Zh, _) => level_zh.to_string(),
        (Lang::En, _) if !level_en.is_empty() => level_en.to_string(),
        (Lang::En, "good") => "good standing".into(),
        (Lang::En, "normal") => "average standing".into(),
        (Lang::En, "poor") => "poor standing".into(),
        (Lang::En, other) => other.into(),
    }
}

fn source_words(s: xinyong_model::GradeSource, l: Lang) -> &'static str {
    use xinyong_model::GradeSource::*;
    match s {
        Official => l.t("正式评价结果", "official result"),
        Default => l.t("法定默认等级", "legal default"),
        Computed => l.t("按记录推算（假定）", "projected (assumed)"),
    }
}

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", decimal_text(x))
    } else {
        decimal_text(x)
    }
}

fn date_or(d: Option<Date>, l: Lang) -> String {
    d.map(|d| d.to_string())
        .unwrap_or_else(|| l.t("无法预计", "cannot be foreseen").into())
}

fn commitments(r: &Report, l: Lang, unverified: bool) -> Html {
    let caveat = assumed_caveat(r, l, false);
    html! {
        <section class="xy-card xy-commitments">
            <h4>{ l.t("信用承诺制度", "Commitment schemes") }</h4>
            if r.commitments.is_empty() {
                <p>{ l.t("本规则包没有适用的承诺制度。", "No commitment scheme of this pack applies.") }</p>
            }
            <ul class="xy-schemes">
            { for r.commitments.iter().map(|c| html! {
                <li class={classes!("xy-scheme", match (c.eligible, unverified) { (false, _) => "xy-no", (true, false) => "xy-yes", (true, true) => "xy-unverified" })} data-scheme={c.scheme.to_string()}>
                    <div class="xy-scheme-head">
                        <span class="xy-mark" aria-hidden="true">{ match (c.eligible, unverified) { (false, _) => "✗", (true, false) => "✓", (true, true) => "?" } }</span>
                        <strong>{ l.t(&c.zh, &c.en) }</strong>
                        <span class="xy-verdict">{ match (c.eligible, unverified) {
                            (false, _) => l.t("暂不可使用", "not available"),
                            // On an assumed grade: the verdict itself says so; the caveat below says on what.
                            (true, false) if c.assumed => l.t("可以使用（有条件，见下）", "available (conditional, see below)"),
                            (true, false) => l.t("可以使用", "available"),
                            (true, true) => l.t("待核：按读取的行可以使用，但有被拒绝的行", "unverified: available on the rows read, but rows were rejected"),
                        } }</span>
                    </div>
                    if c.assumed { <p class="xy-assumed">{ &caveat }</p> }
                    if !c.eligible {
                        <p class="xy-from">{ format!("{}{}", l.t("最早可用日期：", "Available from: "), date_or(c.eligible_from, l)) }</p>
                        <ul class="xy-reasons">
                            { for c.reasons.iter().map(|x| html! {
                                <li>
                                    { l.t(&x.zh, &x.en) }
                                    if let Some(id) = &x.record_id { { match l { Lang::Zh => format!("（记录 {id}）"), Lang::En => format!(" (record {id})") } } }
                                    if let Some(d) = x.clears_on { { format!(" — {}{d}", l.t("此原因解除日期：", "clears on ")) } }
                                    <div class="xy-basis">{ cite(l, &x.basis) }</div>
                                </li>
                            }) }
                        </ul>
                        { rule_ids(l, &mut c.reasons.iter().map(|x| x.rule.as_str())) }
                    }
                    <details>
                        <summary>{ l.t("依据与适用范围", "Basis and scope") }</summary>
                        <p class="xy-basis">{ cite(l, &c.basis) }</p>
                        <ul>{ for c.scope_exclusions.iter().map(|n| html! { <li>{ l.t(&n.zh, &n.en) }</li> }) }</ul>
                    </details>
                </li>
            }) }
            </ul>
        </section>
    }
}

fn repairs(r: &Report, p: &ReportProps) -> Html {
    let l = p.lang;
    html! {
        <section class="xy-card xy-repairs">
            <h4>{ l.t("信用修复指引", "Repair planner") }</h4>
            if r.repairs.is_empty() {
                <p>{ l.t("没有需要修复的不良记录。", "No adverse records to repair.") }</p>
            }
            { for r.repairs.iter().map(|x| repair_card(r, x, p)) }
        </section>
    }
}

fn repair_card(r: &Report, x: &Repair, p: &ReportProps) -> Html {
    let l = p.lang;
    let decided = p
        .draft
        .records
        .iter()
        .find(|rec| rec.id == x.record_id)
        .and_then(|rec| rec.date);
    // The report names the letters that go with this record; the pack holds their templates.
    let letters: Vec<xinyong_core::letters::FilledLetter> = x
        .letters
        .iter()
        .filter_map(|id| p.pack.rules.letters.iter().find(|lt| lt.id == *id))
        .map(|lt| xinyong_core::letters::fill(lt, r, x, l == Lang::En))
        .collect();
    let status_class = format!("xy-status-{}", x.status.as_str());
    let docs: &Vec<xinyong_model::Str> =
        if l == Lang::En && x.documents_en.len() == x.documents.len() {
            &x.documents_en
        } else {
            &x.documents
        };
    html! {
        <article class="xy-repair" data-record={x.record_id.clone()}>
            <h5>
                <span class="xy-mono">{ &x.record_id }</span>{ " · " }{ type_label(&p.pack, &x.record_type, l) }{ " · " }
                { i18n::tier(x.tier, l) }
                if x.tier_derived { <span class="xy-hint">{ l.t("（按处罚种类推定）", " (derived from the penalty kind)") }</span> }
            </h5>
            <p class={classes!("xy-status", status_class)}><strong>{ i18n::repair_status(x.status, l) }</strong></p>
            { timeline(decided, x, r.as_of, l) }
            <dl class="xy-dl">
                <dt>{ l.t("决定日期", "Decision date") }</dt><dd>{ decided.map(|d| d.to_string()).unwrap_or_else(|| "—".into()) }</dd>
                <dt>{ l.t("最短公示期届满", "Minimum publicity ends") }</dt><dd>{ date_or(x.publicity_min_end, l) }</dd>
                <dt>{ l.t("最早可申请修复", "Repair possible from") }</dt><dd class="xy-repairable-from">{ date_or(x.repairable_from, l) }</dd>
                <dt>{ l.t("最长公示期届满", "Maximum publicity ends") }</dt><dd>{ date_or(x.publicity_max_end, l) }</dd>
                if let Some(d) = x.expected_completion {
                    <dt>{ l.t("如现在申请，预计办结", "If applied now, expected completion") }</dt><dd>{ d.to_string() }</dd>
                }
                if let Some(c) = &x.apply_to {
                    <dt>{ l.t("申请渠道", "Apply at") }</dt>
                    <dd>{ l.t(&c.zh, &c.en) }{ " " }<a href={c.url.to_string()} target="_blank" rel="noopener noreferrer">{ c.url.as_str() }</a></dd>
                }
                <dt>{ l.t("费用", "Fee") }</dt>
                <dd>{ if x.free_of_charge { l.t("免费", "Free of charge") } else { l.t("以受理机关规定为准", "As set by the authority") } }</dd>
            </dl>
            if !x.conditions.is_empty() {
                <h6>{ l.t("修复条件", "Conditions") }</h6>
                <ul class="xy-conditions">
                    { for x.conditions.iter().map(|c| html! {
                        <li class={if c.met { "xy-met" } else { "xy-unmet" }}>
                            <span aria-hidden="true">{ if c.met { "☑ " } else { "☐ " } }</span>
                            <span class="xy-sr">{ if c.met { l.t("已满足：", "met: ") } else { l.t("未满足：", "not met: ") } }</span>
                            { l.t(&c.zh, &c.en) }
                            if c.stage == "application" && !c.met {
                                <span class="xy-hint">{ l.t("（申请时完成）", " (done when applying)") }</span>
                            }
                        </li>
                    }) }
                </ul>
            }
            if !docs.is_empty() {
                <h6>{ l.t("需要准备的材料", "Documents to prepare") }</h6>
                <ol class="xy-docs">{ for docs.iter().map(|d| html! { <li>{ d.as_str() }</li> }) }</ol>
            }
            if !x.notes.is_empty() {
                <ul class="xy-notes">{ for x.notes.iter().map(|n| html! { <li>{ "※ " }{ l.t(&n.zh, &n.en) }</li> }) }</ul>
            }
            if !letters.is_empty() {
                <h6>{ l.t("可打印的函件", "Printable letters") }</h6>
                { for letters.into_iter().map(|lt| {
                    let slot = PrintSlot { title: lt.title.clone(), body: lt.body.clone() };
                    let print = p.on_print.reform(move |_| slot.clone());
                    html! {
                        <details class="xy-letter-box">
                            <summary>{ &lt.title }</summary>
                            <pre class="xy-letter">{ &lt.body }</pre>
                            <button type="button" class="xy-btn xy-btn-small xy-no-print" onclick={print}>{ l.t("打印此函", "Print this letter") }</button>
                        </details>
                    }
                }) }
            }
            <p class="xy-basis">{ l.t("依据：", "Basis: ") }{ cite(l, &x.basis) }</p>
            { rule_ids(l, &mut std::iter::once(x.rule.as_str()).chain(x.conditions.iter().map(|c| c.id.as_str())).chain(x.notes.iter().map(|n| n.id.as_str()))) }
        </article>
    }
}

/// Decision → minimum publicity end → maximum publicity end, with an "as of" marker.
fn timeline(decided: Option<Date>, x: &Repair, as_of: Date, l: Lang) -> Html {
    let (Some(start), Some(min_end), Some(max_end)) =
        (decided, x.publicity_min_end, x.publicity_max_end)
    else {
        return html! {};
    };
    let day = |d: Date| d.0.signed_duration_since(NaiveDate::MIN).num_days() as f64;
    let lo = day(start).min(day(as_of));
    let hi = day(max_end).max(day(as_of));
    let span = (hi - lo).max(1.0);
    // A narrow drawing keeps its labels legible when a phone scales it down.
    let (w, left, right) = (400.0, 8.0, 8.0);
    let xpos = |d: Date| left + (day(d) - lo) / span * (w - left - right);
    let (xs, xm, xx, xa) = (xpos(start), xpos(min_end), xpos(max_end), xpos(as_of));
    let label = match l {
        Lang::Zh => format!(
            "时间轴：{start} 作出决定，{min_end} 最短公示期届满，{max_end} 最长公示期届满；查询日 {as_of}。"
        ),
        Lang::En => format!(
            "Timeline: decided {start}, minimum publicity ends {min_end}, maximum publicity ends {max_end}; as of {as_of}."
        ),
    };
    let ended = x.status == RepairStatus::PublicityEnded || x.status == RepairStatus::Repaired;
    html! {
        <svg class="xy-timeline" viewBox="0 0 400 100" role="img" aria-label={label.clone()} preserveAspectRatio="xMidYMid meet">
            <title>{ label }</title>
            <line x1={decimal_text(xs)} y1="48" x2={decimal_text(xx)} y2="48" class="xy-tl-base" />
            <rect x={decimal_text(xs)} y="42" width={decimal_text((xm - xs).max(1.0))} height="12" class="xy-tl-min" />
            <rect x={decimal_text(xm)} y="42" width={decimal_text((xx - xm).max(1.0))} height="12" class={if ended { "xy-tl-ended" } else { "xy-tl-window" }} />
            <circle cx={decimal_text(xs)} cy="48" r="5" class="xy-tl-dot" />
            <circle cx={decimal_text(xm)} cy="48" r="5" class="xy-tl-dot" />
            <circle cx={decimal_text(xx)} cy="48" r="5" class="xy-tl-dot" />
            <line x1={decimal_text(xa)} y1="8" x2={decimal_text(xa)} y2="90" class="xy-tl-asof" />
            <text x={decimal_text(xs)} y="30" class="xy-tl-text" text-anchor="start">{ format!("{} {start}", l.t("决定", "decided")) }</text>
            <text x={decimal_text(xm)} y="76" class="xy-tl-text" text-anchor={if xm < 80.0 { "start" } else if xm > 320.0 { "end" } else { "middle" }}>{ format!("{} {min_end}", l.t("最短届满", "min end")) }</text>
            <text x={decimal_text(xx)} y="30" class="xy-tl-text" text-anchor="end">{ format!("{} {max_end}", l.t("最长届满", "max end")) }</text>
            <text x={decimal_text(xa)} y="94" class="xy-tl-text xy-tl-asof-text" text-anchor={if xa > 200.0 { "end" } else { "start" }}>{ format!("{} {as_of}", l.t("查询日", "as of")) }</text>
        </svg>
    }
}

fn supervision(r: &Report, l: Lang) -> Html {
    let Some(s) = &r.supervision else {
        return html! {};
    };
    html! {
        <section class="xy-card xy-supervision">
            <h4>{ l.t("分级分类监管", "Supervision class") }</h4>
            <p><strong>{ if s.en.is_empty() { s.zh.as_str() } else { l.t(&s.zh, &s.en) } }</strong></p>
            <p>{ l.t(&s.inspection, &s.inspection_en) }</p>
            <p class="xy-basis">{ cite(l, &s.basis) }</p>
        </section>
    }
}

/// The caveat on answers (a commitment scheme; the incentives, restrictions or warnings of a
/// section) that rest on an assumed grade in force: it names the grade, why it is assumed and
/// what to check, so that "available" reads as conditional. `many`: said once for a section's
/// items marked conditional, else for one answer. The grade is the main one when that is
/// assumed (what most rules read), else the first assumed one.
fn assumed_caveat(r: &Report, l: Lang, many: bool) -> String {
    use xinyong_model::GradeSource::*;
    let head = match (many, l) {
        (false, Lang::Zh) => "⚠ 有条件：",
        (true, Lang::Zh) => "⚠ 标“有条件”的各项：",
        (false, Lang::En) => "⚠ Conditional: ",
        (true, Lang::En) => "⚠ Items marked conditional: ",
    };
    let answer = if many { "these answers" } else { "this answer" };
    let g = r
        .grades
        .iter()
        .filter(|g| g.in_force.assumed)
        .min_by_key(|g| !g.primary);
    let Some(g) = g else {
        return match l {
            Lang::Zh => format!("{head}依据推定的信用等级，以主管部门公布的正式评价结果为准。"),
            Lang::En => format!("{head}an assumed grade is read; the official result the authority publishes decides."),
        };
    };
    let f = &g.in_force;
    let (why_zh, why_en, check_zh, check_en) = match f.source {
        Computed => (
            "尚无有效的正式评价结果，按所填记录推算",
            "no official result in force: projected from the records entered",
            "请核对是否已有正式评价结果",
            "Check whether an official result exists",
        ),
        Default => (
            "尚无正式评价结果，按默认等级对待",
            "not evaluated yet: the default grade",
            "请核对是否已有正式评价结果",
            "Check whether an official result exists",
        ),
        Official => (
            "正式评价结果，但其有效期为推定",
            "an official result whose period of validity is assumed",
            "请核对该结果是否为本周期、仍然有效",
            "Check that it is the current cycle's result and still in force",
        ),
    };
    match l {
        Lang::Zh => format!(
            "{head}以信用等级 {} 为前提（{why_zh}）。{check_zh}；以主管部门公布的等级为准，等级不同则结论可能不同。",
            f.level
        ),
        Lang::En => format!(
            "{head}grade {} is assumed ({why_en}). {check_en}: the grade the authority publishes decides, and a different grade may change {answer}.",
            f.level
        ),
    }
}

/// A section of notices. Items resting on an assumed grade are marked conditional, with the
/// caveat said once above them (`caveat`, see `assumed_caveat`) rather than under each.
fn notices(title: &str, list: &[Notice], l: Lang, class: &'static str, caveat: &str) -> Html {
    if list.is_empty() {
        return html! {};
    }
    html! {
        <section class={classes!("xy-card", class)}>
            <h4>{ title }</h4>
            if list.iter().any(|n| n.assumed) { <p class="xy-assumed xy-assumed-why">{ caveat }</p> }
            <ul>
                { for list.iter().map(|n| html! {
                    <li>
                        { l.t(&n.zh, &n.en) }
                        if !n.record_ids.is_empty() { { match l { Lang::Zh => format!("（{}）", n.record_ids.join("、")), Lang::En => format!(" ({})", n.record_ids.join(", ")) } } }
                        if n.assumed { <p class="xy-assumed">{ l.t("⚠ 有条件（见上）", "⚠ conditional (see above)") }</p> }
                        <div class="xy-basis">{ cite(l, &n.basis) }</div>
                    </li>
                }) }
            </ul>
        </section>
    }
}
