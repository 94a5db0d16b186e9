//! The widget's build pipeline and browser tests: `cargo xtask demo | dist | size | e2e`, and
//! `browser_tests()` for `cargo xtask test`, one module per job:
//!
//! - `install`: the tools a build needs (rustup target, wasm-bindgen-cli, npm packages,
//!   Chromium), each step skipped when already satisfied;
//! - `bundle`: `cargo xtask dist` — the wasm bundles, wasm-opt, the JS minified, dist/'s files;
//! - `publish`: content-hashed names, manifest.json, precompressed `.br`/`.gz` copies;
//! - `size`: the gzip sizes and the widget's budget (`cargo xtask size`);
//! - `serve`: the static server of dist/ (`cargo xtask demo`, the browser tests);
//! - `lighthouse`: Lighthouse on a demo page (`cargo xtask lighthouse`);
//! - `e2e`: component and end-to-end tests in headless Chromium, the browser benchmark.
//!
//! Every tool is installed from a package registry only (rustup, crates.io, npm, Debian).

mod bundle;
mod e2e;
mod install;
mod lighthouse;
mod publish;
mod serve;
mod size;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::util::root;

#[cfg(test)]
pub(crate) use bundle::WASM_OPT_LEVEL;
pub use e2e::{browser_bench, browser_tests, e2e};
pub use lighthouse::lighthouse;
pub use serve::demo;
pub use size::{dist, size};

pub(super) const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub(super) const CHROMIUM: &str = "/usr/bin/chromium";
pub(super) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
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

/// dist/ unless XINYONG_DIST names another folder (so parallel builds need not share one).
pub(super) fn dist_dir() -> PathBuf {
    match std::env::var_os("XINYONG_DIST") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => root().join("dist"),
    }
}

/// Cargo's target directory (honours CARGO_TARGET_DIR and config).
pub(super) fn target_dir() -> Result<PathBuf, String> {
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

pub(super) fn no_args(cmd: &str, args: &[String]) -> Result<(), String> {
    match args.first() {
        Some(a) => Err(format!(
            "`cargo xtask {cmd}` takes no arguments (got `{a}`)"
        )),
        None => Ok(()),
    }
}

/// A fresh, empty directory under the system temp dir (removed by the caller).
pub(super) fn fresh_temp_dir(tag: &str) -> Result<PathBuf, String> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let d = std::env::temp_dir().join(format!("xinyong-{tag}-{}-{nanos}", std::process::id()));
    fs::create_dir_all(&d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    Ok(d)
}
