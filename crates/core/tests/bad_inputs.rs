//! The catalogue of bad inputs: each must give a clear, bilingual error naming the field path
//! (and the value where there is one), never a panic and never a report.

use chrono::NaiveDate;
use serde_json::{json, Value};
use xinyong_core::{evaluate_json, Options, Problems};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn base() -> Value {
    json!({
        "as_of": "2026-11-22",
        "subject": { "kind": "enterprise", "id": "91350200MA2Y4K7N0A", "name": "测试公司",
                     "industry": "highway_construction" },
        "records": [
            { "id": "p1", "type": "administrative_penalty", "date": "2026-05-06", "penalty": "fine",
              "severity": "general", "amount": 5000, "authority": "厦门市交通运输局", "fulfilled_on": "2026-05-20" }
        ]
    })
}

fn errors_of(doc: &str) -> Problems {
    match evaluate_json(doc, &Options::new(today())) {
        Ok(r) => panic!(
            "expected an error, got a report for {}",
            r.subject.id_masked
        ),
        Err(e) => e,
    }
}

/// Apply `edit` to the base document and expect an error at `path` whose Chinese and English
/// messages contain the given fragments.
fn bad(edit: impl FnOnce(&mut Value), path: &str, zh: &str, en: &str) -> Problems {
    let mut v = base();
    edit(&mut v);
    let errs = errors_of(&v.to_string());
    let hit = errs.0.iter().find(|p| p.path == path);
    let Some(p) = hit else {
        panic!("no error at `{path}`; got:\n{errs}")
    };
    assert!(p.zh.contains(zh), "zh of {path}: {:?} lacks {zh:?}", p.zh);
    assert!(p.en.contains(en), "en of {path}: {:?} lacks {en:?}", p.en);
    // Display names path, Chinese and English.
    let shown = errs.to_string();
    assert!(
        shown.contains(path) && shown.contains("错误") && shown.contains("error:"),
        "{shown}"
    );
    errs
}

fn rec(v: &mut Value) -> &mut Value {
    &mut v["records"][0]
}

#[test]
fn b01_uscc_wrong_length() {
    bad(
        |v| v["subject"]["id"] = json!("91350200MA2Y4K7N0"),
        "subject.id",
        "18 位",
        "18 characters",
    );
}

#[test]
fn b02_uscc_forbidden_letter() {
    bad(
        |v| v["subject"]["id"] = json!("91350200MA2Y4K7NOA"),
        "subject.id",
        "不允许",
        "not allowed",
    );
}

#[test]
fn b03_uscc_check_digit() {
    let e = bad(
        |v| v["subject"]["id"] = json!("91350200MA2Y4K7N0B"),
        "subject.id",
        "校验位",
        "check character",
    );
    // The full id is never echoed, not even in an error.
    assert!(!e.to_string().contains("91350200MA2Y4K7N0B"));
    assert!(e.to_string().contains("9135************0B"));
}

#[test]
fn b04_uscc_division_code_not_digits() {
    bad(
        |v| v["subject"]["id"] = json!("9135A200MA2Y4K7N0A"),
        "subject.id",
        "行政区划",
        "division code",
    );
}

#[test]
fn b05_citizen_id_check_digit() {
    bad(
        |v| {
            v["subject"] = json!({"kind": "person", "id": "110105194912310021", "name": "张三", "industry": "driver"});
            v["records"] = json!([]);
        },
        "subject.id",
        "校验位",
        "check character",
    );
}

#[test]
fn b06_citizen_id_impossible_birth_date() {
    bad(
        |v| {
            v["subject"] = json!({"kind": "person", "id": "110105199902300028", "name": "张三"});
            v["records"] = json!([]);
        },
        "subject.id",
        "出生日期",
        "date of birth",
    );
}

#[test]
fn b07_citizen_id_last_character_not_x() {
    // A lower-case x is read as X (ids::normalize); another letter is still refused.
    bad(
        |v| {
            v["subject"] = json!({"kind": "person", "id": "11010519491231002y", "name": "张三"});
            v["records"] = json!([]);
        },
        "subject.id",
        "最后一位应为数字或 X",
        "must be a digit or X",
    );
}

#[test]
fn b08_impossible_record_date() {
    bad(
        |v| rec(v)["date"] = json!("2026-02-30"),
        "records[0].date",
        "不存在的日期",
        "not a real calendar date",
    );
}

#[test]
fn b09_badly_formatted_date() {
    bad(
        |v| rec(v)["date"] = json!("2026/5/6"),
        "records[0].date",
        "YYYY-MM-DD",
        "YYYY-MM-DD",
    );
}

#[test]
fn b10_impossible_as_of() {
    bad(
        |v| v["as_of"] = json!("2026-13-01"),
        "as_of",
        "不存在的日期",
        "not a real calendar date",
    );
}

#[test]
fn b11_record_after_as_of() {
    bad(
        |v| rec(v)["date"] = json!("2026-12-01"),
        "records[0].date",
        "晚于查询日期",
        "after the check date",
    );
}

/// A check date past every pack's last year was answered with publicity and repair dates clamped
/// at 9999-12-31 ("repairable from 9999-12-31"): refused instead.
#[test]
fn b11b_check_date_past_the_packs_range() {
    bad(
        |v| {
            v["as_of"] = json!("9999-12-30");
            rec(v)["date"] = json!("9999-12-01");
            rec(v)["fulfilled_on"] = json!("9999-12-02");
        },
        "as_of",
        "超出支持的范围",
        "out of range: at most 2100-12-31",
    );
    bad(
        |v| v["as_of"] = json!("2101-01-01"),
        "as_of",
        "2100-12-31",
        "at most 2100-12-31",
    );
    // The last day is still answered.
    let mut v = base();
    v["as_of"] = json!("2100-12-31");
    evaluate_json(&v.to_string(), &Options::new(today())).expect("2100-12-31 is in range");
}

#[test]
fn b12_duplicate_record_id() {
    bad(
        |v| {
            let r = v["records"][0].clone();
            v["records"].as_array_mut().unwrap().push(r);
        },
        "records[1].id",
        "重复",
        "duplicate record id",
    );
}

#[test]
fn b13_negative_amount() {
    bad(
        |v| rec(v)["amount"] = json!(-5),
        "records[0].amount",
        "负数",
        "negative",
    );
}

#[test]
fn b14_negative_points() {
    bad(
        |v| rec(v)["points"] = json!(-3),
        "records[0].points",
        "负数",
        "negative",
    );
}

#[test]
fn b15_unknown_penalty_kind_lists_allowed() {
    let e = bad(
        |v| rec(v)["penalty"] = json!("fien"),
        "records[0].penalty",
        "允许的取值",
        "allowed:",
    );
    assert!(e.0[0].en.contains("did you mean `fine`"), "{e}");
}

#[test]
fn b16_unknown_severity() {
    bad(
        |v| rec(v)["severity"] = json!("huge"),
        "records[0].severity",
        "minor, general, serious",
        "minor, general, serious",
    );
}

#[test]
fn b17_unknown_field_value() {
    bad(
        |v| rec(v)["field"] = json!("food"),
        "records[0].field",
        "safety_production",
        "safety_production",
    );
}

#[test]
fn b18_unknown_subject_kind() {
    let e = bad(
        |v| v["subject"]["kind"] = json!("enterprize"),
        "subject.kind",
        "enterprise",
        "enterprise",
    );
    assert!(e.0[0].en.contains("did you mean `enterprise`"));
}

#[test]
fn b19_unknown_industry() {
    bad(
        |v| v["subject"]["industry"] = json!("airline"),
        "subject.industry",
        "road_passenger",
        "road_passenger",
    );
}

#[test]
fn b20_typo_field_suggests_nearest() {
    let e = bad(
        |v| {
            let r = rec(v).as_object_mut().unwrap();
            let x = r.remove("fulfilled_on").unwrap();
            r.insert("fulfiled_on".into(), x);
        },
        "records[0].fulfiled_on",
        "fulfilled_on",
        "did you mean `fulfilled_on`",
    );
    assert_eq!(e.0.len(), 1);
}

#[test]
fn b21_unknown_top_level_field() {
    bad(
        |v| v["asof"] = json!("2026-11-22"),
        "asof",
        "as_of",
        "did you mean `as_of`",
    );
}

#[test]
fn b22_unknown_region() {
    bad(
        |v| v["subject"]["region"] = json!("mars"),
        "subject.region",
        "没有这个规则包",
        "no such pack",
    );
}

#[test]
fn b23_penalty_record_without_penalty() {
    bad(
        |v| {
            rec(v)
                .as_object_mut()
                .unwrap()
                .remove("penalty")
                .map(drop)
                .unwrap_or(())
        },
        "records[0].penalty",
        "必须填写",
        "requires `penalty`",
    );
}

#[test]
fn b24_fulfilled_before_decision() {
    bad(
        |v| rec(v)["fulfilled_on"] = json!("2026-05-01"),
        "records[0].fulfilled_on",
        "早于记录日期",
        "before the record date",
    );
}

#[test]
fn b25_repaired_after_as_of() {
    bad(
        |v| rec(v)["repaired_on"] = json!("2026-12-01"),
        "records[0].repaired_on",
        "晚于查询日期",
        "after the check date",
    );
}

#[test]
fn b26_list_entry_without_list_name() {
    bad(
        |v| {
            v["records"] =
                json!([{ "id": "l1", "type": "serious_dishonesty_list", "date": "2025-01-10" }])
        },
        "records[0].list",
        "必须填写",
        "requires `list`",
    );
}

#[test]
fn b27_commitment_without_status() {
    bad(
        |v| v["records"] = json!([{ "id": "c1", "type": "commitment", "date": "2025-06-01", "scheme": "certification_notice" }]),
        "records[0].status",
        "必须填写",
        "requires `status`",
    );
}

#[test]
fn b28_unknown_behaviour_code() {
    bad(
        |v| rec(v)["behaviour"] = json!("XX-99"),
        "records[0].behaviour",
        "行为表",
        "behaviour table",
    );
}

#[test]
fn b29_empty_penalty_array() {
    bad(
        |v| rec(v)["penalty"] = json!([]),
        "records[0].penalty",
        "不能为空",
        "must not be empty",
    );
}

#[test]
fn b30_records_not_an_array() {
    bad(
        |v| v["records"] = json!("none"),
        "records",
        "类型错误",
        "wrong type",
    );
}

#[test]
fn b31_amount_not_a_number() {
    bad(
        |v| rec(v)["amount"] = json!("5000元"),
        "records[0].amount",
        "类型错误",
        "wrong type",
    );
}

#[test]
fn b32_driver_violation_without_points_or_behaviour() {
    bad(
        |v| {
            v["subject"] = json!({"kind": "person", "id": "11010519491231002X", "name": "张三"});
            v["records"] =
                json!([{ "id": "d1", "type": "driver_violation", "date": "2026-06-01" }]);
        },
        "records[0]",
        "至少填写",
        "requires one of: points / behaviour",
    );
}

#[test]
fn b33_person_with_enterprise_industry() {
    bad(
        |v| {
            v["subject"] = json!({"kind": "person", "id": "11010519491231002X", "name": "张三", "industry": "bus"});
            v["records"] = json!([]);
        },
        "subject.industry",
        "driver",
        "driver",
    );
}

#[test]
fn b34_empty_record_id() {
    bad(
        |v| rec(v)["id"] = json!(" "),
        "records[0].id",
        "不能为空",
        "must not be empty",
    );
}

#[test]
fn b35_missing_subject() {
    bad(
        |v| drop(v.as_object_mut().unwrap().remove("subject")),
        "subject",
        "缺少必填字段",
        "required field is missing",
    );
}

#[test]
fn b36_as_of_before_pack() {
    bad(
        |v| {
            v["as_of"] = json!("2018-01-01");
            v["records"] = json!([]);
        },
        "as_of",
        "生效日期",
        "before pack national takes effect",
    );
}

#[test]
fn b37_year_out_of_range() {
    bad(
        |v| {
            v["records"] = json!([{ "id": "r1", "type": "evaluation_result", "date": "2026-03-01",
                                     "scheme": "highway_construction", "level": "A", "year": 1066 }])
        },
        "records[0].year",
        "1990",
        "1990",
    );
}

#[test]
fn b38_invalid_json_names_line_and_column() {
    let e = errors_of(
        "{\n  \"as_of\": \"2026-11-22\",\n  \"subject\": { \"kind\": \"enterprise\",\n  }\n}",
    );
    assert!(
        e.0[0].zh.contains("不是有效的 JSON") && e.0[0].zh.contains("第 4 行"),
        "{e}"
    );
    assert!(e.0[0].en.contains("line 4"), "{e}");
}

#[test]
fn b39_trailing_garbage() {
    let doc = format!("{} extra", base());
    let e = errors_of(&doc);
    assert!(e.0[0].en.contains("not valid JSON"), "{e}");
}

#[test]
fn b40_huge_file_refused_before_parsing() {
    let doc = format!(
        "{{\"pad\": \"{}\"}}",
        "x".repeat(xinyong_core::input::MAX_INPUT_BYTES)
    );
    let e = errors_of(&doc);
    assert!(
        e.0[0].zh.contains("文件过大") && e.0[0].en.contains("too large"),
        "{e}"
    );
}

#[test]
fn b41_too_many_records() {
    let mut v = base();
    let r = v["records"][0].clone();
    let many: Vec<Value> = (0..=xinyong_core::input::MAX_RECORDS)
        .map(|i| {
            let mut x = r.clone();
            x["id"] = json!(format!("p{i}"));
            x
        })
        .collect();
    v["records"] = Value::Array(many);
    let e = errors_of(&v.to_string());
    assert_eq!(e.0[0].path, "records");
    assert!(e.0[0].en.contains("too many records"), "{e}");
}

#[test]
fn b42_unknown_record_type_is_ignored_not_an_error() {
    let mut v = base();
    v["records"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "x1", "type": "parking_ticket", "date": "2026-01-01"}));
    let r = evaluate_json(&v.to_string(), &Options::new(today()))
        .expect("unknown types are not errors");
    assert_eq!(r.ignored.len(), 1);
    assert_eq!(r.ignored[0].record_id, "x1");
    assert!(r.ignored[0].reason.contains("目录之外非信用"));
    assert!(r.ignored[0]
        .reason_en
        .contains("not in the credit information catalogue"));
}

#[test]
fn b43_all_problems_reported_at_once() {
    let mut v = base();
    rec(&mut v)["amount"] = json!(-1);
    rec(&mut v)["date"] = json!("2026-12-24");
    v["subject"]["id"] = json!("91350200MA2Y4K7N0B");
    let e = errors_of(&v.to_string());
    let paths: Vec<&str> = e.0.iter().map(|p| p.path.as_str()).collect();
    assert!(
        paths.contains(&"subject.id")
            && paths.contains(&"records[0].amount")
            && paths.contains(&"records[0].date"),
        "{paths:?}"
    );
}

#[test]
fn b44_arbitrary_bytes_never_panic() {
    for doc in [
        "",
        "null",
        "[]",
        "{}",
        "\"x\"",
        "{\"subject\":null}",
        "{\"records\":[{}]}",
        "\u{feff}{}",
        "{\"subject\":{\"kind\":1}}",
    ] {
        let e = errors_of(doc);
        assert!(!e.0.is_empty(), "{doc}");
    }
}

#[test]
fn b45_repeated_key_is_an_error_not_a_silent_overwrite() {
    let doc = base()
        .to_string()
        .replacen("\"amount\":5000", "\"amount\":5000,\"amount\":50", 1);
    assert!(doc.contains("\"amount\":50"), "{doc}");
    let e = errors_of(&doc);
    let p = &e.0[0];
    assert_eq!(p.path, "records[0].amount", "{e}");
    assert!(
        p.zh.contains("字段重复") && p.en.contains("field appears twice"),
        "{e}"
    );
}

#[test]
fn b46_array_in_place_of_an_object_names_the_expected_type() {
    let mut v = base();
    v["subject"] = json!(["enterprise", "91350200MA2Y4K7N0A"]);
    let e = errors_of(&v.to_string());
    let p = &e.0[0];
    assert_eq!(p.path, "subject", "{e}");
    assert!(p.en.contains("expected struct Subject"), "{e}");
    assert!(p.zh.contains("类型错误"), "{e}");
}

#[test]
fn b47_every_repeat_of_an_id_is_named_and_only_repeats() {
    let mut v = base();
    let r = v["records"][0].clone();
    let list = v["records"].as_array_mut().unwrap();
    for id in ["q", "p1", "p1", "q"] {
        let mut x = r.clone();
        x["id"] = json!(id);
        list.push(x);
    }
    let e = errors_of(&v.to_string());
    let dup: Vec<&str> =
        e.0.iter()
            .filter(|p| p.en.contains("duplicate record id"))
            .map(|p| p.path.as_str())
            .collect();
    assert_eq!(
        dup,
        ["records[2].id", "records[3].id", "records[4].id"],
        "{e}"
    );
}

// ---- Impossible data that would make the subject look better (issue 14) -----------------

/// The problem at `path`, asserting it quotes `value`.
fn with_value(errs: &Problems, path: &str, value: &str) {
    let p = errs.0.iter().find(|p| p.path == path).unwrap();
    assert_eq!(p.value.as_deref(), Some(value), "{errs}");
}

#[test]
fn b48_repair_inside_the_minimum_period() {
    // A serious fine of 2026-06-01 (Order 36: minimum 1 year) cannot be repaired on 2026-08-01.
    let e = bad(
        |v| {
            let r = rec(v);
            r["date"] = json!("2026-06-01");
            r["severity"] = json!("serious");
            r["fulfilled_on"] = json!("2026-06-10");
            r["repaired_on"] = json!("2026-08-01");
        },
        "records[0].repaired_on",
        "最短公示期届满前不能修复",
        "no repair before the minimum publicity period ends",
    );
    with_value(&e, "records[0].repaired_on", "2026-08-01");
    let p = &e.0[0];
    assert!(
        p.zh.contains("2027-06-02") && p.en.contains("2027-06-02"),
        "{e}"
    );
}

#[test]
fn b49_repair_without_fulfilment() {
    let e = bad(
        |v| {
            let r = rec(v);
            r.as_object_mut().unwrap().remove("fulfilled_on");
            r["repaired_on"] = json!("2026-09-01");
        },
        "records[0].repaired_on",
        "没有履行完毕日期",
        "without a fulfilment date",
    );
    with_value(&e, "records[0].repaired_on", "2026-09-01");
}

#[test]
fn b50_repair_before_fulfilment() {
    let e = bad(
        |v| {
            let r = rec(v);
            r["fulfilled_on"] = json!("2026-10-01");
            r["repaired_on"] = json!("2026-09-01");
        },
        "records[0].repaired_on",
        "早于履行完毕日期 2026-10-01",
        "before the fulfilment date 2026-10-01",
    );
    with_value(&e, "records[0].repaired_on", "2026-09-01");
}

#[test]
fn b51_removed_on_on_a_penalty() {
    let e = bad(
        |v| rec(v)["removed_on"] = json!("2026-09-01"),
        "records[0].removed_on",
        "只用于严重失信主体名单",
        "serious_dishonesty_list entries only",
    );
    with_value(&e, "records[0].removed_on", "2026-09-01");
}

fn list_entry(v: &mut Value, severity: &str) {
    v["records"][0] = json!({ "id": "l1", "type": "serious_dishonesty_list", "date": "2026-06-01",
                              "list": "交通运输领域严重失信主体名单", "severity": severity });
}

#[test]
fn b52_minor_serious_dishonesty_list() {
    let e = bad(
        |v| list_entry(v, "minor"),
        "records[0].severity",
        "只能是 serious",
        "can only be \"serious\"",
    );
    with_value(&e, "records[0].severity", "\"minor\"");
}

#[test]
fn b53_general_serious_dishonesty_list() {
    bad(
        |v| list_entry(v, "general"),
        "records[0].severity",
        "只能是 serious",
        "can only be \"serious\"",
    );
}

#[test]
fn b54_specific_serious_with_a_lower_tier() {
    let e = bad(
        |v| rec(v)["specific_serious"] = json!(true),
        "records[0].severity",
        "特定严重失信",
        "specific_serious",
    );
    with_value(&e, "records[0].severity", "\"general\"");
}

#[test]
fn b55_procedure_on_a_commitment() {
    bad(
        |v| {
            v["records"][0] = json!({ "id": "c1", "type": "commitment", "date": "2026-06-01",
                                      "scheme": "certification_notice", "status": "broken",
                                      "procedure": "simplified" })
        },
        "records[0].procedure",
        "只用于行政处罚记录",
        "administrative_penalty records only",
    );
}

#[test]
fn b56_unknown_procedure() {
    bad(
        |v| rec(v)["procedure"] = json!("summary"),
        "records[0].procedure",
        "simplified",
        "simplified",
    );
}

/// A repair date possible only under the regime the stricter transitional reading sets aside is
/// a warning naming the record, and the record is not counted as repaired.
#[test]
fn b57_doubtful_repair_date_is_a_warning_not_good_news() {
    let mut v = base();
    let r = rec(&mut v);
    r["date"] = json!("2026-01-10");
    r["severity"] = json!("serious");
    r["fulfilled_on"] = json!("2026-01-20");
    r["repaired_on"] = json!("2026-04-20");
    let report = evaluate_json(&v.to_string(), &Options::new(today())).unwrap();
    let w = report
        .warnings
        .iter()
        .find(|w| w.id == "repair.date_doubtful")
        .expect("a warning");
    assert_eq!(w.record_ids, ["p1"]);
    assert!(w.zh.contains("暂按未修复处理") && w.en.contains("not repaired"));
    assert_ne!(report.repairs[0].status.as_str(), "repaired");
    assert!(report.commitments.iter().any(|c| !c.eligible));
}

/// A simplified procedure beyond what that procedure can impose is not read as minor.
#[test]
fn b58_simplified_procedure_beyond_its_limits_is_not_minor() {
    let mut v = base();
    let r = rec(&mut v);
    r.as_object_mut().unwrap().remove("severity");
    r["amount"] = json!(20000);
    r["procedure"] = json!("simplified");
    let report = evaluate_json(&v.to_string(), &Options::new(today())).unwrap();
    assert_eq!(report.repairs[0].tier.as_str(), "general");
    assert!(report
        .warnings
        .iter()
        .any(|w| w.id == "procedure.simplified_doubtful" && w.record_ids == ["p1"]));
    // Within the limits it is minor (Order 36: simplified procedure → 轻微).
    let mut v = base();
    let r = rec(&mut v);
    r.as_object_mut().unwrap().remove("severity");
    r["amount"] = json!(3000);
    r["procedure"] = json!("simplified");
    let report = evaluate_json(&v.to_string(), &Options::new(today())).unwrap();
    assert_eq!(report.repairs[0].tier.as_str(), "minor");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

// ---- Grades (issue 14): levels a scheme does not have, qualification dates that cannot be.

#[test]
fn b80_official_level_the_scheme_does_not_have() {
    // "AAA" is a road-transport level, not one of 733号's AA–D: never read as a grade.
    let e = bad(
        |v| {
            *rec(v) = json!({ "id": "e1", "type": "evaluation_result", "date": "2026-04-01",
                              "scheme": "highway_construction", "level": "AAA", "year": 2025 })
        },
        "records[0].level",
        "没有这个等级",
        "has no such level",
    );
    let p = e.0.iter().find(|p| p.path == "records[0].level").unwrap();
    assert_eq!(p.value.as_deref(), Some("\"AAA\""));
    assert!(
        p.en.contains("AA, A, B, C, D") && p.zh.contains("AA, A, B, C, D"),
        "{e}"
    );
}

#[test]
fn b81_official_level_is_case_sensitive() {
    bad(
        |v| {
            *rec(v) = json!({ "id": "e1", "type": "evaluation_result", "date": "2026-04-01",
                              "scheme": "highway_construction", "level": "aa" })
        },
        "records[0].level",
        "应为其中之一",
        "expected one of",
    );
}

#[test]
fn b82_qualified_on_only_for_persons() {
    bad(
        |v| v["subject"]["qualified_on"] = json!("2020-01-01"),
        "subject.qualified_on",
        "只适用于个人主体",
        "person subjects (drivers, kind = person) only",
    );
}

fn driver(edit: impl FnOnce(&mut Value)) -> Problems {
    let mut v = json!({
        "as_of": "2026-11-22",
        "subject": { "kind": "person", "id": "11010519491231002X", "name": "张三" },
        "records": []
    });
    edit(&mut v);
    errors_of(&v.to_string())
}

#[test]
fn b83_qualified_on_after_the_check_date() {
    let e = driver(|v| v["subject"]["qualified_on"] = json!("2026-11-23"));
    let p =
        e.0.iter()
            .find(|p| p.path == "subject.qualified_on")
            .expect("error at qualified_on");
    assert_eq!(p.value.as_deref(), Some("2026-11-23"));
    assert!(
        p.zh.contains("晚于查询日期") && p.en.contains("after the check date"),
        "{e}"
    );
}

#[test]
fn b84_qualified_on_must_be_a_real_day() {
    let e = driver(|v| v["subject"]["qualified_on"] = json!("2026-02-30"));
    let p = &e.0[0];
    assert_eq!(p.path, "subject.qualified_on", "{e}");
    assert!(
        p.zh.contains("不存在的日期") && p.en.contains("not a real calendar date"),
        "{e}"
    );
}

/// A deduction under a scheme the pack does not have (here a typo) is not dropped in silence:
/// it is listed as ignored, naming the pack's schemes.
#[test]
fn b85_deduction_under_an_unknown_scheme_is_listed_as_ignored() {
    let mut v = base();
    v["records"].as_array_mut().unwrap().push(json!({
        "id": "e1", "type": "evaluation_deduction", "date": "2026-05-01",
        "scheme": "highway_constrution", "points": 30 }));
    let r = evaluate_json(&v.to_string(), &Options::new(today())).expect("a report");
    let i = r
        .ignored
        .iter()
        .find(|i| i.record_id == "e1")
        .expect("e1 listed as ignored");
    assert!(
        i.reason.contains("highway_constrution") && i.reason.contains("highway_construction"),
        "{}",
        i.reason
    );
    assert!(
        i.reason_en
            .contains("is not a grade scheme of pack national"),
        "{}",
        i.reason_en
    );
    // Not counted either: the grade is what the other records give.
    assert_eq!(r.grades[0].level, "AA");
}

#[test]
fn b86_driver_points_on_an_enterprise_are_listed_as_ignored() {
    let mut v = base();
    v["records"].as_array_mut().unwrap().push(json!({
        "id": "v1", "type": "driver_violation", "date": "2026-05-01", "points": 20 }));
    let r = evaluate_json(&v.to_string(), &Options::new(today())).expect("a report");
    let i = r
        .ignored
        .iter()
        .find(|i| i.record_id == "v1")
        .expect("v1 listed as ignored");
    assert!(i.reason.contains("驾驶员本人"), "{}", i.reason);
    assert!(
        i.reason_en
            .contains("do not count in an enterprise's evaluation"),
        "{}",
        i.reason_en
    );
}

#[test]
fn b87_deduction_under_a_scheme_for_other_subjects_is_listed_as_ignored() {
    let mut v = base();
    v["records"].as_array_mut().unwrap().push(json!({
        "id": "e2", "type": "evaluation_deduction", "date": "2026-05-01",
        "scheme": "driver_integrity", "points": 3 }));
    let r = evaluate_json(&v.to_string(), &Options::new(today())).expect("a report");
    let i = r
        .ignored
        .iter()
        .find(|i| i.record_id == "e2")
        .expect("e2 listed as ignored");
    assert!(
        i.reason_en.contains("does not apply to this subject"),
        "{}",
        i.reason_en
    );
}

/// `subject.drivers_aa_share` (taxi firms' percentage of drivers at AA or above) is a
/// percentage: 0–100, an enterprise's, a number.
#[test]
fn b90_drivers_aa_share_out_of_range() {
    for v in [json!(120), json!(-5), json!(100.5)] {
        let e = bad(
            |doc| doc["subject"]["drivers_aa_share"] = v.clone(),
            "subject.drivers_aa_share",
            "0 到 100 之间的百分数",
            "a percentage from 0 to 100",
        );
        let p =
            e.0.iter()
                .find(|p| p.path == "subject.drivers_aa_share")
                .unwrap();
        assert_eq!(p.value.as_deref(), Some(v.to_string().as_str()), "{e}");
    }
    // The bounds themselves are percentages.
    for ok in [json!(0), json!(100), json!(85)] {
        let mut doc = base();
        doc["subject"]["drivers_aa_share"] = ok;
        evaluate_json(&doc.to_string(), &Options::new(today())).expect("a report");
    }
}

#[test]
fn b91_drivers_aa_share_only_for_enterprises() {
    let e = driver(|v| v["subject"]["drivers_aa_share"] = json!(90));
    let p =
        e.0.iter()
            .find(|p| p.path == "subject.drivers_aa_share")
            .expect("error at drivers_aa_share");
    assert!(
        p.zh.contains("只适用于企业主体") && p.en.contains("enterprise subjects"),
        "{e}"
    );
}

#[test]
fn b92_drivers_aa_share_must_be_a_number() {
    let e = errors_of(
        &json!({
            "as_of": "2026-11-22",
            "subject": { "kind": "enterprise", "id": "91350200MA2Y4K7N0A", "industry": "taxi",
                         "drivers_aa_share": "90%" },
            "records": []
        })
        .to_string(),
    );
    let p = &e.0[0];
    assert_eq!(p.path, "subject.drivers_aa_share", "{e}");
    assert!(
        p.en.contains("expected f64") || p.en.contains("number"),
        "{e}"
    );
}
