//! Fuzzing the batch readers (stable Rust, proptest): any bytes in any format never panic, and
//! whatever is read reconciles.

use chrono::NaiveDate;
use proptest::prelude::*;
use xinyong_batch::{read, screen, template, Format};
use xinyong_core::Options;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_any_format(bytes in proptest::collection::vec(any::<u8>(), 0..600), f in 0u8..3) {
        let fmt = [Format::Csv, Format::Xlsx, Format::Jsonl][f as usize];
        if let Ok(b) = read(&bytes, fmt) {
            let s = screen(b, &Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()), &mut |_, _| {});
            prop_assert_eq!(s.counts.rows_read, s.counts.rows_used + s.counts.rows_rejected);
        }
    }

    #[test]
    fn mutated_xlsx_template(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let mut t = template(Format::Xlsx).unwrap();
        for (pos, byte) in edits {
            let n = t.len();
            t[pos % n] = byte;
        }
        // A damaged zip is refused with a message, never a panic.
        if let Err(e) = read(&t, Format::Xlsx) {
            prop_assert!(!e.0[0].zh.is_empty() && !e.0[0].en.is_empty());
        }
    }
}

/// Found by the `batch_csv` fuzz target (2026-11-30): without a 主体类型 column the kind is read
/// from the id, and an 18-byte id whose last character takes two bytes (`1101051949123100Ƨ`)
/// was sliced at byte 17, inside that character: a panic instead of "kind unknown".
#[test]
fn id_of_18_bytes_ending_in_a_two_byte_character() {
    let csv =
        "证件号码,主体名称,记录类型,日期\n1101051949123100Ƨ,张三,driver_violation,2026-03-15\n";
    let b = read(csv.as_bytes(), Format::Csv).expect("the file reads; the id is judged later");
    let s = screen(
        b,
        &Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        &mut |_, _| {},
    );
    assert_eq!(
        s.counts.rows_read,
        s.counts.rows_used + s.counts.rows_rejected
    );
}
