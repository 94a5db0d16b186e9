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
    round_trip(r);
    // Unless the id was also typed elsewhere in the input (a name, a record id), the report
    // must not carry it.
    let id = input.subject.id.trim();
    if id.chars().count() >= 15 && to_json(input).matches(id).count() == 1 {
        assert!(
            !to_json(r).contains(id),
            "the full subject id {id} is in the report"
        );
    }
}

/// The report as the engine writes it reads back as the same report (every date it computed is a
/// contract date, every string survives escaping).
pub fn round_trip(r: &Report) {
    let text = to_json(r);
    match report_from_json(&text) {
        Ok(back) => assert_same(&back, r, &text),
        Err(e) => panic!("a report the engine wrote does not read back: {e:?}\n{text}"),
    }
}

/// `back`, read from `text`, is the document that was written, except that a number may differ
/// in its last bit.
///
/// Why the one-bit slack: the JSON reader mirrors serde_json's default number parsing, which is
/// not correctly rounded (`f64_from_parts`: significand × a power of ten from a table), so a
/// number written in its shortest form, e.g. `8.88888884888889e97`, can read back one unit in the
/// last place away. Found by this target; open, see docs/fuzzing.md ("Open findings"). Remove
/// the slack when the reader rounds correctly.
pub fn assert_same<T: serde::Serialize + PartialEq + std::fmt::Debug>(
    back: &T,
    orig: &T,
    text: &str,
) {
    if back == orig {
        return;
    }
    let (a, b) = (
        serde_json::to_value(back).expect("serialisable"),
        serde_json::to_value(orig).expect("serialisable"),
    );
    assert!(
        same_up_to_last_bit(&a, &b),
        "changed through write → read: {text}\n  read back: {back:?}\n  written:   {orig:?}"
    );
}

fn same_up_to_last_bit(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => {
                x == y
                    || (x.is_finite()
                        && y.is_finite()
                        && (x.to_bits() as i64 - y.to_bits() as i64).abs() <= 1)
            }
            _ => x == y,
        },
        (V::Array(x), V::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_up_to_last_bit(x, y))
        }
        (V::Object(x), V::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && same_up_to_last_bit(vx, vy))
        }
        _ => a == b,
    }
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
