//! Publicity windows and repair (信用修复) per adverse record, under the regime in force.
//!
//! A record is judged by the regime in force on `as_of` unless it was decided before that
//! regime came into force and the regime says how such records are judged
//! (`prior_records`): then its periods come from every candidate regime the pack's rule names,
//! and the answer never lets a record be repaired, or its publicity end, earlier than any of
//! them would. Procedure (conditions, documents, where to apply, notes) is always the regime
//! in force on `as_of`.

use chrono::NaiveDate;
use xinyong_model::{
    Condition, Date, Notice, PenaltyKind, Procedure, Record, Repair, RepairStatus, RuleRef, Str,
    SubjectKind, Tier,
};

use super::test::record_matches;
use super::{Cx, Fact};
use crate::dates::{next_day, period_end};
use crate::error::{Problem, Problems};
use crate::pack::{
    ConditionCheck, Dated, NoteOn, Persist, PriorJudge, Regime, RepairExclusion, TierPeriod,
};

/// Facts for every record, and a repair entry per adverse record in input order. Data that
/// cannot be true under any regime the pack knows (a repair before the minimum period could
/// end) is a problem, not a better answer.
pub(crate) fn run<'a>(
    cx: &Cx<'a>,
    warnings: &mut Vec<Notice>,
) -> Result<(Vec<Fact<'a>>, Vec<Repair>), Problems> {
    let mut facts = Vec::with_capacity(cx.input.records.len());
    for rec in &cx.input.records {
        let entry = cx.pack.catalogue_entry(&rec.kind);
        let procedure = match rec.procedure {
            Some(Procedure::Simplified) if !simplified_fits(rec, cx) => {
                warnings.push(simplified_warning(rec, cx));
                None
            }
            p => p,
        };
        let repaired = rec
            .repaired_on
            .or(rec.removed_on)
            .is_some_and(|d| d.0 <= cx.as_of);
        facts.push(Fact {
            rec,
            counted: entry.is_some(),
            adverse: entry.is_some_and(|c| c.adverse),
            tier: None,
            tier_derived: false,
            repaired,
            active: !repaired,
            clears_on: None,
            publicity_max_end: None,
            procedure,
        });
    }
    let mut repairs = Vec::new();
    let mut problems = Vec::new();
    let mut calendar_gap = None;
    for (i, f) in facts.iter_mut().enumerate() {
        if !f.adverse {
            continue;
        }
        let Some(j) = judge(f, cx) else {
            // Adverse type, but no tier for it (a kept commitment): not adverse after all.
            f.adverse = false;
            continue;
        };
        f.tier = Some(j.tier);
        f.tier_derived = j.derived;
        f.publicity_max_end = Some(j.gov().max_end);
        if let Some(d) = f.rec.repaired_on.filter(|d| d.0 <= cx.as_of) {
            match check_repair_day(f, d.0, cx) {
                RepairDay::Possible => {}
                RepairDay::Impossible(p) => problems.push(p.at(i)),
                RepairDay::Doubtful(w) => {
                    // Only possible under a regime the conservative reading does not apply:
                    // say so, and do not count the repair.
                    warnings.push(w);
                    f.repaired = f.rec.removed_on.is_some_and(|d| d.0 <= cx.as_of);
                }
            }
        }
        let (entry, active, clears) = repair_entry(f, &j, cx, &mut calendar_gap);
        f.active = active;
        f.clears_on = clears;
        repairs.push(entry);
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    if let Some(year) = calendar_gap {
        warnings.push(calendar_not_covered(cx.pack.rules.calendar.as_ref(), year));
    }
    Ok((facts, repairs))
}

/// What a report says when a working-day count reaches a year the pack's calendar does not
/// cover: the calendar's own basis, or, for a pack with no calendar, the rule the count then
/// follows (Saturdays and Sundays are the weekly rest days; no public holiday is known).
fn calendar_not_covered(calendar: Option<&crate::pack::schema::Calendar>, year: i32) -> Notice {
    let (zh, en, basis) = match calendar {
        Some(c) => (
            format!("规则包的工作日历未覆盖 {year} 年（尚未公布放假安排），预计办结日期仅按周末推算"),
            format!("the pack's working-day calendar does not cover {year} (holidays not yet announced); expected completion dates skip weekends only"),
            c.zh.clone(),
        ),
        None => (
            format!("规则包未设工作日历，{year} 年的法定节假日和调休未计入，预计办结日期仅按周末推算"),
            format!("the pack has no working-day calendar: public holidays and swapped workdays of {year} are not counted; expected completion dates skip weekends only"),
            NO_CALENDAR_BASIS.into(),
        ),
    };
    Notice {
        id: "calendar.not_covered".into(),
        zh: zh.into(),
        en: en.into(),
        basis,
        record_ids: vec![],
        assumed: false,
    }
}

/// The rule a working-day count follows without a calendar. Article checked against the text
/// republished by the Ministry of Human Resources and Social Security
/// (https://cnacce.org.cn/news/607.html, "来源：人社部网站").
const NO_CALENDAR_BASIS: &str = "《国务院关于职工工作时间的规定》第七条：国家机关、事业单位实行统一的工作时间，星期六和星期日为周休息日（规则包未设工作日历：法定节假日及调休未计入）";

/// A tier as one regime reads a record, with where it came from.
struct TierPick<'a> {
    tier: Tier,
    /// Not given in the input (derived from procedure, behaviour or penalty kind).
    derived: bool,
    /// The reading rests on an assumption of the pack.
    assumed: bool,
    /// Basis of the reading, added to the period's basis (the pack's text, not a copy).
    basis: Option<&'a str>,
}

/// Tier of an adverse record under `r`; `None` when `r` gives it none (a kept commitment).
fn tier_of<'a>(f: &Fact, r: &'a Regime, cx: &Cx<'a>) -> Option<TierPick<'a>> {
    let rec = f.rec;
    if rec.kind == "administrative_penalty" {
        if let Some(s) = rec.severity {
            return Some(TierPick {
                tier: s,
                derived: false,
                assumed: false,
                basis: None,
            });
        }
        // The record's own tier is unknown while the rules are read.
        if let Some(t) = r.tier_rules.iter().find(|t| record_matches(&t.when, f, cx)) {
            return Some(TierPick {
                tier: t.tier,
                derived: true,
                assumed: t.assumption.is_some(),
                basis: Some(&t.basis),
            });
        }
        if let Some(b) = rec
            .behaviour
            .as_deref()
            .and_then(|b| cx.pack.behaviour(b))
            .filter(|b| b.tier.is_some())
        {
            return Some(TierPick {
                tier: b.tier?,
                derived: true,
                assumed: b.assumption.is_some(),
                basis: Some(&b.basis),
            });
        }
        // Several kinds in one decision: the most severe default tier, hence the longest period.
        let kinds: &[PenaltyKind] = &rec.penalty.as_ref()?.0;
        let t = kinds
            .iter()
            .filter_map(|k| r.default_tier.get(k))
            .max()
            .copied()?;
        let assumed = kinds.iter().any(|k| {
            r.default_tier.get(k) == Some(&t) && r.default_tier_assumption.contains_key(k)
        });
        return Some(TierPick {
            tier: t,
            derived: true,
            assumed,
            basis: Some(&r.default_tier_basis),
        });
    }
    // The record's type is the key, except a commitment's, which is keyed by its status too.
    let key: std::borrow::Cow<str> = match (rec.kind.as_str(), rec.status) {
        ("commitment", Some(s)) => format!("commitment.{s}").into(),
        (k, _) => k.into(),
    };
    let key: &str = &key;
    let t = r.record_tier.get(key).copied()?;
    Some(TierPick {
        tier: rec.severity.unwrap_or(t),
        derived: false,
        assumed: rec.severity.is_none() && r.record_tier_assumption.contains_key(key),
        basis: r.record_tier_basis.get(key).map(String::as_str),
    })
}

/// One regime's reading of one record.
struct Reading<'a> {
    regime: &'a Regime,
    tier: Tier,
    derived: bool,
    period: &'a TierPeriod,
    published: bool,
    min_end: NaiveDate,
    max_end: NaiveDate,
    /// Never repairable under this regime: the rule that says so.
    barred: Option<&'a RepairExclusion>,
    /// A longer minimum for the record's field applied, and it is assumed.
    field_assumed: bool,
    assumed: bool,
    /// What the tier was read from, when not given in the input: its basis follows the
    /// period's (`period.basis`) in the report.
    tier_basis: Option<&'a str>,
}

impl Reading<'_> {
    /// The first day this regime alone would let the record be repaired (`None`: never
    /// before its publicity ends).
    fn earliest_repair(&self) -> Option<NaiveDate> {
        match self.barred {
            Some(_) => None,
            None => Some(next_day(self.min_end)),
        }
    }
}

fn read<'a>(f: &Fact, r: &'a Regime, cx: &Cx<'a>) -> Option<Reading<'a>> {
    let pick = tier_of(f, r, cx)?;
    let rec = f.rec;
    let date = rec.date.map(|d| d.0).unwrap_or(cx.as_of);
    let tp = r.tiers.get(&pick.tier)?;
    let unpublished = rec.kind == "administrative_penalty"
        && rec.penalty.as_ref().is_some_and(|p| {
            p.0.iter()
                .all(|k| r.unpublished.iter().any(|u| u.penalties.contains(k)))
        });
    let field = r
        .field_min
        .iter()
        .filter(|x| rec.field.is_some_and(|fl| x.fields.contains(&fl)))
        .max_by_key(|x| x.min_months);
    let min_m = tp.min_months.max(field.map_or(0, |x| x.min_months));
    let max_m = tp.max_months.max(min_m);
    let field_assumed =
        field.is_some_and(|x| x.min_months > tp.min_months && x.assumption.is_some());
    // Tests of the regime's rules see the record with this regime's tier.
    let mut g = f.clone();
    g.tier = Some(pick.tier);
    g.tier_derived = pick.derived;
    let barred = r
        .exclusions
        .iter()
        .find(|x| record_matches(&x.when, &g, cx));
    Some(Reading {
        regime: r,
        tier: pick.tier,
        derived: pick.derived,
        period: tp,
        published: tp.published && !unpublished,
        min_end: period_end(date, min_m),
        max_end: period_end(date, max_m),
        barred,
        field_assumed,
        assumed: pick.assumed
            || tp.assumption.is_some()
            || r.assumption.is_some()
            || barred.is_some_and(|x| x.assumption.is_some()),
        tier_basis: pick.basis,
    })
}

/// The regimes whose reading counts for a record decided on `date`, judged on `day`, and the
/// transitional rule that chose them (when one did).
fn candidates<'a>(
    date: NaiveDate,
    day: NaiveDate,
    cx: &Cx<'a>,
) -> (Vec<&'a Regime>, Option<&'a crate::pack::PriorRecords>) {
    let Some(now) = cx.pack.regime_at(day) else {
        return (vec![cx.regime], None);
    };
    let prior = now.prior_records.as_ref().filter(|_| date < now.from.0);
    let list = match prior.map(|p| p.judge) {
        None | Some(PriorJudge::AsOf) => vec![now],
        Some(PriorJudge::DecisionDate) => vec![cx.pack.regime_at(date).unwrap_or(now)],
        Some(PriorJudge::Stricter) => {
            let v = cx.pack.regimes_between(date, day);
            if v.is_empty() {
                vec![now]
            } else {
                v
            }
        }
    };
    (list, prior)
}

/// Every reading of a record and the one that governs it.
struct Judged<'a> {
    readings: Vec<Reading<'a>>,
    /// The reading with the latest end of publicity (ties: the latest minimum, then the
    /// newest regime): its tier, rule and basis are reported.
    gi: usize,
    /// The published reading with the latest minimum end, when it is not `gi`'s.
    mi: Option<usize>,
    /// Latest minimum end over the published readings.
    min_end: NaiveDate,
    /// Not repairable before this day ends (a reading's exclusion), with the rule.
    barred: Option<(NaiveDate, &'a RepairExclusion)>,
    prior: Option<&'a crate::pack::PriorRecords>,
    tier: Tier,
    derived: bool,
    assumed: bool,
}

impl<'a> Judged<'a> {
    fn gov(&self) -> &Reading<'a> {
        &self.readings[self.gi]
    }
}

fn judge<'a>(f: &Fact, cx: &Cx<'a>) -> Option<Judged<'a>> {
    let date = f.rec.date.map(|d| d.0).unwrap_or(cx.as_of);
    let (regimes, prior) = candidates(date, cx.as_of, cx);
    let readings: Vec<Reading> = regimes.iter().filter_map(|r| read(f, r, cx)).collect();
    let key = |x: &Reading| (x.published, x.max_end, x.min_end);
    // Candidates are oldest first and `max_by` keeps the last maximum: the newest wins ties.
    let gi = (0..readings.len()).max_by(|&a, &b| key(&readings[a]).cmp(&key(&readings[b])))?;
    let published = || (0..readings.len()).filter(|&i| readings[i].published);
    let mi = published()
        .max_by_key(|&i| readings[i].min_end)
        .unwrap_or(gi);
    let barred = published()
        .filter_map(|i| readings[i].barred.map(|x| (readings[i].max_end, x)))
        .max_by_key(|(d, _)| *d);
    let min_end = readings[mi].min_end;
    let mi = (readings[mi].min_end > readings[gi].min_end).then_some(mi);
    let gov = &readings[gi];
    let assumed = gov.assumed
        || gov.field_assumed
        || mi.is_some_and(|m| readings[m].assumed || readings[m].field_assumed)
        || barred.is_some_and(|(_, x)| x.assumption.is_some())
        || prior.is_some_and(|p| p.assumption.is_some());
    Some(Judged {
        tier: gov.tier,
        derived: gov.derived,
        gi,
        mi,
        min_end,
        barred,
        prior,
        assumed,
        readings,
    })
}

enum RepairDay {
    Possible,
    Impossible(Problem),
    Doubtful(Notice),
}

/// Whether a repair on `day` was possible: under no regime in force from the decision to
/// that day (an error), only under a reading the conservative rule sets aside (a warning), or
/// under every reading.
fn check_repair_day(f: &Fact, day: NaiveDate, cx: &Cx) -> RepairDay {
    let rec = f.rec;
    let date = rec.date.map(|d| d.0).unwrap_or(cx.as_of);
    let (regimes, prior) = candidates(date, day, cx);
    let readings: Vec<Reading> = regimes.iter().filter_map(|r| read(f, r, cx)).collect();
    let published: Vec<&Reading> = readings.iter().filter(|r| r.published).collect();
    if published.is_empty() {
        return RepairDay::Possible;
    }
    // The earliest any reading allows, and the day every one of them allows.
    let earliest = published
        .iter()
        .map(|r| r.earliest_repair().unwrap_or(next_day(r.max_end)))
        .min();
    let every = published
        .iter()
        .map(|r| r.earliest_repair().unwrap_or(next_day(r.max_end)))
        .max();
    let (Some(earliest), Some(every)) = (earliest, every) else {
        return RepairDay::Possible;
    };
    if day < earliest {
        let r = published
            .iter()
            .find(|r| r.earliest_repair().unwrap_or(next_day(r.max_end)) == earliest)
            .map(|r| r.regime)
            .unwrap_or(cx.regime);
        return RepairDay::Impossible(Problem::new(
            "repaired_on",
            Some(Date(day).to_string()),
            format!(
                "修复日期早于最早可申请修复之日 {}：最短公示期届满前不能修复（{}）；请核对修复日期或记录日期",
                Date(earliest),
                r.zh
            ),
            format!(
                "the repair date is before the first day repair could be applied for, {} (no repair before the minimum publicity period ends, {}); check the repair date or the record date",
                Date(earliest),
                r.en
            ),
        ));
    }
    if day < every {
        let basis = prior.map(|p| p.basis.clone()).unwrap_or_default();
        return RepairDay::Doubtful(Notice {
            id: "repair.date_doubtful".into(),
            zh: format!(
                "记录 {} 的修复日期 {} 早于从严计算的最早可修复之日 {}：只有按较短的最短公示期办理才可能修复。请核对修复决定及其依据；本报告暂按未修复处理",
                rec.id,
                Date(day),
                Date(every)
            )
            .into(),
            en: format!(
                "record {}: the repair date {} is before {}, the first repair day on the stricter reading; it was possible only under the shorter minimum period. Check the repair decision and its basis; this report treats the record as not repaired",
                rec.id,
                Date(day),
                Date(every)
            )
            .into(),
            basis,
            record_ids: vec![rec.id.clone()],
            assumed: false,
        });
    }
    RepairDay::Possible
}

trait At {
    fn at(self, i: usize) -> Problem;
}

impl At for Problem {
    /// The problem of field `self.path` of record `i`.
    fn at(mut self, i: usize) -> Problem {
        self.path = format!("records[{i}].{}", self.path);
        self
    }
}

/// The simplified-procedure limits in force on the record's date, if the pack has them.
fn simplified_limits<'a>(
    rec: &Record,
    cx: &Cx<'a>,
) -> Option<&'a crate::pack::SimplifiedProcedure> {
    cx.pack.simplified_procedure_at(rec.date.map(|d| d.0)?)
}

/// A decision by simplified procedure can carry this record's penalties and amount (true
/// when the pack gives no limits to check against).
fn simplified_fits(rec: &Record, cx: &Cx) -> bool {
    let Some(sp) = simplified_limits(rec, cx) else {
        return true;
    };
    within_simplified(rec, sp, cx)
}

fn within_simplified(rec: &Record, sp: &crate::pack::SimplifiedProcedure, cx: &Cx) -> bool {
    let kinds_ok = rec
        .penalty
        .as_ref()
        .is_some_and(|p| p.0.iter().all(|k| sp.penalties.contains(k)));
    let limit = match cx.input.subject.kind {
        SubjectKind::Person => sp.max_fine_person,
        SubjectKind::Enterprise => sp.max_fine_organisation,
    };
    kinds_ok && rec.amount.is_none_or(|a| a <= limit)
}

/// No procedure given, and a simplified-procedure decision could carry this penalty.
fn simplified_possible(f: &Fact, cx: &Cx) -> bool {
    f.rec.procedure.is_none()
        && simplified_limits(f.rec, cx).is_some_and(|sp| within_simplified(f.rec, sp, cx))
}

fn simplified_warning(rec: &Record, cx: &Cx) -> Notice {
    let sp = simplified_limits(rec, cx);
    let (limit, basis) = match (sp, cx.input.subject.kind) {
        (Some(s), SubjectKind::Person) => {
            (crate::num::decimal_text(s.max_fine_person), s.basis.clone())
        }
        (Some(s), SubjectKind::Enterprise) => (
            crate::num::decimal_text(s.max_fine_organisation),
            s.basis.clone(),
        ),
        (None, _) => (String::from("—"), Str::default()),
    };
    Notice {
        id: "procedure.simplified_doubtful".into(),
        zh: format!(
            "记录 {} 标为简易程序，但简易程序只能作出警告或 {limit} 元以下罚款（法律另有规定的除外）：本报告不据此认定为轻微失信，请核对处罚决定书",
            rec.id
        )
        .into(),
        en: format!(
            "record {} is marked simplified procedure, but that procedure only imposes a warning or a fine up to {limit} yuan (unless a law provides otherwise): it is not read as minor; check the decision",
            rec.id
        )
        .into(),
        basis,
        record_ids: vec![rec.id.clone()],
        assumed: false,
    }
}

fn rule_ref(r: &Regime) -> RuleRef {
    RuleRef {
        id: r.id.clone(),
        zh: r.zh.clone(),
        en: r.en.clone(),
        basis: r.basis.clone(),
    }
}

fn notice(id: &Str, zh: &Str, en: &Str, basis: &Str) -> Notice {
    Notice {
        id: id.clone(),
        zh: zh.clone(),
        en: en.clone(),
        basis: basis.clone(),
        record_ids: vec![],
        assumed: false,
    }
}

fn repair_entry(
    f: &Fact,
    j: &Judged,
    cx: &Cx,
    gap: &mut Option<i32>,
) -> (Repair, bool, Option<NaiveDate>) {
    // Procedure is the regime in force on the check date.
    let r: &Regime = cx.regime;
    let rec = f.rec;
    let gov = j.gov();
    let published = gov.published;
    let max_end = gov.max_end;
    let min_end = j.min_end;
    let ended = cx.as_of > max_end;
    let persist: Option<&Persist> = r.persists.iter().find(|p| record_matches(&p.when, f, cx));
    // A record kept in force past its publicity (a list entry not yet removed).
    let kept = ended && published && !f.repaired && persist.is_some();
    let barred_to = j.barred.map(|(d, _)| d);
    let repairable_from = match barred_to {
        Some(b) if b >= max_end => None,
        Some(b) => Some(next_day(min_end).max(next_day(b))),
        None => Some(next_day(min_end)),
    };

    let mut conditions = Vec::with_capacity(r.conditions.len());
    let mut gating_unmet = false;
    // A repaired record has nothing left to meet or prepare: listing the application's
    // conditions as met would claim a commitment the user never entered, and its documents
    // would ask for papers no longer needed.
    for c in r
        .conditions
        .iter()
        .filter(|_| !f.repaired)
        .filter(|c| c.when.as_ref().is_none_or(|w| record_matches(w, f, cx)))
    {
        let (met, stage) = match c.check {
            ConditionCheck::MinPeriod => (
                !published || repairable_from.is_some_and(|d| cx.as_of >= d),
                "now",
            ),
            ConditionCheck::Obligations => (rec.fulfilled_on.is_some(), "now"),
            ConditionCheck::Application => (f.repaired, "application"),
        };
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
    } else if ended && !kept {
        RepairStatus::PublicityEnded
    } else if barred_to.is_some_and(|b| cx.as_of <= b) {
        RepairStatus::NotRepairable
    } else if repairable_from.is_some_and(|d| cx.as_of < d) {
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
    let expected_completion = match (open, channel, repairable_from) {
        (true, Some(c), Some(from)) => {
            let apply = from.max(cx.as_of);
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

    let active = !(f.repaired || (ended && !kept));
    // A blocking record stops blocking when its repair is done: applied for on the first day
    // allowed and handled within the channel's time limits.
    let clears = match status {
        RepairStatus::Repaired | RepairStatus::PublicityEnded => None,
        RepairStatus::NotPublicised => Some(next_day(max_end)),
        RepairStatus::NotRepairable => Some(next_day(barred_to.unwrap_or(max_end))),
        // Without a channel (a pack may have none) the handling time is unknown: no date
        // is foreseen, rather than the day the repair could first be applied for.
        _ => expected_completion.map(|d| d.0),
    };

    let mut notes = Vec::new();
    let mut assumed = j.assumed;
    if let Some(p) = j.prior {
        notes.push(notice(&p.id, &p.zh, &p.en, &p.basis));
    }
    if let Some((_, x)) = j.barred {
        notes.push(notice(&x.id, &x.zh, &x.en, &x.basis));
    }
    if kept {
        if let Some(p) = persist {
            notes.push(notice(&p.id, &p.zh, &p.en, &p.basis));
            assumed |= p.assumption.is_some();
        }
    }
    let own = std::ptr::eq(gov.regime, r);
    for n in &r.notes {
        let on = match n.on {
            NoteOn::DerivedTier => j.derived,
            NoteOn::PublicityEnded => ended && published && !f.repaired && !kept,
            NoteOn::NotPublicised => !published,
            NoteOn::Always => true,
            NoteOn::SimplifiedPossible => own && j.derived && simplified_possible(f, cx),
        };
        if on && n.when.as_ref().is_none_or(|w| record_matches(w, f, cx)) {
            notes.push(notice(&n.id, &n.zh, &n.en, &n.basis));
        }
    }
    let docs: Vec<_> = r
        .documents
        .iter()
        .filter(|_| !f.repaired)
        .filter(|d| d.when.as_ref().is_none_or(|w| record_matches(w, f, cx)))
        .collect();
    // The governing reading's period, what its tier was read from, and the reading that set
    // a later minimum period: one string, built once.
    let tier_basis = gov.tier_basis.map_or([""; 2], |b| ["；", b]);
    let basis = match j.mi.map(|m| &j.readings[m]) {
        Some(m) => super::concat(&[
            &gov.period.basis,
            tier_basis[0],
            tier_basis[1],
            "；",
            &m.period.basis,
            "（",
            &m.regime.zh,
            "，最短公示期）",
        ]),
        None => super::concat(&[&gov.period.basis, tier_basis[0], tier_basis[1]]),
    };
    let repair = Repair {
        record_id: rec.id.clone(),
        record_type: rec.kind.clone(),
        publicised: published,
        tier: j.tier,
        tier_derived: j.derived,
        publicity_min_end: published.then_some(Date(min_end)),
        publicity_max_end: published.then_some(Date(max_end)),
        repairable_from: if published {
            repairable_from.map(Date)
        } else {
            None
        },
        status,
        conditions,
        documents: docs.iter().map(|d| d.zh.clone()).collect(),
        documents_en: docs.iter().map(|d| d.en.clone()).collect(),
        rule: super::concat(&[&gov.regime.id, ".", j.tier.as_str()]),
        basis,
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
        assumed,
        regime: Some(rule_ref(gov.regime)),
    };
    (repair, active, clears)
}
