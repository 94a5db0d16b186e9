//! Small helpers: announce and run commands, find the workspace root.

use std::path::PathBuf;
use std::process::Command;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.parent().map(PathBuf::from).unwrap_or(dir)
}

/// Print a step header, like `==> cargo clippy …`.
pub fn step(what: &str) {
    println!("\n==> {what}");
}

/// Run a command in the workspace root, failing with its exit status.
pub fn run(program: &str, args: &[&str]) -> Result<(), String> {
    run_in(&root(), program, args, &[])
}

pub fn run_in(
    dir: &std::path::Path,
    program: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<(), String> {
    println!("    $ {program} {}", args.join(" "));
    let mut c = Command::new(program);
    c.args(args).current_dir(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    let status = c
        .status()
        .map_err(|e| format!("cannot start `{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// True when `program --version` runs.
pub fn have(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Make sure a rustup component is installed (a fresh toolchain may lack clippy or rustfmt).
pub fn ensure_component(component: &str, probe: &[&str]) -> Result<(), String> {
    let ok = Command::new("cargo")
        .args(probe)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        step(&format!("installing rustup component {component}"));
        run("rustup", &["component", "add", component])?;
    }
    Ok(())
}
