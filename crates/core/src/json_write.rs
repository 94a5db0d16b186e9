//! Writing the contract's documents (a subject file, a report) as JSON, byte for byte as
//! serde_json writes them, without serde: the writer is `xinyong_json::Writer`, and each model
//! type's `ToJson` is derived from its declaration (`#[derive(ToJson)]` follows the same
//! `#[serde]` attributes as serde's `Serialize`).
//!
//! Why: the public self-check writes two documents — the report it hands the page in each
//! `xinyong-result` event and the subject file a user exports or keeps on the device — and
//! serde_json's compact and pretty serialisers, instantiated for every model type, were
//! ≈ 7 KB gzip of it. The tests below hold the writer to serde_json on every golden input and
//! report, and on arbitrary strings and numbers.

pub use xinyong_json::{to_json, to_json_pretty, ToJson, Writer};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use xinyong_model::*;

    fn golden() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect()
    }

    fn same<T: ToJson + serde::Serialize>(what: &str, v: &T) {
        assert_eq!(to_json(v), serde_json::to_string(v).unwrap(), "{what}");
        assert_eq!(
            to_json_pretty(v),
            serde_json::to_string_pretty(v).unwrap(),
            "{what}"
        );
    }

    #[test]
    fn writes_every_golden_input_and_report_as_serde_json_does() {
        let (mut inputs, mut reports) = (0, 0);
        for (name, text) in golden() {
            if name.ends_with(".report.json") {
                if let Ok(r) = serde_json::from_str::<Report>(&text) {
                    same(&name, &r);
                    reports += 1;
                }
            } else if let Ok(i) = serde_json::from_str::<Input>(&text) {
                same(&name, &i);
                inputs += 1;
            }
        }
        assert!(
            inputs >= 20 && reports >= 20,
            "{inputs} inputs, {reports} reports"
        );
    }

    proptest! {
        #[test]
        fn strings_and_numbers_as_serde_json_writes_them(
            id in "\\PC*",
            note in proptest::collection::vec(any::<char>(), 0..40),
            amount: f64,
            points in proptest::option::of(-1e6f64..1e6),
            year: Option<i32>,
        ) {
            let r = Record {
                id,
                kind: "administrative_penalty".into(),
                note: Some(note.into_iter().collect()),
                amount: Some(amount),
                points,
                year,
                penalty: Some(Penalties(vec![PenaltyKind::ALL[0], PenaltyKind::ALL[1]])),
                ..Record::default()
            };
            prop_assert_eq!(to_json(&r), serde_json::to_string(&r).unwrap());
            prop_assert_eq!(to_json_pretty(&r), serde_json::to_string_pretty(&r).unwrap());
        }
    }
}
