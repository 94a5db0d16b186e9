//! The staff worker protocol, declared once for both sides: the widget (`web/src/worker.rs`,
//! `staff.rs`, `staff_table.rs`, `inquiry.rs`) decodes these messages, the staff module
//! (`crates/staff`, run by `web/static/xinyong-staff-worker.js`) writes them. The message
//! kinds, their fields and the request flow are documented at the top of the worker script.
//!
//! Plain data with serde's derives (each side instantiates only the half it uses: the worker
//! serializes, the widget deserializes) and the few reads of it both need (a count that
//! reconciles, a scheme's verdict, a level's rank). No wasm dependencies, so native tests
//! cover it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use xinyong_core::Problem;

/// The one error shape of every JS surface: what the headless API (`xinyong-api.js`) throws,
/// what the staff module throws, the worker's `error` reply (plus the request's `id`) and the
/// widget's `xinyong-error` event: `{ code, zh, en, problems: [{ path, value, zh, en }] }`.
/// `zh`/`en` is the first problem with its path, ready to show; `problems` lists every one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Error {
    pub code: String,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub problems: Vec<Problem>,
}

/// One problem as a line to show: its path before the message.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub zh: String,
    pub en: String,
}

fn with_path(path: &str, msg: &str, sep: &str) -> String {
    if path.is_empty() {
        msg.to_string()
    } else {
        format!("{path}{sep}{msg}")
    }
}

impl Error {
    /// An error without problems (the worker could not start, a request could not be sent).
    pub fn new(code: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Error {
            code: code.into(),
            zh: zh.into(),
            en: en.into(),
            problems: Vec::new(),
        }
    }

    /// `code` with `problems`; the message is the first problem, its path before it.
    pub fn of(code: &str, problems: Vec<Problem>) -> Self {
        let first = problems.first();
        Error {
            code: code.into(),
            zh: first
                .map(|p| with_path(&p.path, &p.zh, "："))
                .unwrap_or_default(),
            en: first
                .map(|p| with_path(&p.path, &p.en, ": "))
                .unwrap_or_default(),
            problems,
        }
    }

    /// A reply that does not have the shape the protocol promises: a bug, said plainly.
    pub fn protocol(what: &str, err: impl std::fmt::Display) -> Self {
        Error::new(
            "worker_protocol",
            format!("预审模块的回复无法识别（{what}）：{err}"),
            format!("The staff module's reply could not be read ({what}): {err}"),
        )
    }

    /// Every problem as a line to show, its path before it.
    pub fn details(&self) -> Vec<Line> {
        self.problems
            .iter()
            .map(|p| Line {
                zh: with_path(&p.path, &p.zh, "："),
                en: with_path(&p.path, &p.en, ": "),
            })
            .collect()
    }
}

/// `{phase, done, total}` of a `progress` reply (`total` may be absent while a download's size
/// is unknown).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub phase: String,
    pub done: f64,
    pub total: Option<f64>,
}

/// Options of a `screen` request, as the worker hands them to the staff module.
#[derive(Default, xinyong_json::FromJson)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScreenOptions {
    /// Check date `YYYY-MM-DD`; default: each row's `as_of`, then today in China.
    pub as_of: Option<String>,
    /// Built-in pack id that judges every subject (the CLI's `--pack`).
    pub region: Option<String>,
    /// A portal's own pack as JSON text.
    pub pack_json: Option<String>,
    /// "Today" override `YYYY-MM-DD` (tests, reproducible runs).
    pub today: Option<String>,
}

/// `counts` of a `screened` message (crates/batch `Counts`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub rows_read: usize,
    pub rows_used: usize,
    pub rows_rejected: usize,
    pub subjects: usize,
    pub subjects_incomplete: usize,
    /// Records used by no rule of their subject's pack.
    #[serde(default)]
    pub records_ignored: usize,
}

impl Counts {
    /// Rows read = rows used + rows rejected: the batch crate's invariant, shown to staff.
    pub fn reconciles(&self) -> bool {
        self.rows_read == self.rows_used + self.rows_rejected
    }
}

/// A commitment scheme met in the batch (crates/batch `SchemeInfo`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scheme {
    pub id: String,
    pub zh: String,
    pub en: String,
}

/// One subject: crates/batch `SummaryRow` plus `index`, its position for a `report` request,
/// and the subject's rejected rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub index: usize,
    pub row: usize,
    pub id_masked: String,
    pub name: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub pack: String,
    #[serde(default)]
    pub grade_scheme: String,
    /// The grade in force (official result, legal default or the projection).
    #[serde(default)]
    pub level: String,
    /// Where `level` comes from: `official`, `default` or `computed`.
    #[serde(default)]
    pub level_source: String,
    /// The score computed from the records.
    pub score: Option<f64>,
    /// Per commitment scheme id: eligible?
    #[serde(default)]
    pub commitments: Vec<(String, bool)>,
    /// The schemes among `commitments` whose eligibility is conditional (the report's
    /// `assumed`): never shown as a plain "yes".
    #[serde(default)]
    pub conditional: Vec<String>,
    pub earliest_repair: Option<String>,
    #[serde(default)]
    pub warnings: usize,
    #[serde(default)]
    pub supervision: String,
    pub complete: bool,
    #[serde(default)]
    pub note: String,
    /// Records no rule of the pack used (the report's `ignored`).
    #[serde(default)]
    pub ignored: usize,
    /// Rows of this subject that were rejected (absent when none): the report view says which
    /// rows the result lacks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_rows: Vec<usize>,
}

/// What the table shows for a commitment scheme, best first (the sort order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Yes,
    /// Eligible as long as what the report assumed holds (its `assumed`, e.g. a grade still in
    /// force): a plain "yes" would read as unconditional (the exports write the same,
    /// crates/batch `write::CONDITIONAL`).
    Conditional,
    /// Eligible on the rows read, but the subject lost a row (待核): the row set aside may be
    /// the adverse record that closes the scheme, so it is never shown as a plain "yes" (the
    /// exports write the same, crates/batch `write_in`).
    Unverified,
    No,
}

impl Row {
    /// `Some(eligible)` for a scheme this subject was judged under, `None` when the scheme
    /// does not apply to it (the written summary leaves that cell empty).
    pub fn eligible(&self, scheme: &str) -> Option<bool> {
        self.commitments
            .iter()
            .find(|(s, _)| s == scheme)
            .map(|(_, e)| *e)
    }

    /// The scheme's cell: "yes" only for a complete subject whose eligibility rests on no
    /// assumption; an incomplete one's is unverified, before conditional.
    pub fn verdict(&self, scheme: &str) -> Option<Verdict> {
        self.eligible(scheme).map(|e| match (e, self.complete) {
            (false, _) => Verdict::No,
            (true, true) if self.conditional.iter().any(|c| c == scheme) => Verdict::Conditional,
            (true, true) => Verdict::Yes,
            (true, false) => Verdict::Unverified,
        })
    }
}

/// crates/batch `Note`: something the reader did that staff should know about (the sheet
/// read, title rows skipped, columns ignored, subject cells carried down).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReaderNote {
    pub zh: String,
    pub en: String,
}

/// crates/batch `RejectedRow`, its column named as the clerk's header names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rejected {
    pub row: usize,
    pub column: String,
    #[serde(default)]
    pub value: String,
    pub zh: String,
    pub en: String,
}

/// A `screened` message. `R` is how a row is held: the widget reads [`Row`]s, the staff module
/// writes rows it keeps as JSON text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Screened<R = Row> {
    pub counts: Counts,
    /// Commitment schemes met, first-seen order (the CLI's columns).
    pub schemes: Vec<Scheme>,
    /// Per grade scheme id, its levels best → worst.
    pub levels: BTreeMap<String, Vec<String>>,
    pub rows: Vec<R>,
    pub rejected: Vec<Rejected>,
    /// The reader's notes (sheet read, title rows skipped, columns ignored, cells carried down).
    #[serde(default)]
    pub notes: Vec<ReaderNote>,
    /// The workbook sheet read (`None` for CSV and JSONL).
    #[serde(default)]
    pub sheet: Option<String>,
}

impl<R> Screened<R> {
    /// Position of `level` in `scheme`'s levels (0 = best); `None` when unknown.
    pub fn rank(&self, scheme: &str, level: &str) -> Option<usize> {
        self.levels.get(scheme)?.iter().position(|l| l == level)
    }

    /// Every level label of the batch, best first, for the "grade below" choice: the schemes'
    /// lists merged so each keeps its order (AAA·AA·A·B and AA·A·B·C·D give AAA·AA·A·B·C·D).
    pub fn level_options(&self) -> Vec<String> {
        let mut lists: Vec<&Vec<String>> = self.levels.values().collect();
        lists.sort_by_key(|l| std::cmp::Reverse(l.len()));
        let mut out: Vec<String> = Vec::new();
        for list in lists {
            for (i, lv) in list.iter().enumerate() {
                if out.contains(lv) {
                    continue;
                }
                // Before the next label of this list already placed, else at the end.
                let at = list[i + 1..]
                    .iter()
                    .find_map(|next| out.iter().position(|o| o == next))
                    .unwrap_or(out.len());
                out.insert(at, lv.clone());
            }
        }
        out
    }
}

/// `meta` of a `dataset` reply.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub published_on: Option<String>,
    #[serde(default)]
    pub basis: String,
}

/// A `dataset` reply: the dataset indexed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    pub meta: Meta,
    /// Subjects indexed.
    pub subjects: usize,
    /// CSV rows of the dataset that could not be used.
    #[serde(default)]
    pub rejected: usize,
}

/// One search hit (crates/inquiry `HitRow`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub index: usize,
    pub name: String,
    pub id_masked: String,
    pub kind: String,
    pub records: usize,
    #[serde(rename = "match")]
    pub matched: String,
}

/// A `hits` reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hits {
    pub hits: Vec<Hit>,
}

/// A `memory` reply: what the staff module holds (diagnostics for tests and the benchmark).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// Size of the module's linear memory (it grows, never shrinks).
    pub wasm_bytes: f64,
    /// Subjects of the last screening kept for `report` and `export`.
    pub subjects: usize,
    /// Contract reports held (0: a report is evaluated again when it is asked for).
    pub reports: usize,
    /// Bytes held for the last screening: its summary rows and inputs, in compact form.
    pub held_bytes: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_message_is_the_first_problem_with_its_path() {
        let e = Error::of(
            "invalid_file",
            vec![
                Problem::new("FILE", None, "坏", "bad"),
                Problem::new("", None, "二", "two"),
            ],
        );
        assert_eq!((e.zh.as_str(), e.en.as_str()), ("FILE：坏", "FILE: bad"));
        let lines = e.details();
        assert_eq!(lines[1].en, "two");
        assert_eq!(Error::of("x", vec![]).zh, "");
    }
}
