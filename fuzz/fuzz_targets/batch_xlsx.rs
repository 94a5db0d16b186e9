//! The XLSX batch reader (calamine, whole file) and the screening behind it: see
//! `xinyong_fuzz::batch`. The input is a workbook or a worksheet's XML (`xinyong_fuzz::xlsx::bytes`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinyong_batch::Format;

fuzz_target!(|data: &[u8]| {
    xinyong_fuzz::batch(&xinyong_fuzz::xlsx::bytes(data), Format::Xlsx);
});
