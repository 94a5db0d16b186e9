//! The streamed XLSX reader (`xinyong_batch::stream_xlsx`, what `xinyong batch` runs on a
//! workbook) against the whole-file one (`read` + `screen` + `write`, what the browser's staff
//! module runs) on the same bytes (`xinyong_fuzz::xlsx::bytes`): both must refuse the workbook
//! or both must give the same counts, the same notes and byte-identical CSV results. The two
//! readers may disagree only where the streamed one is documented to differ (docs/scale.md):
//! it refuses three layouts no spreadsheet program writes (rows out of order, overlapping
//! merges, a cell beyond Excel's last row), and it reads past the whole-file row limit.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use xinyong_batch::stream::StreamError;
use xinyong_batch::stream_xlsx::{screen_xlsx, xlsx_prepass};
use xinyong_batch::{Counts, Format, Lang};
use xinyong_core::{PackChoice, Problems};
use xinyong_fuzz::{bilingual, opts};

/// What either reader gives: counts, notes, the CSV result files.
type Out = (Counts, Vec<String>, Vec<(String, Vec<u8>)>);

fn notes(n: &[xinyong_batch::Note]) -> Vec<String> {
    n.iter().map(|n| format!("{} / {}", n.zh, n.en)).collect()
}

fn whole(bytes: &[u8]) -> Result<Out, Problems> {
    let b = xinyong_batch::read(bytes, Format::Xlsx)?;
    let n = notes(&b.notes);
    let s = xinyong_batch::screen(b, &opts(PackChoice::FromSubject), &mut |_, _| {});
    let files = xinyong_batch::write(&s, Format::Csv).expect("CSV results are written");
    let files = files
        .into_iter()
        .map(|f| (f.suffix.to_string(), f.bytes))
        .collect();
    Ok((s.counts, n, files))
}

fn streamed(bytes: &[u8]) -> Result<Out, Problems> {
    let input = |e: StreamError| match e {
        StreamError::Input(p) => p,
        StreamError::Io(e) => panic!("an in-memory workbook failed with an I/O error: {e}"),
    };
    let pre = xlsx_prepass(&mut || Ok(Cursor::new(bytes))).map_err(input)?;
    let (s, files, n) = screen_xlsx(
        Cursor::new(bytes),
        &pre,
        Format::Csv,
        &opts(PackChoice::FromSubject),
        1,
        Lang::Zh,
        &mut |_| Ok(Vec::new()),
        Cursor::new(Vec::new()),
        &mut |_| {},
    )
    .map_err(input)?;
    let c = s.counts;
    assert_eq!(
        c.rows_read,
        c.rows_used + c.rows_rejected,
        "streamed: {c:?}"
    );
    assert_eq!(pre.rows, c.rows_read, "the first pass counts the rows read");
    let files = files.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Ok((s.counts, notes(&n), files))
}

fn says(e: &Problems, any: &[&str]) -> bool {
    e.0.iter().any(|p| any.iter().any(|s| p.en.contains(s)))
}

fuzz_target!(|data: &[u8]| {
    let bytes = xinyong_fuzz::xlsx::bytes(data);
    match (whole(&bytes), streamed(&bytes)) {
        (Ok(w), Ok(s)) => {
            assert_eq!(s.0, w.0, "counts differ (streamed, whole)");
            assert_eq!(s.1, w.1, "notes differ (streamed, whole)");
            assert_eq!(s.2.len(), w.2.len(), "result files differ");
            for ((sn, sb), (wn, wb)) in s.2.iter().zip(&w.2) {
                assert_eq!(sn, wn);
                assert!(
                    sb == wb,
                    "{sn} differs:\n--- streamed\n{}\n--- whole\n{}",
                    String::from_utf8_lossy(sb),
                    String::from_utf8_lossy(wb)
                );
            }
        }
        (Err(w), Err(s)) => {
            bilingual(&w);
            bilingual(&s);
        }
        (Ok(_), Err(s)) => {
            bilingual(&s);
            assert!(
                says(
                    &s,
                    &["not stored in order", "overlap", "beyond Excel's last row"]
                ),
                "the streamed reader refuses a workbook the whole-file reader screens: {s:?}"
            );
        }
        (Err(w), Ok(_)) => {
            bilingual(&w);
            assert!(
                says(&w, &["too many rows", "too large", "too big"]),
                "the whole-file reader refuses a workbook the streamed reader screens: {w:?}"
            );
        }
    }
});
