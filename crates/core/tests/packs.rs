//! Malformed and hostile packs: each gives an error naming the path inside the pack.

use xinyong_core::pack::{self, builtin, load_custom, parse_pack, Format};
use xinyong_core::Problems;
use xinyong_model::{PenaltyKind, Tier};

const NATIONAL: &str = include_str!("../../../packs/national/pack.toml");

fn lint_err(text: &str, format: Format) -> Problems {
    match load_custom(text, format) {
        Ok(p) => panic!("pack {} accepted", p.meta.id),
        Err(e) => e,
    }
}

fn has(e: &Problems, path: &str, en: &str) {
    assert!(
        e.0.iter()
            .any(|p| p.path.contains(path) && p.en.contains(en)),
        "no `{en}` at `{path}` in:\n{e}"
    );
}

/// The national pack with one textual edit, as a stand-alone pack.
fn national_with(from: &str, to: &str) -> String {
    assert!(NATIONAL.contains(from), "edit anchor missing: {from}");
    NATIONAL.replacen(from, to, 1)
}

#[test]
fn builtin_packs_load() {
    let n = builtin("national").unwrap();
    assert!(n.rules.regimes.len() >= 3);
    assert!(n.calendar.covers(2026));
}

#[test]
fn band_gap_is_named() {
    let e = lint_err(
        &national_with("min = 85\nbelow = 95", "min = 86\nbelow = 95"),
        Format::Toml,
    );
    has(
        &e,
        "grade_schemes[0].bands",
        "gap or overlap between levels",
    );
}

#[test]
fn band_overlap_is_named() {
    let e = lint_err(
        &national_with("min = 75\nbelow = 85", "min = 75\nbelow = 86"),
        Format::Toml,
    );
    has(&e, "grade_schemes[0].bands", "gap or overlap");
}

#[test]
fn missing_basis() {
    let e = lint_err(
        &national_with(
            "basis = \"交公路发〔2009〕733号：AA级 95≤X≤100\"",
            "basis = \"\"",
        ),
        Format::Toml,
    );
    has(&e, "grade_schemes[0].bands[0].basis", "no basis");
}

#[test]
fn duplicate_rule_id() {
    let e = lint_err(
        &national_with("id = \"hc.band.A\"", "id = \"hc.band.AA\""),
        Format::Toml,
    );
    has(&e, "grade_schemes[0].bands[1].id", "duplicate rule id");
}

#[test]
fn unknown_record_type_reference() {
    let e = lint_err(
        &national_with(
            "when = { types = [\"commendation\"] }",
            "when = { types = [\"comendation\"] }",
        ),
        Format::Toml,
    );
    has(&e, ".when.types[0]", "unknown record type");
}

#[test]
fn unknown_field_in_pack_suggests() {
    let e = lint_err(
        &national_with("window_months = 12", "window_month = 12"),
        Format::Toml,
    );
    has(&e, "window_month", "did you mean `window_months`");
}

#[test]
fn toml_syntax_error_names_line() {
    let e = lint_err("[pack]\nid = \"x\"\nversion = \n", Format::Toml);
    assert!(e.0[0].en.contains("line 3"), "{e}");
}

#[test]
fn json_wrong_shape() {
    let e = lint_err(r#"{"pack": {"id": 5}}"#, Format::Json);
    has(&e, "pack.id", "wrong type");
}

#[test]
fn huge_pack_refused() {
    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(pack::MAX_PACK_BYTES));
    let e = parse_pack(&big, Format::Json).unwrap_err();
    assert!(e.0[0].en.contains("pack too large"), "{e}");
}

#[test]
fn missing_default_channel() {
    let e = lint_err(
        &national_with(
            "review_working_days = 10\nsync_working_days = 3\n# The 527",
            "review_working_days = 10\nsync_working_days = 3\nwhen = { authority_contains = [\"x\"] }\n# The 527",
        ),
        Format::Toml,
    );
    has(&e, "regimes[0].channels", "default");
}

/// A kind left out of `default_tier` is taken as the most severe tier, flagged, and the lint
/// says so (pack_defaults.rs tests the defaults in full).
#[test]
fn missing_default_tier() {
    let text = national_with("warning = \"general\"\n", "").replacen(
        "id = \"national\"",
        "id = \"portal-x\"",
        1,
    );
    let p = load_custom(&text, Format::Toml).unwrap_or_else(|e| panic!("{e}"));
    let r = &p.rules.regimes[0];
    assert_eq!(r.default_tier[&PenaltyKind::Warning], Tier::Serious);
    assert!(r
        .default_tier_assumption
        .contains_key(&PenaltyKind::Warning));
    let d: Vec<&str> = p.defaults.iter().map(|d| d.path.as_str()).collect();
    // pack.toml without calendar.toml: no calendar either.
    assert_eq!(d, ["regimes[0].default_tier", "calendar"]);
    assert_eq!(
        p.defaults[0].en,
        "the pack gives no default tier for penalty kinds warning: such a penalty without a severity is taken as serious, the most severe tier (the longest periods)"
    );
}

const OVERLAY_HEAD: &str = r#"{"pack":{"id":"region-x","version":"1","zh":"某地","en":"X","base":"national","effective_from":"2021-01-01","basis":"某地工作要点"}"#;

#[test]
fn overlay_override_of_missing_rule() {
    let e = lint_err(
        &format!(
            r#"{OVERLAY_HEAD},"warnings":[{{"id":"w.nope","overrides":true,"zh":"x","en":"x","basis":"b","when":{{}}}}]}}"#
        ),
        Format::Json,
    );
    has(&e, "warnings[0]", "base pack has no rule with this id");
}

#[test]
fn overlay_silent_shadowing_refused() {
    let e = lint_err(
        &format!(
            r#"{OVERLAY_HEAD},"warnings":[{{"id":"w.list_active","zh":"x","en":"x","basis":"b","when":{{}}}}]}}"#
        ),
        Format::Json,
    );
    has(&e, "warnings[0]", "set overrides = true");
}

#[test]
fn overlay_remove_unknown() {
    let e = lint_err(
        &format!(r#"{OVERLAY_HEAD},"remove":["nope"]}}"#),
        Format::Json,
    );
    has(&e, "remove[0]", "no rule with this id to remove");
}

#[test]
fn overlay_unknown_base() {
    let e = lint_err(
        &format!("{}}}", OVERLAY_HEAD.replace("\"national\"", "\"mars\"")),
        Format::Json,
    );
    has(&e, "pack", "no such pack");
    assert!(e.to_string().contains("mars"), "{e}");
}

#[test]
fn overlay_override_and_remove_apply() {
    let p = load_custom(
        &format!(
            r#"{OVERLAY_HEAD},"remove":["incomplete_acceptance"],"warnings":[{{"id":"w.list_active","overrides":true,"zh":"改写","en":"rewritten","basis":"b","when":{{"records":{{"types":["serious_dishonesty_list"]}}}}}}]}}"#
        ),
        Format::Json,
    )
    .unwrap();
    assert!(p
        .rules
        .commitment_schemes
        .iter()
        .all(|c| c.id != "incomplete_acceptance"));
    assert_eq!(
        p.rules
            .warnings
            .iter()
            .find(|w| w.id == "w.list_active")
            .unwrap()
            .zh,
        "改写"
    );
    assert_eq!(p.chain, vec!["national", "region-x"]);
    assert!(p.calendar.covers(2026), "the calendar is inherited");
}

#[test]
fn calendar_workday_must_be_weekend() {
    let cal = include_str!("../../../packs/national/calendar.toml");
    let parts = [
        ("pack.toml", NATIONAL),
        (
            "calendar.toml",
            &cal.replacen(
                "workdays = [\"2021-02-07\"",
                "workdays = [\"2021-02-08\"",
                1,
            ),
        ),
    ];
    let file = pack::parse_toml_parts(&parts).unwrap();
    let e = pack::resolve(file, None).unwrap_err();
    has(&e, "calendar.years[0].workdays[0]", "Saturday or Sunday");
}
