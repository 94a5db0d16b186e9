//! A portal's own pack is untrusted input (issue 18, "Packs"): every number has a documented
//! range, no date leaves `YYYY-MM-DD`, an overlay cannot quietly loosen the national rules, and
//! a loaded pack cannot pass for a built-in one. Each hostile pack is generated here from the
//! shipped ones by a small edit.

use chrono::NaiveDate;
use xinyong_core::pack::{load_custom, Format};
use xinyong_core::{evaluate_json, Options, PackChoice, Problems};
use xinyong_model::Report;

const NATIONAL: &str = include_str!("../../../packs/national/pack.toml");
const CALENDAR: &str = include_str!("../../../packs/national/calendar.toml");

/// The national pack as a portal's own stand-alone pack (its own id), with `from` replaced by
/// `to` everywhere (`n` places: the edit must hit exactly that many).
fn national_with(from: &str, to: &str, n: usize) -> String {
    let t = NATIONAL.replacen("id = \"national\"", "id = \"portal-full\"", 1);
    assert_eq!(t.matches(from).count(), n, "edit anchor count: {from}");
    t.replace(from, to)
}

fn errors(text: &str) -> Problems {
    match load_custom(text, Format::Toml) {
        Ok(p) => panic!("pack {} accepted", p.meta.id),
        Err(e) => e,
    }
}

/// A problem at exactly `path`, with `value`, whose English says `en`; and a Chinese text.
fn has(e: &Problems, path: &str, value: &str, en: &str) {
    assert!(
        e.0.iter().any(|p| p.path == path
            && p.value.as_deref() == Some(value)
            && p.en.contains(en)
            && !p.zh.is_empty()),
        "no `{en}` at `{path}` = {value} in:\n{e}"
    );
}

fn report(pack: &xinyong_core::pack::Pack, input: &str) -> Report {
    let opts = Options {
        pack: PackChoice::Custom(pack),
        ..Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    };
    evaluate_json(input, &opts).unwrap_or_else(|e| panic!("{e}"))
}

/// Every `"YYYY…-MM-DD"` in the report has a four-digit year.
fn assert_four_digit_years(json: &str) {
    let bytes = json.as_bytes();
    for (i, w) in bytes.windows(2).enumerate() {
        if w[0] == b'"' && w[1].is_ascii_digit() {
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let after = bytes.get(i + 1 + digits);
            if after == Some(&b'-') {
                assert_eq!(digits, 4, "date with a {digits}-digit year in:\n{json}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Bounds
// ---------------------------------------------------------------------------------------------

#[test]
fn review_working_days_beyond_60_are_refused_by_the_loader() {
    let e = errors(&national_with(
        "review_working_days = 10",
        "review_working_days = 4294967295",
        5,
    ));
    has(
        &e,
        "regimes[0].channels[0].review_working_days",
        "4294967295",
        "out of range: expected 0 to 60 working days",
    );
    has(
        &e,
        "regimes[2].channels[1].review_working_days",
        "4294967295",
        "expected 0 to 60",
    );
    let e = errors(&national_with(
        "sync_working_days = 3",
        "sync_working_days = 61",
        5,
    ));
    has(
        &e,
        "regimes[1].channels[0].sync_working_days",
        "61",
        "expected 0 to 60 working days",
    );
}

#[test]
fn publicity_months_beyond_120_are_refused() {
    let e = errors(&national_with("max_months = 36", "max_months = 120000", 5));
    has(
        &e,
        "regimes[0].tiers.serious.max_months",
        "120000",
        "out of range: expected 0 to 120 months",
    );
    let e = errors(&national_with("min_months = 12\n", "min_months = 121\n", 2));
    has(
        &e,
        "regimes[1].field_min[0].min_months",
        "121",
        "expected 0 to 120 months",
    );
    let e = errors(&national_with("window_months = 12", "window_months = 0", 6));
    has(
        &e,
        "grade_schemes[0].window_months",
        "0",
        "expected 1 to 120 months",
    );
}

#[test]
fn toml_nan_and_inf_are_refused_not_dropped() {
    // `points = nan` became JSON null, so DRV-20 had no points and a 20-point violation
    // scored 1 (the rule's own points).
    let e = errors(&national_with("points = 20\n", "points = nan\n", 4));
    has(&e, "behaviours[0].points", "NaN", "not a finite number");
    let e = errors(&national_with("points = -5\n", "points = -inf\n", 6));
    has(
        &e,
        "grade_schemes[0].items[1].points",
        "-inf",
        "not a finite number",
    );
}

#[test]
fn huge_or_negative_points_and_scores_are_refused() {
    let e = errors(&national_with("points = 20\n", "points = 1e308\n", 4));
    has(
        &e,
        "behaviours[0].points",
        "1e308",
        "out of range: expected 0 to 1000 points",
    );
    let e = errors(&national_with("points = -5\n", "points = -1e9\n", 6));
    has(
        &e,
        "grade_schemes[0].items[1].points",
        "-1000000000",
        "expected -1000 to 1000 points",
    );
    let e = errors(&national_with("cap = 5\n", "cap = 1e300\n", 3));
    has(
        &e,
        "grade_schemes[0].items[2].cap",
        "1e300",
        "expected 0 to 10000",
    );
    let e = errors(&national_with("base = 100\n", "base = 100000000\n", 3));
    has(
        &e,
        "grade_schemes[0].base",
        "100000000",
        "expected -10000 to 10000",
    );
}

#[test]
fn test_numbers_inside_when_are_bounded() {
    let e = errors(&national_with(
        "within_months = 36",
        "within_months = 100000",
        1,
    ));
    assert!(
        e.0.iter().any(|p| p.path.ends_with(".within_months")
            && p.value.as_deref() == Some("100000")
            && p.en.contains("expected 1 to 120 months")),
        "{e}"
    );
}

#[test]
fn dates_outside_1990_2100_are_refused() {
    let e = errors(&national_with(
        "from = \"2026-04-01\"",
        "from = \"2999-04-01\"",
        1,
    ));
    has(
        &e,
        "regimes[2].from",
        "2999-04-01",
        "expected a day from 1990-01-01 to 2100-12-31",
    );
}

fn with_calendar(calendar: &str) -> String {
    format!(
        "{}\n{calendar}",
        NATIONAL.replacen("id = \"national\"", "id = \"portal-full\"", 1)
    )
}

#[test]
fn calendar_year_outside_1990_2100_is_refused() {
    let e = errors(&with_calendar(&CALENDAR.replacen(
        "year = 2026",
        "year = 99999",
        1,
    )));
    has(
        &e,
        "calendar.years[5].year",
        "99999",
        "out of range: expected 1990 to 2100",
    );
}

/// A calendar year in TOML with the given holidays and no make-up days.
fn one_year(year: i32, holidays: &[NaiveDate]) -> String {
    let list: Vec<String> = holidays.iter().map(|d| format!("\"{d}\"")).collect();
    format!(
        "[calendar]\nid = \"c\"\nzh = \"c\"\nen = \"c\"\n\n[[calendar.years]]\nyear = {year}\nbasis = \"b\"\nholidays = [{}]\nworkdays = []\n",
        list.join(", ")
    )
}

#[test]
fn a_calendar_where_every_weekday_is_a_holiday_is_refused() {
    use chrono::Datelike;
    let weekdays: Vec<NaiveDate> = NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .iter_days()
        .take_while(|d| d.year() == 2026)
        .filter(|d| d.weekday().number_from_monday() <= 5)
        .collect();
    let e = errors(&with_calendar(&one_year(2026, &weekdays)));
    has(
        &e,
        "calendar.years[0].holidays",
        "261",
        "at most 60 holidays a year",
    );
    has(
        &e,
        "calendar.years[0].holidays",
        "2026-01-01 – 2026-12-31 (365)",
        "365 consecutive days without a working day",
    );
}

#[test]
fn a_three_week_holiday_is_refused_a_real_spring_festival_is_not() {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let three_weeks: Vec<NaiveDate> = d(3, 2).iter_days().take(19).collect();
    let e = errors(&with_calendar(&one_year(2026, &three_weeks)));
    has(
        &e,
        "calendar.years[0].holidays",
        "2026-02-28 – 2026-03-22 (23)",
        "23 consecutive days without a working day (at most 14",
    );
    // 2026's Spring Festival (Feb 15–23, nine days) is the longest real run: accepted.
    let spring: Vec<NaiveDate> = d(2, 15).iter_days().take(9).collect();
    load_custom(&with_calendar(&one_year(2026, &spring)), Format::Toml)
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn late_inputs_never_give_a_five_digit_year() {
    // Before: "eligible_from": "10000-12-20", "publicity_max_end": "10002-12-01"; then dates
    // saturated at 9999-12-31 ("repairable from 9999-12-31"). A check date past the last year any
    // pack covers is now refused.
    let at = |as_of: &str, date: &str| {
        format!(
            r#"{{ "as_of": "{as_of}",
      "subject": {{ "kind": "enterprise", "id": "91350200MA2Y4K7N0A", "name": "示例", "industry": "highway_construction" }},
      "records": [ {{ "id": "p1", "type": "administrative_penalty", "date": "{date}", "penalty": "fine",
                     "severity": "serious", "authority": "A" }} ] }}"#
        )
    };
    let opts = Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let e = evaluate_json(&at("9999-12-20", "9999-12-01"), &opts).unwrap_err();
    assert!(
        e.0.iter()
            .any(|p| p.path == "as_of" && p.en.contains("at most 2100-12-31")),
        "{e}"
    );
    // The last day answered: its dates run past 2100 with four digits, and the record is in
    // its minimum period — never better news.
    let r = evaluate_json(&at("2100-12-31", "2100-12-01"), &opts).unwrap_or_else(|e| panic!("{e}"));
    let json = serde_json::to_string_pretty(&r).unwrap();
    assert_four_digit_years(&json);
    let repair = &r.repairs[0];
    assert!(repair.publicity_max_end.unwrap().to_string().as_str() > "2101-");
    assert_eq!(repair.status.as_str(), "in_min_period");
    assert!(r.commitments.iter().all(|c| !c.eligible));
}

#[test]
fn shipped_pack_numbers_are_within_bounds() {
    // A portal pack that copies the national rules as they are passes the bounds.
    let p = load_custom(&with_calendar(CALENDAR), Format::Toml).unwrap_or_else(|e| panic!("{e}"));
    let r = report(
        &p,
        r#"{ "as_of": "2026-11-22", "subject": { "kind": "enterprise", "id": "91350200MA2Y4K7N0A", "name": "示例", "industry": "highway_construction" }, "records": [] }"#,
    );
    assert_eq!(r.pack.id, "portal-full");
}

// ---------------------------------------------------------------------------------------------
// Built-in ids; custom packs named in the report
// ---------------------------------------------------------------------------------------------

#[test]
fn a_loaded_pack_cannot_take_a_builtin_id() {
    // The national rules with serious records unpublished, under the national id: before, the
    // report said `pack: national 2026.11.1`, exactly like the built-in pack.
    let forged = NATIONAL.replace(
        "[regimes.tiers.serious]\npublished = true",
        "[regimes.tiers.serious]\npublished = false",
    );
    let e = errors(&forged);
    has(
        &e,
        "pack.id",
        "\"national\"",
        "national is the id of a pack shipped with xinyong",
    );
    assert!(e.0[0].zh.contains("内置规则包"), "{e}");
    // Any shipped id, embedded or not, and for an overlay as much as a base pack.
    let overlay = r#"{"pack":{"id":"fujian-xiamen","version":"9","zh":"x","en":"x","base":"national","effective_from":"2020-01-01","basis":"b"}}"#;
    let e = match load_custom(overlay, Format::Json) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    };
    has(&e, "pack.id", "\"fujian-xiamen\"", "shipped with xinyong");
    // The id problem comes with the pack's other problems, not instead of them.
    let e = errors(&NATIONAL.replace("review_working_days = 10", "review_working_days = 99"));
    has(&e, "pack.id", "\"national\"", "shipped with xinyong");
    has(
        &e,
        "regimes[0].channels[0].review_working_days",
        "99",
        "expected 0 to 60",
    );
}

const PORTAL: &str = r#"{"pack":{"id":"portal-hash","version":"1","zh":"门户","en":"Portal","base":"national","effective_from":"2020-01-01","basis":"测试依据"}}"#;
/// `printf '%s' "$PORTAL" | sha256sum`
const PORTAL_SHA256: &str = "fbb108e63bf30e90a1f5a8adb360982c638991ada7f409b7dfdd983a37a33ff5";

#[test]
fn a_custom_pack_report_says_custom_and_gives_its_hash() {
    let p = load_custom(PORTAL, Format::Json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.custom_sha256.as_deref(), Some(PORTAL_SHA256));
    let input = r#"{ "as_of": "2026-11-22", "subject": { "kind": "enterprise", "id": "91350200MA2Y4K7N0A", "name": "示例", "industry": "highway_construction" }, "records": [] }"#;
    let r = report(&p, input);
    assert!(r.pack.custom);
    assert_eq!(r.pack.sha256.as_deref(), Some(PORTAL_SHA256));
    // Both writers (serde for the CLI, the engine's own for the browser) say so, and the
    // engine's reader reads it back.
    let serde = serde_json::to_string(&r).unwrap();
    let own = xinyong_core::json_write::to_json(&r);
    assert_eq!(serde, own);
    assert!(
        own.contains(&format!(
            r#""pack":{{"id":"portal-hash","version":"1","base":"national","custom":true,"sha256":"{PORTAL_SHA256}","zh":"门户","en":"Portal"}}"#
        )),
        "{own}"
    );
    assert_eq!(xinyong_core::input::report_from_json(&own).unwrap(), r);
    // A shipped pack's report has neither field.
    let shipped = evaluate_json(
        input,
        &Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
    )
    .unwrap();
    assert!(!shipped.pack.custom && shipped.pack.sha256.is_none());
    let text = xinyong_core::json_write::to_json(&shipped);
    assert!(
        !text.contains("\"custom\"") && !text.contains("sha256"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Loosening the national rules
// ---------------------------------------------------------------------------------------------

const OVERLAY_HEAD: &str = r#"[pack]
id = "portal-loose"
version = "1"
zh = "门户规则包"
en = "Portal pack"
base = "national"
effective_from = "2020-01-01"
basis = "测试"
"#;

/// National's Order 36 regime block, to override in an overlay.
fn order36() -> String {
    let start = NATIONAL
        .find("[[regimes]]\nid = \"repair.order36\"")
        .unwrap();
    let len = NATIONAL[start..].find("\n# ----").unwrap();
    NATIONAL[start..start + len].replacen(
        "id = \"repair.order36\"\n",
        "id = \"repair.order36\"\noverrides = true\n",
        1,
    )
}

const PENALISED: &str = r#"{ "as_of": "2026-11-22",
  "subject": { "kind": "enterprise", "id": "91350200MA2Y4K7N0A", "name": "示例", "industry": "highway_construction" },
  "records": [ { "id": "p1", "type": "administrative_penalty", "date": "2026-05-06", "penalty": "license_revocation",
                 "severity": "serious", "authority": "某局", "fulfilled_on": "2026-05-20" } ] }"#;

fn unpublish_all() -> String {
    format!(
        "{OVERLAY_HEAD}\n{}",
        order36().replace("published = true", "published = false")
    )
}

const NOT_ADVERSE: &str = r#"
[[catalogue]]
type = "administrative_penalty"
zh = "行政处罚"
en = "Administrative penalty"
requires = ["date", "penalty"]
adverse = false
basis = "门户"
overrides = true
"#;

#[test]
fn an_overlay_cannot_unpublish_what_the_national_rules_publish() {
    let e = errors(&unpublish_all());
    for t in ["general", "serious"] {
        has(
            &e,
            &format!("regimes[0].tiers.{t}.published"),
            "false",
            &format!("loosens publicity/repair rules repair.order36 (on 2026-04-01) of base pack national: the base publishes {t} records, this pack does not; if a regional document allows it, name it on the rule: loosens_national"),
        );
    }
    assert!(e.0.iter().all(|p| p.zh.contains("loosens_national")), "{e}");
}

#[test]
fn an_overlay_cannot_declare_penalties_non_adverse() {
    let e = errors(&format!("{OVERLAY_HEAD}{NOT_ADVERSE}"));
    has(
        &e,
        "catalogue[0].adverse",
        "false",
        "loosens record type administrative_penalty of base pack national: the base treats it as adverse",
    );
    // Nor drop the type altogether (its records would be ignored).
    let e = errors(&format!(
        "remove = [\"administrative_penalty\"]\n{OVERLAY_HEAD}"
    ));
    has(
        &e,
        "remove[0]",
        "\"administrative_penalty\"",
        "the adverse record type administrative_penalty of base pack national is missing",
    );
}

#[test]
fn publicity_minimums_default_tiers_and_conditions_cannot_be_lowered() {
    let o = order36();
    let lowered = o.replacen("min_months = 12", "min_months = 1", 1).replacen(
        "license_revocation = \"serious\"",
        "license_revocation = \"minor\"",
        1,
    );
    let e = errors(&format!("{OVERLAY_HEAD}\n{lowered}"));
    has(
        &e,
        "regimes[0].tiers.serious.min_months",
        "1",
        "serious records: minimum publicity period 1 months, shorter than the base's 12",
    );
    has(
        &e,
        "regimes[0].default_tier.license_revocation",
        "\"minor\"",
        "default tier of license_revocation below the base's serious",
    );
    // Dropping the "obligations performed" condition would make unpaid fines repairable.
    let start = o
        .find("[[regimes.conditions]]\nid = \"repair.order36.performed\"")
        .unwrap();
    let end = start + o[start..].find("\n\n").unwrap();
    let dropped = format!("{}{}", &o[..start], &o[end + 2..]);
    let e = errors(&format!("{OVERLAY_HEAD}\n{dropped}"));
    has(
        &e,
        "regimes[0].conditions",
        "\"repair.order36.performed\"",
        "repair condition repair.order36.performed",
    );
    // A new regime of its own, from a later day, is held to the national one it supersedes.
    let own = unpublish_all()
        .replacen(
            "id = \"repair.order36\"\noverrides = true\n",
            "id = \"portal.repair\"\n",
            1,
        )
        .replacen("from = \"2026-04-01\"", "from = \"2026-06-01\"", 1)
        .replace("repair.order36.", "portal.repair.")
        .replace("channel.order36.", "portal.channel.")
        .replace("note.order36.", "portal.note.");
    let e = errors(&own);
    has(
        &e,
        "regimes[0].tiers.serious.published",
        "false",
        "loosens publicity/repair rules repair.order36 (on 2026-06-01) of base pack national",
    );
}

#[test]
fn commitment_schemes_keep_the_42_exclusions() {
    let start = NATIONAL
        .find("[[commitment_schemes]]\nid = \"certification_notice\"")
        .unwrap();
    let end = start
        + NATIONAL[start..]
            .find("[[commitment_schemes.exclusions]]")
            .unwrap();
    let scope = start
        + NATIONAL[start..]
            .find("[[commitment_schemes.scope_exclusions]]")
            .unwrap();
    let scope_end = scope + NATIONAL[scope..].find("\n\n").unwrap();
    // The scheme and its scope exclusion, without its two exclusions.
    let scheme = format!(
        "{}exclusions = []\noverrides = true\n\n{}",
        &NATIONAL[start..end],
        &NATIONAL[scope..scope_end]
    );
    let e = errors(&format!("{OVERLAY_HEAD}\n{scheme}\n"));
    has(
        &e,
        "commitment_schemes[0].exclusions",
        "\"cn.excl.serious_record\"",
        "loosens commitment scheme certification_notice of base pack national: exclusion cn.excl.serious_record",
    );
    has(
        &e,
        "commitment_schemes[0].exclusions",
        "\"cn.excl.false_commitment\"",
        "exclusion cn.excl.false_commitment",
    );
}

#[test]
fn a_pack_without_a_base_is_held_to_the_national_rules() {
    let e = errors(&national_with(
        "[regimes.tiers.general]\npublished = true\nmin_months = 3\nmax_months = 12",
        "[regimes.tiers.general]\npublished = true\nmin_months = 1\nmax_months = 12",
        2,
    ));
    has(
        &e,
        "regimes[2].tiers.general.min_months",
        "1",
        "loosens publicity/repair rules repair.order36 (on 2026-04-01) of base pack national: general records: minimum publicity period 1 months, shorter than the base's 3",
    );
    // And a behaviour scoring less than the national table.
    let e = errors(&national_with("points = 20\n", "points = 2\n", 4));
    has(
        &e,
        "behaviours[0].points",
        "2",
        "loosens behaviour code DRV-20 of base pack national: fewer points than the base's 20",
    );
}

#[test]
fn tightening_needs_no_authority() {
    let stricter = order36()
        .replacen("min_months = 12", "min_months = 24", 1)
        .replacen("fine = \"general\"", "fine = \"serious\"", 1);
    load_custom(&format!("{OVERLAY_HEAD}\n{stricter}"), Format::Toml)
        .unwrap_or_else(|e| panic!("{e}"));
}

const AUTHORITY: &str = "某市社会信用条例 第十条（测试）";

#[test]
fn loosening_with_its_authority_is_accepted_and_every_report_says_so() {
    let text = format!(
        "{OVERLAY_HEAD}{}\n{}",
        NOT_ADVERSE.replacen(
            "overrides = true",
            &format!("overrides = true\nloosens_national = \"{AUTHORITY}\""),
            1
        ),
        &unpublish_all().replacen(
            "overrides = true\n",
            &format!("overrides = true\nloosens_national = \"{AUTHORITY}\"\n"),
            1
        )[OVERLAY_HEAD.len()..]
    );
    let p = load_custom(&text, Format::Toml).unwrap_or_else(|e| panic!("{e}"));
    let page = xinyong_core::pack::doc::markdown(
        &p,
        Some(xinyong_core::pack::builtin("national").unwrap()),
    );
    assert!(
        page.contains("Loosened national rules")
            && page.contains(&format!("| `repair.order36` | {AUTHORITY} |")),
        "{page}"
    );
    let r = report(&p, PENALISED);
    let ids: Vec<&str> = r.warnings.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(
        &ids[..2],
        [
            "loosens_national.repair.order36",
            "loosens_national.administrative_penalty"
        ],
        "{ids:?}"
    );
    for w in &r.warnings[..2] {
        assert_eq!(w.basis, AUTHORITY);
        assert!(
            w.zh.contains("比全国规则宽松") && w.zh.contains(AUTHORITY),
            "{}",
            w.zh
        );
        assert!(w.en.contains("looser than the national rules"), "{}", w.en);
    }
    // Before Order 36 is in force the regime warning is not given (its rules do not apply).
    let early = PENALISED
        .replace("\"as_of\": \"2026-11-22\"", "\"as_of\": \"2026-03-31\"")
        .replace("2026-05-", "2026-01-");
    let r = report(&p, &early);
    assert!(r
        .warnings
        .iter()
        .all(|w| w.id != "loosens_national.repair.order36"));
    assert!(r
        .warnings
        .iter()
        .any(|w| w.id == "loosens_national.administrative_penalty"));
}

#[test]
fn loosens_national_must_be_true_and_name_a_document() {
    let needless = format!(
        "{OVERLAY_HEAD}\n{}",
        order36().replacen(
            "overrides = true\n",
            "overrides = true\nloosens_national = \"某文件\"\n",
            1
        )
    );
    let e = errors(&needless);
    assert!(
        e.0.iter().any(|p| p.path == "regimes[0].loosens_national"
            && p.en
                .contains("this rule loosens nothing of base pack national")),
        "{e}"
    );
    let blank = unpublish_all().replacen(
        "overrides = true\n",
        "overrides = true\nloosens_national = \" \"\n",
        1,
    );
    let e = errors(&blank);
    assert!(
        e.0.iter().any(|p| p.path == "regimes[0].loosens_national"
            && p.en.contains("must name the regional document")),
        "{e}"
    );
    has(&e, "regimes[0].tiers.general.published", "false", "loosens");
}
