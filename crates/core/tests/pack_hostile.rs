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
    let e = errors(&national_with("window_months = 12", "window_months = 0", 5));
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
    let e = errors(&national_with("points = 20\n", "points = nan\n", 2));
    has(&e, "behaviours[0].points", "NaN", "not a finite number");
    let e = errors(&national_with("points = -5\n", "points = -inf\n", 5));
    has(
        &e,
        "grade_schemes[0].items[1].points",
        "-inf",
        "not a finite number",
    );
}

#[test]
fn huge_or_negative_points_and_scores_are_refused() {
    let e = errors(&national_with("points = 20\n", "points = 1e308\n", 2));
    has(
        &e,
        "behaviours[0].points",
        "1e308",
        "out of range: expected 0 to 1000 points",
    );
    let e = errors(&national_with("points = -5\n", "points = -1e9\n", 5));
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
    // Before: "eligible_from": "10000-12-20", "publicity_max_end": "10002-12-01".
    let input = r#"{ "as_of": "9999-12-20",
      "subject": { "kind": "enterprise", "id": "91350200MA2Y4K7N0A", "name": "示例", "industry": "highway_construction" },
      "records": [ { "id": "p1", "type": "administrative_penalty", "date": "9999-12-01", "penalty": "fine",
                     "severity": "serious", "authority": "A" } ] }"#;
    let r = evaluate_json(
        input,
        &Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let json = serde_json::to_string_pretty(&r).unwrap();
    assert_four_digit_years(&json);
    let repair = &r.repairs[0];
    assert_eq!(repair.publicity_max_end.unwrap().to_string(), "9999-12-31");
    // Saturated, the record is still in its minimum period: never better news.
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
            r#""pack":{{"id":"portal-hash","version":"1","base":"national","custom":true,"sha256":"{PORTAL_SHA256}"}}"#
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
