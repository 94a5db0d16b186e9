//! Invariants over random subjects: determinism, no full id in any report, every answer cited,
//! and monotonicity (an extra adverse record never improves a grade or an eligibility).

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use xinyong_core::pack::{builtin, ScoreMode};
use xinyong_core::{evaluate, Options};
use xinyong_model::{
    CommitmentStatus, Date, Field, Industry, Input, Penalties, PenaltyKind, Record, Report,
    Subject, SubjectKind, Tier,
};

const USCC: &str = "91350200MA2Y4K7N0A";
const CITIZEN: &str = "11010519491231002X";

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 7, 1).unwrap() + Days::new(offset)
}

/// A record dated `back` days before `as_of`, with follow-up dates that stay valid.
fn record_strategy() -> impl Strategy<Value = (u8, u64, u8, u8, Option<u64>, Option<u64>, u8)> {
    (
        0u8..7,
        0u64..1500,
        any::<u8>(),
        any::<u8>(),
        proptest::option::of(0u64..400),
        proptest::option::of(0u64..400),
        0u8..30,
    )
}

fn build_record(
    i: usize,
    spec: (u8, u64, u8, u8, Option<u64>, Option<u64>, u8),
    as_of: NaiveDate,
    adverse_only: bool,
) -> Record {
    let (kind, back, a, b, fulfil, repair, pts) = spec;
    let date = as_of.checked_sub_days(Days::new(back)).unwrap().max(day(0));
    let after = |x: Option<u64>| x.map(|d| Date((date + Days::new(d)).min(as_of)));
    let mut r = Record {
        id: format!("r{i}"),
        date: Some(Date(date)),
        ..Default::default()
    };
    let kind = if adverse_only { kind % 3 } else { kind };
    match kind {
        0 => {
            r.kind = "administrative_penalty".into();
            let k1 = PenaltyKind::ALL[a as usize % PenaltyKind::ALL.len()];
            let k2 = PenaltyKind::ALL[b as usize % PenaltyKind::ALL.len()];
            r.penalty = Some(Penalties(if a % 5 == 0 { vec![k1, k2] } else { vec![k1] }));
            r.severity = match b % 4 {
                0 => None,
                n => Some(Tier::ALL[n as usize - 1]),
            };
            r.field = Some(Field::ALL[(a / 7) as usize % Field::ALL.len()]);
            r.amount = Some(f64::from(a) * 100.0);
            r.authority = Some(
                if b % 9 == 0 {
                    "市场监督管理局"
                } else {
                    "交通运输局"
                }
                .into(),
            );
            r.fulfilled_on = after(fulfil);
            if !adverse_only {
                // A repair comes after the fulfilment and after the longest minimum period
                // any regime sets (12 months; 367 days covers a leap day), else it is an error.
                r.repaired_on = match (fulfil, repair) {
                    (Some(f), Some(x)) => {
                        let d = date + Days::new(f.max(x) + 367);
                        (d <= as_of).then_some(Date(d))
                    }
                    _ => None,
                };
            }
        }
        1 => {
            r.kind = "serious_dishonesty_list".into();
            r.list = Some(format!("名单{}", a % 3));
            r.fulfilled_on = after(fulfil);
            if !adverse_only {
                r.removed_on = after(repair);
            }
        }
        2 => {
            r.kind = "commitment".into();
            r.scheme = Some("certification_notice".into());
            r.status = Some(if adverse_only || a % 3 != 0 {
                if b % 2 == 0 {
                    CommitmentStatus::Broken
                } else {
                    CommitmentStatus::False
                }
            } else {
                CommitmentStatus::Kept
            });
            r.fulfilled_on = after(fulfil);
        }
        3 => {
            r.kind = "evaluation_deduction".into();
            r.scheme = Some(
                [
                    "highway_construction",
                    "road_transport_quality",
                    "driver_integrity",
                    // Not a scheme of the national pack: must be listed as ignored.
                    "js_road_waterway_operator",
                ][a as usize % 4]
                    .into(),
            );
            r.points = Some(f64::from(pts));
        }
        4 => {
            r.kind = "driver_violation".into();
            r.points = Some(f64::from([1, 3, 5, 10, 20][a as usize % 5]));
        }
        5 => r.kind = "commendation".into(),
        _ => r.kind = "administrative_license".into(),
    }
    r
}

prop_compose! {
    fn input_strategy()(as_of_off in 0u64..3400, who in 0u8..5, specs in proptest::collection::vec(record_strategy(), 0..10)) -> Input {
        let as_of = day(as_of_off);
        let subject = match who {
            0 => Subject { kind: SubjectKind::Person, id: CITIZEN.into(), name: "张三".into(), industry: Some(Industry::Driver), region: None,
                           qualified_on: (as_of_off % 2 == 1).then(|| Date(day(as_of_off / 3))), drivers_aa_share: None },
            1 => Subject { kind: SubjectKind::Enterprise, id: USCC.into(), name: "甲公司".into(), industry: Some(Industry::HighwayConstruction), region: None, qualified_on: None, drivers_aa_share: None },
            2 => Subject { kind: SubjectKind::Enterprise, id: USCC.into(), name: "乙公司".into(), industry: Some(Industry::RoadFreight), region: None, qualified_on: None, drivers_aa_share: None },
            3 => Subject { kind: SubjectKind::Enterprise, id: USCC.into(), name: "丁出租汽车公司".into(), industry: Some(Industry::Taxi), region: None, qualified_on: None,
                           drivers_aa_share: (as_of_off % 3 != 0).then_some((as_of_off % 101) as f64) },
            _ => Subject { kind: SubjectKind::Enterprise, id: USCC.into(), name: "丙公司".into(), industry: None, region: None, qualified_on: None, drivers_aa_share: None },
        };
        let records = specs.into_iter().enumerate().map(|(i, s)| build_record(i, s, as_of, false)).collect();
        Input { as_of: Some(Date(as_of)), subject, records }
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn run(input: &Input) -> Report {
    evaluate(input, &Options::new(today()))
        .unwrap_or_else(|e| panic!("generated input rejected:\n{e}\n{input:?}"))
}

/// Rank of a level within its scheme: 0 is best.
fn rank(scheme: &str, level: &str) -> usize {
    let pack = builtin("national").unwrap();
    let s = pack.grade_scheme(scheme).unwrap();
    s.bands.iter().position(|b| b.level == level).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn reports_are_deterministic(input in input_strategy()) {
        let a = serde_json::to_string(&run(&input)).unwrap();
        let b = serde_json::to_string(&run(&input.clone())).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn no_report_contains_the_full_id(input in input_strategy()) {
        let json = serde_json::to_string(&run(&input)).unwrap();
        prop_assert!(!json.contains(&input.subject.id));
    }

    #[test]
    fn every_answer_is_cited(input in input_strategy()) {
        let r = run(&input);
        prop_assert!(!r.regime.basis.is_empty());
        for g in &r.grades {
            prop_assert!(!g.rule.is_empty() && !g.basis.is_empty());
            for it in &g.items {
                prop_assert!(!it.rule.is_empty() && !it.basis.is_empty(), "{:?}", it);
            }
        }
        for c in &r.commitments {
            prop_assert!(!c.basis.is_empty());
            prop_assert_eq!(c.eligible, c.reasons.is_empty());
            for why in &c.reasons {
                prop_assert!(!why.rule.is_empty() && !why.basis.is_empty());
            }
        }
        for p in &r.repairs {
            prop_assert!(!p.rule.is_empty() && !p.basis.is_empty());
            for c in &p.conditions {
                prop_assert!(!c.id.is_empty() && !c.basis.is_empty());
            }
        }
        for n in r.warnings.iter().chain(&r.measures.incentives).chain(&r.measures.restrictions) {
            prop_assert!(!n.id.is_empty() && !n.basis.is_empty());
        }
        if let Some(s) = &r.supervision {
            prop_assert!(!s.rule.is_empty() && !s.basis.is_empty());
        }
    }

    /// Contract: every input record is used (a grade item, an official result, a reason, a
    /// repair or a notice names it) or listed in `ignored` with a reason, never both.
    #[test]
    fn every_record_is_used_or_ignored(input in input_strategy()) {
        let r = run(&input);
        let mut used: Vec<&str> = Vec::new();
        for g in &r.grades {
            used.extend(g.items.iter().filter_map(|i| i.record_id.as_deref()));
            if let Some(c) = &g.counter {
                used.extend(c.items.iter().filter_map(|i| i.record_id.as_deref()));
            }
            used.extend(g.official.iter().map(|o| o.record_id.as_str()));
            used.extend(g.in_force.record_id.as_deref());
        }
        for c in &r.commitments {
            used.extend(c.reasons.iter().filter_map(|x| x.record_id.as_deref()));
        }
        used.extend(r.repairs.iter().map(|x| x.record_id.as_str()));
        for n in r.warnings.iter().chain(&r.measures.incentives).chain(&r.measures.restrictions) {
            used.extend(n.record_ids.iter().map(String::as_str));
        }
        for rec in &input.records {
            let is_used = used.contains(&rec.id.as_str());
            let ignored = r.ignored.iter().filter(|x| x.record_id == rec.id).count();
            prop_assert!(is_used || ignored == 1, "{} ({}) neither used nor ignored once", rec.id, rec.kind);
            prop_assert!(ignored <= 1, "{} ignored twice", rec.id);
            prop_assert!(!(is_used && ignored > 0), "{} both used and ignored", rec.id);
        }
        for x in &r.ignored {
            prop_assert!(!x.reason.is_empty() && !x.reason_en.is_empty());
        }
    }

    #[test]
    fn an_adverse_record_never_improves_anything(input in input_strategy(), extra in record_strategy()) {
        let before = run(&input);
        let mut worse = input.clone();
        let as_of = input.as_of.unwrap().0;
        let mut rec = build_record(99, extra, as_of, true);
        rec.id = "extra".into();
        worse.records.push(rec);
        let after = run(&worse);
        let pack = builtin("national").unwrap();
        for (b, a) in before.grades.iter().zip(&after.grades) {
            prop_assert_eq!(&b.scheme, &a.scheme);
            prop_assert!(rank(&a.scheme, &a.level) >= rank(&b.scheme, &b.level), "{} {} -> {}", b.scheme, b.level, a.level);
            prop_assert!(
                rank(&a.scheme, &a.in_force.level) >= rank(&b.scheme, &b.in_force.level),
                "in force: {} {} -> {}", b.scheme, b.in_force.level, a.in_force.level
            );
            match pack.grade_scheme(&a.scheme).unwrap().mode {
                ScoreMode::Deduct => prop_assert!(a.score <= b.score),
                ScoreMode::Accumulate => prop_assert!(a.score >= b.score),
            }
        }
        for (b, a) in before.commitments.iter().zip(&after.commitments) {
            prop_assert_eq!(&b.scheme, &a.scheme);
            prop_assert!(!a.eligible || b.eligible, "{} became eligible", a.scheme);
            // `None` when ineligible means "no foreseeable day": the latest possible.
            if !b.eligible && !a.eligible {
                if let (Some(bf), Some(af)) = (b.eligible_from, a.eligible_from) {
                    prop_assert!(af >= bf);
                }
                prop_assert!(!(b.eligible_from.is_none() && a.eligible_from.is_some()));
            }
        }
    }

    /// Records only a grade can use are cited by a grade or listed in `ignored` with a reason
    /// in both languages: none disappears without a word.
    #[test]
    fn grade_records_are_used_or_ignored(input in input_strategy()) {
        let r = run(&input);
        for rec in input.records.iter().filter(|x| {
            matches!(x.kind.as_str(), "evaluation_deduction" | "driver_violation" | "evaluation_result")
        }) {
            let cited = r.grades.iter().any(|g| {
                g.items.iter().any(|i| i.record_id.as_deref() == Some(rec.id.as_str()))
                    || g.counter.as_ref().is_some_and(|c| c.items.iter().any(|i| i.record_id.as_deref() == Some(rec.id.as_str())))
                    || g.official.as_ref().is_some_and(|o| o.record_id == rec.id)
            });
            let ignored = r.ignored.iter().find(|i| i.record_id == rec.id);
            prop_assert!(cited != ignored.is_some(), "{} ({}): cited {} / ignored {:?}", rec.id, rec.kind, cited, ignored);
            if let Some(i) = ignored {
                prop_assert!(!i.reason.is_empty() && !i.reason_en.is_empty());
            }
        }
    }
}
