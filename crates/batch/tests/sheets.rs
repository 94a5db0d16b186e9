//! Clerks' own spreadsheets (issue 15): merged title rows and subject cells, 序号 columns, the
//! widget's labels, hidden sheets, odd line ends, hostile workbooks.

mod common;

use common::opts;
use common::workbooks::{clerk_xlsx, sheet_xml, sheets_before_the_data, workbook_with, HEADER};
use proptest::prelude::*;
use xinyong_batch::{read, screen, write, write_in, Format, Lang, Screening};

fn run(bytes: &[u8], f: Format) -> Screening {
    let b = read(bytes, f).unwrap_or_else(|e| panic!("{e}"));
    screen(b, &opts(), &mut |_, _| {})
}

fn reconciles(s: &Screening) {
    let c = s.counts;
    assert_eq!(c.rows_read, c.rows_used + c.rows_rejected, "{c:?}");
}

/// Write `bytes` to $XINYONG_DUMP/name when set (to try the file with the CLI).
fn dump(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("XINYONG_DUMP") {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

/// Read the first CSV file of a written screening as rows of cells.
fn csv_cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes)
        .unwrap()
        .trim_start_matches('\u{feff}');
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn summary_csv(s: &Screening, lang: Lang) -> Vec<Vec<String>> {
    csv_cells(&write_in(s, Format::Csv, lang).unwrap()[0].bytes)
}

fn col<'a>(rows: &'a [Vec<String>], row: usize, header: &str) -> &'a str {
    let i = rows[0]
        .iter()
        .position(|h| h.contains(header))
        .unwrap_or_else(|| panic!("{header} in {:?}", rows[0]));
    &rows[row][i]
}

/// The clerk's workbook screens as the clerk meant it: title row skipped, 序号 ignored, merged
/// subject cells carried down, so the row that is rejected makes 甲 incomplete (before: the
/// file was refused for its title row; with the title row removed, rows 4 and 5 were rejected
/// as "no subject id" and 甲 came out complete, every scheme "yes").
#[test]
fn a_clerks_workbook_with_title_row_serial_column_and_merged_subjects() {
    dump("clerk.xlsx", &clerk_xlsx());
    let s = run(&clerk_xlsx(), Format::Xlsx);
    reconciles(&s);
    assert_eq!(
        (
            s.counts.rows_read,
            s.counts.subjects,
            s.counts.subjects_incomplete
        ),
        (4, 2, 1),
        "{:?}",
        s.rejected
    );
    assert_eq!(s.sheet.as_deref(), Some("2026年申请"));
    let a = &s.results[0];
    assert_eq!(a.row, 3);
    assert_eq!(a.rejected_rows, vec![4, 5]);
    assert!(
        s.rejected.iter().all(|r| r.column != "subject_id"),
        "{:?}",
        s.rejected
    );
    let notes: String = s
        .notes
        .iter()
        .map(|n| n.en.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(notes.contains("read sheet \"2026年申请\""), "{notes}");
    assert!(notes.contains("row 1 above it"), "{notes}");
    assert!(notes.contains("A \"序号\""), "{notes}");
    // Everywhere it is shown: the summary says incomplete and never "yes" for a scheme.
    let rows = summary_csv(&s, Lang::Zh);
    assert_eq!(col(&rows, 1, "(complete)"), "否");
    for h in ["(certification_notice)", "(license_notice)"] {
        assert_ne!(col(&rows, 1, h), "是", "{h}");
    }
    assert_eq!(col(&rows, 2, "(certification_notice)"), "是");
    // The rejected rows name the clerk's own header.
    let rej = csv_cells(&write(&s, Format::Csv).unwrap()[2].bytes);
    assert!(rej.iter().any(|r| r[1] == "H 处罚日期 (date)"), "{rej:?}");
}

/// A continuation row with blank subject cells (merged cells saved as CSV) belongs to the
/// subject above: its licence revocation counts (before: rejected as "no subject id", the
/// subject complete, and the revocation lost).
#[test]
fn blank_subject_cells_carry_down() {
    let t = "主体类型,统一社会信用代码,名称,行业,记录类型,日期,处罚种类,失信等级\n\
             企业,91350200MA2Y4K7N0A,甲,道路货运,行政处罚,2026-05-06,罚款,一般\n\
             ,,,,行政处罚,2026-05-07,吊销许可证件,严重\n";
    let s = run(t.as_bytes(), Format::Csv);
    reconciles(&s);
    assert_eq!((s.counts.rows_used, s.counts.rows_rejected), (2, 0));
    assert_eq!(s.results[0].input.records.len(), 2);
    // A row whose own subject cells disagree is not a continuation row.
    let t2 = t.replace("\n,,,,", "\n,,乙,,");
    let s = run(t2.as_bytes(), Format::Csv);
    reconciles(&s);
    assert_eq!(s.rejected[0].column, "subject_id");
}

/// The widget's own label for driver violations is read by batch (before: passed through,
/// listed as ignored, the driver AAA with 0 points and complete).
#[test]
fn the_widgets_record_type_labels_are_read() {
    let t = "主体类型,证件号码,名称,行业,记录类型,日期,分值\n\
             个人,11010519491231002X,张三,驾驶员,驾驶员违法违规计分,2026-05-06,12\n";
    let s = run(t.as_bytes(), Format::Csv);
    reconciles(&s);
    let r = &s.results[0].report;
    assert!(r.ignored.is_empty(), "{:?}", r.ignored);
    assert_eq!(r.grades[0].score, 12.0);
    assert_ne!(r.grades[0].in_force.level, "AAA");
}

/// A record type no catalogue holds is a rejected row, so its subject is incomplete (before:
/// counted as used, listed in `ignored`, the subject complete).
#[test]
fn an_unknown_record_type_makes_its_subject_incomplete() {
    let t = "主体类型,证件号码,记录类型,日期\n\
             企业,91350200MA2Y4K7N0A,行政处罚,\n\
             企业,91350200MA2Y4K7N0A,超载罚单,2026-05-06\n";
    let s = run(t.as_bytes(), Format::Csv);
    reconciles(&s);
    assert!(
        s.rejected
            .iter()
            .any(|r| r.row == 3 && r.column == "record_type"),
        "{:?}",
        s.rejected
    );
    // An ignored record of a known type is counted in its own column.
    let t = "主体类型,证件号码,记录类型,日期,分值\n\
             企业,91350200MA2Y4K7N0A,驾驶员违法违规计分,2026-05-06,3\n";
    let s = run(t.as_bytes(), Format::Csv);
    reconciles(&s);
    assert_eq!(s.counts.records_ignored, 1);
    let rows = summary_csv(&s, Lang::Zh);
    assert_eq!(col(&rows, 1, "(ignored)"), "1");
}

/// Synonyms and the widget's labels are read; a missing required column quotes the header found
/// and names columns by letter; a Chinese header is never "corrected" into another column.
#[test]
fn synonyms_labels_and_the_missing_column_message() {
    let t = "序号,主体类型,统一社会信用代码,企业名称,,处罚日期,处罚种类,罚款金额（元）,缴款日期,失信等级\n\
             1,企业,91350200MA2Y4K7N0A,甲,,2026/5/6,罚款,5000,2026-05-20,一般失信\n";
    let t = t
        .replace("处罚日期", "记录类型,处罚日期")
        .replace(",,2026/5/6", ",,行政处罚,2026/5/6");
    let s = run(t.as_bytes(), Format::Csv);
    reconciles(&s);
    assert_eq!(s.counts.rows_rejected, 0, "{:?}", s.rejected);
    let rec = &s.results[0].input.records[0];
    assert_eq!(rec.date.unwrap().to_string(), "2026-05-06");
    assert_eq!(rec.fulfilled_on.unwrap().to_string(), "2026-05-20");
    assert_eq!(rec.amount, Some(5000.0));

    let e = read(
        "序号,主体类型,企业名称,处罚日期\n1,企业,甲,2026-05-06\n".as_bytes(),
        Format::Csv,
    )
    .unwrap_err();
    assert_eq!(e.0.len(), 1, "{e}");
    let p = &e.0[0];
    assert!(p.zh.contains("缺少必需的列“证件号码”"), "{p:?}");
    assert!(
        p.zh.contains("A“序号” B“主体类型” C“企业名称” D“处罚日期”"),
        "{p:?}"
    );
    assert!(p.en.contains("row 1"), "{p:?}");
    assert!(
        !p.zh.contains("查询日期") && !p.en.contains("as_of"),
        "{p:?}"
    );
    assert!(!p.path.contains('['), "{p:?}");
}

/// A hidden first sheet is not read; the visible sheet with the header is, and rows on other
/// sheets are reported (before: the hidden first sheet was read).
#[test]
fn the_visible_sheet_with_the_header_is_read() {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    sheets_before_the_data(&mut wb);
    let data = wb.add_worksheet();
    data.set_name("数据").unwrap();
    for (c, v) in ["主体类型", "证件号码"].iter().enumerate() {
        data.write_string(0, c as u16, *v).unwrap();
    }
    data.write_string(1, 0, "企业").unwrap();
    data.write_string(1, 1, "91350200MA2Y4K7N0A").unwrap();
    data.set_active(true);
    let bytes = wb.save_to_buffer().unwrap();
    dump("hidden.xlsx", &bytes);
    let s = run(&bytes, Format::Xlsx);
    reconciles(&s);
    assert_eq!(s.sheet.as_deref(), Some("数据"));
    assert_eq!(s.results[0].report.subject.id_masked, "9135************0A");
    let notes: Vec<&str> = s.notes.iter().map(|n| n.en.as_str()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("sheet \"旧数据\" (hidden) has 2 rows")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("sheet \"说明\" has 1 rows")),
        "{notes:?}"
    );
}

/// Chinese mode writes Chinese values, English mode English ones.
#[test]
fn exports_speak_the_clerks_language() {
    let t = "subject_kind,subject_id,subject_name,industry\nenterprise,91350203MA31XQ8E2A,乙,highway_construction\n";
    let s = run(t.as_bytes(), Format::Csv);
    let zh = summary_csv(&s, Lang::Zh);
    let en = summary_csv(&s, Lang::En);
    assert_eq!(col(&zh, 1, "(industry)"), "公路施工");
    assert_eq!(col(&en, 1, "(industry)"), "Highway construction");
    assert_eq!(col(&zh, 1, "(complete)"), "是");
    assert_eq!(col(&en, 1, "(complete)"), "yes");
    assert_eq!(col(&zh, 1, "(certification_notice)"), "是");
    assert_eq!(col(&en, 1, "(certification_notice)"), "yes");
    assert!(!col(&zh, 1, "(supervision)").is_ascii(), "{zh:?}");
    assert!(col(&en, 1, "(supervision)").is_ascii(), "{en:?}");
}

/// OWASP CSV injection: a name or record id beginning with = + - @ tab or CR is written with a
/// leading apostrophe, and the reader takes it off again; XLSX writes it as a string.
#[test]
fn csv_exports_neutralise_formulas() {
    let name = "=HYPERLINK(\"http://x\",\"点我\")";
    let t = format!(
        "subject_kind,subject_id,subject_name\nenterprise,91350200MA2Y4K7N0A,\"{}\"\n",
        name.replace('"', "\"\"")
    );
    let s = run(t.as_bytes(), Format::Csv);
    let rows = summary_csv(&s, Lang::Zh);
    assert_eq!(col(&rows, 1, "(name)"), format!("'{name}"));
    for bad in ["+1", "-1+A1", "@SUM(A1)", "\tx", "\rx"] {
        assert_eq!(xinyong_batch::csv_safe(bad), format!("'{bad}"));
    }
    assert_eq!(xinyong_batch::csv_safe("甲"), "甲");
    // The round trip through a batch file keeps the name as typed.
    let file = xinyong_batch::inputs_to_file(&[s.results[0].input.clone()], Format::Csv).unwrap();
    let again = run(&file, Format::Csv);
    assert_eq!(again.results[0].report.subject.name, name);
    // XLSX: a string cell, not a formula.
    let x = write(&s, Format::Xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(x[0].bytes.clone())).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(!sheet.contains("<f>"), "{sheet}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    /// Rows are numbered as Excel shows them and always reconcile, whatever the line ends and
    /// however many lines a quoted cell spans.
    #[test]
    fn rows_reconcile_and_keep_excel_numbers_for_every_line_end(
        rows in proptest::collection::vec((0usize..3, 0usize..4, any::<bool>()), 1..20),
        end in prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
    ) {
        let ids = ["91350200MA2Y4K7N0A", "91350203MA31XQ8E2A", "bad-id"];
        let notes = ["", "一行", "两行\n第二行", "三行\r\n第二\r第三"];
        let mut t = format!("主体类型,证件号码,备注,记录类型,日期{end}");
        let mut expected = Vec::new();
        for (n, (id, note, blank_line)) in rows.iter().enumerate() {
            if *blank_line {
                t.push_str(end);
            }
            expected.push(n);
            let note = notes[*note].replace('\n', end);
            t.push_str(&format!("企业,{},\"{note}\",约谈,2026-05-06{end}", ids[*id]));
        }
        let s = run(t.as_bytes(), Format::Csv);
        reconciles(&s);
        prop_assert_eq!(s.counts.rows_read, rows.len());
        // Excel row of each data row: header 1, then one per row and one per blank line.
        let mut excel = Vec::new();
        let mut r = 1;
        for (_, _, blank) in &rows {
            r += 1 + usize::from(*blank);
            excel.push(r);
        }
        let mut seen: Vec<usize> = s.results.iter().flat_map(|x| x.rows.clone()).collect();
        seen.extend(s.rejected.iter().map(|x| x.row));
        seen.sort_unstable();
        seen.dedup();
        prop_assert_eq!(seen, excel);
    }
}

fn refused(bytes: &[u8], zh: &str, en: &str) {
    let e = read(bytes, Format::Xlsx).unwrap_err();
    assert!(e.0[0].zh.contains(zh), "{e:?}");
    assert!(e.0[0].en.contains(en), "{e:?}");
}

/// A shared-strings table that claims more entries than it can hold: calamine reserves room for
/// the claim before reading a string, so 10^12 entries asked for terabytes and aborted.
#[test]
fn a_lying_shared_strings_count_is_refused_before_calamine_reserves_it() {
    let sst = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1000000000000\"><si><t>x</t></si></sst>".to_string();
    let f = workbook_with(&[("xl/sharedStrings.xml", sst)]);
    dump("sst.xlsx", &f);
    refused(
        &f,
        "共享字符串",
        "shared strings claim 1000000000000 entries",
    );
}

/// A part whose declared inflated size is beyond the limit is refused from the zip directory,
/// before anything is inflated (zip bounds what it inflates to the declared size, so a part that
/// lies about it ends early instead).
#[test]
fn a_part_declaring_gigabytes_is_refused_before_inflating() {
    let mut f = workbook_with(&[]);
    // Declare 2 GiB for xl/worksheets/sheet1.xml in its central directory entry.
    let name = b"xl/worksheets/sheet1.xml";
    let mut patched = false;
    for i in 0..f.len().saturating_sub(46) {
        if f[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            let n = u16::from_le_bytes([f[i + 28], f[i + 29]]) as usize;
            if f.get(i + 46..i + 46 + n) == Some(&name[..]) {
                f[i + 24..i + 28].copy_from_slice(&0x8000_0000u32.to_le_bytes());
                patched = true;
            }
        }
    }
    assert!(patched);
    dump("declared.xlsx", &f);
    refused(
        &f,
        "解压后有 2147483648 字节",
        "inflates to 2147483648 bytes",
    );
}

/// A cell longer than Excel allows (32,767 characters) is refused with its reference.
#[test]
fn an_overlong_cell_is_refused() {
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
    refused(&f, "单元格 C2 过长", "cell C2 is too long");
    let csv = format!("subject_kind,subject_id\nenterprise,{long}\n");
    let e = read(csv.as_bytes(), Format::Csv).unwrap_err();
    assert!(e.0[0].en.contains("cell B2 is too long"), "{e:?}");
}

/// A merged region reaching the sheet's far corner fills only the cells read.
#[test]
fn a_huge_merged_region_costs_nothing() {
    let sheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{HEADER}\
         <row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>enterprise</t></is></c>\
         <c r=\"B2\" t=\"inlineStr\"><is><t>91350200MA2Y4K7N0A</t></is></c></row></sheetData>\
         <mergeCells count=\"1\"><mergeCell ref=\"A2:XFD1048576\"/></mergeCells></worksheet>"
    );
    let f = workbook_with(&[("xl/worksheets/sheet1.xml", sheet)]);
    let s = run(&f, Format::Xlsx);
    reconciles(&s);
    assert_eq!(s.counts.subjects, 1);
}

/// The browser test's copy of the clerk's workbook (tests/e2e/fixtures/clerk-workbook.xlsx,
/// written by `XINYONG_DUMP=dir cargo test -p xinyong-batch --test sheets a_clerks_workbook`)
/// screens exactly as the generated one, so the e2e test checks what this file's tests check.
#[test]
fn the_e2e_fixture_is_the_clerks_workbook() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/e2e/fixtures/clerk-workbook.xlsx"
    );
    let fixture = run(&std::fs::read(path).unwrap(), Format::Xlsx);
    let generated = run(&clerk_xlsx(), Format::Xlsx);
    assert_eq!(fixture.counts, generated.counts);
    assert_eq!(fixture.notes, generated.notes);
    assert_eq!(
        write_in(&fixture, Format::Csv, Lang::En).unwrap()[0].bytes,
        write_in(&generated, Format::Csv, Lang::En).unwrap()[0].bytes
    );
}
