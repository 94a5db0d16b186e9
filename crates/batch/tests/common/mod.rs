//! What the batch tests share (stream.rs for JSONL, stream_csv.rs for CSV, stream_xlsx.rs, sheets.rs): the
//! options, the whole-file screening (`read` + `screen` + `write`) they are held to, what every
//! streamed screening must report, and the comparison of the files.
// Each test file uses its own part.
#![allow(dead_code)]

pub mod workbooks;

use chrono::NaiveDate;
use xinyong_batch::stream::Streamed;
use xinyong_batch::{read, screen, write, Counts, Format, Note};
use xinyong_core::Options;

/// Checked on 2026-11-23, as of 2026-11-22.
pub fn opts() -> Options<'static> {
    let mut o = Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    o.as_of = Some(xinyong_model::Date(
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    ));
    o
}

/// Output files as (suffix, bytes), the main file first.
pub type Files = Vec<(String, Vec<u8>)>;

/// A screening's counts, files and the reader's notes (as "zh / en").
pub type Outcome = (Counts, Files, Vec<String>);

pub fn note_texts(notes: &[Note]) -> Vec<String> {
    notes
        .iter()
        .map(|n| format!("{} / {}", n.zh, n.en))
        .collect()
}

pub fn files<S: ToString>(f: impl IntoIterator<Item = (S, Vec<u8>)>) -> Files {
    f.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The whole-file screening of `bytes` read as `input`, written as `out`.
pub fn whole(bytes: &[u8], input: Format, out: Format) -> Outcome {
    let b = read(bytes, input).unwrap_or_else(|e| panic!("{e}"));
    let notes = note_texts(&b.notes);
    let s = screen(b, &opts(), &mut |_, _| {});
    let written = write(&s, out)
        .unwrap()
        .into_iter()
        .map(|f| (f.suffix, f.bytes));
    (s.counts, files(written), notes)
}

/// What every streamed screening reports: progress that ends at the rows read, a first pass
/// that counted them, the first rejected rows kept for the terminal.
pub fn check_streamed(s: &Streamed, first_pass_rows: usize, progress: usize) {
    assert_eq!(
        progress, s.counts.rows_read,
        "progress ends at the rows read"
    );
    assert_eq!(
        first_pass_rows, s.counts.rows_read,
        "the first pass counts the rows read"
    );
    assert_eq!(s.first_rejected.len(), s.rejected_total.min(20));
}

/// The same files, byte for byte; `what` says which run differs.
pub fn assert_same_files(got: &Files, want: &Files, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}");
    for ((gs, gb), (ws, wb)) in got.iter().zip(want) {
        assert_eq!(gs, ws, "{what}");
        assert!(
            gb == wb,
            "{what} {gs:?}:\n--- streamed\n{}\n--- whole\n{}",
            String::from_utf8_lossy(gb),
            String::from_utf8_lossy(wb)
        );
    }
}

/// A streamed screening into memory (`$screen`: `screen_jsonl`, `screen_csv` or
/// `screen_xlsx`) of `$input` after its first pass `$pre`, results in Chinese, with what every
/// streamed screening must report checked (`check_streamed`); gives the screening's result.
#[allow(unused_macros)]
macro_rules! screen_in_memory {
    ($screen:path, $input:expr, $pre:expr, $out:expr, $jobs:expr) => {{
        let pre = $pre;
        let mut seen = 0;
        let r = $screen(
            $input,
            pre,
            $out,
            &common::opts(),
            $jobs,
            xinyong_batch::Lang::Zh,
            &mut |_| Ok(Vec::new()),
            std::io::Cursor::new(Vec::new()),
            &mut |n| seen = n,
        )?;
        common::check_streamed(&r.0, pre.rows, seen);
        r
    }};
}
