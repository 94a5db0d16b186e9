//! What the staff module keeps of the last screening for `report` and `export`, bounded.
//!
//! Wasm memory never shrinks: whatever a screening holds at its peak stays the worker's for the
//! life of the page. So no report is held. Per subject only its summary row (the JSON text the
//! `screened` reply is made of) and its input (the contract JSON it was evaluated from, one
//! string) are kept; a report is evaluated again when it is opened, and an export evaluates
//! each subject again as it writes it (crates/batch `write_each`). The engine is a pure
//! function of (input, pack, dates), and the screening's options are kept, so the report is the
//! one the screening computed. The file's bytes and each subject's parsed rows are dropped as
//! soon as they are used (crates/batch `screen_each`).
//!
//! Plain Rust (no JS), so native tests hold it to `xinyong_batch::screen` and `write_in`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::value::RawValue;
use xinyong_batch::{
    Counts, Format, Frame, HeaderUsed, Lang, Note, RejectedRow, SchemeInfo, SubjectResult,
};
use xinyong_core::pack::Pack;
use xinyong_core::{evaluate, input::parse_input, Options, PackChoice, Problem, Problems};
use xinyong_model::{Date, Input, Report};
use xinyong_protocol as wire;

/// Which pack judges the subjects (the owned form of `PackChoice`).
pub enum Judge {
    FromSubject,
    Builtin(String),
    Custom(Box<Pack>),
}

/// The options a screening ran with: kept, so a report evaluated again is the same report.
pub struct Run {
    pub as_of: Option<Date>,
    pub today: NaiveDate,
    pub judge: Judge,
}

impl Run {
    pub fn options(&self) -> Options<'_> {
        Options {
            as_of: self.as_of,
            today: self.today,
            pack: match &self.judge {
                Judge::FromSubject => PackChoice::FromSubject,
                Judge::Builtin(id) => PackChoice::Builtin(id),
                Judge::Custom(p) => PackChoice::Custom(p),
            },
        }
    }

    pub fn custom(&self) -> Option<&Pack> {
        match &self.judge {
            Judge::Custom(p) => Some(p),
            _ => None,
        }
    }
}

/// One subject, compact.
struct Kept {
    row: usize,
    rows: Box<[usize]>,
    rejected_rows: Box<[usize]>,
    /// Its row of the `screened` reply (`wire::Row`) as JSON text.
    summary: Box<RawValue>,
    /// The input it was evaluated from, as compact contract JSON.
    input: Box<str>,
}

/// The last screening.
pub struct Held {
    run: Run,
    subjects: Vec<Kept>,
    rejected: Vec<RejectedRow>,
    counts: Counts,
    notes: Vec<Note>,
    headers: Vec<HeaderUsed>,
    sheet: Option<String>,
    schemes: Vec<SchemeInfo>,
    levels: BTreeMap<String, Vec<String>>,
    /// The latest check date (the workbook's creation date).
    latest: Option<Date>,
}

/// What a screening holds, for tests and the benchmark page (`memory` request).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub subjects: usize,
    /// Reports held: always 0.
    pub reports: usize,
    /// Bytes of the summary rows, inputs and row lists held (not the allocator's overhead).
    pub bytes: usize,
}

fn internal(e: impl std::fmt::Display) -> Problems {
    Problems::one(Problem::new(
        "",
        None,
        format!("内部错误：再次评价时出错（{e}）"),
        format!("internal error: evaluating again failed ({e})"),
    ))
}

impl Held {
    /// Read `bytes` (dropped once read) and screen them, keeping the compact form of each
    /// result. `read_tick`/`screen_tick` report progress.
    pub fn screen(
        bytes: Vec<u8>,
        format: Format,
        run: Run,
        read_tick: &mut dyn FnMut(usize, usize),
        screen_tick: &mut dyn FnMut(usize, usize),
    ) -> Result<Held, Problems> {
        read_tick(0, 1);
        let batch = xinyong_batch::read(&bytes, format)?;
        drop(bytes);
        read_tick(1, 1);
        let mut subjects = Vec::with_capacity(batch.subjects.len());
        let mut schemes = Vec::new();
        let mut levels = BTreeMap::new();
        let mut latest = None;
        let mut failed = None;
        let s = xinyong_batch::screen_each(batch, &run.options(), screen_tick, &mut |r| {
            if failed.is_some() {
                return;
            }
            xinyong_batch::add_schemes(&mut schemes, &r.report);
            xinyong_batch::add_levels(&mut levels, &r.report, run.custom());
            latest = latest.max(Some(r.report.as_of));
            match keep(subjects.len(), r) {
                Ok(k) => subjects.push(k),
                Err(e) => failed = Some(e),
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        Ok(Held {
            run,
            subjects,
            rejected: s.rejected,
            counts: s.counts,
            notes: s.notes,
            headers: s.headers,
            sheet: s.sheet,
            schemes,
            levels,
            latest,
        })
    }

    pub fn len(&self) -> usize {
        self.subjects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty()
    }

    pub fn size(&self) -> Size {
        Size {
            subjects: self.subjects.len(),
            reports: 0,
            bytes: self
                .subjects
                .iter()
                .map(|k| {
                    std::mem::size_of::<Kept>()
                        + k.summary.get().len()
                        + k.input.len()
                        + (k.rows.len() + k.rejected_rows.len()) * std::mem::size_of::<usize>()
                })
                .sum(),
        }
    }

    /// The `screened` reply, its rows as held.
    pub fn screened(&self) -> wire::Screened<&RawValue> {
        let wire_note = |n: &Note| wire::ReaderNote {
            zh: n.zh.clone(),
            en: n.en.clone(),
        };
        let c = self.counts;
        wire::Screened {
            counts: wire::Counts {
                rows_read: c.rows_read,
                rows_used: c.rows_used,
                rows_rejected: c.rows_rejected,
                subjects: c.subjects,
                subjects_incomplete: c.subjects_incomplete,
                records_ignored: c.records_ignored,
            },
            schemes: self
                .schemes
                .iter()
                .map(|s| wire::Scheme {
                    id: s.id.clone(),
                    zh: s.zh.clone(),
                    en: s.en.clone(),
                })
                .collect(),
            levels: self.levels.clone(),
            rows: self.subjects.iter().map(|k| &*k.summary).collect(),
            // Columns named as the written rejected-rows file names them (the clerk's header).
            rejected: self
                .rejected
                .iter()
                .map(|r| wire::Rejected {
                    row: r.row,
                    column: xinyong_batch::write::column_label(&r.column, &self.headers),
                    value: r.value.clone(),
                    zh: r.zh.clone(),
                    en: r.en.clone(),
                })
                .collect(),
            notes: self.notes.iter().map(wire_note).collect(),
            sheet: self.sheet.clone(),
        }
    }

    /// The subject at `index` evaluated again: its report and input, as the screening had them.
    pub fn result(&self, index: usize) -> Option<Result<SubjectResult, Problems>> {
        self.subjects.get(index).map(|k| self.evaluate(k))
    }

    fn evaluate(&self, k: &Kept) -> Result<SubjectResult, Problems> {
        let input: Input = parse_input(&k.input).map_err(internal)?;
        let report: Report = evaluate(&input, &self.run.options()).map_err(internal)?;
        Ok(SubjectResult {
            row: k.row,
            rows: k.rows.to_vec(),
            rejected_rows: k.rejected_rows.to_vec(),
            report,
            input,
        })
    }

    /// The result files exactly as `xinyong batch --lang LANG` writes them, each subject
    /// evaluated again as it is written, each file written into a `W`.
    pub fn export<W: std::io::Write + Default>(
        &self,
        format: Format,
        lang: Lang,
    ) -> Result<Vec<(&'static str, W)>, String> {
        let columns = xinyong_batch::write::scheme_columns_of(self.schemes.clone());
        let frame = Frame {
            schemes: &columns,
            rejected: &self.rejected,
            headers: &self.headers,
            latest: self.latest,
        };
        xinyong_batch::write_each::<W>(&frame, format, lang, &mut |each| {
            for k in &self.subjects {
                let r = self.evaluate(k).map_err(|p| {
                    let p = &p.0[0];
                    format!("{} / {}", p.zh, p.en)
                })?;
                each(&r)?;
            }
            Ok(())
        })
    }
}

/// One row of the `screened` reply as it is held: the batch writers' summary, every field of it
/// (`SummaryRow`, flattened: no second list of its fields to keep up), with the subject's place
/// and rejected rows. In JSON it is a `wire::Row`; tests/held.rs holds the two to the same fields.
#[derive(serde::Serialize)]
struct HeldRow<'a> {
    index: usize,
    #[serde(flatten)]
    summary: xinyong_batch::SummaryRow,
    #[serde(skip_serializing_if = "<[usize]>::is_empty")]
    rejected_rows: &'a [usize],
}

/// The compact form of one result.
fn keep(index: usize, r: SubjectResult) -> Result<Kept, Problems> {
    let summary = serde_json::value::to_raw_value(&HeldRow {
        index,
        summary: xinyong_batch::write::summary(&r.report, r.row, &r.rejected_rows),
        rejected_rows: &r.rejected_rows,
    })
    .map_err(internal)?;
    Ok(Kept {
        row: r.row,
        rows: r.rows.into_boxed_slice(),
        summary,
        rejected_rows: r.rejected_rows.into_boxed_slice(),
        input: xinyong_core::json_write::to_json(&r.input).into_boxed_str(),
    })
}
