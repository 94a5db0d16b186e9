//! Screening: validate and evaluate every subject of a batch. A bad record row is set aside and
//! the subject is evaluated on its other rows, but marked incomplete, because a dropped adverse
//! record could otherwise make a subject look better than it is.

use serde::Serialize;
use serde_json::Value;
use xinyong_core::pack::{builtin, Pack};
use xinyong_core::{evaluate, input::parse_input, vocab, Options, PackChoice, Problem};
use xinyong_model::{Input, RepairStatus, Report};

use crate::read::{subject_column, Batch, HeaderUsed, Note, RejectedRow, SubjectEntry};

#[derive(Clone, Debug, Serialize)]
pub struct SubjectResult {
    /// First spreadsheet row (or JSONL line) of the subject.
    pub row: usize,
    /// Rows that fed the report.
    pub rows: Vec<usize>,
    /// Rows of this subject that were rejected: the report is incomplete when non-empty.
    pub rejected_rows: Vec<usize>,
    pub report: Report,
    /// The subject document the report was computed from (records with their dates, which a
    /// report does not repeat). Not written to any output file: it holds the full id.
    #[serde(skip)]
    pub input: Input,
}

/// Rows read = rows used + rows rejected, always.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub rows_read: usize,
    pub rows_used: usize,
    pub rows_rejected: usize,
    pub subjects: usize,
    pub subjects_incomplete: usize,
    /// Records used by no rule of the subject's pack (each report's `ignored`): counted in their
    /// own summary column, never passed off as used.
    pub records_ignored: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Screening {
    pub results: Vec<SubjectResult>,
    pub rejected: Vec<RejectedRow>,
    pub counts: Counts,
    /// What the reader did that the clerk should know about (sheet read, columns ignored…).
    pub notes: Vec<Note>,
    /// The columns read, as the clerk headed them (empty for JSONL).
    pub headers: Vec<HeaderUsed>,
    /// The workbook sheet read.
    pub sheet: Option<String>,
}

/// Evaluate every subject; `progress(done, total)` is called after each one.
pub fn screen(batch: Batch, opts: &Options, progress: &mut dyn FnMut(usize, usize)) -> Screening {
    let mut results = Vec::with_capacity(batch.subjects.len());
    let mut s = screen_each(batch, opts, progress, &mut |r| results.push(r));
    s.results = results;
    s
}

/// [`screen`] handing each subject's result to `each` as soon as it is evaluated instead of
/// collecting them (the staff worker keeps a compact form of each): the screening returned has
/// no `results`, and its counts are those of every result handed over. Each subject's parsed
/// rows are dropped once it is evaluated.
pub fn screen_each(
    batch: Batch,
    opts: &Options,
    progress: &mut dyn FnMut(usize, usize),
    each: &mut dyn FnMut(SubjectResult),
) -> Screening {
    let (subjects, mut rejected, reader) = batch.split();
    let total = subjects.len();
    let mut tally = Tally::default();
    // Record rows of a sheet can be set aside one by one; a JSONL line is a whole subject.
    let table = !reader.headers.is_empty();
    for (n, entry) in subjects.into_iter().enumerate() {
        if let Some(r) = screen_one(entry, opts, table, &mut rejected) {
            tally.add(&r);
            each(r);
        }
        progress(n + 1, total);
    }
    tally.screening(Vec::new(), rejected, reader)
}

/// What the reader said about the batch: its rows read, and the notes, headers and sheet a
/// screening repeats.
pub(crate) struct Reader {
    pub rows_read: usize,
    pub notes: Vec<Note>,
    pub headers: Vec<HeaderUsed>,
    pub sheet: Option<String>,
}

impl Batch {
    /// The subjects, the rows refused while reading, and the rest.
    pub(crate) fn split(self) -> (Vec<SubjectEntry>, Vec<RejectedRow>, Reader) {
        let reader = Reader {
            rows_read: self.rows_read,
            notes: self.notes,
            headers: self.headers,
            sheet: self.sheet,
        };
        (self.subjects, self.rejected, reader)
    }
}

/// What the counts take from each result.
#[derive(Default)]
struct Tally {
    rows_used: usize,
    subjects: usize,
    subjects_incomplete: usize,
    records_ignored: usize,
}

impl Tally {
    fn add(&mut self, r: &SubjectResult) {
        self.rows_used += r.rows.len();
        self.subjects += 1;
        self.subjects_incomplete += usize::from(!r.rejected_rows.is_empty());
        self.records_ignored += r.report.ignored.len();
    }

    /// The screening of these counts, `results` and rejected rows in batch order, with what
    /// the reader said about the file it came from.
    fn screening(
        self,
        results: Vec<SubjectResult>,
        mut rejected: Vec<RejectedRow>,
        reader: Reader,
    ) -> Screening {
        let mut rejected_rows: Vec<usize> = rejected.iter().map(|r| r.row).collect();
        rejected_rows.sort_unstable();
        rejected_rows.dedup();
        let counts = Counts {
            rows_read: reader.rows_read,
            rows_used: self.rows_used,
            rows_rejected: rejected_rows.len(),
            subjects: self.subjects,
            subjects_incomplete: self.subjects_incomplete,
            records_ignored: self.records_ignored,
        };
        rejected.sort_by_key(|r| r.row);
        Screening {
            results,
            rejected,
            counts,
            notes: reader.notes,
            headers: reader.headers,
            sheet: reader.sheet,
        }
    }
}

/// The screening from its results and rejected rows in batch order, with what the reader said
/// about the file it came from.
pub(crate) fn assemble(
    results: Vec<SubjectResult>,
    rejected: Vec<RejectedRow>,
    reader: Reader,
) -> Screening {
    let mut tally = Tally::default();
    for r in &results {
        tally.add(r);
    }
    tally.screening(results, rejected, reader)
}

fn reject(
    rows: &[usize],
    p: &Problem,
    column: &str,
    typed: Option<&Value>,
    out: &mut Vec<RejectedRow>,
) {
    // Show the value as the clerk typed it: the cell when we have it, else the problem's own.
    let value = match typed {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => p
            .value
            .clone()
            .unwrap_or_default()
            .trim_matches('"')
            .to_string(),
    };
    for &row in rows {
        out.push(RejectedRow {
            row,
            column: column.into(),
            value: value.clone(),
            zh: p.zh.clone(),
            en: p.en.clone(),
        });
    }
}

/// Which record a problem path points at (`records[3].date` → 3).
fn record_index(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("records[")?;
    rest.split(']').next()?.parse().ok()
}

fn column_of(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("subject.") {
        return subject_column(rest.split('.').next().unwrap_or(rest)).to_string();
    }
    match path.split_once("].") {
        Some((_, field)) => match field.split('.').next().unwrap_or(field) {
            "id" => "record_id".into(),
            "type" => "record_type".into(),
            f => f.into(),
        },
        None if path.starts_with("records[") => "record".into(),
        None => path.to_string(),
    }
}

/// The pack that will judge a subject document, as `choose_pack` will pick it.
fn pack_of<'a>(doc: &Value, choice: PackChoice<'a>) -> Option<&'a Pack> {
    match choice {
        PackChoice::Custom(p) => Some(p),
        PackChoice::Builtin(id) => builtin(id).ok(),
        PackChoice::FromSubject => builtin(
            doc.pointer("/subject/region")
                .and_then(Value::as_str)
                .unwrap_or("national"),
        )
        .ok(),
    }
}

/// Record types as a clerk types them (the widget's labels, 驾驶员违法违规计分, short forms) in the
/// contract's spelling, read against the judging pack's catalogue (`vocab::record_type`). In a
/// sheet, a record whose type the catalogue does not hold is set aside as a rejected row: the
/// engine would list it as ignored and the subject would look complete without it.
fn record_types(
    e: &mut SubjectEntry,
    opts: &Options,
    table: bool,
    own_rejected: &mut Vec<usize>,
    out: &mut Vec<RejectedRow>,
) {
    // A JSONL line is contract JSON already, read exactly as `xinyong check` reads it.
    if !table {
        return;
    }
    let Some(pack) = pack_of(&e.doc, opts.pack) else {
        return;
    };
    let cat = &pack.rules.catalogue;
    let Some(records) = e.doc.get_mut("records").and_then(Value::as_array_mut) else {
        return;
    };
    let mut drop = Vec::new();
    for (i, r) in records.iter_mut().enumerate() {
        let Some(t) = r.get("type").and_then(Value::as_str).map(str::to_string) else {
            continue;
        };
        match vocab::record_type(&t, cat) {
            Some(kind) => {
                if let Some(obj) = r.as_object_mut() {
                    obj.insert("type".into(), Value::String(kind));
                }
            }
            None => {
                let known: Vec<String> = cat.iter().map(|c| c.zh.to_string()).collect();
                out.push(RejectedRow {
                    row: e.record_rows.get(i).copied().unwrap_or(e.first_row),
                    column: "record_type".into(),
                    value: t.clone(),
                    zh: format!(
                        "记录类型“{t}”不在规则包 {} 的信用信息目录中，无法判断其影响（可用：{}）",
                        pack.meta.id,
                        known.join("、")
                    ),
                    en: format!(
                        "record type \"{t}\" is not in the catalogue of pack {}, so its effect cannot be judged (allowed: {})",
                        pack.meta.id,
                        cat.iter().map(|c| c.kind.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                });
                drop.push(i);
            }
        }
    }
    for &i in drop.iter().rev() {
        records.remove(i);
        let row = e.record_rows.remove(i);
        if let Some(pos) = e.rows.iter().position(|&r| r == row) {
            e.rows.remove(pos);
        }
        own_rejected.push(row);
    }
}

/// One subject: its result, or `None` when none of its rows could be used; rejected rows go to
/// `out`. (Also the step a streamed screening runs per subject: crate::stream.)
pub(crate) fn screen_one(
    mut e: SubjectEntry,
    opts: &Options,
    table: bool,
    out: &mut Vec<RejectedRow>,
) -> Option<SubjectResult> {
    let mut own_rejected = std::mem::take(&mut e.rejected_rows);
    record_types(&mut e, opts, table, &mut own_rejected, out);
    if e.rows.is_empty() {
        return None;
    }
    // Each round removes at least one record or gives up on the subject, so it ends.
    loop {
        let text = e.doc.to_string();
        let evaluated = parse_input(&text)
            .and_then(|input| evaluate(&input, opts).map(|report| (input, report)));
        let problems = match evaluated {
            Ok((input, report)) => {
                own_rejected.sort_unstable();
                own_rejected.dedup();
                return Some(SubjectResult {
                    row: e.first_row,
                    rows: e.rows,
                    rejected_rows: own_rejected,
                    report,
                    input,
                });
            }
            Err(p) => p,
        };
        let mut drop: Vec<usize> = Vec::new();
        for p in &problems.0 {
            match record_index(&p.path) {
                Some(i) if i < e.record_rows.len() => {
                    let column = column_of(&p.path);
                    let typed = e.doc.pointer(&format!(
                        "/records/{i}/{}",
                        p.path.split("].").nth(1).unwrap_or("")
                    ));
                    reject(&e.record_rows[i..=i], p, &column, typed, out);
                    drop.push(i);
                }
                _ => {
                    // A subject-level problem: none of its rows can be used.
                    let column = column_of(&p.path);
                    let typed = p
                        .path
                        .strip_prefix("subject.")
                        .filter(|k| *k != "id")
                        .and_then(|k| e.doc.pointer(&format!("/subject/{k}")));
                    reject(&e.rows, p, &column, typed, out);
                    return None;
                }
            }
        }
        drop.sort_unstable();
        drop.dedup();
        let records = e.doc.get_mut("records").and_then(Value::as_array_mut)?;
        for &i in drop.iter().rev() {
            if i < records.len() {
                records.remove(i);
            }
            let row = e.record_rows.remove(i);
            // A row that carried only this record no longer feeds the subject.
            if let Some(pos) = e.rows.iter().position(|&r| r == row) {
                e.rows.remove(pos);
            }
            own_rejected.push(row);
        }
        if e.rows.is_empty() {
            return None;
        }
    }
}

/// Earliest day an open adverse record can be repaired (a summary column).
pub fn earliest_repair(r: &Report) -> Option<xinyong_model::Date> {
    r.repairs
        .iter()
        .filter(|p| {
            matches!(
                p.status,
                RepairStatus::InMinPeriod
                    | RepairStatus::ConditionsUnmet
                    | RepairStatus::Repairable
            )
        })
        .filter_map(|p| p.repairable_from)
        .min()
}
