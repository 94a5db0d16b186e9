//! `cargo xtask …`: build, serve and test orchestration (rust-analyzer style: plain Rust, no
//! make, no shell scripts). Every step says what it is doing before it does it.

mod data;
mod fuzz;
mod glue;
mod order;
mod peers;
mod test;
mod util;
mod web;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

  test     fmt check, clippy -D warnings, every test (unit, golden, property, CLI, browser),
           a fuzz smoke run (a few seconds per target)
  e2e      build dist/ and run end-to-end files only [tests/e2e/NAME.test.mjs …]
           (test data in target/e2e-data/ is served under /test-data/)
  demo     build the widget and serve the demo page at http://127.0.0.1:8080 [--port N]
  dist     build the deployable widget files into dist/ (release wasm, wasm-opt -Os)
  size     raw and gzip sizes of the widget's wasm, JS and packs (fails over budget)
  lighthouse  Lighthouse (mobile, system Chromium) on demo/portal.html served as a portal
           serves dist/; fails under performance 98 / accessibility 100
           [--page demo/x.html] [--no-build]
  dataset  synthetic data into target/dataset/ [--subjects 100000] [--batch-rows 20000] [--seed 42]
           [--out DIR] [--jsonl-only: only subjects-N.jsonl, the batch for `xinyong batch` at scale]
           [--csv: also subjects-N.csv, the same subjects as a CSV batch, written row by row]
  bench    native benchmarks, then the browser benchmark page; one table with wasm/native
           ratios [--quick] [--browser-only: reuse the last native figures]
           [--stream [--subjects 1000000] [--jobs-max N] [--input jsonl|csv]: release
           `xinyong batch` on a JSONL (or CSV) batch into CSV on 1…N threads: subjects/s, peak
           RSS, ratio to parse only]
  bench peers  xinyong (national pack, peers pack), zen-engine and json-rules-engine on the
           same 100,000 subjects, every output checked against the reference; one table of
           subjects/s and ratios (bench/peers/; builds zen-engine's ~350 crates) [--subjects N]
  fuzz     coverage-guided fuzzing (cargo-fuzz/libFuzzer on stable Rust, installed if missing):
           every target or the ones named, one after another [TARGET …] [--seconds N: per target, 60]
           [--runs N: stop a target after N executions]
           (targets: subject, pack, batch_csv, batch_xlsx, json_roundtrip; docs/fuzzing.md);
           `fuzz seeds` rebuilds fuzz/seeds/ and fuzz/dict/ from tests/golden, packs/, the batch template
  help     this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    let result = match cmd {
        "test" => test::run(rest),
        "demo" => web::demo(rest),
        "e2e" => web::e2e(rest),
        "dist" => web::dist(rest),
        "size" => web::size(rest),
        "lighthouse" => web::lighthouse(rest),
        "dataset" => data::dataset(rest),
        "bench" if rest.first().is_some_and(|a| a == "peers") => peers::run(&rest[1..]),
        "bench" => data::bench(rest),
        "fuzz" => fuzz::fuzz(rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    /// The help names the wasm-opt level the build runs (it said `-Oz` while xtask ran `-Os`).
    #[test]
    fn help_names_the_wasm_opt_level_the_build_runs() {
        let level = crate::web::WASM_OPT_LEVEL;
        assert!(
            super::HELP.contains(&format!("wasm-opt {level})")),
            "HELP does not say wasm-opt {level}"
        );
        let arch = std::fs::read_to_string(crate::util::root().join("ARCHITECTURE.md")).unwrap();
        assert!(
            arch.contains(&format!("wasm-opt `{level}`")),
            "ARCHITECTURE.md does not say wasm-opt `{level}`"
        );
    }
}
