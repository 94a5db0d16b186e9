//! `xinyong batch` at scale and its small promises: a JSONL batch is streamed (no 64 MiB limit,
//! the same files as reading it whole, on any number of threads), `-` reads stdin, and an output
//! file that is the input is refused.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{stderr, xinyong_env as xinyong};
use xinyong_batch::{read, screen, write, Format, Screening};
use xinyong_model::Date;

/// This test's own folder.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "xinyong-batch-stream-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `n` synthetic subjects as a JSONL batch (as `cargo xtask dataset` writes it), with a few
/// broken lines and one subject given twice.
fn dataset(n: usize) -> String {
    let published = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let mut out = String::new();
    for (i, subject) in xinyong_inquiry::synthetic::subjects(7, published)
        .take(n)
        .enumerate()
    {
        let mut input = xinyong_inquiry::to_input(&subject, Some(Date(published)));
        if i % 3 == 0 {
            input.subject.region = None;
        }
        out.push_str(&serde_json::to_string(&input).unwrap());
        out.push('\n');
        match i {
            10 => out.push_str("not json\n\n"),
            20 => out.push_str("[]\n"),
            _ => {}
        }
    }
    let first = out.lines().next().unwrap().to_string();
    out.push_str(&first);
    out.push('\n');
    out
}

const AS_OF: &str = "2026-11-23";

/// The subjects of a JSONL batch, its broken lines left out.
fn inputs_of(text: &str) -> Vec<xinyong_model::Input> {
    text.lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// The summary line the CLI writes to stderr for these counts (up to the subjects' count).
fn counts_line(c: &xinyong_batch::Counts) -> String {
    format!(
        "rows read {} = used {} + rejected {}; subjects {} ",
        c.rows_read, c.rows_used, c.rows_rejected, c.subjects
    )
}

/// The whole-file screening of `bytes` read as `input`, checked on 2030-01-01 as of `AS_OF`.
fn whole(bytes: impl AsRef<[u8]>, input: Format) -> Screening {
    let mut o = xinyong_core::Options::new(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap());
    o.as_of = Some(Date(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()));
    screen(read(bytes.as_ref(), input).unwrap(), &o, &mut |_, _| {})
}

/// The files the whole-file writer makes of `sc` in `out`: (suffix, bytes).
fn files_of(sc: &Screening, out: Format) -> Vec<(String, Vec<u8>)> {
    write(sc, out)
        .unwrap()
        .into_iter()
        .map(|f| (f.suffix.to_string(), f.bytes))
        .collect()
}

fn whole_files(text: &str, out: Format) -> Vec<(String, Vec<u8>)> {
    files_of(&whole(text, Format::Jsonl), out)
}

/// `xinyong batch INPUT --out OUT --as-of AS_OF` with `stdin`, which succeeds: its stderr.
fn batch_as_of(input: &str, out: &str, stdin: Option<&[u8]>) -> String {
    let o = xinyong(
        &["batch", input, "--out", out, "--as-of", AS_OF],
        stdin,
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

/// `xinyong batch INPUT --out OUT --as-of AS_OF --jobs JOBS`, which succeeds: its stderr.
fn batch_on_jobs(input: &Path, out: &Path, jobs: &str) -> String {
    let o = xinyong(
        &[
            "batch",
            s(input),
            "--out",
            s(out),
            "--as-of",
            AS_OF,
            "--jobs",
            jobs,
        ],
        None,
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

fn assert_files(out: &Path, want: &[(String, Vec<u8>)]) {
    let stem = out.file_stem().unwrap().to_str().unwrap();
    for (suffix, bytes) in want {
        let p = if suffix.is_empty() {
            out.to_path_buf()
        } else {
            out.with_file_name(format!("{stem}{suffix}"))
        };
        let got = std::fs::read(&p).unwrap();
        assert!(
            &got == bytes,
            "{} differs from the whole-file screening",
            p.display()
        );
    }
}

#[test]
fn a_generated_batch_streams_to_the_whole_file_bytes_on_any_number_of_threads() {
    let d = dir("generated");
    let text = dataset(1500);
    let input = d.join("batch.jsonl");
    std::fs::write(&input, &text).unwrap();
    for (fmt, ext) in [(Format::Csv, "csv"), (Format::Jsonl, "jsonl")] {
        let want = whole_files(&text, fmt);
        for jobs in ["1", "2", "3"] {
            let out = d.join(format!("out-{jobs}.{ext}"));
            let err = batch_on_jobs(&input, &out, jobs);
            assert!(
                err.contains(
                    "rows read 1503 = used 1500 + rejected 3; subjects 1500 (1 incomplete)"
                ),
                "{err}"
            );
            assert_files(&out, &want);
        }
    }
    // XINYONG_JOBS when --jobs is not given; a bad value is a clear error.
    let out = d.join("env.csv");
    let o = xinyong(
        &["batch", s(&input), "--out", s(&out), "--as-of", AS_OF],
        None,
        &[("XINYONG_JOBS", "2")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_files(&out, &whole_files(&text, Format::Csv));
    let o = xinyong(
        &["batch", s(&input), "--out", s(&out)],
        None,
        &[("XINYONG_JOBS", "zero")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("XINYONG_JOBS") && stderr(&o).contains("线程数"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&d);
}

/// A CSV batch is streamed too (before: read whole, at most 64 MiB and 200,000 rows): the
/// files the whole-file screening writes, on 1–3 threads and from stdin, with the reader's
/// notes on stderr. The batch has a title row, a 序号 column, continuation rows and a subject
/// whose rows are apart, which stays one result.
#[test]
fn a_csv_batch_streams_to_the_whole_file_bytes() {
    let d = dir("csv");
    let text = dataset(400);
    let inputs: Vec<_> = inputs_of(&text).into_iter().take(400).collect();
    let csv = xinyong_batch::inputs_to_file(&inputs, Format::Csv).unwrap();
    let csv = String::from_utf8(csv)
        .unwrap()
        .trim_start_matches('\u{feff}')
        .to_string();
    let mut lines: Vec<String> = csv.lines().map(|l| format!("{l},")).collect();
    lines[0].push_str("序号");
    for (i, l) in lines.iter_mut().enumerate().skip(1) {
        l.push_str(&i.to_string());
    }
    // The second row's subject again at the end: one subject, rows apart.
    let again = lines[1].clone();
    lines.push(again);
    let text = format!("\u{feff}2026 年度申请汇总表\r\n{}\r\n", lines.join("\r\n"));
    let input = d.join("batch.csv");
    std::fs::write(&input, &text).unwrap();
    let sc = whole(&text, Format::Csv);
    for (fmt, ext) in [(Format::Csv, "csv"), (Format::Jsonl, "jsonl")] {
        let want = files_of(&sc, fmt);
        for jobs in ["1", "3"] {
            let out = d.join(format!("out-{jobs}.{ext}"));
            let err = batch_on_jobs(&input, &out, jobs);
            let c = sc.counts;
            assert!(err.contains(&counts_line(&c)), "{err}");
            assert!(err.contains("row 1 above it"), "{err}");
            assert_files(&out, &want);
        }
        let out = d.join(format!("stdin.{ext}"));
        batch_as_of("-", s(&out), Some(text.as_bytes()));
        assert_files(&out, &want);
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// An XLSX batch is streamed too (before: read whole, at most 64 MiB and 200,000 rows, and the
/// whole grid held): the files the whole-file screening writes, on 1 and 3 threads and from
/// stdin, with the sheet read named on stderr; XLSX results of it are written.
#[test]
fn an_xlsx_batch_streams_to_the_whole_file_bytes() {
    let d = dir("xlsx");
    let text = dataset(300);
    let inputs = inputs_of(&text);
    let bytes = xinyong_batch::inputs_to_file(&inputs, Format::Xlsx).unwrap();
    let input = d.join("batch.xlsx");
    std::fs::write(&input, &bytes).unwrap();
    let sc = whole(&bytes, Format::Xlsx);
    let c = sc.counts;
    for (fmt, ext) in [(Format::Csv, "csv"), (Format::Jsonl, "jsonl")] {
        let want = files_of(&sc, fmt);
        for jobs in ["1", "3"] {
            let out = d.join(format!("out-{jobs}.{ext}"));
            let err = batch_on_jobs(&input, &out, jobs);
            assert!(err.contains(&counts_line(&c)), "{err}");
            assert!(err.contains("read sheet \"申请数据 Data\""), "{err}");
            assert_files(&out, &want);
        }
        let out = d.join(format!("stdin.{ext}"));
        batch_as_of("-", s(&out), Some(&bytes));
        assert_files(&out, &want);
    }
    batch_as_of(s(&input), s(&d.join("out.xlsx")), None);
    let _ = std::fs::remove_dir_all(&d);
}

/// Over 64 MiB, which the whole-file path refused ("file too large", exit 2): a streamed CSV
/// batch holds a row at a time. (Rows with text only in a column the layout does not have make
/// the size without the screening time.) XLSX results too.
#[test]
fn a_csv_batch_over_64_mib_is_streamed() {
    let d = dir("bigcsv");
    let input = d.join("big.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        writeln!(f, "主体类型,证件号码,名称,颜色").unwrap();
        writeln!(f, "企业,91350200MA2Y4K7N0A,甲,红").unwrap();
        let filler = format!(",,,{}", "x".repeat(1020));
        for _ in 0..(66 * 1024) {
            writeln!(f, "{filler}").unwrap();
        }
        writeln!(f, "企业,91350200MA2Y4K7N0B,乙,红").unwrap();
    }
    assert!(std::fs::metadata(&input).unwrap().len() > xinyong_batch::MAX_BATCH_BYTES as u64);
    let out = d.join("big.csv.out.csv");
    let err = batch_as_of(s(&input), s(&out), None);
    assert!(err.contains("rows read 2 = used 1 + rejected 1"), "{}", err);
    assert!(
        err.contains("67584 rows hold text only in ignored columns"),
        "{}",
        err
    );
    let rejected = std::fs::read_to_string(d.join("big.csv.out.rejected.csv")).unwrap();
    assert!(rejected.contains("\n67587,"), "{rejected}");
    // XLSX results are streamed too (before: built whole, so the 64 MiB limit stood).
    let err = batch_as_of(s(&input), s(&d.join("big.xlsx")), None);
    assert!(err.contains("rows read 2 = used 1 + rejected 1"), "{}", err);
    let _ = std::fs::remove_dir_all(&d);
}

/// Over 64 MiB, which the whole-file reader refuses: a streamed JSONL batch holds a line at a
/// time, so only a line is limited. (Long blank lines make the size without the screening time.)
#[test]
fn a_jsonl_batch_over_64_mib_is_streamed() {
    let d = dir("big");
    let input = d.join("big.jsonl");
    let good = r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0A","name":"甲","industry":"road_freight"},"records":[]}"#;
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        writeln!(f, "{good}").unwrap();
        let blank = " ".repeat(1 << 20);
        for _ in 0..66 {
            writeln!(f, "{blank}").unwrap();
        }
        writeln!(f, "{}", good.replace("MA2Y4K7N0A", "MA2Y4K7N0B")).unwrap();
    }
    assert!(std::fs::metadata(&input).unwrap().len() > xinyong_batch::MAX_BATCH_BYTES as u64);
    let out = d.join("big.csv");
    let err = batch_as_of(s(&input), s(&out), None);
    assert!(err.contains("rows read 2 = used 1 + rejected 1"), "{}", err);
    let rejected = std::fs::read_to_string(d.join("big.rejected.csv")).unwrap();
    assert!(rejected.contains("\n68,subject_id,"), "{rejected}");
    // XLSX results are streamed too (before: built whole, so the 64 MiB limit stood).
    let err = batch_as_of(s(&input), s(&d.join("big.xlsx")), None);
    assert!(err.contains("rows read 2 = used 1 + rejected 1"), "{}", err);
    let _ = std::fs::remove_dir_all(&d);
}

/// `batch -` reads stdin, as `--help` says: the format from `--input-format` or from the first
/// bytes. Before, `-` was refused for having no file extension.
#[test]
fn batch_dash_reads_stdin() {
    let d = dir("stdin");
    let text = dataset(40);
    let out = d.join("jsonl.csv");
    batch_as_of("-", s(&out), Some(text.as_bytes()));
    assert_files(&out, &whole_files(&text, Format::Csv));
    let csv = "\u{feff}主体类型,证件号码,名称,行业\n企业,91350200MA2Y4K7N0A,甲,道路货运\n";
    for args in [vec![], vec!["--input-format", "csv"]] {
        let out = d.join("csv.jsonl");
        let mut a = vec!["batch", "-", "--out", s(&out), "--as-of", AS_OF];
        a.extend(args);
        let o = xinyong(&a, Some(csv.as_bytes()), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("rows read 1 = used 1"),
            "{}",
            stderr(&o)
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 1);
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// An output file that is the input (by name, through `..`, or as a file beside the main one)
/// is refused before anything is written: the batch would be overwritten.
#[test]
fn an_output_that_is_the_input_is_refused() {
    let d = dir("same");
    let text = dataset(3);
    for (input, out) in [
        ("b.jsonl", "b.jsonl".to_string()),
        (
            "b.jsonl",
            format!("../{}/b.jsonl", d.file_name().unwrap().to_str().unwrap()),
        ),
        ("r.rejected.jsonl", "r.jsonl".to_string()),
        ("t.csv", "t.csv".to_string()),
    ] {
        let p = d.join(input);
        let content = if input.ends_with(".csv") {
            "subject_kind,subject_id\nenterprise,91350200MA2Y4K7N0A\n".to_string()
        } else {
            text.clone()
        };
        std::fs::write(&p, &content).unwrap();
        let out = d.join(out);
        let o = xinyong(&["batch", s(&p), "--out", s(&out)], None, &[]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{input} → {}: {}",
            out.display(),
            stderr(&o)
        );
        assert!(
            stderr(&o).contains("输出文件就是输入文件") && stderr(&o).contains("overwrite"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            content,
            "the input is untouched"
        );
    }
    let _ = std::fs::remove_dir_all(&d);
}
