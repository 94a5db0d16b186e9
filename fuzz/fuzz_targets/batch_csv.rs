//! The CSV batch reader and the screening behind it (`xinyong batch`, the staff module): any
//! bytes as a CSV batch. See `xinyong_fuzz::batch` for what is checked; the result is also
//! written back out as CSV.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinyong_batch::Format;

fuzz_target!(|data: &[u8]| {
    if let Some(s) = xinyong_fuzz::batch(data, Format::Csv) {
        if let Err(e) = xinyong_batch::write(&s, Format::Csv) {
            panic!("a screening that was read cannot be written: {e}");
        }
    }
});
