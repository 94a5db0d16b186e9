//! The pack schema read by the engine's own reader ([`crate::json::FromJson`]). Field lists
//! follow the declarations in `schema.rs` (order included: it is the order serde's "expected
//! one of" lists name them); the `agrees_with_serde` tests hold the two readings together.

use crate::json::{from_json_enum, from_json_struct};

use super::schema::*;

/// The first variant is the blank (for `points_from`, its serde default `rule`).
macro_rules! names_enum {
    ($t:ident { $first:ident = $fs:literal $(, $v:ident = $s:literal)* $(,)? }) => {
        from_json_enum!(
            $t,
            &[$fs $(, $s)*],
            |s| match s {
                $fs => Some($t::$first),
                $($s => Some($t::$v),)*
                _ => None,
            },
            $t::$first
        );
    };
}

names_enum!(ConditionCheck { MinPeriod = "min_period", Obligations = "obligations", Application = "application" });
names_enum!(NoteOn {
    DerivedTier = "derived_tier",
    PublicityEnded = "publicity_ended",
    NotPublicised = "not_publicised",
    Always = "always",
    SimplifiedPossible = "simplified_possible",
});
names_enum!(Standing { Good = "good", Normal = "normal", Poor = "poor" });
names_enum!(ScoreMode { Deduct = "deduct", Accumulate = "accumulate" });
names_enum!(PointsFrom { Rule = "rule", Record = "record" });
names_enum!(WindowKind {
    Rolling = "rolling",
    CycleFromQualification = "cycle_from_qualification",
});
names_enum!(MeasureKind { Incentive = "incentive", Restriction = "restriction" });
names_enum!(SubjectFigure { DriversAaShare = "drivers_aa_share" });

from_json_struct!(PackFile {
    pack: req,
    catalogue: opt,
    regimes: opt,
    behaviours: opt,
    grade_schemes: opt,
    commitment_schemes: opt,
    supervision: opt,
    measures: opt,
    warnings: opt,
    letters: opt,
    calendar: opt,
    scheme_additions: opt,
    remove: opt,
    simplified_procedure: opt,
});
from_json_struct!(SimplifiedProcedure {
    id: req,
    penalties: req,
    max_fine_person: req,
    max_fine_organisation: req,
    basis: req,
    source_url: opt,
    from: opt,
    until: opt,
    assumption: opt,
    overrides: opt,
});
names_enum!(PriorJudge { AsOf = "as_of", DecisionDate = "decision_date", Stricter = "stricter" });
from_json_struct!(PriorRecords {
    id: req,
    judge: req,
    zh: req,
    en: req,
    basis: req,
    assumption: opt,
});
from_json_struct!(TierRule {
    id: req,
    when: req,
    tier: req,
    basis: req,
    assumption: opt,
});
from_json_struct!(Persist {
    id: req,
    when: req,
    zh: req,
    en: req,
    basis: req,
    assumption: opt,
});
from_json_struct!(PackMeta {
    id: req,
    version: req,
    zh: req,
    en: req,
    base: opt,
    effective_from: req,
    effective_to: opt,
    basis: req,
    source_url: opt,
    region_zh: opt,
    gaps: opt,
});
from_json_struct!(CatalogueEntry {
    kind("type"): req,
    zh: req,
    en: req,
    requires: opt,
    requires_one_of: opt,
    adverse: opt,
    basis: req,
    loosens_national: opt,
    overrides: opt,
});
from_json_struct!(SchemeAddition {
    scheme: req,
    basis: req,
    items: opt,
    direct_lowest: opt
});
from_json_struct!(Regime {
    id: req,
    zh: req,
    en: req,
    from: req,
    basis: req,
    source_url: opt,
    tiers: req,
    default_tier: req,
    default_tier_basis: req,
    record_tier: req,
    unpublished: opt,
    field_min: opt,
    conditions: req,
    documents: req,
    exclusions: opt,
    channels: req,
    notes: opt,
    loosens_national: opt,
    assumption: opt,
    overrides: opt,
    prior_records: opt,
    tier_rules: opt,
    default_tier_assumption: opt,
    record_tier_basis: opt,
    record_tier_assumption: opt,
    persists: opt,
});
from_json_struct!(TierPeriod {
    published: req,
    min_months: req,
    max_months: req,
    basis: req,
    assumption: opt,
});
from_json_struct!(Unpublished {
    id: req,
    penalties: req,
    zh: req,
    en: req,
    basis: req,
    assumption: opt
});
from_json_struct!(FieldMin {
    id: req,
    fields: req,
    min_months: req,
    basis: req,
    assumption: opt
});
from_json_struct!(RepairCondition {
    id: req,
    check: req,
    zh: req,
    en: req,
    basis: req,
    when: opt,
    assumption: opt,
});
from_json_struct!(Document {
    zh: req,
    en: req,
    when: opt
});
from_json_struct!(RepairExclusion {
    id: req,
    when: req,
    zh: req,
    en: req,
    basis: req,
    assumption: opt
});
from_json_struct!(ChannelRule {
    id: req,
    zh: req,
    en: req,
    url: req,
    basis: req,
    review_working_days: req,
    sync_working_days: req,
    when: opt,
});
from_json_struct!(RepairNote {
    id: req,
    on: req,
    zh: req,
    en: req,
    basis: req,
    when: opt
});
from_json_struct!(Behaviour {
    code: req,
    zh: req,
    en: req,
    points: opt,
    tier: opt,
    scheme: opt,
    basis: req,
    loosens_national: opt,
    assumption: opt,
    overrides: opt,
});
from_json_struct!(RecordTest {
    types: opt,
    penalties: opt,
    tiers: opt,
    fields: opt,
    behaviours: opt,
    statuses: opt,
    schemes: opt,
    levels: opt,
    authority_contains: opt,
    min_amount: opt,
    active: opt,
    within_months: opt,
    obligations_unfulfilled: opt,
    repaired: opt,
    procedures: opt,
    specific_serious: opt,
});
from_json_struct!(SubjectTest {
    records: opt,
    at_least: opt,
    distinct: opt,
    no_records: opt,
    level_in: opt,
    level_not_in: opt,
    standing_in: opt,
    standing_not_in: opt,
    grade: opt,
    industries: opt,
    kinds: opt,
    any: opt,
});
from_json_struct!(GradeTest {
    scheme: req,
    levels: opt,
    standings: opt
});
from_json_struct!(GradeScheme {
    id: req,
    zh: req,
    en: req,
    basis: req,
    source_url: opt,
    kinds: req,
    industries: req,
    primary_for: opt,
    mode: req,
    base: req,
    floor: opt,
    ceiling: opt,
    window_months: req,
    window: opt,
    window_basis: opt,
    window_fallback_assumption: opt,
    rise_limit: opt,
    bands: req,
    items: opt,
    direct_lowest: opt,
    counter: opt,
    from: opt,
    until: opt,
    assumption: opt,
    overrides: opt,
    in_force: opt,
    level_caps: opt,
});
from_json_struct!(LevelCap {
    id: req,
    zh: req,
    en: req,
    level: req,
    figure: req,
    min: req,
    basis: req,
    source_url: opt,
    assumption: opt,
});
from_json_struct!(InForceRule {
    id: req,
    official_months: req,
    official_basis: req,
    default_level: opt,
    default_unless: opt,
    default_basis: opt,
    barred_level: opt,
    assumption: opt,
});
from_json_struct!(Band {
    id: req,
    level: req,
    zh: req,
    standing: req,
    min: opt,
    below: opt,
    counter_min: opt,
    counter_below: opt,
    basis: req,
    assumption: opt,
    en: opt,
});
from_json_struct!(GradeItemRule {
    id: req,
    zh: req,
    en: req,
    when: req,
    points: req,
    points_from: opt,
    cap: opt,
    basis: req,
    from: opt,
    until: opt,
    assumption: opt,
});
from_json_struct!(RiseLimit {
    id: req,
    zh: req,
    en: req,
    levels: req,
    basis: req,
    assumption: opt,
});
from_json_struct!(Counter {
    id: req,
    zh: req,
    en: req,
    basis: req,
    items: req,
    assumption: opt
});
from_json_struct!(DirectLowest {
    id: req,
    zh: req,
    en: req,
    when: req,
    months: opt,
    while_in_force: opt,
    basis: req,
    from: opt,
    until: opt,
    assumption: opt,
});
from_json_struct!(CommitmentScheme {
    id: req,
    zh: req,
    en: req,
    basis: req,
    kinds: opt,
    industries: opt,
    exclusions: req,
    scope_exclusions: opt,
    loosens_national: opt,
    from: opt,
    until: opt,
    assumption: opt,
    overrides: opt,
});
from_json_struct!(Exclusion {
    id: req,
    zh: req,
    en: req,
    when: req,
    basis: req,
    assumption: opt
});
from_json_struct!(ScopeExclusion {
    id: req,
    zh: req,
    en: req,
    basis: req
});
from_json_struct!(SupervisionClass {
    id: req,
    class: req,
    zh: req,
    inspection_zh: req,
    inspection_en: req,
    when: opt,
    basis: req,
    from: opt,
    until: opt,
    assumption: opt,
    overrides: opt,
    en: opt,
});
from_json_struct!(Measure {
    id: req,
    kind: req,
    zh: req,
    en: req,
    when: req,
    basis: req,
    from: opt,
    until: opt,
    assumption: opt,
    overrides: opt,
});
from_json_struct!(WarningRule {
    id: req,
    zh: req,
    en: req,
    when: req,
    basis: req,
    from: opt,
    until: opt,
    assumption: opt,
    overrides: opt,
});
from_json_struct!(Letter {
    id: req,
    zh: req,
    en: req,
    body_zh: req,
    body_en: req,
    basis: req,
    when: opt,
    from: opt,
    until: opt,
    overrides: opt,
});
from_json_struct!(Calendar {
    id: req,
    zh: req,
    en: req,
    years: req
});
from_json_struct!(CalendarYear {
    year: req,
    basis: req,
    source_url: opt,
    holidays: req,
    workdays: req,
});

#[cfg(test)]
mod tests {
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use serde_json::json;
    use xinyong_model::*;

    use super::*;
    use crate::json::{read, FromJson, Json};

    /// The engine's reader and serde's derive give the same value, or the same message.
    fn same<T: FromJson + DeserializeOwned + Serialize>(doc: &serde_json::Value) {
        let ours = read::<T>(&Json::parse(&doc.to_string()).unwrap());
        let theirs = serde_json::from_value::<T>(doc.clone());
        match (ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(
                serde_json::to_value(&a).unwrap(),
                serde_json::to_value(&b).unwrap()
            ),
            (Err(a), Err(b)) => assert_eq!(a.msg, b.to_string(), "{doc}"),
            (a, b) => panic!("{doc}: ours {:?}, serde {:?}", a.map(|_| ()), b.map(|_| ())),
        }
    }

    /// Unknown keys (the message lists the fields in declaration order), missing fields and
    /// wrong types read the same for every type of the schema and the contract.
    #[test]
    fn agrees_with_serde_on_every_type() {
        macro_rules! structs {
            ($($t:ty),+) => {$(
                same::<$t>(&json!({ "zz_unknown": 1 }));
                same::<$t>(&json!({}));
                same::<$t>(&json!("zz_unknown"));
                same::<$t>(&json!(7));
            )+};
        }
        structs!(
            PackFile,
            PackMeta,
            CatalogueEntry,
            SchemeAddition,
            Regime,
            SimplifiedProcedure,
            PriorRecords,
            TierRule,
            Persist,
            TierPeriod,
            Unpublished,
            FieldMin,
            RepairCondition,
            Document,
            RepairExclusion,
            ChannelRule,
            RepairNote,
            Behaviour,
            RecordTest,
            SubjectTest,
            GradeTest,
            GradeScheme,
            InForceRule,
            Band,
            GradeItemRule,
            Counter,
            RiseLimit,
            LevelCap,
            DirectLowest,
            CommitmentScheme,
            Exclusion,
            ScopeExclusion,
            SupervisionClass,
            Measure,
            WarningRule,
            Letter,
            Calendar,
            CalendarYear,
            Input,
            Subject,
            Record,
            Report,
            PackRef,
            RuleRef,
            SubjectOut,
            Grade,
            InForce,
            GradeCycle,
            CounterOut,
            GradeItem,
            OfficialResult,
            Commitment,
            Reason,
            Repair,
            Condition,
            Channel,
            Supervision,
            Measures,
            Notice,
            Ignored
        );
        // Enums are strings. serde would also take `{"variant": null}` from a tree (and a
        // streaming reader called a number "not valid JSON"): here both are the wrong type.
        macro_rules! enums {
            ($($t:ty),+) => {$(
                same::<$t>(&json!("zz_unknown"));
                for v in [json!({ "zz_unknown": null }), json!(7)] {
                    let e = read::<$t>(&Json::parse(&v.to_string()).unwrap()).unwrap_err();
                    assert!(e.msg.ends_with(", expected a string"), "{}", e.msg);
                }
            )+};
        }
        enums!(
            ConditionCheck,
            NoteOn,
            Standing,
            ScoreMode,
            PointsFrom,
            WindowKind,
            MeasureKind,
            SubjectFigure,
            SubjectKind,
            Industry,
            PenaltyKind,
            Tier,
            Field,
            CommitmentStatus,
            RepairStatus
        );
        for v in [json!("2026-02-30"), json!("2026-5-6"), json!(7), json!({})] {
            same::<Date>(&v);
            same::<Penalties>(&v);
        }
        // Arrays: serde would read a struct from one positionally; the contract says objects.
        same::<Penalties>(&json!([]));
        for t in [json!([]), json!([[]])] {
            same::<Date>(&t);
            let e = read::<Record>(&Json::parse(&t.to_string()).unwrap()).unwrap_err();
            assert_eq!(e.msg, "invalid type: sequence, expected struct Record");
        }
        for v in [
            json!(-1),
            json!(1.5),
            json!(1e20),
            json!(5_000_000_000u64),
            json!("x"),
            json!(null),
        ] {
            same::<TierPeriod>(
                &json!({ "published": true, "min_months": v, "max_months": 1, "basis": "b" }),
            );
            same::<CalendarYear>(
                &json!({ "year": v, "basis": "b", "holidays": [], "workdays": [] }),
            );
            same::<Record>(&json!({ "id": "r", "type": "t", "amount": v }));
            same::<Record>(&json!({ "id": "r", "type": "t", "penalty": v }));
        }
        same::<Record>(&json!({ "id": "r", "type": "t", "penalty": [] }));
        same::<Record>(&json!({ "id": "r", "type": "t", "penalty": ["fine", "jail"] }));
        same::<Record>(&json!({ "id": "r", "type": "t", "date": "2026-02-30" }));
    }

    #[test]
    fn agrees_with_serde_on_the_built_in_packs_and_golden_inputs() {
        for (id, text) in super::super::builtin::SOURCES {
            let doc: serde_json::Value = serde_json::from_str(text).unwrap();
            assert!(
                serde_json::from_value::<PackFile>(doc.clone()).is_ok(),
                "{id}"
            );
            same::<PackFile>(&doc);
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden");
        let (mut n, mut reports) = (0, 0);
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.to_string_lossy();
            if name.ends_with(".report.json") {
                let text = std::fs::read_to_string(&p).unwrap();
                let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
                same::<Report>(&doc);
                // The report's types take unknown keys, as serde's derive does.
                doc["zz_unknown"] = json!({ "a": [1] });
                same::<Report>(&doc);
                let ours = crate::input::report_from_json(&text).unwrap();
                assert_eq!(ours, serde_json::from_str::<Report>(&text).unwrap());
                reports += 1;
            } else if name.ends_with(".json") {
                let doc = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                same::<Input>(&doc);
                n += 1;
            }
        }
        assert!(
            n > 10 && reports > 10,
            "golden inputs, reports: {n}, {reports}"
        );
    }
}
