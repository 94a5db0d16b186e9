//! The streamed screening of a JSONL batch (crate::stream) against the whole-file one
//! (`read` + `screen` + `write`): the same bytes in every output file, the same counts, for any
//! number of threads and however the input arrives in pieces. And the JSONL reading fixes:
//! a UTF-8 BOM, duplicate subjects, over-long lines.

#[macro_use]
mod common;

use std::io::BufReader;

use common::{assert_same_files, files, opts, whole, Files};
use proptest::prelude::*;
use xinyong_batch::stream::{prepass, screen_jsonl, screen_parallel, StreamError};
use xinyong_batch::{read, screen, write, Counts, Format, MAX_LINE_BYTES};

/// Streamed, reading through a buffer of `cap` bytes (small ones cut lines and characters).
fn streamed(
    bytes: &[u8],
    out: Format,
    jobs: usize,
    cap: usize,
) -> Result<(Counts, Files), StreamError> {
    let pre = prepass(BufReader::with_capacity(cap, bytes))?;
    let (s, written) = screen_in_memory!(
        screen_jsonl,
        BufReader::with_capacity(cap, bytes),
        &pre,
        out,
        jobs
    );
    Ok((s.counts, files(written)))
}

fn same(bytes: &[u8], jobs: usize, cap: usize) {
    for out in [Format::Csv, Format::Jsonl] {
        let (counts, want, _) = whole(bytes, Format::Jsonl, out);
        let got = streamed(bytes, out, jobs, cap).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(got.0, counts, "counts, {out:?}, {jobs} jobs");
        assert_same_files(
            &got.1,
            &want,
            &format!("{out:?}, {jobs} jobs, buffer {cap}"),
        );
    }
}

/// Every golden subject file of the engine, one per line.
fn golden_lines() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/golden");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.ends_with(".json") && !n.ends_with(".report.json")
        })
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| {
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
            v.to_string()
        })
        .collect()
}

#[test]
fn the_golden_subjects_stream_to_the_same_bytes() {
    let lines = golden_lines();
    assert!(lines.len() > 50, "{}", lines.len());
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    for jobs in [1, 2, 3] {
        same(text.as_bytes(), jobs, 1 << 16);
    }
    same(text.as_bytes(), 2, 7);
}

/// Every kind of line the reader meets, in one file.
fn mixed() -> String {
    let good = r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0A","name":"甲","industry":"road_freight"},"records":[{"id":"p1","type":"administrative_penalty","date":"2026-05-06","penalty":"fine","amount":5000}]}"#;
    let other = good.replace("91350200MA2Y4K7N0A", "91350203MA31XQ8E2A");
    let bad_record = other
        .replace("91350203MA31XQ8E2A", "91350200776049653A")
        .replace("2026-05-06", "2026-13-06");
    let bad_subject = r#"{"subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0B"},"records":[]}"#;
    format!(
        "\u{feff}{good}\r\n\n  \nnot json\n[1]\n{other}\n{bad_record}\n{bad_subject}\n{good}\n\t{other}  \r\n"
    )
}

#[test]
fn every_kind_of_line_streams_to_the_same_bytes() {
    let text = mixed();
    for jobs in [1, 2, 4] {
        for cap in [1, 2, 5, 64, 1 << 16] {
            same(text.as_bytes(), jobs, cap);
        }
    }
}

#[test]
fn a_bom_before_the_first_line_is_not_part_of_it() {
    let good = r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0A","name":"甲"},"records":[]}"#;
    let s = screen(
        read(format!("\u{feff}{good}\n").as_bytes(), Format::Jsonl).unwrap(),
        &opts(),
        &mut |_, _| {},
    );
    assert_eq!(s.counts.subjects, 1, "{:?}", s.rejected);
    assert_eq!(s.counts.rows_rejected, 0);
}

/// Two lines of one subject: the later is refused, the first marked incomplete (as a CSV row
/// that contradicts its subject's earlier rows), so a clean first line cannot hide the adverse
/// record of the second.
#[test]
fn a_subject_on_two_lines_is_flagged() {
    let clean = r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0A","name":"甲","industry":"road_freight"},"records":[]}"#;
    let revoked = r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0A","name":"甲","industry":"road_freight"},"records":[{"id":"p1","type":"administrative_penalty","date":"2026-05-06","penalty":"license_revocation","severity":"serious"}]}"#;
    let other = clean.replace("91350200MA2Y4K7N0A", "91350203MA31XQ8E2A");
    let text = format!("{clean}\n{other}\n{revoked}\n{clean}\n");
    let s = screen(
        read(text.as_bytes(), Format::Jsonl).unwrap(),
        &opts(),
        &mut |_, _| {},
    );
    assert_eq!(
        (
            s.counts.subjects,
            s.counts.subjects_incomplete,
            s.counts.rows_rejected
        ),
        (2, 1, 2),
        "{:?}",
        s.rejected
    );
    assert_eq!(
        s.counts.rows_read,
        s.counts.rows_used + s.counts.rows_rejected
    );
    assert_eq!(s.results[0].row, 1);
    assert_eq!(s.results[0].rejected_rows, vec![3, 4]);
    assert!(s.results[1].rejected_rows.is_empty());
    assert_eq!(
        s.rejected.iter().map(|r| r.row).collect::<Vec<_>>(),
        vec![3, 4]
    );
    let r = &s.rejected[0];
    assert_eq!(r.column, "subject_id");
    assert_eq!(r.value, "9135************0A", "the id masked");
    assert!(r.zh.contains("第 1 行") && r.en.contains("line 1"), "{r:?}");
    let summary = String::from_utf8(write(&s, Format::Csv).unwrap()[0].bytes.clone()).unwrap();
    let first = summary.lines().nth(1).unwrap();
    assert!(first.contains(",否,0,\"第 3、4 行被拒绝"), "{first}");
    same(text.as_bytes(), 2, 16);
}

#[test]
fn a_line_over_the_limit_is_rejected_not_held() {
    let good = r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0A","name":"甲"},"records":[]}"#;
    let long = format!(
        r#"{{"subject":{{"kind":"enterprise","id":"91350203MA31XQ8E2A","name":"{}"}},"records":[]}}"#,
        "x".repeat(MAX_LINE_BYTES)
    );
    let text = format!("{good}\n{long}\n{good}");
    let s = screen(
        read(text.as_bytes(), Format::Jsonl).unwrap(),
        &opts(),
        &mut |_, _| {},
    );
    assert_eq!(s.counts.rows_read, 3);
    assert_eq!(s.rejected.len(), 2, "{:?}", s.rejected);
    assert_eq!(s.rejected[0].row, 2);
    assert!(
        s.rejected[0].zh.contains("此行过长") && s.rejected[0].en.contains("line too long"),
        "{:?}",
        s.rejected[0]
    );
    assert!(s.rejected[0]
        .en
        .contains(&format!("({} bytes)", long.len())));
    same(text.as_bytes(), 1, 1 << 16);
    same(text.as_bytes(), 2, 4096);
    // Exactly at the limit (with a BOM and CRLF besides) it is read.
    let at = format!("\u{feff}{}\r\n", " ".repeat(MAX_LINE_BYTES));
    let b = read(at.as_bytes(), Format::Jsonl).unwrap();
    assert_eq!((b.rows_read, b.rejected.len()), (0, 0), "a blank line");
    same(at.as_bytes(), 1, 4096);
}

/// Not UTF-8: the first pass refuses the file with the error and byte offset of the whole-file
/// reader, wherever the bad byte falls in the pieces read.
#[test]
fn not_utf8_is_the_same_error_at_the_same_byte() {
    let good =
        "{\"subject\":{\"kind\":\"person\",\"id\":\"1\",\"name\":\"张三\"},\"records\":[]}\n";
    for bad in [
        &b"\xff"[..],
        b"\xe5\x8c",     // a character cut short by the line end
        b"\xe5\x8c\xe5", // a cut character followed by another start
        b"\xc0\x80",     // overlong
    ] {
        for at in [0, 5, good.len() - 1, good.len(), good.len() + 40] {
            let mut bytes = format!("{good}{good}").into_bytes();
            let at = at.min(bytes.len());
            bytes.splice(at..at, bad.iter().copied());
            let want = match read(&bytes, Format::Jsonl) {
                Err(p) => p.to_string(),
                Ok(_) => panic!("read {bytes:?}"),
            };
            for cap in [1, 2, 3, 4, 7, 1 << 16] {
                match prepass(BufReader::with_capacity(cap, &bytes[..])) {
                    Err(StreamError::Input(p)) => assert_eq!(p.to_string(), want, "cap {cap}"),
                    other => panic!("{other:?} for {bytes:?}"),
                }
            }
        }
    }
    // A character cut off by the end of the file.
    let bytes = format!("{good}\u{4e2d}").into_bytes();
    let bytes = &bytes[..bytes.len() - 1];
    let want = read(bytes, Format::Jsonl).err().unwrap().to_string();
    for cap in [1, 2, 1 << 16] {
        match prepass(BufReader::with_capacity(cap, bytes)) {
            Err(StreamError::Input(p)) => assert_eq!(p.to_string(), want),
            other => panic!("{other:?}"),
        }
    }
}

/// The whole-file screening on several threads gives the one-thread screening.
#[test]
fn screening_on_threads_keeps_the_order() {
    let csv = "\
subject_kind,subject_id,subject_name,industry,record_id,record_type,date,penalty,severity,amount,fulfilled_on,status,scheme
enterprise,91350200MA2Y4K7N0A,甲,road_freight,p1,administrative_penalty,2026-05-06,fine,general,5000,2026-05-20,,
enterprise,91350200MA2Y4K7N0A,甲,road_freight,c1,commitment,2026-06-01,,,,,broken,certification_notice
enterprise,91350203MA31XQ8E2A,乙,highway_construction,,,,,,,,,
enterprise,91350200776049653A,丙,road_freight,p2,administrative_penalty,2026-13-06,fine,general,5000,,,
enterprise,91350200MA2Y4K7N0B,丁,road_freight,,,,,,,,,
";
    let mut text = String::from(csv);
    for _ in 0..300 {
        text.extend(csv.lines().skip(1).map(|l| format!("{l}\n")));
    }
    let one = screen(
        read(text.as_bytes(), Format::Csv).unwrap(),
        &opts(),
        &mut |_, _| {},
    );
    for jobs in [2, 3] {
        let mut last = 0;
        let many = screen_parallel(
            read(text.as_bytes(), Format::Csv).unwrap(),
            &opts(),
            jobs,
            &mut |n| last = n,
        )
        .unwrap();
        assert_eq!(last, 4, "progress per subject");
        assert_eq!(many.counts, one.counts);
        for f in [Format::Csv, Format::Jsonl, Format::Xlsx] {
            let (a, b) = (write(&one, f).unwrap(), write(&many, f).unwrap());
            for (x, y) in a.iter().zip(&b) {
                assert!(x.bytes == y.bytes, "{f:?}{}", x.suffix);
            }
        }
    }
}

fn line_kind() -> impl Strategy<Value = String> {
    let good = |id: &str, rec: &str| {
        format!(
            r#"{{"as_of":"2026-11-22","subject":{{"kind":"enterprise","id":"{id}","name":"甲","industry":"road_freight"}},"records":[{rec}]}}"#
        )
    };
    let fine = r#"{"id":"p1","type":"administrative_penalty","date":"2026-05-06","penalty":"fine","amount":5000}"#;
    let broken = r#"{"id":"c1","type":"commitment","date":"2026-06-01","status":"broken","scheme":"certification_notice"}"#;
    let bad = r#"{"id":"p2","type":"administrative_penalty","date":"2026-13-06","penalty":"fine"}"#;
    prop_oneof![
        Just(good("91350200MA2Y4K7N0A", "")),
        Just(good("91350203MA31XQ8E2A", fine)),
        Just(good("91350200776049653A", &format!("{fine},{broken}"))),
        Just(good("91350200MA2Y4K7N0A", bad)),
        Just(good("91350200MA2Y4K7N0B", "")),
        Just(String::new()),
        Just("   ".to_string()),
        Just("not json".to_string()),
        Just("[1]".to_string()),
        Just(r#"{"subject":{"id":17}}"#.to_string()),
        "[ -~]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Random files of such lines, with a BOM or not, `\n` or `\r\n`, a last line end or not.
    #[test]
    fn streamed_equals_whole(
        lines in proptest::collection::vec(line_kind(), 0..24),
        bom in any::<bool>(),
        crlf in any::<bool>(),
        last_end in any::<bool>(),
        jobs in 1usize..4,
        cap in prop_oneof![Just(1usize), 2usize..40, Just(1 << 16)],
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        text.push_str(&lines.join(end));
        if last_end && !lines.is_empty() {
            text.push_str(end);
        }
        same(text.as_bytes(), jobs, cap);
    }
}
