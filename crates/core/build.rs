//! Turns the built-in TOML packs in `packs/` into JSON at compile time, so the engine embeds
//! JSON and a browser build needs no TOML parser. A malformed built-in pack fails the build
//! with the file and line.
//!
//! Without the `overlays` feature (the self-check widget) only `national` is embedded; the
//! regional overlays are listed with their SRI hash, and the widget fetches the one a visitor
//! picks from `packs/<id>.json` beside its module (written by `cargo xtask dist`).

#[path = "src/pack/toml_json.rs"]
mod toml_json;

use std::fmt::Write as _;
use std::fs;

use base64::Engine as _;
use sha2::Digest as _;
use std::path::{Path, PathBuf};

/// Built-in packs in dependency order (every base before its overlays), with their files.
const PACKS: &[(&str, &[&str])] = &[
    ("national", &["pack.toml", "calendar.toml"]),
    ("chongqing-fuling", &["pack.toml"]),
    ("jiangsu-lianyungang", &["pack.toml"]),
    ("fujian-xiamen", &["pack.toml"]),
    ("shanxi-yuncheng", &["pack.toml"]),
    ("shandong-yiyuan", &["pack.toml"]),
];

fn main() {
    let packs_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let embed_overlays = std::env::var_os("CARGO_FEATURE_OVERLAYS").is_some();
    let mut index = String::from("&[\n");
    let mut listing = String::from("&[\n");
    for (id, files) in PACKS {
        let mut merged = serde_json::Map::new();
        for f in *files {
            let path = packs_dir.join(id).join(f);
            println!("cargo:rerun-if-changed={}", path.display());
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let table: toml::Table = text
                .parse()
                .unwrap_or_else(|e| panic!("packs/{id}/{f} is not valid TOML: {e}"));
            let serde_json::Value::Object(m) = toml_json::toml_value(toml::Value::Table(table))
            else {
                unreachable!("a TOML document is a table")
            };
            for (k, v) in m {
                if merged.insert(k.clone(), v).is_some() {
                    panic!("packs/{id}/{f} defines top-level key `{k}` again");
                }
            }
        }
        let meta = |k: &str| -> Option<String> {
            merged.get("pack")?.get(k)?.as_str().map(str::to_string)
        };
        let (zh, en, version) = (meta("zh"), meta("en"), meta("version"));
        let base = meta("base");
        let json = serde_json::to_string(&serde_json::Value::Object(merged)).expect("JSON");
        let digest = sha2::Sha256::digest(json.as_bytes());
        let integrity = format!(
            "sha256-{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        );
        // Content-addressed, so a portal may cache `packs/` for a year: a new pack is a new name.
        let hex: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
        let file_name = format!("{id}.{hex}.json");
        writeln!(
            listing,
            "    PackListing {{ id: {id:?}, zh: {:?}, en: {:?}, version: {:?}, base: {base:?}, integrity: {integrity:?}, file: {file_name:?} }},",
            zh.unwrap_or_default(),
            en.unwrap_or_default(),
            version.unwrap_or_default(),
        )
        .expect("write to a String");
        let file = out.join(format!("{id}.json"));
        fs::write(&file, json).unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
        if base.is_none() || embed_overlays {
            index.push_str(&format!(
                "    ({id:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{id}.json\"))),\n"
            ));
        }
    }
    index.push(']');
    listing.push(']');
    fs::write(out.join("builtin_packs.rs"), index).expect("write builtin_packs.rs");
    fs::write(out.join("pack_listing.rs"), listing).expect("write pack_listing.rs");
    println!("cargo:rerun-if-changed=build.rs");
}
