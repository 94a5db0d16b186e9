//! English beside every Chinese label a user reads (issue 17): every shipped pack's grade
//! levels and supervision classes have an `en`, and reports carry it (`level_en`,
//! `in_force.level_en`, `supervision.en`), with words saying what the grade's number is.

use chrono::NaiveDate;
use xinyong_core::pack::{builtin, builtin_ids};
use xinyong_core::{evaluate_json, Options, PackChoice};

#[test]
fn every_level_and_supervision_class_has_english() {
    let mut missing = Vec::new();
    for id in builtin_ids() {
        let p = builtin(id).unwrap();
        for g in &p.rules.grade_schemes {
            for b in &g.bands {
                if b.en.as_deref().is_none_or(|e| e.trim().is_empty()) {
                    missing.push(format!("{id}: band {}", b.id));
                }
            }
        }
        for s in &p.rules.supervision {
            if s.en.as_deref().is_none_or(|e| e.trim().is_empty()) {
                missing.push(format!("{id}: supervision {}", s.id));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no English label:\n{}",
        missing.join("\n")
    );
}

fn report(doc: &str) -> xinyong_model::Report {
    let mut o = Options::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    o.pack = PackChoice::FromSubject;
    evaluate_json(doc, &o).unwrap()
}

#[test]
fn reports_carry_english_levels_and_say_what_the_number_is() {
    // A driver with 15 penalty points in a placed cycle: points, not marks, and when they clear.
    let r = report(
        r#"{"as_of":"2026-11-22","subject":{"kind":"person","id":"11010519491231002X","name":"x",
        "industry":"driver","qualified_on":"2020-03-01"},"records":[
        {"id":"d1","type":"driver_violation","date":"2026-05-06","points":10},
        {"id":"d2","type":"driver_violation","date":"2026-06-06","points":5}]}"#,
    );
    let g = &r.grades[0];
    assert_eq!((g.level.as_str(), g.score), ("A", 15.0));
    assert_eq!(g.level_en, "basically qualified");
    assert_eq!(g.in_force.level_en, "basically qualified");
    assert!(
        g.score_zh.contains("累计记分 15 分") && g.score_zh.contains("2027-03-02 清除"),
        "{}",
        g.score_zh
    );
    assert!(
        g.score_en.contains("15 penalty points") && g.score_en.contains("cleared on 2027-03-02"),
        "{}",
        g.score_en
    );
    assert!(!r.supervision.as_ref().unwrap().en.is_empty());

    // A revoked licence: B although the score is 900; the words say the score did not set it.
    let r = report(
        r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0A","name":"x",
        "industry":"road_freight"},"records":[
        {"id":"p1","type":"administrative_penalty","date":"2026-05-06","penalty":"license_revocation","severity":"serious"}]}"#,
    );
    let g = &r.grades[0];
    assert_eq!(g.level, "B");
    assert_eq!(g.level_en, "unqualified");
    assert!(g.score_zh.contains("不按分数确定"), "{}", g.score_zh);
    assert!(
        g.score_en.contains("not set by this figure"),
        "{}",
        g.score_en
    );

    // A clean enterprise: the score is what set the level.
    let r = report(
        r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0A","name":"x",
        "industry":"road_freight"},"records":[]}"#,
    );
    let g = &r.grades[0];
    assert!(
        g.score_zh.starts_with("得分 1000（以 1000 分为基础") && !g.score_zh.contains("不按分数"),
        "{}",
        g.score_zh
    );
}
