//! `cargo xtask dist`: the wasm bundles (cargo build → wasm-bindgen → glue renaming →
//! wasm-opt), the minified JS, and the files that make dist/ what a portal copies.

use std::fs;
use std::path::{Path, PathBuf};

use super::install::ensure_build_tools;
use super::{dist_dir, target_dir, WASM_TARGET};
use crate::util::{root, run_in, step};

/// wasm-opt must know the features rustc's wasm32 target emits by default.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// wasm-opt's optimisation level for every bundle (the step titles, `cargo xtask help` and
/// docs/size.md name it; a test holds the help text to it).
pub(crate) const WASM_OPT_LEVEL: &str = "-Os";

/// Optimise a wasm file in place for size (wasm-opt from the npm `binaryen` package). `-Os`,
/// not `-Oz`: measured on every bundle, `-Oz`'s harder shrinking leaves code that gzips worse
/// (self-check −0.4 KiB gzip with `-Os`, headless API −0.4, staff module −4.4; docs/size.md).
/// With `converge`, repeated until the module stops shrinking (≈ 1 KB gzip on the self-check
/// for ≈ 25 s more; the large cached modules skip it).
///
/// `--low-memory-unused` (≈ 1.4 KB gzip) lets wasm-opt fold `load(p + c)` into
/// `load offset=c (p)`, which differs only when `p + c` wraps past 2³² into the first KiB.
/// Rust lays the stack out first (it grows down from 1 MiB towards 0, the data after it), so
/// the first KiB is the last KiB of the stack: reached only by a stack already overflowing,
/// where the folded access traps instead of writing there.
///
/// The optimised module keeps its function names (`-g`) for one more step: its functions are
/// laid out by name for gzip (`crate::order`, ≈ 4.5 KB gzip on the self-check), then the names
/// go.
fn wasm_opt(root: &Path, wasm: &Path, converge: bool) -> Result<(), String> {
    let w = wasm.to_string_lossy().into_owned();
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    let wasm_opt = wasm_opt.to_string_lossy();
    let mut args: Vec<&str> = vec![
        "--low-memory-unused",
        WASM_OPT_LEVEL,
        "--debuginfo",
        "--strip-producers",
    ];
    if converge {
        args.push("--converge");
    }
    args.extend_from_slice(WASM_FEATURES);
    args.extend_from_slice(&[&w, "-o", &w]);
    run_in(root, &wasm_opt, &args, &[])?;
    crate::order::rank_names(wasm)?;
    let mut args: Vec<&str> = vec!["--reorder-functions-by-name", "--strip-debug"];
    args.extend_from_slice(WASM_FEATURES);
    args.extend_from_slice(&[&w, "-o", &w]);
    run_in(root, &wasm_opt, &args, &[])
}

/// The cargo profile of every wasm build: the release profile at opt-level "z" (root
/// Cargo.toml), while native release builds run at opt-level 3.
pub(super) const WASM_PROFILE: &str = "wasm-release";

/// One wasm bundle: `cargo build` (wasm-release, wasm32, with `cargo_args`), wasm-bindgen
/// `--target web` into `dist` as `out_name`, then wasm-opt (cached for large modules).
struct Bundle<'a> {
    package: &'a str,
    /// The file cargo writes (`<crate name>.wasm`).
    artifact: &'a str,
    cargo_args: &'a [&'a str],
    out_name: &'a str,
    typescript: bool,
    cache_opt: bool,
}

fn build_wasm(dist: &Path, b: &Bundle) -> Result<(), String> {
    let r = root();
    let mut args = vec![
        "build",
        "-p",
        b.package,
        "--profile",
        WASM_PROFILE,
        "--target",
        WASM_TARGET,
    ];
    args.extend_from_slice(b.cargo_args);
    run_in(&r, "cargo", &args, &[])?;
    let wasm = target_dir()?
        .join(WASM_TARGET)
        .join(WASM_PROFILE)
        .join(b.artifact);
    let dist_s = dist.to_string_lossy().into_owned();
    let wasm_s = wasm.to_string_lossy().into_owned();
    let mut bindgen = vec![
        "--target",
        "web",
        "--out-name",
        b.out_name,
        "--out-dir",
        &dist_s,
    ];
    if !b.typescript {
        bindgen.push("--no-typescript");
    }
    bindgen.push(&wasm_s);
    run_in(&r, "wasm-bindgen", &bindgen, &[])?;
    let bg = dist.join(format!("{}_bg.wasm", b.out_name));
    crate::glue::shorten(&bg, &dist.join(format!("{}.js", b.out_name)), !b.typescript)?;
    if b.cache_opt {
        cached_wasm_opt(&r, &bg)?;
    } else {
        wasm_opt(&r, &bg, true)?;
    }
    // The .d.ts of the wasm's own exports is not a public surface.
    let _ = fs::remove_file(dist.join(format!("{}_bg.wasm.d.ts", b.out_name)));
    Ok(())
}

pub(super) fn build_dist() -> Result<PathBuf, String> {
    ensure_build_tools()?;
    let r = root();
    let dist = dist_dir();
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("cannot clear {}: {e}", dist.display()))?;
    }
    fs::create_dir_all(&dist).map_err(|e| format!("cannot create {}: {e}", dist.display()))?;
    // The same crate twice: the public self-check without the staff screens (what a portal's
    // visitors load), and the staff build that `<xinyong-check mode="staff">` imports instead.
    step(&format!("building the self-check widget (xinyong-web without the staff screens; release wasm, wasm-bindgen, wasm-opt {WASM_OPT_LEVEL})"));
    build_wasm(
        &dist,
        &Bundle {
            package: "xinyong-web",
            artifact: "xinyong_web.wasm",
            cargo_args: &["--no-default-features"],
            out_name: "xinyong_web",
            typescript: false,
            cache_opt: false,
        },
    )?;
    step("building the pack build of the widget (the self-check plus the checker a portal's own pack goes through and every regional pack it may be based on; for pack-src)");
    build_wasm(
        &dist,
        &Bundle {
            package: "xinyong-web",
            artifact: "xinyong_web.wasm",
            cargo_args: &["--no-default-features", "--features", "custom-pack"],
            out_name: "xinyong_web_pack",
            typescript: false,
            cache_opt: false,
        },
    )?;
    step("building the staff build of the widget (xinyong-web with the staff screens)");
    build_wasm(
        &dist,
        &Bundle {
            package: "xinyong-web",
            artifact: "xinyong_web.wasm",
            cargo_args: &[],
            out_name: "xinyong_web_staff",
            typescript: false,
            cache_opt: true,
        },
    )?;
    fs::copy(r.join("web/static/index.html"), dist.join("index.html"))
        .map_err(|e| format!("cannot copy index.html: {e}"))?;
    step(&format!("building the headless API (xinyong-wasm; release wasm at opt-level \"z\", wasm-bindgen, wasm-opt {WASM_OPT_LEVEL})"));
    // Built for size, like the widget: a portal page downloads it to evaluate the one subject its
    // visitor typed. Opt-level 3 evaluated 1.18× as many subjects per CPU second in Node but
    // weighed 274,755 bytes gzip against 222,915 (docs/performance.md, session 8); batches
    // run in the staff module, which is built for speed.
    build_wasm(
        &dist,
        &Bundle {
            package: "xinyong-wasm",
            artifact: "xinyong_wasm.wasm",
            cargo_args: &[],
            out_name: "xinyong-api",
            typescript: true,
            cache_opt: false,
        },
    )?;
    build_staff(&dist)?;
    embed_files(&dist)?;
    write_packs(&dist)?;
    minify_js(&dist)?;
    super::publish::fingerprint(&dist)?;
    super::publish::precompress(&dist)?;
    println!("    wrote {}", dist.display());
    Ok(dist)
}

/// `wasm_opt`, skipped when this exact wasm was optimised before by this exact xtask (the
/// staff module takes minutes and rarely changes between end-to-end runs). The cache lives in
/// target/wasm-opt-cache/, keyed by the input bytes, this file's source (which holds the
/// flags) and `order.rs` (the function order).
fn cached_wasm_opt(root: &Path, wasm: &Path) -> Result<(), String> {
    use std::hash::{Hash, Hasher};
    let bytes = fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    include_str!("bundle.rs").hash(&mut h);
    include_str!("../order.rs").hash(&mut h);
    let cache = target_dir()?.join("wasm-opt-cache");
    let name = wasm.file_name().unwrap_or_default().to_string_lossy();
    let hit = cache.join(format!("{:016x}-{name}", h.finish()));
    if hit.is_file() {
        println!(
            "    ok: {name} was optimised before (cached in {})",
            cache.display()
        );
        return fs::copy(&hit, wasm)
            .map(|_| ())
            .map_err(|e| format!("cannot copy {}: {e}", hit.display()));
    }
    wasm_opt(root, wasm, false)?;
    // Keep only the newest entry per file name: the cache must not grow with every change.
    if let Ok(entries) = fs::read_dir(&cache) {
        for e in entries.flatten() {
            if e.file_name()
                .to_string_lossy()
                .ends_with(&format!("-{name}"))
            {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    fs::create_dir_all(&cache).map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
    // Copy then rename: a parallel build (another XINYONG_DIST) never reads a half-written file.
    let tmp = cache.join(format!("{name}.{}.tmp", std::process::id()));
    fs::copy(wasm, &tmp).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    fs::rename(&tmp, &hit).map_err(|e| format!("cannot write {}: {e}", hit.display()))?;
    Ok(())
}

/// The staff module (`crates/staff`: batch pre-screening and dataset inquiry) and its module
/// worker. Fetched only in staff mode or when a dataset is searched, so it is not part of the
/// widget's budget.
fn build_staff(dist: &Path) -> Result<(), String> {
    step("building the staff module (xinyong-staff, release wasm at opt-level 3) and its worker");
    // Built for speed, not size: it screens 20,000-row files and indexes 100k subjects, is
    // fetched only by staff and inquiry users, and is outside the widget budget. Measured with
    // demo/bench.html: opt-level 3 screens about 1.5× faster than "z" for ~30% more gzip bytes.
    // A `--config` override, so the widget's own wasm build stays at "z".
    build_wasm(
        dist,
        &Bundle {
            package: "xinyong-staff",
            artifact: "xinyong_staff.wasm",
            cargo_args: &["--config", "profile.wasm-release.opt-level=3"],
            out_name: "xinyong-staff",
            typescript: false,
            cache_opt: true,
        },
    )?;
    let r = root();
    fs::copy(
        r.join("web/static/xinyong-staff-worker.js"),
        dist.join("xinyong-staff-worker.js"),
    )
    .map_err(|e| format!("cannot copy xinyong-staff-worker.js: {e}"))?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()))?;
        } else {
            fs::copy(&p, to.join(e.file_name()))
                .map_err(|err| format!("cannot copy {}: {err}", p.display()))?;
        }
    }
    Ok(())
}

/// What makes dist/ the folder a portal copies as-is: the custom element module, its README
/// and package.json, the widget's style sheet (for reference; the wasm carries it), an example
/// portal pack, and the demo pages.
fn embed_files(dist: &Path) -> Result<(), String> {
    let s = root().join("web/static");
    for (from, to) in [
        ("xinyong-check.js", "xinyong-check.js"),
        ("xinyong-check.d.ts", "xinyong-check.d.ts"),
        ("xinyong-check-jsx.d.ts", "xinyong-check-jsx.d.ts"),
        ("dist-README.md", "README.md"),
    ] {
        fs::copy(s.join(from), dist.join(to)).map_err(|e| format!("cannot copy {from}: {e}"))?;
    }
    write_package_json(&s.join("dist-package.json"), &dist.join("package.json"))?;
    // One sheet for reference, as the full build carries it: the self-check's rules, then the
    // staff screens'.
    let mut css = String::new();
    for f in ["widget.css", "widget-staff.css"] {
        css += &fs::read_to_string(s.join(f)).map_err(|e| format!("cannot read {f}: {e}"))?;
    }
    fs::write(dist.join("widget.css"), css).map_err(|e| format!("cannot write widget.css: {e}"))?;
    copy_dir(&s.join("demo"), &dist.join("demo"))
}

/// dist/package.json: the template with the release's version (the workspace's), so `npm pack`
/// in dist/ makes `xinyong-widget-<version>.tgz` for a tarball install or a private registry.
fn write_package_json(template: &Path, to: &Path) -> Result<(), String> {
    // A text substitution, not a re-serialisation: serde_json would sort the keys, and the
    // order of an `exports` entry's conditions is its meaning (`types` must come first).
    const PLACEHOLDER: &str = "0.0.0-set-by-cargo-xtask-dist";
    let text = fs::read_to_string(template)
        .map_err(|e| format!("cannot read {}: {e}", template.display()))?;
    serde_json::from_str::<serde_json::Value>(&text)
        .map_err(|e| format!("{} is not JSON: {e}", template.display()))?;
    if !text.contains(PLACEHOLDER) {
        return Err(format!(
            "{} lacks the version placeholder {PLACEHOLDER}",
            template.display()
        ));
    }
    let out = text.replace(PLACEHOLDER, env!("CARGO_PKG_VERSION"));
    fs::write(to, out).map_err(|e| format!("cannot write {}: {e}", to.display()))
}

/// The JS a page loads, minified in place (terser: compress and mangle, as an ES module, so
/// exports, `import.meta.url` and the file names in strings stay). The sources in the repository
/// keep their comments; minifying took the self-check's JS from 14.4 to 9.4 KiB gzip.
fn minify_js(dist: &Path) -> Result<(), String> {
    step("minifying the JS modules (terser --module --compress --mangle)");
    let r = root();
    let terser = r
        .join("node_modules/.bin/terser")
        .to_string_lossy()
        .into_owned();
    for f in [
        "xinyong-check.js",
        "xinyong_web.js",
        "xinyong_web_pack.js",
        "xinyong_web_staff.js",
        "xinyong-api.js",
        "xinyong-staff.js",
        "xinyong-staff-worker.js",
    ] {
        let path = dist.join(f).to_string_lossy().into_owned();
        run_in(
            &r,
            &terser,
            &["--module", "--compress", "--mangle", "-o", &path, &path],
            &[],
        )?;
    }
    Ok(())
}

/// The regional packs the self-check build does not embed, as `packs/<id>.<hash>.json`: the exact
/// JSON whose SRI hash the build carries (core's build.rs made both from `packs/`), so the
/// browser accepts these files and no others.
fn write_packs(dist: &Path) -> Result<(), String> {
    let dir = dist.join("packs");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for l in xinyong_core::pack::pack_listing()
        .iter()
        .filter(|l| l.base.is_some())
    {
        let json = xinyong_core::pack::builtin_json(l.id)
            .ok_or_else(|| format!("pack {} is not embedded in xtask (overlays feature)", l.id))?;
        let to = dir.join(l.file);
        fs::write(&to, json).map_err(|e| format!("cannot write {}: {e}", to.display()))?;
    }
    Ok(())
}
