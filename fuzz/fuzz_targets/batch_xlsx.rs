//! The XLSX batch reader (calamine) and the screening behind it: see `xinyong_fuzz::batch`.
//!
//! An input that starts with `PK` is read as the file's bytes (a damaged or hostile zip). Any
//! other input is the text of the first worksheet's XML, optionally followed by
//! [`SST_MARK`] and the shared strings' XML, packed (stored, uncompressed) into the template
//! workbook in place of its own: mutating compressed bytes rarely gets past the zip's checksum,
//! so this is how the fuzzer reaches the cell reading, the header matching and the screening.
#![no_main]

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use xinyong_batch::Format;

const SHEET: &str = "xl/worksheets/sheet1.xml";
const SST: &str = "xl/sharedStrings.xml";
const SST_MARK: &[u8] = b"\n<!--sharedStrings-->\n";

/// The template workbook's parts, unpacked once.
fn parts() -> &'static [(String, Vec<u8>)] {
    static P: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    P.get_or_init(|| {
        let bytes = xinyong_batch::template(Format::Xlsx).expect("the template");
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("the template is a zip");
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).expect("a part");
                let name = f.name().expect("a part name").into_owned();
                let mut buf = Vec::new();
                f.read_to_end(&mut buf).expect("a readable part");
                (name, buf)
            })
            .collect()
    })
}

fn workbook(sheet: &[u8], sst: Option<&[u8]>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts() {
        let body = match name.as_str() {
            SHEET => sheet,
            SST => sst.unwrap_or(bytes),
            _ => bytes,
        };
        w.start_file(name.as_str(), stored).expect("zip entry");
        w.write_all(body).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

fn split(data: &[u8]) -> (&[u8], Option<&[u8]>) {
    match data.windows(SST_MARK.len()).position(|w| w == SST_MARK) {
        Some(i) => (&data[..i], Some(&data[i + SST_MARK.len()..])),
        None => (data, None),
    }
}

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        xinyong_fuzz::batch(data, Format::Xlsx);
    } else {
        let (sheet, sst) = split(data);
        xinyong_fuzz::batch(&workbook(sheet, sst), Format::Xlsx);
    }
});
