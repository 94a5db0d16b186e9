//! `cargo xtask bench peers`: xinyong against two peer rule engines on the same 100,000 subjects
//! (bench/peers/README.md). Not part of `cargo xtask test`: zen-engine pulls in ~350 crates and
//! builds for a long time, in its own workspace (bench/peers/zen), never in the root one.
//!
//! Steps: generate the subjects (seeded, the peers' generator) and their contract v1 form; build
//! and run zen-engine (its harness also writes the reference outputs of the hand-written loop),
//! json-rules-engine (`npm ci` from its lockfile), xinyong with the built-in national pack and
//! with the peers' own rules as a pack, and — when `dist/` holds the headless API — the wasm API
//! in Node. Every harness checks every output against the reference and exits non-zero on a
//! mismatch; this command then fails. One table of subjects/s and ratios from this one run.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::util::{have, root, step};

/// The generator's file for 100,000 subjects (bench/peers/README.md).
const SUBJECTS_SHA256: &str = "808ab21bfd3f02118d5b7362816ca56c2a3974824cd557ba07f77f27b9282be0";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut subjects = 100_000usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--subjects" => {
                subjects = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n >= 1000)
                    .ok_or("--subjects takes a number ≥ 1000")?
            }
            other => {
                return Err(format!(
                    "`cargo xtask bench peers` takes --subjects N (got `{other}`)"
                ))
            }
        }
    }
    for tool in ["python3", "node", "npm"] {
        if !have(tool) {
            return Err(format!("`bench peers` needs {tool} on PATH"));
        }
    }
    let dir = root().join("bench/peers");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    let plain = data.join(format!("subjects-{subjects}.jsonl"));
    let contract = data.join(format!("contract-{subjects}.jsonl"));
    let reference = data.join(format!("reference-{subjects}.jsonl"));

    if !plain.exists() {
        step(&format!(
            "generating {subjects} subjects (gen/gen_subjects.py, seed 20261122)"
        ));
        exec(
            &dir,
            "python3",
            &["gen/gen_subjects.py", &subjects.to_string(), &s(&plain)],
        )?;
    }
    if subjects == 100_000 {
        let sum = sha256_file(&plain)?;
        if sum != SUBJECTS_SHA256 {
            return Err(format!(
                "{} has sha256 {sum}, not the peers' {SUBJECTS_SHA256}: delete it and run again",
                plain.display()
            ));
        }
    }
    if !contract.exists() {
        step("converting them to contract v1 (xinyong/to_contract.py)");
        exec(
            &dir,
            "python3",
            &["xinyong/to_contract.py", &s(&plain), &s(&contract)],
        )?;
    }

    step("building zen-engine's harness (bench/peers/zen: its own workspace, release)");
    cargo_release(&dir.join("zen"))?;
    step("building xinyong's harness (bench/peers/xinyong: its own workspace, release)");
    cargo_release(&dir.join("xinyong"))?;
    if !dir.join("jre/node_modules").exists() {
        step("installing json-rules-engine (npm ci, from bench/peers/jre/package-lock.json)");
        exec(&dir.join("jre"), "npm", &["ci", "--no-audit", "--no-fund"])?;
    }

    let load_before = load_average();
    step("zen-engine (also writes the reference outputs of the hand-written Rust loop)");
    let zen = harness(
        &dir.join("zen"),
        "target/release/peers-zen",
        &[
            &s(&plain),
            "rules/credit.jdm.json",
            "../golden_cases.json",
            &s(&reference),
        ],
    )?;
    step("json-rules-engine in Node");
    let jre = harness(
        &dir.join("jre"),
        "node",
        &[
            "bench.js",
            &s(&plain),
            "../golden_cases.json",
            &s(&reference),
        ],
    )?;
    step("xinyong: national pack and the peers' rules as a pack");
    let xy = harness(
        &dir.join("xinyong"),
        "target/release/peers-xinyong",
        &["peers-pack.toml", &s(&contract), &s(&reference)],
    )?;
    let api = root().join("dist/xinyong-api.js");
    let wasm = if api.exists() {
        step("the headless wasm API (dist/xinyong-api.js) in Node, first 20,000 subjects");
        Some(harness(
            &dir.join("xinyong"),
            "node",
            &[
                "wasm-bench.mjs",
                &s(&root().join("dist")),
                &s(&contract),
                "20000",
            ],
        )?)
    } else {
        println!("\n(no dist/xinyong-api.js: run `cargo xtask dist` first for the wasm API row)");
        None
    };
    let load_after = load_average();

    let f = |m: &BTreeMap<String, f64>, k: &str| -> Result<f64, String> {
        m.get(k)
            .copied()
            .ok_or_else(|| format!("a harness printed no `{k}=` in its summary"))
    };
    let zen_e2e = f(&zen, "zen_e2e")?;
    let rows: Vec<(&str, &str, f64, Option<f64>)> = vec![
        (
            "Rust hand-written loop (reference)",
            "peers",
            f(&zen, "ref_e2e")?,
            Some(f(&zen, "ref_rules_only")?),
        ),
        (
            "zen-engine 2.1.6",
            "peers (JDM)",
            zen_e2e,
            Some(f(&zen, "zen_eval_only")?),
        ),
        (
            "json-rules-engine 7.3.1 (Node)",
            "peers",
            f(&jre, "jre_e2e")?,
            Some(f(&jre, "jre_rules_only")?),
        ),
        (
            "xinyong + peers-pack.toml",
            "peers (pack)",
            f(&xy, "pack_e2e")?,
            Some(f(&xy, "pack_eval")?),
        ),
        (
            "xinyong, built-in national pack",
            "national",
            f(&xy, "national_e2e")?,
            Some(f(&xy, "national_eval")?),
        ),
    ];
    println!("\n== bench peers: {subjects} subjects, single thread, one timed pass each (load {load_before} → {load_after}) ==\n");
    println!("| engine | rules | end to end, subjects/s | evaluate only, subjects/s | end to end / zen-engine |");
    println!("|---|---|---:|---:|---:|");
    for (name, rules, e2e, ev) in &rows {
        println!(
            "| {name} | {rules} | {} | {} | {:.2}× |",
            thousands(*e2e),
            ev.map_or("—".into(), thousands),
            e2e / zen_e2e
        );
    }
    let value = f(&xy, "parse_value")?;
    let typed = f(&xy, "parse_typed")?;
    let national = f(&xy, "national_e2e")?;
    println!(
        "\nParse floors on the contract lines: serde_json::Value {} /s, xinyong parse_input {} /s.",
        thousands(value),
        thousands(typed)
    );
    // The same ratios by CPU time where both sides print one (`_cpu`: the thread's time on a
    // core, the figure that holds on a loaded machine; zen and json-rules-engine print none).
    let cpu = |m: &BTreeMap<String, f64>, a: &str, b: &str, n: &BTreeMap<String, f64>| match (
        m.get(&format!("{a}_cpu")),
        n.get(&format!("{b}_cpu")),
    ) {
        (Some(x), Some(y)) if *y > 0.0 => Some(x / y),
        _ => None,
    };
    let show = |r: Option<f64>, pct: bool| match r {
        Some(r) if pct => format!("{:.0} %", 100.0 * r),
        Some(r) => format!("{r:.2}"),
        None => "—".to_string(),
    };
    println!("\n| target (issue 16) | ratio | by CPU time | goal |");
    println!("|---|---:|---:|---:|");
    println!(
        "| typed parse / serde_json::Value parse | {:.2} | {} | ≥ 1 |",
        typed / value,
        show(cpu(&xy, "parse_typed", "parse_value", &xy), false)
    );
    println!(
        "| national evaluate_json end to end / Value parse | {:.0} % | {} | ≥ 50 % |",
        100.0 * national / value,
        show(cpu(&xy, "national_e2e", "parse_value", &xy), true)
    );
    println!(
        "| same rules: xinyong + pack / zen-engine, end to end | {:.1}× | — | ≥ 10× |",
        f(&xy, "pack_e2e")? / zen_e2e
    );
    if let Some(w) = &wasm {
        println!(
            "| headless wasm API in Node / native national end to end | {:.2}× | {} | ≥ 0.5× |",
            f(w, "wasm_e2e")? / national,
            show(cpu(w, "wasm_e2e", "national_e2e", &xy), false)
        );
    }
    println!("\nChecks: every harness compared every output with the reference (0 mismatches; see above).");
    Ok(())
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Run a harness, show its output, fail on a non-zero exit, and read its last `summary` line
/// (`key=value …`).
fn harness(dir: &Path, program: &str, args: &[&str]) -> Result<BTreeMap<String, f64>, String> {
    println!("    $ {program} {}", args.join(" "));
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot start `{program}`: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err(format!(
            "`{program} {}` failed ({}): its checks did not pass",
            args.join(" "),
            out.status
        ));
    }
    Ok(summary(&text))
}

/// `key=value` pairs with a numeric value from the last line starting `summary` (zen and jre
/// print `summary (subjects/s)` as a heading, then the pairs on the next line).
fn summary(text: &str) -> BTreeMap<String, f64> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        let body = if let Some(rest) = l.strip_prefix("summary ") {
            rest
        } else if l.starts_with("== summary") {
            lines.get(i + 1).copied().unwrap_or("")
        } else {
            continue;
        };
        for pair in body.split_whitespace() {
            if let Some((k, v)) = pair.split_once('=') {
                if let Ok(v) = v.trim_end_matches('x').parse::<f64>() {
                    out.insert(k.to_string(), v);
                }
            }
        }
    }
    out
}

/// `cargo build --release` in a harness's own workspace, niced (a shared machine), without the
/// environment's cargo settings, so that each keeps its own `target/` and profile.
fn cargo_release(dir: &Path) -> Result<(), String> {
    println!(
        "    $ (in {}) nice cargo build --release --locked",
        dir.display()
    );
    let mut c = Command::new("nice");
    c.args(["-n", "10", "cargo", "build", "--release", "--locked"])
        .current_dir(dir);
    // What `cargo run` set for xtask itself (CARGO_PKG_*, CARGO_MANIFEST_DIR, …), profile and
    // target-dir overrides are not the harness's: some build scripts rerun when they change.
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if k.starts_with("CARGO_") && k != "CARGO_HOME" {
            c.env_remove(&k);
        }
    }
    let status = c.status().map_err(|e| format!("cannot start cargo: {e}"))?;
    status.success().then_some(()).ok_or_else(|| {
        format!(
            "cargo build --release in {} failed ({status})",
            dir.display()
        )
    })
}

fn exec(dir: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    crate::util::run_in(dir, program, args, &[])
}

fn sha256_file(p: &Path) -> Result<String, String> {
    use sha2::Digest;
    let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn thousands(x: f64) -> String {
    let n = x.round() as u64;
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    /// The harnesses' summary lines as they print them (zen: heading then pairs; xinyong and the
    /// wasm bench: one line), and a ratio pair with its `x` suffix.
    #[test]
    fn reads_every_harness_summary() {
        let zen = "== summary (subjects/s) ==\nparse_only_value=543236 zen_e2e=35987 ref_e2e=607501\nratio ref_e2e/zen_e2e=16.9x  ref_rules_only/zen_eval_only=61.2x\nALL CHECKS PASSED\n";
        let m = super::summary(zen);
        assert_eq!(m["zen_e2e"], 35987.0);
        assert_eq!(m["ref_e2e"], 607501.0);
        let xy = "x\nsummary parse_value=112041 pack_e2e=15522 mismatches=0 errors=0\nALL CHECKS PASSED\n";
        let m = super::summary(xy);
        assert_eq!(m["pack_e2e"], 15522.0);
        assert_eq!(m["mismatches"], 0.0);
        let wasm = "evaluate (object), 8000 subjects: 2564 subjects/s (CPU time 6904/s)\nsummary wasm_e2e=2564 wasm_e2e_cpu=6904\n";
        assert_eq!(super::summary(wasm)["wasm_e2e_cpu"], 6904.0);
        assert_eq!(super::thousands(1234567.4), "1,234,567");
        assert_eq!(super::thousands(999.0), "999");
    }
}
