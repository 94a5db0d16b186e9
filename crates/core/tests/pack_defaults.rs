//! The optional parts of the pack format (crates/core/src/pack/defaults.rs, docs/packs/README.md
//! "Optional parts and their defaults"): a pack that leaves one out loads and behaves as
//! documented, never better than the rules allow; where no default is sound the pack is
//! refused with a bilingual problem that names the field and says what to write. The packs are
//! small edits of the peers' generic rule set (bench/peers/xinyong/peers-pack.toml), which leaves
//! every optional part out, and of the national pack.

use chrono::NaiveDate;
use xinyong_core::pack::{builtin, builtin_ids, builtin_json, doc, load_custom, Format, Pack};
use xinyong_core::{evaluate_json, Options, PackChoice, Problems};
use xinyong_model::{RepairStatus, Report, Tier};

const PEERS: &str = include_str!("../../../bench/peers/xinyong/peers-pack.toml");

fn load(text: &str) -> Pack {
    match load_custom(text, Format::Toml) {
        Ok(p) => p,
        Err(e) => panic!("refused:\n{e}"),
    }
}

/// The peers pack with `from` replaced by `to` (exactly once).
fn peers_with(from: &str, to: &str) -> String {
    assert_eq!(PEERS.matches(from).count(), 1, "edit anchor: {from}");
    PEERS.replace(from, to)
}

fn errors(text: &str) -> Problems {
    match load_custom(text, Format::Toml) {
        Ok(p) => panic!("pack {} accepted", p.meta.id),
        Err(e) => e,
    }
}

/// A problem at exactly `path` whose Chinese and English both contain the given texts.
fn has(e: &Problems, path: &str, zh: &str, en: &str) {
    assert!(
        e.0.iter()
            .any(|p| p.path == path && p.zh.contains(zh) && p.en.contains(en)),
        "no `{en}` / `{zh}` at `{path}` in:\n{e}"
    );
}

fn report(pack: &Pack, records: &str, as_of: &str) -> Report {
    let input = format!(
        r#"{{"as_of":"{as_of}","subject":{{"kind":"enterprise","id":"91350200000000001R","industry":"road_freight"}},"records":[{records}]}}"#
    );
    let mut opts = Options::new(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    opts.pack = PackChoice::Custom(pack);
    evaluate_json(&input, &opts).unwrap_or_else(|e| panic!("{e}"))
}

fn paths(p: &Pack) -> Vec<&str> {
    p.defaults.iter().map(|d| d.path.as_str()).collect()
}

#[test]
fn the_peers_pack_leaves_every_optional_part_out_and_lint_says_so() {
    let p = load(PEERS);
    assert_eq!(
        paths(&p),
        [
            "regimes[0].tiers.minor",
            "regimes[0].default_tier",
            "regimes[0].channels"
        ]
    );
    for d in &p.defaults {
        assert!(!d.zh.is_empty() && !d.en.is_empty(), "{d:?}");
    }
    // `pack doc` shows the effective values and lists the defaults.
    let md = doc::markdown(&p, None);
    assert!(md.contains("## 默认值 Defaults used"), "{md}");
    assert!(md.contains("| `regimes[0].tiers.minor` |"), "{md}");
    assert!(
        md.contains("| 3–12 months ⚠ | 3–12 months | 12–36 months |"),
        "{md}"
    );
    assert!(md.contains("Default tier `fine` → serious ⚠"), "{md}");
}

#[test]
fn no_shipped_pack_uses_a_default() {
    for id in builtin_ids() {
        let p = builtin(id).unwrap();
        assert!(p.defaults.is_empty(), "{id}: {:?}", p.defaults);
    }
}

/// A minor penalty under a pack without a minor tier gets the general tier's periods, and the
/// repair entry says the answer rests on an assumption.
#[test]
fn a_missing_minor_tier_takes_the_general_periods_flagged() {
    let p = load(PEERS);
    let minor = &p.rules.regimes[0].tiers[&Tier::Minor];
    let general = &p.rules.regimes[0].tiers[&Tier::General];
    assert_eq!(
        (minor.published, minor.min_months, minor.max_months),
        (general.published, general.min_months, general.max_months)
    );
    let rec = |sev: &str| {
        format!(
            r#"{{"id":"p1","type":"administrative_penalty","date":"2026-01-10","penalty":"fine","severity":"{sev}"}}"#
        )
    };
    let r = report(&p, &rec("minor"), "2026-06-01");
    let g = report(&p, &rec("general"), "2026-06-01");
    let (m, g) = (&r.repairs[0], &g.repairs[0]);
    assert_eq!(m.tier, Tier::Minor);
    assert_eq!(m.publicity_min_end, g.publicity_min_end);
    assert_eq!(m.publicity_max_end, g.publicity_max_end);
    assert_eq!(m.status, g.status);
    assert!(m.assumed, "a period from a default is flagged");
    assert!(!g.assumed, "the written tier is not");
}

/// A missing general tier takes serious's; a missing serious tier has no default.
#[test]
fn a_missing_general_tier_takes_serious_and_serious_is_required() {
    let text = PEERS.replace(
        "[regimes.tiers.general]\npublished = true\nmin_months = 3\nmax_months = 12\nbasis = \"peers workload: general = 3 / 12 months\"\n",
        "",
    );
    let p = load(&text);
    let t = &p.rules.regimes[0].tiers;
    assert_eq!(
        (t[&Tier::General].min_months, t[&Tier::General].max_months),
        (12, 36)
    );
    assert_eq!(
        (t[&Tier::Minor].min_months, t[&Tier::Minor].max_months),
        (12, 36)
    );
    assert!(paths(&p).contains(&"regimes[0].tiers.general"));

    let e = errors(&PEERS.replace(
        "[regimes.tiers.serious]\npublished = true\nmin_months = 12\nmax_months = 36\nbasis = \"peers workload: serious = 12 / 36 months\"\n",
        "",
    ));
    has(
        &e,
        "regimes[0].tiers.serious",
        "[regimes.tiers.serious] published = true",
        "no publicity period for tier serious (the most severe tier has no default",
    );
}

fn without_severity_rule() -> String {
    peers_with(
        "requires = [\"date\", \"severity\"]",
        "requires = [\"date\", \"penalty\"]",
    )
}

/// A penalty without a severity, of a kind the pack gives no default tier, is serious: the
/// longest periods, flagged; never the mildest tier.
#[test]
fn a_missing_default_tier_is_the_most_severe_flagged() {
    let p = load(&without_severity_rule());
    let r = &p.rules.regimes[0];
    assert!(r.default_tier.values().all(|t| *t == Tier::Serious));
    assert!(!r.default_tier_basis.is_empty());
    let rep = report(
        &p,
        r#"{"id":"p1","type":"administrative_penalty","date":"2026-01-10","penalty":"warning"}"#,
        "2026-06-01",
    );
    let x = &rep.repairs[0];
    assert_eq!(
        (x.tier, x.tier_derived, x.assumed),
        (Tier::Serious, true, true)
    );
    assert_eq!(x.publicity_min_end.unwrap().to_string(), "2027-01-10");
    assert_eq!(x.publicity_max_end.unwrap().to_string(), "2029-01-10");
}

/// A table written in part: the kinds written keep their tier, the rest are serious; the
/// written table needs its basis (no default for the basis of what the author wrote).
#[test]
fn a_partial_default_tier_table_needs_its_basis() {
    let text = without_severity_rule()
        .replace(
            "[regimes.tiers.general]",
            "default_tier_basis = \"某办法第五条\"\n\n[regimes.tiers.general]",
        )
        .replace(
            "[[regimes.conditions]]\nid = \"peers.min_period\"",
            "[regimes.default_tier]\nwarning = \"general\"\n\n[[regimes.conditions]]\nid = \"peers.min_period\"",
        );
    let p = load(&text);
    let r = &p.rules.regimes[0];
    assert_eq!(
        r.default_tier[&xinyong_model::PenaltyKind::Warning],
        Tier::General
    );
    assert_eq!(
        r.default_tier[&xinyong_model::PenaltyKind::Fine],
        Tier::Serious
    );
    assert_eq!(r.default_tier_basis, "某办法第五条");
    assert!(!r
        .default_tier_assumption
        .contains_key(&xinyong_model::PenaltyKind::Warning));

    let e = errors(&text.replace("default_tier_basis = \"某办法第五条\"\n", ""));
    has(&e, "regimes[0].default_tier.basis", "依据", "no basis");
}

/// `record_tier` is needed only for the record types the catalogue makes adverse: without it
/// an adverse listing would silently count as not adverse, so that pack is refused.
#[test]
fn record_tier_is_required_exactly_for_adverse_types() {
    let text = peers_with(
        "requires = [\"date\"]\nbasis = \"peers workload: serious_dishonesty_list (removed_on)\"\n",
        "requires = [\"date\"]\nadverse = true\nbasis = \"peers workload: serious_dishonesty_list (removed_on)\"\n",
    );
    let e = errors(&text);
    has(
        &e,
        "regimes[0].record_tier.serious_dishonesty_list",
        "[regimes.record_tier] \"serious_dishonesty_list\" = \"serious\"",
        "the catalogue makes serious_dishonesty_list adverse, so write the tier of serious_dishonesty_list",
    );
    // The commitment keys are not asked for: commitments are not adverse in this pack.
    assert!(!e.0.iter().any(|p| p.path.contains("commitment")), "{e}");
    // Adverse now, the listing no longer loosens the national rules: it may not say it does.
    let ok = text.replace(
        "(removed_on)\"\nloosens_national = \"peers/README.md “The workload”: a benchmark rule set, not a regional document; it must not be used for real subjects\"\n",
        "(removed_on)\"\n",
    );
    let ok = ok.replace(
        "[[regimes.conditions]]\nid = \"peers.min_period\"",
        "[regimes.record_tier]\nserious_dishonesty_list = \"serious\"\n\n[regimes.record_tier_basis]\nserious_dishonesty_list = \"某条例第九条\"\n\n[[regimes.conditions]]\nid = \"peers.min_period\"",
    );
    let p = load(&ok);
    let rep = report(
        &p,
        r#"{"id":"l1","type":"serious_dishonesty_list","date":"2026-01-10"}"#,
        "2026-06-01",
    );
    assert_eq!(rep.repairs[0].tier, Tier::Serious);
}

/// Without channels a report names no place to apply and no completion date, and foresees no
/// day a blocking record clears (the day the repair could first be applied for would ignore the
/// handling time: better news than the rules allow). With a channel it does.
#[test]
fn without_channels_no_dates_are_promised() {
    // A commitment scheme the penalty blocks while it is not repaired.
    let blocking = peers_with(
        "when = { records = { types = [\"commitment\"], statuses = [\"false\"] } }",
        "when = { records = { types = [\"administrative_penalty\"], repaired = false } }",
    );
    let rec = r#"{"id":"p1","type":"administrative_penalty","date":"2026-01-10","penalty":"fine","severity":"general","fulfilled_on":"2026-01-20"}"#;
    let p = load(&blocking);
    let rep = report(&p, rec, "2026-06-01");
    let x = &rep.repairs[0];
    assert_eq!(x.status, RepairStatus::Repairable);
    assert!(x.apply_to.is_none() && x.expected_completion.is_none());
    let c = rep
        .commitments
        .iter()
        .find(|c| c.scheme == "peers.eligible")
        .unwrap();
    assert!(!c.eligible);
    assert_eq!(c.eligible_from, None, "no date without a channel");
    assert!(c.reasons.iter().all(|r| r.clears_on.is_none()));

    let with_channel = blocking.replace(
        "[[grade_schemes]]",
        "[[regimes.channels]]\nid = \"x.channel\"\nzh = \"信用中国\"\nen = \"Credit China\"\nurl = \"https://www.creditchina.gov.cn\"\nbasis = \"某办法第十条\"\nreview_working_days = 5\nsync_working_days = 3\n\n[[grade_schemes]]",
    );
    let p = load(&with_channel);
    assert_eq!(
        paths(&p),
        [
            "regimes[0].tiers.minor",
            "regimes[0].default_tier",
            "calendar"
        ]
    );
    let rep = report(&p, rec, "2026-06-01");
    let x = &rep.repairs[0];
    assert!(x.apply_to.is_some());
    let done = x.expected_completion.expect("a completion date");
    let c = rep
        .commitments
        .iter()
        .find(|c| c.scheme == "peers.eligible")
        .unwrap();
    assert_eq!(c.eligible_from, Some(done));
    // No calendar: weekends only, and the report says so, citing the weekly rest days (before:
    // an empty basis, and a message about a calendar the pack does not have).
    let w = rep
        .warnings
        .iter()
        .find(|w| w.id == "calendar.not_covered")
        .expect("calendar.not_covered");
    assert!(
        w.basis.contains("《国务院关于职工工作时间的规定》第七条"),
        "{w:?}"
    );
    assert!(w.zh.contains("规则包未设工作日历"), "{w:?}");
    assert!(w.en.contains("no working-day calendar"), "{w:?}");
}

/// A condition met by applying needs the place to apply: no default channel.
#[test]
fn an_application_condition_needs_a_channel() {
    let e = errors(&peers_with(
        "check = \"obligations\"",
        "check = \"application\"",
    ));
    has(
        &e,
        "regimes[0].channels",
        "[[regimes.channels]]",
        "condition regimes[0].conditions[1] is met by applying, so name where to apply",
    );
}

/// The evaluation window has no sound default: the pack is refused with what to write.
#[test]
fn a_missing_window_is_refused_with_what_to_write() {
    let e = errors(&peers_with("window_months = 120\n", ""));
    has(
        &e,
        "grade_schemes[0].window_months",
        "window_months = 12",
        "write the evaluation period in months, e.g. window_months = 12",
    );
    assert!(e.0[0].en.contains("It has no default"), "{e}");
}

/// An overlay's regime that replaces a base regime and leaves the optional parts out inherits
/// them from that base regime, not the defaults.
#[test]
fn an_overriding_regime_inherits_what_it_leaves_out_from_the_base() {
    let national: serde_json::Value =
        serde_json::from_str(builtin_json("national").unwrap()).unwrap();
    let base = &national["regimes"][0];
    let mut over = base.clone();
    let o = over.as_object_mut().unwrap();
    for k in [
        "default_tier",
        "default_tier_basis",
        "default_tier_assumption",
        "record_tier",
        "record_tier_basis",
        "record_tier_assumption",
        "channels",
        "documents",
    ] {
        o.remove(k);
    }
    o["tiers"].as_object_mut().unwrap().remove("minor");
    o.insert("overrides".into(), true.into());
    let overlay = serde_json::json!({
        "pack": {"id": "region-x", "version": "1", "zh": "某地", "en": "X", "base": "national",
                 "effective_from": "2021-01-01", "basis": "某地工作要点"},
        "regimes": [over],
    });
    let p = match load_custom(&overlay.to_string(), Format::Json) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert!(p.defaults.is_empty(), "{:?}", p.defaults);
    assert!(p.calendar.covers(2026), "the base's calendar");
    let id = base["id"].as_str().unwrap();
    let got = p.rules.regimes.iter().find(|r| r.id == id).unwrap();
    let want = builtin("national")
        .unwrap()
        .rules
        .regimes
        .iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(
        json(&got.tiers),
        json(&want.tiers),
        "minor inherited, not general's"
    );
    assert_eq!(json(&got.default_tier), json(&want.default_tier));
    assert_eq!(got.default_tier_basis, want.default_tier_basis);
    assert_eq!(
        json(&got.default_tier_assumption),
        json(&want.default_tier_assumption)
    );
    assert_eq!(json(&got.record_tier), json(&want.record_tier));
    assert_eq!(json(&got.record_tier_basis), json(&want.record_tier_basis));
    assert_eq!(json(&got.channels), json(&want.channels));
    assert_eq!(json(&got.documents), json(&want.documents));
    assert!(!want.channels.is_empty() && !want.documents.is_empty());
}

/// Entries an overriding regime writes need their own basis: the base's covers the base's.
#[test]
fn an_overriding_regime_writing_default_tiers_needs_their_basis() {
    let national: serde_json::Value =
        serde_json::from_str(builtin_json("national").unwrap()).unwrap();
    let mut over = national["regimes"][0].clone();
    let o = over.as_object_mut().unwrap();
    o.remove("default_tier_basis");
    o.remove("default_tier_assumption");
    o.insert("overrides".into(), true.into());
    let overlay = serde_json::json!({
        "pack": {"id": "region-x", "version": "1", "zh": "某地", "en": "X", "base": "national",
                 "effective_from": "2021-01-01", "basis": "某地工作要点"},
        "regimes": [over],
    });
    let e = match load_custom(&overlay.to_string(), Format::Json) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    };
    assert!(
        e.0.iter()
            .any(|p| p.path.ends_with(".default_tier.basis") && p.en.contains("no basis")),
        "{e}"
    );
}

/// Rule parts as JSON, to compare them (the schema types are not `PartialEq`).
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}
