//! Batch screening end to end: formats, headers, rejected rows, reconciliation, outputs.

use chrono::NaiveDate;
use proptest::prelude::*;
use xinyong_batch::{read, screen, template, write, Format, Screening};
use xinyong_core::Options;

fn opts() -> Options<'static> {
    let mut o = Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    o.as_of = Some(xinyong_model::Date(
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    ));
    o
}

fn run(bytes: &[u8], f: Format) -> Screening {
    let b = read(bytes, f).unwrap_or_else(|e| panic!("{e}"));
    screen(b, &opts(), &mut |_, _| {})
}

fn reconciles(s: &Screening) {
    let c = s.counts;
    assert_eq!(c.rows_read, c.rows_used + c.rows_rejected, "{c:?}");
}

const CSV: &str = "\
subject_kind,subject_id,subject_name,industry,record_id,record_type,date,penalty,severity,amount,fulfilled_on,status,scheme
enterprise,91350200MA2Y4K7N0A,甲,road_freight,p1,administrative_penalty,2026-05-06,fine,general,5000,2026-05-20,,
enterprise,91350200MA2Y4K7N0A,甲,road_freight,c1,commitment,2026-06-01,,,,,broken,certification_notice
enterprise,91350203MA31XQ8E2A,乙,highway_construction,,,,,,,,,
";

/// The same table as an XLSX workbook.
fn to_xlsx(csv_text: &str) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in csv_text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            if cell.is_empty() {
                continue;
            }
            // Numbers go in as numbers, as Excel would store them.
            match cell.parse::<f64>() {
                Ok(n) if c == 9 => ws.write_number(r as u32, c as u16, n).unwrap(),
                _ => ws.write_string(r as u32, c as u16, cell).unwrap(),
            };
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn csv_and_xlsx_give_identical_results() {
    let a = run(CSV.as_bytes(), Format::Csv);
    let b = run(&to_xlsx(CSV), Format::Xlsx);
    reconciles(&a);
    assert_eq!(a.counts.rows_read, 3);
    assert_eq!(a.counts.subjects, 2);
    assert_eq!(
        serde_json::to_value(&a.results).unwrap(),
        serde_json::to_value(&b.results).unwrap()
    );
    let first = &a.results[0].report;
    assert!(
        first.commitments.iter().all(|c| !c.eligible),
        "broken commitment closes the notice schemes"
    );
}

#[test]
fn chinese_headers_and_values() {
    let zh = "主体类型,统一社会信用代码,名称,行业,记录类型,日期,处罚种类,失信等级,履行日期\n企业,91350200MA2Y4K7N0A,甲,道路货运,行政处罚,2026年5月6日,罚款、暂扣,一般,2026/5/20\n";
    let s = run(zh.as_bytes(), Format::Csv);
    reconciles(&s);
    assert_eq!(s.counts.rows_rejected, 0, "{:?}", s.rejected);
    let p = &s.results[0].report.repairs[0];
    assert_eq!(p.record_id, "R2", "an id is made from the row number");
    assert_eq!(p.publicity_min_end.unwrap().to_string(), "2026-08-06");
}

/// Issue 15: an unknown column is listed and ignored; a misspelt required column is one message
/// that quotes the header row found, names columns by letter and suggests the English key.
#[test]
fn unknown_header_is_ignored_and_a_typo_suggested_for_the_missing_column() {
    let e = read(
        "subject_kind,subjct_id\nenterprise,x\n".as_bytes(),
        Format::Csv,
    )
    .unwrap_err();
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!(e.0[0].path, "header");
    assert!(
        e.0[0]
            .en
            .contains("Is column B \"subjct_id\" meant to be subject_id"),
        "{e}"
    );
    assert!(e.0[0].zh.contains("A“subject_kind” B“subjct_id”"), "{e:?}");
    let b = read(
        "subject_kind,subject_id,颜色\nenterprise,91350200MA2Y4K7N0A,红\n".as_bytes(),
        Format::Csv,
    )
    .unwrap();
    assert!(
        b.notes.iter().any(|n| n.zh.contains("C“颜色”")),
        "{:?}",
        b.notes
    );
}

#[test]
fn missing_required_column() {
    let e = read("主体类型,名称\n企业,甲\n".as_bytes(), Format::Csv).unwrap_err();
    assert!(e.to_string().contains("subject_id"), "{e}");
    // Without a kind column the kind comes from the id.
    let b = read("subject_id\n91350200MA2Y4K7N0A\n".as_bytes(), Format::Csv).unwrap();
    assert_eq!(b.subjects[0].doc["subject"]["kind"], "enterprise");
}

/// One subject's id typed two ways (lower-case x, full-width digit, spaces) is one subject,
/// evaluated, with the report saying the id was normalised.
#[test]
fn ids_typed_differently_are_one_subject() {
    let t = "subject_kind,subject_id,subject_name,record_id,record_type,date,points\n\
             person,44011320141005001x,丙,d1,driver_violation,2026-05-06,10\n\
             person,４4011320141005001X,丙,d2,driver_violation,2026-06-06,5\n\
             enterprise,91 110000 600037341L,丁,,,,\n";
    let s = run(t.as_bytes(), Format::Csv);
    reconciles(&s);
    assert!(s.rejected.is_empty(), "{:?}", s.rejected);
    assert_eq!(s.results.len(), 2);
    for r in &s.results {
        assert!(
            r.report
                .warnings
                .iter()
                .any(|w| w.id == "input.id_normalised"),
            "{:?}",
            r.report.warnings
        );
    }
    assert_eq!(s.results[0].report.grades[0].score, 15.0);
}

#[test]
fn conflicting_subject_rows_are_refused_not_merged() {
    let t = "subject_kind,subject_id,subject_name,industry\nenterprise,91350200MA2Y4K7N0A,甲,road_freight\nenterprise,91350200MA2Y4K7N0A,甲,bus\n";
    let s = run(t.as_bytes(), Format::Csv);
    reconciles(&s);
    assert_eq!(s.rejected.len(), 1);
    assert_eq!(
        (s.rejected[0].row, s.rejected[0].column.as_str()),
        (3, "industry")
    );
    assert!(
        !s.results[0].rejected_rows.is_empty(),
        "the subject is marked incomplete"
    );
}

#[test]
fn bad_rows_are_listed_and_good_rows_processed() {
    let t = format!("{CSV}enterprise,91350200MA2Y4K7N0A,甲,road_freight,p2,administrative_penalty,2026-02-30,fine,,,,,\nenterprise,91350200MA2Y4K7N0B,丙,bus,,,,,,,,,\n");
    let s = run(t.as_bytes(), Format::Csv);
    reconciles(&s);
    let rows: Vec<(usize, &str)> = s
        .rejected
        .iter()
        .map(|r| (r.row, r.column.as_str()))
        .collect();
    assert_eq!(rows, vec![(5, "date"), (6, "subject_id")]);
    assert_eq!(s.results[0].rejected_rows, vec![5]);
    assert!(
        !s.rejected[1].value.contains("91350200MA2Y4K7N0B"),
        "ids stay masked in rejections"
    );
}

#[test]
fn jsonl_lines() {
    let good = r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0A","name":"甲"},"records":[]}"#;
    let t = format!(
        "{good}\n\nnot json\n[1]\n{}\n",
        good.replace("0A\"", "0B\"")
    );
    let s = run(t.as_bytes(), Format::Jsonl);
    reconciles(&s);
    assert_eq!(
        (
            s.counts.rows_read,
            s.counts.subjects,
            s.counts.rows_rejected
        ),
        (4, 1, 3)
    );
    assert_eq!(
        s.rejected.iter().map(|r| r.row).collect::<Vec<_>>(),
        vec![3, 4, 5]
    );
}

#[test]
fn templates_parse_back_cleanly() {
    for f in [Format::Csv, Format::Xlsx] {
        let t = template(f).unwrap();
        let s = run(&t, f);
        reconciles(&s);
        assert_eq!(
            (
                s.counts.rows_read,
                s.counts.rows_rejected,
                s.counts.subjects
            ),
            (3, 0, 2),
            "{:?}",
            s.rejected
        );
    }
}

#[test]
fn xlsx_output_has_three_sheets() {
    use calamine::Reader;
    let s = run(CSV.as_bytes(), Format::Csv);
    let files = write(&s, Format::Xlsx).unwrap();
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(files[0].bytes.clone())).unwrap();
    let names = wb.sheet_names().to_vec();
    assert_eq!(names.len(), 3);
    let summary = wb.worksheet_range(&names[0]).unwrap();
    assert_eq!(summary.height(), 1 + 2, "header + one row per subject");
    let text = format!("{:?}", summary.rows().collect::<Vec<_>>());
    assert!(text.contains("9135************0A") && !text.contains("91350200MA2Y4K7N0A"));
}

#[test]
fn huge_and_non_utf8_files() {
    let big = vec![b'a'; xinyong_batch::MAX_BATCH_BYTES + 1];
    assert!(read(&big, Format::Csv)
        .unwrap_err()
        .to_string()
        .contains("too large"));
    assert!(read(&[0xff, 0xfe, 0x41], Format::Csv)
        .unwrap_err()
        .to_string()
        .contains("UTF-8"));
    assert!(read(b"not a zip", Format::Xlsx)
        .unwrap_err()
        .to_string()
        .contains("XLSX"));
}

/// Found by the `batch_csv` fuzz target: the csv reader ends a record at a lone `\r` but counted
/// only `\n` lines, so rows of a file with `\r` line ends (old Mac exports) were all numbered 1,
/// and two rows sharing a number broke rows read = used + rejected.
#[test]
fn lone_carriage_returns_end_rows_and_number_them() {
    // The fuzzer's input, minimised: two data rows on "line 2".
    let s = run("主体类型(,证件号码\n颟\rl".as_bytes(), Format::Csv);
    reconciles(&s);
    assert_eq!(s.counts.rows_read, 2);
    let rows: Vec<usize> = s.rejected.iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 3]);

    let text = "subject_kind,subject_id,subject_name\n\
        enterprise,91350200MA2Y4K7N0A,甲\n\
        person,bad-id,乙\n\
        enterprise,91350203MA31XQ8E2A,丙\n";
    for end in ["\r", "\r\n", "\n"] {
        let s = run(text.replace('\n', end).as_bytes(), Format::Csv);
        reconciles(&s);
        let used: Vec<usize> = s.results.iter().map(|r| r.row).collect();
        assert_eq!(used, [2, 4], "line ends {end:?}");
        assert_eq!(s.rejected[0].row, 3, "line ends {end:?}");
    }
}

/// The template workbook with its sheet's cells replaced by `sheet_data` (the `<row>`s of a
/// worksheet), so a test can place cells where no spreadsheet program would.
fn xlsx_with_cells(sheet_data: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let template = template(Format::Xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(template)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut body = Vec::new();
        f.read_to_end(&mut body).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
                 xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{sheet_data}</sheetData></worksheet>"
            )
            .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&body).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn text_cell(at: &str, v: &str) -> String {
    format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{v}</t></is></c>")
}

const HEADER_ROW: &str =
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>subject_kind</t></is></c>\
    <c r=\"B1\" t=\"inlineStr\"><is><t>subject_id</t></is></c></row>";

/// Found by the `batch_xlsx` fuzz target: calamine's range is a dense grid from the first cell to
/// the last, so a 9 KB file with one cell at the sheet's far corner asked for hundreds of
/// gigabytes and aborted `xinyong batch`. Rows and columns are now bounded while reading.
#[test]
fn a_cell_at_the_far_corner_is_refused_not_allocated() {
    let far = xlsx_with_cells(&format!(
        "{HEADER_ROW}<row r=\"1048576\">{}</row>",
        text_cell("XFD1048576", "x")
    ));
    let e = read(&far, Format::Xlsx).unwrap_err();
    assert!(e.to_string().contains("too many rows"), "{e}");
    assert!(e.0[0].zh.contains("行数过多"), "{e:?}");

    // Far to the right only: refused as too wide, with the row named.
    let wide = xlsx_with_cells(&format!(
        "{HEADER_ROW}<row r=\"2\">{}{}</row>",
        text_cell("A2", "enterprise"),
        text_cell("XFD2", "x")
    ));
    let e = read(&wide, Format::Xlsx).unwrap_err();
    assert!(
        e.to_string().contains("too wide") && e.to_string().contains("row 2"),
        "{e}"
    );
    assert!(e.0[0].zh.contains("工作表过宽"), "{e:?}");

    // Blank rows between the header and the data, and a sheet that starts at column C, read as
    // before: rows keep their sheet numbers, columns count from the first used one.
    let gaps = xlsx_with_cells(&format!(
        "<row r=\"3\">{}{}</row><row r=\"9\">{}{}</row>",
        text_cell("C3", "subject_kind"),
        text_cell("D3", "subject_id"),
        text_cell("C9", "enterprise"),
        text_cell("D9", "91350200MA2Y4K7N0A")
    ));
    let s = run(&gaps, Format::Xlsx);
    reconciles(&s);
    assert_eq!((s.counts.rows_read, s.counts.subjects), (1, 1));
    assert_eq!(s.results[0].row, 9);
}

/// Found by the `batch_xlsx` fuzz target: a cell reference of seven or more letters
/// (`r="Nsupervision1"`) overflows calamine's column arithmetic, which panicked in debug builds
/// (release builds wrap). The workspace builds calamine without overflow checks (Cargo.toml) and
/// the reader bounds whatever column comes out.
#[test]
fn an_overlong_cell_reference_is_no_panic() {
    for at in ["Nsupervision1", "AAAAAAAAAAAAAAAAAAAA2", "ZZZZZZZZ2"] {
        let f = xlsx_with_cells(&format!(
            "{HEADER_ROW}<row r=\"2\">{}</row>",
            text_cell(at, "x")
        ));
        if let Err(e) = read(&f, Format::Xlsx) {
            assert!(!e.0[0].zh.is_empty() && !e.0[0].en.is_empty(), "{e:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    /// Whatever a clerk's file holds, every non-blank row is either used or rejected.
    #[test]
    fn rows_always_reconcile(cells in proptest::collection::vec(proptest::collection::vec(
        prop_oneof!["", "enterprise", "person", "91350200MA2Y4K7N0A", "91350203MA31XQ8E2A", "11010519491231002X", "x",
                    "administrative_penalty", "commitment", "fine", "2026-05-06", "2026-13-01", "general", "broken", "5000", "-1", "罚款"], 8), 1..30)) {
        let mut t = String::from("subject_kind,subject_id,record_type,date,penalty,severity,status,amount\n");
        for row in &cells {
            t.push_str(&row.join(","));
            t.push('\n');
        }
        let s = run(t.as_bytes(), Format::Csv);
        reconciles(&s);
    }
}

#[test]
fn inputs_round_trip_through_every_format() {
    let s = run(CSV.as_bytes(), Format::Csv);
    let inputs: Vec<xinyong_model::Input> = {
        let b = read(CSV.as_bytes(), Format::Csv).unwrap();
        b.subjects
            .into_iter()
            .map(|e| serde_json::from_value(e.doc).unwrap())
            .collect()
    };
    for f in [Format::Csv, Format::Xlsx, Format::Jsonl] {
        let bytes = xinyong_batch::inputs_to_file(&inputs, f).unwrap();
        let again = run(&bytes, f);
        reconciles(&again);
        let reports = |x: &Screening| {
            x.results
                .iter()
                .map(|r| serde_json::to_value(&r.report).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(reports(&again), reports(&s), "{f:?}");
    }
}

#[test]
fn schemes_and_levels_describe_the_screening() {
    let s = run(CSV.as_bytes(), Format::Csv);
    let schemes = xinyong_batch::commitment_schemes(&s);
    assert!(schemes.iter().any(|c| c.id == "certification_notice"));
    assert!(schemes.iter().all(|c| !c.zh.is_empty() && !c.en.is_empty()));
    // The same order as the written summary's columns.
    let out = write(&s, Format::Csv).unwrap();
    let header = String::from_utf8(out[0].bytes[3..].to_vec()).unwrap();
    let header = header.lines().next().unwrap().to_string();
    let positions: Vec<usize> = schemes
        .iter()
        .map(|c| header.find(&format!("({})", c.id)).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{header}");
    let levels = xinyong_batch::grade_levels(&s, None);
    for r in &s.results {
        for g in &r.report.grades {
            let l = &levels[g.scheme.as_str()];
            assert!(l.iter().any(|x| *x == g.level), "{} not in {l:?}", g.level);
        }
    }
    assert!(!levels.is_empty());
}

#[test]
fn written_files_are_reproducible() {
    // The browser's export must be byte-identical to the CLI's: no clock in the output.
    let all = || {
        let s = run(CSV.as_bytes(), Format::Csv);
        [Format::Xlsx, Format::Csv, Format::Jsonl].map(|f| write(&s, f).unwrap())
    };
    let (a, t) = (all(), template(Format::Xlsx).unwrap());
    // Past a second boundary: the XLSX creation time has second resolution.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (b, u) = (all(), template(Format::Xlsx).unwrap());
    for (x, y) in a.iter().flatten().zip(b.iter().flatten()) {
        assert!(x.bytes == y.bytes, "{}", x.suffix);
    }
    assert!(t == u, "template");
}

/// A refused person id is named by the part that is wrong, never quoted: not in the rejected
/// rows, not in any file written. The masked form shows 4 + 2 characters; the birth date in
/// an error would give away 8 more.
#[test]
fn rejected_ids_never_show_their_hidden_characters() {
    let hidden = |id: &str| id[4..16].to_string();
    let ids = [
        "110105199902310021", // no such birth date
        "110105209901010021", // born after the check date
        "110105194912310021", // check character
    ];
    let mut t = String::from("subject_kind,subject_id,subject_name,industry\n");
    for id in ids {
        t.push_str(&format!("person,{id},张三,driver\n"));
    }
    let s = run(t.as_bytes(), Format::Csv);
    reconciles(&s);
    assert_eq!(s.counts.rows_rejected, 3, "{:?}", s.rejected);
    assert!(
        s.rejected[0].zh.contains("出生日期部分不是有效日期"),
        "{:?}",
        s.rejected[0]
    );
    assert!(
        s.rejected[2].en.contains("check character does not match"),
        "{:?}",
        s.rejected[2]
    );
    // JSONL with an id given as a number: the wrong type is reported with the id masked.
    let jsonl = r#"{"as_of":"2026-11-22","subject":{"kind":"person","id":110105199902310021,"name":"李四"},"records":[]}"#;
    let j = run(jsonl.as_bytes(), Format::Jsonl);
    assert_eq!(j.counts.rows_rejected, 1, "{:?}", j.rejected);
    for (screening, ids) in [(&s, &ids[..]), (&j, &ids[..1])] {
        let mut texts = vec![format!("{:?}", screening.rejected)];
        for f in [Format::Csv, Format::Jsonl] {
            for out in write(screening, f).unwrap() {
                texts.push(String::from_utf8_lossy(&out.bytes).into_owned());
            }
        }
        for text in &texts {
            for id in ids {
                let h = hidden(id);
                for w in h.as_bytes().windows(6) {
                    let w = std::str::from_utf8(w).unwrap();
                    assert!(!text.contains(w), "{w} of {id} in {text}");
                }
            }
        }
    }
}

/// The penalty's procedure and 527号 mark, a driver's first qualification day and a taxi
/// firm's share of AA drivers, in the Chinese layout a clerk types (with Chinese values) …
const NEW_FIELDS_ZH: &str = "\
主体类型,证件号码,行业,查询日期,从业资格证初次领取日期,驾驶员AA级及以上占比,记录类型,日期,处罚种类,金额,处罚程序,特定严重失信,履行日期,分值
企业,91350200MA2Y4K7N0A,道路货运,2026-11-22,,,行政处罚,2026-06-01,罚款,200,简易程序,否,2026-06-01,
企业,91350203MA31XQ8E2A,公路施工,2021-06-01,,,行政处罚,2020-03-01,罚款,100000,普通程序,是,2020-03-10,
个人,11010519491231002X,驾驶员,2026-11-22,2019/3/15,,驾驶员违法计分,2026-05-01,,,,,,3
企业,91350200776049653A,出租汽车,2026-11-22,,90%,,,,,,,,
";

/// … and in English with contract values.
const NEW_FIELDS_EN: &str = "\
subject_kind,subject_id,industry,as_of,qualified_on,drivers_aa_share,record_type,date,penalty,amount,procedure,specific_serious,fulfilled_on,points
enterprise,91350200MA2Y4K7N0A,road_freight,2026-11-22,,,administrative_penalty,2026-06-01,fine,200,simplified,false,2026-06-01,
enterprise,91350203MA31XQ8E2A,highway_construction,2021-06-01,,,administrative_penalty,2020-03-01,fine,100000,general,true,2020-03-10,
person,11010519491231002X,driver,2026-11-22,2019-03-15,,driver_violation,2026-05-01,,,,,,3
enterprise,91350200776049653A,taxi,2026-11-22,,90,,,,,,,,
";

/// The same table as a workbook, with the types Excel would store: numbers as numbers, the
/// yes/no column as booleans, dates as date cells.
fn to_typed_xlsx(csv_text: &str) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let date_fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let header: Vec<&str> = csv_text.lines().next().unwrap().split(',').collect();
    for (r, line) in csv_text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, col) = (r as u32, c as u16);
            if cell.is_empty() {
                continue;
            }
            let column = if r == 0 { "" } else { header[c] };
            match column {
                "specific_serious" | "特定严重失信" => {
                    ws.write_boolean(r, col, matches!(cell, "true" | "是"))
                        .unwrap();
                }
                "amount" | "金额" | "points" | "分值" => {
                    ws.write_number(r, col, cell.parse::<f64>().unwrap())
                        .unwrap();
                }
                "qualified_on" | "从业资格证初次领取日期" => {
                    let d = rust_xlsxwriter::ExcelDateTime::parse_from_str(
                        &cell.replace('/', "-").replace("-3-", "-03-"),
                    )
                    .unwrap();
                    ws.write_datetime_with_format(r, col, &d, &date_fmt)
                        .unwrap();
                }
                _ => {
                    ws.write_string(r, col, cell).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The subject documents a batch reads into (one per subject, in order).
fn docs(bytes: &[u8], f: Format) -> Vec<serde_json::Value> {
    let b = read(bytes, f).unwrap_or_else(|e| panic!("{e}"));
    assert!(b.rejected.is_empty(), "{:?}", b.rejected);
    b.subjects.into_iter().map(|s| s.doc).collect()
}

#[test]
fn procedure_specific_serious_qualified_on_and_drivers_share_are_read_in_every_format() {
    let zh = docs(NEW_FIELDS_ZH.as_bytes(), Format::Csv);
    let en = docs(NEW_FIELDS_EN.as_bytes(), Format::Csv);
    let xlsx = docs(&to_typed_xlsx(NEW_FIELDS_ZH), Format::Xlsx);
    assert_eq!(zh.len(), 4);
    assert_eq!(zh, en);
    assert_eq!(zh, xlsx);
    let rec = |d: &serde_json::Value, k: &str| d["records"][0][k].clone();
    assert_eq!(rec(&zh[0], "procedure"), "simplified");
    assert_eq!(rec(&zh[0], "specific_serious"), false);
    assert_eq!(rec(&zh[1], "procedure"), "general");
    assert_eq!(rec(&zh[1], "specific_serious"), true);
    assert_eq!(zh[2]["subject"]["qualified_on"], "2019-03-15");
    assert_eq!(zh[3]["subject"]["drivers_aa_share"], 90.0);
    // JSONL is the contract itself: the same documents, line by line.
    let jsonl: String = zh.iter().map(|d| format!("{d}\n")).collect();
    assert_eq!(docs(jsonl.as_bytes(), Format::Jsonl), zh);

    // And they change the answers as the contract says (each subject on its own check date).
    let own_dates = Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    for (bytes, f) in [
        (NEW_FIELDS_ZH.as_bytes().to_vec(), Format::Csv),
        (to_typed_xlsx(NEW_FIELDS_ZH), Format::Xlsx),
        (jsonl.into_bytes(), Format::Jsonl),
    ] {
        let s = screen(read(&bytes, f).unwrap(), &own_dates, &mut |_, _| {});
        reconciles(&s);
        let r = |i: usize| &s.results[i].report;
        // A 200-yuan fine by simplified procedure is minor: not publicised (Order 36).
        assert_eq!(
            serde_json::to_value(r(0).repairs[0].status).unwrap(),
            "not_publicised",
            "{f:?}"
        );
        // 527号 特定严重失信: the full period, no early repair.
        assert_eq!(
            serde_json::to_value(r(1).repairs[0].status).unwrap(),
            "not_repairable",
            "{f:?}"
        );
        // The driver's cycle runs from the first qualification day, not assumed.
        let cycle = r(2).grades[0].cycle.as_ref().unwrap();
        assert!(!cycle.assumed, "{f:?}");
        assert_eq!(cycle.from.to_string(), "2026-03-16", "{f:?}");
        // A taxi firm without records and with 90 % of its drivers at AA or above: AAA.
        assert_eq!(r(3).grades[0].level, "AAA", "{f:?}");
    }
}

#[test]
fn a_taxi_firms_drivers_share_is_read_as_a_percentage() {
    let t = "主体类型,证件号码,行业,驾驶员AA级及以上占比,记录类型,日期\n\
             企业,91350200MA2Y4K7N0A,出租汽车,90%,表彰奖励,2026-02-01\n\
             企业,91350203MA31XQ8E2A,出租汽车,,表彰奖励,2026-02-01\n";
    let d = docs(t.as_bytes(), Format::Csv);
    assert_eq!(d[0]["subject"]["drivers_aa_share"], 90.0);
    assert!(d[1]["subject"].get("drivers_aa_share").is_none());
    let s = run(t.as_bytes(), Format::Csv);
    let levels: Vec<&str> = s
        .results
        .iter()
        .map(|r| r.report.grades[0].level.as_str())
        .collect();
    // 1000 + 20 bonus: AAA with the share, AA at best without it.
    assert_eq!(levels, vec!["AAA", "AA"]);
    assert!(s.results[1].report.grades[0]
        .items
        .iter()
        .any(|i| i.rule == "tsq.cap.driver_share"));
}

#[test]
fn a_yes_no_cell_that_is_neither_rejects_its_row() {
    let t = "主体类型,证件号码,记录类型,日期,处罚种类,特定严重失信\n\
             企业,91350200MA2Y4K7N0A,行政处罚,2026-06-01,罚款,也许\n\
             企业,91350200MA2Y4K7N0A,行政处罚,2026-07-01,罚款,否\n";
    let s = run(t.as_bytes(), Format::Csv);
    reconciles(&s);
    assert_eq!(s.rejected.len(), 1, "{:?}", s.rejected);
    let r = &s.rejected[0];
    assert_eq!(
        (r.row, r.column.as_str(), r.value.as_str()),
        (2, "specific_serious", "也许")
    );
    assert!(
        r.zh.contains("是 或 否") && r.en.contains("yes or no"),
        "{r:?}"
    );
    assert_eq!(s.results[0].rejected_rows, vec![2], "marked incomplete");
    // A value the engine refuses (a procedure on a list entry) is the engine's bilingual error.
    let t = "subject_kind,subject_id,record_type,date,procedure\nenterprise,91350200MA2Y4K7N0A,serious_dishonesty_list,2026-06-01,简易程序\n";
    let s = run(t.as_bytes(), Format::Csv);
    reconciles(&s);
    assert!(
        s.rejected.iter().any(|r| r.column.contains("procedure")),
        "{:?}",
        s.rejected
    );
}

#[test]
fn the_template_and_input_files_carry_the_new_columns() {
    let csv = String::from_utf8(template(Format::Csv).unwrap()).unwrap();
    let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
    for h in [
        "从业资格证初次领取日期(qualified_on)",
        "驾驶员AA级及以上占比(drivers_aa_share)",
        "处罚程序(procedure)",
        "特定严重失信(specific_serious)",
    ] {
        assert!(header.contains(h), "{header}");
    }
    // Written by inputs_to_file and read back: the same inputs, in every format.
    let inputs: Vec<xinyong_model::Input> = docs(NEW_FIELDS_EN.as_bytes(), Format::Csv)
        .into_iter()
        .map(|d| serde_json::from_value(d).unwrap())
        .collect();
    let mut all = inputs.clone();
    assert_eq!(all[3].subject.drivers_aa_share, Some(90.0));
    all[3].subject.drivers_aa_share = Some(87.5);
    for f in [Format::Csv, Format::Xlsx, Format::Jsonl] {
        let bytes = xinyong_batch::inputs_to_file(&all, f).unwrap();
        let back: Vec<xinyong_model::Input> = docs(&bytes, f)
            .into_iter()
            .map(|d| serde_json::from_value(d).unwrap())
            .collect();
        let strip_ids = |v: &[xinyong_model::Input]| {
            // Rows without a record id get R+row; compare what the clerk gave.
            v.iter()
                .map(|i| {
                    let mut i = i.clone();
                    i.records.iter_mut().for_each(|r| r.id.clear());
                    i
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(strip_ids(&back), strip_ids(&all), "{f:?}");
    }
}
