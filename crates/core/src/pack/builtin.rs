//! Packs compiled into the binary (and the wasm module) from `packs/`.

use std::sync::OnceLock;

use super::{parse_pack, resolve, Format, Pack};
use crate::error::{Problem, Problems};

/// (id, JSON) in dependency order (every base before its overlays), written by `build.rs`
/// from the TOML files in `packs/`, so the browser build carries no TOML parser.
pub(super) const SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

fn load_all() -> Result<Vec<Pack>, Problems> {
    let mut packs: Vec<Pack> = Vec::new();
    for (id, json) in SOURCES {
        let file = parse_pack(json, Format::Json).map_err(|p| in_pack(id, p))?;
        let base = match &file.pack.base {
            Some(b) => packs.iter().find(|p| p.meta.id == *b),
            None => None,
        };
        packs.push(resolve(file, base).map_err(|p| in_pack(id, p))?);
    }
    Ok(packs)
}

fn in_pack(id: &str, mut p: Problems) -> Problems {
    for e in &mut p.0 {
        e.path = format!("packs/{id}: {}", e.path);
    }
    p
}

/// Every built-in pack, loaded and checked once.
pub fn builtin_packs() -> Result<&'static [Pack], Problems> {
    static PACKS: OnceLock<Result<Vec<Pack>, Problems>> = OnceLock::new();
    match PACKS.get_or_init(load_all) {
        Ok(v) => Ok(v),
        Err(e) => Err(e.clone()),
    }
}

pub fn builtin_ids() -> Vec<&'static str> {
    SOURCES.iter().map(|(id, _)| *id).collect()
}

/// A built-in pack by id; an unknown id is an error listing the known ones.
pub fn builtin(id: &str) -> Result<&'static Pack, Problems> {
    let packs = builtin_packs()?;
    packs.iter().find(|p| p.meta.id == id).ok_or_else(|| {
        let known = builtin_ids().join(", ");
        Problems::one(Problem::new(
            "pack",
            Some(format!("\"{id}\"")),
            format!("没有这个规则包（内置规则包：{known}）"),
            format!("no such pack (built-in packs: {known})"),
        ))
    })
}
