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
