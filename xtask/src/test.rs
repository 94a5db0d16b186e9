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

    // Each fuzz target builds, passes its seeds and mutates for a few seconds (the long runs are
    // `cargo xtask fuzz --seconds N`; docs/fuzzing.md).
    crate::fuzz::smoke()?;

    // Benchmarks are type-checked by clippy --all-targets above; they run with `cargo xtask
    // bench`, never as timed tests.
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
