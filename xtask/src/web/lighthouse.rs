//! `cargo xtask lighthouse`: Lighthouse (npm, pinned in tests/lighthouse/) on a demo page served
//! as a portal serves dist/, mobile profile, the system Chromium. Not part of `cargo xtask
//! test`: the performance score moves with the machine's load.

use std::fs;
use std::process::Command;

use super::bundle::build_dist;
use super::install::{ensure_build_tools, ensure_chromium};
use super::serve::{serve_with, vendor_mounts};
use super::{dist_dir, fresh_temp_dir, target_dir, CHROMIUM, CHROMIUM_FLAGS};
use crate::util::{root, run_in, step};

/// Issue 17's targets on demo/portal.html (Lighthouse mobile).
const MIN_PERFORMANCE: f64 = 98.0;
const MIN_ACCESSIBILITY: f64 = 100.0;

const USAGE: &str =
    "usage: cargo xtask lighthouse [--page demo/portal.html] [--no-build: reuse dist/]";

pub fn lighthouse(args: &[String]) -> Result<(), String> {
    let mut page = "demo/portal.html".to_string();
    let mut build = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--page" => page = it.next().ok_or(USAGE)?.trim_start_matches('/').to_string(),
            "--no-build" => build = false,
            _ => return Err(USAGE.into()),
        }
    }
    ensure_build_tools()?;
    ensure_chromium()?;
    let dir = root().join("tests/lighthouse");
    if !dir.join("node_modules/.bin/lighthouse").exists() {
        step("installing Lighthouse from tests/lighthouse/package-lock.json (npm ci)");
        run_in(&dir, "npm", &["ci", "--no-audit", "--no-fund"], &[])?;
    }
    let dist = if build { build_dist()? } else { dist_dir() };
    let server = serve_with(dist, vendor_mounts(), 0)?;
    let url = format!("{}{page}", server.url);
    let out_dir = target_dir()?.join("lighthouse");
    fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let report = out_dir.join(format!("{}.json", page.replace('/', "_")));
    let profile = fresh_temp_dir("lighthouse-profile")?;
    let mut flags: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
    flags.push(format!("--user-data-dir={}", profile.display()));
    step(&format!("Lighthouse (mobile) on {url}"));
    let status = Command::new(dir.join("node_modules/.bin/lighthouse"))
        .arg(&url)
        .arg("--only-categories=performance,accessibility,best-practices")
        .arg("--output=json")
        .arg(format!("--output-path={}", report.display()))
        .arg(format!("--chrome-flags={}", flags.join(" ")))
        .arg("--quiet")
        .env("CHROME_PATH", CHROMIUM)
        .status()
        .map_err(|e| format!("cannot start lighthouse: {e}"))?;
    let _ = fs::remove_dir_all(&profile);
    if !status.success() {
        return Err(format!("lighthouse failed ({status})"));
    }
    let text = fs::read_to_string(&report)
        .map_err(|e| format!("cannot read {}: {e}", report.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("lighthouse report: {e}"))?;
    let score = |c: &str| {
        v["categories"][c]["score"]
            .as_f64()
            .map(|s| (s * 100.0).round())
    };
    let metric = |a: &str| {
        v["audits"][a]["displayValue"]
            .as_str()
            .unwrap_or("?")
            .to_string()
    };
    let (perf, a11y, bp) = (
        score("performance"),
        score("accessibility"),
        score("best-practices"),
    );
    println!(
        "    performance {}, accessibility {}, best practices {}",
        perf.map_or("?".into(), |s| s.to_string()),
        a11y.map_or("?".into(), |s| s.to_string()),
        bp.map_or("?".into(), |s| s.to_string())
    );
    for a in [
        "first-contentful-paint",
        "largest-contentful-paint",
        "total-blocking-time",
        "interactive",
        "cumulative-layout-shift",
        "max-potential-fid",
    ] {
        println!("    {a}: {}", metric(a));
    }
    if let Some(items) = v["audits"]["long-tasks"]["details"]["items"].as_array() {
        for t in items {
            println!(
                "    long task: {} ms at {} ms ({})",
                t["duration"].as_f64().unwrap_or(0.0).round(),
                t["startTime"].as_f64().unwrap_or(0.0).round(),
                t["url"].as_str().unwrap_or("?")
            );
        }
    }
    for (id, a) in v["audits"].as_object().into_iter().flatten() {
        let failed =
            a["score"].as_f64().is_some_and(|s| s < 0.9) && a["scoreDisplayMode"] == "binary";
        if failed {
            println!(
                "    failed audit: {id}: {}",
                a["title"].as_str().unwrap_or("")
            );
        }
    }
    println!("    report: {}", report.display());
    match (perf, a11y) {
        (Some(p), Some(a)) if p >= MIN_PERFORMANCE && a >= MIN_ACCESSIBILITY => Ok(()),
        _ => Err(format!(
            "below the targets (performance ≥ {MIN_PERFORMANCE}, accessibility {MIN_ACCESSIBILITY})"
        )),
    }
}
