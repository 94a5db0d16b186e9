//! `cargo xtask dataset` (synthetic data for tests and benchmarks) and `cargo xtask bench`
//! (every benchmark, then one table of the figures that matter, as ratios from one run).

use std::fs;
use std::path::PathBuf;

use chrono::NaiveDate;
use xinyong_batch::{inputs_to_file, Format};
use xinyong_inquiry::synthetic::{generate, subjects, GENERATOR_VERSION};
use xinyong_inquiry::to_input;
use xinyong_model::Date;

use crate::util::{root, run_in, step};

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn published() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default()
}

/// Write `target/dataset/`: a published-dataset JSON of N subjects (default 100k), staff batch
/// files of about 20,000 rows (XLSX and CSV) built from the same synthetic subjects, and all N
/// subjects as a JSONL batch (`subjects-N.jsonl`, one contract subject per line, for
/// `xinyong batch` at scale). `--jsonl-only` writes only the JSONL, subject by subject, so a
/// million subjects never sit in memory.
pub fn dataset(args: &[String]) -> Result<(), String> {
    let n: usize = flag(args, "--subjects")
        .unwrap_or("100000")
        .parse()
        .map_err(|_| "--subjects takes a number".to_string())?;
    let rows: usize = flag(args, "--batch-rows")
        .unwrap_or("20000")
        .parse()
        .map_err(|_| "--batch-rows takes a number".to_string())?;
    let seed: u64 = flag(args, "--seed")
        .unwrap_or("42")
        .parse()
        .map_err(|_| "--seed takes a number".to_string())?;
    let dir = flag(args, "--out")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/dataset"));
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if !args.iter().any(|a| a == "--no-jsonl") {
        jsonl(&dir, n, seed)?;
    }
    if args.iter().any(|a| a == "--csv") {
        big_csv(&dir, n, seed)?;
    }
    if args.iter().any(|a| a == "--jsonl-only") {
        return Ok(());
    }

    step(&format!("generating {n} synthetic subjects (seed {seed}; Chinese names, valid check characters, no real data)"));
    let ds = generate(n, seed, published());
    let json = serde_json::to_vec(&ds).map_err(|e| e.to_string())?;
    let path = dir.join(format!("synthetic-{n}.json"));
    fs::write(&path, &json).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!(
        "    wrote {} ({:.1} MB)",
        path.display(),
        json.len() as f64 / 1e6
    );

    step(&format!(
        "building a staff batch of about {rows} rows from the same subjects"
    ));
    let mut inputs = Vec::new();
    let mut count = 0;
    for s in &ds.subjects {
        if count >= rows {
            break;
        }
        count += s.records.len().max(1);
        let mut i = to_input(s, Some(Date(published())));
        i.subject.region = None;
        inputs.push(i);
    }
    for (ext, fmt) in [("xlsx", Format::Xlsx), ("csv", Format::Csv)] {
        let bytes = inputs_to_file(&inputs, fmt)?;
        let p = dir.join(format!("batch-{rows}.{ext}"));
        fs::write(&p, &bytes).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        println!(
            "    wrote {} ({count} rows, {} subjects, {:.1} MB)",
            p.display(),
            inputs.len(),
            bytes.len() as f64 / 1e6
        );
    }
    Ok(())
}

/// `subjects-N.jsonl`: the first `n` synthetic subjects as a staff JSONL batch, written as they
/// are generated. Like the batch files: checked as of the publication day, no region (so the
/// national pack), subjects in the dataset's order.
fn jsonl(dir: &std::path::Path, n: usize, seed: u64) -> Result<(), String> {
    use std::io::Write;
    step(&format!(
        "writing {n} synthetic subjects as a JSONL batch (seed {seed}; one subject per line)"
    ));
    let path = dir.join(format!("subjects-{n}.jsonl"));
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut w = std::io::BufWriter::new(fs::File::create(&path).map_err(fail)?);
    for s in subjects(seed, published()).take(n) {
        let mut i = to_input(&s, Some(Date(published())));
        i.subject.region = None;
        serde_json::to_writer(&mut w, &i).map_err(|e| e.to_string())?;
        w.write_all(b"\n").map_err(fail)?;
    }
    let f = w.into_inner().map_err(|e| fail(e.into_error()))?;
    let len = f.metadata().map_err(fail)?.len();
    println!("    wrote {} ({:.1} MB)", path.display(), len as f64 / 1e6);
    Ok(())
}

/// `subjects-N.csv`: the subjects of `subjects-N.jsonl` as a staff CSV batch in the template's
/// layout (one row per record, a subject's rows adjacent), written as they are generated.
fn big_csv(dir: &std::path::Path, n: usize, seed: u64) -> Result<(), String> {
    use xinyong_batch::write::{input_csv_rows, template_columns, CsvOut};
    step(&format!(
        "writing {n} synthetic subjects as a CSV batch (seed {seed}; one row per record)"
    ));
    let path = dir.join(format!("subjects-{n}.csv"));
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let w = std::io::BufWriter::new(fs::File::create(&path).map_err(fail)?);
    let mut out = CsvOut::new(w, &template_columns())?;
    let mut rows = 0usize;
    // The generator gives a few ids twice (179 in a million). In the JSONL batch the later line
    // is refused as a duplicate; in a CSV batch the two would be one subject whose rows are far
    // apart, which a streamed screening holds only up to 64 MiB. So the later one is left out.
    let mut seen = std::collections::HashSet::new();
    let mut skipped = 0usize;
    for s in subjects(seed, published()).take(n) {
        let mut i = to_input(&s, Some(Date(published())));
        i.subject.region = None;
        if !seen.insert(i.subject.id.clone()) {
            skipped += 1;
            continue;
        }
        for row in input_csv_rows(&i)? {
            out.row(&row)?;
            rows += 1;
        }
    }
    let f = out
        .finish()?
        .into_inner()
        .map_err(|e| fail(e.into_error()))?;
    let len = f.metadata().map_err(fail)?.len();
    println!(
        "    wrote {} ({rows} rows, {:.1} MB; {skipped} repeated ids left out)",
        path.display(),
        len as f64 / 1e6
    );
    Ok(())
}

/// Subjects in the end-to-end dataset (`/test-data/synthetic-100000.json`).
pub const E2E_SUBJECTS: usize = 100_000;
/// Rows of the end-to-end batch files (`/test-data/batch-20000.xlsx`, `.csv`).
pub const E2E_BATCH_ROWS: usize = 20_000;
const E2E_SEED: u64 = 42;

/// The end-to-end test data folder (`target/e2e-data/`), generated unless a stamp shows it was
/// made by this generator version with the same seed and sizes (generation takes a while).
pub fn e2e_data(target: &std::path::Path) -> Result<PathBuf, String> {
    let dir = target.join("e2e-data");
    let stamp = dir.join("stamp.txt");
    let want = format!(
        "synthetic generator v{GENERATOR_VERSION}, seed {E2E_SEED}, {E2E_SUBJECTS} subjects, {E2E_BATCH_ROWS} batch rows\n"
    );
    let files = [
        format!("synthetic-{E2E_SUBJECTS}.json"),
        format!("batch-{E2E_BATCH_ROWS}.xlsx"),
        format!("batch-{E2E_BATCH_ROWS}.csv"),
    ];
    let current = fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str())
        && files.iter().all(|f| dir.join(f).is_file());
    if current {
        println!(
            "    ok: test data in {} is current ({})",
            dir.display(),
            want.trim()
        );
        return Ok(dir);
    }
    let _ = fs::remove_file(&stamp);
    let args: Vec<String> = [
        "--subjects".to_string(),
        E2E_SUBJECTS.to_string(),
        "--batch-rows".into(),
        E2E_BATCH_ROWS.to_string(),
        "--seed".into(),
        E2E_SEED.to_string(),
        "--out".into(),
        dir.to_string_lossy().into_owned(),
        "--no-jsonl".into(),
    ]
    .into();
    dataset(&args)?;
    // Written last: an interrupted run leaves no stamp and is redone.
    fs::write(&stamp, want).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(dir)
}

/// Mean time in ns criterion measured for `group/name` (from target/criterion).
fn mean_ns(group: &str, name: &str) -> Option<f64> {
    let p = root()
        .join("target/criterion")
        .join(group)
        .join(name)
        .join("new/estimates.json");
    let v: serde_json::Value = serde_json::from_slice(&fs::read(p).ok()?).ok()?;
    v["mean"]["point_estimate"].as_f64()
}

fn human_time(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{:.1} ms", ns / 1e6)
    }
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let r = root();
    if args.iter().any(|a| a == "--stream") {
        return bench_stream(args);
    }
    let quick = args.iter().any(|a| a == "--quick");
    if let Some(a) = args
        .iter()
        .find(|a| !["--quick", "--browser-only"].contains(&a.as_str()))
    {
        return Err(format!(
            "`cargo xtask bench` takes --quick, --browser-only or --stream (got `{a}`)"
        ));
    }
    if args.iter().any(|a| a == "--browser-only") {
        // Compares with the native figures of the last `cargo xtask bench` (target/criterion).
        let browser = crate::web::browser_bench(1000)?;
        native_vs_wasm(&browser);
        return Ok(());
    }
    let env: &[(&str, &str)] = if quick {
        &[("XINYONG_BENCH_SUBJECTS", "10000")]
    } else {
        &[]
    };
    step("native benchmarks (criterion): engine, batch, inquiry");
    run_in(
        &r,
        "cargo",
        &["bench", "-p", "xinyong-core", "--bench", "evaluate"],
        env,
    )?;
    run_in(
        &r,
        "cargo",
        &[
            "bench",
            "-p",
            "xinyong-inquiry",
            "--bench",
            "batch",
            "--bench",
            "search",
        ],
        env,
    )?;

    let subjects: f64 = if quick { 10_000.0 } else { 100_000.0 };
    println!("\n{:<48} {:>14} {:>14}", "measure", "value", "ratio");
    let line = |what: &str, v: String, ratio: String| println!("{what:<48} {v:>14} {ratio:>14}");
    if let (Some(p), Some(e)) = (
        mean_ns("subjects", "parse_only"),
        mean_ns("subjects", "evaluate"),
    ) {
        line(
            &format!("engine: evaluate {subjects} subjects"),
            format!("{:.0}/s", subjects / (e / 1e9)),
            format!("{:.2}× parse", e / p),
        );
        line(
            "engine: parse only, same input",
            format!("{:.0}/s", subjects / (p / 1e9)),
            "1.00×".into(),
        );
    }
    for fmt in ["csv", "xlsx"] {
        let g = format!("batch_20k_{fmt}");
        if let (Some(rd), Some(sc)) = (mean_ns(&g, "read_only"), mean_ns(&g, "read_and_screen")) {
            line(
                &format!("batch 20k rows {fmt}: read + screen"),
                format!("{:.0} rows/s", 20_000.0 / (sc / 1e9)),
                format!("{:.2}× read", sc / rd),
            );
        }
    }
    if let Some(b) = mean_ns("inquiry_100k", "index_build") {
        line(
            "inquiry: index build, 100k subjects",
            human_time(b),
            String::new(),
        );
    }
    for (n, what) in [
        ("lookup_code_exact", "code"),
        ("lookup_name_exact", "exact name"),
        ("lookup_name_fuzzy", "fuzzy name"),
    ] {
        if let Some(t) = mean_ns("inquiry_100k", n) {
            line(
                &format!("inquiry: lookup by {what}, 100k subjects"),
                human_time(t),
                String::new(),
            );
        }
    }
    if quick {
        println!("\n(--quick: no browser benchmark)");
        return Ok(());
    }
    let browser = crate::web::browser_bench(1000)?;
    native_vs_wasm(&browser);
    Ok(())
}

fn rate(n: f64, ns: f64) -> f64 {
    n / (ns / 1e9)
}

fn thousands(x: f64) -> String {
    let s = format!("{:.0}", x.max(0.0));
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One table: the native criterion figures and the browser's for the same files and queries.
/// The ratio is always wasm speed / native speed (below 1: the browser is slower).
fn native_vs_wasm(b: &serde_json::Value) {
    println!(
        "\n{:<58} {:>16} {:>16} {:>12}",
        "same input, native vs wasm (headless Chromium)", "native", "wasm", "wasm/native"
    );
    let line = |what: &str, native: String, wasm: String, ratio: Option<f64>| {
        println!(
            "{what:<58} {native:>16} {wasm:>16} {:>12}",
            ratio.map(|r| format!("{r:.2}×")).unwrap_or_default()
        )
    };
    let f = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    for batch in b["batches"].as_array().into_iter().flatten() {
        let fmt = batch["format"].as_str().unwrap_or("");
        let rows = f(batch, "rows_read");
        let group = format!("batch_20k_{fmt}");
        for (bench, key, what) in [
            ("read_only", "read_rows_per_s", "read only"),
            ("read_and_screen", "screen_rows_per_s", "read + screen"),
        ] {
            let wasm = f(batch, key);
            let native = mean_ns(&group, bench).map(|ns| rate(rows, ns));
            line(
                &format!("batch {}k {fmt}: {what}", (rows / 1000.0).round()),
                native.map_or("-".into(), |n| format!("{} rows/s", thousands(n))),
                format!("{} rows/s", thousands(wasm)),
                native.map(|n| wasm / n),
            );
        }
        line(
            &format!("batch {fmt}: result to JS (JSON / swb)"),
            String::new(),
            format!(
                "{:.1} / {:.1} ms",
                f(batch, "encode_json_ms"),
                f(batch, "encode_swb_ms")
            ),
            None,
        );
    }
    let e = &b["evaluate"];
    if e.is_object() {
        let n = f(e, "subjects");
        let wasm = f(e, "subjects_per_s");
        let native = mean_ns("evaluate_1000", "dataset_subjects").map(|ns| rate(1000.0, ns));
        line(
            &format!("evaluate {n} dataset subjects (wasm: + report to JS)"),
            native.map_or("-".into(), |x| format!("{}/s", thousands(x))),
            format!("{}/s", thousands(wasm)),
            native.map(|x| wasm / x),
        );
    }
    let d = &b["dataset"];
    if d.is_object() {
        let wasm_ms = f(d, "index_build_ms");
        let native = mean_ns("inquiry_100k", "index_build");
        line(
            &format!(
                "inquiry: index build, {} subjects",
                thousands(f(d, "subjects"))
            ),
            native.map_or("-".into(), human_time),
            human_time(wasm_ms * 1e6),
            native.map(|n| n / (wasm_ms * 1e6)),
        );
        line(
            "inquiry: load (JSON parse + index), wasm",
            String::new(),
            human_time(f(d, "load_ms") * 1e6),
            None,
        );
        for k in [
            "lookup_code_exact",
            "lookup_name_exact",
            "lookup_name_fuzzy",
        ] {
            let wasm_ns = f(&d[k], "us") * 1e3;
            let native = mean_ns("inquiry_100k", k);
            line(
                &format!(
                    "inquiry: {} (wasm: + call, hits to JS)",
                    k.replace('_', " ")
                ),
                native.map_or("-".into(), human_time),
                human_time(wasm_ns),
                native.map(|n| n / wasm_ns),
            );
        }
    }
}

fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

/// Last line of a command's output, split on whitespace into numbers.
fn numbers(text: &[u8]) -> Vec<f64> {
    String::from_utf8_lossy(text)
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect()
}

/// `cargo xtask bench --stream [--subjects 1000000] [--jobs-max N] [--input jsonl|csv]`: the
/// release `xinyong batch` screening `target/dataset/subjects-N.jsonl` (or `.csv`; made if
/// missing) into CSV on 1…N threads —
/// subjects/s and peak RSS (GNU time) — against parsing the same file only (the `stream_bench`
/// example, built with the same release profile), and a check that every thread count wrote
/// the same bytes. Run it niced on a shared machine; the load average is printed with the figures.
fn bench_stream(args: &[String]) -> Result<(), String> {
    use std::process::Command;
    let r = root();
    let n: usize = flag(args, "--subjects")
        .unwrap_or("1000000")
        .parse()
        .map_err(|_| "--subjects takes a number".to_string())?;
    let max_jobs: usize = match flag(args, "--jobs-max") {
        Some(j) => j
            .parse()
            .map_err(|_| "--jobs-max takes a number".to_string())?,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let csv = match flag(args, "--input").unwrap_or("jsonl") {
        "jsonl" => false,
        "csv" => true,
        other => return Err(format!("--input takes jsonl or csv (got `{other}`)")),
    };
    let time = std::path::Path::new("/usr/bin/time");
    if !time.is_file() {
        return Err("the stream benchmark reads peak RSS with GNU time (/usr/bin/time)".into());
    }
    let dir = r.join("target/dataset");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let file = dir.join(format!(
        "subjects-{n}.{}",
        if csv { "csv" } else { "jsonl" }
    ));
    if !file.is_file() {
        if csv {
            big_csv(&dir, n, 42)?;
        } else {
            jsonl(&dir, n, 42)?;
        }
    }
    step("building the release CLI and the parse-only baseline (examples/stream_bench.rs)");
    run_in(
        &r,
        "cargo",
        &[
            "build",
            "--release",
            "-p",
            "xinyong-cli",
            "-p",
            "xinyong-batch",
            "--bin",
            "xinyong",
            "--example",
            "stream_bench",
        ],
        &[],
    )?;
    let xinyong = r.join("target/release/xinyong");
    let baseline = r.join("target/release/examples/stream_bench");
    let out = dir.join("stream-out");
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let size = fs::metadata(&file).map_err(|e| e.to_string())?.len();
    step(&format!(
        "{} ({:.0} MB), load average before: {}",
        file.display(),
        size as f64 / 1e6,
        load_average()
    ));
    let mut rows = Vec::new();
    for jobs in 1..=max_jobs {
        let j = jobs.to_string();
        let p = Command::new(&baseline)
            .args([file.to_str().unwrap_or_default(), &j])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", baseline.display()))?;
        if !p.status.success() {
            return Err(format!(
                "parse only failed: {}",
                String::from_utf8_lossy(&p.stderr)
            ));
        }
        let parse = numbers(&p.stdout);
        let dest = out.join(format!("jobs-{jobs}.csv"));
        let s = Command::new(time)
            .args(["-f", "%e %M %U %S"])
            .arg(&xinyong)
            .args(["batch"])
            .arg(&file)
            .arg("--out")
            .arg(&dest)
            .args(["--as-of", "2026-11-23", "--jobs", &j])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", xinyong.display()))?;
        if !s.status.success() {
            return Err(format!(
                "xinyong batch failed: {}",
                String::from_utf8_lossy(&s.stderr)
            ));
        }
        let screen = numbers(&s.stderr);
        let (Some(&subjects), Some(&parse_s), Some(&parse_kib)) =
            (parse.first(), parse.get(1), parse.get(2))
        else {
            return Err(format!("unexpected parse-only output: {:?}", parse));
        };
        let (Some(&screen_s), Some(&screen_kib), Some(&user), Some(&sys)) =
            (screen.first(), screen.get(1), screen.get(2), screen.get(3))
        else {
            return Err(format!("unexpected GNU time output: {:?}", screen));
        };
        println!(
            "    {jobs} thread(s): screen {screen_s:.1} s ({:.1} s CPU), {screen_kib:.0} KiB peak; parse only {parse_s:.1} s, {parse_kib:.0} KiB peak (load {})",
            user + sys,
            load_average()
        );
        rows.push((
            jobs,
            subjects,
            screen_s,
            screen_kib,
            parse_s,
            parse_kib,
            user + sys,
        ));
    }
    // Every thread count must have written the same files.
    for (_, suffix) in [("", ".csv"), ("", ".details.csv"), ("", ".rejected.csv")] {
        let one = fs::read(out.join(format!("jobs-1{suffix}"))).map_err(|e| e.to_string())?;
        for &(jobs, ..) in &rows[1..] {
            let other =
                fs::read(out.join(format!("jobs-{jobs}{suffix}"))).map_err(|e| e.to_string())?;
            if one != other {
                return Err(format!("jobs-{jobs}{suffix} differs from jobs-1{suffix}"));
            }
        }
    }
    println!(
        "\n{:<8} {:>14} {:>12} {:>14} {:>18} {:>10} {:>13} {:>9}",
        "threads",
        "screen subj/s",
        "peak RSS",
        "CPU µs/subj",
        "parse-only subj/s",
        "parse RSS",
        "screen/parse",
        "speed-up"
    );
    let base = rows.first().map_or(1.0, |r| r.2);
    for (jobs, subjects, screen_s, screen_kib, parse_s, parse_kib, cpu) in &rows {
        println!(
            "{jobs:<8} {:>14} {:>9.0} MB {:>14.1} {:>18} {:>7.0} MB {:>12.2}× {:>8.2}×",
            thousands(subjects / screen_s),
            screen_kib / 1024.0,
            cpu / subjects * 1e6,
            thousands(subjects / parse_s),
            parse_kib / 1024.0,
            screen_s / parse_s,
            base / screen_s,
        );
    }
    println!(
        "(outputs identical for every thread count; load average after: {})",
        load_average()
    );
    Ok(())
}
