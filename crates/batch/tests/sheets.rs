//! Clerks' own spreadsheets (issue 15): merged title rows and subject cells, 序号 columns, the
//! widget's labels, hidden sheets, odd line ends, hostile workbooks.

use chrono::NaiveDate;
use xinyong_batch::{read, screen, Format, Screening};
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

/// Write `bytes` to $XINYONG_DUMP/name when set (to try the file with the CLI).
fn dump(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("XINYONG_DUMP") {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

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
        "序号", "主体类型", "统一社会信用代码", "企业名称", "行业", "", "记录类型", "处罚日期",
        "处罚种类", "缴款日期",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    // Subject 甲: three record rows, subject cells merged down; the third is a licence revocation
    // whose date is impossible, so the row is rejected.
    for (c, v) in [(1, "企业"), (2, "91350200MA2Y4K7N0A"), (3, "甲运输有限公司"), (4, "道路货物运输")] {
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
    for (c, v) in [(1, "企业"), (2, "91350203MA31XQ8E2A"), (3, "乙公路工程有限公司"), (4, "公路施工")] {
        ws.write_string(5, c, v).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn dump_fixtures() {
    dump("clerk.xlsx", &clerk_xlsx());
}
