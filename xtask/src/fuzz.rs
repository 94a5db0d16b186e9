//! `cargo xtask fuzz`: coverage-guided fuzzing of the parsers, the pack loader, the batch readers
//! and the JSON writer (docs/fuzzing.md).
//!
//! The engine is cargo-fuzz's libFuzzer on **stable** Rust: `cargo fuzz build --sanitizer none`
//! passes only stable `-C` flags (`-Cpasses=sancov-module` and LLVM's sanitizer-coverage options);
//! the `-Z` flags that need nightly come only with a sanitizer (`-Zsanitizer=address`, the
//! default) or `--build-std`. Nothing here sets RUSTC_BOOTSTRAP. The code under test is safe
//! Rust, so AddressSanitizer would find little that a panic does not: the targets' own
//! assertions (docs/fuzzing.md) and debug assertions with overflow checks
//! (`--debug-assertions`) are the oracles.
//!
//! `fuzz/` is its own workspace (it links libFuzzer's C++), excluded from the main one.

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::Value;

use crate::util::{root, run, step};

/// Every fuzz target (`fuzz/fuzz_targets/NAME.rs`).
pub const TARGETS: &[&str] = &[
    "subject",
    "pack",
    "batch_csv",
    "batch_xlsx",
    "batch_xlsx_stream",
    "json_roundtrip",
];

/// Targets that read the seeds and dictionary of another: `batch_xlsx_stream` takes the same
/// inputs as `batch_xlsx` (a workbook or a worksheet's XML) and gives them to both XLSX readers.
const SHARES_SEEDS: &[(&str, &str)] = &[("batch_xlsx_stream", "batch_xlsx")];

/// The folder name under fuzz/seeds/ and fuzz/dict/ a target reads.
fn seeds_of(target: &str) -> &str {
    SHARES_SEEDS
        .iter()
        .find(|(t, _)| *t == target)
        .map_or(target, |(_, from)| from)
}

/// The cargo-fuzz release installed when it is missing (pinned, so CI builds the same tool).
const CARGO_FUZZ: &str = "cargo-fuzz@0.13.2";

/// How each target is built: no sanitizer (the only stable-Rust build), debug assertions and
/// overflow checks on (an overflow is a bug the fuzzer should report, not wrap silently).
const BUILD: &[&str] = &["--sanitizer", "none", "--debug-assertions"];

/// Seconds per target of the smoke run in `cargo xtask test`.
pub const SMOKE_SECONDS: u64 = 5;

/// libFuzzer's per-input time limit (seconds): an input that takes longer is reported like a
/// crash (a `timeout-…` artifact), since a portal's file must never hang a check.
const TIMEOUT: u64 = 10;

/// libFuzzer's `-max_len` (bytes) for the targets whose every execution costs in proportion to
/// the input: each subject of a batch is evaluated and its report written and read back, so
/// the 35 KB batches libFuzzer allowed by default (the largest seed) ran at ~470 exec/s. A
/// few subjects (the seeds hold three, `BATCH_SEED_SUBJECTS`) reach every path of the readers.
/// The others keep libFuzzer's default, the largest seed (a subject of 12 KB, a whole base pack
/// of 57 KB as JSON).
const MAX_LEN: &[(&str, usize)] = &[
    ("batch_csv", 4096),
    ("batch_xlsx", 16384),
    ("batch_xlsx_stream", 16384),
];

/// What one run did, read from libFuzzer's final statistics.
#[derive(Default, Debug)]
struct Stats {
    target: String,
    seconds: f64,
    execs: u64,
    execs_per_sec: u64,
    new_units: u64,
    corpus: u64,
    crash: Option<String>,
}

pub fn fuzz(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) == Some("seeds") {
        return seeds();
    }
    let mut seconds = 60;
    let mut runs = None;
    let mut targets = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => {
                seconds = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--seconds takes a whole number of seconds")?;
            }
            "--runs" => {
                runs = Some(
                    it.next()
                        .and_then(|s| s.parse::<u64>().ok())
                        .ok_or("--runs takes a number of executions")?,
                );
            }
            t if TARGETS.contains(&t) => targets.push(t),
            other => {
                return Err(format!(
                    "unknown fuzz target or option `{other}` (targets: {}; options: --seconds N, --runs N; \
                     `cargo xtask fuzz seeds` rebuilds the seed corpora)",
                    TARGETS.join(", ")
                ))
            }
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    run_targets(&targets, seconds, runs)
}

/// The short run of every target in `cargo xtask test`: each target builds, its seeds pass and a
/// few seconds of mutation find nothing.
pub fn smoke() -> Result<(), String> {
    step("fuzz targets: format check (fuzz/ is its own workspace)");
    run(
        "cargo",
        &["fmt", "--manifest-path", "fuzz/Cargo.toml", "--check"],
    )?;
    run_targets(TARGETS, SMOKE_SECONDS, None)
}

/// Each target in turn (one fuzzing process: the machines have two cores), for `seconds` or
/// until `runs` executions, whichever comes first.
fn run_targets(targets: &[&str], seconds: u64, runs: Option<u64>) -> Result<(), String> {
    ensure_cargo_fuzz()?;
    step("building the fuzz targets (cargo fuzz build, stable Rust, no sanitizer)");
    let mut args = vec!["fuzz", "build"];
    args.extend(BUILD);
    run("cargo", &args)?;
    let mut all = Vec::new();
    for t in targets {
        let until = runs.map_or(String::new(), |n| format!(" or {n} executions"));
        step(&format!(
            "fuzzing `{t}` for {seconds} s{until} (one process)"
        ));
        let s = run_one(t, seconds, runs)?;
        let failed = s.crash.clone();
        all.push(s);
        if let Some(artifact) = failed {
            print_table(&all);
            return Err(format!(
                "fuzz target `{t}` failed; the input is {artifact}\n    reproduce: cargo fuzz run {} {t} {artifact}\n    \
                 then turn it into a regression test in the crate at fault (docs/fuzzing.md)",
                BUILD.join(" ")
            ));
        }
    }
    print_table(&all);
    Ok(())
}

fn print_table(all: &[Stats]) {
    println!("\n    target          seconds   executions    exec/s  new units  corpus  crashes");
    for s in all {
        println!(
            "    {:<14} {:>8.0} {:>12} {:>9} {:>10} {:>7} {:>8}",
            s.target,
            s.seconds,
            s.execs,
            s.execs_per_sec,
            s.new_units,
            s.corpus,
            usize::from(s.crash.is_some())
        );
    }
}

fn ensure_cargo_fuzz() -> Result<(), String> {
    let ok = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        step(&format!(
            "cargo-fuzz is missing: installing it from crates.io (cargo install --locked {CARGO_FUZZ})"
        ));
        run("cargo", &["install", "--locked", CARGO_FUZZ])?;
    }
    Ok(())
}

fn run_one(target: &str, seconds: u64, runs: Option<u64>) -> Result<Stats, String> {
    let root = root();
    let corpus = format!("fuzz/corpus/{target}");
    let seeds = format!("fuzz/seeds/{}", seeds_of(target));
    fs::create_dir_all(root.join(&corpus)).map_err(|e| format!("cannot create {corpus}: {e}"))?;
    let mut args: Vec<String> = ["fuzz", "run"].iter().map(|s| s.to_string()).collect();
    args.extend(BUILD.iter().map(|s| s.to_string()));
    // New inputs go to the first folder (ignored by git); the committed seeds are only read.
    args.extend([target.to_string(), corpus, seeds, "--".into()]);
    args.push(format!("-max_total_time={seconds}"));
    if let Some(n) = runs {
        args.push(format!("-runs={n}"));
    }
    args.push(format!("-timeout={TIMEOUT}"));
    if let Some((_, n)) = MAX_LEN.iter().find(|(t, _)| *t == target) {
        args.push(format!("-max_len={n}"));
    }
    args.push("-print_final_stats=1".into());
    let dict = format!("fuzz/dict/{}.dict", seeds_of(target));
    if root.join(&dict).exists() {
        args.push(format!("-dict={dict}"));
    }
    println!("    $ cargo {}", args.join(" "));
    let started = Instant::now();
    let mut child = Command::new("cargo")
        .args(&args)
        .current_dir(&root)
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
    let mut stats = Stats {
        target: target.to_string(),
        ..Stats::default()
    };
    let stderr = child.stderr.take().ok_or("no stderr from cargo fuzz")?;
    // libFuzzer's status lines go through unchanged; the statistics and the artifact are kept.
    for line in BufReader::new(stderr).lines() {
        let line = line.map_err(|e| format!("reading cargo fuzz's output: {e}"))?;
        eprintln!("{line}");
        let num = |key: &str| {
            line.strip_prefix(key)
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        if let Some(n) = num("stat::number_of_executed_units:") {
            stats.execs = n;
        } else if let Some(n) = num("stat::average_exec_per_sec:") {
            stats.execs_per_sec = n;
        } else if let Some(n) = num("stat::new_units_added:") {
            stats.new_units = n;
        } else if let Some(path) = line.split("Test unit written to ").nth(1) {
            stats.crash = Some(path.trim().to_string());
        } else if line.contains("DONE ") || line.contains("INITED ") {
            // `#123 DONE cov: … corp: 456/78Kb …`
            if let Some(c) = line
                .split("corp: ")
                .nth(1)
                .and_then(|r| r.split('/').next())
                .and_then(|n| n.parse().ok())
            {
                stats.corpus = c;
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    stats.seconds = started.elapsed().as_secs_f64();
    if !status.success() && stats.crash.is_none() {
        stats.crash = Some(format!("(none written: cargo fuzz exited with {status})"));
    }
    Ok(stats)
}

// ---------------------------------------------------------------------------------------------
// Seed corpora and dictionaries, rebuilt from the repository's own files by `cargo xtask fuzz
// seeds`: the golden subjects and reports (tests/golden), the packs' cases and texts (packs/),
// and the batch template and golden subjects as CSV and XLSX batches.

/// Golden reports seeded into `json_roundtrip` (written compact; the whole set is ~470 KB, and
/// the committed seeds are kept to a few hundred KB in all).
const SEED_REPORTS: &[&str] = &[
    "01-contract-example",
    "17-several-kinds-longest",
    "29-commitment-broken",
    "38-driver-clean-AAA",
    "44-ignored-types",
];

/// Overlays seeded into `pack` as TOML and as JSON (the others are larger and add little).
const SEED_OVERLAYS: &[&str] = &["chongqing-fuling", "fujian-xiamen"];

/// Subjects per batch seed (`batch_csv`, `batch_xlsx`).
const BATCH_SEED_SUBJECTS: usize = 3;

/// Separator between a worksheet and its shared strings in `batch_xlsx`'s XML inputs (the
/// target's `SST_MARK`).
const SST_MARK: &str = "\n<!--sharedStrings-->\n";

fn read_text(p: &Path) -> Result<String, String> {
    fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
}

fn json_files(dir: &Path, skip: &str) -> Result<Vec<PathBuf>, String> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            n.ends_with(".json") && !n.contains(skip)
        })
        .collect();
    v.sort();
    Ok(v)
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("x")
        .to_string()
}

struct Seeds {
    dir: PathBuf,
    bytes: usize,
    files: usize,
}

impl Seeds {
    fn new(target: &str) -> Result<Seeds, String> {
        let dir = root().join("fuzz/seeds").join(target);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        // Everything but the regression inputs (`regression-*`, each a fuzzer finding kept by
        // hand so the smoke run replays it) is rebuilt.
        for e in fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))? {
            let p = e.map_err(|e| e.to_string())?.path();
            let keep = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("regression-"));
            if !keep {
                fs::remove_file(&p).map_err(|e| format!("cannot remove {}: {e}", p.display()))?;
            }
        }
        Ok(Seeds {
            dir,
            bytes: 0,
            files: 0,
        })
    }

    fn put(&mut self, name: &str, bytes: &[u8]) -> Result<(), String> {
        let p = self.dir.join(name);
        fs::write(&p, bytes).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        self.bytes += bytes.len();
        self.files += 1;
        Ok(())
    }

    fn done(&self) {
        println!(
            "    {}: {} files, {:.1} KB",
            self.dir.strip_prefix(root()).unwrap_or(&self.dir).display(),
            self.files,
            self.bytes as f64 / 1024.0
        );
    }
}

/// Every object key and every short string value in a JSON document.
fn tokens(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                tokens(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| tokens(v, out)),
        Value::String(s) if !s.is_empty() && s.len() <= 40 => {
            out.insert(s.clone());
        }
        _ => {}
    }
}

/// `"token"`: how a string appears in JSON (and as a TOML value).
fn quoted<'a>(tokens: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    tokens.into_iter().map(|t| format!("\"{t}\"")).collect()
}

fn plain(tokens: &[&str]) -> Vec<String> {
    tokens.iter().map(|t| t.to_string()).collect()
}

/// A libFuzzer dictionary: one token a line, in quotes, bytes outside printable ASCII as `\xNN`.
fn write_dict(name: &str, entries: Vec<String>) -> Result<(), String> {
    let mut out = format!(
        "# libFuzzer dictionary for fuzz target `{name}`, written by `cargo xtask fuzz seeds`.\n"
    );
    let entries: BTreeSet<String> = entries.into_iter().collect();
    for t in entries {
        out.push('"');
        for b in t.bytes() {
            match b {
                b'"' | b'\\' => {
                    out.push('\\');
                    out.push(b as char);
                }
                0x20..=0x7e => out.push(b as char),
                _ => out.push_str(&format!("\\x{b:02X}")),
            }
        }
        out.push_str("\"\n");
    }
    let dir = root().join("fuzz/dict");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let p = dir.join(format!("{name}.dict"));
    fs::write(&p, out).map_err(|e| format!("cannot write {}: {e}", p.display()))
}

fn parse_json(text: &str, what: &Path) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("{} is not JSON: {e}", what.display()))
}

fn seeds() -> Result<(), String> {
    use xinyong_batch::{inputs_to_file, template, Format};
    use xinyong_core::input::{parse_input, report_from_json};
    use xinyong_core::json_write::to_json;
    use xinyong_core::pack::builtin_json;

    step("rebuilding fuzz/seeds/ and fuzz/dict/ from tests/golden, packs/ and the batch template");
    let root = root();
    let golden = root.join("tests/golden");

    // subject: every golden subject and every pack case.
    let mut s = Seeds::new("subject")?;
    let mut subject_tokens = BTreeSet::new();
    let mut inputs = Vec::new();
    let mut case_inputs = Vec::new();
    for p in json_files(&golden, ".report.")? {
        let text = read_text(&p)?;
        tokens(&parse_json(&text, &p)?, &mut subject_tokens);
        inputs.push(parse_input(&text).map_err(|e| format!("{}: {e:?}", p.display()))?);
        s.put(&format!("golden-{}.json", stem(&p)), text.as_bytes())?;
    }
    let mut packs: Vec<PathBuf> = fs::read_dir(root.join("packs"))
        .map_err(|e| format!("cannot list packs/: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    packs.sort();
    for pack in &packs {
        let cases = pack.join("cases");
        if !cases.is_dir() {
            continue;
        }
        for p in json_files(&cases, ".expect.")? {
            let text = read_text(&p)?;
            tokens(&parse_json(&text, &p)?, &mut subject_tokens);
            if let Ok(i) = parse_input(&text) {
                case_inputs.push(i);
            }
            s.put(
                &format!("case-{}-{}.json", stem(pack), stem(&p)),
                text.as_bytes(),
            )?;
        }
    }
    s.done();
    // Codes and ids a subject may name (behaviours, schemes, regions) come from the packs.
    let mut pack_tokens = BTreeSet::new();
    for id in xinyong_core::pack::builtin_ids() {
        subject_tokens.insert(id.to_string());
        if let Some(j) = builtin_json(id) {
            tokens(&parse_json(j, Path::new(id))?, &mut pack_tokens);
        }
    }
    let short_pack_tokens: BTreeSet<String> = pack_tokens
        .iter()
        .filter(|t| t.is_ascii() && t.len() <= 24)
        .cloned()
        .collect();
    let mut subject_dict = subject_tokens.clone();
    subject_dict.extend(short_pack_tokens.iter().cloned());
    let mut dict = quoted(&subject_dict);
    dict.extend(plain(&[
        "null",
        "true",
        "false",
        "\"2024-02-29\"",
        "-1",
        "1e308",
    ]));
    write_dict("subject", dict)?;

    // pack: overlays as TOML and as JSON, and `national` as a portal's own base pack (JSON).
    let mut s = Seeds::new("pack")?;
    for id in SEED_OVERLAYS {
        let p = root.join("packs").join(id).join("pack.toml");
        s.put(&format!("{id}.toml"), read_text(&p)?.as_bytes())?;
        let j = builtin_json(id).ok_or(format!("no built-in pack {id}"))?;
        s.put(&format!("{id}.json"), j.as_bytes())?;
    }
    let mut national = parse_json(
        builtin_json("national").ok_or("no built-in national pack")?,
        Path::new("national"),
    )?;
    if let Some(p) = national.get_mut("pack").and_then(Value::as_object_mut) {
        p.insert("id".into(), Value::String("portal-base".into()));
    }
    s.put("portal-base.json", national.to_string().as_bytes())?;
    s.done();
    // TOML keys are bare and its values quoted; JSON quotes both.
    let mut dict = quoted(&pack_tokens);
    dict.extend(short_pack_tokens.iter().cloned());
    dict.extend(plain(&[
        "[[",
        "]]",
        " = ",
        "\"\"\"",
        "true",
        "false",
        "nan",
        "inf",
        "1e308",
        "-1",
        "4294967295",
        "1990-01-01",
        "2100-12-31",
    ]));
    write_dict("pack", dict)?;

    // batch_csv / batch_xlsx: the templates, and every golden subject and pack case in small
    // batches of a few subjects. Why small: each execution evaluates every subject of its input,
    // so a seed of a hundred subjects made every mutation of it cost a hundred evaluations
    // (472 exec/s for `batch_csv`), while what the batch readers do differently per subject
    // (grouping rows by id, one subject's rows spread over the file, rejected rows between
    // good ones) shows in a batch of two or three as well as in one of a hundred.
    let mut csv = Seeds::new("batch_csv")?;
    let mut xlsx = Seeds::new("batch_xlsx")?;
    for (fmt, seeds, ext) in [
        (Format::Csv, &mut csv, "csv"),
        (Format::Xlsx, &mut xlsx, "xlsx"),
    ] {
        let bytes = template(fmt)?;
        if fmt == Format::Xlsx {
            let (sheet, sst) = xlsx_parts(&bytes)?;
            seeds.put(
                "template.sheet.xml",
                format!("{sheet}{SST_MARK}{sst}").as_bytes(),
            )?;
        }
        seeds.put(&format!("template.{ext}"), &bytes)?;
    }
    for (name, all) in [("golden", &inputs), ("cases", &case_inputs)] {
        for (i, group) in all.chunks(BATCH_SEED_SUBJECTS).enumerate() {
            csv.put(
                &format!("{name}-{i:02}.csv"),
                &inputs_to_file(group, Format::Csv)?,
            )?;
            // Each worksheet repeats the header's ~5 KB of markup: one group in three of the
            // golden subjects as XLSX (the CSV seeds have them all; what is XLSX's own, the zip,
            // the cell types and the shared strings, is in every one).
            if name != "golden" || i % 3 != 0 {
                continue;
            }
            let bytes = inputs_to_file(group, Format::Xlsx)?;
            let (sheet, sst) = xlsx_parts(&bytes)?;
            xlsx.put(
                &format!("{name}-{i:02}.sheet.xml"),
                format!("{sheet}{SST_MARK}{sst}").as_bytes(),
            )?;
            // A few whole workbooks (each carries the template's ~8 KB of other parts).
            if i < 6 {
                xlsx.put(&format!("{name}-{i:02}.xlsx"), &bytes)?;
            }
        }
    }
    csv.done();
    xlsx.done();
    let mut headers = BTreeSet::new();
    for c in xinyong_batch::columns::COLUMNS {
        headers.insert(c.key.to_string());
        headers.insert(c.zh.to_string());
        headers.insert(xinyong_batch::columns::template_header(c));
        headers.extend(c.aliases.iter().map(|a| a.to_string()));
    }
    let mut csv_dict: BTreeSet<String> = headers.clone();
    csv_dict.extend(subject_tokens.iter().cloned());
    csv_dict.extend(
        [
            "企业",
            "个人",
            "行政处罚",
            "罚款",
            "警告",
            "一般",
            "严重",
            "已履行",
            "未履行",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let mut dict: Vec<String> = csv_dict.into_iter().collect();
    dict.extend(plain(&[",", "\"", "\r\n", "\u{feff}", ";", "；", "、"]));
    write_dict("batch_csv", dict)?;
    let mut dict: Vec<String> = headers.into_iter().collect();
    dict.extend(plain(&[
        "<row r=\"2\">",
        "</row>",
        "<c r=\"A2\"",
        " t=\"s\"",
        " t=\"inlineStr\"",
        " t=\"str\"",
        " t=\"n\"",
        " t=\"b\"",
        " t=\"d\"",
        " t=\"e\"",
        " s=\"1\"",
        "<v>",
        "</v>",
        "<is><t>",
        "</t></is>",
        "<si><t>",
        "</t></si>",
        "<sheetData>",
        "</sheetData>",
        "<f>",
        "&amp;",
        "45000",
        "-1",
        "1e308",
        SST_MARK,
    ]));
    write_dict("batch_xlsx", dict)?;

    // json_roundtrip: a few subjects and reports (compact).
    let mut s = Seeds::new("json_roundtrip")?;
    let mut rt_tokens = subject_tokens.clone();
    for name in [
        "01-contract-example",
        "29-commitment-broken",
        "44-ignored-types",
    ] {
        let p = golden.join(format!("{name}.json"));
        s.put(&format!("subject-{name}.json"), read_text(&p)?.as_bytes())?;
    }
    for name in SEED_REPORTS {
        let p = golden.join(format!("{name}.report.json"));
        let text = read_text(&p)?;
        tokens(&parse_json(&text, &p)?, &mut rt_tokens);
        let r = report_from_json(&text).map_err(|e| format!("{}: {e:?}", p.display()))?;
        s.put(&format!("report-{name}.json"), to_json(&r).as_bytes())?;
    }
    s.done();
    let mut dict = quoted(&rt_tokens);
    dict.extend(plain(&[
        "null", "true", "false", "\\u0000", "\\ud800", "1e308", "-0", "0.1",
    ]));
    write_dict("json_roundtrip", dict)?;
    println!("    dictionaries in fuzz/dict/");
    Ok(())
}

/// The first worksheet's XML and the shared strings' XML of an XLSX file.
fn xlsx_parts(bytes: &[u8]) -> Result<(String, String), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut part = |name: &str| -> Result<String, String> {
        let mut f = zip.by_name(name).map_err(|e| format!("{name}: {e}"))?;
        let mut s = String::new();
        f.read_to_string(&mut s)
            .map_err(|e| format!("{name}: {e}"))?;
        Ok(s)
    };
    Ok((
        part("xl/worksheets/sheet1.xml")?,
        part("xl/sharedStrings.xml")?,
    ))
}
