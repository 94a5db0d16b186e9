//! 四书同达 (连交〔2024〕98号 三、13.): the Lianyungang pack's letters are listed per penalty in
//! `repairs[].letters` and filled by `letters::fill_report` with the report's own dates.

use chrono::NaiveDate;
use xinyong_core::letters::fill_report;
use xinyong_core::pack::builtin;
use xinyong_core::{evaluate_json, Options};

fn input(region: &str) -> String {
    format!(
        r#"{{
  "as_of": "2026-11-22",
  "subject": {{ "kind": "enterprise", "id": "91350200MA2Y4K7N0A", "name": "连云港示例客运有限公司",
               "industry": "road_passenger", "region": "{region}" }},
  "records": [
    {{ "id": "p1", "type": "administrative_penalty", "date": "2026-06-01", "penalty": "fine",
      "severity": "general", "amount": 2000, "authority": "连云港市交通运输综合行政执法支队",
      "fulfilled_on": "2026-06-10" }},
    {{ "id": "c1", "type": "commitment", "date": "2026-07-01", "scheme": "certification_notice", "status": "broken" }}
  ]
}}"#
    )
}

fn opts() -> Options<'static> {
    Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
}

#[test]
fn four_letters_filled_for_a_jiangsu_penalty() {
    let report = evaluate_json(&input("jiangsu-lianyungang"), &opts()).unwrap();
    let ids: Vec<&str> = report.repairs[0]
        .letters
        .iter()
        .map(|l| l.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "js.letter.repair_prompt",
            "js.letter.repair_process",
            "js.letter.compliance_guidance"
        ]
    );
    // The letters go with penalty decisions only, not with a broken commitment.
    assert_eq!(report.repairs[1].record_id, "c1");
    assert!(report.repairs[1].letters.is_empty());

    let pack = builtin("jiangsu-lianyungang").unwrap();
    let zh = fill_report(pack, &report, false);
    assert_eq!(zh.len(), 3);
    let prompt = &zh[0];
    assert_eq!(prompt.title, "信用修复提示函");
    assert_eq!(prompt.record_id, "p1");
    for want in [
        "连云港示例客运有限公司（证件号码 9135************0A）",
        "记录编号 p1",
        "最短公示期至 2026-09-01 届满，自 2026-09-02 起可以申请信用修复",
        "最长公示期至 2027-06-01 届满",
        "1. 达到最短公示期限",
        "“信用中国”网站（信用修复统一受理窗口，谁认定、谁修复）（https://www.creditchina.gov.cn）",
        "信用修复不收取任何费用",
        "规则包 jiangsu-lianyungang",
    ] {
        assert!(
            prompt.body.contains(want),
            "missing {want:?} in:\n{}",
            prompt.body
        );
    }
    let process = &zh[1];
    assert_eq!(process.title, "信用修复流程告知书");
    assert!(
        process.body.contains("2. 法定责任义务履行完毕的证明材料"),
        "{}",
        process.body
    );
    assert!(
        process.body.contains("预计 2026-12-09 前办结"),
        "{}",
        process.body
    );
    // The status in words, never the contract's enum.
    assert!(
        process.body.contains("当前状态：现在可以申请信用修复"),
        "{}",
        process.body
    );
    assert!(
        zh[0]
            .body
            .contains("根据《信用修复管理办法》（国家发展改革委令2025年第36号）等规定"),
        "{}",
        zh[0].body
    );
    let guide = &zh[2];
    assert_eq!(guide.title, "行政合规指导意见书");
    assert!(guide.body.contains("针对记录编号 p1 所涉违法行为"));
    for l in &zh {
        assert!(
            !l.body.contains('{') && !l.body.contains('}'),
            "unfilled placeholder in {}",
            l.id
        );
        assert!(
            !l.body.contains("91350200MA2Y4K7N0A"),
            "full id leaked into {}",
            l.id
        );
    }

    let en = fill_report(pack, &report, true);
    assert_eq!(en[0].title, "Credit repair prompt letter");
    assert!(en[0]
        .body
        .contains("you may apply for credit repair from 2026-09-02"));
    assert!(en[1].body.contains("expect completion by 2026-12-09"));
    assert!(
        en[1]
            .body
            .contains("Current status: repair can be applied for now."),
        "{}",
        en[1].body
    );
}

/// A penalty decided under Order 58 is judged by it (its 3-year maximum is the stricter
/// reading), and the letters quote Order 58, not Order 36 (issue 14, 9d).
#[test]
fn letters_quote_the_regime_that_judged_the_record() {
    let text = input("jiangsu-lianyungang")
        .replace("2026-06-01", "2025-06-01")
        .replace("2026-06-10", "2025-06-10");
    let report = evaluate_json(&text, &opts()).unwrap();
    let p1 = &report.repairs[0];
    assert_eq!(
        p1.regime.as_ref().map(|r| r.id.as_str()),
        Some("repair.order58")
    );
    assert_eq!(
        p1.publicity_max_end.map(|d| d.to_string()).as_deref(),
        Some("2028-06-01")
    );
    let pack = builtin("jiangsu-lianyungang").unwrap();
    let zh = fill_report(pack, &report, false);
    assert!(
        zh[0].body.contains(
            "根据《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令2023年第58号）等规定"
        ),
        "{}",
        zh[0].body
    );
    assert!(!zh[0].body.contains("第36号"), "{}", zh[0].body);
    let en = fill_report(pack, &report, true);
    assert!(
        en[0].body.contains("(NDRC Order No. 58 of 2023)"),
        "{}",
        en[0].body
    );
    assert!(!en[0].body.contains("Order No. 36"), "{}", en[0].body);
}

#[test]
fn no_letters_outside_jiangsu() {
    for region in ["national", "fujian-xiamen", "chongqing-fuling"] {
        let report = evaluate_json(&input(region), &opts()).unwrap();
        assert!(
            report.repairs.iter().all(|r| r.letters.is_empty()),
            "{region}"
        );
        let json = serde_json::to_string(&report).unwrap();
        assert!(
            !json.contains("\"letters\""),
            "{region}: empty letters must be omitted"
        );
        let pack = builtin(region).unwrap();
        assert!(fill_report(pack, &report, false).is_empty());
    }
}
