//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use crate::util::run as sh;
use crate::util::{ensure_component, step};

pub fn run_all() -> Result<(), String> {
    ensure_component("rustfmt", &["fmt", "--version"])?;
    ensure_component("clippy", &["clippy", "--version"])?;

    step("format check (cargo fmt --check)");
    sh("cargo", &["fmt", "--all", "--check"])?;

    step("lint (cargo clippy --all-targets -D warnings)");
    sh(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;

    step("native tests: unit, golden, property, CLI (cargo test)");
    sh("cargo", &["test", "--workspace"])?;

    step("benchmarks compile (cargo bench --no-run)");
    sh("cargo", &["bench", "--workspace", "--no-run"])?;

    crate::web::browser_tests()?;
    println!("\nxtask test: all steps passed");
    Ok(())
}

pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("`cargo xtask test` takes no arguments (got `{a}`)"));
    }
    run_all()
}
