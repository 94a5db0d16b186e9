//! What the staff module keeps of a screening (natively: `held.rs` is plain Rust). Wasm memory
//! never shrinks, so a screening must not hold every subject's report: it keeps the summary
//! rows and the inputs, compact, and `report` and `export` evaluate again. These tests hold
//! that to what the whole screening gives (`xinyong_batch::screen`, `write_in`): the same
//! reports, inputs, rows and export bytes.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use xinyong_batch::{Format, Lang};
use xinyong_core::{Options, PackChoice};
use xinyong_model::Date;
use xinyong_staff::held::{Held, Judge, Run};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// About `rows` rows of synthetic subjects (valid ids, Chinese names; no real data), with a
/// few broken cells so some rows are rejected and some subjects incomplete.
fn batch(rows: usize) -> Vec<u8> {
    let published = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let mut inputs = Vec::new();
    let mut count = 0;
    for s in xinyong_inquiry::synthetic::subjects(7, published) {
        if count >= rows {
            break;
        }
        count += s.records.len().max(1);
        let mut i = xinyong_inquiry::to_input(&s, Some(Date(published)));
        i.subject.region = None;
        inputs.push(i);
    }
    let csv =
        String::from_utf8(xinyong_batch::inputs_to_file(&inputs, Format::Csv).unwrap()).unwrap();
    // Give every 97th line's first date month 13: its row is rejected, its subject incomplete.
    let mut out = String::new();
    for (n, line) in csv.lines().enumerate() {
        let mut line = line.to_string();
        let date = line
            .match_indices(",20")
            .map(|(p, _)| p + 1)
            .find(|&p| line.as_bytes().get(p + 4) == Some(&b'-'));
        if let (true, Some(p)) = (n > 0 && n % 97 == 0, date) {
            line.replace_range(p + 5..p + 7, "13");
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.into_bytes()
}

fn whole(bytes: &[u8]) -> xinyong_batch::Screening {
    let b = xinyong_batch::read(bytes, Format::Csv).unwrap();
    let opts = Options {
        as_of: None,
        today: today(),
        pack: PackChoice::FromSubject,
    };
    xinyong_batch::screen(b, &opts, &mut |_, _| {})
}

fn held(bytes: &[u8]) -> Held {
    Held::screen(
        bytes.to_vec(),
        Format::Csv,
        Run {
            as_of: None,
            today: today(),
            judge: Judge::FromSubject,
        },
        &mut |_, _| {},
        &mut |_, _| {},
    )
    .unwrap()
}

#[test]
fn a_screening_holds_no_report_and_less_than_the_reports() {
    let bytes = batch(2_000);
    let s = whole(&bytes);
    let h = held(&bytes);
    let size = h.size();
    assert_eq!(size.subjects, s.results.len());
    assert!(size.subjects > 300, "{} subjects", size.subjects);
    assert_eq!(size.reports, 0);
    // What the whole screening held per subject: the report and the input (as JSON, a lower
    // bound of their size in memory). The compact form is a fraction of it.
    let reports: usize = s
        .results
        .iter()
        .map(|r| {
            serde_json::to_string(&r.report).unwrap().len()
                + serde_json::to_string(&r.input).unwrap().len()
        })
        .sum();
    assert!(
        size.bytes * 3 < reports,
        "held {} bytes, reports and inputs {} bytes",
        size.bytes,
        reports
    );
}

#[test]
fn reports_evaluated_again_are_the_screenings() {
    let bytes = batch(2_000);
    let s = whole(&bytes);
    let h = held(&bytes);
    assert!(s.counts.subjects_incomplete > 0, "no incomplete subject");
    assert_eq!(h.len(), s.results.len());
    for (i, r) in s.results.iter().enumerate() {
        let again = h.result(i).unwrap().unwrap();
        assert_eq!(again.report, r.report, "report {i}");
        assert_eq!(again.input, r.input, "input {i}");
        assert_eq!(
            (again.row, &again.rows, &again.rejected_rows),
            (r.row, &r.rows, &r.rejected_rows)
        );
    }
    assert!(h.result(s.results.len()).is_none());
}

#[test]
fn the_screened_reply_is_the_whole_screenings() {
    let bytes = batch(2_000);
    let s = whole(&bytes);
    let h = held(&bytes);
    let text = serde_json::to_string(&h.screened()).unwrap();
    let back: xinyong_protocol::Screened = serde_json::from_str(&text).unwrap();
    assert_eq!(back.counts.rows_read, s.counts.rows_read);
    assert_eq!(back.counts.subjects, s.counts.subjects);
    assert_eq!(
        back.counts.subjects_incomplete,
        s.counts.subjects_incomplete
    );
    assert!(back.counts.reconciles());
    assert_eq!(back.rejected.len(), s.rejected.len());
    assert_eq!(back.rows.len(), s.results.len());
    for (i, (row, r)) in back.rows.iter().zip(&s.results).enumerate() {
        let sm = xinyong_batch::write::summary(&r.report, r.row, &r.rejected_rows);
        assert_eq!(row.index, i);
        assert_eq!(
            (&row.id_masked, &row.level, row.score, &row.commitments),
            (&sm.id_masked, &sm.level, sm.score, &sm.commitments)
        );
        assert_eq!(row.rejected_rows, r.rejected_rows);
    }
    let schemes = xinyong_batch::commitment_schemes(&s);
    assert_eq!(back.schemes.len(), schemes.len());
    assert_eq!(back.levels, xinyong_batch::grade_levels(&s, None));
}

#[test]
fn exports_evaluated_again_are_the_batch_writers_bytes() {
    let bytes = batch(2_000);
    let s = whole(&bytes);
    let h = held(&bytes);
    for format in [Format::Csv, Format::Jsonl, Format::Xlsx] {
        for lang in [Lang::Zh, Lang::En] {
            let want = xinyong_batch::write_in(&s, format, lang).unwrap();
            let got = h.export::<Vec<u8>>(format, lang).unwrap();
            assert_eq!(got.len(), want.len());
            for ((suffix, b), w) in got.iter().zip(&want) {
                assert_eq!(*suffix, w.suffix);
                assert!(*b == w.bytes, "{format:?} {lang:?} {suffix} differs");
            }
        }
    }
}

/// A held row is the batch writers' whole summary (`SummaryRow`) with the subject's place and
/// rejected rows, and the staff page reads it as a `wire::Row`: a field one of the two has and
/// the other lacks (added to one and forgotten in the other) fails here, either way round.
#[test]
fn every_held_row_is_a_wire_row_with_every_summary_field() {
    let bytes = batch(600);
    let s = whole(&bytes);
    let h = held(&bytes);
    let reply: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&h.screened()).unwrap()).unwrap();
    let rows = reply["rows"].as_array().unwrap();
    assert_eq!(rows.len(), s.results.len());
    let mut with_rejected = 0;
    for (i, (held, r)) in rows.iter().zip(&s.results).enumerate() {
        // Read as the page reads it and written back: nothing lost, nothing added.
        let row: xinyong_protocol::Row = serde_json::from_value(held.clone()).unwrap();
        assert_eq!(&serde_json::to_value(&row).unwrap(), held, "row {i}");
        // The summary's every field, as the batch writers have it.
        let mut want = serde_json::to_value(xinyong_batch::write::summary(
            &r.report,
            r.row,
            &r.rejected_rows,
        ))
        .unwrap();
        let want = want.as_object_mut().unwrap();
        want.insert("index".into(), i.into());
        if !r.rejected_rows.is_empty() {
            with_rejected += 1;
            want.insert(
                "rejected_rows".into(),
                serde_json::to_value(&r.rejected_rows).unwrap(),
            );
        }
        assert_eq!(held.as_object().unwrap(), &*want, "row {i}");
    }
    assert!(with_rejected > 0, "some subjects lost a row");
}
