//! What makes dist/ cacheable for a year: content-hashed file names, the manifest that maps
//! each file to its hashed name, and precompressed copies (`.br`, `.gz`) for servers that send
//! them as they are (nginx `gzip_static` / `brotli_static`, IIS with its static compression, or
//! `cargo xtask demo`).
//!
//! Two entry points keep their names, since portal pages name them: `xinyong-check.js` (the
//! element) and `xinyong-api.js` (the headless API). Everything they load is
//! `<name>.<10 hex digits of its SHA-256>.<ext>`: the wasm files, the wasm-bindgen glue, the
//! staff worker and (named by core's build.rs, which the wasm reads) `packs/<id>.<hash>.json`.
//! A changed file is a new URL, so those may be served `immutable` for a year while the two
//! entry points are revalidated (`Cache-Control: no-cache`): an upgrade reaches every visitor
//! on the next page load and nothing else is downloaded again unless it changed.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::util::step;

/// Files loaded by an entry point, in dependency order: each may mention only those before it
/// (the worker imports the staff module's glue, the glue names its wasm).
const HASHED: &[&str] = &[
    "xinyong_web_bg.wasm",
    "xinyong_web_pack_bg.wasm",
    "xinyong_web_staff_bg.wasm",
    "xinyong-staff_bg.wasm",
    "xinyong-api_bg.wasm",
    "xinyong_web.js",
    "xinyong_web_pack.js",
    "xinyong_web_staff.js",
    "xinyong-staff.js",
    "xinyong-staff-worker.js",
];

/// Files that must mention a hashed file (checked, so a renamed string in a source does not
/// ship an element that asks for a file that no longer exists).
const MUST_MENTION: &[(&str, &[&str])] = &[
    (
        "xinyong-check.js",
        &[
            "xinyong_web.js",
            "xinyong_web_bg.wasm",
            "xinyong_web_pack.js",
            "xinyong_web_pack_bg.wasm",
            "xinyong_web_staff.js",
            "xinyong_web_staff_bg.wasm",
            "xinyong-staff-worker.js",
        ],
    ),
    (
        "xinyong-staff-worker.js",
        &["xinyong-staff.js", "xinyong-staff_bg.wasm"],
    ),
    ("index.html", &["xinyong_web.js", "xinyong_web_bg.wasm"]),
];

/// Text files whose mentions of hashed files are rewritten (besides the hashed JS itself).
const ENTRIES: &[&str] = &[
    "xinyong-check.js",
    "index.html",
    "xinyong-api.js",
    "demo/bench.js",
    "demo/headless.js",
];

/// 10 hex digits of the SHA-256: 40 bits, ample to tell one release of a file from another.
pub fn short_hash(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)[..5]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `xinyong_web_bg.wasm` + hash → `xinyong_web_bg.<hash>.wasm`.
pub fn hashed_name(name: &str, hash: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

/// True for a content-hashed name (`<stem>.<10 lowercase hex>.<ext>`): what the server may
/// send as `immutable`.
pub fn is_hashed(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let (_ext, hash) = (parts.next(), parts.next());
    parts.next().is_some()
        && hash.is_some_and(|h| {
            h.len() == 10
                && h.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

/// Replace every mention of `from` that stands as a file name in a string or URL (after `"`,
/// `'`, `` ` `` or `/`; before a quote, `?` or `#`) with `to`; returns how many.
fn replace_file_name(text: &str, from: &str, to: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let (mut n, mut last) = (0, 0);
    for (i, _) in text.match_indices(from) {
        let before = text[..i].chars().next_back();
        let after = text[i + from.len()..].chars().next();
        if matches!(before, Some('"' | '\'' | '`' | '/'))
            && matches!(after, Some('"' | '\'' | '`' | '?' | '#'))
        {
            out.push_str(&text[last..i]);
            out.push_str(to);
            last = i + from.len();
            n += 1;
        }
    }
    out.push_str(&text[last..]);
    (out, n)
}

/// Rewrite `file`'s mentions of the files hashed so far; fails when a name `MUST_MENTION`
/// lists for it is not mentioned.
fn rewrite(dist: &Path, file: &str, manifest: &[(String, String)]) -> Result<(), String> {
    let path = dist.join(file);
    let mut text = fs::read_to_string(&path).map_err(|e| format!("cannot read {file}: {e}"))?;
    let must = MUST_MENTION
        .iter()
        .find(|(f, _)| *f == file)
        .map(|(_, m)| *m)
        .unwrap_or(&[]);
    for (from, to) in manifest {
        let (t, n) = replace_file_name(&text, from, to);
        if n == 0 && must.contains(&from.as_str()) {
            return Err(format!(
                "{file} no longer names {from}: its hashed name ({to}) could not be put in (xtask/src/web/publish.rs)"
            ));
        }
        text = t;
    }
    fs::write(&path, text).map_err(|e| format!("cannot write {file}: {e}"))
}

/// Rename the files an entry point loads to their content-hashed names, rewrite the mentions,
/// write `manifest.json` (plain name → hashed name, the regional packs included) and return it.
pub fn fingerprint(dist: &Path) -> Result<Vec<(String, String)>, String> {
    step("content-hashed file names (<name>.<sha256, 10 hex>.<ext>) and manifest.json");
    let mut manifest: Vec<(String, String)> = Vec::new();
    for name in HASHED {
        if name.ends_with(".js") {
            rewrite(dist, name, &manifest)?;
        }
        let from = dist.join(name);
        let bytes = fs::read(&from).map_err(|e| format!("cannot read {name}: {e}"))?;
        let to = hashed_name(name, &short_hash(&bytes));
        fs::rename(&from, dist.join(&to)).map_err(|e| format!("cannot rename {name}: {e}"))?;
        println!("    {name} → {to}");
        manifest.push((name.to_string(), to));
    }
    for entry in ENTRIES {
        rewrite(dist, entry, &manifest)?;
    }
    for l in xinyong_core::pack::pack_listing()
        .iter()
        .filter(|l| l.base.is_some())
    {
        manifest.push((format!("packs/{}.json", l.id), format!("packs/{}", l.file)));
    }
    let map: serde_json::Map<String, serde_json::Value> = manifest
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    let json = serde_json::to_string_pretty(&map).map_err(|e| e.to_string())? + "\n";
    fs::write(dist.join("manifest.json"), json)
        .map_err(|e| format!("cannot write manifest.json: {e}"))?;
    Ok(manifest)
}

/// dist/manifest.json as `fingerprint` wrote it.
pub fn read_manifest(dist: &Path) -> Result<Vec<(String, String)>, String> {
    let text = fs::read_to_string(dist.join("manifest.json"))
        .map_err(|e| format!("cannot read dist/manifest.json: {e}"))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("dist/manifest.json: {e}"))?;
    Ok(v.as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect())
}

/// The hashed name of `name` in dist/ (as `fingerprint` wrote it).
pub fn resolve(manifest: &[(String, String)], name: &str) -> String {
    manifest
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| name.to_string())
}

fn compressible(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()).unwrap_or(""),
        "js" | "mjs" | "wasm" | "json" | "html" | "css" | "md" | "ts" | "csv" | "svg" | "txt"
    )
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// Beside every text and wasm file, `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9),
/// each kept only when smaller than the file: a server sends them as they are instead of
/// compressing on every request (nginx `brotli_static`/`gzip_static`, IIS, `cargo xtask demo`).
pub fn precompress(dist: &Path) -> Result<(), String> {
    step("precompressed copies (.br brotli q11, .gz gzip -9) beside each file");
    let mut files = Vec::new();
    walk(dist, &mut files)?;
    files.sort();
    for f in files.into_iter().filter(|f| compressible(f)) {
        let bytes = fs::read(&f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        let gz = {
            use flate2::{write::GzEncoder, Compression};
            let mut e = GzEncoder::new(Vec::new(), Compression::best());
            e.write_all(&bytes).map_err(|e| e.to_string())?;
            e.finish().map_err(|e| e.to_string())?
        };
        let br = {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: 22,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
                .map_err(|e| e.to_string())?;
            out
        };
        for (ext, data) in [("gz", gz), ("br", br)] {
            if data.len() < bytes.len() {
                let mut name = f.clone().into_os_string();
                name.push(format!(".{ext}"));
                fs::write(&name, data)
                    .map_err(|e| format!("cannot write {}.{ext}: {e}", f.display()))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised_and_plain_ones_are_not() {
        let h = short_hash(b"wasm bytes");
        assert_eq!(h.len(), 10);
        let n = hashed_name("xinyong_web_bg.wasm", &h);
        assert_eq!(n, format!("xinyong_web_bg.{h}.wasm"));
        assert!(is_hashed(&n));
        assert!(is_hashed("fujian-xiamen.0123456789.json"));
        for plain in [
            "xinyong-check.js",
            "xinyong_web_bg.wasm",
            "index.html",
            "a.0123456789",
            "a.012345678.js",
            "a.0123456789A.js",
            "a.012345678G.js",
        ] {
            assert!(!is_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn only_file_names_in_strings_and_urls_are_rewritten() {
        let src = r#"const a={js:"./xinyong_web.js"},b='xinyong_web.js',c=`/x/xinyong_web.js?v`;
// xinyong_web.js in a comment, my_xinyong_web.js, xinyong_web.jsx, "xinyong_web_pack.js""#;
        let (out, n) = replace_file_name(src, "xinyong_web.js", "xinyong_web.0123456789.js");
        assert_eq!(n, 3);
        assert!(out.contains(r#"js:"./xinyong_web.0123456789.js""#));
        assert!(out.contains("'xinyong_web.0123456789.js'"));
        assert!(out.contains("`/x/xinyong_web.0123456789.js?v`"));
        assert!(out.contains("// xinyong_web.js in a comment, my_xinyong_web.js, xinyong_web.jsx"));
        assert!(out.contains(r#""xinyong_web_pack.js""#));
    }

    #[test]
    fn fingerprint_renames_rewrites_and_refuses_a_lost_mention() {
        let dir = super::super::fresh_temp_dir("fingerprint").unwrap();
        for n in HASHED {
            fs::write(dir.join(n), format!("content of {n}")).unwrap();
        }
        fs::write(
            dir.join("xinyong-staff-worker.js"),
            r#"import i from "./xinyong-staff.js";i({module_or_path:new URL("./xinyong-staff_bg.wasm",import.meta.url)})"#,
        )
        .unwrap();
        let element: String = MUST_MENTION[0]
            .1
            .iter()
            .map(|n| format!("\"./{n}\","))
            .collect();
        fs::write(dir.join("xinyong-check.js"), &element).unwrap();
        fs::write(
            dir.join("xinyong-api.js"),
            "new URL('xinyong-api_bg.wasm',import.meta.url)",
        )
        .unwrap();
        fs::create_dir_all(dir.join("demo")).unwrap();
        fs::write(dir.join("demo/bench.js"), r#"import "../xinyong-staff.js""#).unwrap();
        fs::write(dir.join("demo/headless.js"), "").unwrap();
        fs::write(
            dir.join("index.html"),
            r#"<link rel="modulepreload" href="./xinyong_web.js"><script>new URL("./xinyong_web_bg.wasm")</script>"#,
        )
        .unwrap();
        let m = fingerprint(&dir).unwrap();
        for n in HASHED {
            let h = resolve(&m, n);
            assert!(
                is_hashed(&h) && dir.join(&h).is_file() && !dir.join(n).exists(),
                "{n}"
            );
        }
        let worker = fs::read_to_string(dir.join(resolve(&m, "xinyong-staff-worker.js"))).unwrap();
        assert!(worker.contains(&format!("\"./{}\"", resolve(&m, "xinyong-staff.js"))));
        assert!(worker.contains(&format!("\"./{}\"", resolve(&m, "xinyong-staff_bg.wasm"))));
        let el = fs::read_to_string(dir.join("xinyong-check.js")).unwrap();
        for n in MUST_MENTION[0].1 {
            assert!(el.contains(&format!("\"./{}\"", resolve(&m, n))), "{n}");
        }
        let api = fs::read_to_string(dir.join("xinyong-api.js")).unwrap();
        assert!(api.contains(&resolve(&m, "xinyong-api_bg.wasm")));
        let manifest: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(
            manifest["xinyong_web_bg.wasm"],
            resolve(&m, "xinyong_web_bg.wasm").as_str()
        );
        assert!(manifest["packs/fujian-xiamen.json"]
            .as_str()
            .is_some_and(|p| is_hashed(p.trim_start_matches("packs/"))));

        // An element that lost a name is refused rather than shipped asking for a missing file.
        let dir2 = super::super::fresh_temp_dir("fingerprint-lost").unwrap();
        for n in HASHED {
            fs::write(dir2.join(n), n).unwrap();
        }
        fs::write(dir2.join("xinyong-check.js"), "\"./xinyong_web.js\"").unwrap();
        let e = fingerprint(&dir2).unwrap_err();
        assert!(
            e.contains("xinyong-staff") || e.contains("xinyong-check.js"),
            "{e}"
        );
        let _ = fs::remove_dir_all(dir);
        let _ = fs::remove_dir_all(dir2);
    }

    #[test]
    fn precompressed_copies_decompress_to_the_file_and_are_kept_only_when_smaller() {
        let dir = super::super::fresh_temp_dir("precompress").unwrap();
        let text = "const widget = 'xinyong';\n".repeat(200);
        fs::write(dir.join("a.js"), &text).unwrap();
        fs::write(dir.join("tiny.json"), "1").unwrap();
        fs::write(dir.join("b.xlsx"), &text).unwrap();
        precompress(&dir).unwrap();
        let gz = fs::read(dir.join("a.js.gz")).unwrap();
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back)
            .unwrap();
        assert_eq!(back, text);
        let br = fs::read(dir.join("a.js.br")).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
        assert!(br.len() < text.len() / 10);
        assert!(!dir.join("tiny.json.gz").exists() && !dir.join("tiny.json.br").exists());
        assert!(!dir.join("b.xlsx.gz").exists(), "not a text or wasm file");
        let _ = fs::remove_dir_all(dir);
    }
}
