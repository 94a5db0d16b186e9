//! Reading a batch: CSV or XLSX (one row per record, subject columns repeated; a subject with no
//! records has one row) or JSONL (one contract subject per line) into per-subject inputs.
//!
//! Each row keeps its spreadsheet row number (header = row 1) so every problem can be reported
//! against the row and column the clerk typed it in.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use xinyong_core::{Problem, Problems};

use crate::columns::{by_header, normalise, yes_no, Column, Kind, COLUMNS};

/// Largest batch file accepted (bytes).
pub const MAX_BATCH_BYTES: usize = 64 * 1024 * 1024;
/// Most data rows in one batch.
pub const MAX_ROWS: usize = 200_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Jsonl,
}

impl Format {
    pub fn from_name(name: &str) -> Option<Format> {
        let n = name.to_ascii_lowercase();
        if n.ends_with(".csv") {
            Some(Format::Csv)
        } else if n.ends_with(".xlsx") || n.ends_with(".xlsm") {
            Some(Format::Xlsx)
        } else if n.ends_with(".jsonl") || n.ends_with(".ndjson") {
            Some(Format::Jsonl)
        } else {
            None
        }
    }
}

/// A row that could not be used, with the reason.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RejectedRow {
    pub row: usize,
    pub column: String,
    pub value: String,
    pub zh: String,
    pub en: String,
}

/// One subject gathered from its rows, not yet validated against a pack.
#[derive(Clone, Debug)]
pub struct SubjectEntry {
    /// The subject document as contract JSON (records in row order).
    pub doc: Value,
    /// Row number of each record in `doc.records`.
    pub record_rows: Vec<usize>,
    /// Every row of the subject that is still in play (its first row included).
    pub rows: Vec<usize>,
    pub first_row: usize,
    /// Rows of this subject already refused while reading (bad numbers, conflicts).
    pub rejected_rows: Vec<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub subjects: Vec<SubjectEntry>,
    pub rejected: Vec<RejectedRow>,
    /// Non-blank data rows (or non-blank JSONL lines) read.
    pub rows_read: usize,
}

fn file_problem(zh: impl Into<String>, en: impl Into<String>) -> Problems {
    Problems::one(Problem::new("FILE", None, zh, en))
}

/// Read a batch file's bytes.
pub fn read(bytes: &[u8], format: Format) -> Result<Batch, Problems> {
    if bytes.len() > MAX_BATCH_BYTES {
        return Err(file_problem(
            format!(
                "文件过大（{} 字节），上限为 {MAX_BATCH_BYTES} 字节",
                bytes.len()
            ),
            format!(
                "file too large ({} bytes); at most {MAX_BATCH_BYTES} bytes",
                bytes.len()
            ),
        ));
    }
    match format {
        Format::Jsonl => read_jsonl(bytes),
        Format::Csv => table(csv_rows(bytes)?),
        Format::Xlsx => table(xlsx_rows(bytes)?),
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, Problems> {
    std::str::from_utf8(bytes).map_err(|e| {
        file_problem(
            format!(
                "文件不是 UTF-8 编码（第 {} 字节处）；如为 Excel 另存的 CSV，请选择“CSV UTF-8”格式",
                e.valid_up_to()
            ),
            format!(
                "file is not UTF-8 (at byte {}); save CSV from Excel as \"CSV UTF-8\"",
                e.valid_up_to()
            ),
        )
    })
}

/// Longest JSONL line (one subject) read: as large as the one subject file `xinyong check`
/// accepts. A streamed batch holds lines, never the file, so this is what bounds it; a longer
/// line is rejected (its row), not read.
pub const MAX_LINE_BYTES: usize = xinyong_core::input::MAX_INPUT_BYTES;

fn read_jsonl(bytes: &[u8]) -> Result<Batch, Problems> {
    let text = utf8(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut dups = DuplicateFinder::default();
    for (i, line) in text.lines().enumerate() {
        if line.len() <= MAX_LINE_BYTES {
            dups.line(i + 1, line);
        }
    }
    let dups = dups.finish();
    let mut b = Batch::default();
    for (i, line) in text.lines().enumerate() {
        let outcome = if line.len() > MAX_LINE_BYTES {
            JsonlLine::Rejected(line_too_long(i + 1, line.len()))
        } else {
            jsonl_line(i + 1, line, &dups)
        };
        if matches!(outcome, JsonlLine::Blank) {
            continue;
        }
        b.rows_read += 1;
        if b.rows_read > MAX_ROWS {
            return Err(too_many());
        }
        match outcome {
            JsonlLine::Blank => {}
            JsonlLine::Rejected(r) => b.rejected.push(r),
            JsonlLine::Subject(e) => b.subjects.push(e),
        }
    }
    Ok(b)
}

/// What one JSONL line is: blank, refused, or a subject to screen. The whole-file reader and
/// the streamed one (crate::stream) both read lines with this, so they cannot differ.
pub(crate) enum JsonlLine {
    Blank,
    Rejected(RejectedRow),
    Subject(SubjectEntry),
}

/// Line `row` (1 = the first, a UTF-8 BOM already removed; at most `MAX_LINE_BYTES`).
pub(crate) fn jsonl_line(row: usize, line: &str, dups: &Duplicates) -> JsonlLine {
    let line = line.trim();
    if line.is_empty() {
        return JsonlLine::Blank;
    }
    match serde_json::from_str::<Value>(line) {
        Ok(doc @ Value::Object(_)) => {
            if let Some(first) = dups.first_of(row) {
                let id = doc
                    .pointer("/subject/id")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                return JsonlLine::Rejected(RejectedRow {
                    row,
                    column: "subject_id".into(),
                    value: xinyong_core::ids::mask(id),
                    zh: format!(
                        "与第 {first} 行是同一主体（证件号码相同）：每个主体只应占一行，请把记录合并到一行；第 {first} 行的结果因此标为不完整"
                    ),
                    en: format!(
                        "the same subject (same id) as line {first}: give each subject one line with all its records; line {first}'s result is marked incomplete"
                    ),
                });
            }
            let n = doc
                .get("records")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            JsonlLine::Subject(SubjectEntry {
                doc,
                record_rows: vec![row; n],
                rows: vec![row],
                first_row: row,
                // The later lines of the same subject are refused, so this one is incomplete.
                rejected_rows: dups.later_of(row),
            })
        }
        Ok(_) => JsonlLine::Rejected(RejectedRow {
            row,
            column: String::new(),
            value: String::new(),
            zh: "每行应为一个 JSON 对象（一个主体）".into(),
            en: "each line must be one JSON object (one subject)".into(),
        }),
        Err(e) => JsonlLine::Rejected(RejectedRow {
            row,
            column: String::new(),
            value: String::new(),
            zh: format!("不是有效的 JSON（第 {} 列）", e.column()),
            en: format!("not valid JSON (column {}): {e}", e.column()),
        }),
    }
}

/// A line longer than `MAX_LINE_BYTES`: refused without being read.
pub(crate) fn line_too_long(row: usize, len: usize) -> RejectedRow {
    RejectedRow {
        row,
        column: String::new(),
        value: String::new(),
        zh: format!(
            "此行过长（{len} 字节）：每行是一个主体，上限为 {MAX_LINE_BYTES} 字节（与单个主体文件相同）"
        ),
        en: format!(
            "line too long ({len} bytes): a line is one subject, at most {MAX_LINE_BYTES} bytes (as for one subject file)"
        ),
    }
}

/// Lines of a JSONL batch that give the same subject id as an earlier line. Each subject
/// should have one line; a later line of the same subject is refused and the first marked
/// incomplete, as a CSV row that contradicts its subject's earlier rows is. Found before any
/// line is screened (in a streamed batch, by a first pass over the file).
#[derive(Clone, Debug, Default)]
pub struct Duplicates {
    /// (later line, first line of the same subject), by later line.
    later: Vec<(usize, usize)>,
    /// (first line, a later line of the same subject), by first line.
    first: Vec<(usize, usize)>,
}

impl Duplicates {
    /// The first line of the subject of line `row`, when `row` is a later line of it.
    pub fn first_of(&self, row: usize) -> Option<usize> {
        let i = self.later.binary_search_by_key(&row, |p| p.0).ok()?;
        Some(self.later[i].1)
    }

    /// The later lines of the subject whose first line is `row`.
    pub fn later_of(&self, row: usize) -> Vec<usize> {
        let at = self.first.partition_point(|p| p.0 < row);
        self.first[at..]
            .iter()
            .take_while(|p| p.0 == row)
            .map(|p| p.1)
            .collect()
    }

    /// How many lines are refused as a later line of a subject.
    pub fn len(&self) -> usize {
        self.later.len()
    }

    pub fn is_empty(&self) -> bool {
        self.later.is_empty()
    }
}

/// Collects the subject id of every line, as a 128-bit hash and the line number (24 bytes a
/// line, 24 MB per million subjects: the one part of a streamed screening that grows with the
/// file), then sorts them to find the repeats.
#[derive(Default)]
pub(crate) struct DuplicateFinder {
    keys: Vec<([u64; 2], usize)>,
}

/// The subject id of a JSONL line, as the line is read when it is a subject: a string at
/// `subject.id` of a JSON object. Only `subject.id` is kept (the rest is skipped unparsed).
fn line_subject_id(line: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(default)]
        subject: Option<HeadSubject>,
    }
    #[derive(serde::Deserialize)]
    struct HeadSubject {
        #[serde(default)]
        id: Option<Value>,
    }
    let head: Head = serde_json::from_str(line.trim()).ok()?;
    match head.subject?.id? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

impl DuplicateFinder {
    /// Line `row`'s text (as `jsonl_line` gets it).
    pub(crate) fn line(&mut self, row: usize, line: &str) {
        use std::hash::{Hash, Hasher};
        let Some(id) = line_subject_id(line) else {
            return;
        };
        // Two SipHash keys (fixed, so the same in every run): a collision would need 128 bits
        // to agree (about 1 in 10^26 for a million subjects).
        let hash = |salt: u8| {
            let mut h = std::hash::DefaultHasher::new();
            salt.hash(&mut h);
            id.hash(&mut h);
            h.finish()
        };
        self.keys.push(([hash(0), hash(1)], row));
    }

    pub(crate) fn finish(mut self) -> Duplicates {
        self.keys.sort_unstable();
        let mut d = Duplicates::default();
        for group in self.keys.chunk_by(|a, b| a.0 == b.0) {
            let first = group[0].1;
            for &(_, row) in &group[1..] {
                d.later.push((row, first));
                d.first.push((first, row));
            }
        }
        d.later.sort_unstable();
        d.first.sort_unstable();
        d
    }
}

fn too_many() -> Problems {
    file_problem(
        format!("行数过多，单个文件最多 {MAX_ROWS} 行"),
        format!("too many rows; at most {MAX_ROWS} per file"),
    )
}

/// (row number, cells) with row 1 the header.
type Rows = Vec<(usize, Vec<String>)>;

/// Line numbers as a spreadsheet shows them: `\r\n`, a lone `\r` (old Mac exports) and a lone
/// `\n` each end one line. The csv reader ends records at each of them, but its own line count
/// sees only `\n`, so a file with `\r` line ends had every row numbered 1 — rejected rows pointed
/// at the header, and two rows sharing a number broke rows read = used + rejected (found by the
/// `batch_csv` fuzz target).
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
    after_cr: bool,
}

impl<'a> Lines<'a> {
    fn new(text: &'a [u8]) -> Self {
        Lines {
            text,
            at: 0,
            line: 1,
            after_cr: false,
        }
    }

    /// The line of byte `to` (offsets asked for never go backwards).
    fn at(&mut self, to: usize) -> usize {
        let to = to.min(self.text.len());
        for &b in self.text.get(self.at..to).unwrap_or_default() {
            match b {
                b'\r' => self.line += 1,
                b'\n' if !self.after_cr => self.line += 1,
                _ => {}
            }
            self.after_cr = b == b'\r';
        }
        self.at = self.at.max(to);
        self.line
    }
}

fn csv_rows(bytes: &[u8]) -> Result<Rows, Problems> {
    let text = utf8(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Lines::new(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(i + 1, |p| lines.at(p.byte() as usize));
            file_problem(
                format!("CSV 格式错误（第 {line} 行）"),
                format!("malformed CSV (line {line}): {e}"),
            )
        })?;
        rows.push((
            rec.position()
                .map_or(i + 1, |p| lines.at(p.byte() as usize)),
            rec.iter().map(str::to_string).collect(),
        ));
        if rows.len() > MAX_ROWS + 1 {
            return Err(too_many());
        }
    }
    Ok(rows)
}

/// Widest span of columns a batch sheet may use (from its first used column). The layout has
/// fewer than 30 columns and any other header is refused, so only blank columns lie beyond.
pub const MAX_COLUMNS: usize = 64;

fn xlsx_rows(bytes: &[u8]) -> Result<Rows, Problems> {
    use calamine::{Data, Reader, Xlsx, XlsxError};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        file_problem(
            "不是有效的 XLSX 文件（请用 Excel 或 WPS 另存为 .xlsx）",
            format!("not a valid XLSX file (save it as .xlsx from Excel or WPS): {e}"),
        )
    })?;
    let first = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| file_problem("工作簿中没有工作表", "the workbook has no sheet"))?;
    let unreadable = |e: XlsxError| {
        file_problem(
            format!("无法读取工作表“{first}”"),
            format!("cannot read sheet \"{first}\": {e}"),
        )
    };
    // The cells are read one by one, not through `worksheet_range`: a range is a dense grid from
    // the first to the last cell, so one cell at row 999999999 or column XFD asked for hundreds
    // of gigabytes and aborted the process (found by the `batch_xlsx` fuzz target). Rows and
    // columns are bounded while reading; only non-empty cells are kept.
    let mut reader = match wb.worksheet_cells_reader(&first) {
        Ok(r) => r,
        // A chart sheet first: no cells (the file is then refused as having no header).
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
        Err(e) => return Err(unreadable(e)),
    };
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0, u32::MAX, 0);
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let value = Data::from(cell.get_value().clone());
        let text = match value {
            Data::Empty => continue,
            Data::String(s) => s,
            // A whole number typed into a numeric cell must not become "5000.0".
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            Data::Float(f) => f.to_string(),
            Data::Int(n) => n.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(d) => excel_serial_date(d.as_f64()),
            Data::DateTimeIso(s) => s.get(..10).unwrap_or(&s).to_string(),
            Data::DurationIso(s) => s,
            Data::Error(e) => format!("#ERROR {e:?}"),
        };
        let (row, col) = cell.get_position();
        (top, bottom) = (top.min(row), bottom.max(row));
        (left, right) = (left.min(col), right.max(col));
        if (bottom - top) as usize > MAX_ROWS || cells.len() > (MAX_ROWS + 1) * MAX_COLUMNS {
            return Err(too_many());
        }
        if (right - left) as usize >= MAX_COLUMNS {
            return Err(file_problem(
                format!("工作表过宽：第 {} 行有单元格超出了从第一个使用的列起 {MAX_COLUMNS} 列的范围；请删除模板列以外的内容", row as u64 + 1),
                format!("the sheet is too wide: row {} has a cell more than {MAX_COLUMNS} columns from the first used column; remove what lies outside the template's columns", row as u64 + 1),
            ));
        }
        cells.push((row, col, text));
    }
    // Row by row (a later cell at the same place wins, as in a range); blank rows are left out,
    // which the table skips anyway.
    cells.sort_by_key(|c| c.0);
    let mut rows: Rows = Vec::new();
    for (row, col, text) in cells {
        let at = (col - left) as usize;
        if rows.last().map(|r| r.0) != Some(row as usize + 1) {
            rows.push((row as usize + 1, Vec::new()));
        }
        let Some((_, r)) = rows.last_mut() else {
            continue;
        };
        if r.len() <= at {
            r.resize(at + 1, String::new());
        }
        r[at] = text;
    }
    Ok(rows)
}

/// An Excel date cell (days since 1899-12-30 in the 1900 system) as `YYYY-MM-DD`.
fn excel_serial_date(serial: f64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    match base.checked_add_days(chrono::Days::new(serial.floor().max(0.0) as u64)) {
        Some(d) => xinyong_model::Date(d).to_string(),
        None => serial.to_string(),
    }
}

/// Dates as clerks type them: `2026-05-06`, `2026/5/6`, `2026.5.6`, `2026年5月6日`.
/// Anything else passes through unchanged so the engine reports it with the contract's words.
fn normalise_date(v: &str) -> String {
    let t = v.trim().trim_end_matches('日');
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|c| c.is_ascii_digit()))
        && parts[0].len() == 4
    {
        return format!("{}-{:0>2}-{:0>2}", parts[0], parts[1], parts[2]);
    }
    v.trim().to_string()
}

struct Pending {
    subject: Map<String, Value>,
    /// Which row gave each subject field (for conflict messages).
    records: Vec<(usize, Map<String, Value>)>,
    rows: Vec<usize>,
    first_row: usize,
    rejected_rows: Vec<usize>,
}

fn table(rows: Rows) -> Result<Batch, Problems> {
    let mut it = rows.into_iter();
    let Some((_, header)) = it.next() else {
        return Err(file_problem(
            "文件为空，缺少表头行",
            "the file is empty: no header row",
        ));
    };
    let mut cols: Vec<Option<&'static Column>> = Vec::new();
    let mut problems = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if h.trim().is_empty() {
            cols.push(None);
            continue;
        }
        match by_header(h) {
            Some(c) if cols.iter().flatten().any(|x| x.key == c.key) => {
                problems.push(Problem::new(
                    format!("header[{}]", i + 1),
                    Some(format!("\"{h}\"")),
                    format!("列“{}”重复出现", c.zh),
                    format!("column {} appears twice", c.key),
                ))
            }
            Some(c) => cols.push(Some(c)),
            None => {
                let known: Vec<String> = COLUMNS
                    .iter()
                    .flat_map(|c| [c.key.to_string(), c.zh.to_string()])
                    .collect();
                let hint = xinyong_core::nearest(h.trim(), &known);
                let (hz, he) = hint
                    .map(|x| (format!("是否想写“{x}”？"), format!(" did you mean `{x}`?")))
                    .unwrap_or_default();
                problems.push(Problem::new(
                    format!("header[{}]", i + 1),
                    Some(format!("\"{h}\"")),
                    format!("无法识别的列名。{hz}可用列名见模板（xinyong batch --template）"),
                    format!("unknown column header.{he} See the template (xinyong batch --template) for the layout"),
                ));
                cols.push(None);
            }
        }
    }
    for need in ["subject_kind", "subject_id"] {
        if !cols.iter().flatten().any(|c| c.key == need) {
            let c = COLUMNS
                .iter()
                .find(|c| c.key == need)
                .expect("known column");
            problems.push(Problem::new(
                "header",
                None,
                format!("缺少必需的列“{}”", c.zh),
                format!("required column `{need}` is missing"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }

    let mut b = Batch::default();
    let mut order: Vec<String> = Vec::new();
    let mut pending: BTreeMap<String, Pending> = BTreeMap::new();
    for (row, cells) in it {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        b.rows_read += 1;
        let mut subject = Map::new();
        let mut record = Map::new();
        let mut bad: Option<RejectedRow> = None;
        for (i, raw) in cells.iter().enumerate() {
            let Some(Some(c)) = cols.get(i) else { continue };
            let v = raw.trim();
            if v.is_empty() {
                continue;
            }
            let value = match c.kind {
                Kind::Text => Value::String(normalise(c.key, v)),
                Kind::Date => Value::String(normalise_date(v)),
                Kind::List => Value::Array(
                    v.split([';', '；', '、', ',', '，'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| Value::String(normalise(c.key, s)))
                        .collect(),
                ),
                Kind::Bool => match yes_no(v) {
                    Some(b) => Value::Bool(b),
                    None => {
                        bad.get_or_insert(RejectedRow {
                            row,
                            column: c.key.into(),
                            value: v.into(),
                            zh: format!("“{}”应填 是 或 否", c.zh),
                            en: format!("`{}` must be yes or no (是 / 否, true / false)", c.key),
                        });
                        continue;
                    }
                },
                Kind::Number | Kind::Integer => {
                    let cleaned: String = v
                        .chars()
                        .filter(|ch| *ch != ',' && *ch != '，' && *ch != '元')
                        .collect();
                    // A percentage typed with its sign (90%); the column holds 0–100.
                    let cleaned = match c.key {
                        "drivers_aa_share" => {
                            cleaned.trim_end_matches(['%', '％']).trim_end().to_string()
                        }
                        _ => cleaned,
                    };
                    let parsed = if c.kind == Kind::Integer {
                        cleaned.parse::<i64>().ok().map(Value::from)
                    } else {
                        cleaned
                            .parse::<f64>()
                            .ok()
                            .and_then(serde_json::Number::from_f64)
                            .map(Value::Number)
                    };
                    match parsed {
                        Some(n) => n,
                        None => {
                            bad.get_or_insert(RejectedRow {
                                row,
                                column: c.key.into(),
                                value: v.into(),
                                zh: format!("“{}”应为数字", c.zh),
                                en: format!("`{}` must be a number", c.key),
                            });
                            continue;
                        }
                    }
                }
            };
            let key = match c.key {
                "subject_kind" => "kind",
                "subject_id" => "id",
                "subject_name" => "name",
                "record_id" => "id",
                "record_type" => "type",
                k => k,
            };
            if c.subject {
                subject.insert(key.into(), value);
            } else {
                record.insert(key.into(), value);
            }
        }
        // Rows group by the id in its standard form, so `…001x` and `…001X` (or a pasted
        // `91 110000 …`) are one subject; the report says the id was normalised.
        let Some(id) = subject
            .get("id")
            .and_then(Value::as_str)
            .map(|s| xinyong_core::ids::normalize(s).into_owned())
        else {
            b.rejected.push(RejectedRow {
                row,
                column: "subject_id".into(),
                value: String::new(),
                zh: "缺少证件号码，无法归入任何主体".into(),
                en: "no subject id, so the row belongs to no subject".into(),
            });
            continue;
        };
        if bad.is_none() && !record.is_empty() && !record.contains_key("type") {
            bad = Some(RejectedRow {
                row,
                column: "record_type".into(),
                value: String::new(),
                zh: "填写了记录内容但缺少记录类型".into(),
                en: "record fields are filled in but the record type is missing".into(),
            });
        }
        let p = pending.entry(id.clone()).or_insert_with(|| {
            order.push(id.clone());
            Pending {
                subject: Map::new(),
                records: Vec::new(),
                rows: Vec::new(),
                first_row: row,
                rejected_rows: Vec::new(),
            }
        });
        // The subject is still evaluated on its other rows, but marked incomplete.
        if let Some(r) = bad {
            b.rejected.push(r);
            p.rejected_rows.push(row);
            continue;
        }
        // Subject columns repeat on every row; a row that contradicts earlier rows is refused
        // rather than letting one of the two values win silently.
        let conflict = subject.iter().find(|(k, v)| {
            p.subject
                .get(*k)
                .is_some_and(|old| old != *v && !(k.as_str() == "id" && same_id(old, v)))
        });
        if let Some((k, v)) = conflict {
            let shown = v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string());
            let shown = if k == "id" {
                xinyong_core::ids::mask(&shown)
            } else {
                shown
            };
            b.rejected.push(RejectedRow {
                row,
                column: subject_column(k).into(),
                value: shown,
                zh: format!("与该主体第 {} 行填写的值不一致", p.first_row),
                en: format!(
                    "differs from the value on this subject's row {}",
                    p.first_row
                ),
            });
            p.rejected_rows.push(row);
            continue;
        }
        for (k, v) in subject {
            p.subject.entry(k).or_insert(v);
        }
        p.rows.push(row);
        if !record.is_empty() {
            record
                .entry("id".to_string())
                .or_insert_with(|| Value::String(format!("R{row}")));
            p.records.push((row, record));
        }
    }
    for id in order {
        let Some(mut p) = pending.remove(&id) else {
            continue;
        };
        let as_of = p.subject.remove("as_of");
        let mut doc = Map::new();
        if let Some(a) = as_of {
            doc.insert("as_of".into(), a);
        }
        doc.insert("subject".into(), Value::Object(p.subject));
        let record_rows = p.records.iter().map(|(r, _)| *r).collect();
        doc.insert(
            "records".into(),
            Value::Array(
                p.records
                    .into_iter()
                    .map(|(_, r)| Value::Object(r))
                    .collect(),
            ),
        );
        if p.rows.is_empty() {
            continue; // every row of it was refused while reading
        }
        b.subjects.push(SubjectEntry {
            doc: Value::Object(doc),
            record_rows,
            rows: p.rows,
            first_row: p.first_row,
            rejected_rows: p.rejected_rows,
        });
    }
    Ok(b)
}

/// The batch column a contract subject key comes from.
pub fn subject_column(key: &str) -> &str {
    match key {
        "kind" => "subject_kind",
        "id" => "subject_id",
        "name" => "subject_name",
        k => k,
    }
}

/// Two spellings of one id (see `xinyong_core::ids::normalize`).
fn same_id(a: &Value, b: &Value) -> bool {
    use xinyong_core::ids::normalize;
    matches!((a.as_str(), b.as_str()), (Some(a), Some(b)) if normalize(a) == normalize(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_typed() {
        assert_eq!(normalise_date("2026/5/6"), "2026-05-06");
        assert_eq!(normalise_date("2026年5月6日"), "2026-05-06");
        assert_eq!(normalise_date("2026.05.06"), "2026-05-06");
        assert_eq!(normalise_date("6/5/2026"), "6/5/2026");
    }
}
