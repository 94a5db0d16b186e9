//! Inquiry over a synthetic dataset: every generated subject is valid for the engine and can be
//! found by code and by name; loading rejects bad files with clear errors.

use chrono::NaiveDate;
use xinyong_core::{evaluate, Options};
use xinyong_inquiry::{load, synthetic::generate, to_input, Index, MatchKind};

fn published() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

#[test]
fn synthetic_subjects_are_valid_and_findable() {
    let ds = generate(3000, 7, published());
    let idx = Index::build(&ds.subjects);
    assert_eq!(idx.len(), 3000);
    let opts = Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    for (i, s) in ds.subjects.iter().enumerate().step_by(97) {
        // Every synthetic subject passes the engine's validation (valid check characters).
        let mut input = to_input(s, None);
        input.subject.region = None;
        evaluate(&input, &opts).unwrap_or_else(|e| panic!("subject {i} invalid: {e}"));
        let by_code = idx.search(&s.subject.id, 5);
        assert_eq!(by_code[0].index, i);
        assert_eq!((by_code[0].kind, by_code[0].score), (MatchKind::Code, 100));
        assert!(
            !by_code[0].id_masked.contains(&s.subject.id[4..16]),
            "hits are masked"
        );
        let by_name = idx.search(&s.subject.name, 50);
        assert!(
            by_name.iter().any(|h| h.index == i && h.score == 100),
            "{}",
            s.subject.name
        );
    }
}

#[test]
fn prefix_and_fuzzy() {
    let ds = generate(2000, 11, published());
    let idx = Index::build(&ds.subjects);
    let target = ds
        .subjects
        .iter()
        .position(|s| s.subject.name.chars().count() >= 10)
        .unwrap();
    let name = &ds.subjects[target].subject.name;
    let prefix: String = name.chars().take(5).collect();
    assert!(idx.search(&prefix, 2000).iter().any(|h| h.index == target));
    // One wrong character still finds it.
    let mut typo: Vec<char> = name.chars().collect();
    typo[4] = '𠀀';
    let typo: String = typo.into_iter().collect();
    assert!(
        idx.search(&typo, 2000).iter().any(|h| h.index == target),
        "fuzzy: {typo}"
    );
    // A code prefix lists codes in order.
    let code = &ds.subjects[target].subject.id;
    let hits = idx.search(&code[..8].to_lowercase(), 10);
    assert!(!hits.is_empty() && hits.iter().all(|h| h.kind == MatchKind::Code));
    assert!(idx.search("   ", 10).is_empty());
}

#[test]
fn json_round_trip_and_bad_files() {
    let ds = generate(50, 3, published());
    let json = serde_json::to_vec(&ds).unwrap();
    let back = load(&json, false).unwrap();
    assert_eq!(back.dataset, ds);
    let bad = String::from_utf8(json)
        .unwrap()
        .replacen("\"records\"", "\"recrods\"", 1);
    let e = load(bad.as_bytes(), false).unwrap_err();
    assert!(e.to_string().contains("did you mean `records`"), "{e}");
    assert!(load(b"\xff\xfe", false).is_err());
}

#[test]
fn csv_dataset_in_the_batch_layout() {
    let csv = "subject_kind,subject_id,subject_name,record_type,date,penalty\nenterprise,91350200MA2Y4K7N0A,厦门市通达物流有限公司,administrative_penalty,2026-05-06,fine\nenterprise,91350200MA2Y4K7N0A,厦门市通达物流有限公司,,,\n";
    let l = load(csv.as_bytes(), true).unwrap();
    assert_eq!(l.dataset.subjects.len(), 1);
    assert_eq!(l.dataset.subjects[0].records.len(), 1);
    let idx = Index::build(&l.dataset.subjects);
    assert_eq!(idx.search("通达物流", 5)[0].index, 0);
}

#[test]
fn hit_rows_carry_kind_records_and_match() {
    let ds = generate(500, 11, published());
    let idx = Index::build(&ds.subjects);
    let s = &ds.subjects[123];
    let rows = xinyong_inquiry::hit_rows(&ds, &idx.search(&s.subject.id, 3));
    assert_eq!(rows[0].index, 123);
    assert_eq!(rows[0].kind, s.subject.kind);
    assert_eq!(rows[0].records, s.records.len());
    let v = serde_json::to_value(&rows[0]).unwrap();
    assert_eq!(v["match"], "code");
    assert_eq!(v["id_masked"], xinyong_core::ids::mask(&s.subject.id));
    assert!(v.get("matched").is_none());
}

/// A batch refuses a subject id it has already seen, so a benchmark file with repeated ids
/// measures refusals: the generator gives every person a distinct 身份证号码 (version 1 gave 179
/// duplicates in a million subjects).
#[test]
fn synthetic_ids_are_distinct() {
    let mut seen = std::collections::HashSet::new();
    for (i, s) in xinyong_inquiry::synthetic::subjects(42, published())
        .take(300_000)
        .enumerate()
    {
        assert!(
            seen.insert(s.subject.id.clone()),
            "subject {i} repeats id {}",
            s.subject.id
        );
    }
}
