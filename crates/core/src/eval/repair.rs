//! Publicity windows and repair (信用修复) per adverse record, under the regime in force.

use chrono::NaiveDate;
use xinyong_model::{Condition, Date, Notice, Record, Repair, RepairStatus, Tier};

use super::test::record_matches;
use super::{Cx, Fact};
use crate::dates::{next_day, period_end};
use crate::pack::{ConditionCheck, Dated, NoteOn, Regime};

/// Facts for every record, and a repair entry per adverse record in input order.
pub(crate) fn run<'a>(cx: &Cx<'a>, warnings: &mut Vec<Notice>) -> (Vec<Fact<'a>>, Vec<Repair>) {
    let mut facts = Vec::with_capacity(cx.input.records.len());
    for rec in &cx.input.records {
        let entry = cx.pack.catalogue_entry(&rec.kind);
        let counted = entry.is_some();
        let tier = if entry.is_some_and(|c| c.adverse) {
            tier_of(rec, cx)
        } else {
            None
        };
        let repaired = rec
            .repaired_on
            .or(rec.removed_on)
            .is_some_and(|d| d.0 <= cx.as_of);
        facts.push(Fact {
            rec,
            counted,
            adverse: tier.is_some(),
            tier: tier.map(|t| t.0),
            tier_derived: tier.is_some_and(|t| t.1),
            repaired,
            active: !repaired,
            clears_on: None,
        });
    }
    let mut repairs = Vec::new();
    let mut calendar_gap = None;
    for f in facts.iter_mut() {
        if !f.adverse {
            continue;
        }
        let (Some(tier), derived) = (f.tier, f.tier_derived) else {
            continue; // adverse implies a tier
        };
        // Record tests read only the record and the check date, never other facts.
        let (entry, active, clears) = repair_entry(f, tier, derived, cx, &mut calendar_gap);
        f.active = active;
        f.clears_on = clears;
        repairs.push(entry);
    }
    if let Some(year) = calendar_gap {
        let basis = cx
            .pack
            .rules
            .calendar
            .as_ref()
            .map(|c| c.zh.clone())
            .unwrap_or_default();
        warnings.push(Notice {
            id: "calendar.not_covered".into(),
            zh: format!("规则包的工作日历未覆盖 {year} 年（尚未公布放假安排），预计办结日期仅按周末推算"),
            en: format!("the pack's working-day calendar does not cover {year} (holidays not yet announced); expected completion dates skip weekends only"),
            basis,
            record_ids: vec![],
        });
    }
    (facts, repairs)
}

/// Tier of an adverse record and whether it was derived (no severity in the input).
/// `None` when the record is not adverse (e.g. a kept commitment).
fn tier_of(rec: &Record, cx: &Cx) -> Option<(Tier, bool)> {
    let r = cx.regime;
    if rec.kind == "administrative_penalty" {
        if let Some(s) = rec.severity {
            return Some((s, false));
        }
        if let Some(t) = rec
            .behaviour
            .as_deref()
            .and_then(|b| cx.pack.behaviour(b))
            .and_then(|b| b.tier)
        {
            return Some((t, true));
        }
        // Several kinds in one decision: the most severe default tier, hence the longest period.
        let t = rec
            .penalty
            .as_ref()?
            .0
            .iter()
            .filter_map(|k| r.default_tier.get(k))
            .max()
            .copied()?;
        return Some((t, true));
    }
    let key = match (rec.kind.as_str(), rec.status) {
        ("commitment", Some(s)) => format!("commitment.{s}"),
        (k, _) => k.to_string(),
    };
    let t = r.record_tier.get(&key).copied()?;
    Some((
        rec.severity.unwrap_or(t),
        rec.severity.is_none() && rec.kind == "administrative_penalty",
    ))
}

fn repair_entry(
    f: &Fact,
    tier: Tier,
    derived: bool,
    cx: &Cx,
    gap: &mut Option<i32>,
) -> (Repair, bool, Option<NaiveDate>) {
    let r: &Regime = cx.regime;
    let rec = f.rec;
    let date = rec.date.map(|d| d.0).unwrap_or(cx.as_of);
    let tp = &r.tiers[&tier];
    let unpublished = rec.kind == "administrative_penalty"
        && rec.penalty.as_ref().is_some_and(|p| {
            p.0.iter()
                .all(|k| r.unpublished.iter().any(|u| u.penalties.contains(k)))
        });
    let published = tp.published && !unpublished;
    let field_min = r
        .field_min
        .iter()
        .filter(|x| rec.field.is_some_and(|fl| x.fields.contains(&fl)))
        .map(|x| x.min_months)
        .max()
        .unwrap_or(0);
    let min_m = tp.min_months.max(field_min);
    let max_m = tp.max_months.max(min_m);
    let min_end = period_end(date, min_m);
    let max_end = period_end(date, max_m);
    let repairable_from = next_day(min_end);
    let ended = cx.as_of > max_end;
    let exclusion = r.exclusions.iter().find(|x| record_matches(&x.when, f, cx));

    let mut conditions = Vec::new();
    let mut gating_unmet = false;
    for c in r
        .conditions
        .iter()
        .filter(|c| c.when.as_ref().is_none_or(|w| record_matches(w, f, cx)))
    {
        let (met, stage) = match c.check {
            ConditionCheck::MinPeriod => (!published || cx.as_of >= repairable_from, "now"),
            ConditionCheck::Obligations => (rec.fulfilled_on.is_some(), "now"),
            ConditionCheck::Application => (f.repaired, "application"),
        };
        let met = met || f.repaired;
        if !met && c.check == ConditionCheck::Obligations {
            gating_unmet = true;
        }
        conditions.push(Condition {
            id: c.id.clone(),
            met,
            stage: stage.into(),
            zh: c.zh.clone(),
            en: c.en.clone(),
            basis: c.basis.clone(),
        });
    }

    let status = if f.repaired {
        RepairStatus::Repaired
    } else if !published {
        RepairStatus::NotPublicised
    } else if ended {
        RepairStatus::PublicityEnded
    } else if exclusion.is_some() {
        RepairStatus::NotRepairable
    } else if cx.as_of < repairable_from {
        RepairStatus::InMinPeriod
    } else if gating_unmet {
        RepairStatus::ConditionsUnmet
    } else {
        RepairStatus::Repairable
    };

    let channel = r
        .channels
        .iter()
        .find(|c| c.when.as_ref().is_none_or(|w| record_matches(w, f, cx)));
    let open = matches!(
        status,
        RepairStatus::InMinPeriod | RepairStatus::ConditionsUnmet | RepairStatus::Repairable
    );
    let expected_completion = match (open, channel) {
        (true, Some(c)) => {
            let apply = repairable_from.max(cx.as_of);
            let (d1, ok1) = cx
                .pack
                .calendar
                .add_working_days(apply, c.review_working_days);
            let (d2, ok2) = cx.pack.calendar.add_working_days(d1, c.sync_working_days);
            if !(ok1 && ok2) {
                let y = chrono::Datelike::year(&d2);
                *gap = Some(gap.map_or(y, |g: i32| g.min(y)));
            }
            Some(Date(d2))
        }
        _ => None,
    };

    let active = !(f.repaired || ended);
    // A blocking record stops blocking when its repair is done: applied for on the first day
    // allowed and handled within the channel's time limits.
    let clears = match status {
        RepairStatus::Repaired | RepairStatus::PublicityEnded => None,
        RepairStatus::NotRepairable | RepairStatus::NotPublicised => Some(next_day(max_end)),
        _ => Some(
            expected_completion
                .map(|d| d.0)
                .unwrap_or(repairable_from.max(cx.as_of)),
        ),
    };

    let mut notes = Vec::new();
    if let Some(x) = exclusion {
        notes.push(Notice {
            id: x.id.clone(),
            zh: x.zh.clone(),
            en: x.en.clone(),
            basis: x.basis.clone(),
            record_ids: vec![],
        });
    }
    for n in &r.notes {
        let on = match n.on {
            NoteOn::DerivedTier => derived,
            NoteOn::PublicityEnded => ended && published && !f.repaired,
            NoteOn::NotPublicised => !published,
            NoteOn::Always => true,
        };
        if on && n.when.as_ref().is_none_or(|w| record_matches(w, f, cx)) {
            notes.push(Notice {
                id: n.id.clone(),
                zh: n.zh.clone(),
                en: n.en.clone(),
                basis: n.basis.clone(),
                record_ids: vec![],
            });
        }
    }
    let docs: Vec<_> = r
        .documents
        .iter()
        .filter(|d| d.when.as_ref().is_none_or(|w| record_matches(w, f, cx)))
        .collect();
    let tier_basis = if derived {
        format!("{}；{}", tp.basis, r.default_tier_basis)
    } else {
        tp.basis.clone()
    };
    let repair = Repair {
        record_id: rec.id.clone(),
        record_type: rec.kind.clone(),
        publicised: published,
        tier,
        tier_derived: derived,
        publicity_min_end: published.then_some(Date(min_end)),
        publicity_max_end: published.then_some(Date(max_end)),
        repairable_from: published.then_some(Date(repairable_from)),
        status,
        conditions,
        documents: docs.iter().map(|d| d.zh.clone()).collect(),
        documents_en: docs.iter().map(|d| d.en.clone()).collect(),
        rule: format!("{}.{}", r.id, tier),
        basis: tier_basis,
        apply_to: channel.map(|c| xinyong_model::Channel {
            id: c.id.clone(),
            zh: c.zh.clone(),
            en: c.en.clone(),
            url: c.url.clone(),
            basis: c.basis.clone(),
        }),
        expected_completion,
        free_of_charge: true,
        notes,
        letters: cx
            .pack
            .rules
            .letters
            .iter()
            .filter(|l| {
                l.in_force(cx.as_of) && l.when.as_ref().is_none_or(|w| record_matches(w, f, cx))
            })
            .map(|l| l.id.clone())
            .collect(),
    };
    (repair, active, clears)
}
