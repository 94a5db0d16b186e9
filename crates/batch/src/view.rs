//! What a staff screen shows besides the rows: the commitment schemes met (the same columns the
//! written summary has), each grade scheme's levels best → worst (for filters and colours), and
//! the names and media types of written files. Kept here, not in the wasm glue, so native tests
//! cover it and the browser and the CLI cannot drift apart.

use std::collections::BTreeMap;

use serde::Serialize;
use xinyong_core::pack::{builtin, Pack};

use crate::read::Format;
use crate::screen::Screening;

/// A commitment scheme met in a screening.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SchemeInfo {
    pub id: String,
    pub zh: String,
    pub en: String,
}

/// Every commitment scheme met in the batch, in first-seen order: the summary's columns.
pub fn commitment_schemes(s: &Screening) -> Vec<SchemeInfo> {
    let mut out: Vec<SchemeInfo> = Vec::new();
    for r in &s.results {
        add_schemes(&mut out, &r.report);
    }
    out
}

/// Add the report's commitment schemes not yet in `out`, in the report's order (a streamed
/// screening collects its columns this way, one report at a time).
pub fn add_schemes(out: &mut Vec<SchemeInfo>, report: &xinyong_model::Report) {
    for c in &report.commitments {
        if !out.iter().any(|x| x.id == c.scheme) {
            out.push(SchemeInfo {
                id: c.scheme.to_string(),
                zh: c.zh.to_string(),
                en: c.en.to_string(),
            });
        }
    }
}

/// Levels, best first, of every grade scheme that graded a subject of the batch. Looked up in
/// the pack that judged the subject (the portal's own pack when it has the report's pack id).
pub fn grade_levels(s: &Screening, custom: Option<&Pack>) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &s.results {
        add_levels(&mut out, &r.report, custom);
    }
    out
}

/// Add the levels of the report's grade schemes not yet in `out` (the staff worker collects
/// them this way, one report at a time, holding no report).
pub fn add_levels(
    out: &mut BTreeMap<String, Vec<String>>,
    report: &xinyong_model::Report,
    custom: Option<&Pack>,
) {
    let pack_id = &report.pack.id;
    let pack = match custom {
        Some(p) if p.meta.id == *pack_id => Some(p),
        _ => builtin(pack_id).ok(),
    };
    let Some(pack) = pack else { return };
    for g in &report.grades {
        if out.contains_key(g.scheme.as_str()) {
            continue;
        }
        if let Some(gs) = pack.rules.grade_schemes.iter().find(|x| x.id == g.scheme) {
            out.insert(
                g.scheme.to_string(),
                gs.bands.iter().map(|b| b.level.to_string()).collect(),
            );
        }
    }
}

/// The name `xinyong batch --out STEM.EXT` gives a written file: `suffix` is an `OutFile`'s
/// (`""` for the main file, else e.g. `.details.csv`).
pub fn file_name(stem: &str, format: Format, suffix: &str) -> String {
    if suffix.is_empty() {
        format!("{stem}.{}", extension(format))
    } else {
        format!("{stem}{suffix}")
    }
}

pub fn extension(format: Format) -> &'static str {
    match format {
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
        Format::Jsonl => "jsonl",
    }
}

/// Media type for a download.
pub fn mime(format: Format) -> &'static str {
    match format {
        Format::Csv => "text/csv;charset=utf-8",
        Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format::Jsonl => "application/x-ndjson",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_cli() {
        assert_eq!(file_name("out", Format::Csv, ""), "out.csv");
        assert_eq!(
            file_name("out", Format::Csv, ".details.csv"),
            "out.details.csv"
        );
        assert_eq!(file_name("预审", Format::Xlsx, ""), "预审.xlsx");
        assert_eq!(
            file_name("r", Format::Jsonl, ".rejected.jsonl"),
            "r.rejected.jsonl"
        );
    }
}
