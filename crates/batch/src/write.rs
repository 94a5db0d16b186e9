//! Results: one summary row per subject, a detail sheet (every repair and every reason a scheme
//! is closed), and the rejected rows. XLSX carries all three as sheets; CSV and JSONL write the
//! summary to the named file and the other two beside it.

use serde::{Deserialize, Serialize};
use xinyong_core::vocab::{self, Lang};
use xinyong_model::Report;

use crate::columns::{template_header, COLUMNS};
use crate::read::{Format, HeaderUsed, RejectedRow};
use crate::screen::{earliest_repair, Screening, SubjectResult};

/// A written file: a suffix to add to the output name ("" for the main file) and its bytes.
pub struct OutFile {
    pub suffix: &'static str,
    pub bytes: Vec<u8>,
}

// Deserialize: the streamed CSV summary is spilled to disk as these rows (crate::stream).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SummaryRow {
    pub row: usize,
    pub id_masked: String,
    pub name: String,
    pub industry: String,
    pub pack: String,
    pub grade_scheme: String,
    /// The grade in force (official result, legal default or the projection).
    pub level: String,
    /// Where `level` comes from: `official`, `default` or `computed`.
    pub level_source: String,
    /// The score computed from the records.
    pub score: Option<f64>,
    /// Per commitment scheme id: eligible?
    pub commitments: Vec<(String, bool)>,
    /// The schemes among `commitments` whose eligibility is conditional: the report marks it
    /// `assumed` (it rests on an assumption the pack states, e.g. a grade still in force). Such
    /// a "yes" is written as conditional, never as a plain yes.
    #[serde(default)]
    pub conditional: Vec<String>,
    pub earliest_repair: Option<String>,
    pub warnings: usize,
    pub supervision: String,
    pub complete: bool,
    pub note: String,
    /// Records no rule of the pack used (the report's `ignored`).
    pub ignored: usize,
}

pub fn summary(r: &Report, row: usize, rejected_rows: &[usize]) -> SummaryRow {
    let g = r.grades.iter().find(|g| g.primary).or(r.grades.first());
    let mut notes = Vec::new();
    if !rejected_rows.is_empty() {
        let list: Vec<String> = rejected_rows.iter().map(usize::to_string).collect();
        notes.push(format!(
            "第 {} 行被拒绝，结果不完整 / rows {} rejected: incomplete",
            list.join("、"),
            list.join(", ")
        ));
    }
    if !r.ignored.is_empty() {
        let ids: Vec<&str> = r.ignored.iter().map(|i| i.record_id.as_str()).collect();
        notes.push(format!(
            "记录 {} 未被任何规则使用 / records {} used by no rule",
            ids.join("、"),
            ids.join(", ")
        ));
    }
    let note = notes.join("；");
    SummaryRow {
        row,
        id_masked: r.subject.id_masked.clone(),
        name: r.subject.name.clone(),
        industry: r
            .subject
            .industry
            .map(|i| i.to_string())
            .unwrap_or_default(),
        pack: r.pack.id.to_string(),
        grade_scheme: g.map(|g| g.scheme.to_string()).unwrap_or_default(),
        level: g.map(|g| g.in_force.level.to_string()).unwrap_or_default(),
        level_source: g.map(|g| g.in_force.source.to_string()).unwrap_or_default(),
        score: g.map(|g| g.score),
        commitments: r
            .commitments
            .iter()
            .map(|c| (c.scheme.to_string(), c.eligible))
            .collect(),
        conditional: r
            .commitments
            .iter()
            .filter(|c| c.eligible && c.assumed)
            .map(|c| c.scheme.to_string())
            .collect(),
        earliest_repair: earliest_repair(r).map(|d| d.to_string()),
        warnings: r.warnings.len(),
        supervision: r
            .supervision
            .as_ref()
            .map(|s| s.class.to_string())
            .unwrap_or_default(),
        complete: rejected_rows.is_empty(),
        note,
        ignored: r.ignored.len(),
    }
}

/// Where a grade in force comes from, in words.
fn level_source(source: &str, lang: Lang) -> String {
    match source {
        "official" => lang.t("正式评价结果", "official result"),
        "default" => lang.t("法定默认", "legal default"),
        "computed" => lang.t("按记录推算", "computed from the records"),
        s => s,
    }
    .to_string()
}

/// A commitment cell whose "yes" is conditional (the report's `assumed`), in Chinese and English:
/// the staff table says the same (crates/protocol `Verdict::Conditional`).
pub const CONDITIONAL: (&str, &str) = ("有条件（见明细）", "conditional (see details)");

fn yes_no(b: bool, lang: Lang) -> String {
    vocab::label(vocab::YES_NO, if b { "true" } else { "false" }, lang).to_string()
}

/// Commitment scheme columns: every scheme met in the batch, in first-seen order.
fn scheme_columns(s: &Screening) -> Vec<(String, String)> {
    scheme_columns_of(crate::view::commitment_schemes(s))
}

/// The (id, Chinese name) a summary column is made of, per scheme.
pub fn scheme_columns_of(schemes: Vec<crate::view::SchemeInfo>) -> Vec<(String, String)> {
    schemes.into_iter().map(|c| (c.id, c.zh)).collect()
}

#[cfg(test)]
fn summary_table(s: &Screening, lang: Lang) -> (Vec<String>, Vec<Vec<Cell>>) {
    let schemes = scheme_columns(s);
    let header = summary_header(&schemes);
    let rows = s
        .results
        .iter()
        .map(|res| {
            summary_cells(
                summary(&res.report, res.row, &res.rejected_rows),
                &schemes,
                lang,
                supervision_zh(&res.report),
            )
        })
        .collect();
    (header, rows)
}

/// The summary's header for these commitment scheme columns (id, Chinese name).
pub fn summary_header(schemes: &[(String, String)]) -> Vec<String> {
    let mut header: Vec<String> = [
        "行号(row)",
        "证件号码脱敏(id_masked)",
        "名称(name)",
        "行业(industry)",
        "规则包(pack)",
        "评价方案(grade_scheme)",
        "适用等级(level)",
        "等级来源(level_source)",
        "推算分数(score)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(schemes.iter().map(|(id, zh)| format!("{zh}({id})")));
    header.extend(
        [
            "最早可修复日期(earliest_repair)",
            "提示数(warnings)",
            "监管类别(supervision)",
            "完整(complete)",
            "未使用的记录数(ignored)",
            "备注(note)",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    header
}

/// One subject's summary row under these scheme columns, its values in `lang`;
/// `supervision_zh` is the report's Chinese name of the supervision class.
fn summary_cells(
    sm: SummaryRow,
    schemes: &[(String, String)],
    lang: Lang,
    supervision_zh: &str,
) -> Vec<Cell> {
    let mut row = vec![
        Cell::Num(sm.row as f64),
        Cell::Text(sm.id_masked),
        Cell::Text(sm.name),
        Cell::Text(vocab::label(vocab::INDUSTRIES, &sm.industry, lang).to_string()),
        Cell::Text(sm.pack),
        Cell::Text(sm.grade_scheme),
        Cell::Text(sm.level),
        Cell::Text(level_source(&sm.level_source, lang)),
        sm.score.map_or(Cell::Text(String::new()), Cell::Num),
    ];
    for (id, _) in schemes {
        row.push(Cell::Text(
            match sm.commitments.iter().find(|(s, _)| s == id) {
                // A subject that lost a row is never written as eligible: the row set
                // aside may be the one that closes the scheme.
                Some((_, true)) if !sm.complete => lang
                    .t("待核（有被拒绝的行）", "unverified (rows rejected)")
                    .into(),
                // Eligible only as long as what the report assumed holds: never a plain yes,
                // which a clerk reads as unconditional.
                Some((_, true)) if sm.conditional.contains(id) => {
                    lang.t(CONDITIONAL.0, CONDITIONAL.1).into()
                }
                Some((_, e)) => yes_no(*e, lang),
                None => String::new(),
            },
        ));
    }
    row.push(Cell::Text(sm.earliest_repair.unwrap_or_default()));
    row.push(Cell::Num(sm.warnings as f64));
    row.push(Cell::Text(match lang {
        Lang::Zh if !supervision_zh.is_empty() => supervision_zh.to_string(),
        _ => sm.supervision,
    }));
    row.push(Cell::Text(yes_no(sm.complete, lang)));
    row.push(Cell::Num(sm.ignored as f64));
    row.push(Cell::Text(sm.note));
    row
}

/// The report's Chinese name of its supervision class ("" when it has none).
pub fn supervision_zh(r: &Report) -> &str {
    r.supervision.as_ref().map_or("", |s| s.zh.as_str())
}

#[cfg(test)]
fn detail_table(s: &Screening, lang: Lang) -> (Vec<String>, Vec<Vec<Cell>>) {
    (
        detail_header(),
        s.results
            .iter()
            .flat_map(|r| detail_cells(r, lang))
            .collect(),
    )
}

pub fn detail_header() -> Vec<String> {
    [
        "行号(row)",
        "证件号码脱敏(id_masked)",
        "类别(kind)",
        "记录编号(record_id)",
        "方案或状态(scheme_or_status)",
        "等级(tier)",
        "最短公示期届满(publicity_min_end)",
        "可申请修复(repairable_from)",
        "最长公示期届满(publicity_max_end)",
        "预计办结(expected_completion)",
        "可用日期(eligible_from)",
        "说明(zh)",
        "规则(rule)",
        "依据(basis)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// One subject's detail rows: every repair, then every reason a scheme is closed, then what
/// every conditional "yes" rests on.
fn detail_cells(res: &SubjectResult, lang: Lang) -> Vec<Vec<Cell>> {
    let d =
        |x: Option<xinyong_model::Date>| Cell::Text(x.map(|d| d.to_string()).unwrap_or_default());
    let mut rows = Vec::new();
    let r = &res.report;
    for p in &r.repairs {
        rows.push(vec![
            Cell::Num(res.row as f64),
            Cell::Text(r.subject.id_masked.clone()),
            Cell::Text(lang.t("信用修复", "repair").into()),
            Cell::Text(p.record_id.clone()),
            Cell::Text(match lang {
                Lang::Zh => p.status.label(false).to_string(),
                Lang::En => p.status.to_string(),
            }),
            Cell::Text(vocab::label(vocab::TIERS, p.tier.as_str(), lang).to_string()),
            d(p.publicity_min_end),
            d(p.repairable_from),
            d(p.publicity_max_end),
            d(p.expected_completion),
            Cell::Text(String::new()),
            Cell::Text(
                p.conditions
                    .iter()
                    .filter(|c| !c.met)
                    .map(|c| c.zh.clone())
                    .collect::<Vec<_>>()
                    .join("；"),
            ),
            Cell::Text(p.rule.clone()),
            Cell::Text(p.basis.clone()),
        ]);
    }
    // A commitment scheme's row: its record, its date, what it says, the rule and its basis.
    let scheme_row = |scheme: &str, record: String, from: Cell, why: String, rule, basis| {
        let mut row = vec![
            Cell::Num(res.row as f64),
            Cell::Text(r.subject.id_masked.clone()),
            Cell::Text(lang.t("信用承诺", "commitment").into()),
            Cell::Text(record),
            Cell::Text(scheme.to_string()),
        ];
        row.extend((0..5).map(|_| Cell::Text(String::new())));
        row.extend([from, Cell::Text(why), Cell::Text(rule), Cell::Text(basis)]);
        row
    };
    for c in r.commitments.iter().filter(|c| !c.eligible) {
        for why in &c.reasons {
            rows.push(scheme_row(
                &c.scheme,
                why.record_id.clone().unwrap_or_default(),
                d(c.eligible_from),
                why.zh.to_string(),
                why.rule.to_string(),
                why.basis.to_string(),
            ));
        }
    }
    // A conditional "yes" (the summary's `CONDITIONAL`): on what it rests and what to check,
    // from the assumed grade in force (the main one when that is assumed, as the report view).
    let assumed = r
        .grades
        .iter()
        .filter(|g| g.in_force.assumed)
        .min_by_key(|g| !g.primary);
    for c in r.commitments.iter().filter(|c| c.eligible && c.assumed) {
        let (why, rule, basis) = match assumed {
            Some(g) => (
                format!(
                    "有条件：以信用等级 {} 为前提。{}",
                    g.in_force.level, g.in_force.zh
                ),
                g.in_force.rule.to_string(),
                g.in_force.basis.to_string(),
            ),
            None => (
                "有条件：依据规则包的推定，以主管部门公布的结果为准".to_string(),
                String::new(),
                c.basis.to_string(),
            ),
        };
        rows.push(scheme_row(
            &c.scheme,
            String::new(),
            Cell::Text(String::new()),
            why,
            rule,
            basis,
        ));
    }
    rows
}

/// A rejected row's column as the clerk sees it: the letter and the clerk's own header
/// (`H 处罚日期 (date)`), or the layout key when the sheet has no such column.
pub fn column_label(column: &str, headers: &[HeaderUsed]) -> String {
    match headers.iter().find(|h| h.key == column) {
        Some(h) if h.header == h.key => format!("{} {}", h.letter, h.header),
        Some(h) => format!("{} {} ({})", h.letter, h.header, h.key),
        None => column.to_string(),
    }
}

/// The rejected rows, each column named as the clerk headed it.
#[cfg(test)]
fn rejected_table(
    rejected: &[RejectedRow],
    headers: &[HeaderUsed],
) -> (Vec<String>, Vec<Vec<Cell>>) {
    (
        rejected_header(),
        rejected
            .iter()
            .map(|r| rejected_cells(r, headers))
            .collect(),
    )
}

pub fn rejected_header() -> Vec<String> {
    [
        "行号(row)",
        "列(column)",
        "值(value)",
        "原因(reason)",
        "reason",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn rejected_cells(r: &RejectedRow, headers: &[HeaderUsed]) -> Vec<Cell> {
    vec![
        Cell::Num(r.row as f64),
        Cell::Text(column_label(&r.column, headers)),
        Cell::Text(r.value.clone()),
        Cell::Text(r.zh.clone()),
        Cell::Text(r.en.clone()),
    ]
}

pub(crate) enum Cell {
    Text(String),
    Num(f64),
}

/// A text cell as a CSV file holds it. A cell that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is a formula to Excel and WPS when the file is opened (OWASP, "CSV
/// Injection"); names, record ids and notes come from others, so such a cell gets a leading
/// apostrophe, which the spreadsheet shows as text and the batch reader removes again. Numbers
/// the screening computes are `Cell::Num` and are written as numbers (a negative one keeps its
/// sign); a text cell that merely looks like a negative number (`-5`) is protected too, since
/// `-5+A1` looks the same to a first-character test. XLSX cells are written as strings and are
/// never read as formulas.
pub fn csv_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => csv_safe(s).into_owned(),
            n => n.text(),
        }
    }

    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            Cell::Num(n) => n.to_string(),
        }
    }
}

fn csv_bytes(header: &[String], rows: &[Vec<Cell>]) -> Result<Vec<u8>, String> {
    let mut w = CsvOut::new(Vec::new(), header)?;
    for r in rows {
        w.cells(r)?;
    }
    w.finish()
}

/// (sheet name, header, rows)
type Sheet<'a> = (&'a str, Vec<String>, Vec<Vec<Cell>>);

/// Creation date written into workbooks when nothing better is known (the template).
const FIXED_CREATED: (u16, u8, u8) = (2026, 1, 1);

/// A workbook written a row at a time, stamped with `created` instead of the clock, so the same
/// screening gives the same bytes natively and in the browser (and wasm32 has no system clock
/// to read). Rows of several sheets may interleave: the workbook numbers its shared strings
/// when it is saved, sheet by sheet, so the bytes are those of writing each sheet whole.
struct Xlsx {
    wb: rust_xlsxwriter::Workbook,
    /// Data rows written per sheet.
    rows: Vec<u32>,
    /// Sheets in constant-memory mode (rows go to a temporary file as they are written).
    #[cfg(not(target_arch = "wasm32"))]
    constant_memory: bool,
}

impl Xlsx {
    fn new(created: (u16, u8, u8)) -> Result<Self, String> {
        let mut x = Xlsx {
            wb: rust_xlsxwriter::Workbook::new(),
            rows: Vec::new(),
            #[cfg(not(target_arch = "wasm32"))]
            constant_memory: false,
        };
        x.created(created)?;
        Ok(x)
    }

    fn created(&mut self, created: (u16, u8, u8)) -> Result<(), String> {
        use rust_xlsxwriter::{DocProperties, ExcelDateTime};
        let when =
            ExcelDateTime::from_ymd(created.0, created.1, created.2).map_err(|e| e.to_string())?;
        self.wb
            .set_properties(&DocProperties::new().set_creation_datetime(&when));
        Ok(())
    }

    fn sheet(&mut self, name: &str, header: &[String]) -> Result<(), String> {
        self.add(name)?;
        self.header(self.rows.len() - 1, header)
    }

    fn add(&mut self, name: &str) -> Result<(), String> {
        #[cfg(not(target_arch = "wasm32"))]
        let ws = if self.constant_memory {
            self.wb
                .add_worksheet_with_constant_memory()
                .map_err(|e| e.to_string())?
        } else {
            self.wb.add_worksheet()
        };
        #[cfg(target_arch = "wasm32")]
        let ws = self.wb.add_worksheet();
        ws.set_name(name).map_err(|e| e.to_string())?;
        self.rows.push(0);
        Ok(())
    }

    fn header(&mut self, sheet: usize, header: &[String]) -> Result<(), String> {
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let ws = self
            .wb
            .worksheet_from_index(sheet)
            .map_err(|e| e.to_string())?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(|e| e.to_string())?;
            ws.set_column_width(c as u16, 16)
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    fn row(&mut self, sheet: usize, cells: &[Cell]) -> Result<(), String> {
        let ws = self
            .wb
            .worksheet_from_index(sheet)
            .map_err(|e| e.to_string())?;
        self.rows[sheet] += 1;
        let row = self.rows[sheet];
        for (c, cell) in cells.iter().enumerate() {
            match cell {
                Cell::Text(s) => ws.write_string(row, c as u16, s),
                Cell::Num(n) => ws.write_number(row, c as u16, *n),
            }
            .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// Freeze the sheet's header and filter it over its rows.
    fn end_sheet(&mut self, sheet: usize, columns: usize) -> Result<(), String> {
        let rows = self.rows[sheet];
        let ws = self
            .wb
            .worksheet_from_index(sheet)
            .map_err(|e| e.to_string())?;
        ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
        if columns > 0 {
            ws.autofilter(0, 0, rows, columns as u16 - 1)
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    fn save(mut self) -> Result<Vec<u8>, String> {
        self.wb.save_to_buffer().map_err(|e| e.to_string())
    }
}

/// The result workbook of a streamed screening (crate::stream): its sheets in constant-memory
/// mode, so a row is on disk once the next one is written and the workbook holds no table of
/// results. The details and the rejected rows are written as they come; the summary (whose
/// scheme columns are known only at the end) and the creation date at the end. The same cells
/// as [`write_each`] gives; the bytes differ (inline strings instead of a shared table).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) struct XlsxOut(Xlsx);

#[cfg(not(target_arch = "wasm32"))]
impl XlsxOut {
    pub(crate) fn new() -> Result<Self, String> {
        let mut x = Xlsx::new(FIXED_CREATED)?;
        x.constant_memory = true;
        let [summary, details, rejected] = SHEET_NAMES;
        x.add(summary)?;
        x.sheet(details, &detail_header())?;
        x.sheet(rejected, &rejected_header())?;
        Ok(XlsxOut(x))
    }

    pub(crate) fn detail(&mut self, cells: &[Cell]) -> Result<(), String> {
        self.0.row(1, cells)
    }

    pub(crate) fn rejected(
        &mut self,
        r: &RejectedRow,
        headers: &[HeaderUsed],
    ) -> Result<(), String> {
        self.0.row(2, &rejected_cells(r, headers))
    }

    pub(crate) fn summary_header(&mut self, schemes: &[(String, String)]) -> Result<(), String> {
        self.0.header(0, &summary_header(schemes))
    }

    pub(crate) fn summary(
        &mut self,
        sm: SummaryRow,
        schemes: &[(String, String)],
        lang: Lang,
        supervision_zh: &str,
    ) -> Result<(), String> {
        self.0
            .row(0, &summary_cells(sm, schemes, lang, supervision_zh))
    }

    /// The workbook, stamped with the latest check date of its subjects.
    pub(crate) fn finish<W: std::io::Write + Send>(
        mut self,
        schemes: &[(String, String)],
        latest: Option<xinyong_model::Date>,
        w: W,
    ) -> Result<(), String> {
        let x = &mut self.0;
        x.created(created_from(latest))?;
        let columns = [
            summary_header(schemes).len(),
            detail_header().len(),
            rejected_header().len(),
        ];
        for (i, n) in columns.into_iter().enumerate() {
            x.end_sheet(i, n)?;
        }
        x.wb.save_to_writer(w).map_err(|e| e.to_string())
    }
}

/// One subject's detail rows as written to XLSX (numbers as numbers).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn detail_cells_of(res: &SubjectResult, lang: Lang) -> Vec<Vec<Cell>> {
    detail_cells(res, lang)
}

const SHEET_NAMES: [&str; 3] = ["筛查结果 Summary", "明细 Details", "被拒绝的行 Rejected"];

/// A workbook of whole sheets (the template, an input file), each written in turn.
fn xlsx_bytes(sheets: &[Sheet], created: (u16, u8, u8)) -> Result<Vec<u8>, String> {
    let mut x = Xlsx::new(created)?;
    for (i, (name, header, rows)) in sheets.iter().enumerate() {
        x.sheet(name, header)?;
        for r in rows {
            x.row(i, r)?;
        }
        x.end_sheet(i, header.len())?;
    }
    x.save()
}

#[derive(Serialize)]
struct JsonlLine<'a> {
    summary: SummaryRow,
    rejected_rows: &'a [usize],
    report: &'a Report,
}

/// The workbook's creation date: the latest check date of the screening.
fn created_from(latest: Option<xinyong_model::Date>) -> (u16, u8, u8) {
    use chrono::Datelike;
    latest
        .and_then(|d| {
            let d = d.0;
            Some((
                u16::try_from(d.year()).ok()?,
                d.month() as u8,
                d.day() as u8,
            ))
        })
        .unwrap_or(FIXED_CREATED)
}

/// Write a screening in `format`, values in Chinese (see [`write_in`]).
pub fn write(s: &Screening, format: Format) -> Result<Vec<OutFile>, String> {
    write_in(s, format, Lang::Zh)
}

/// What a screening's files hold besides its subjects: the scheme columns, the rows set aside
/// and the workbook's date. [`write_each`] takes it with the subjects one at a time.
pub struct Frame<'a> {
    /// Commitment scheme columns (id, Chinese name), first-seen order
    /// ([`scheme_columns_of`]).
    pub schemes: &'a [(String, String)],
    pub rejected: &'a [RejectedRow],
    /// The columns read, as the clerk headed them.
    pub headers: &'a [HeaderUsed],
    /// The latest check date of the subjects (the workbook's creation date).
    pub latest: Option<xinyong_model::Date>,
}

/// The subjects of a screening, handed over one at a time and in order: `each` is called
/// once per subject and stops at its first error.
pub type Subjects<'a> =
    dyn FnMut(&mut dyn FnMut(&SubjectResult) -> Result<(), String>) -> Result<(), String> + 'a;

/// Write a screening in `format`, the values of the summary and details (industries, yes / no,
/// supervision classes, statuses) in `lang`; headers are bilingual either way. JSONL keeps the
/// contract's spellings.
pub fn write_in(s: &Screening, format: Format, lang: Lang) -> Result<Vec<OutFile>, String> {
    let schemes = scheme_columns(s);
    let frame = Frame {
        schemes: &schemes,
        rejected: &s.rejected,
        headers: &s.headers,
        latest: s.results.iter().map(|r| r.report.as_of).max(),
    };
    let files = write_each::<Vec<u8>>(&frame, format, lang, &mut |each| {
        s.results.iter().try_for_each(each)
    })?;
    Ok(files
        .into_iter()
        .map(|(suffix, bytes)| OutFile { suffix, bytes })
        .collect())
}

/// [`write_in`] with the subjects produced one at a time (the staff worker evaluates each
/// again instead of holding every report) and each file written into a `W` (a `Vec<u8>`, or
/// the staff worker's chunks handed to JS as they fill): no table of cells is built, so only
/// the file being written grows. The same bytes as [`write_in`], which is made of it.
pub fn write_each<W: std::io::Write + Default>(
    frame: &Frame,
    format: Format,
    lang: Lang,
    subjects: &mut Subjects,
) -> Result<Vec<(&'static str, W)>, String> {
    let schemes = frame.schemes;
    let summary_of = |res: &SubjectResult| {
        summary_cells(
            summary(&res.report, res.row, &res.rejected_rows),
            schemes,
            lang,
            supervision_zh(&res.report),
        )
    };
    Ok(match format {
        Format::Xlsx => {
            let headers = [summary_header(schemes), detail_header(), rejected_header()];
            let names = SHEET_NAMES;
            let mut x = Xlsx::new(created_from(frame.latest))?;
            for (name, header) in names.iter().zip(&headers) {
                x.sheet(name, header)?;
            }
            subjects(&mut |res| {
                x.row(0, &summary_of(res))?;
                detail_cells(res, lang)
                    .iter()
                    .try_for_each(|cells| x.row(1, cells))
            })?;
            for r in frame.rejected {
                x.row(2, &rejected_cells(r, frame.headers))?;
            }
            for (i, header) in headers.iter().enumerate() {
                x.end_sheet(i, header.len())?;
            }
            let mut w = W::default();
            w.write_all(&x.save()?).map_err(|e| e.to_string())?;
            vec![("", w)]
        }
        Format::Csv => {
            let mut main = CsvOut::new(W::default(), &summary_header(schemes))?;
            let mut details = CsvOut::new(W::default(), &detail_header())?;
            subjects(&mut |res| {
                main.cells(&summary_of(res))?;
                detail_cells(res, lang)
                    .iter()
                    .try_for_each(|cells| details.cells(cells))
            })?;
            let mut rejected = CsvOut::new(W::default(), &rejected_header())?;
            for r in frame.rejected {
                rejected.cells(&rejected_cells(r, frame.headers))?;
            }
            vec![
                ("", main.finish()?),
                (".details.csv", details.finish()?),
                (".rejected.csv", rejected.finish()?),
            ]
        }
        Format::Jsonl => {
            let mut main = W::default();
            subjects(&mut |res| {
                main.write_all(&jsonl_result(res)?)
                    .map_err(|e| e.to_string())
            })?;
            let mut rej = W::default();
            for r in frame.rejected {
                rej.write_all(&jsonl_rejected(r)?)
                    .map_err(|e| e.to_string())?;
            }
            vec![("", main), (".rejected.jsonl", rej)]
        }
    })
}

// Row at a time: what `xinyong batch` streams (crate::stream). The functions above write a whole
// screening through these, so a streamed file and a whole one cannot differ.

/// A CSV file written a row at a time: a BOM (so Excel opens the UTF-8 file with the Chinese
/// intact), the header, then rows.
pub struct CsvOut<W: std::io::Write>(csv::Writer<W>);

impl<W: std::io::Write> CsvOut<W> {
    pub fn new(mut w: W, header: &[String]) -> Result<Self, String> {
        w.write_all(&[0xEF, 0xBB, 0xBF])
            .map_err(|e| e.to_string())?;
        let mut w = csv::Writer::from_writer(w);
        w.write_record(header).map_err(|e| e.to_string())?;
        Ok(CsvOut(w))
    }

    fn cells(&mut self, row: &[Cell]) -> Result<(), String> {
        self.0
            .write_record(row.iter().map(Cell::csv))
            .map_err(|e| e.to_string())
    }

    /// A row as `summary_texts`, `detail_texts` or `rejected_texts` give it.
    pub fn row(&mut self, texts: &[String]) -> Result<(), String> {
        self.0.write_record(texts).map_err(|e| e.to_string())
    }

    /// Flush and hand back the writer.
    pub fn finish(self) -> Result<W, String> {
        self.0.into_inner().map_err(|e| e.to_string())
    }
}

/// A summary row's cells as written to CSV (formula-safe), under these scheme columns.
pub fn summary_texts(
    sm: SummaryRow,
    schemes: &[(String, String)],
    lang: Lang,
    supervision_zh: &str,
) -> Vec<String> {
    summary_cells(sm, schemes, lang, supervision_zh)
        .iter()
        .map(Cell::csv)
        .collect()
}

/// One subject's detail rows as written to CSV.
pub fn detail_texts(res: &SubjectResult, lang: Lang) -> Vec<Vec<String>> {
    detail_cells(res, lang)
        .iter()
        .map(|r| r.iter().map(Cell::csv).collect())
        .collect()
}

/// A rejected row as written to CSV (a JSONL batch has no clerk's headers).
pub fn rejected_texts(r: &RejectedRow, headers: &[HeaderUsed]) -> Vec<String> {
    rejected_cells(r, headers).iter().map(Cell::csv).collect()
}

/// One subject's line of the JSONL results (newline included).
pub fn jsonl_result(res: &SubjectResult) -> Result<Vec<u8>, String> {
    let line = JsonlLine {
        summary: summary(&res.report, res.row, &res.rejected_rows),
        rejected_rows: &res.rejected_rows,
        report: &res.report,
    };
    let mut out = serde_json::to_vec(&line).map_err(|e| e.to_string())?;
    out.push(b'\n');
    Ok(out)
}

/// A rejected row's line of the JSONL rejected file (newline included).
pub fn jsonl_rejected(r: &RejectedRow) -> Result<Vec<u8>, String> {
    let mut out = serde_json::to_vec(r).map_err(|e| e.to_string())?;
    out.push(b'\n');
    Ok(out)
}

/// The input template: the documented columns with one example subject and one subject
/// without records.
pub fn template(format: Format) -> Result<Vec<u8>, String> {
    let header: Vec<String> = COLUMNS.iter().map(template_header).collect();
    let example = |vals: &[(&str, &str)]| -> Vec<Cell> {
        COLUMNS
            .iter()
            .map(|c| {
                Cell::Text(
                    vals.iter()
                        .find(|(k, _)| *k == c.key)
                        .map(|(_, v)| v.to_string())
                        .unwrap_or_default(),
                )
            })
            .collect()
    };
    let rows = vec![
        example(&[
            ("subject_kind", "企业"),
            ("subject_id", "91350200MA2Y4K7N0A"),
            ("subject_name", "示例运输有限公司"),
            ("industry", "road_freight"),
            ("record_id", "p1"),
            ("record_type", "行政处罚"),
            ("date", "2026-05-06"),
            ("penalty", "罚款"),
            ("severity", "一般"),
            ("amount", "5000"),
            ("procedure", "普通程序"),
            ("specific_serious", "否"),
            ("authority", "某市交通运输局"),
            ("fulfilled_on", "2026-05-20"),
        ]),
        example(&[
            ("subject_kind", "企业"),
            ("subject_id", "91350200MA2Y4K7N0A"),
            ("subject_name", "示例运输有限公司"),
            ("industry", "road_freight"),
            ("record_id", "c1"),
            ("record_type", "信用承诺"),
            ("date", "2025-06-01"),
            ("scheme", "certification_notice"),
            ("status", "已履行"),
        ]),
        example(&[
            ("subject_kind", "个人"),
            ("subject_id", "11010519491231002X"),
            ("subject_name", "张三"),
            ("industry", "driver"),
            ("qualified_on", "2019-03-15"),
        ]),
    ];
    let help: Vec<Vec<Cell>> = COLUMNS
        .iter()
        .map(|c| {
            vec![
                Cell::Text(template_header(c)),
                Cell::Text(crate::columns::help_zh(c.key).to_string()),
                Cell::Text(
                    if c.subject {
                        "主体列：同一主体每行重复"
                    } else {
                        "记录列"
                    }
                    .to_string(),
                ),
            ]
        })
        .collect();
    match format {
        Format::Csv => csv_bytes(&header, &rows),
        Format::Xlsx => xlsx_bytes(
            &[
                ("申请数据 Data", header, rows),
                (
                    "填写说明 Help",
                    vec![
                        "列(column)".into(),
                        "说明(help)".into(),
                        "类别(kind)".into(),
                    ],
                    help,
                ),
            ],
            FIXED_CREATED,
        ),
        Format::Jsonl => Err("模板只提供 CSV 或 XLSX / the template comes as CSV or XLSX".into()),
    }
}

/// Subjects as a batch input file in the documented layout: one row per record, subject columns
/// repeated, one row for a subject without records. The inverse of `read`.
pub fn inputs_to_file(inputs: &[xinyong_model::Input], format: Format) -> Result<Vec<u8>, String> {
    let header = template_columns();
    let mut rows = Vec::new();
    for input in inputs {
        rows.extend(input_cells(input)?);
    }
    match format {
        Format::Csv => csv_bytes(&header, &rows),
        Format::Xlsx => xlsx_bytes(&[("申请数据 Data", header, rows)], FIXED_CREATED),
        Format::Jsonl => {
            let mut out = Vec::new();
            for i in inputs {
                out.extend(serde_json::to_vec(i).map_err(|e| e.to_string())?);
                out.push(b'\n');
            }
            Ok(out)
        }
    }
}

/// The template's header: Chinese with the English key in brackets, every column.
pub fn template_columns() -> Vec<String> {
    COLUMNS.iter().map(template_header).collect()
}

/// One subject's rows in the template's layout as a CSV file holds them (one row per record,
/// one row for a subject with no records): what `inputs_to_file` writes per subject, for a
/// batch too large to build in memory (`cargo xtask dataset --csv`).
pub fn input_csv_rows(input: &xinyong_model::Input) -> Result<Vec<Vec<String>>, String> {
    Ok(input_cells(input)?
        .iter()
        .map(|r| r.iter().map(Cell::csv).collect())
        .collect())
}

fn input_cells(input: &xinyong_model::Input) -> Result<Vec<Vec<Cell>>, String> {
    let mut rows = Vec::new();
    let subject = serde_json::to_value(&input.subject).map_err(|e| e.to_string())?;
    let as_of = input.as_of.map(|d| d.to_string()).unwrap_or_default();
    let records: Vec<serde_json::Value> = input
        .records
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let empty = serde_json::Value::Object(Default::default());
    let list = if records.is_empty() {
        vec![empty]
    } else {
        records
    };
    for rec in &list {
        let row = COLUMNS
            .iter()
            .map(|c| {
                let v = match c.key {
                    "subject_kind" => subject.get("kind"),
                    "subject_id" => subject.get("id"),
                    "subject_name" => subject.get("name"),
                    "industry" | "region" | "qualified_on" | "drivers_aa_share" => {
                        subject.get(c.key)
                    }
                    "as_of" => return Cell::Text(as_of.clone()),
                    "record_id" => rec.get("id"),
                    "record_type" => rec.get("type"),
                    k => rec.get(k),
                };
                Cell::Text(match v {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Array(a)) => a
                        .iter()
                        .filter_map(|x| x.as_str())
                        .collect::<Vec<_>>()
                        .join(";"),
                    Some(other) => other.to_string(),
                })
            })
            .collect();
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screening() -> Screening {
        let csv = "\
subject_kind,subject_id,subject_name,industry,record_id,record_type,date,penalty,severity,amount,fulfilled_on,status,scheme
enterprise,91350200MA2Y4K7N0A,甲,road_freight,p1,administrative_penalty,2026-05-06,fine,general,5000,2026-05-20,,
enterprise,91350200MA2Y4K7N0A,甲,road_freight,c1,commitment,2026-06-01,,,,,broken,certification_notice
enterprise,91350203MA31XQ8E2A,乙,highway_construction,,,,,,,,,
enterprise,91350200MA2Y4K7N0B,丙,road_freight,,,,,,,,,
enterprise,91350200MA2Y4K7N0A,甲,road_freight,p2,administrative_penalty,2026-13-01,fine,general,100,,,
";
        let b = crate::read(csv.as_bytes(), Format::Csv).unwrap();
        let opts = xinyong_core::Options {
            as_of: None,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            pack: xinyong_core::PackChoice::FromSubject,
        };
        crate::screen(b, &opts, &mut |_, _| {})
    }

    /// Subjects written one at a time, the rows of the summary and the details interleaved,
    /// give the bytes of the tables written whole, sheet after sheet (the shared strings are
    /// numbered when the workbook is saved, not as cells are written).
    #[test]
    fn written_a_subject_at_a_time_equals_whole_tables() {
        let s = screening();
        assert!(
            !s.rejected.is_empty() && s.results.len() >= 2,
            "{:?} {}",
            s.rejected,
            s.results.len()
        );
        for lang in [Lang::Zh, Lang::En] {
            let (sh, sr) = summary_table(&s, lang);
            let (dh, dr) = detail_table(&s, lang);
            let (rh, rr) = rejected_table(&s.rejected, &s.headers);
            assert!(!dr.is_empty());
            let created = created_from(s.results.iter().map(|r| r.report.as_of).max());
            let xlsx = write_in(&s, Format::Xlsx, lang).unwrap();
            let whole = xlsx_bytes(
                &[
                    ("筛查结果 Summary", sh.clone(), sr),
                    ("明细 Details", dh.clone(), dr),
                    ("被拒绝的行 Rejected", rh.clone(), rr),
                ],
                created,
            )
            .unwrap();
            assert!(xlsx[0].bytes == whole, "XLSX differs ({lang:?})");
            let csv = write_in(&s, Format::Csv, lang).unwrap();
            let (sh, sr) = summary_table(&s, lang);
            let (dh, dr) = detail_table(&s, lang);
            let (rh, rr) = rejected_table(&s.rejected, &s.headers);
            assert_eq!(csv[0].bytes, csv_bytes(&sh, &sr).unwrap());
            assert_eq!(csv[1].bytes, csv_bytes(&dh, &dr).unwrap());
            assert_eq!(csv[2].bytes, csv_bytes(&rh, &rr).unwrap());
        }
    }

    /// Golden subjects 59 and 89 (Lianyungang): schemes whose eligibility rests on an assumed
    /// grade (the report's `assumed`). Their summary cell says conditional, in CSV and XLSX,
    /// Chinese and English (before: a plain 是 / yes, read as unconditional), the detail sheet
    /// says on what grade and what to check; an eligibility resting on nothing assumed stays
    /// a plain yes.
    #[test]
    fn a_conditional_eligibility_is_never_a_plain_yes() {
        let golden = |name: &str, id: &str| {
            let path = format!(
                "{}/../../tests/golden/{name}.json",
                env!("CARGO_MANIFEST_DIR")
            );
            let mut v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            v["subject"]["id"] = id.into();
            serde_json::to_string(&v).unwrap()
        };
        let jsonl = format!(
            "{}\n{}\n",
            golden(
                "59-lianyungang-incomplete-acceptance-needs-good-credit",
                "91350200MA2Y4K7N0A"
            ),
            golden("89-lianyungang-first-minor-history", "91350203MA31XQ8E2A")
        );
        let b = crate::read(jsonl.as_bytes(), Format::Jsonl).unwrap();
        let opts =
            xinyong_core::Options::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let s = crate::screen(b, &opts, &mut |_, _| {});
        assert_eq!(s.results.len(), 2);
        let schemes = scheme_columns(&s);
        let (mut conditional, mut plain) = (0, 0);
        for lang in [Lang::Zh, Lang::En] {
            let (_, rows) = summary_table(&s, lang);
            let (_, details) = detail_table(&s, lang);
            for (res, row) in s.results.iter().zip(&rows) {
                assert!(res.rejected_rows.is_empty());
                for c in &res.report.commitments {
                    let col = 9 + schemes.iter().position(|(id, _)| *id == c.scheme).unwrap();
                    let Cell::Text(cell) = &row[col] else {
                        panic!("column {col} is not text");
                    };
                    let want = match (c.eligible, c.assumed) {
                        (true, true) => {
                            conditional += 1;
                            lang.t(CONDITIONAL.0, CONDITIONAL.1)
                        }
                        (true, false) => {
                            plain += 1;
                            lang.t("是", "yes")
                        }
                        (false, _) => lang.t("否", "no"),
                    };
                    assert_eq!(cell, want, "{} {lang:?}", c.scheme);
                    // The detail sheet says what the conditional yes rests on.
                    let said = details.iter().any(|d| {
                        matches!((&d[0], &d[4], &d[11]), (Cell::Num(n), Cell::Text(s), Cell::Text(why))
                            if *n == res.row as f64 && *s == c.scheme && why.starts_with("有条件：以信用等级")
                                && why.contains("请核对"))
                    });
                    assert_eq!(said, c.eligible && c.assumed, "{} {lang:?}", c.scheme);
                }
            }
        }
        // Both kinds met: bulk_oversize_permit (59), incomplete_acceptance and green_channel (89).
        assert_eq!(conditional, 2 * 3, "{schemes:?}");
        assert!(plain > 0);
        // The JSONL summary (and the staff page's rows) carry the conditional schemes by id.
        let sm = summary(&s.results[1].report, s.results[1].row, &[]);
        assert_eq!(
            sm.conditional,
            vec!["incomplete_acceptance", "green_channel"]
        );
    }
}
