//! Packs compiled into the binary (and the wasm module) from `packs/`.

use std::sync::OnceLock;

use super::{parse_pack, resolve_shipped, Format, Pack};
use crate::error::{Problem, Problems};

/// (id, JSON) in dependency order (every base before its overlays), written by `build.rs`
/// from the TOML files in `packs/`, so the browser build carries no TOML parser. Without the
/// `overlays` feature only the base packs are here.
pub(super) const SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// Every pack shipped with xinyong, embedded or not: what a region chooser lists, and how a
/// build without the `overlays` feature fetches one (`packs/<id>.json`, checked against
/// `integrity`, then [`load_shipped`](super::load_shipped) on top of its embedded base).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackListing {
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub version: &'static str,
    pub base: Option<&'static str>,
    /// Subresource-integrity hash of the pack's JSON file (`sha256-<base64>`).
    pub integrity: &'static str,
    /// The file's name in `packs/` beside the widget: `<id>.<first 10 hex digits of the
    /// SHA-256>.json`, so a changed pack is a new URL and a portal may cache the folder for a year.
    pub file: &'static str,
}

static LISTING: &[PackListing] = include!(concat!(env!("OUT_DIR"), "/pack_listing.rs"));

/// Every shipped pack in dependency order, whether or not this build embeds it.
pub fn pack_listing() -> &'static [PackListing] {
    LISTING
}

/// A shipped pack's JSON, as `cargo xtask dist` writes it beside the widget; `None` when this
/// build does not embed it.
pub fn builtin_json(id: &str) -> Option<&'static str> {
    SOURCES.iter().find(|(i, _)| *i == id).map(|(_, j)| *j)
}

fn load_all() -> Result<Vec<Pack>, Problems> {
    let mut packs: Vec<Pack> = Vec::new();
    for (id, json) in SOURCES {
        let file = parse_pack(json, Format::Json).map_err(|p| in_pack(id, p))?;
        let base = match &file.pack.base {
            Some(b) => packs.iter().find(|p| p.meta.id == *b),
            None => None,
        };
        packs.push(resolve_shipped(file, base).map_err(|p| in_pack(id, p))?);
    }
    Ok(packs)
}

fn in_pack(id: &str, mut p: Problems) -> Problems {
    for e in &mut p.0 {
        e.path = format!("packs/{id}: {}", e.path);
    }
    p
}

/// Every built-in pack, loaded once (linted by `tests::every_shipped_pack_passes_the_lint`).
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
        if LISTING.iter().any(|l| l.id == id) {
            return Problems::one(Problem::new(
                "pack",
                Some(format!("\"{id}\"")),
                "这个地区规则包不在本程序内，需要先另行载入".to_string(),
                "this regional pack is not built into this program; it has to be loaded first"
                    .to_string(),
            ));
        }
        let known = builtin_ids().join(", ");
        Problems::one(Problem::new(
            "pack",
            Some(format!("\"{id}\"")),
            format!("没有这个规则包（内置规则包：{known}）"),
            format!("no such pack (built-in packs: {known})"),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listing_names_every_shipped_pack_with_its_hash_and_file() {
        let ids: Vec<&str> = pack_listing().iter().map(|l| l.id).collect();
        assert_eq!(
            ids,
            builtin_ids(),
            "with `overlays` every listed pack is embedded"
        );
        for l in pack_listing() {
            let pack = builtin(l.id).unwrap();
            assert_eq!(
                (l.zh, l.en, l.version),
                (&*pack.meta.zh, &*pack.meta.en, &*pack.meta.version)
            );
            assert_eq!(l.base, pack.meta.base.as_deref());
            assert!(
                l.integrity.starts_with("sha256-") && l.integrity.len() == 7 + 44,
                "{}",
                l.integrity
            );
            assert!(builtin_json(l.id).is_some());
            // The file name carries the start of the same SHA-256 the integrity gives whole.
            let (stem, ext) = l.file.rsplit_once('.').unwrap();
            let (id, hex) = stem.rsplit_once('.').unwrap();
            assert_eq!((id, ext), (l.id, "json"));
            assert_eq!(hex.len(), 10, "{}", l.file);
            let b64 = &l.integrity["sha256-".len()..];
            let digest = base64_decode(b64);
            let want: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(hex, want, "{}", l.file);
        }
        assert_eq!(builtin_json("nowhere"), None);
    }

    fn base64_decode(s: &str) -> Vec<u8> {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut bits = 0u32;
        let mut n = 0;
        let mut out = Vec::new();
        for c in s.bytes().filter(|&c| c != b'=') {
            bits = (bits << 6) | A.iter().position(|&a| a == c).unwrap() as u32;
            n += 6;
            if n >= 8 {
                n -= 8;
                out.push((bits >> n) as u8);
                bits &= (1 << n) - 1;
            }
        }
        out
    }

    /// Shipped packs are loaded without the lint at run time (`resolve_shipped`), so every one
    /// of them must pass it here, on top of its base, exactly as `resolve` would load it.
    #[test]
    fn every_shipped_pack_passes_the_lint() {
        let mut linted: Vec<Pack> = Vec::new();
        for (id, json) in SOURCES {
            let file = parse_pack(json, Format::Json).unwrap();
            let base = file
                .pack
                .base
                .as_ref()
                .map(|b| linted.iter().find(|p| p.meta.id == *b).unwrap());
            let pack =
                super::super::resolve(file, base).unwrap_or_else(|p| panic!("packs/{id}: {p}"));
            let shipped = super::super::load_shipped(json).unwrap();
            assert_eq!(
                format!("{:?}", pack.rules),
                format!("{:?}", shipped.rules),
                "{id}"
            );
            linted.push(pack);
        }
        assert_eq!(linted.len(), pack_listing().len());
    }
}
