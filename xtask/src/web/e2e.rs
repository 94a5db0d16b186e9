//! Browser tests (wasm-bindgen-test component tests, Playwright end-to-end files) and the
//! browser benchmark, all in headless Chromium against a fresh dist/.

use std::fs;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use super::bundle::build_dist;
use super::install::{ensure_build_tools, ensure_chromium};
use super::serve::serve_with;
use super::size::{report_sizes, warn_budget};
use super::{fresh_temp_dir, target_dir, CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS, WASM_TARGET};
use crate::util::{root, run_in, step};

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
    let mut mounts = super::serve::vendor_mounts();
    mounts.push(("test-data".into(), data.clone()));
    let server = serve_with(d.clone(), mounts, 0)?;
    let dist_s = d.to_string_lossy().into_owned();
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
            ("XINYONG_DIST_DIR", &dist_s),
        ],
    )?;
    println!("    e2e done in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}
