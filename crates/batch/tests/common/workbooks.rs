//! Workbooks the XLSX tests build (sheets.rs for the whole-file reader, stream_xlsx.rs for the
//! streamed one): a clerk's workbook, and the template with parts replaced for hostile files.

/// A clerk's workbook: a merged title row, a 序号 column, the subject's cells merged over its
/// record rows, Chinese values as the widget labels them, a blank column.
pub fn clerk_xlsx() -> Vec<u8> {
    use rust_xlsxwriter::{Format as XF, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("2026年申请").unwrap();
    let f = XF::new();
    ws.merge_range(0, 0, 0, 9, "2026年度信用承诺审批申请汇总表", &f)
        .unwrap();
    let header = [
        "序号",
        "主体类型",
        "统一社会信用代码",
        "企业名称",
        "行业",
        "",
        "记录类型",
        "处罚日期",
        "处罚种类",
        "缴款日期",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    // Subject 甲: three record rows, subject cells merged down; the third is a licence revocation
    // whose date is impossible, so the row is rejected.
    for (c, v) in [
        (1, "企业"),
        (2, "91350200MA2Y4K7N0A"),
        (3, "甲运输有限公司"),
        (4, "道路货物运输"),
    ] {
        ws.merge_range(2, c, 4, c, v, &f).unwrap();
    }
    ws.merge_range(2, 0, 4, 0, "", &f).unwrap();
    ws.write_number(2, 0, 1).unwrap();
    let recs = [
        ["行政处罚", "2026-05-06", "罚款", "2026-05-20"],
        ["信用承诺", "2025-06-01", "", ""],
        ["行政处罚", "2026-02-30", "吊销许可证件", ""],
    ];
    for (i, r) in recs.iter().enumerate() {
        for (j, v) in r.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(2 + i as u32, 6 + j as u16, *v).unwrap();
            }
        }
    }
    // Subject 乙: one row, no records.
    ws.write_number(5, 0, 2).unwrap();
    for (c, v) in [
        (1, "企业"),
        (2, "91350203MA31XQ8E2A"),
        (3, "乙公路工程有限公司"),
        (4, "公路施工"),
    ] {
        ws.write_string(5, c, v).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// The sheets a clerk's workbook may have before its data: a hidden sheet "旧数据" with a
/// header and one subject (2 rows), a visible "说明" with one line of text.
pub fn sheets_before_the_data(wb: &mut rust_xlsxwriter::Workbook) {
    let old = wb.add_worksheet();
    old.set_name("旧数据").unwrap();
    for (c, v) in ["主体类型", "证件号码"].iter().enumerate() {
        old.write_string(0, c as u16, *v).unwrap();
    }
    old.write_string(1, 0, "企业").unwrap();
    old.write_string(1, 1, "91350203MA31XQ8E2A").unwrap();
    old.set_hidden(true);
    let notes = wb.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "填表说明：每行一条记录").unwrap();
}

/// The template workbook with some parts replaced (name → new body), for hostile files.
pub fn workbook_with(parts: &[(&str, String)]) -> Vec<u8> {
    workbook_stored(parts, zip::CompressionMethod::Deflated)
}

/// `workbook_with`, the parts compressed with `method` (`Stored`: a large part written fast).
pub fn workbook_stored(parts: &[(&str, String)], method: zip::CompressionMethod) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let template = xinyong_batch::template(xinyong_batch::Format::Xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(template)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut body = Vec::new();
        f.read_to_end(&mut body).unwrap();
        if let Some((_, b)) = parts.iter().find(|(n, _)| *n == name) {
            body = b.clone().into_bytes();
        }
        out.start_file(
            name,
            zip::write::SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        out.write_all(&body).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A worksheet part: `rows` in its `sheetData`, `tail` after it (merged cells).
pub fn sheet_xml(rows: &str, tail: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData>{tail}</worksheet>"
    )
}

/// The template's header row, as inline strings.
pub const HEADER: &str =
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>subject_kind</t></is></c>\
    <c r=\"B1\" t=\"inlineStr\"><is><t>subject_id</t></is></c></row>";
