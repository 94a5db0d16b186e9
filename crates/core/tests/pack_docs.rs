//! `docs/packs/ID.md` must be exactly what `xinyong pack doc ID` prints for every built-in pack.
//! After changing a pack, refresh them all with
//! `XINYONG_BLESS=1 cargo test -p xinyong-core --test pack_docs` and review the diff.

use std::path::PathBuf;

use xinyong_core::pack::{builtin, builtin_ids, doc};

fn docs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/packs")
}

fn page(id: &str) -> String {
    let p = builtin(id).unwrap();
    let base = p.meta.base.as_deref().map(|b| builtin(b).unwrap());
    doc::markdown(p, base)
}

#[test]
fn pack_docs_are_current() {
    let bless = std::env::var_os("XINYONG_BLESS").is_some();
    let mut stale = Vec::new();
    for id in builtin_ids() {
        let want = page(id);
        let path = docs_dir().join(format!("{id}.md"));
        if bless {
            std::fs::create_dir_all(docs_dir()).unwrap();
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(have) if have == want => {}
            Ok(_) => stale.push(format!("{} is out of date", path.display())),
            Err(_) => stale.push(format!("{} is missing", path.display())),
        }
    }
    assert!(
        stale.is_empty(),
        "{}\nrefresh with: XINYONG_BLESS=1 cargo test -p xinyong-core --test pack_docs",
        stale.join("\n")
    );
}

#[test]
fn pages_list_every_gap_and_assumption() {
    for id in builtin_ids() {
        let p = builtin(id).unwrap();
        let md = page(id);
        for g in &p.meta.gaps {
            assert!(
                md.contains(g.as_str()),
                "{id}: gap missing from its page: {g}"
            );
        }
        // Every assumption text of the resolved rules appears in the assumptions table.
        let json = serde_json::to_value(&p.rules).unwrap();
        let mut found = Vec::new();
        collect(&json, &mut found);
        assert!(!found.is_empty(), "{id}: no assumptions found at all?");
        for a in found {
            assert!(
                md.contains(&a.replace('|', "\\|")),
                "{id}: assumption missing from its page: {a}"
            );
        }
    }
}

fn collect(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "assumption" {
                    if let Some(s) = x.as_str() {
                        out.push(s.to_string());
                    }
                } else if k.ends_with("_assumption") {
                    // Per-key assumption tables (a regime's default and record tiers).
                    if let Some(t) = x.as_object() {
                        out.extend(t.values().filter_map(|v| v.as_str()).map(String::from));
                    }
                } else {
                    collect(x, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
        _ => {}
    }
}

#[test]
fn overlay_pages_show_their_additions() {
    let md = page("jiangsu-lianyungang");
    assert!(md.contains("grade scheme `js_road_waterway_operator`"));
    assert!(md.contains("删除 Removed: grade scheme `road_transport_quality`"));
    assert!(md.contains("| 计数 Counter |"));
    let md = page("chongqing-fuling");
    assert!(md.contains("catalogue `interview`"));
    assert!(md.contains("2024-01-01 → —"));
}

/// 国办发〔2019〕35号 (国务院办公厅…指导意见) is the document; "国发〔2019〕35号" was a slip
/// copied from the Yuncheng plan (issue 14, 9e). No pack or pack page may cite it.
#[test]
fn no_pack_cites_guofa_2019_35() {
    for id in builtin_ids() {
        let md = page(id);
        let bare = md.replace("国办发〔2019〕35号", "");
        assert!(
            !bare.contains("国发〔2019〕35号"),
            "{id}: cites 国发〔2019〕35号"
        );
        let json = serde_json::to_string(&builtin(id).unwrap().rules).unwrap();
        assert!(
            !json
                .replace("国办发〔2019〕35号", "")
                .contains("国发〔2019〕35号"),
            "{id}: pack cites 国发〔2019〕35号"
        );
    }
    assert!(page("shanxi-yuncheng").contains("国办发〔2019〕35号"));
}
