//! What every fuzz target checks besides "no panic" (docs/fuzzing.md): the project's
//! non-negotiables, written as assertions so that libFuzzer reports a breach as a crash.

use chrono::NaiveDate;
use xinyong_core::json_write::to_json;
use xinyong_core::model::report::GradeItem;
use xinyong_core::model::{Input, Report};
use xinyong_core::{input::report_from_json, Options, PackChoice, Problems};

/// The check day when the input gives none: fixed, so a crash reproduces on any day.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real day")
}

pub fn opts(pack: PackChoice<'_>) -> Options<'_> {
    Options {
        pack,
        ..Options::new(today())
    }
}

/// The built-in packs: `national` and the regional overlays.
pub const PACKS: &[&str] = &[
    "national",
    "chongqing-fuling",
    "jiangsu-lianyungang",
    "fujian-xiamen",
    "shanxi-yuncheng",
    "shandong-yiyuan",
];

/// A refusal is never empty and every problem says what is wrong in Chinese and in English.
pub fn bilingual(e: &Problems) {
    assert!(!e.0.is_empty(), "a refusal without a problem");
    for p in &e.0 {
        assert!(
            !p.zh.trim().is_empty() && !p.en.trim().is_empty(),
            "a problem without a Chinese or an English message: {p:?}"
        );
    }
}

fn cited_item(i: &GradeItem) {
    assert!(
        !i.rule.is_empty() && !i.basis.is_empty(),
        "grade item without rule or basis: {i:?}"
    );
    assert!(
        i.points.is_finite(),
        "grade item with points {}: {i:?}",
        i.points
    );
}

/// A report from a trusted (built-in) pack: every answer cites a rule and its basis, numbers are
/// finite, the full subject id is nowhere in it, and it reads back as itself.
pub fn sound_report(input: &Input, r: &Report) {
    for g in &r.grades {
        assert!(
            !g.rule.is_empty() && !g.basis.is_empty(),
            "grade without rule or basis: {g:?}"
        );
        assert!(g.score.is_finite(), "grade score {}", g.score);
        g.items.iter().for_each(cited_item);
        if let Some(c) = &g.counter {
            assert!(c.value.is_finite(), "counter value {}", c.value);
            c.items.iter().for_each(cited_item);
        }
    }
    for c in &r.commitments {
        assert!(!c.basis.is_empty(), "commitment without basis: {c:?}");
        for why in &c.reasons {
            assert!(
                !why.rule.is_empty() && !why.basis.is_empty(),
                "reason without rule or basis: {why:?}"
            );
        }
    }
    for rep in &r.repairs {
        assert!(
            !rep.rule.is_empty() && !rep.basis.is_empty(),
            "repair without rule or basis: {rep:?}"
        );
        for c in &rep.conditions {
            assert!(!c.basis.is_empty(), "repair condition without basis: {c:?}");
        }
    }
    let text = round_trip(r);
    // Unless the id was also typed elsewhere in the input (a name, a record id), the report
    // must not carry it.
    let id = input.subject.id.trim();
    if id.chars().count() >= 15 && text.contains(id) {
        assert!(
            to_json(input).matches(id).count() != 1,
            "the full subject id {id} is in the report"
        );
    }
}

/// The report as the engine writes it reads back as the same report (every date it computed is a
/// contract date, every string survives escaping). Returns the text written.
pub fn round_trip(r: &Report) -> String {
    let text = to_json(r);
    match report_from_json(&text) {
        Ok(back) => assert_same(&back, r, &text, to_json),
        Err(e) => panic!("a report the engine wrote does not read back: {e:?}\n{text}"),
    }
    text
}

/// `back`, read from `text` (which `write` wrote from `orig`), is the document that was written:
/// equal, and written again it is the same text (so every number came back bit for bit, `-0.0`
/// included).
///
/// Until 2026-11-30 this let a number differ in its last bit: the JSON reader mirrored
/// serde_json's default number parsing, which read e.g. `8.88888884888889e97` (the writer's
/// shortest form) one unit in the last place off. The reader now rounds correctly
/// (`crates/core/src/dec2flt.rs`), so nothing may change.
pub fn assert_same<T: PartialEq + std::fmt::Debug>(
    back: &T,
    orig: &T,
    text: &str,
    write: fn(&T) -> String,
) {
    assert!(
        back == orig && write(back) == text,
        "changed through write → read: {text}\n  read back: {back:?}\n  written:   {orig:?}"
    );
}

/// A batch (CSV or XLSX bytes) is refused with bilingual problems, or read and screened so that
/// rows read = rows used + rows rejected, every rejected row says why in both languages and every
/// subject's report is sound.
pub fn batch(bytes: &[u8], format: xinyong_batch::Format) -> Option<xinyong_batch::Screening> {
    let b = match xinyong_batch::read(bytes, format) {
        Ok(b) => b,
        Err(e) => {
            bilingual(&e);
            return None;
        }
    };
    let s = xinyong_batch::screen(b, &opts(PackChoice::FromSubject), &mut |_, _| {});
    let c = s.counts;
    assert_eq!(
        c.rows_read,
        c.rows_used + c.rows_rejected,
        "rows read ≠ used + rejected: {c:?}"
    );
    for r in &s.rejected {
        assert!(
            !r.zh.trim().is_empty() && !r.en.trim().is_empty(),
            "a rejected row without a Chinese or an English reason: {r:?}"
        );
    }
    for r in &s.results {
        sound_report(&r.input, &r.report);
    }
    Some(s)
}

/// How the XLSX targets turn a fuzz input into a workbook (`batch_xlsx`, `batch_xlsx_stream`).
pub mod xlsx {
    use std::io::{Cursor, Read, Write};
    use std::sync::OnceLock;

    use xinyong_batch::Format;

    const SHEET: &str = "xl/worksheets/sheet1.xml";
    const SST: &str = "xl/sharedStrings.xml";
    /// Separates a worksheet's XML from the shared strings' XML in one input.
    pub const SST_MARK: &[u8] = b"\n<!--sharedStrings-->\n";

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
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
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

    /// The workbook an input stands for: an input that starts with `PK` is the file's bytes (a
    /// damaged or hostile zip); any other is the first worksheet's XML, optionally followed by
    /// [`SST_MARK`] and the shared strings' XML, packed (stored, uncompressed) into the template
    /// workbook in place of its own — mutated compressed bytes rarely get past the zip's
    /// checksum, so this is how the fuzzer reaches the cell reading and the screening.
    pub fn bytes(data: &[u8]) -> std::borrow::Cow<'_, [u8]> {
        if data.starts_with(b"PK") {
            return data.into();
        }
        let (sheet, sst) = match data.windows(SST_MARK.len()).position(|w| w == SST_MARK) {
            Some(i) => (&data[..i], Some(&data[i + SST_MARK.len()..])),
            None => (data, None),
        };
        workbook(sheet, sst).into()
    }
}
