//! The widget's build pipeline and browser tests: `cargo xtask demo | dist | size`, and
//! `browser_tests()` for `cargo xtask test`.
//!
//! Every tool is installed from a package registry only (rustup, crates.io, npm, Debian), and
//! each install step is skipped when already satisfied.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::{have, root, run_in, step};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Total gzip budget of what a portal page downloads for the widget (wasm + JS): issue #5's
/// "250 KB", measured in KiB as every figure here is.
const BUDGET_GZIP: u64 = 250 * 1024;
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Flags every Chromium we start gets: quiet, offline-friendly, no leftovers between runs.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
];
/// wasm-opt must know the features rustc's wasm32 target emits by default.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// dist/ unless XINYONG_DIST names another folder (so parallel builds need not share one).
fn dist_dir() -> PathBuf {
    match std::env::var_os("XINYONG_DIST") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => root().join("dist"),
    }
}

/// Cargo's target directory (honours CARGO_TARGET_DIR and config).
fn target_dir() -> Result<PathBuf, String> {
    let out = Command::new("cargo")
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root())
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("cargo metadata gave unreadable output: {e}"))?;
    v["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata has no target_directory".into())
}

/// The exact wasm-bindgen version in Cargo.lock: the CLI must match the library byte for byte.
fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|v| v.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock (is the `web` crate a workspace member?)".into())
}

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("    ok: rust target {WASM_TARGET} is installed");
        return Ok(());
    }
    step(&format!(
        "installing the Rust target {WASM_TARGET} (rustup)"
    ));
    run_in(&root(), "rustup", &["target", "add", WASM_TARGET], &[])
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let want = locked_wasm_bindgen()?;
    let have = output_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = output_of("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str())
        && runner.split_whitespace().nth(1) == Some(want.as_str())
    {
        println!("    ok: wasm-bindgen-cli {want} (matches Cargo.lock)");
        return Ok(());
    }
    step(&format!(
        "installing wasm-bindgen-cli {want} from crates.io to match Cargo.lock (takes a few minutes; found: {})",
        if have.trim().is_empty() { "none" } else { have.trim() }
    ));
    run_in(
        &root(),
        "cargo",
        &["install", "wasm-bindgen-cli", "--version", &want],
        &[],
    )
}

fn mtime(p: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// `npm ci` from the committed lock file, unless node_modules already reflects it.
fn ensure_npm() -> Result<(), String> {
    let r = root();
    let stamp = r.join("node_modules/.package-lock.json");
    let fresh = match (mtime(&stamp), mtime(&r.join("package-lock.json"))) {
        (Some(s), Some(l)) => s >= l,
        _ => false,
    };
    if fresh
        && r.join("node_modules/.bin/wasm-opt").exists()
        && r.join("node_modules/.bin/terser").exists()
    {
        println!(
            "    ok: npm packages (binaryen, terser, playwright-core, axe-core) are installed"
        );
        return Ok(());
    }
    if !have("npm") || !have("node") {
        return Err(
            "node and npm are needed (Node.js 20 or later): apt-get install -y nodejs npm".into(),
        );
    }
    step("installing npm packages from package-lock.json (npm ci: binaryen for wasm-opt, terser for the JS, playwright-core, axe-core)");
    run_in(&r, "npm", &["ci", "--no-audit", "--no-fund"], &[])
}

/// True when fontconfig knows a font covering Chinese (screenshots are unreadable without).
fn have_cjk_font() -> bool {
    output_of("fc-list", &[":lang=zh", "family"])
        .map(|s| !s.trim().is_empty())
        .unwrap_or(false)
}

fn ensure_chromium() -> Result<(), String> {
    let mut missing: Vec<&str> = Vec::new();
    if !Path::new(CHROMIUM).exists() {
        missing.push("chromium");
    }
    if !Path::new(CHROMEDRIVER).exists() {
        missing.push("chromium-driver");
    }
    if !have_cjk_font() {
        missing.push("fonts-wqy-microhei");
    }
    if missing.is_empty() {
        println!("    ok: {CHROMIUM}, {CHROMEDRIVER} and a Chinese font are installed");
        return Ok(());
    }
    step(&format!(
        "installing {} from Debian (apt-get)",
        missing.join(", ")
    ));
    let is_root = output_of("id", &["-u"])
        .map(|s| s.trim() == "0")
        .unwrap_or(false);
    if !is_root {
        return Err(format!(
            "missing {} and this is not root; run: sudo apt-get update && sudo apt-get install -y {}",
            missing.join(", "),
            missing.join(" ")
        ));
    }
    let env = [("DEBIAN_FRONTEND", "noninteractive")];
    run_in(&root(), "apt-get", &["update"], &env)?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend(&missing);
    run_in(&root(), "apt-get", &args, &env)
}

/// Install what the build needs (each step skipped when satisfied).
fn ensure_build_tools() -> Result<(), String> {
    step("checking build tools");
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_npm()
}

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
fn wasm_opt(root: &Path, wasm: &Path, converge: bool) -> Result<(), String> {
    let w = wasm.to_string_lossy().into_owned();
    let mut args: Vec<&str> = vec![
        "--low-memory-unused",
        "-Os",
        "--strip-debug",
        "--strip-producers",
    ];
    if converge {
        args.push("--converge");
    }
    args.extend_from_slice(WASM_FEATURES);
    args.extend_from_slice(&[&w, "-o", &w]);
    run_in(
        root,
        &root.join("node_modules/.bin/wasm-opt").to_string_lossy(),
        &args,
        &[],
    )
}

/// One wasm bundle: `cargo build` (release, wasm32, with `cargo_args`), wasm-bindgen
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
        "--release",
        "--target",
        WASM_TARGET,
    ];
    args.extend_from_slice(b.cargo_args);
    run_in(&r, "cargo", &args, &[])?;
    let wasm = target_dir()?
        .join(WASM_TARGET)
        .join("release")
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

fn build_dist() -> Result<PathBuf, String> {
    ensure_build_tools()?;
    let r = root();
    let dist = dist_dir();
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("cannot clear {}: {e}", dist.display()))?;
    }
    fs::create_dir_all(&dist).map_err(|e| format!("cannot create {}: {e}", dist.display()))?;
    // The same crate twice: the public self-check without the staff screens (what a portal's
    // visitors load), and the staff build that `<xinyong-check mode="staff">` imports instead.
    step("building the self-check widget (xinyong-web without the staff screens; release wasm, wasm-bindgen, wasm-opt -Oz)");
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
    step("building the headless API (xinyong-wasm, release wasm)");
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
    println!("    wrote {}", dist.display());
    Ok(dist)
}

/// `wasm_opt`, skipped when this exact wasm was optimised before by this exact xtask (the
/// staff module takes minutes and rarely changes between end-to-end runs). The cache lives in
/// target/wasm-opt-cache/, keyed by the input bytes and this file's source (which holds the
/// flags).
fn cached_wasm_opt(root: &Path, wasm: &Path) -> Result<(), String> {
    use std::hash::{Hash, Hasher};
    let bytes = fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    include_str!("web.rs").hash(&mut h);
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
    // A `--config` override, so the widget's own release build stays at "z".
    build_wasm(
        dist,
        &Bundle {
            package: "xinyong-staff",
            artifact: "xinyong_staff.wasm",
            cargo_args: &["--config", "profile.release.opt-level=3"],
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
        ("dist-README.md", "README.md"),
        ("dist-package.json", "package.json"),
    ] {
        fs::copy(s.join(from), dist.join(to)).map_err(|e| format!("cannot copy {from}: {e}"))?;
    }
    // One sheet for reference, as the full build carries it: the self-check's rules, then the
    // staff screens'.
    let mut css = String::new();
    for f in ["widget.css", "widget-staff.css"] {
        css += &fs::read_to_string(s.join(f)).map_err(|e| format!("cannot read {f}: {e}"))?;
    }
    fs::write(dist.join("widget.css"), css).map_err(|e| format!("cannot write widget.css: {e}"))?;
    copy_dir(&s.join("demo"), &dist.join("demo"))
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

/// The regional packs the self-check build does not embed, as `packs/<id>.json`: the exact
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
        let to = dir.join(format!("{}.json", l.id));
        fs::write(&to, json).map_err(|e| format!("cannot write {}: {e}", to.display()))?;
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> u64 {
    use flate2::{write::GzEncoder, Compression};
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    let _ = e.write_all(bytes);
    e.finish().map(|v| v.len() as u64).unwrap_or(0)
}

/// KiB (1024 bytes), the unit of the budget since it was first measured.
fn kb(n: u64) -> String {
    format!("{:.1} KiB", n as f64 / 1024.0)
}

/// Print raw and gzip sizes; the widget's gzip total (wasm + JS).
fn report_sizes(dist: &Path) -> Result<u64, String> {
    step("sizes (raw / gzip -9)");
    let mut total = 0;
    let mut api = 0;
    let mut staff = 0;
    let mut pack = 0;
    for f in [
        "xinyong_web_bg.wasm",
        "xinyong_web.js",
        "xinyong-check.js",
        "index.html",
        "xinyong-api_bg.wasm",
        "xinyong-api.js",
        "xinyong-staff_bg.wasm",
        "xinyong-staff.js",
        "xinyong-staff-worker.js",
        "xinyong_web_staff_bg.wasm",
        "xinyong_web_staff.js",
        "xinyong_web_pack_bg.wasm",
        "xinyong_web_pack.js",
    ] {
        let bytes = fs::read(dist.join(f)).map_err(|e| format!("cannot read dist/{f}: {e}"))?;
        let gz = gzip_len(&bytes);
        if f.starts_with("xinyong-api") {
            api += gz;
        } else if f.starts_with("xinyong_web_pack") {
            pack += gz;
        } else if f.starts_with("xinyong-staff") || f.starts_with("xinyong_web_staff") {
            staff += gz;
        } else if f != "index.html" {
            total += gz;
        }
        println!(
            "    {f:<34} {:>10} raw {:>10} gzip",
            kb(bytes.len() as u64),
            kb(gz)
        );
    }
    // `national` is compiled into every wasm; the self-check fetches one regional overlay, the
    // one a visitor picks (the other builds embed them all).
    let mut largest = 0;
    for l in xinyong_core::pack::pack_listing() {
        let json = xinyong_core::pack::builtin_json(l.id).unwrap_or_default();
        let gz = gzip_len(json.as_bytes());
        let (name, how) = match l.base {
            None => (format!("pack {}", l.id), "in every wasm"),
            Some(_) => {
                largest = largest.max(gz);
                (format!("packs/{}.json", l.id), "fetched when picked")
            }
        };
        println!(
            "    {name:<34} {:>10} raw {:>10} gzip  ({how})",
            kb(json.len() as u64),
            kb(gz)
        );
    }
    println!("    headless API total (wasm + JS): {} gzip", kb(api));
    println!(
        "    pack build (for pack-src: the self-check plus the pack checker and the regional packs; wasm + JS): {} gzip",
        kb(pack)
    );
    println!(
        "    staff mode total (staff build of the widget + staff module + worker; inquiry fetches only the module and worker; not in the widget budget): {} gzip",
        kb(staff)
    );
    println!(
        "    widget total (wasm + JS + element): {} gzip ({total} bytes), budget {} — {}; a visitor who picks a region also fetches its pack (at most {})",
        kb(total),
        kb(BUDGET_GZIP),
        if total <= BUDGET_GZIP {
            "within budget"
        } else {
            "OVER BUDGET"
        },
        kb(largest)
    );
    Ok(total)
}

fn over_budget(total: u64) -> String {
    format!(
        "the widget is {} gzip, over the {} budget",
        kb(total),
        kb(BUDGET_GZIP)
    )
}

/// Builds and tests go on when over budget (the overage is reported, and `cargo xtask size`
/// fails on it), so one heavy dependency does not block every other check.
fn warn_budget(total: u64) {
    if total > BUDGET_GZIP {
        println!(
            "    WARNING: {}; `cargo xtask size` fails until it is fixed",
            over_budget(total)
        );
    }
}

/// A small static file server for dist/ (GET/HEAD, 127.0.0.1 only).
pub struct Server {
    pub url: String,
}

/// Folders served under `/<prefix>/` besides the root (e.g. `test-data` → target/e2e-data).
pub type Mounts = Vec<(String, PathBuf)>;

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "jsonl" => "application/x-ndjson",
        _ => "application/octet-stream",
    }
}

fn respond(mut s: TcpStream, root_dir: &Path, mounts: &Mounts) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match s.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Drain the headers; the body of a GET is empty.
    let mut h = String::new();
    while reader.read_line(&mut h).map(|n| n > 2).unwrap_or(false) {
        h.clear();
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() { "index.html" } else { rel };
    // A mount's prefix picks its folder; the same traversal check applies inside it.
    let (dir, rel) = mounts
        .iter()
        .find_map(|(prefix, d)| {
            rel.strip_prefix(prefix.as_str())
                .and_then(|r| r.strip_prefix('/'))
                .map(|r| (d.as_path(), r))
        })
        .unwrap_or((root_dir, rel));
    let file = dir.join(rel);
    let safe = !rel.split('/').any(|c| c == ".." || c.is_empty()) && file.starts_with(dir);
    let (status, body, ctype) = match (method, safe) {
        ("GET" | "HEAD", true) => match fs::read(&file) {
            Ok(b) => ("200 OK", b, content_type(&file)),
            Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        },
        ("GET" | "HEAD", false) => ("403 Forbidden", b"forbidden".to_vec(), "text/plain"),
        _ => (
            "405 Method Not Allowed",
            b"method not allowed".to_vec(),
            "text/plain",
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = s.write_all(&body);
    }
    let _ = s.flush();
    // Let the client close first so no data is lost to a reset.
    let _ = s.shutdown(std::net::Shutdown::Write);
    let _ = reader.read(&mut [0u8; 64]);
}

/// Serve `dir` on 127.0.0.1:`port` (0 = any free port) from a background thread.
pub fn serve(dir: PathBuf, port: u16) -> Result<Server, String> {
    serve_with(dir, Vec::new(), port)
}

/// `serve`, plus each mount's folder under `/<prefix>/`.
pub fn serve_with(dir: PathBuf, mounts: Mounts, port: u16) -> Result<Server, String> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        format!("cannot listen on 127.0.0.1:{port}: {e} (is another server running there?)")
    })?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        let mounts = std::sync::Arc::new(mounts);
        for s in listener.incoming().flatten() {
            let dir = dir.clone();
            let mounts = mounts.clone();
            std::thread::spawn(move || respond(s, &dir, &mounts));
        }
    });
    Ok(Server {
        url: format!("http://{addr}/"),
    })
}

pub fn dist(args: &[String]) -> Result<(), String> {
    no_args("dist", args)?;
    let d = build_dist()?;
    warn_budget(report_sizes(&d)?);
    Ok(())
}

pub fn size(args: &[String]) -> Result<(), String> {
    no_args("size", args)?;
    // Always rebuild: a stale dist/ would report yesterday's sizes (cargo is incremental).
    let d = build_dist()?;
    let total = report_sizes(&d)?;
    if total > BUDGET_GZIP {
        return Err(over_budget(total));
    }
    Ok(())
}

pub fn demo(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => 8080,
        [flag, p] if flag == "--port" => p
            .parse()
            .map_err(|_| format!("--port wants a number, got `{p}`"))?,
        _ => return Err("usage: cargo xtask demo [--port N]".into()),
    };
    let d = build_dist()?;
    warn_budget(report_sizes(&d)?);
    let server = serve(d, port)?;
    println!(
        "\n  xinyong demo: {}\n  embedding demos: {}demo/ (portal, headless API, events, strict CSP, portal pack)\n  (serving dist/ on 127.0.0.1 only; Ctrl-C to stop)",
        server.url.trim_end_matches('/'),
        server.url
    );
    loop {
        std::thread::park();
    }
}

fn no_args(cmd: &str, args: &[String]) -> Result<(), String> {
    match args.first() {
        Some(a) => Err(format!(
            "`cargo xtask {cmd}` takes no arguments (got `{a}`)"
        )),
        None => Ok(()),
    }
}

/// A fresh, empty directory under the system temp dir (removed by the caller).
fn fresh_temp_dir(tag: &str) -> Result<PathBuf, String> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let d = std::env::temp_dir().join(format!("xinyong-{tag}-{}-{nanos}", std::process::id()));
    fs::create_dir_all(&d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    Ok(d)
}

/// Component tests (wasm-bindgen-test in headless Chromium), then end-to-end tests
/// (Playwright + axe-core against the release build). Called by `cargo xtask test`.
pub fn browser_tests() -> Result<(), String> {
    ensure_build_tools()?;
    ensure_chromium()?;
    let r = root();

    step("component tests in headless Chromium (wasm-bindgen-test)");
    let profile = fresh_temp_dir("chromium-profile")?;
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let caps = serde_json::json!({
        "goog:chromeOptions": { "binary": CHROMIUM, "args": args }
    });
    let caps_file = profile.with_extension("webdriver.json");
    fs::write(&caps_file, caps.to_string())
        .map_err(|e| format!("cannot write webdriver.json: {e}"))?;
    let caps_s = caps_file.to_string_lossy().into_owned();
    let env = [
        ("CHROMEDRIVER", CHROMEDRIVER),
        ("WASM_BINDGEN_TEST_WEBDRIVER_JSON", caps_s.as_str()),
        ("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    ];
    let full = [
        "test",
        "-p",
        "xinyong-web",
        "-p",
        "xinyong-wasm",
        "-p",
        "xinyong-staff",
        "--target",
        WASM_TARGET,
    ];
    // Again without the staff screens: the build a portal's visitors load.
    let lean = [
        "test",
        "-p",
        "xinyong-web",
        "--no-default-features",
        "--target",
        WASM_TARGET,
    ];
    let result = run_in(&r, "cargo", &full, &env).and_then(|()| run_in(&r, "cargo", &lean, &env));
    let _ = fs::remove_dir_all(&profile);
    let _ = fs::remove_file(&caps_file);
    result?;

    e2e_tests(&[])
}

/// `cargo xtask e2e [tests/e2e/x.test.mjs …]`: build dist/ and run the named end-to-end files
/// (all of them when none is named), without the component tests.
pub fn e2e(args: &[String]) -> Result<(), String> {
    ensure_build_tools()?;
    ensure_chromium()?;
    e2e_tests(args)
}

/// What end-to-end files get besides dist/: the synthetic test data (served under
/// `/test-data/`, path in XINYONG_TEST_DATA) and the `xinyong` CLI (XINYONG_CLI), so a browser
/// result can be compared with the CLI's on the same file.
pub fn e2e_inputs() -> Result<(PathBuf, PathBuf), String> {
    step("end-to-end test data (target/e2e-data) and the xinyong CLI");
    let target = target_dir()?;
    let data = crate::data::e2e_data(&target)?;
    run_in(&root(), "cargo", &["build", "-p", "xinyong-cli"], &[])?;
    let cli = target
        .join("debug")
        .join(format!("xinyong{}", std::env::consts::EXE_SUFFIX));
    if !cli.is_file() {
        return Err(format!(
            "the CLI was built but {} is missing",
            cli.display()
        ));
    }
    Ok((data, cli))
}

/// Build dist/, serve it with the test data, run `tests/bench/browser-bench.mjs` on the 20k
/// batch files and the 100k dataset, and return the page's results.
pub fn browser_bench(evaluate: usize) -> Result<serde_json::Value, String> {
    ensure_build_tools()?;
    ensure_chromium()?;
    let r = root();
    let d = build_dist()?;
    let (data, _) = e2e_inputs()?;
    let server = serve_with(d, vec![("test-data".into(), data)], 0)?;
    step("browser benchmark: demo/bench.html in headless Chromium (tests/bench/browser-bench.mjs)");
    let rows = crate::data::E2E_BATCH_ROWS;
    let subjects = crate::data::E2E_SUBJECTS;
    let args = [
        "tests/bench/browser-bench.mjs".to_string(),
        "--batch".into(),
        format!("/test-data/batch-{rows}.xlsx"),
        "--batch".into(),
        format!("/test-data/batch-{rows}.csv"),
        "--dataset".into(),
        format!("/test-data/synthetic-{subjects}.json"),
        "--evaluate".into(),
        evaluate.to_string(),
    ];
    println!("    $ node {}", args.join(" "));
    let out = Command::new("node")
        .args(&args)
        .current_dir(&r)
        .env("XINYONG_URL", &server.url)
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("CHROMIUM_FLAGS", CHROMIUM_FLAGS.join(" "))
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start node: {e}"))?;
    if !out.status.success() {
        return Err(format!("the browser benchmark failed ({})", out.status));
    }
    serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("the browser benchmark printed no results JSON: {e}"))
}

fn e2e_tests(only: &[String]) -> Result<(), String> {
    let r = root();
    let d = build_dist()?;
    warn_budget(report_sizes(&d)?);
    let (data, cli) = e2e_inputs()?;
    step("end-to-end tests in headless Chromium (Playwright + axe-core, node --test)");
    let server = serve_with(d, vec![("test-data".into(), data.clone())], 0)?;
    let data_s = data.to_string_lossy().into_owned();
    let cli_s = cli.to_string_lossy().into_owned();
    fs::create_dir_all(r.join("tests/artifacts")).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let flags = CHROMIUM_FLAGS.join(" ");
    let mut tests: Vec<String> = fs::read_dir(r.join("tests/e2e"))
        .map_err(|e| format!("cannot list tests/e2e: {e}"))?
        .filter_map(|e| e.ok())
        .map(|e| format!("tests/e2e/{}", e.file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".test.mjs"))
        .filter(|n| only.is_empty() || only.iter().any(|o| n.ends_with(o.as_str())))
        .collect();
    if tests.is_empty() {
        return Err(format!(
            "no end-to-end file matches {only:?} under tests/e2e"
        ));
    }
    tests.sort();
    // One file at a time: on a 2-core CI machine parallel browsers only add timing noise.
    let mut node_args = vec!["--test", "--test-concurrency=1"];
    node_args.extend(tests.iter().map(String::as_str));
    run_in(
        &r,
        "node",
        &node_args,
        &[
            ("XINYONG_URL", &server.url),
            ("CHROMIUM_PATH", CHROMIUM),
            ("CHROMIUM_FLAGS", &flags),
            ("XINYONG_TEST_DATA", &data_s),
            ("XINYONG_CLI", &cli_s),
        ],
    )?;
    println!("    e2e done in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url: &str, path: &str) -> String {
        let addr = url.trim_start_matches("http://").trim_end_matches('/');
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn mounts_serve_their_folder_and_keep_traversal_out() {
        let root = fresh_temp_dir("serve-root").unwrap();
        let data = fresh_temp_dir("serve-data").unwrap();
        fs::write(root.join("a.txt"), "root file").unwrap();
        fs::write(data.join("b.csv"), "data file").unwrap();
        fs::write(root.join("b.csv"), "not this one").unwrap();
        let server = serve_with(root.clone(), vec![("test-data".into(), data.clone())], 0).unwrap();
        let ok = |p: &str, body: &str| {
            let r = get(&server.url, p);
            assert!(
                r.starts_with("HTTP/1.1 200") && r.ends_with(body),
                "{p}: {r}"
            );
        };
        ok("/a.txt", "root file");
        ok("/test-data/b.csv", "data file");
        ok("/b.csv", "not this one");
        for bad in [
            "/test-data/../a.txt",
            "/test-data/..",
            "/../a.txt",
            "/test-data//b.csv",
        ] {
            let r = get(&server.url, bad);
            assert!(r.starts_with("HTTP/1.1 403"), "{bad}: {r}");
        }
        assert!(get(&server.url, "/test-data/none.json").starts_with("HTTP/1.1 404"));
        // A prefix only counts as a whole path segment.
        assert!(get(&server.url, "/test-database/b.csv").starts_with("HTTP/1.1 404"));
        let _ = fs::remove_dir_all(root);
        let _ = fs::remove_dir_all(data);
    }
}
