//! The `xinyong` binary as users and external golden tests drive it: exit codes, stdin, flags.

mod common;

use common::{stderr, xinyong};

fn golden(name: &str) -> String {
    format!(
        "{}/../../tests/golden/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

const GOOD: &str = r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0A","name":"甲","industry":"highway_construction"},
"records":[{"id":"p1","type":"administrative_penalty","date":"2026-05-06","penalty":"fine","severity":"general","fulfilled_on":"2026-05-20"}]}"#;

#[test]
fn contract_example_dates() {
    let o = xinyong(&["check", &golden("01-contract-example")], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let p1 = &r["repairs"][0];
    assert_eq!(p1["record_id"], "p1");
    assert_eq!(p1["publicity_min_end"], "2026-08-06");
    assert_eq!(p1["repairable_from"], "2026-08-07");
    assert_eq!(p1["publicity_max_end"], "2027-05-06");
    assert_eq!(r["contract"], "xinyong/1");
    assert_eq!(r["subject"]["id_masked"], "9135************0A");
}

#[test]
fn stdin_dash() {
    let o = xinyong(&["check", "-"], Some(GOOD.as_bytes()));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"repairable\""));
}

#[test]
fn bad_input_exits_2_with_field_path_and_no_stdout() {
    let bad = GOOD.replace("2026-05-06", "2026-02-30");
    let o = xinyong(&["check", "-"], Some(bad.as_bytes()));
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "no partial report on stdout");
    let e = stderr(&o);
    assert!(
        e.contains("records[0].date")
            && e.contains("2026-02-30")
            && e.contains("错误")
            && e.contains("error:"),
        "{e}"
    );
}

#[test]
fn as_of_flag_overrides_and_selects_the_regime() {
    let o = xinyong(
        &["check", "-", "--as-of", "2026-03-31"],
        Some(
            GOOD.replace("2026-05-06", "2025-10-15")
                .replace("2026-05-20", "2025-10-20")
                .as_bytes(),
        ),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["as_of"], "2026-03-31");
    assert_eq!(r["regime"]["id"], "repair.order58");
}

#[test]
fn bad_as_of_flag() {
    let o = xinyong(
        &["check", "-", "--as-of", "2026-02-29"],
        Some(GOOD.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--as-of"), "{}", stderr(&o));
}

#[test]
fn unknown_pack() {
    let o = xinyong(&["check", "-", "--pack", "atlantis"], Some(GOOD.as_bytes()));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("national"),
        "lists the known packs: {}",
        stderr(&o)
    );
}

#[test]
fn missing_file() {
    let o = xinyong(&["check", "/nonexistent/subject.json"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("文件不存在"), "{}", stderr(&o));
}

#[test]
fn not_utf8() {
    let o = xinyong(&["check", "-"], Some(&[0xff, 0xfe, 0x00, 0x7b]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("UTF-8"));
}

#[test]
fn text_format() {
    let o = xinyong(
        &["check", &golden("01-contract-example"), "--format", "text"],
        None,
    );
    assert!(o.status.success());
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(
        t.contains("信用等级 Credit grade")
            && t.contains("2026-08-07")
            && !t.contains("91350200MA2Y4K7N0A"),
        "{t}"
    );
}

/// The text report speaks in names: no rule ids (`rtq.item.…`, `[repair.order36.…]`), no
/// scheme or field ids, the pack by its name; the grade's number says what it is.
#[test]
fn text_format_shows_names_not_ids() {
    for g in [
        "01-contract-example",
        "15-detention-driver",
        "41-driver-19-A",
        "80-road-revocation-B",
        "28-list-removed",
    ] {
        let o = xinyong(&["check", &golden(g), "--format", "text"], None);
        assert!(o.status.success());
        let t = String::from_utf8_lossy(&o.stdout);
        for id in [
            "rtq.",
            "hc.",
            "di.",
            "repair.order",
            "cn.excl",
            "ia.excl",
            "m.restrict",
            "m.incentive",
            "certification_notice",
            "driver_integrity",
            "administrative_penalty",
            "in_min_period",
            "severity",
            "subject.",
            "national 2026",
        ] {
            assert!(!t.contains(id), "{g}: {id} in\n{t}");
        }
        assert!(
            t.contains("全国基础规则包") && t.contains("National base pack"),
            "{g}: {t}"
        );
    }
    let t = String::from_utf8_lossy(
        &xinyong(
            &["check", &golden("41-driver-19-A"), "--format", "text"],
            None,
        )
        .stdout,
    )
    .to_string();
    assert!(
        t.contains("累计记分 19 分")
            && t.contains("19 penalty points")
            && t.contains("basically qualified"),
        "{t}"
    );
    let t = String::from_utf8_lossy(
        &xinyong(
            &["check", &golden("80-road-revocation-B"), "--format", "text"],
            None,
        )
        .stdout,
    )
    .to_string();
    assert!(
        t.contains("不按分数确定") && t.contains("unqualified"),
        "{t}"
    );
}

/// An id as typed or pasted (lower case, spaces, full-width digits) is read in its standard
/// form, from a file and from stdin, and the report says so; the full id never appears.
#[test]
fn ids_as_typed_are_normalised() {
    for (kind, id) in [
        ("person", "44011320141005001x"),
        ("enterprise", "91 110000 600037341L"),
        ("enterprise", "９1350200MA2Y4K7N0A"),
    ] {
        let doc = format!(
            r#"{{"as_of":"2026-11-22","subject":{{"kind":"{kind}","id":"{id}","name":"x"}},"records":[]}}"#
        );
        let o = xinyong(&["check", "-"], Some(doc.as_bytes()));
        assert!(o.status.success(), "{id}: {}", stderr(&o));
        let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(
            r["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["id"] == "input.id_normalised"),
            "{id}"
        );
        let masked = r["subject"]["id_masked"].as_str().unwrap();
        assert!(
            !masked.contains(' ') && !masked.contains('x') && masked.is_ascii(),
            "{masked}"
        );
    }
    // Something a normalisation must not guess at is still refused: O for 0.
    let doc = r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7NOA","name":"x"},"records":[]}"#;
    let o = xinyong(&["check", "-"], Some(doc.as_bytes()));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn packs_lists_national() {
    let o = xinyong(&["packs"], None);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let national = v
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "national")
        .expect("national listed");
    assert!(national["version"].is_string() && national["effective_from"].is_string());
}

#[test]
fn pack_file_overlay_in_json() {
    let dir = std::env::temp_dir().join(format!("xinyong-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pack = dir.join("portal.json");
    std::fs::write(
        &pack,
        r#"{"pack":{"id":"portal-test","version":"1","zh":"门户","en":"Portal","base":"national","effective_from":"2020-01-01","basis":"测试依据"},
            "warnings":[{"id":"w.portal","zh":"门户提示","en":"Portal warning","basis":"门户文件第1条","when":{"records":{"types":["administrative_penalty"]}}}]}"#,
    )
    .unwrap();
    let o = xinyong(
        &["check", "-", "--pack-file", pack.to_str().unwrap()],
        Some(GOOD.as_bytes()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["pack"]["id"], "portal-test");
    assert_eq!(r["pack"]["base"], "national");
    assert!(r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["id"] == "w.portal"));

    let lint = xinyong(&["pack", "lint", pack.to_str().unwrap()], None);
    assert!(lint.status.success(), "{}", stderr(&lint));

    std::fs::write(&pack, r#"{"pack":{"id":"Bad Id","version":"1","zh":"","en":"","base":"national","effective_from":"2020-01-01","basis":""}}"#).unwrap();
    let lint = xinyong(&["pack", "lint", pack.to_str().unwrap()], None);
    assert_eq!(lint.status.code(), Some(2));
    let e = stderr(&lint);
    assert!(e.contains("pack.id") && e.contains("pack.basis"), "{e}");
}

#[test]
fn national_pack_lints_clean() {
    let p = format!(
        "{}/../../packs/national/pack.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = xinyong(&["pack", "lint", "--shipped", &p], None);
    assert!(o.status.success(), "{}", stderr(&o));
    // As a portal's own pack it may not take the built-in id.
    let o = xinyong(&["pack", "lint", &p], None);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("pack.id") && e.contains("内置规则包") && e.contains("shipped with xinyong"),
        "{e}"
    );
}

/// A pack that leaves optional parts out is accepted; `pack lint` names each default used (a
/// notice, exit 0) and `pack doc` lists them with the effective values.
#[test]
fn pack_lint_and_doc_name_the_defaults_used() {
    let p = format!(
        "{}/../../bench/peers/xinyong/peers-pack.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = xinyong(&["pack", "lint", &p], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    for path in [
        "regimes[0].tiers.minor",
        "regimes[0].default_tier",
        "regimes[0].channels",
    ] {
        assert!(
            out.contains(&format!("  默认值 default: {path} — ")),
            "{out}"
        );
    }
    let o = xinyong(&["pack", "doc", &p], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.contains("## 默认值 Defaults used"), "{md}");
    assert!(
        md.contains("| 3–12 months ⚠ | 3–12 months | 12–36 months |"),
        "{md}"
    );
}

/// A file in this test's own temporary folder.
fn temp_file(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("xinyong-cli-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn check_refuses_a_pack_file_out_of_bounds_at_once() {
    // Before: passed the lint, then `check` ran for minutes and answered "262142-12-31".
    let national = std::fs::read_to_string(format!(
        "{}/../../packs/national/pack.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replacen("id = \"national\"", "id = \"portal-slow\"", 1)
    .replace(
        "review_working_days = 10",
        "review_working_days = 4294967295",
    );
    let pack = temp_file("slow.toml", &national);
    let started = std::time::Instant::now();
    for args in [
        vec!["check", "-", "--pack-file", &pack],
        vec!["pack", "lint", &pack],
    ] {
        let o = xinyong(&args, Some(GOOD.as_bytes()));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty());
        let e = stderr(&o);
        assert!(
            e.contains("regimes[0].channels[0].review_working_days = 4294967295")
                && e.contains("应为 0 至 60")
                && e.contains("expected 0 to 60 working days"),
            "{e}"
        );
    }
    assert!(started.elapsed().as_secs() < 20);
}

#[test]
fn check_with_a_pack_file_says_custom_and_gives_the_file_hash() {
    let portal = r#"{"pack":{"id":"portal-hash","version":"1","zh":"门户","en":"Portal","base":"national","effective_from":"2020-01-01","basis":"测试依据"}}"#;
    let pack = temp_file("portal-hash.json", portal);
    let o = xinyong(&["check", "-", "--pack-file", &pack], Some(GOOD.as_bytes()));
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["pack"]["custom"], true);
    // `sha256sum portal-hash.json`
    assert_eq!(
        r["pack"]["sha256"],
        "fbb108e63bf30e90a1f5a8adb360982c638991ada7f409b7dfdd983a37a33ff5"
    );
    let o = xinyong(
        &["check", "-", "--pack-file", &pack, "--format", "text"],
        Some(GOOD.as_bytes()),
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("自定义规则包 Custom pack")
            && text.contains("fbb108e63bf30e90a1f5a8adb360982c638991ada7f409b7dfdd983a37a33ff5"),
        "{text}"
    );
    // A built-in pack's report has neither.
    let o = xinyong(&["check", "-"], Some(GOOD.as_bytes()));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(r["pack"].get("custom").is_none() && r["pack"].get("sha256").is_none());
}

#[test]
fn check_refuses_a_pack_file_with_a_builtin_id() {
    let forged = r#"{"pack":{"id":"national","version":"2026.11.1","zh":"x","en":"x","effective_from":"2020-01-01","basis":"b"}}"#;
    let pack = temp_file("forged.json", forged);
    let o = xinyong(&["check", "-", "--pack-file", &pack], Some(GOOD.as_bytes()));
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let e = stderr(&o);
    assert!(
        e.contains("pack.id = \"national\"")
            && e.contains("内置规则包")
            && e.contains("a portal's own pack cannot take it"),
        "{e}"
    );
}

#[test]
fn check_refuses_an_overlay_that_loosens_the_national_rules() {
    // Before: accepted, and a subject with penalties came out without any adverse record.
    let loose = r#"{"pack":{"id":"portal-loose","version":"1","zh":"门户","en":"Portal","base":"national","effective_from":"2020-01-01","basis":"测试依据"},
        "catalogue":[{"type":"administrative_penalty","zh":"行政处罚","en":"Administrative penalty","requires":["date","penalty"],"adverse":false,"basis":"门户","overrides":true}]}"#;
    let pack = temp_file("loose.json", loose);
    for args in [
        vec!["check", "-", "--pack-file", &pack],
        vec!["pack", "lint", &pack],
    ] {
        let o = xinyong(&args, Some(GOOD.as_bytes()));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = stderr(&o);
        assert!(
            e.contains("catalogue[0].adverse = false")
                && e.contains("放宽了基础规则包 national")
                && e.contains("loosens record type administrative_penalty of base pack national")
                && e.contains("loosens_national"),
            "{e}"
        );
    }
    // Naming the regional authority makes it a stated, reported override.
    let stated = loose.replace(
        r#""overrides":true"#,
        r#""overrides":true,"loosens_national":"某市信用条例第十条（测试）""#,
    );
    let pack = temp_file("stated.json", &stated);
    let lint = xinyong(&["pack", "lint", &pack], None);
    assert!(lint.status.success(), "{}", stderr(&lint));
    let out = String::from_utf8(lint.stdout).unwrap();
    assert!(
        out.contains("loosens_national") && out.contains("administrative_penalty"),
        "{out}"
    );
    let o = xinyong(&["check", "-", "--pack-file", &pack], Some(GOOD.as_bytes()));
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        r["warnings"][0]["id"],
        "loosens_national.administrative_penalty"
    );
    assert_eq!(r["warnings"][0]["basis"], "某市信用条例第十条（测试）");
}

#[test]
fn impossible_repair_exits_2() {
    // Repaired before the fine was paid: not a better answer, an error.
    let bad = GOOD.replace(
        r#""fulfilled_on":"2026-05-20""#,
        r#""fulfilled_on":"2026-09-20","repaired_on":"2026-08-20""#,
    );
    let o = xinyong(&["check", "-"], Some(bad.as_bytes()));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let e = stderr(&o);
    assert!(
        e.contains("records[0].repaired_on")
            && e.contains("2026-08-20")
            && e.contains("错误")
            && e.contains("error:"),
        "{e}"
    );
    // Inside the minimum period (Order 36, general: 3 months from 2026-05-06).
    let bad = GOOD.replace(
        r#""fulfilled_on":"2026-05-20""#,
        r#""fulfilled_on":"2026-05-20","repaired_on":"2026-07-01""#,
    );
    let o = xinyong(&["check", "-"], Some(bad.as_bytes()));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("records[0].repaired_on"),
        "{}",
        stderr(&o)
    );
}

/// No byte a subject file or a portal pack carries can act on the terminal: control characters
/// and bidi controls in names, record ids, field names and a pack's wording are escaped in
/// `--format text`, on stderr and in `pack lint`'s answer; JSON output stays JSON-escaped.
#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let raw = |b: &[u8]| b.contains(&0x1b) || b.contains(&0x07) || b.contains(&b'\r');
    let hostile = GOOD
        .replace(
            "\"甲\"",
            r#""甲\u001b[31m\u001b]0;pwned\u0007\r\n伪造的一行\u202e""#,
        )
        .replace("\"p1\"", r#""p1\u001b[2J""#);
    let o = xinyong(
        &["check", "-", "--format", "text"],
        Some(hostile.as_bytes()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(!raw(&o.stdout) && !t.contains('\u{202e}'), "{t}");
    assert!(
        t.contains(r"甲\u{1b}[31m\u{1b}]0;pwned\u{7}\u{d}\u{a}伪造的一行\u{202e}")
            && t.contains(r"p1\u{1b}[2J"),
        "{t}"
    );
    assert!(!t.contains("\n伪造的一行"), "{t}");
    // JSON output keeps JSON's escapes.
    let o = xinyong(&["check", "-"], Some(hostile.as_bytes()));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(j["subject"]["name"].as_str().unwrap().contains('\u{1b}'));
    assert!(!raw(&o.stdout));

    // stderr: a duplicate record id and an unknown field name carrying ESC sequences.
    let dup = GOOD.replace("\"p1\"", r#""p\u001b[2J""#).replace(
        "\"records\":[",
        r#""records":[{"id":"p\u001b[2J","type":"other","date":"2026-01-01"},"#,
    );
    let o = xinyong(&["check", "-"], Some(dup.as_bytes()));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        !raw(&o.stderr) && stderr(&o).contains(r#"= "p\u{1b}[2J""#),
        "{}",
        stderr(&o)
    );
    let field = GOOD.replace("\"industry\"", r#""indus\u001b[8mtry""#);
    let o = xinyong(&["check", "-"], Some(field.as_bytes()));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        !raw(&o.stderr) && stderr(&o).contains(r"indus\u{1b}[8mtry"),
        "{}",
        stderr(&o)
    );

    // A portal pack's own wording, in `pack lint` and in the text report.
    let dir = std::env::temp_dir().join(format!("xinyong-cli-esc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pack = dir.join("portal.json");
    std::fs::write(
        &pack,
        r#"{"pack":{"id":"portal-esc","version":"1\u001b[2J","zh":"门户","en":"Portal","base":"national","effective_from":"2020-01-01","basis":"测试依据"},
            "warnings":[{"id":"w.portal","zh":"门户\u001b[5m提示","en":"Portal warning","basis":"门户文件第1条","when":{"records":{"types":["administrative_penalty"]}}}]}"#,
    )
    .unwrap();
    let lint = xinyong(&["pack", "lint", pack.to_str().unwrap()], None);
    assert!(lint.status.success(), "{}", stderr(&lint));
    let said = String::from_utf8_lossy(&lint.stdout);
    assert!(!raw(&lint.stdout) && said.contains(r"1\u{1b}[2J"), "{said}");
    let o = xinyong(
        &[
            "check",
            "-",
            "--pack-file",
            pack.to_str().unwrap(),
            "--format",
            "text",
        ],
        Some(GOOD.as_bytes()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(!raw(&o.stdout) && t.contains(r"门户\u{1b}[5m提示"), "{t}");
    let o = xinyong(&["pack", "doc", pack.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = String::from_utf8_lossy(&o.stdout);
    assert!(
        !raw(&o.stdout) && doc.contains(r"门户\u{1b}[5m提示"),
        "{doc}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// clap's own refusals are bilingual and exit 2 like every usage error.
#[test]
fn usage_errors_are_bilingual_with_exit_2() {
    let g = golden("01-contract-example");
    for (args, zh, en) in [
        (
            vec!["check", g.as_str(), "--format", "bogus"],
            "取值“bogus”无效（可用取值：json、text）",
            "invalid value 'bogus' for '--format",
        ),
        (
            vec!["check", g.as_str(), "--as-of"],
            "参数 --as-of <YYYY-MM-DD> 缺少取值",
            "a value is required for '--as-of",
        ),
        (
            vec!["check", g.as_str(), "--frob"],
            "未知参数“--frob”",
            "unexpected argument '--frob'",
        ),
        (
            vec![
                "check",
                g.as_str(),
                "--pack",
                "national",
                "--pack-file",
                "x.json",
            ],
            "不能与",
            "cannot be used with",
        ),
        (
            vec!["chek", g.as_str()],
            "未知子命令“chek”。是否想写“check”？",
            "unrecognized subcommand 'chek'",
        ),
        (
            vec!["batch", "x.csv"],
            "缺少必需的参数 --out",
            "required arguments were not provided",
        ),
    ] {
        let o = xinyong(&args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = stderr(&o);
        assert!(
            e.starts_with("错误：") && e.contains(zh) && e.contains(en),
            "{args:?}: {e}"
        );
        assert!(o.stdout.is_empty());
    }
    // Help stays clap's, on stdout, exit 0.
    let o = xinyong(&["check", "--help"], None);
    assert!(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("--format"));
}

/// An error about a person's id names the part that is wrong and never quotes its digits:
/// with the masked form (first 4, last 2) the birth date would give away 14 of 18 characters.
#[test]
fn id_errors_never_quote_the_ids_digits() {
    for (id, zh) in [
        ("\"110105199902310021\"", "出生日期部分不是有效日期"),
        ("\"110105194912310021\"", "校验位不符"),
        ("110105199902310021", "应为 字符串"),
    ] {
        let input = format!(
            r#"{{"as_of":"2026-11-22","subject":{{"kind":"person","id":{id},"name":"乙","industry":"driver"}},"records":[]}}"#
        );
        let o = xinyong(&["check", "-"], Some(input.as_bytes()));
        assert_eq!(o.status.code(), Some(2));
        let e = stderr(&o);
        assert!(e.contains(zh) && e.contains("1101************"), "{e}");
        for secret in ["19990231", "0105199902", "19491231", "010519491231"] {
            assert!(!e.contains(secret), "{secret} in {e}");
        }
    }
}

/// `--format text --lang en` speaks English: every sentence the report carries in both
/// languages (conditions, notes, measures, warnings, ignored records, documents, the
/// inspection regime) is shown in English and not in Chinese; `--lang zh` the other way round;
/// the default shows both. Before, notes, conditions, measures and warnings printed Chinese only.
#[test]
fn text_format_lang_en_zh_both() {
    for g in [
        "01-contract-example",
        "07-fine-unpaid-conditions-unmet",
        "12-license-revocation-serious-direct-d",
        "28-list-removed",
        "27-list-active-unmet",
        "41-driver-19-A",
    ] {
        let json = xinyong(&["check", &golden(g)], None);
        assert!(json.status.success(), "{g}: {}", stderr(&json));
        let r: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let mut pairs: Vec<(String, String)> = Vec::new();
        fn add(pairs: &mut Vec<(String, String)>, v: &serde_json::Value, zh: &str, en: &str) {
            let (z, e) = (v[zh].as_str().unwrap_or(""), v[en].as_str().unwrap_or(""));
            if !z.is_empty() && !e.is_empty() && z != e {
                pairs.push((z.to_string(), e.to_string()));
            }
        }
        let list = |v: &serde_json::Value| v.as_array().cloned().unwrap_or_default();
        for p in list(&r["repairs"]) {
            for n in list(&p["notes"]).iter().chain(&list(&p["conditions"])) {
                add(&mut pairs, n, "zh", "en");
            }
            let docs: Vec<String> = list(&p["documents"])
                .iter()
                .map(|d| d.as_str().unwrap().to_string())
                .collect();
            let docs_en: Vec<String> = list(&p["documents_en"])
                .iter()
                .map(|d| d.as_str().unwrap().to_string())
                .collect();
            for (z, e) in docs.iter().zip(&docs_en) {
                pairs.push((z.clone(), e.clone()));
            }
        }
        for w in list(&r["warnings"])
            .iter()
            .chain(&list(&r["measures"]["incentives"]))
            .chain(&list(&r["measures"]["restrictions"]))
        {
            add(&mut pairs, w, "zh", "en");
        }
        for i in list(&r["ignored"]) {
            add(&mut pairs, &i, "reason", "reason_en");
        }
        add(&mut pairs, &r["supervision"], "inspection", "inspection_en");
        assert!(!pairs.is_empty(), "{g}: nothing to compare");
        let text = |lang: Option<&str>| {
            let mut args = vec!["check", &golden(g), "--format", "text"]
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>();
            if let Some(l) = lang {
                args.extend(["--lang".into(), l.into()]);
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = xinyong(&args, None);
            assert!(o.status.success(), "{g}: {}", stderr(&o));
            String::from_utf8(o.stdout).unwrap()
        };
        let (en, zh, both) = (text(Some("en")), text(Some("zh")), text(None));
        assert_eq!(both, text(Some("both")), "{g}: both is the default");
        // Legal citations stay Chinese in every language (they may quote a sentence shown).
        let cited = |t: &str| {
            t.lines()
                .filter(|l| !l.contains("basis: "))
                .collect::<Vec<_>>()
                .join("\n")
        };
        for (z, e) in &pairs {
            assert!(
                en.contains(e.as_str()),
                "{g}: English missing {e:?} in\n{en}"
            );
            assert!(
                !cited(&en).contains(z.as_str()),
                "{g}: Chinese {z:?} in the English text\n{en}"
            );
            assert!(
                zh.contains(z.as_str()),
                "{g}: Chinese missing {z:?} in\n{zh}"
            );
            assert!(
                !zh.contains(e.as_str()),
                "{g}: English {e:?} in the Chinese text\n{zh}"
            );
            assert!(
                both.contains(z.as_str()) && both.contains(e.as_str()),
                "{g}: {z:?} / {e:?} in\n{both}"
            );
        }
        // The labels follow the language too.
        assert!(
            en.starts_with("Credit self-check report") && en.contains("■ Repair"),
            "{en}"
        );
        assert!(
            zh.starts_with("信用自查报告 —") && !zh.contains("Credit grade"),
            "{zh}"
        );
    }
    // A language the text report does not have is refused, naming the values it takes.
    let o = xinyong(
        &[
            "check",
            &golden("01-contract-example"),
            "--format",
            "text",
            "--lang",
            "fr",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--lang") && stderr(&o).contains("en"),
        "{}",
        stderr(&o)
    );
}

/// `xinyong batch` on golden subjects 59 and 89 (Lianyungang), whose grade in force is assumed:
/// a scheme they may use on that grade is written 有条件（见明细） / conditional (see details),
/// the details say on what grade and what to check, and the JSONL summary names the schemes
/// (before: a plain 是 / yes, which a clerk reads as unconditional).
#[test]
fn batch_exports_write_a_conditional_eligibility_as_conditional() {
    let line = |name: &str, id: &str| {
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(golden(name)).unwrap()).unwrap();
        v["subject"]["id"] = id.into();
        serde_json::to_string(&v).unwrap()
    };
    let jsonl = format!(
        "{}\n{}\n",
        line(
            "59-lianyungang-incomplete-acceptance-needs-good-credit",
            "91350200MA2Y4K7N0A"
        ),
        line("89-lianyungang-first-minor-history", "91350203MA31XQ8E2A")
    );
    let input = temp_file("conditional.jsonl", &jsonl);
    let dir = std::path::Path::new(&input).parent().unwrap().to_path_buf();
    // The cells of each summary row under the scheme columns, by scheme id.
    let cells = |lang: &str| -> Vec<Vec<(String, String)>> {
        let out = dir.join(format!("conditional-{lang}.csv"));
        let out = out.to_str().unwrap();
        let o = xinyong(&["batch", &input, "--out", out, "--lang", lang], None);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = std::fs::read_to_string(out).unwrap();
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
        lines
            .map(|l| {
                header
                    .iter()
                    .zip(l.split(','))
                    .filter_map(|(h, v)| {
                        let id = h.rsplit_once('(')?.1.strip_suffix(')')?;
                        [
                            "certification_notice",
                            "license_notice",
                            "incomplete_acceptance",
                            "bulk_oversize_permit",
                            "first_minor_leniency",
                            "green_channel",
                        ]
                        .contains(&id)
                        .then(|| (id.to_string(), v.to_string()))
                    })
                    .collect()
            })
            .collect()
    };
    let get = |row: &[(String, String)], id: &str| {
        row.iter()
            .find(|(s, _)| s == id)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let zh = cells("zh");
    assert_eq!(get(&zh[0], "bulk_oversize_permit"), "有条件（见明细）");
    assert_eq!(get(&zh[0], "certification_notice"), "是");
    assert_eq!(get(&zh[0], "incomplete_acceptance"), "否");
    assert_eq!(get(&zh[1], "incomplete_acceptance"), "有条件（见明细）");
    assert_eq!(get(&zh[1], "green_channel"), "有条件（见明细）");
    assert_eq!(get(&zh[1], "license_notice"), "是");
    let en = cells("en");
    assert_eq!(
        get(&en[0], "bulk_oversize_permit"),
        "conditional (see details)"
    );
    assert_eq!(get(&en[1], "green_channel"), "conditional (see details)");
    assert_eq!(get(&en[1], "license_notice"), "yes");
    let details = std::fs::read_to_string(dir.join("conditional-zh.details.csv")).unwrap();
    assert!(
        details.lines().any(|l| l.contains(",green_channel,")
            && l.contains("有条件：以信用等级 AA 为前提")
            && l.contains("请核对是否已有正式评价结果")),
        "{details}"
    );
    let out = dir.join("conditional-out.jsonl");
    let o = xinyong(&["batch", &input, "--out", out.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let second: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&out)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        second["summary"]["conditional"],
        serde_json::json!(["incomplete_acceptance", "green_channel"])
    );
}
