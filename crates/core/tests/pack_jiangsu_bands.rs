//! The Jiangsu operator bands over (score, bad-behaviour points), checked against the rule as
//! the Xishan notice states it (jsxishan.gov.cn/doc/2026/02/06/4729774.shtml), over a grid of
//! scores and points, edges included.

use chrono::NaiveDate;
use xinyong_core::{evaluate_json, Options};

/// The published rule; `None` where it assigns no level (score < 40 with points < 20).
fn published(score: f64, bad: f64) -> Option<&'static str> {
    Some(if score >= 90.0 {
        "AA"
    } else if score >= 80.0 {
        "A"
    } else if score >= 60.0 {
        "B"
    } else if score >= 40.0 {
        if bad < 20.0 {
            "B"
        } else {
            "C"
        }
    } else if bad >= 20.0 {
        "D"
    } else {
        return None;
    })
}

fn grade(deduction: f64, bad: f64) -> (String, f64, f64, bool) {
    let input = format!(
        r#"{{ "as_of": "2026-11-22",
  "subject": {{ "kind": "enterprise", "id": "91350200MA2Y4K7N0A", "name": "示例", "industry": "road_freight", "region": "jiangsu-lianyungang" }},
  "records": [
    {{ "id": "e1", "type": "evaluation_deduction", "date": "2026-05-01", "scheme": "js_road_waterway_operator", "points": {deduction} }},
    {{ "id": "p1", "type": "administrative_penalty", "date": "2026-06-01", "penalty": "fine", "severity": "general", "fulfilled_on": "2026-06-02", "points": {bad} }}
  ] }}"#
    );
    let r = evaluate_json(
        &input,
        &Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
    )
    .unwrap();
    let g = &r.grades[0];
    assert_eq!(g.scheme, "js_road_waterway_operator");
    assert!(g.primary);
    let counter = g.counter.as_ref().expect("counter shown").value;
    (g.level.to_string(), g.score, counter, g.assumed)
}

#[test]
fn jiangsu_bands_follow_the_published_rule() {
    let mut checked = 0;
    for d in (0..=100)
        .step_by(5)
        .chain([9, 10, 11, 19, 20, 21, 39, 40, 41, 59, 60, 61])
    {
        for bad in [0.0, 1.0, 19.0, 19.5, 20.0, 20.5, 35.0] {
            let d = d as f64;
            let (level, score, counter, assumed) = grade(d, bad);
            assert_eq!(score, 100.0 - d);
            assert_eq!(counter, bad);
            match published(score, bad) {
                Some(want) => assert_eq!(level, want, "score {score}, bad points {bad}"),
                // The gap in the rule is filled with C, and the report says it is assumed.
                None => {
                    assert_eq!(level, "C", "score {score}, bad points {bad}");
                    assert!(assumed);
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 200);
}
