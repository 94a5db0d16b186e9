//! The streamed screening of an XLSX batch (crate::stream_xlsx) against the whole-file one
//! (`read` + `screen` + `write`): the same bytes in every CSV and JSONL output file, the same
//! cells in an XLSX one, the same counts and notes, on one thread or several, for clerks'
//! workbooks (title row, 序号 column, merged subject cells, a hidden first sheet, rows on other
//! sheets); workbooks beyond the whole-file limits are read; hostile workbooks are refused.
//! Also: XLSX results written in constant-memory mode (`--out x.xlsx` from a streamed batch)
//! hold the cells the whole-file workbook holds.

use std::io::Cursor;

#[macro_use]
mod common;

use common::workbooks::{
    clerk_xlsx, sheet_xml, sheets_before_the_data, workbook_stored, workbook_with, HEADER,
};
use common::{files, note_texts, whole, Outcome};
use xinyong_batch::stream::StreamError;
use xinyong_batch::stream_csv::{csv_prepass, screen_csv, CsvLimits};
use xinyong_batch::stream_xlsx::{screen_xlsx, xlsx_prepass};
use xinyong_batch::{read, Format};

fn streamed(bytes: &[u8], out: Format, jobs: usize) -> Result<Outcome, StreamError> {
    let pre = xlsx_prepass(&mut || Ok(Cursor::new(bytes)))?;
    let (s, written, notes) = screen_in_memory!(screen_xlsx, Cursor::new(bytes), &pre, out, jobs);
    let c = s.counts;
    assert_eq!(c.rows_read, c.rows_used + c.rows_rejected, "{c:?}");
    Ok((s.counts, files(written), note_texts(&notes)))
}

/// Every sheet of a workbook as (name, cells as text), read back with calamine.
fn cells(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).unwrap();
            let rows = r
                .rows()
                .map(|row| row.iter().map(|c| format!("{c:?}")).collect())
                .collect();
            (n, rows)
        })
        .collect()
}

/// Streamed and whole give the same results, on 1 and 3 threads: CSV and JSONL byte for byte,
/// XLSX cell for cell.
fn same(bytes: &[u8]) {
    for jobs in [1, 3] {
        for out in [Format::Csv, Format::Jsonl, Format::Xlsx] {
            let want = whole(bytes, Format::Xlsx, out);
            let got = streamed(bytes, out, jobs).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(got.0, want.0, "counts, {out:?}, {jobs} jobs");
            assert_eq!(got.2, want.2, "notes, {out:?}, {jobs} jobs");
            assert_eq!(got.1.len(), want.1.len());
            for ((gs, gb), (ws, wb)) in got.1.iter().zip(&want.1) {
                assert_eq!(gs, ws);
                if out == Format::Xlsx {
                    assert_eq!(cells(gb), cells(wb), "XLSX cells, {jobs} jobs");
                } else {
                    assert!(
                        gb == wb,
                        "{out:?} {gs:?}, {jobs} jobs:\n--- streamed\n{}\n--- whole\n{}",
                        String::from_utf8_lossy(gb),
                        String::from_utf8_lossy(wb)
                    );
                }
            }
        }
    }
}

fn input_problem(e: StreamError) -> String {
    match e {
        StreamError::Input(p) => p.to_string(),
        StreamError::Io(e) => panic!("an input problem, not {e}"),
    }
}

#[test]
fn a_clerks_workbook_streams_to_the_same_results() {
    let bytes = clerk_xlsx();
    same(&bytes);
    let (c, _, notes) = streamed(&bytes, Format::Csv, 2).unwrap();
    assert_eq!(c.subjects_incomplete, 1, "{c:?}");
    assert!(
        notes.iter().any(|n| n.contains("merged cells")),
        "{notes:?}"
    );
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/e2e/fixtures/clerk-workbook.xlsx"
    );
    same(&std::fs::read(fixture).unwrap());
}

/// A hidden first sheet, a notes sheet, the data on the third; rows on the others reported.
#[test]
fn the_sheet_chosen_and_the_others_reported_are_the_same() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    sheets_before_the_data(&mut wb);
    let data = wb.add_worksheet();
    data.set_name("数据").unwrap();
    // Starts at column C, row 3: the sheet's first column is not A.
    for (c, v) in ["主体类型", "证件号码", "记录类型", "日期", "处罚种类"]
        .iter()
        .enumerate()
    {
        data.write_string(2, 2 + c as u16, *v).unwrap();
    }
    for r in 0..40u32 {
        let id = if r < 20 {
            "91350200MA2Y4K7N0A"
        } else {
            "91350203MA31XQ8E2A"
        };
        data.write_string(3 + r, 2, "企业").unwrap();
        data.write_string(3 + r, 3, id).unwrap();
        data.write_string(3 + r, 4, "行政处罚").unwrap();
        data.write_string(3 + r, 5, format!("2026-0{}-1{}", 1 + r % 9, r % 10))
            .unwrap();
        data.write_string(3 + r, 6, "罚款").unwrap();
    }
    data.set_active(true);
    let more = wb.add_worksheet();
    more.set_name("补充").unwrap();
    for (c, v) in ["主体类型", "证件号码"].iter().enumerate() {
        more.write_string(0, c as u16, *v).unwrap();
    }
    more.write_string(1, 0, "企业").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    same(&bytes);
    let (_, _, notes) = streamed(&bytes, Format::Csv, 1).unwrap();
    assert!(
        notes.iter().any(|n| n.contains("read sheet \"数据\"")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("sheet \"补充\" has 2 rows")),
        "{notes:?}"
    );
}

/// Subjects whose rows interleave, merged cells over a column of records, a row of text only
/// in an ignored column, a merged region beyond the last row: still the same results.
#[test]
fn interleaved_subjects_and_odd_merges_are_the_same() {
    use rust_xlsxwriter::{Format as XF, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let f = XF::new();
    let header = [
        "序号",
        "主体类型",
        "证件号码",
        "记录类型",
        "日期",
        "处罚种类",
        "罚款金额",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let ids = [
        "91350200MA2Y4K7N0A",
        "91350203MA31XQ8E2A",
        "91350200MA2Y4K7N0A",
    ];
    let mut r = 1;
    for (k, id) in ids.iter().enumerate() {
        ws.merge_range(r, 1, r + 2, 1, "企业", &f).unwrap();
        ws.merge_range(r, 2, r + 2, 2, id, &f).unwrap();
        for i in 0..3 {
            ws.write_number(r + i, 0, (r + i) as f64).unwrap();
            ws.write_string(r + i, 3, "行政处罚").unwrap();
            ws.write_string(r + i, 4, format!("2026-0{}-0{}", k + 1, i + 1))
                .unwrap();
            ws.write_string(r + i, 5, "罚款").unwrap();
            ws.write_number(r + i, 6, 100.0 * (i + 1) as f64).unwrap();
        }
        r += 3;
    }
    ws.write_string(r, 0, "合计").unwrap();
    // A region whose top-left cell is beyond every value, and one reaching far below.
    ws.merge_range(r + 2, 0, r + 4, 1, "", &f).unwrap();
    ws.merge_range(r, 5, r + 100, 6, "", &f).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    same(&bytes);
}

/// An enterprise's unified social credit code with a valid check character.
fn uscc(n: usize) -> String {
    let first = format!("913502000{n:08}");
    let c = xinyong_core::ids::uscc_check_char(&first).unwrap();
    format!("{first}{c}")
}

const COLUMNS: [&str; 8] = [
    "主体类型",
    "证件号码",
    "名称",
    "行业",
    "记录类型",
    "日期",
    "处罚种类",
    "罚款金额",
];

/// `n` subjects, each on 1 to 3 rows (records of several kinds, a bad date now and then), as
/// CSV text and as a workbook of the same cells.
fn generated(n: usize) -> (String, Vec<u8>) {
    use rust_xlsxwriter::Workbook;
    let mut rows: Vec<Vec<String>> = vec![COLUMNS.iter().map(|s| s.to_string()).collect()];
    for i in 0..n {
        let id = uscc(i);
        let recs = i % 3;
        for k in 0..recs.max(1) {
            let mut r = vec![
                "企业".to_string(),
                id.clone(),
                format!("第{i}运输有限公司"),
                ["道路货运", "道路客运", "公路施工"][i % 3].to_string(),
            ];
            if recs > 0 {
                let day = if (i + k) % 17 == 0 {
                    30
                } else {
                    1 + (i + k) % 28
                };
                r.extend([
                    "行政处罚".to_string(),
                    format!("2026-0{}-{day:02}", 1 + k % 2 + (i % 2) * 2),
                    ["罚款", "警告", "吊销许可证件"][(i + k) % 3].to_string(),
                    format!("{}", 100 * (1 + (i + k) % 50)),
                ]);
            }
            rows.push(r);
        }
    }
    let csv: String = rows.iter().map(|r| format!("{}\n", r.join(","))).collect();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().unwrap();
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.iter().enumerate() {
            ws.write_string(i as u32, c as u16, v).unwrap();
        }
    }
    (csv, wb.save_to_buffer().unwrap())
}

/// Many subjects: the same results as read whole, and as the same cells in CSV.
#[test]
fn a_generated_batch_streams_to_the_same_results() {
    let (csv, bytes) = generated(300);
    same(&bytes);
    let from_csv = whole(csv.as_bytes(), Format::Csv, Format::Csv);
    let (c, files, _) = streamed(&bytes, Format::Csv, 2).unwrap();
    assert_eq!(c, from_csv.0);
    assert!(
        files == from_csv.1,
        "an XLSX batch and the same cells in CSV screen alike"
    );
}

/// A sheet reaching past the whole-file reader's 200,000 rows: refused when read whole (it
/// would have held the grid), read when streamed, the rows numbered as Excel shows them.
#[test]
fn a_sheet_reaching_past_200000_rows_is_read_when_streamed() {
    let far = "<row r=\"250000\"><c r=\"A250000\" t=\"inlineStr\"><is><t>enterprise</t></is></c>\
         <c r=\"B250000\" t=\"inlineStr\"><is><t>91350203MA31XQ8E2A</t></is></c></row>";
    let f = workbook_with(&[(
        "xl/worksheets/sheet1.xml",
        sheet_xml(&format!("{HEADER}{SUBJECT}{far}"), ""),
    )]);
    let e = read(&f, Format::Xlsx).unwrap_err();
    assert!(e.to_string().contains("too many rows"), "{e}");
    let (c, files, _) = streamed(&f, Format::Csv, 1).unwrap();
    assert_eq!((c.rows_read, c.subjects), (2, 2), "{c:?}");
    let summary = String::from_utf8(files[0].1.clone()).unwrap();
    assert!(summary.contains("\n250000,"), "{summary}");
}

/// A workbook with more data rows than the whole-file reader's 200,000: refused when read
/// whole, read when streamed (the rows with text only in the 序号 column are counted in a note,
/// the subject at the end is screened). About 20 s in a debug build on a loaded machine, so
/// run with `-- --ignored` (the test above and the release measurement in docs/scale.md cover
/// the same ground by default).
#[test]
#[ignore]
fn rows_beyond_the_whole_file_limit_are_read_when_streamed() {
    use rust_xlsxwriter::Workbook;
    let n = xinyong_batch::read::MAX_ROWS as u32 + 1_000;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().unwrap();
    for (c, h) in ["主体类型", "证件号码", "序号"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=n {
        ws.write_number(r, 2, r as f64).unwrap();
    }
    ws.write_string(n + 1, 0, "企业").unwrap();
    ws.write_string(n + 1, 1, "91350200MA2Y4K7N0A").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let e = read(&bytes, Format::Xlsx).unwrap_err();
    assert!(e.to_string().contains("too many rows"), "{e}");
    let (c, files, notes) = streamed(&bytes, Format::Csv, 2).unwrap();
    assert_eq!((c.rows_read, c.subjects), (1, 1), "{c:?}");
    assert!(
        notes
            .iter()
            .any(|x| x.contains(&format!("{n} rows hold text only in ignored columns"))),
        "{notes:?}"
    );
    let summary = String::from_utf8(files[0].1.clone()).unwrap();
    assert!(summary.contains(&format!("\n{},", n + 2)), "{summary}");
}

/// The real thing: more than 200,000 subjects, one row each (10 minutes in a loaded debug build,
/// passed 2026-11-30; run with
/// `cargo test --release -p xinyong-batch --test stream_xlsx -- --ignored`).
#[test]
#[ignore]
fn more_subjects_than_the_whole_file_limit() {
    let n = xinyong_batch::read::MAX_ROWS + 10;
    let (_, bytes) = generated(n);
    assert!(read(&bytes, Format::Xlsx).is_err());
    let (c, _, _) = streamed(&bytes, Format::Csv, 2).unwrap();
    assert_eq!(c.subjects, n, "{c:?}");
}

// Hostile workbooks, refused by the streamed reader as by the whole-file one.

const SUBJECT: &str = "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>enterprise</t></is></c>\
    <c r=\"B2\" t=\"inlineStr\"><is><t>91350200MA2Y4K7N0A</t></is></c></row>";

fn streamed_refused(bytes: &[u8], en: &str) {
    let e = input_problem(streamed(bytes, Format::Csv, 1).unwrap_err());
    assert!(e.contains(en), "{e}");
}

#[test]
fn a_lying_or_oversized_shared_strings_table_is_refused() {
    let sst = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1000000000000\"><si><t>x</t></si></sst>".to_string();
    let f = workbook_with(&[("xl/sharedStrings.xml", sst)]);
    streamed_refused(&f, "shared strings claim 1000000000000 entries");
    // A table that holds what it claims, but more than may be held.
    let n = xinyong_batch::read::MAX_SHARED_STRINGS + 1;
    let mut sst = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{n}\" uniqueCount=\"{n}\">");
    sst.push_str(&"<si><t/></si>".repeat(n));
    sst.push_str("</sst>");
    let f = workbook_stored(
        &[("xl/sharedStrings.xml", sst)],
        zip::CompressionMethod::Stored,
    );
    streamed_refused(&f, "the table is held in memory while screening");
}

#[test]
fn an_overlong_cell_or_a_wide_sheet_is_refused() {
    let long = "x".repeat(xinyong_batch::read::MAX_CELL_CHARS + 1);
    let f = workbook_with(&[(
        "xl/worksheets/sheet1.xml",
        sheet_xml(
            &format!(
                "{HEADER}<row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>{long}</t></is></c></row>"
            ),
            "",
        ),
    )]);
    streamed_refused(&f, "cell C2 is too long");
    let f = workbook_with(&[(
        "xl/worksheets/sheet1.xml",
        sheet_xml(
            &format!(
                "{HEADER}<row r=\"2\"><c r=\"XFD2\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
            ),
            "",
        ),
    )]);
    streamed_refused(&f, "is too wide");
}

/// One cell far below Excel's last row, rows stored out of order, overlapping merged regions:
/// refused (the whole-file reader refuses the first for its row count).
#[test]
fn cells_beyond_excels_rows_out_of_order_or_overlapping_merges_are_refused() {
    let far =
        "<row r=\"999999999\"><c r=\"A999999999\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
    let f = workbook_with(&[(
        "xl/worksheets/sheet1.xml",
        sheet_xml(&format!("{HEADER}{far}"), ""),
    )]);
    streamed_refused(&f, "beyond Excel's last row");
    assert!(read(&f, Format::Xlsx).is_err());
    let f = workbook_with(&[(
        "xl/worksheets/sheet1.xml",
        sheet_xml(&format!("{SUBJECT}{HEADER}"), ""),
    )]);
    streamed_refused(&f, "not stored in order");
    let merges: String = (0..70).map(|_| "<mergeCell ref=\"A2:B5\"/>").collect();
    let f = workbook_with(&[(
        "xl/worksheets/sheet1.xml",
        sheet_xml(
            &format!("{HEADER}{SUBJECT}"),
            &format!("<mergeCells count=\"70\">{merges}</mergeCells>"),
        ),
    )]);
    streamed_refused(&f, "overlap");
}

/// More merged regions than may be held: refused before calamine gathers them (a sheet of a
/// few megabytes compressed could otherwise ask for gigabytes of regions).
#[test]
fn too_many_merged_regions_are_refused() {
    let n = xinyong_batch::read::MAX_MERGED_REGIONS + 1;
    let merges = "<mergeCell ref=\"C2:D2\"/>".repeat(n);
    let f = workbook_stored(
        &[(
            "xl/worksheets/sheet1.xml",
            sheet_xml(
                &format!("{HEADER}{SUBJECT}"),
                &format!("<mergeCells count=\"{n}\">{merges}</mergeCells>"),
            ),
        )],
        zip::CompressionMethod::Stored,
    );
    streamed_refused(
        &f,
        "merged regions (they are held in memory while screening)",
    );
}

/// A merged region reaching the sheet's far corner fills only the cells read.
#[test]
fn a_huge_merged_region_costs_nothing() {
    let f = workbook_with(&[(
        "xl/worksheets/sheet1.xml",
        sheet_xml(
            &format!("{HEADER}{SUBJECT}"),
            "<mergeCells count=\"1\"><mergeCell ref=\"A2:XFD1048576\"/></mergeCells>",
        ),
    )]);
    same(&f);
    let (c, _, _) = streamed(&f, Format::Csv, 1).unwrap();
    assert_eq!(c.subjects, 1);
}

/// `--out x.xlsx` from a CSV batch: the constant-memory workbook holds the whole-file one's
/// cells.
#[test]
fn xlsx_results_of_a_streamed_csv_batch_hold_the_same_cells() {
    let (csv, _) = generated(200);
    let csv = csv.into_bytes();
    let want = whole(&csv, Format::Csv, Format::Xlsx);
    for jobs in [1, 2] {
        let pre = csv_prepass(&mut || Ok(csv.as_slice()), CsvLimits::default()).unwrap();
        let run = || -> Result<_, StreamError> {
            Ok(screen_in_memory!(
                screen_csv,
                csv.as_slice(),
                &pre,
                Format::Xlsx,
                jobs
            ))
        };
        let (s, files, notes) = run().unwrap();
        assert_eq!(s.counts, want.0);
        assert_eq!(note_texts(&notes), want.2);
        assert_eq!(files.len(), 1);
        assert_eq!(cells(&files[0].1), cells(&want.1[0].1));
    }
}

/// A layout only the streamed reader refuses refuses the workbook: it does not make the data
/// sheet "unreadable" and another sheet with a header screened in its place (found by the
/// `batch_xlsx_stream` fuzz target: the help sheet's rows were screened instead of the data
/// sheet's, whose rows were stored out of order).
#[test]
fn a_refused_layout_on_the_data_sheet_does_not_screen_another_sheet() {
    let other = sheet_xml(&format!("{HEADER}{SUBJECT}"), "");
    let out_of_order = sheet_xml(&format!("{SUBJECT}{HEADER}"), "");
    let merges: String = (0..70).map(|_| "<mergeCell ref=\"A2:B5\"/>").collect();
    let overlapping = sheet_xml(
        &format!("{HEADER}{SUBJECT}"),
        &format!("<mergeCells count=\"70\">{merges}</mergeCells>"),
    );
    for (data, en) in [
        (out_of_order, "not stored in order"),
        (overlapping, "overlap"),
    ] {
        let f = workbook_with(&[
            ("xl/worksheets/sheet1.xml", data),
            ("xl/worksheets/sheet2.xml", other.clone()),
        ]);
        streamed_refused(&f, en);
        streamed_refused(&f, "申请数据 Data");
    }
    // The second sheet alone is a batch the reader screens (so the refusal above is the first
    // sheet's doing).
    let f = workbook_with(&[
        ("xl/worksheets/sheet1.xml", sheet_xml("", "")),
        ("xl/worksheets/sheet2.xml", other),
    ]);
    let (counts, _, notes) = streamed(&f, Format::Csv, 1).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(counts.subjects, 1, "{notes:?}");
}

/// A worksheet part whose bytes do not match its checksum refuses the workbook in both readers,
/// naming the part. The whole-file reader used to screen the other sheet (calamine stops at
/// `</worksheet>` before the checksum is compared, and an unreadable sheet was taken for one to
/// skip) where the streamed reader refused the file (found by the `batch_xlsx_stream` fuzz
/// target, on damaged zips from the `batch_xlsx` corpus).
#[test]
fn a_damaged_worksheet_part_refuses_the_workbook_in_both_readers() {
    let help = sheet_xml(
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>MARKER</t></is></c></row>",
        "",
    );
    let data = sheet_xml(&format!("{HEADER}{SUBJECT}"), "");
    let mut f = workbook_stored(
        &[
            ("xl/worksheets/sheet1.xml", data),
            ("xl/worksheets/sheet2.xml", help),
        ],
        zip::CompressionMethod::Stored,
    );
    // Whole, the workbook screens its one subject.
    let (counts, _, _) = whole(&f, Format::Xlsx, Format::Csv);
    assert_eq!(counts.subjects, 1);
    let at = f
        .windows(6)
        .position(|w| w == b"MARKER")
        .expect("the stored marker");
    f[at + 5] = b'X';
    let e = read(&f, Format::Xlsx).expect_err("a damaged part is refused");
    assert!(e.to_string().contains("xl/worksheets/sheet2.xml"), "{e}");
    streamed_refused(&f, "xl/worksheets/sheet2.xml");
}
