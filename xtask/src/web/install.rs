//! The tools a build and the browser tests need, each installed from its package registry
//! only when missing (rustup, crates.io, npm from the committed lock file, Debian).

use std::fs;
use std::path::Path;
use std::process::Command;

use super::{CHROMEDRIVER, CHROMIUM, WASM_TARGET};
use crate::util::{have, root, run_in, step};

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

pub(super) fn ensure_chromium() -> Result<(), String> {
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
pub(super) fn ensure_build_tools() -> Result<(), String> {
    step("checking build tools");
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_npm()
}
