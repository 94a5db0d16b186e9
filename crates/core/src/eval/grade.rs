//! Credit grades (信用评价): base score, itemised points with caps, direct-to-lowest triggers,
//! bands. The subject's industry selects the schemes; its main scheme comes first.

use chrono::{Datelike, NaiveDate};
use xinyong_model::{Date, Grade, GradeCycle, GradeItem, OfficialResult, Record, SubjectKind};

use super::test::record_matches;
use super::{Cx, Fact};
use crate::dates::{next_day, period_end, window_start};
use crate::pack::{Dated, GradeItemRule, GradeScheme, PointsFrom, ScoreMode, WindowKind};

pub(crate) fn run(cx: &Cx) -> Vec<Grade> {
    let Some(industry) = cx.industry else {
        return Vec::new();
    };
    let kind = cx.input.subject.kind;
    let mut schemes: Vec<&GradeScheme> = cx
        .pack
        .rules
        .grade_schemes
        .iter()
        .filter(|g| {
            g.kinds.contains(&kind) && g.industries.contains(&industry) && g.in_force(cx.as_of)
        })
        .collect();
    // Stable: the primary scheme first, the rest in pack order.
    let secondary = |g: &&GradeScheme| !g.primary_for.contains(&industry);
    crate::sort::sort_by(&mut schemes, |a, b| secondary(a).cmp(&secondary(b)));
    let mut primary_given = false;
    schemes
        .into_iter()
        .map(|g| {
            let primary = !primary_given && g.primary_for.contains(&industry);
            primary_given |= primary;
            grade(g, primary, cx)
        })
        .collect()
}

/// Two decimals: scores are shown to people, and float noise must not change a band.
fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The scheme's evaluation period: its first day, and for a cycle-based scheme the cycle.
fn window(g: &GradeScheme, cx: &Cx) -> (NaiveDate, Option<GradeCycle>) {
    let months = g.window_months;
    let rolling = window_start(cx.as_of, months);
    if g.window != Some(WindowKind::CycleFromQualification) {
        return (rolling, None);
    }
    let basis = g.window_basis.clone().unwrap_or_else(|| g.basis.clone());
    let qualified = cx
        .input
        .subject
        .qualified_on
        .filter(|q| q.0 <= cx.as_of && cx.input.subject.kind == SubjectKind::Person);
    let Some(q) = qualified else {
        // Every cycle containing `as_of` starts on or after `rolling`, so the rolling window
        // holds every point the real cycle could hold: the conservative count.
        let zh = format!(
            "未填写从业资格证初次领取日期，考核周期无法确定：按检查日前{months}个月（{} 至 {}）计分，计入的记分不少于实际考核周期；计分清除日期请按初次领取日期推算",
            Date(rolling),
            Date(cx.as_of)
        );
        let en = format!(
            "No first-issue date of the qualification certificate, so the assessment cycle cannot be placed: points are counted over the {months} months up to the check date ({} to {}), which holds at least every point of the real cycle; work out when the points clear from the first-issue date",
            Date(rolling),
            Date(cx.as_of)
        );
        let cycle = GradeCycle {
            from: Date(rolling),
            to: None,
            clears_on: None,
            assumed: true,
            zh,
            en,
            basis,
        };
        return (rolling, Some(cycle));
    };
    // Cycle k (k ≥ 1) ends on the Civil Code anniversary period_end(q, k·months); the first
    // begins on the day of issue, each later one the day after the previous ends.
    let mut k: u32 = 1;
    while period_end(q.0, months.saturating_mul(k)) < cx.as_of && k < u32::MAX / months.max(1) {
        k += 1;
    }
    let to = period_end(q.0, months.saturating_mul(k));
    let from = if k == 1 {
        q.0
    } else {
        next_day(period_end(q.0, months.saturating_mul(k - 1)))
    };
    let clears = next_day(to);
    let zh = format!(
        "考核周期 {} 至 {}（自从业资格证初次领取日期 {} 起每{months}个月为一个周期）；本周期的计分于 {} 清除，不转入下一周期",
        Date(from),
        Date(to),
        q,
        Date(clears)
    );
    let en = format!(
        "Assessment cycle {} to {} (cycles of {months} months from the certificate's first issue on {}); this cycle's points are cleared on {} and not carried over",
        Date(from),
        Date(to),
        q,
        Date(clears)
    );
    let cycle = GradeCycle {
        from: Date(from),
        to: Some(Date(to)),
        clears_on: Some(Date(clears)),
        assumed: false,
        zh,
        en,
        basis,
    };
    (from, Some(cycle))
}

fn grade(g: &GradeScheme, primary: bool, cx: &Cx) -> Grade {
    let (start, cycle) = window(g, cx);
    let in_window =
        |d: Option<xinyong_model::Date>| d.is_some_and(|d| d.0 >= start && d.0 <= cx.as_of);
    let mut assumed = g.assumption.is_some() || cycle.as_ref().is_some_and(|c| c.assumed);
    let (mut score, mut items, items_assumed) = apply_items(&g.items, g, cx, &in_window, g.base);
    assumed |= items_assumed;
    let counter = g.counter.as_ref().map(|c| {
        let (value, items, a) = apply_items(&c.items, g, cx, &in_window, 0.0);
        assumed |= a || c.assumption.is_some();
        xinyong_model::CounterOut {
            id: c.id.clone(),
            zh: c.zh.clone(),
            en: c.en.clone(),
            value: round2(value.abs()),
            items,
            basis: c.basis.clone(),
        }
    });
    let counter_value = counter.as_ref().map_or(0.0, |c| c.value);
    if let Some(fl) = g.floor {
        score = score.max(fl);
    }
    if let Some(c) = g.ceiling {
        score = score.min(c);
    }
    let score = round2(score);
    let mut lowest = false;
    // The latest day a direct trigger that has lapsed held the lowest level, and its record.
    let mut lapsed: Option<(NaiveDate, &str)> = None;
    for d in g.direct_lowest.iter().filter(|d| d.in_force(cx.as_of)) {
        for f in cx.facts.iter().filter(|f| record_matches(&d.when, f, cx)) {
            let lasts = match (d.months, f.rec.date) {
                (Some(m), Some(date)) => {
                    let end = period_end(date.0, m);
                    let still = cx.as_of <= end || (d.while_in_force == Some(true) && f.active);
                    if !still {
                        // Held until the period ended, or (while in force) the record stopped
                        // being in force, whichever was later.
                        let mut held = end;
                        if d.while_in_force == Some(true) {
                            if let Some(last) = last_day_in_force(f) {
                                held = held.max(last);
                            }
                        }
                        if lapsed.is_none_or(|(day, _)| held > day) {
                            lapsed = Some((held, f.rec.id.as_str()));
                        }
                    }
                    still
                }
                _ => true,
            };
            if lasts {
                lowest = true;
                assumed |= d.assumption.is_some();
                items.push(GradeItem {
                    rule: d.id.clone(),
                    record_id: Some(f.rec.id.clone()),
                    points: 0.0,
                    zh: d.zh.clone(),
                    en: d.en.clone(),
                    basis: d.basis.clone(),
                    assumed: d.assumption.is_some(),
                });
            }
        }
    }
    let band = if lowest {
        g.bands.last()
    } else {
        g.bands.iter().find(|b| {
            b.min.is_none_or(|m| score >= m)
                && b.below.is_none_or(|m| score < m)
                && b.counter_min.is_none_or(|m| counter_value >= m)
                && b.counter_below.is_none_or(|m| counter_value < m)
        })
    };
    // Lint guarantees the bands cover every score; the fallback only guards hostile packs
    // that bypassed it.
    let mut band = band.or(g.bands.last());
    // The band the score alone gives, to tell whether a cap or a trigger set the level.
    let by_score = if lowest {
        None
    } else {
        band.map(|b| b.id.as_str())
    };
    // A level that needs a figure the input lacks (or gives below the threshold) is out of
    // reach: the grade is at best the cap's level, and an item says why.
    for c in &g.level_caps {
        let (Some(b), false) = (band, lowest) else {
            break;
        };
        let figure = c.figure.of(&cx.input.subject);
        if figure.is_some_and(|v| v >= c.min) {
            continue;
        }
        let (Some(rank), Some(cap)) = (level_rank(g, &b.level), level_rank(g, &c.level)) else {
            continue;
        };
        if rank >= cap {
            continue;
        }
        band = g.bands.iter().find(|x| x.level == c.level).or(band);
        assumed |= c.assumption.is_some();
        let min = crate::num::decimal_text(c.min);
        let (zh, en) = match figure {
            None => (
                format!("{}：未填写，按不满足处理，等级至多为{}级", c.zh, c.level),
                format!(
                    "{}: not given, so taken as not met: {} at best",
                    c.en, c.level
                ),
            ),
            Some(v) => {
                let v = crate::num::decimal_text(v);
                (
                    format!("{}：填写为 {v}，低于 {min}，等级至多为{}级", c.zh, c.level),
                    format!("{}: given as {v}, below {min}: {} at best", c.en, c.level),
                )
            }
        };
        items.push(GradeItem {
            rule: c.id.clone(),
            record_id: None,
            points: 0.0,
            zh: zh.into(),
            en: en.into(),
            basis: c.basis.clone(),
            assumed: c.assumption.is_some(),
        });
    }
    if let (Some(rl), Some(b), false) = (&g.rise_limit, band, lowest) {
        if let Some((cap, record_id)) = rise_cap(g, rl.levels, lapsed, cx) {
            let rank = level_rank(g, &b.level);
            if rank.is_some_and(|r| r < cap) {
                band = levels(g)
                    .get(cap)
                    .and_then(|l| g.bands.iter().find(|b| b.level == *l))
                    .or(band);
                assumed |= rl.assumption.is_some();
                items.push(GradeItem {
                    rule: rl.id.clone(),
                    record_id: Some(record_id.to_string()),
                    points: 0.0,
                    zh: rl.zh.clone(),
                    en: rl.en.clone(),
                    basis: rl.basis.clone(),
                    assumed: rl.assumption.is_some(),
                });
            }
        }
    }
    assumed |= band.is_some_and(|b| b.assumption.is_some());
    let set_otherwise = band.map(|b| b.id.as_str()) != by_score;
    let (score_zh, score_en) = score_words(g, score, cycle.as_ref(), set_otherwise);
    let official = official_results(g, cx)
        .max_by_key(|f| (f.rec.year, f.rec.date))
        .and_then(|f| {
            Some(OfficialResult {
                record_id: f.rec.id.clone(),
                level: f.rec.level.clone()?,
                year: f.rec.year,
            })
        });
    let mut out = Grade {
        scheme: g.id.clone(),
        zh: g.zh.clone(),
        en: g.en.clone(),
        level: band.map(|b| b.level.clone()).unwrap_or_default(),
        score,
        primary,
        items,
        level_zh: band.map(|b| b.zh.clone()).unwrap_or_default(),
        standing: band.map(|b| b.standing.shared()).unwrap_or_default(),
        rule: band.map(|b| b.id.clone()).unwrap_or_default(),
        basis: match band {
            Some(b) => super::concat(&[&g.basis, "；", &b.basis]).into(),
            None => g.basis.clone(),
        },
        official,
        assumed,
        counter,
        cycle,
        in_force: xinyong_json::Blank::blank(),
        level_en: band.and_then(|b| b.en.clone()).unwrap_or_default(),
        score_zh,
        score_en,
    };
    out.in_force = super::in_force::decide(g, &out, cx);
    out
}

/// What the grade's number is, in words (a score a reader can misread: 15 penalty points are
/// not 15 marks, and a direct-to-lowest grade's score of 980 is not what made it B).
fn score_words(
    g: &GradeScheme,
    score: f64,
    cycle: Option<&GradeCycle>,
    set_otherwise: bool,
) -> (String, String) {
    let n = crate::num::decimal_text(score);
    let base = crate::num::decimal_text(g.base);
    let (mut zh, mut en) = match g.mode {
        ScoreMode::Deduct => (
            format!("得分 {n}（以 {base} 分为基础，按记录加减分）"),
            format!(
                "score {n} (starting from {base}, with points added or deducted for the records)"
            ),
        ),
        ScoreMode::Accumulate => {
            let (zh, en) = match cycle {
                Some(GradeCycle { clears_on: Some(d), .. }) => (
                    format!("本周期的记分于 {d} 清除"),
                    format!("this cycle's points are cleared on {d}"),
                ),
                Some(_) => (
                    "记分在考核周期届满时清除（周期按从业资格证初次领取日期推算）".to_string(),
                    "the points are cleared when the assessment cycle ends (counted from the certificate's first issue)".to_string(),
                ),
                None => (
                    format!("按查询日前{}个月内的记录累计", g.window_months),
                    format!("counted over the {} months up to the check date", g.window_months),
                ),
            };
            (
                format!("累计记分 {n} 分（是记分，不是得分：记分越多等级越低）；{zh}"),
                format!("{n} penalty points (points, not marks: the more points, the lower the grade); {en}"),
            )
        }
    };
    if set_otherwise {
        zh.push_str("；等级不按分数确定，而由明细中的直接定级或等级限制项目确定");
        en.push_str("; the level is not set by this figure but by a direct-grading or level-limit item in the breakdown");
    }
    (zh, en)
}

/// The last day a record no longer in force still was: the day before it cleared, or for a
/// record whose publicity ran out unrepaired, the last day of its maximum publicity period as
/// the repair step worked it out.
fn last_day_in_force(f: &Fact) -> Option<NaiveDate> {
    if let Some(c) = f.clears_on {
        return c.pred_opt();
    }
    if f.repaired {
        return None;
    }
    f.publicity_max_end
}

/// The subject's official evaluation results under scheme `g`.
fn official_results<'a, 'c>(
    g: &'c GradeScheme,
    cx: &'c Cx<'a>,
) -> impl Iterator<Item = &'c Fact<'a>> + 'c {
    cx.facts.iter().filter(move |f| {
        f.counted
            && f.rec.kind == "evaluation_result"
            && f.rec.scheme.as_deref() == Some(g.id.as_str())
    })
}

/// The scheme's levels, best first, each once.
pub(super) fn levels(g: &GradeScheme) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for b in &g.bands {
        if !out.contains(&b.level.as_str()) {
            out.push(&b.level);
        }
    }
    out
}

/// Position of `level` among the scheme's levels (0 = best).
pub(super) fn level_rank(g: &GradeScheme, level: &str) -> Option<usize> {
    levels(g).iter().position(|l| *l == level)
}

/// The best level rank the grade may reach under a rise limit of `per_year` levels a year, and
/// the record of the previous grade it counts from: the latest of (a) the latest official
/// result of an earlier evaluation year and (b) the lowest level a lapsed direct trigger held.
fn rise_cap<'a>(
    g: &GradeScheme,
    per_year: u32,
    lapsed: Option<(NaiveDate, &'a str)>,
    cx: &'a Cx,
) -> Option<(usize, &'a str)> {
    let year_of = |r: &Record| -> Option<i32> {
        // Without `year`, a result is taken to grade the year before its date (733号: each
        // year's evaluation covers the previous year), which counts the most elapsed years
        // the fewest times: the conservative reading.
        r.year.or_else(|| r.date.map(|d| d.0.year() - 1))
    };
    let official = official_results(g, cx)
        .filter(|f| year_of(f.rec).is_some_and(|y| y < cx.as_of.year()))
        .max_by_key(|f| (year_of(f.rec), f.rec.date));
    let from_official = official.and_then(|f| {
        let prev = level_rank(g, f.rec.level.as_deref()?)?;
        let years = (cx.as_of.year() - year_of(f.rec)?).max(0) as u64;
        let rise = (per_year as u64).saturating_mul(years);
        let day = f.rec.date.map(|d| d.0).unwrap_or(NaiveDate::MIN);
        Some((day, prev.saturating_sub(rise as usize), f.rec.id.as_str()))
    });
    let from_lapsed = lapsed.map(|(held, id)| {
        let lowest = levels(g).len().saturating_sub(1);
        // The lowest level is that year's grade; each later evaluation year may rise one step
        // (and the year it lapsed in, one step at most).
        let years = (cx.as_of.year() - held.year()).max(1) as u64;
        let rise = (per_year as u64).saturating_mul(years);
        (held, lowest.saturating_sub(rise as usize), id)
    });
    // The more recent previous grade is the one the next grade rises from.
    match (from_official, from_lapsed) {
        (Some(o), Some(l)) => Some(if l.0 >= o.0 { (l.1, l.2) } else { (o.1, o.2) }),
        (Some(o), None) => Some((o.1, o.2)),
        (None, Some(l)) => Some((l.1, l.2)),
        (None, None) => None,
    }
}

/// Apply `rules` to the records in the window, starting from `start`: (value, items, any
/// assumed number used).
fn apply_items(
    rules: &[GradeItemRule],
    g: &GradeScheme,
    cx: &Cx,
    in_window: &dyn Fn(Option<xinyong_model::Date>) -> bool,
    start: f64,
) -> (f64, Vec<GradeItem>, bool) {
    let mut score = start;
    let mut items = Vec::new();
    let mut assumed = false;
    for rule in rules.iter().filter(|r| r.in_force(cx.as_of)) {
        let mut used = 0.0_f64;
        for f in cx
            .facts
            .iter()
            .filter(|f| in_window(f.rec.date) && record_matches(&rule.when, f, cx))
        {
            let mut pts = match rule.points_from {
                PointsFrom::Rule => rule.points,
                PointsFrom::Record => {
                    let behaviour_pts = f
                        .rec
                        .behaviour
                        .as_deref()
                        .and_then(|b| cx.pack.behaviour(b))
                        .filter(|b| b.scheme.as_ref().is_none_or(|s| *s == g.id))
                        .and_then(|b| b.points);
                    match f.rec.points.or(behaviour_pts) {
                        Some(p) => p * rule.points.signum(),
                        None => rule.points,
                    }
                }
            };
            if let Some(cap) = rule.cap {
                let room = (cap - used).max(0.0);
                pts = pts.signum() * pts.abs().min(room);
            }
            used += pts.abs();
            score += pts;
            assumed |= rule.assumption.is_some();
            items.push(GradeItem {
                rule: rule.id.clone(),
                record_id: Some(f.rec.id.clone()),
                points: round2(pts),
                zh: rule.zh.clone(),
                en: rule.en.clone(),
                basis: rule.basis.clone(),
                assumed: rule.assumption.is_some(),
            });
        }
    }
    (score, items, assumed)
}

/// Why a deduction, driver violation or evaluation result that no answer names was not used
/// (unknown or inapplicable scheme, outside the period, a driver's points on an enterprise):
/// `None` for other record types, which take the general reason.
pub(crate) fn why_unused(f: &Fact, cx: &Cx, grades: &[Grade]) -> Option<(String, String)> {
    if !matches!(
        f.rec.kind.as_str(),
        "evaluation_deduction" | "driver_violation" | "evaluation_result"
    ) {
        return None;
    }
    Some(grade_reason(f, cx, grades, &cx.pack.meta.id))
}

fn grade_reason(f: &Fact, cx: &Cx, grades: &[Grade], pack: &str) -> (String, String) {
    let r = f.rec;
    if r.kind == "driver_violation" && cx.input.subject.kind == SubjectKind::Enterprise {
        return (
            "驾驶员违法违规计分记在驾驶员本人名下（交运发〔2008〕280号），不计入企业的信用评价；请在该驾驶员本人的自查中填写".into(),
            "Driver violation points are recorded against the driver (交运发〔2008〕280号) and do not count in an enterprise's evaluation; enter them in the driver's own self-check".into(),
        );
    }
    // Driver points belong to the driver scheme; deductions and results name theirs.
    let scheme = match r.kind.as_str() {
        "driver_violation" => grades
            .iter()
            .find(|g| {
                cx.pack.grade_scheme(&g.scheme).is_some_and(|s| {
                    s.items
                        .iter()
                        .any(|i| i.when.types.as_ref().is_some_and(|t| t.contains(&r.kind)))
                })
            })
            .map(|g| g.scheme.to_string()),
        _ => r.scheme.clone(),
    };
    let Some(s) = scheme else {
        return (
            format!("规则包 {pack} 对本主体没有计入此类记录的信用评价方案，该记录未纳入评价"),
            format!("pack {pack} has no grade scheme for this subject that counts such a record, so it was not used"),
        );
    };
    let known = cx
        .pack
        .grade_scheme(&s)
        .is_some_and(|g| g.in_force(cx.as_of));
    if !known {
        let list: Vec<&str> = cx
            .pack
            .rules
            .grade_schemes
            .iter()
            .filter(|g| g.in_force(cx.as_of))
            .map(|g| g.id.as_str())
            .collect();
        let list = list.join(", ");
        return (
            format!("评价方案“{s}”不是规则包 {pack} 的信用评价方案（本包的方案：{list}），该记录未纳入评价（可能是拼写错误、其他地区的评价，或本地区规则已取代的评价；其他地区的评价请选择该地区的规则包）"),
            format!("\"{s}\" is not a grade scheme of pack {pack} (its schemes: {list}), so the record was not used (a misspelling, another region's evaluation, or one this region's rules replace; for another region's evaluation choose that region's pack)"),
        );
    }
    let Some(g) = grades.iter().find(|g| g.scheme == s) else {
        let industry = cx.industry.map(|i| i.as_str()).unwrap_or("未填写 / none");
        return (
            format!("评价方案“{s}”不适用于本主体（{}，行业 {industry}），该记录未纳入评价", cx.input.subject.kind.as_str()),
            format!("grade scheme \"{s}\" does not apply to this subject ({}, industry {industry}), so the record was not used", cx.input.subject.kind.as_str()),
        );
    };
    if r.kind == "evaluation_result" {
        let latest = g
            .official
            .as_ref()
            .map(|o| o.record_id.as_str())
            .unwrap_or("-");
        return (
            format!("评价方案“{s}”较早的评价结果，以最近的结果（记录 {latest}）为准"),
            format!("an earlier result of grade scheme \"{s}\"; the latest (record {latest}) is the one shown"),
        );
    }
    let scheme = cx.pack.grade_scheme(&s);
    let from = g.cycle.as_ref().map(|c| c.from).unwrap_or_else(|| {
        Date(window_start(
            cx.as_of,
            scheme.map_or(12, |x| x.window_months),
        ))
    });
    if r.date.is_some_and(|d| d < from) {
        return match &g.cycle {
            Some(c) if !c.assumed => (
                format!("记录日期早于当前考核周期（{} 起），其计分已在所属周期届满时清除", c.from),
                format!("dated before the current assessment cycle (from {}): its points were cleared when its own cycle ended", c.from),
            ),
            _ => (
                format!("记录日期早于评价方案“{s}”的评价期（{from} 至 {}），未计分", Date(cx.as_of)),
                format!("dated before the evaluation period of grade scheme \"{s}\" ({from} to {}), so it was not counted", Date(cx.as_of)),
            ),
        };
    }
    (
        format!("评价方案“{s}”在检查日没有计入此类记录的评分项，该记录未纳入评价"),
        format!("grade scheme \"{s}\" has no scoring item in force for such a record on the check date, so it was not used"),
    )
}
