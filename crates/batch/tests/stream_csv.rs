//! The streamed screening of a CSV batch (crate::stream_csv) against the whole-file one
//! (`read` + `screen` + `write`): the same bytes in every output file, the same counts and notes,
//! for any number of threads and however the input arrives in pieces; no file size limit, a row
//! limit instead; a subject whose rows are not adjacent is still one result.

#[macro_use]
mod common;

use std::io::{BufReader, Read};

use common::{assert_same_files, files, note_texts, Outcome};
use proptest::prelude::*;
use xinyong_batch::stream::StreamError;
use xinyong_batch::stream_csv::{csv_prepass, screen_csv, CsvLimits};
use xinyong_batch::{read, Format, MAX_BATCH_BYTES};

fn whole(bytes: &[u8], out: Format) -> Outcome {
    common::whole(bytes, Format::Csv, out)
}

/// Streamed, reading through a buffer of `cap` bytes (small ones cut rows and characters).
fn streamed_with<R: Read + Send>(
    open: &mut dyn FnMut() -> R,
    out: Format,
    jobs: usize,
    cap: usize,
    limits: CsvLimits,
) -> Result<Outcome, StreamError> {
    let pre = csv_prepass(&mut || Ok(BufReader::with_capacity(cap, open())), limits)?;
    let (s, written, notes) = screen_in_memory!(
        screen_csv,
        BufReader::with_capacity(cap, open()),
        &pre,
        out,
        jobs
    );
    let c = s.counts;
    assert_eq!(c.rows_read, c.rows_used + c.rows_rejected, "{c:?}");
    Ok((s.counts, files(written), note_texts(&notes)))
}

fn streamed(bytes: &[u8], out: Format, jobs: usize, cap: usize) -> Result<Outcome, StreamError> {
    streamed_with(&mut || bytes, out, jobs, cap, CsvLimits::default())
}

fn same(bytes: &[u8], jobs: usize, cap: usize) {
    for out in [Format::Csv, Format::Jsonl] {
        let want = whole(bytes, out);
        let got = streamed(bytes, out, jobs, cap).unwrap_or_else(|e| panic!("{e:?}"));
        let what = format!("{out:?}, {jobs} jobs, buffer {cap}");
        assert_eq!(got.0, want.0, "counts, {what}");
        assert_eq!(got.2, want.2, "notes, {what}");
        assert_same_files(&got.1, &want.1, &what);
    }
}

fn input_problem(e: StreamError) -> String {
    match e {
        StreamError::Input(p) => p.to_string(),
        StreamError::Io(e) => panic!("an input problem, not {e}"),
    }
}

const A: &str = "91350200MA2Y4K7N0A";
const B: &str = "91350203MA31XQ8E2A";

/// A person's id with a valid check character.
fn person(n: u32) -> String {
    let first = format!("11010119900307{:03}", n % 1000);
    let c = xinyong_core::ids::citizen_check_char(&first).unwrap();
    format!("{first}{c}")
}

/// An enterprise's unified social credit code with a valid check character.
fn uscc(n: u32) -> String {
    let first = format!("913502000000{n:05}");
    let c = xinyong_core::ids::uscc_check_char(&first).unwrap();
    format!("{first}{c}")
}

const HEADER: &str = "主体类型,证件号码,名称,行业,备注,记录类型,日期,处罚种类,罚款金额,失信等级";

#[test]
fn the_template_and_a_clerks_csv_stream_to_the_same_bytes() {
    let template = xinyong_batch::template(Format::Csv).unwrap();
    same(&template, 1, 8192);
    let t = format!(
        "2026年度申请汇总表,,,,,,,,,\n{HEADER},序号\n\
         企业,{A},甲,道路货运,\"两行\n第二行\",行政处罚,2026/5/6,罚款,5000,一般,1\n\
         ,,,,,行政处罚,2026-13-45,罚款,100,,2\n\
         ,,,,,超载罚单,2026-05-06,,,,3\n\
         企业,{B},乙,公路施工,,,,,,,4\n\
         企业,,某某,,,,,,,,5\n\
         个人,{},张三,道路货运,,行政处罚,2026-05-06,罚款,abc,,6\n",
        person(1)
    );
    for jobs in 1..=3 {
        same(t.as_bytes(), jobs, 8192);
    }
    same(t.as_bytes(), 2, 1);
}

/// A subject whose rows are not adjacent (a file sorted by date) is one subject with one
/// result, as when the file is read whole, never two; the rows between are held until the
/// subject's last row. Over the limit of what may be held, the file is refused before anything
/// is written, naming the rows, and the clerk is asked to sort it.
#[test]
fn a_subject_on_rows_apart_is_one_result() {
    let t = format!(
        "{HEADER}\n\
         企业,{A},甲,道路货运,,行政处罚,2026-05-06,罚款,5000,一般\n\
         企业,{B},乙,公路施工,,,,,,\n\
         企业,{p},丙,道路货运,,行政处罚,2026-03-01,罚款,200,\n\
         企业,{A},甲,道路货运,,行政处罚,2026-06-01,罚款,300,一般\n\
         企业,{p},丙,道路货运,,,,,,\n\
         企业,{d},丁,道路货运,,,,,,\n",
        p = uscc(2),
        d = uscc(1),
    );
    for jobs in 1..=3 {
        same(t.as_bytes(), jobs, 8192);
        same(t.as_bytes(), jobs, 3);
    }
    let (counts, files, _) = streamed(t.as_bytes(), Format::Jsonl, 2, 64).unwrap();
    // 甲 (rows 2 and 5), 乙, 丙 (rows 4 and 6), 丁: four results, not six.
    assert_eq!(counts.subjects, 4, "{counts:?}");
    assert_eq!(counts.rows_rejected, 0, "{counts:?}");
    let main = String::from_utf8(files[0].1.clone()).unwrap();
    let first: serde_json::Value = serde_json::from_str(main.lines().next().unwrap()).unwrap();
    assert_eq!(first["summary"]["row"], 2);
    assert_eq!(
        first["report"]["subject"]["id_masked"],
        "9135************0A"
    );
    // Its two records are both in the one report (the penalty on row 5 included).
    let text = first["report"].to_string();
    assert!(text.contains("\"R2\"") && text.contains("\"R5\""), "{text}");

    // Held rows over the limit: refused, naming the stretch.
    let limits = CsvLimits {
        held_bytes: 100,
        ..CsvLimits::default()
    };
    let e = streamed_with(&mut || t.as_bytes(), Format::Csv, 1, 64, limits).unwrap_err();
    let msg = input_problem(e);
    assert!(
        msg.contains("第 2 行") && msg.contains("row 2") && msg.contains("第 6 行"),
        "{msg}"
    );
    assert!(
        msg.contains("排序") && msg.contains("Sort the file"),
        "{msg}"
    );
    // The same limit lets a file whose subjects' rows are adjacent through: only interleaved
    // rows are held.
    let sorted = format!(
        "{HEADER}\n\
         企业,{A},甲,道路货运,,行政处罚,2026-05-06,罚款,5000,一般\n\
         ,,,,,吊销许可证件,2026-06-01,,,严重\n\
         企业,{B},乙,公路施工,,,,,,\n"
    );
    let got = streamed_with(&mut || sorted.as_bytes(), Format::Csv, 1, 64, limits).unwrap();
    assert_eq!(got.1, whole(sorted.as_bytes(), Format::Csv).1);
}

/// A reader that gives `head`, then `fill` repeated `n` times (or forever), then `tail`: big
/// files without holding them.
struct Gen {
    parts: Vec<(Vec<u8>, Option<usize>)>,
    at: usize,
    off: usize,
    done: usize,
}

impl Gen {
    fn new(head: &str, fill: &str, n: Option<usize>, tail: &str) -> Self {
        Gen {
            parts: vec![
                (head.as_bytes().to_vec(), Some(1)),
                (fill.as_bytes().to_vec(), n),
                (tail.as_bytes().to_vec(), Some(1)),
            ],
            at: 0,
            off: 0,
            done: 0,
        }
    }
}

impl Read for Gen {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let Some((bytes, times)) = self.parts.get(self.at) else {
                return Ok(0);
            };
            if times.is_some_and(|t| self.done >= t) || bytes.is_empty() {
                self.at += 1;
                self.off = 0;
                self.done = 0;
                continue;
            }
            let n = (bytes.len() - self.off).min(buf.len());
            buf[..n].copy_from_slice(&bytes[self.off..self.off + n]);
            self.off += n;
            if self.off == bytes.len() {
                self.off = 0;
                self.done += 1;
            }
            return Ok(n);
        }
    }
}

/// Before: a CSV over 64 MiB was refused whole ("file too large"). Streamed, only a row is
/// held: a 70 MiB file (one subject, then 70,000 rows of a column the layout does not have)
/// screens.
#[test]
fn a_csv_over_64_mib_streams() {
    let head = format!("主体类型,证件号码,颜色\n企业,{A},红\n");
    let fill = format!(",,{}\n", "x".repeat(1045));
    let rows = 70 * 1024;
    let size = head.len() + fill.len() * rows;
    assert!(size > MAX_BATCH_BYTES, "{size}");
    let (counts, files, notes) = streamed_with(
        &mut || Gen::new(&head, &fill, Some(rows), ""),
        Format::Csv,
        1,
        1 << 16,
        CsvLimits::default(),
    )
    .unwrap();
    assert_eq!(counts.subjects, 1);
    assert_eq!(counts.rows_read, 1);
    assert!(
        notes
            .iter()
            .any(|n| n.contains(&format!("有 {rows} 行只在被忽略的列中有内容"))),
        "{notes:?}"
    );
    assert!(String::from_utf8_lossy(&files[0].1).contains("9135************0A"));
}

/// A row over the limit is refused with its Excel row number and the limit, without being
/// held: a cell that does not end (an unclosed quote, 13 MB of file after it) stops at the
/// limit instead of growing with the file. The whole-file reader refuses it with the same words.
#[test]
fn a_huge_row_is_refused_naming_its_row_and_the_limit() {
    let head = format!("{HEADER}\r\n企业,{A},甲,道路货运,,,,,,\r\n\r\n企业,{B},\"乙");
    let e = streamed_with(
        &mut || Gen::new(&head, "乙乙乙乙乙乙乙\n", Some(600_000), ""),
        Format::Csv,
        1,
        1 << 16,
        CsvLimits::default(),
    )
    .unwrap_err();
    let msg = input_problem(e);
    let limit = xinyong_batch::read::MAX_ROW_BYTES;
    assert!(
        msg.contains("第 4 行过长") && msg.contains("row 4 is too long"),
        "{msg}"
    );
    assert!(msg.contains(&format!("最多 {limit} 字节")), "{msg}");

    // A smaller limit, so the file can be held whole to compare with `read`.
    let long = format!(
        "{HEADER}\n企业,{A},甲,道路货运,,,,,,\n企业,{B},乙,道路货运,\"{}\",,,,,\n",
        "长".repeat(2000)
    );
    let limits = CsvLimits {
        row_bytes: 5000,
        ..CsvLimits::default()
    };
    let msg = input_problem(
        streamed_with(&mut || long.as_bytes(), Format::Csv, 1, 1 << 16, limits).unwrap_err(),
    );
    assert!(
        msg.contains("第 3 行过长") && msg.contains("最多 5000 字节"),
        "{msg}"
    );
    // Within the default limit, both readers take it (and agree).
    same(long.as_bytes(), 1, 4096);
    // Over the default limit, both refuse it, the same way.
    let huge = format!(
        "{HEADER}\n企业,{A},甲,道路货运,,,,,,\n企业,{B},乙,道路货运,{},,,,,\n",
        vec!["长".repeat(30_000); 50].join(",")
    );
    let whole = read(huge.as_bytes(), Format::Csv).unwrap_err().to_string();
    let streamed = input_problem(streamed(huge.as_bytes(), Format::Csv, 1, 4096).unwrap_err());
    assert_eq!(whole, streamed);
    assert!(whole.contains("第 3 行过长"), "{whole}");
}

/// The encoding is decided on the whole file, as the whole-file reader does: a GBK name far
/// down an otherwise ASCII file is read as GBK, not cut off as "not UTF-8" after a UTF-8
/// prefix; bytes that are neither give the same error at the same byte.
#[test]
fn the_encoding_is_the_whole_files() {
    let mut t = String::from("subject_kind,subject_id,subject_name,industry\n");
    for _ in 0..2000 {
        t.push_str(&format!("enterprise,{B},B,road_freight\n"));
    }
    t.push_str(&format!("enterprise,{A},运输公司,road_freight\n"));
    let (gbk, _, _) = encoding_rs::GB18030.encode(&t);
    assert!(std::str::from_utf8(&gbk).is_err());
    same(&gbk, 1, 4096);
    let (_, _, notes) = streamed(&gbk, Format::Csv, 1, 4096).unwrap();
    assert!(notes[0].contains("GBK"), "{notes:?}");
    // With a UTF-8 BOM, UTF-8.
    let bom = [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat();
    same(&bom, 2, 7);
    // Neither UTF-8 nor GB18030.
    let mut bad = t.clone().into_bytes();
    bad.extend_from_slice(b"enterprise,x,\xFF\xFF,bus\n");
    let whole = read(&bad, Format::Csv).unwrap_err().to_string();
    let streamed = input_problem(streamed(&bad, Format::Csv, 1, 100).unwrap_err());
    assert_eq!(whole, streamed);
}

/// A row of the generated files: (subject, record, subject cells, blank line before, note).
type GenRow = (usize, usize, usize, bool, usize);

fn generated(rows: &[GenRow], end: &str, title: bool, serial: bool, bom: bool) -> String {
    let subjects = [
        ("企业", A.to_string(), "甲", "道路货运"),
        ("企业", B.to_string(), "乙", "公路施工"),
        ("个人", person(3), "张三", "道路货运"),
        ("企业", "bad-id".to_string(), "丙", "公交"),
        // The id of 甲 typed in lower case with another name: the same subject, a conflict.
        ("企业", A.to_lowercase(), "甲乙", "道路货运"),
    ];
    let records = [
        ",,,,",
        "行政处罚,2026-05-06,罚款,5000,一般",
        "行政处罚,2026/5/6,罚款,abc,一般",
        "超载罚单,2026-05-06,,,",
        "行政处罚,2026-02-30,罚款,100,",
        ",2026-05-06,,,",
        "约谈,2026-01-01,,,",
    ];
    let notes = [
        "",
        "一行",
        "\"两行\n第二行\"",
        "\"三行\r\n第二\r第三,\"\"引\"\"\"",
    ];
    let mut t = String::new();
    if bom {
        t.push('\u{feff}');
    }
    if title {
        t.push_str(&format!("申请汇总表,,,,,,,,,{end}{end}"));
    }
    t.push_str(HEADER);
    if serial {
        t.push_str(",序号");
    }
    t.push_str(end);
    for (n, &(s, r, cells, blank, note)) in rows.iter().enumerate() {
        if blank {
            t.push_str(end);
        }
        let (kind, id, name, industry) = &subjects[s % subjects.len()];
        let subject = match cells {
            0 => format!("{kind},{id},{name},{industry}"),
            1 => ",,,".to_string(),
            _ => format!("{kind},,{name},"),
        };
        let note = notes[note % notes.len()].replace('\n', end);
        t.push_str(&format!("{subject},{note},{}", records[r % records.len()]));
        if serial {
            t.push_str(&format!(",{n}"));
        }
        t.push_str(end);
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    /// Random clerks' files (subjects adjacent or interleaved, continuation rows, rows of no
    /// subject, bad cells, multi-line cells, every line end, title rows, 序号, BOM, GBK) give
    /// the whole-file bytes, counts and notes, on 1–3 threads, through any buffer size.
    #[test]
    fn streamed_csv_equals_whole(
        rows in proptest::collection::vec((0usize..5, 0usize..7, 0usize..3, any::<bool>(), 0usize..4), 1..14),
        end in prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
        title in any::<bool>(),
        serial in any::<bool>(),
        bom in any::<bool>(),
        gbk in any::<bool>(),
        jobs in 1usize..4,
        cap in prop_oneof![1usize..16, Just(8192usize)],
    ) {
        let t = generated(&rows, end, title, serial, bom && !gbk);
        let bytes = if gbk {
            encoding_rs::GB18030.encode(&t).0.into_owned()
        } else {
            t.into_bytes()
        };
        same(&bytes, jobs, cap);
    }
}
