//! The grade in force (`grades[].in_force`): what the pack says about it is linted, and the
//! engine never reads a bare projection where an official result or a legal default exists.

use xinyong_core::pack::{load_custom, Format};

const NATIONAL: &str = include_str!("../../../packs/national/pack.toml");

fn national_as_custom(edit_from: &str, edit_to: &str) -> String {
    assert_eq!(
        NATIONAL.matches(edit_from).count(),
        1,
        "anchor: {edit_from}"
    );
    NATIONAL.replacen(edit_from, edit_to, 1).replacen(
        "id = \"national\"",
        "id = \"in-force-test\"",
        1,
    )
}

#[test]
fn a_default_level_the_scheme_lacks_is_refused() {
    let text = national_as_custom("default_level = \"A\"", "default_level = \"AAA\"");
    let e = load_custom(&text, Format::Toml).expect_err("AAA is no highway-construction level");
    assert!(
        e.0.iter()
            .any(|p| p.path.ends_with("in_force.default_level")
                && p.en.contains("no such level")
                && p.zh.contains("没有该等级")),
        "{e}"
    );
}

#[test]
fn a_default_level_without_basis_is_refused() {
    let line = NATIONAL
        .lines()
        .find(|l| l.starts_with("default_basis = \"交公路发〔2009〕733号 第十八条"))
        .expect("the 733号 default has its basis");
    let text = national_as_custom(line, "");
    let e = load_custom(&text, Format::Toml).expect_err("a default without basis");
    assert!(
        e.0.iter()
            .any(|p| p.path.ends_with("in_force.default_basis") && p.en.contains("needs its basis")),
        "{e}"
    );
}
