//! The pack schema is read by its derived [`xinyong_json::FromJson`] (`schema.rs` declares each
//! type once; the derive follows its `#[serde]` attributes). These tests hold that reading to
//! serde's derived one on every type, built-in pack and golden file: same values, and the same
//! message for every error.

#[cfg(test)]
mod tests {
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use serde_json::json;
    use xinyong_model::*;

    use super::super::schema::*;
    use crate::json::{parse, read, FromJson};

    /// The engine's reader and serde's derive give the same value, or the same message.
    fn same<T: FromJson + DeserializeOwned + Serialize>(doc: &serde_json::Value) {
        let ours = read::<T>(&parse(&doc.to_string()).unwrap());
        let theirs = serde_json::from_value::<T>(doc.clone());
        match (ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(
                serde_json::to_value(&a).unwrap(),
                serde_json::to_value(&b).unwrap()
            ),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{doc}"),
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
                    let e = read::<$t>(&parse(&v.to_string()).unwrap()).unwrap_err();
                    assert!(e.to_string().ends_with(", expected a string"), "{e}");
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
            let e = read::<Record>(&parse(&t.to_string()).unwrap()).unwrap_err();
            assert_eq!(
                e.to_string(),
                "invalid type: sequence, expected struct Record"
            );
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
