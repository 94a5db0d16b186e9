//! Printable letters (e.g. 信用修复提示函) filled from a report. The templates are pack data;
//! this module only substitutes placeholders, so no wording lives in code.

use xinyong_model::{Repair, Report};

use crate::pack::{Letter, Pack};

/// Placeholders a template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "subject_name",
    "id_masked",
    "record_id",
    "as_of",
    "publicity_min_end",
    "publicity_max_end",
    "repairable_from",
    "status",
    "apply_to",
    "apply_url",
    "expected_completion",
    "conditions",
    "documents",
    "pack",
    "regime",
];

/// Ok, or the first unknown placeholder.
pub fn check_template(t: &str) -> Result<(), String> {
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i + 1..];
        let Some(j) = tail.find('}') else {
            return Err(tail.chars().take(20).collect());
        };
        let name = &tail[..j];
        if !PLACEHOLDERS.contains(&name) {
            return Err(name.to_string());
        }
        rest = &tail[j + 1..];
    }
    Ok(())
}

/// A filled letter, as plain text; the caller escapes it for HTML.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FilledLetter {
    pub id: String,
    pub record_id: String,
    pub title: String,
    pub body: String,
}

/// Fill `letter` for one repair entry of `report`, in Chinese (`en = false`) or English.
pub fn fill(letter: &Letter, report: &Report, repair: &Repair, en: bool) -> FilledLetter {
    let d = |x: Option<xinyong_model::Date>| x.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    let list = |v: Vec<String>| {
        v.iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {s}", i + 1))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let conditions = list(
        repair
            .conditions
            .iter()
            .map(|c| {
                if en {
                    c.en.to_string()
                } else {
                    c.zh.to_string()
                }
            })
            .collect(),
    );
    let documents = list(repair.documents.iter().map(|d| d.to_string()).collect());
    let (apply_to, apply_url) = match &repair.apply_to {
        Some(c) => (
            if en {
                c.en.to_string()
            } else {
                c.zh.to_string()
            },
            c.url.to_string(),
        ),
        None => ("—".into(), "—".into()),
    };
    let template = if en { &letter.body_en } else { &letter.body_zh };
    let mut body = String::with_capacity(template.len() + 256);
    let mut rest = template.as_str();
    while let Some(i) = rest.find('{') {
        body.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        let Some(j) = tail.find('}') else {
            body.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let v = match &tail[..j] {
            "subject_name" => report.subject.name.clone(),
            "id_masked" => report.subject.id_masked.clone(),
            "record_id" => repair.record_id.clone(),
            "as_of" => report.as_of.to_string(),
            "publicity_min_end" => d(repair.publicity_min_end),
            "publicity_max_end" => d(repair.publicity_max_end),
            "repairable_from" => d(repair.repairable_from),
            "status" => repair.status.label(en).to_string(),
            "apply_to" => apply_to.clone(),
            "apply_url" => apply_url.clone(),
            "expected_completion" => d(repair.expected_completion),
            "conditions" => conditions.clone(),
            "documents" => documents.clone(),
            "pack" => report.pack.id.to_string(),
            // The rules that judged this record, else those in force on the check date.
            "regime" => {
                let r = repair.regime.as_ref().unwrap_or(&report.regime);
                if en {
                    r.en.to_string()
                } else {
                    r.zh.to_string()
                }
            }
            other => format!("{{{other}}}"),
        };
        body.push_str(&v);
        rest = &tail[j + 1..];
    }
    body.push_str(rest);
    FilledLetter {
        id: letter.id.to_string(),
        record_id: repair.record_id.clone(),
        title: if en {
            letter.en.to_string()
        } else {
            letter.zh.to_string()
        },
        body,
    }
}

/// Every letter the report's repair entries name (`repairs[].letters`), filled, in repair
/// order. `pack` must be the pack that made the report (`report.pack.id`); letters it does
/// not define are skipped.
pub fn fill_report(pack: &Pack, report: &Report, en: bool) -> Vec<FilledLetter> {
    report
        .repairs
        .iter()
        .flat_map(|r| r.letters.iter().map(move |id| (r, id)))
        .filter_map(|(r, id)| {
            let letter = pack.rules.letters.iter().find(|l| l.id == *id)?;
            Some(fill(letter, report, r, en))
        })
        .collect()
}
