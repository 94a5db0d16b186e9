//! Random bytes, random JSON and byte-level mutations of valid documents (proptest, in every
//! `cargo test`) must never panic, and every refusal must carry a Chinese and an English message.
//! The coverage-guided fuzz targets in `fuzz/` (cargo-fuzz on stable, docs/fuzzing.md) go further.

use chrono::NaiveDate;
use proptest::prelude::*;
use xinyong_core::pack::{load_custom, Format};
use xinyong_core::{evaluate_json, Options, Problems};

const SUBJECT: &str = include_str!("../../../tests/golden/01-contract-example.json");
const NATIONAL: &str = include_str!("../../../packs/national/pack.toml");

fn opts() -> Options<'static> {
    Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

fn well_formed(e: &Problems) {
    assert!(!e.0.is_empty());
    for p in &e.0 {
        assert!(!p.zh.trim().is_empty() && !p.en.trim().is_empty(), "{p:?}");
    }
}

/// Apply byte edits to a valid document: (position, byte) pairs, overwriting or inserting.
fn mutate(doc: &str, edits: &[(usize, u8, bool)]) -> String {
    let mut b = doc.as_bytes().to_vec();
    for &(pos, byte, insert) in edits {
        let at = pos % (b.len() + 1);
        if insert {
            b.insert(at, byte);
        } else if at < b.len() {
            b[at] = byte;
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

fn edits() -> impl Strategy<Value = Vec<(usize, u8, bool)>> {
    proptest::collection::vec(
        (
            any::<usize>(),
            prop_oneof![
                Just(b'"'),
                Just(b'{'),
                Just(b'}'),
                Just(b','),
                Just(b'0'),
                Just(b'-'),
                Just(b'a'),
                any::<u8>()
            ],
            any::<bool>(),
        ),
        1..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn subject_parser_survives_mutations(e in edits()) {
        if let Err(p) = evaluate_json(&mutate(SUBJECT, &e), &opts()) {
            well_formed(&p);
        }
    }

    #[test]
    fn subject_parser_survives_random_text(s in "\\PC{0,200}") {
        if let Err(p) = evaluate_json(&s, &opts()) {
            well_formed(&p);
        }
    }

    #[test]
    fn subject_parser_survives_random_json(v in json_value()) {
        if let Err(p) = evaluate_json(&v.to_string(), &opts()) {
            well_formed(&p);
        }
    }

    #[test]
    fn pack_parser_survives_mutations(e in edits()) {
        if let Err(p) = load_custom(&mutate(NATIONAL, &e), Format::Toml) {
            well_formed(&p);
        }
    }

    #[test]
    fn pack_parser_survives_random_json(v in json_value()) {
        if let Err(p) = load_custom(&v.to_string(), Format::Json) {
            well_formed(&p);
        }
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        prop_oneof![
            "[a-z_]{0,12}",
            Just("2026-02-30".to_string()),
            Just("91350200MA2Y4K7N0A".to_string()),
            Just("fine".to_string())
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("subject".to_string()),
                    Just("records".to_string()),
                    Just("as_of".to_string()),
                    Just("kind".to_string()),
                    Just("id".to_string()),
                    Just("type".to_string()),
                    Just("date".to_string()),
                    Just("pack".to_string()),
                    "[a-z_]{1,8}"
                ],
                inner,
                0..5
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
