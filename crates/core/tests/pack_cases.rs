//! Each pack's own cases: `packs/ID/cases/NAME.json` (a contract v1 input) with
//! `NAME.expect.json`:
//!
//! ```json
//! { "description": "what the case shows",
//!   "contains": { …a JSON subset that must appear in the report… },
//!   "lacks": [ { …a subset that must NOT appear… } ] }
//! ```
//!
//! Subset rules: an object matches when every expected key matches (a `null` also matches a
//! missing key); an array matches when every expected element matches some element of the
//! report's array, except `[]`, which only matches an empty array; numbers compare by value.
//! The pack is chosen the normal way (the subject's `region`), so a case can also show that a
//! region's additions do not appear for a subject of another region.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use xinyong_core::{evaluate_json, Options};

const REGIONS: &[&str] = &[
    "chongqing-fuling",
    "jiangsu-lianyungang",
    "fujian-xiamen",
    "shanxi-yuncheng",
    "shandong-yiyuan",
];

fn packs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../packs")
}

/// Does `expect` appear in `got`?
pub fn subset(expect: &Value, got: &Value) -> bool {
    match (expect, got) {
        (Value::Object(e), Value::Object(g)) => e.iter().all(|(k, v)| match g.get(k) {
            Some(gv) => subset(v, gv),
            None => v.is_null(),
        }),
        (Value::Array(e), Value::Array(g)) if e.is_empty() => g.is_empty(),
        (Value::Array(e), Value::Array(g)) => e.iter().all(|ev| g.iter().any(|gv| subset(ev, gv))),
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => expect == got,
    }
}

struct Case {
    name: String,
    input: PathBuf,
    expect: Value,
}

fn cases(pack: &str) -> Vec<Case> {
    let dir = packs_dir().join(pack).join("cases");
    let mut out: Vec<Case> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".json") && !n.ends_with(".expect.json")
        })
        .map(|input| {
            let name = input.file_stem().unwrap().to_string_lossy().to_string();
            let exp_path = input.with_file_name(format!("{name}.expect.json"));
            let text = std::fs::read_to_string(&exp_path)
                .unwrap_or_else(|_| panic!("{pack}/{name}: missing {}", exp_path.display()));
            let expect: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{pack}/{name}: bad expect file: {e}"));
            Case {
                name,
                input,
                expect,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn report(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let opts = Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let r = evaluate_json(&text, &opts)
        .unwrap_or_else(|e| panic!("{}: rejected:\n{e}", path.display()));
    serde_json::to_value(r).unwrap()
}

fn run_pack(pack: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let all = cases(pack);
    let mut other_region = 0;
    for c in &all {
        let input: Value = serde_json::from_str(&std::fs::read_to_string(&c.input).unwrap())
            .unwrap_or_else(|e| panic!("{pack}/{}: bad input: {e}", c.name));
        if input["subject"]["region"].as_str() != Some(pack) {
            other_region += 1;
        }
        let got = report(&c.input);
        let desc = c.expect["description"].as_str().unwrap_or("");
        assert!(
            !desc.is_empty(),
            "{pack}/{}: expect file needs a description",
            c.name
        );
        let contains = c
            .expect
            .get("contains")
            .unwrap_or_else(|| panic!("{pack}/{}: expect file needs `contains`", c.name));
        if !subset(contains, &got) {
            failures.push(format!(
                "{pack}/{} ({desc}): expected fragment not in the report\nexpected: {}\nreport: {}",
                c.name,
                serde_json::to_string_pretty(contains).unwrap(),
                serde_json::to_string_pretty(&got).unwrap()
            ));
        }
        for (i, lack) in c
            .expect
            .get("lacks")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if subset(lack, &got) {
                failures.push(format!(
                    "{pack}/{} ({desc}): lacks[{i}] appears in the report: {lack}",
                    c.name
                ));
            }
        }
    }
    if pack != "national" {
        if all.len() < 8 {
            failures.push(format!(
                "{pack}: at least 8 cases needed, found {}",
                all.len()
            ));
        }
        if other_region == 0 {
            failures.push(format!(
                "{pack}: needs a case with a subject of another region"
            ));
        }
    }
    failures
}

#[test]
fn regional_pack_cases() {
    let failures: Vec<String> = REGIONS.iter().flat_map(|p| run_pack(p)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_builtin_pack_is_listed_and_has_cases_or_is_national() {
    let ids = xinyong_core::pack::builtin_ids();
    assert_eq!(ids.len(), 6, "{ids:?}");
    for r in REGIONS {
        assert!(ids.contains(r), "{r} not built in");
        assert!(
            packs_dir().join(r).join("cases").is_dir(),
            "{r} has no cases"
        );
    }
}

#[test]
fn subset_semantics() {
    use serde_json::json;
    let got = json!({"a": [{"id": "x", "n": 1.0}, {"id": "y"}], "b": [], "c": null});
    assert!(subset(&json!({"a": [{"id": "y"}, {"n": 1}]}), &got));
    assert!(!subset(&json!({"a": [{"id": "z"}]}), &got));
    assert!(subset(&json!({"b": []}), &got));
    assert!(!subset(&json!({"a": []}), &got));
    assert!(subset(&json!({"missing": null}), &got));
    assert!(!subset(&json!({"missing": 1}), &got));
}
