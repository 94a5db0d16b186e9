//! The pack's test vocabulary (`RecordTest`, `SubjectTest`) and when a holding test will stop
//! holding, which is what `eligible_from` is made of.

use chrono::NaiveDate;
use xinyong_model::Field;

use super::{earliest, latest, Cx, Fact};
use crate::dates::{day_after_period, window_start};
use crate::pack::{RecordTest, SubjectTest};

pub(crate) fn record_matches(t: &RecordTest, f: &Fact, cx: &Cx) -> bool {
    let r = f.rec;
    fn within<T: PartialEq>(list: &Option<Vec<T>>, v: Option<&T>) -> bool {
        match list {
            None => true,
            Some(l) => v.is_some_and(|v| l.contains(v)),
        }
    }
    f.counted
        && within(&t.types, Some(&r.kind))
        && t.penalties.as_ref().is_none_or(|l| {
            r.penalty
                .as_ref()
                .is_some_and(|p| p.0.iter().any(|k| l.contains(k)))
        })
        && within(&t.tiers, f.tier.as_ref())
        && within(&t.fields, Some(&r.field.unwrap_or(Field::General)))
        && within(&t.behaviours, r.behaviour.as_ref())
        && within(&t.statuses, r.status.as_ref())
        && within(&t.schemes, r.scheme.as_ref())
        && within(&t.levels, r.level.as_ref())
        && t.authority_contains.as_ref().is_none_or(|l| {
            r.authority
                .as_ref()
                .is_some_and(|a| l.iter().any(|x| a.contains(x.as_str())))
        })
        && t.min_amount
            .is_none_or(|m| r.amount.is_some_and(|a| a >= m))
        && t.active.is_none_or(|v| f.active == v)
        && t.repaired.is_none_or(|v| f.repaired == v)
        && t.within_months
            .is_none_or(|m| r.date.is_some_and(|d| d.0 >= window_start(cx.as_of, m)))
        && t.obligations_unfulfilled
            .is_none_or(|v| r.fulfilled_on.is_none() == v)
        && within(&t.procedures, f.procedure.as_ref())
        && t.specific_serious
            .is_none_or(|v| r.specific_serious.unwrap_or(false) == v)
}

/// The first day a matching record stops matching `t`; `None` when that cannot be foreseen.
pub(crate) fn record_clears(t: &RecordTest, f: &Fact) -> Option<NaiveDate> {
    let mut c = None;
    if t.active == Some(true) || t.repaired == Some(false) {
        c = earliest(c, f.clears_on);
    }
    if let (Some(m), Some(d)) = (t.within_months, f.rec.date) {
        c = earliest(c, Some(day_after_period(d.0, m)));
    }
    c
}

/// A subject test's verdict: whether it holds, the records that made it hold (each with the
/// day it stops counting), and the first day the whole test stops holding.
#[derive(Clone, Debug, Default)]
pub(crate) struct Outcome {
    pub holds: bool,
    pub records: Vec<(usize, Option<NaiveDate>)>,
    pub clears: Option<NaiveDate>,
    /// A part read a grade in force that is itself assumed (whether or not the test held).
    pub assumed: bool,
}

pub(crate) fn eval_subject(t: &SubjectTest, cx: &Cx) -> Outcome {
    let mut out = Outcome {
        holds: true,
        records: Vec::new(),
        clears: None,
        assumed: false,
    };
    // Whether the answer rests on an assumed grade: a part that fails for certain (a record, an
    // industry, a grade that is not assumed) settles "no" whatever the grade; otherwise any part
    // that read an assumed grade leaves the answer assumed.
    let mut failed_for_sure = false;
    let mut read_assumed = false;
    // Parts are ANDed, so the whole stops holding as soon as any part does.
    if let Some(rt) = &t.records {
        let matched: Vec<(usize, Option<NaiveDate>)> = cx
            .facts
            .iter()
            .enumerate()
            .filter(|(_, f)| record_matches(rt, f, cx))
            .map(|(i, f)| (i, record_clears(rt, f)))
            .collect();
        let need = t.at_least.unwrap_or(1).max(1) as usize;
        // Group by the distinct field, if any: a group stops counting when its last record does.
        // The key borrows the record's text (`Ok`) or is the record's index (`Err`): no copy.
        let mut groups: Vec<(Result<&str, usize>, Option<NaiveDate>)> =
            Vec::with_capacity(matched.len());
        for (i, c) in &matched {
            let key = match t.distinct.as_deref() {
                Some("authority") => Ok(cx.facts[*i].rec.authority.as_deref().unwrap_or_default()),
                Some("list") => Ok(cx.facts[*i].rec.list.as_deref().unwrap_or_default()),
                _ => Err(*i),
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some(g) => g.1 = latest(g.1, *c),
                None => groups.push((key, *c)),
            }
        }
        if groups.len() >= need {
            // It stops holding once (n - need + 1) groups have cleared.
            let mut days: Vec<Option<NaiveDate>> = groups.iter().map(|g| g.1).collect();
            crate::sort::sort_by(&mut days, |a, b| match (a, b) {
                (None, None) => std::cmp::Ordering::Equal,
                (None, _) => std::cmp::Ordering::Greater,
                (_, None) => std::cmp::Ordering::Less,
                (Some(a), Some(b)) => a.cmp(b),
            });
            out.clears = days[groups.len() - need];
            out.records = matched;
        } else {
            out.holds = false;
            failed_for_sure = true;
        }
    }
    if let Some(rt) = &t.no_records {
        if cx.facts.iter().any(|f| record_matches(rt, f, cx)) {
            out.holds = false;
            failed_for_sure = true;
        }
    }
    let mut primary = |ok: bool, out: &mut Outcome| {
        read_assumed |= cx.primary_assumed;
        if !ok {
            out.holds = false;
            failed_for_sure |= !cx.primary_assumed;
        }
    };
    if let Some(l) = &t.level_in {
        primary(
            cx.primary_level.is_some_and(|p| l.iter().any(|x| x == p)),
            &mut out,
        );
    }
    if let Some(l) = &t.level_not_in {
        // No grade at all also counts as "not one of these levels".
        primary(
            !cx.primary_level.is_some_and(|p| l.iter().any(|x| x == p)),
            &mut out,
        );
    }
    if let Some(l) = &t.standing_in {
        primary(
            cx.primary_standing.is_some_and(|p| l.contains(&p)),
            &mut out,
        );
    }
    if let Some(l) = &t.standing_not_in {
        // No grade at all also counts as "none of these standings".
        primary(
            !cx.primary_standing.is_some_and(|p| l.contains(&p)),
            &mut out,
        );
    }
    if let Some(gt) = &t.grade {
        let assumed = cx
            .grades
            .iter()
            .any(|(scheme, _, _, assumed)| *assumed && *scheme == gt.scheme);
        read_assumed |= assumed;
        let ok = cx.grades.iter().any(|(scheme, level, standing, _)| {
            *scheme == gt.scheme
                && gt
                    .levels
                    .as_ref()
                    .is_none_or(|l| l.iter().any(|x| x == level))
                && gt
                    .standings
                    .as_ref()
                    .is_none_or(|l| standing.is_some_and(|s| l.contains(&s)))
        });
        if !ok {
            out.holds = false;
            failed_for_sure |= !assumed;
        }
    }
    if let Some(l) = &t.industries {
        if !cx.industry.is_some_and(|i| l.contains(&i)) {
            out.holds = false;
            failed_for_sure = true;
        }
    }
    if let Some(l) = &t.kinds {
        if !l.contains(&cx.input.subject.kind) {
            out.holds = false;
            failed_for_sure = true;
        }
    }
    if let Some(alts) = &t.any {
        let mut held: Vec<Outcome> = alts.iter().map(|a| eval_subject(a, cx)).collect();
        // None holds: "no" is certain unless some alternative's "no" rests on an assumed grade.
        // Some hold: "yes" is certain when one of them is.
        let none_for_sure = held.iter().all(|o| !o.assumed);
        held.retain(|o| o.holds);
        if held.is_empty() {
            out.holds = false;
            failed_for_sure |= none_for_sure;
            read_assumed |= !none_for_sure;
        } else {
            read_assumed |= held.iter().all(|o| o.assumed);
            // Every holding alternative must stop before the `any` does.
            let mut c = held[0].clears;
            for o in &held[1..] {
                c = latest(c, o.clears);
            }
            out.clears = if t.records.is_some() {
                earliest(out.clears, c)
            } else {
                c
            };
            for o in held {
                for r in o.records {
                    if !out.records.iter().any(|(i, _)| *i == r.0) {
                        out.records.push(r);
                    }
                }
            }
        }
    }
    out.assumed = if out.holds {
        read_assumed
    } else {
        !failed_for_sure && read_assumed
    };
    if !out.holds {
        out.records.clear();
        out.clears = None;
    }
    out
}
