//! Credit grades (信用评价): base score, itemised points with caps, direct-to-lowest triggers,
//! bands. The subject's industry selects the schemes; its main scheme comes first.

use xinyong_model::{Grade, GradeItem, OfficialResult};

use super::test::record_matches;
use super::Cx;
use crate::dates::{period_end, window_start};
use crate::pack::{Dated, GradeItemRule, GradeScheme, PointsFrom};

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

fn grade(g: &GradeScheme, primary: bool, cx: &Cx) -> Grade {
    let start = window_start(cx.as_of, g.window_months);
    let in_window =
        |d: Option<xinyong_model::Date>| d.is_some_and(|d| d.0 >= start && d.0 <= cx.as_of);
    let mut assumed = g.assumption.is_some();
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
    for d in g.direct_lowest.iter().filter(|d| d.in_force(cx.as_of)) {
        for f in cx.facts.iter().filter(|f| record_matches(&d.when, f, cx)) {
            let lasts = match (d.months, f.rec.date) {
                (Some(m), Some(date)) => cx.as_of <= period_end(date.0, m),
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
    let band = band.or(g.bands.last());
    assumed |= band.is_some_and(|b| b.assumption.is_some());
    let official = cx
        .facts
        .iter()
        .filter(|f| {
            f.counted
                && f.rec.kind == "evaluation_result"
                && f.rec.scheme.as_deref() == Some(g.id.as_str())
        })
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
        standing: band
            .map(|b| b.standing.as_str().to_string())
            .unwrap_or_default(),
        rule: band.map(|b| b.id.clone()).unwrap_or_default(),
        basis: match band {
            Some(b) => format!("{}；{}", g.basis, b.basis),
            None => g.basis.clone(),
        },
        official,
        assumed,
        counter,
        in_force: crate::json::Blank::blank(),
    };
    out.in_force = super::in_force::decide(g, &out, cx);
    out
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
