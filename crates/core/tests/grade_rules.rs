//! Grade rules of issue 14: driver cycles from `qualified_on`, 733号's direct D and one level a
//! year, the taxi scheme, and serious penalties that must pull top grades down.

use chrono::NaiveDate;
use serde_json::{json, Value};
use xinyong_core::{evaluate_json, Options};
use xinyong_model::{Grade, Report};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn run(v: Value) -> Report {
    evaluate_json(&v.to_string(), &Options::new(today())).unwrap_or_else(|e| panic!("{e}"))
}

fn grade<'a>(r: &'a Report, scheme: &str) -> &'a Grade {
    r.grades
        .iter()
        .find(|g| g.scheme == scheme)
        .unwrap_or_else(|| panic!("no {scheme} grade"))
}

fn driver(as_of: &str, qualified_on: Option<&str>, records: Value) -> Value {
    let mut v = json!({
        "as_of": as_of,
        "subject": { "kind": "person", "id": "11010519491231002X", "name": "张三" },
        "records": records
    });
    if let Some(q) = qualified_on {
        v["subject"]["qualified_on"] = json!(q);
    }
    v
}

fn points(id: &str, date: &str, p: u32) -> Value {
    json!({ "id": id, "type": "driver_violation", "date": date, "points": p })
}

#[test]
fn driver_cycles_run_from_the_first_issue_and_clear_at_their_end() {
    // Issued on a leap day: the anniversary is the month's last day (Civil Code Art. 202).
    let recs = json!([
        points("v1", "2025-02-28", 20),
        points("v2", "2024-03-01", 3)
    ]);
    let r = run(driver("2025-02-28", Some("2020-02-29"), recs.clone()));
    let g = grade(&r, "driver_integrity");
    let c = g.cycle.as_ref().expect("a cycle");
    assert_eq!(
        (
            c.from.to_string(),
            c.to.map(|d| d.to_string()),
            c.clears_on.map(|d| d.to_string())
        ),
        (
            "2024-03-01".into(),
            Some("2025-02-28".into()),
            Some("2025-03-01".into())
        )
    );
    assert!(!c.assumed);
    assert_eq!((g.score, g.level.as_str()), (23.0, "B"));
    // The next day a new cycle starts and the points are gone.
    let r = run(driver("2025-03-01", Some("2020-02-29"), recs));
    let g = grade(&r, "driver_integrity");
    assert_eq!((g.score, g.level.as_str()), (0.0, "AAA"));
    let c = g.cycle.as_ref().unwrap();
    assert_eq!(
        (c.from.to_string(), c.to.unwrap().to_string()),
        ("2025-03-01".into(), "2026-02-28".into())
    );
    for id in ["v1", "v2"] {
        let i = r
            .ignored
            .iter()
            .find(|i| i.record_id == id)
            .expect("cleared points are listed");
        assert!(
            i.reason_en.contains("cleared when its own cycle ended"),
            "{}",
            i.reason_en
        );
    }
}

#[test]
fn without_the_first_issue_the_cycle_is_assumed_and_counts_the_most() {
    // With the certificate issued on 2019-06-01 the current cycle started 2026-06-02 and v1 is
    // cleared; unknown, the rolling 12 months still count it (the conservative answer).
    let recs = json!([points("v1", "2026-03-01", 20)]);
    let known = run(driver("2026-11-22", Some("2019-06-01"), recs.clone()));
    assert_eq!(grade(&known, "driver_integrity").level, "AAA");
    let r = run(driver("2026-11-22", None, recs));
    let g = grade(&r, "driver_integrity");
    assert_eq!(g.level, "B");
    assert!(g.assumed);
    let c = g.cycle.as_ref().unwrap();
    assert!(c.assumed && c.to.is_none() && c.clears_on.is_none());
    // Named as the form names it, not by the field's id.
    assert!(c.zh.contains("从业资格证初次领取日期") && c.en.contains("first-issue date"));
    assert!(!c.zh.contains("subject.") && !c.en.contains("subject."));
}

fn construction(records: Value) -> Value {
    json!({
        "as_of": "2026-11-22",
        "subject": { "kind": "enterprise", "id": "91350200MA2Y4K7N0A", "name": "示例路桥公司",
                     "industry": "highway_construction" },
        "records": records
    })
}

#[test]
fn direct_d_lasts_at_least_while_the_penalty_is_in_force() {
    // 733号 Art. 11: one year from the finding, and not shorter than the penalty.
    let p = json!({ "id": "p1", "type": "administrative_penalty", "date": "2025-06-10",
                    "penalty": "fine", "severity": "serious", "fulfilled_on": "2025-07-01" });
    let r = run(construction(json!([p.clone()])));
    let g = grade(&r, "highway_construction");
    assert_eq!(g.level, "D");
    assert!(g
        .items
        .iter()
        .any(|i| i.rule == "hc.direct_d.serious_penalty"));
    // Once repaired (Order 36 Art. 3: the evaluation is updated) it no longer holds.
    let mut repaired = p;
    repaired["repaired_on"] = json!("2026-07-01");
    let r = run(construction(json!([repaired])));
    assert_ne!(grade(&r, "highway_construction").level, "D");
}

#[test]
fn grades_rise_one_level_a_year() {
    let official = |level: &str, year: Option<i32>| {
        let mut e = json!({ "id": "e1", "type": "evaluation_result", "date": "2026-04-01",
                            "scheme": "highway_construction", "level": level });
        if let Some(y) = year {
            e["year"] = json!(y);
        }
        e
    };
    let level = |r: Report| grade(&r, "highway_construction").level.clone();
    assert_eq!(
        level(run(construction(json!([official("C", Some(2025))])))),
        "B"
    );
    assert_eq!(
        level(run(construction(json!([official("D", Some(2024))])))),
        "B"
    );
    // No year: the result of 2026-04-01 grades 2025, the conservative reading.
    assert_eq!(level(run(construction(json!([official("C", None)])))), "B");
    // Already good: no cap applies.
    assert_eq!(
        level(run(construction(json!([official("A", Some(2025))])))),
        "AA"
    );
    // A result of the current year is the coordinator's "in force" grade, not a rise limit.
    assert_eq!(
        level(run(construction(json!([official("C", Some(2026))])))),
        "AA"
    );
    // A direct D whose penalty's publicity ran out in 2025: one level up in 2026.
    let p = json!({ "id": "p1", "type": "administrative_penalty", "date": "2022-06-10",
                    "penalty": "fine", "severity": "serious", "fulfilled_on": "2022-07-01" });
    let r = run(construction(json!([p])));
    let g = grade(&r, "highway_construction");
    assert_eq!(g.level, "C");
    assert!(g
        .items
        .iter()
        .any(|i| i.rule == "hc.rise_limit" && i.record_id.as_deref() == Some("p1")));
}

fn road(industry: &str, region: Option<&str>, records: Value) -> Value {
    let mut v = json!({
        "as_of": "2026-11-22",
        "subject": { "kind": "enterprise", "id": "91350200MA2Y4K7N0A", "name": "示例公司",
                     "industry": industry },
        "records": records
    });
    if let Some(r) = region {
        v["subject"]["region"] = json!(r);
    }
    v
}

#[test]
fn taxi_and_ride_hailing_have_their_own_scheme() {
    let commendations = |n: usize| {
        Value::Array(
            (0..n)
                .map(|i| json!({ "id": format!("c{i}"), "type": "commendation", "date": "2026-03-01" }))
                .collect(),
        )
    };
    for (n, level) in [(0, "AAA"), (4, "AAAA"), (5, "AAAAA")] {
        for industry in ["taxi", "ride_hailing"] {
            let mut v = road(industry, None, commendations(n));
            v["subject"]["drivers_aa_share"] = json!(85);
            let r = run(v);
            assert_eq!(r.grades.len(), 1, "{:?}", r.grades);
            let g = &r.grades[0];
            assert_eq!(
                (g.scheme.as_str(), g.primary, g.level.as_str()),
                ("taxi_service_quality", true, level)
            );
            assert!(!g.items.iter().any(|i| i.rule == "tsq.cap.driver_share"));
            assert!(r.warnings.iter().any(|w| w.id == "w.tsq.driver_share"));
        }
    }
    // A serious penalty still in force: B, whatever the score.
    let p = json!({ "id": "p1", "type": "administrative_penalty", "date": "2026-06-01",
                    "penalty": "fine", "severity": "serious" });
    let r = run(road("taxi", None, json!([p])));
    assert_eq!(r.grades[0].level, "B");
    // In Lianyungang the Jiangsu operator rule stays the main grade; the taxi one is second.
    let r = run(road("taxi", Some("jiangsu-lianyungang"), json!([])));
    let main: Vec<(&str, bool)> = r
        .grades
        .iter()
        .map(|g| (g.scheme.as_str(), g.primary))
        .collect();
    assert_eq!(
        main,
        [
            ("js_road_waterway_operator", true),
            ("taxi_service_quality", false)
        ]
    );
}

/// 交运规〔2022〕2号: AAA and above need ≥ 85 % of the drivers at AA or above. Without the
/// share, or below it, the grade is AA at best, and an item says why.
#[test]
fn taxi_top_levels_need_the_drivers_share() {
    let five = Value::Array(
        (0..5)
            .map(|i| json!({ "id": format!("c{i}"), "type": "commendation", "date": "2026-03-01" }))
            .collect(),
    );
    for (share, level) in [
        (None, "AA"),
        (Some(json!(84.9)), "AA"),
        (Some(json!(0)), "AA"),
        (Some(json!(85)), "AAAAA"),
        (Some(json!(100)), "AAAAA"),
    ] {
        let mut v = road("taxi", None, five.clone());
        if let Some(s) = &share {
            v["subject"]["drivers_aa_share"] = s.clone();
        }
        let r = run(v);
        let g = grade(&r, "taxi_service_quality");
        assert_eq!(g.level, level, "share {share:?}");
        assert_eq!(g.score, 1100.0, "the score stays the projection's");
        let cap = g.items.iter().find(|i| i.rule == "tsq.cap.driver_share");
        assert_eq!(
            cap.is_some(),
            level == "AA",
            "share {share:?}: {:?}",
            g.items
        );
        if let Some(c) = cap {
            assert!(c.assumed && c.basis.contains("交运规〔2022〕2号"), "{c:?}");
            assert_eq!(c.record_id, None);
            match &share {
                None => assert!(
                    c.zh.contains("未填写") && c.en.contains("not given"),
                    "{c:?}"
                ),
                Some(s) => assert!(
                    c.zh.contains(&format!("填写为 {s}")) && c.en.contains("below 85"),
                    "{c:?}"
                ),
            }
            // AA is 一般 (normal): no good-standing incentive rests on an unknown share.
            assert_eq!(g.standing, "normal");
            assert_eq!(g.in_force.level, "AA");
        }
    }
    // Already AA or below on its score: the cap has nothing to say.
    let p = json!({ "id": "p1", "type": "evaluation_deduction", "date": "2026-06-01",
                    "scheme": "taxi_service_quality", "points": 200 });
    let r = run(road("taxi", None, json!([p])));
    let g = grade(&r, "taxi_service_quality");
    assert_eq!(g.level, "AA");
    assert!(!g.items.iter().any(|i| i.rule == "tsq.cap.driver_share"));
}

#[test]
fn serious_penalties_pull_top_grades_down() {
    let revoked = json!({ "id": "p1", "type": "administrative_penalty", "date": "2026-06-01",
                          "penalty": "license_revocation" });
    let r = run(road("road_passenger", None, json!([revoked.clone()])));
    let g = grade(&r, "road_transport_quality");
    assert_eq!((g.level.as_str(), g.standing.as_str()), ("B", "poor"));
    assert_eq!(r.supervision.as_ref().unwrap().class, "high_risk");
    // A revocation entered as "general" is still a revocation.
    let mut general = revoked;
    general["severity"] = json!("general");
    let r = run(road("road_passenger", None, json!([general.clone()])));
    assert_eq!(grade(&r, "road_transport_quality").level, "B");
    let r = run(road(
        "road_freight",
        Some("jiangsu-lianyungang"),
        json!([general]),
    ));
    assert_eq!(grade(&r, "js_road_waterway_operator").level, "D");
    let fine = json!({ "id": "p2", "type": "administrative_penalty", "date": "2026-06-01",
                       "penalty": "fine", "severity": "serious", "amount": 100000 });
    let r = run(road(
        "road_freight",
        Some("jiangsu-lianyungang"),
        json!([fine]),
    ));
    assert_eq!(grade(&r, "js_road_waterway_operator").level, "D");
}

#[test]
fn industries_without_a_national_scheme_say_so() {
    for (industry, id) in [
        ("highway_maintenance", "w.no_scheme.highway_maintenance"),
        ("ship_lock", "w.no_scheme.ship_lock"),
        ("local_railway", "w.no_scheme.local_railway"),
    ] {
        let r = run(road(industry, None, json!([])));
        assert!(r.grades.is_empty());
        assert!(
            r.warnings.iter().any(|w| w.id == id),
            "{industry}: {:?}",
            r.warnings
        );
        // A region that grades them does not warn.
        let r = run(road(industry, Some("jiangsu-lianyungang"), json!([])));
        assert!(!r.grades.is_empty());
        assert!(
            !r.warnings.iter().any(|w| w.id.starts_with("w.no_scheme")),
            "{industry}"
        );
    }
}

#[test]
fn a_first_violation_is_judged_by_history_not_publicity() {
    // An earlier penalty, long repaired, still makes the next violation not the first.
    let old = json!({ "id": "p1", "type": "administrative_penalty", "date": "2024-01-10",
                      "penalty": "warning", "fulfilled_on": "2024-01-10" });
    let r = run(road(
        "road_passenger",
        Some("jiangsu-lianyungang"),
        json!([old]),
    ));
    let c = r
        .commitments
        .iter()
        .find(|c| c.scheme == "first_minor_leniency")
        .unwrap();
    assert!(!c.eligible);
    assert!(c
        .reasons
        .iter()
        .any(|x| x.rule == "fml.excl.not_first" && x.record_id.as_deref() == Some("p1")));
    let r = run(road(
        "road_passenger",
        Some("jiangsu-lianyungang"),
        json!([]),
    ));
    let c = r
        .commitments
        .iter()
        .find(|c| c.scheme == "first_minor_leniency")
        .unwrap();
    assert!(c.eligible);
}
