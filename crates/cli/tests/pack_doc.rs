//! `xinyong pack doc` and `xinyong packs` through the real binary.

use std::process::Command;

fn xinyong(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xinyong"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("xinyong runs")
}

#[test]
fn packs_lists_all_six() {
    let out = xinyong(&["packs"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "national",
            "chongqing-fuling",
            "jiangsu-lianyungang",
            "fujian-xiamen",
            "shanxi-yuncheng",
            "shandong-yiyuan"
        ]
    );
    for p in v.as_array().unwrap() {
        assert!(p["effective_from"].is_string() && p["version"].is_string());
    }
}

#[test]
fn doc_prints_the_committed_page() {
    for id in ["national", "fujian-xiamen"] {
        let out = xinyong(&["pack", "doc", id]);
        assert!(out.status.success());
        let page = std::fs::read_to_string(format!(
            "{}/../../docs/packs/{id}.md",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), page);
    }
    // A pack file gives the same page as the built-in pack it is.
    let out = xinyong(&["pack", "doc", "packs/shanxi-yuncheng/pack.toml"]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("# 山西省运城市交通运输信用规则包 — `shanxi-yuncheng`"));
}

#[test]
fn doc_of_unknown_pack_is_a_bilingual_input_error() {
    let out = xinyong(&["pack", "doc", "hainan-sanya"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("没有这个规则包") && err.contains("no such pack"),
        "{err}"
    );
}

#[test]
fn lint_accepts_every_regional_pack_file() {
    for id in [
        "chongqing-fuling",
        "jiangsu-lianyungang",
        "fujian-xiamen",
        "shanxi-yuncheng",
        "shandong-yiyuan",
    ] {
        let out = xinyong(&[
            "pack",
            "lint",
            "--shipped",
            &format!("packs/{id}/pack.toml"),
        ]);
        assert!(
            out.status.success(),
            "{id}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
