//! Lint of the vocabulary the regional packs added: bands over score × counter, rule dates,
//! grade tests, letter tests, overlay removals. Each defect is named by its path.

use xinyong_core::pack::{load_as_shipped, load_custom, Format};
use xinyong_core::Problems;

const NATIONAL: &str = include_str!("../../../packs/national/pack.toml");
const JIANGSU: &str = include_str!("../../../packs/jiangsu-lianyungang/pack.toml");
const XIAMEN: &str = include_str!("../../../packs/fujian-xiamen/pack.toml");
const FULING: &str = include_str!("../../../packs/chongqing-fuling/pack.toml");
const YUNCHENG: &str = include_str!("../../../packs/shanxi-yuncheng/pack.toml");
const YIYUAN: &str = include_str!("../../../packs/shandong-yiyuan/pack.toml");

fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "edit anchor not unique: {from}"
    );
    text.replacen(from, to, 1)
}

fn errors(text: &str) -> Problems {
    match load_custom(text, Format::Toml) {
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

#[test]
fn every_regional_pack_file_lints_clean() {
    for (name, text) in [
        ("chongqing-fuling", FULING),
        ("jiangsu-lianyungang", JIANGSU),
        ("fujian-xiamen", XIAMEN),
        ("shanxi-yuncheng", YUNCHENG),
        ("shandong-yiyuan", YIYUAN),
    ] {
        let p = load_as_shipped(text, Format::Toml).unwrap_or_else(|e| panic!("{name}:\n{e}"));
        assert_eq!(p.meta.id, name);
        assert_eq!(p.chain, ["national", name]);
        assert!(!p.meta.basis.is_empty() && !p.meta.version.is_empty());
    }
}

#[test]
fn counter_band_gap_is_named() {
    let e = errors(&edit(
        JIANGSU,
        "below = 40\ncounter_below = 20",
        "below = 40\ncounter_below = 10",
    ));
    has(
        &e,
        ".bands",
        "no band covers score [0, 40) × counter [10, 20) (gap)",
    );
}

#[test]
fn counter_band_overlap_is_named() {
    let e = errors(&edit(
        JIANGSU,
        "below = 40\ncounter_min = 20",
        "below = 40\ncounter_min = 15",
    ));
    has(
        &e,
        ".bands",
        "falls in several bands: js.rwo.band.C_unassigned, js.rwo.band.D (overlap)",
    );
}

#[test]
fn counter_bounds_need_a_counter() {
    let e = errors(&edit(
        NATIONAL,
        "id = \"hc.band.AA\"\nlevel = \"AA\"\nzh = \"信用好\"\nen = \"good credit\"\nstanding = \"good\"\nmin = 95\n",
        "id = \"hc.band.AA\"\nlevel = \"AA\"\nzh = \"信用好\"\nen = \"good credit\"\nstanding = \"good\"\nmin = 95\ncounter_min = 0\n",
    ));
    has(
        &e,
        "grade_schemes[0].bands",
        "the scheme defines no `counter`",
    );
}

#[test]
fn rule_from_after_until() {
    let e = errors(&edit(
        XIAMEN,
        "id = \"xm.w.risk\"\n",
        "id = \"xm.w.risk\"\nfrom = \"2027-01-01\"\nuntil = \"2026-01-01\"\n",
    ));
    has(&e, "warnings[", "`from` is after `until`");
}

#[test]
fn grade_test_names_an_unknown_scheme() {
    let e = errors(&edit(
        FULING,
        "scheme = \"driver_integrity\"",
        "scheme = \"driver_integrty\"",
    ));
    has(
        &e,
        ".when.grade.scheme",
        "refers to an unknown grade scheme",
    );
}

#[test]
fn letter_test_names_an_unknown_type() {
    let e = errors(&edit(
        JIANGSU,
        "id = \"js.letter.repair_prompt\"\nzh = \"信用修复提示函\"\nen = \"Credit repair prompt letter\"\nwhen = { types = [\"administrative_penalty\"] }",
        "id = \"js.letter.repair_prompt\"\nzh = \"信用修复提示函\"\nen = \"Credit repair prompt letter\"\nwhen = { types = [\"administrative_penality\"] }",
    ));
    has(
        &e,
        "letters[0].when.types[0]",
        "record type (not in the catalogue)",
    );
}

#[test]
fn letter_placeholder_must_exist() {
    let e = errors(&edit(
        JIANGSU,
        "针对记录编号 {record_id}",
        "针对记录编号 {record}",
    ));
    has(&e, "letters[2].body_zh", "unknown placeholder");
}

#[test]
fn overlay_cannot_remove_what_its_base_lacks() {
    let e = errors(&edit(
        JIANGSU,
        "remove = [\"road_transport_quality\", \"waterway_transport\"]",
        "remove = [\"road_transport_qualty\", \"waterway_transport\"]",
    ));
    has(
        &e,
        "remove[0]",
        "the base pack has no rule with this id to remove",
    );
}

#[test]
fn overlay_cannot_silently_shadow_a_base_rule() {
    let e = errors(&edit(
        XIAMEN,
        "id = \"xm.sup.key_fields\"",
        "id = \"sup.high\"",
    ));
    has(&e, "supervision[0]", "set overrides = true to replace it");
}

#[test]
fn overlay_rule_without_basis() {
    let e = errors(&edit(
        YIYUAN,
        "basis = \"沂源县交通运输局《沂源县交通运输局“信用交通县”创建工作方案》（源交政字〔2023〕14号） 四、7.：落实“信易行”举措\"",
        "basis = \" \"",
    ));
    has(&e, "measures[", "rule has no basis");
}

#[test]
fn duplicate_id_across_overlay_and_base() {
    let e = errors(&edit(
        YUNCHENG,
        "id = \"sx.hm.band.AA\"",
        "id = \"hc.band.AA\"",
    ));
    has(&e, ".bands[0].id", "duplicate rule id");
}

#[test]
fn too_many_counter_bands_are_refused_quickly() {
    let band = "\n[[grade_schemes.bands]]\nid = \"js.rwo.band.X{}\"\nlevel = \"D\"\nzh = \"信用差\"\nstanding = \"poor\"\nbelow = 40\ncounter_min = {}\nbasis = \"x\"\n";
    let anchor = "[[grade_schemes.items]]\nid = \"js.rwo.item.recorded\"";
    let extra: String = (0..100)
        .map(|i| {
            band.replacen("{}", &i.to_string(), 1)
                .replacen("{}", &(1000 + i).to_string(), 1)
        })
        .collect();
    let e = errors(&edit(JIANGSU, anchor, &format!("{extra}\n{anchor}")));
    has(&e, ".bands", "at most 64 bands");
}

#[test]
fn scheme_addition_needs_a_base_scheme() {
    let e = errors(&edit(
        FULING,
        "scheme = \"road_transport_quality\"\nbasis",
        "scheme = \"road_transport_qualty\"\nbasis",
    ));
    has(
        &e,
        "scheme_additions[0].scheme",
        "the base pack has no such grade scheme",
    );
    // Nor can it extend a scheme the overlay itself removes.
    let e = errors(&format!("remove = [\"road_transport_quality\"]\n{FULING}"));
    has(
        &e,
        "scheme_additions[0].scheme",
        "the base pack has no such grade scheme (or it is removed)",
    );
}

#[test]
fn scheme_addition_rules_are_linted_like_scheme_rules() {
    let e = errors(&edit(
        FULING,
        "behaviours = [\"CQ-MAJOR-ACCIDENT\"]",
        "behaviours = [\"CQ-MAJOR-ACCIDENTS\"]",
    ));
    has(&e, ".direct_lowest[", "refers to an unknown behaviour code");
}

#[test]
fn a_level_cap_names_a_level_of_its_scheme_and_a_percentage() {
    let e = errors(&edit(
        NATIONAL,
        "level = \"AA\"\nfigure = \"drivers_aa_share\"\nmin = 85\n",
        "level = \"AAAAAA\"\nfigure = \"drivers_aa_share\"\nmin = 185\n",
    ));
    has(&e, ".level_caps[0].level", "not a level of this scheme");
    has(&e, ".level_caps[0].min", "a percentage from 0 to 100");
    // A figure the input does not have is a schema error naming the known ones.
    let e = errors(&edit(
        NATIONAL,
        "figure = \"drivers_aa_share\"",
        "figure = \"drivers_share\"",
    ));
    has(&e, "figure", "drivers_aa_share");
}
