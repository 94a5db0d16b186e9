//! Reading a batch: CSV or XLSX (one row per record, subject columns repeated; a subject with no
//! records has one row) or JSONL (one contract subject per line) into per-subject inputs.
//!
//! Each row keeps the row number the clerk's spreadsheet shows, so every problem can be reported
//! against the row and column the clerk typed it in.
//!
//! Clerks' own sheets are read as they are (issue 15): a title row above the header (the header
//! is the first row that names the subject id column), a 序号 or any other unknown column
//! (listed in `notes` and ignored), blank columns, synonyms and the widget's labels
//! (`xinyong_core::vocab`), merged cells (the merged value fills its region) and continuation rows
//! whose subject cells are blank (the previous row's subject carries down). In a workbook the first
//! visible sheet with a header is read; the others are named in `notes` with their row counts.
//!
//! Hostile files are refused before anything large is allocated: the zip's declared sizes (zip
//! bounds what it inflates to them), the shared-strings count calamine reserves for, the sheet's
//! extent, the cell count and each cell's length.
//!
//! This reader holds the file and its rows (64 MiB, 200,000 rows): the browser's staff module
//! reads a `File`'s bytes with it. `xinyong batch` streams instead (crate::stream for JSONL,
//! crate::stream_csv and crate::stream_xlsx for sheets, through the same `Table`).

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use xinyong_core::{Problem, Problems};

use crate::columns::{by_header, normalise, yes_no, Column, Kind, COLUMNS};

/// Largest batch file accepted (bytes).
pub const MAX_BATCH_BYTES: usize = 64 * 1024 * 1024;
/// Most data rows in one batch.
pub const MAX_ROWS: usize = 200_000;
/// Most characters in one cell: Excel's own limit (32,767), so no real sheet is refused.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Largest part of a workbook once inflated (a sheet's XML, the shared strings).
pub const MAX_XLSX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// Largest workbook once inflated, all parts together.
pub const MAX_XLSX_BYTES: u64 = 512 * 1024 * 1024;
/// Most parts (files) in a workbook's zip.
pub const MAX_XLSX_PARTS: usize = 10_000;
/// Most non-empty cells kept from a sheet.
pub const MAX_CELLS: usize = (MAX_ROWS + 1) * 40;
/// Most entries in a workbook's shared-strings table: the one part of a workbook that is held
/// whole however it is read (calamine reads it when it opens the workbook).
pub const MAX_SHARED_STRINGS: usize = MAX_CELLS;
/// Largest worksheet part once inflated when the sheet is streamed (read a cell at a time).
pub const MAX_STREAMED_SHEET_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// Largest workbook once inflated when its sheets are streamed.
pub const MAX_STREAMED_XLSX_BYTES: u64 = 8 * 1024 * 1024 * 1024;
/// Most merged regions in a streamed sheet (counted before calamine gathers them): four a row of
/// Excel's, 64 MiB of regions at most.
pub const MAX_MERGED_REGIONS: usize = 4 * EXCEL_MAX_ROWS;
/// Excel's last row: a streamed sheet may use every row of it, and none beyond.
pub const EXCEL_MAX_ROWS: usize = 1_048_576;
/// How far down a header row is looked for (title rows, notes above the table).
pub const HEADER_SEARCH_ROWS: usize = 30;

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

/// Something the reader did that the clerk should know about (which sheet was read, a title row
/// skipped, a column ignored, subject cells carried down, rows left on other sheets).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Note {
    pub zh: String,
    pub en: String,
}

/// A column of the clerk's sheet that was read: its layout key, the clerk's own header text and
/// the letter Excel shows above it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct HeaderUsed {
    pub key: String,
    pub header: String,
    pub letter: String,
}

#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub subjects: Vec<SubjectEntry>,
    pub rejected: Vec<RejectedRow>,
    /// Non-blank data rows (or non-blank JSONL lines) read.
    pub rows_read: usize,
    /// What the reader did that the clerk should know about.
    pub notes: Vec<Note>,
    /// The columns read, as the clerk headed them (empty for JSONL).
    pub headers: Vec<HeaderUsed>,
    /// The sheet read from a workbook.
    pub sheet: Option<String>,
}

pub(crate) fn file_problem(zh: impl Into<String>, en: impl Into<String>) -> Problems {
    Problems::one(Problem::new("FILE", None, zh, en))
}

pub(crate) fn note(zh: impl Into<String>, en: impl Into<String>) -> Note {
    Note {
        zh: zh.into(),
        en: en.into(),
    }
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
        Format::Csv => table(csv_grid(bytes)?),
        Format::Xlsx => table(xlsx_grid(bytes)?),
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

/// (row number as the spreadsheet shows it, cells) in sheet order.
pub(crate) type Rows = Vec<(usize, Vec<String>)>;

/// A sheet's rows before the header is known.
struct Grid {
    rows: Rows,
    /// Index (0 = A) of the sheet column that `cells[0]` stands for.
    first_col: usize,
    /// The workbook sheet, when there is one.
    sheet: Option<String>,
    notes: Vec<Note>,
}

/// The letters Excel shows above a column (0 → A, 25 → Z, 26 → AA).
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

pub(crate) fn cell_too_long(at: &str, chars: usize) -> Problems {
    file_problem(
        format!("单元格 {at} 过长（{chars} 个字符），每格最多 {MAX_CELL_CHARS} 个字符（Excel 的上限）"),
        format!("cell {at} is too long ({chars} characters); at most {MAX_CELL_CHARS} (Excel's own limit)"),
    )
}

/// Most bytes in one CSV row (its cells, quotes and separators). A streamed CSV batch holds a
/// row at a time (and a subject's rows), never the file, so this is what bounds a row: as large
/// as one subject file, far beyond a clerk's row (64 cells of Excel's 32,767 characters).
pub const MAX_ROW_BYTES: usize = MAX_LINE_BYTES;

/// Row numbers as a spreadsheet shows them. A CSV record starts on the row after the last line
/// end outside a quoted cell: `\r\n`, a lone `\r` (old Mac exports) and a lone `\n` each end one
/// row, a line end inside quotes (a multi-line cell) ends none, and an empty line is an empty row.
/// The csv reader's own line count sees only `\n` and counts those inside quotes (issue 15).
///
/// The text is pushed as it is read; only the bytes after the last place asked about are held
/// (the row being read), so a streamed file is never held.
pub(crate) struct ExcelRows {
    /// Text pushed; `window[head..]` is not yet counted, `window[head]` is at offset `at`.
    window: Vec<u8>,
    head: usize,
    at: usize,
    row: usize,
    state: Quote,
    after_cr: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Quote {
    FieldStart,
    Plain,
    Quoted,
    /// A quote inside a quoted field: the end of the quotes, or the first of `""`.
    ClosingOrDoubled,
}

impl ExcelRows {
    fn new() -> Self {
        ExcelRows {
            window: Vec::new(),
            head: 0,
            at: 0,
            row: 1,
            state: Quote::FieldStart,
            after_cr: false,
        }
    }

    fn push(&mut self, text: &[u8]) {
        self.window.extend_from_slice(text);
    }

    /// The row of the record starting at byte `to` (asked in increasing order; a place already
    /// counted past is the place counted to). The csv reader places a record after empty lines
    /// at the first of them, so line ends there are empty rows before the record.
    fn at(&mut self, to: usize) -> usize {
        let text = &self.window[self.head..];
        let mut end = to.saturating_sub(self.at).min(text.len());
        while matches!(text.get(end), Some(b'\r' | b'\n')) {
            end += 1;
        }
        for &b in &text[..end] {
            let line_end = matches!(b, b'\r' | b'\n');
            self.state = match (self.state, b) {
                (Quote::Quoted, b'"') => Quote::ClosingOrDoubled,
                (Quote::Quoted, _) => Quote::Quoted,
                (Quote::ClosingOrDoubled, b'"') => Quote::Quoted,
                (Quote::FieldStart, b'"') => Quote::Quoted,
                (_, b',') => Quote::FieldStart,
                (_, b'\r' | b'\n') => {
                    if !(b == b'\n' && self.after_cr) {
                        self.row += 1;
                    }
                    Quote::FieldStart
                }
                _ => Quote::Plain,
            };
            self.after_cr = b == b'\r' && line_end && self.state == Quote::FieldStart;
        }
        self.head += end;
        self.at += end;
        // Counted bytes go once they are most of the window (not on every row: a row's drain
        // would move the read-ahead each time).
        if self.head > 4096 && self.head * 2 > self.window.len() {
            self.window.drain(..self.head);
            self.head = 0;
        }
        self.row
    }

    /// Bytes pushed and not yet counted.
    fn held(&self) -> usize {
        self.window.len() - self.head
    }
}

/// The text between the decoder and the csv reader: counts rows as the text goes by and stops
/// a row that grows past its limit before it is held (the csv reader would grow its record to
/// any size).
struct Tee<R> {
    inner: R,
    rows: ExcelRows,
    limit: usize,
    over: bool,
}

/// What the csv reader reads ahead of a record (its buffer), besides the record itself.
const READ_AHEAD: usize = 64 * 1024;

impl<R: std::io::Read> std::io::Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.rows.push(&buf[..n]);
        // Line ends before a record are empty rows, not part of it.
        let at = self.rows.at;
        self.rows.at(at);
        if self.rows.held() > self.limit + READ_AHEAD {
            self.over = true;
            return Err(std::io::Error::other("row too long"));
        }
        Ok(n)
    }
}

fn row_too_long(row: usize, limit: usize) -> Problems {
    file_problem(
        format!("第 {row} 行过长：一行（一条记录）最多 {limit} 字节；请检查该行是否有多余的内容或未闭合的引号"),
        format!("row {row} is too long: a row (one record) is at most {limit} bytes; check it for stray content or an unclosed quote"),
    )
}

/// The rows of CSV text (UTF-8, BOM removed) as they are read: each with the row number the
/// spreadsheet shows and its byte offset in the text. Holds one row (at most `limit` bytes);
/// a cell over `MAX_CELL_CHARS` or a row over `limit` stops the file with an error naming the
/// row. The whole-file reader and the streamed one (crate::stream_csv) both read rows here.
pub(crate) struct CsvRows<R: std::io::Read> {
    rdr: csv::Reader<Tee<R>>,
    rec: csv::StringRecord,
    limit: usize,
    read: usize,
}

impl<R: std::io::Read> CsvRows<R> {
    pub(crate) fn new(text: R, limit: usize) -> Self {
        let rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Tee {
                inner: text,
                rows: ExcelRows::new(),
                limit,
                over: false,
            });
        CsvRows {
            rdr,
            rec: csv::StringRecord::new(),
            limit,
            read: 0,
        }
    }

    /// The next row: (row number, cells, byte offset), or `None` at the end of the text.
    pub(crate) fn next_row(&mut self) -> Result<Option<(usize, Vec<String>, u64)>, Problems> {
        match self.rdr.read_record(&mut self.rec) {
            Ok(false) => Ok(None),
            Ok(true) => {
                self.read += 1;
                let start = match self.rec.position() {
                    Some(p) => p.byte() as usize,
                    None => self.rows().at,
                };
                let row = self.rows().at(start);
                let content = self.rows().at;
                let end = self.rdr.position().byte() as usize;
                if end.saturating_sub(content) > self.limit {
                    return Err(row_too_long(row, self.limit));
                }
                self.rows().at(end);
                for (c, cell) in self.rec.iter().enumerate() {
                    let n = cell.chars().count();
                    if n > MAX_CELL_CHARS {
                        return Err(cell_too_long(&format!("{}{row}", column_letter(c)), n));
                    }
                }
                let cells = self.rec.iter().map(str::to_string).collect();
                Ok(Some((row, cells, start as u64)))
            }
            Err(e) => {
                if self.rdr.get_ref().over {
                    let at = self.rows().at;
                    let row = self.rows().at(at);
                    return Err(row_too_long(row, self.limit));
                }
                let read = self.read;
                let line = e
                    .position()
                    .map_or(read + 1, |p| self.rows().at(p.byte() as usize));
                Err(file_problem(
                    format!("CSV 格式错误（第 {line} 行）"),
                    format!("malformed CSV (line {line}): {e}"),
                ))
            }
        }
    }

    /// Bytes of text read up to the end of the last row.
    pub(crate) fn offset(&self) -> u64 {
        self.rdr.position().byte()
    }

    fn rows(&mut self) -> &mut ExcelRows {
        &mut self.rdr.get_mut().rows
    }
}

/// CSV text: UTF-8 (with or without a BOM), or GB18030/GBK as Excel's plain "CSV" saves it on a
/// Chinese Windows (only when the bytes are not UTF-8 and decode as GB18030 without an error).
fn csv_text(bytes: &[u8]) -> Result<(std::borrow::Cow<'_, str>, Option<Note>), Problems> {
    match utf8(bytes) {
        Ok(t) => Ok((std::borrow::Cow::Borrowed(t), None)),
        Err(e) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| (t, Some(gbk_note())))
            .ok_or(e),
    }
}

pub(crate) fn gbk_note() -> Note {
    note(
        "文件不是 UTF-8 编码，已按 GBK（GB18030）读取",
        "the file is not UTF-8; it was read as GBK (GB18030)",
    )
}

fn csv_grid(bytes: &[u8]) -> Result<Grid, Problems> {
    let (text, enc) = csv_text(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = CsvRows::new(text.as_bytes(), MAX_ROW_BYTES);
    let mut rows = Vec::new();
    while let Some((row, cells, _)) = reader.next_row()? {
        rows.push((row, cells));
        if rows.len() > MAX_ROWS + HEADER_SEARCH_ROWS {
            return Err(too_many());
        }
    }
    Ok(Grid {
        rows,
        first_col: 0,
        sheet: None,
        notes: enc.into_iter().collect(),
    })
}

/// Widest span of columns a batch sheet may use (from its first used column). The layout has
/// about 30 columns, plus a clerk's 序号 and other columns that are ignored.
pub const MAX_COLUMNS: usize = 64;

pub(crate) fn not_xlsx(e: impl std::fmt::Display) -> Problems {
    file_problem(
        "不是有效的 XLSX 文件（请用 Excel 或 WPS 另存为 .xlsx）",
        format!("not a valid XLSX file (save it as .xlsx from Excel or WPS): {e}"),
    )
}

/// Refuse a workbook whose parts would inflate beyond the limits, before calamine reads any of
/// them: zip bounds each part's output by its declared size, so declared sizes are what counts.
/// calamine also reserves room for the shared strings' `uniqueCount` up front, so that number is
/// held to what the part's size can hold.
///
/// `streamed`: the worksheets are read a cell at a time (crate::stream_xlsx), so a worksheet
/// part may be as large as `MAX_STREAMED_SHEET_BYTES` (the workbook `MAX_STREAMED_XLSX_BYTES`);
/// the parts calamine reads whole (the shared strings, the styles) keep `MAX_XLSX_PART_BYTES`.
pub(crate) fn check_zip<R: std::io::Read + std::io::Seek>(
    reader: R,
    streamed: bool,
) -> Result<(), Problems> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(reader).map_err(not_xlsx)?;
    if zip.len() > MAX_XLSX_PARTS {
        return Err(file_problem(
            format!("工作簿包含 {} 个部件，上限为 {MAX_XLSX_PARTS}", zip.len()),
            format!(
                "the workbook has {} parts; at most {MAX_XLSX_PARTS}",
                zip.len()
            ),
        ));
    }
    let mut total = 0u64;
    let mut strings: Vec<(usize, u64)> = Vec::new();
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(not_xlsx)?;
        let name = f.name().map_err(not_xlsx)?.into_owned();
        let size = f.size();
        let lower = name.to_ascii_lowercase();
        let shared_strings = lower.ends_with("sharedstrings.xml");
        if shared_strings && size > MAX_XLSX_PART_BYTES {
            return Err(file_problem(
                format!(
                    "工作簿的共享字符串表“{name}”解压后有 {size} 字节，上限为 {MAX_XLSX_PART_BYTES} 字节（预审时该表须整体读入内存）；请分成几个文件"
                ),
                format!(
                    "the workbook's shared strings \"{name}\" inflate to {size} bytes; at most {MAX_XLSX_PART_BYTES} (the table is held in memory while screening): split the file"
                ),
            ));
        }
        let limit = if streamed && lower.starts_with("xl/worksheets/") {
            MAX_STREAMED_SHEET_BYTES
        } else {
            MAX_XLSX_PART_BYTES
        };
        if size > limit {
            return Err(file_problem(
                format!(
                    "工作簿的部件“{name}”解压后有 {size} 字节，上限为 {limit} 字节；请删除无关内容或分成几个文件"
                ),
                format!(
                    "the workbook's part \"{name}\" inflates to {size} bytes; at most {limit}: remove what does not belong or split the file"
                ),
            ));
        }
        total = total.saturating_add(size);
        if shared_strings {
            strings.push((i, size));
        }
        // Every worksheet, in both modes: read whole here, so a damaged one (a checksum that
        // does not match, an unknown compression) refuses the workbook in both readers alike.
        // calamine stops at `</worksheet>` without the checksum, and the whole-file reader
        // took an unreadable sheet for a missing one where the streamed reader refused the
        // file (found by the `batch_xlsx_stream` fuzz target).
        if lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") {
            sheets.push((i, name));
        }
    }
    let max_total = if streamed {
        MAX_STREAMED_XLSX_BYTES
    } else {
        MAX_XLSX_BYTES
    };
    if total > max_total {
        return Err(file_problem(
            format!("工作簿解压后共 {total} 字节，上限为 {max_total} 字节；请分成几个文件"),
            format!("the workbook inflates to {total} bytes; at most {max_total}: split the file"),
        ));
    }
    // calamine gathers a sheet's merged regions into one list (16 bytes each): a streamed sheet
    // may inflate to gigabytes, so the regions are counted first, a piece of the XML at a time
    // (every `mergeCell` not followed by `s`: a region written `<mergeCell …/>` as Excel writes
    // it counts once, one with an end tag twice; never fewer than the regions).
    let damaged = |name: &str, e: &dyn std::fmt::Display| not_xlsx(format!("{name}: {e}"));
    for (i, name) in sheets {
        let mut f = zip.by_index(i).map_err(|e| damaged(&name, &e))?;
        let finder = memchr::memmem::Finder::new(b"mergeCell");
        let mut buf = vec![0u8; 1 << 16];
        let mut keep = 0usize;
        let mut count = 0usize;
        loop {
            let n = f.read(&mut buf[keep..]).map_err(|e| damaged(&name, &e))?;
            let end = keep + n;
            // The last bytes may start a match cut by the read: kept for the next round.
            let scan = if n == 0 { end } else { end.saturating_sub(9) };
            for at in finder.find_iter(&buf[..end]) {
                if at >= scan {
                    break;
                }
                if buf[..end].get(at + 9) != Some(&b's') {
                    count += 1;
                }
            }
            if count > MAX_MERGED_REGIONS {
                return Err(file_problem(
                    format!("工作表部件“{name}”的合并单元格区域超过 {MAX_MERGED_REGIONS} 个（预审时合并区域须整体读入内存）；请取消不必要的合并或分成几个文件"),
                    format!("the worksheet part \"{name}\" has more than {MAX_MERGED_REGIONS} merged regions (they are held in memory while screening): unmerge what need not be merged or split the file"),
                ));
            }
            if n == 0 {
                break;
            }
            buf.copy_within(scan..end, 0);
            keep = end - scan;
        }
    }
    for (i, size) in strings {
        let mut head = Vec::new();
        let f = zip.by_index(i).map_err(not_xlsx)?;
        f.take(64 * 1024).read_to_end(&mut head).map_err(not_xlsx)?;
        let head = String::from_utf8_lossy(&head);
        let count = head
            .split_once("uniqueCount=")
            .and_then(|(_, r)| {
                let r = r.trim_start_matches(['"', '\'']);
                let digits: String = r.chars().take_while(char::is_ascii_digit).collect();
                (!digits.is_empty()).then(|| digits.parse::<u128>().unwrap_or(u128::MAX))
            })
            .unwrap_or(0);
        // `<si><t/></si>` is at least 13 bytes: a count the part cannot hold is a lie.
        if count > (size / 13 + 1) as u128 {
            return Err(file_problem(
                format!("工作簿的共享字符串表声称有 {count} 项，与其大小（{size} 字节）不符"),
                format!("the workbook's shared strings claim {count} entries, more than their size ({size} bytes) can hold"),
            ));
        }
        if count > MAX_SHARED_STRINGS as u128 {
            return Err(file_problem(
                format!("工作簿的共享字符串表有 {count} 项，上限为 {MAX_SHARED_STRINGS} 项（预审时该表须整体读入内存）；请分成几个文件"),
                format!("the workbook's shared strings hold {count} entries; at most {MAX_SHARED_STRINGS} (the table is held in memory while screening): split the file"),
            ));
        }
    }
    Ok(())
}

/// A cell's value as the table reads it (`None`: an empty cell, not there).
pub(crate) fn cell_text(value: calamine::Data) -> Option<String> {
    use calamine::Data;
    Some(match value {
        Data::Empty => return None,
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
    })
}

pub(crate) fn unreadable_sheet(name: &str, e: impl std::fmt::Display) -> Problems {
    file_problem(
        format!("无法读取工作表“{name}”"),
        format!("cannot read sheet \"{name}\": {e}"),
    )
}

/// A worksheet cell as both XLSX readers take it: `None` when empty, else its row, column and
/// text; a text over `MAX_CELL_CHARS` (Excel's own limit) is refused naming the cell.
pub(crate) fn bounded_cell(
    cell: &calamine::Cell<calamine::DataRef<'_>>,
) -> Result<Option<(u32, u32, String)>, Problems> {
    let Some(text) = cell_text(calamine::Data::from(cell.get_value().clone())) else {
        return Ok(None);
    };
    let (row, col) = cell.get_position();
    let chars = text.chars().count();
    if chars > MAX_CELL_CHARS {
        return Err(cell_too_long(
            &format!("{}{}", column_letter(col as usize), row as u64 + 1),
            chars,
        ));
    }
    Ok(Some((row, col, text)))
}

/// The cells of one worksheet, bounded while reading; merged regions filled with their value.
fn sheet_grid<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<Grid, Problems> {
    use calamine::XlsxError;
    let unreadable = |e: XlsxError| unreadable_sheet(name, e);
    // The cells are read one by one, not through `worksheet_range`: a range is a dense grid from
    // the first to the last cell, so one cell at row 999999999 or column XFD asked for hundreds
    // of gigabytes and aborted the process (found by the `batch_xlsx` fuzz target). Rows and
    // columns are bounded while reading; only non-empty cells are kept.
    let mut reader = wb.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut cells: BTreeMap<(u32, u32), String> = BTreeMap::new();
    let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0, u32::MAX, 0);
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let Some((row, col, text)) = bounded_cell(&cell)? else {
            continue;
        };
        (top, bottom) = (top.min(row), bottom.max(row));
        (left, right) = (left.min(col), right.max(col));
        if (bottom - top) as usize > MAX_ROWS + HEADER_SEARCH_ROWS || cells.len() >= MAX_CELLS {
            return Err(too_many());
        }
        if (right - left) as usize >= MAX_COLUMNS {
            return Err(too_wide(name, row));
        }
        // A later cell at the same place wins, as in a range.
        cells.insert((row, col), text);
    }
    drop(reader);
    let mut notes = Vec::new();
    if !cells.is_empty() {
        // A merged region shows its top-left value in every cell it covers (a subject's cells
        // merged over its record rows, a title over the columns). Only the part inside the cells
        // read is filled, so a region reaching XFD1048576 costs nothing.
        let merged = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
        let mut filled = 0usize;
        for m in merged {
            let Some(v) = cells.get(&m.start).cloned() else {
                continue;
            };
            let (r0, r1) = (m.start.0.max(top), m.end.0.min(bottom));
            let (c0, c1) = (m.start.1.max(left), m.end.1.min(right));
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if let std::collections::btree_map::Entry::Vacant(e) = cells.entry((r, c)) {
                        e.insert(v.clone());
                        filled += 1;
                        if cells.len() > MAX_CELLS {
                            return Err(too_many());
                        }
                    }
                }
            }
        }
        if filled > 0 {
            notes.push(note(
                format!("合并单元格的值已填入其覆盖的 {filled} 个单元格"),
                format!("merged cells: their value was filled into the {filled} cells they cover"),
            ));
        }
    }
    // Row by row; blank rows are left out, which the table skips anyway.
    let mut rows: Rows = Vec::new();
    for ((row, col), text) in cells {
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
    Ok(Grid {
        rows,
        first_col: if left == u32::MAX { 0 } else { left as usize },
        sheet: Some(name.to_string()),
        notes,
    })
}

pub(crate) fn too_wide(name: &str, row: u32) -> Problems {
    file_problem(
        format!("工作表过宽（“{name}”）：第 {} 行有单元格超出了从第一个使用的列起 {MAX_COLUMNS} 列的范围；请删除模板列以外的内容", row as u64 + 1),
        format!("sheet \"{name}\" is too wide: row {} has a cell more than {MAX_COLUMNS} columns from the first used column; remove what lies outside the template's columns", row as u64 + 1),
    )
}

fn data_rows(g: &Grid) -> usize {
    g.rows
        .iter()
        .filter(|(_, c)| c.iter().any(|x| !x.trim().is_empty()))
        .count()
}

/// A worksheet not read, as the notes name it: (name, hidden, data rows or `None` when it
/// could not be read, has a header row).
pub(crate) type OtherSheet = (String, bool, Option<usize>, bool);

/// The notes of both XLSX readers on the sheet read (`name`) and every other sheet with rows
/// or that could not be read, hidden ones marked: one text, so the two readers cannot drift.
pub(crate) fn sheet_notes(name: &str, others: &[OtherSheet]) -> Vec<Note> {
    let mut notes = vec![note(
        format!("读取了工作表“{name}”"),
        format!("read sheet \"{name}\""),
    )];
    for (other, hidden, rows, _) in others {
        let (hz, he) = if *hidden {
            ("（隐藏）", " (hidden)")
        } else {
            ("", "")
        };
        match rows {
            Some(0) => {}
            Some(n) => notes.push(note(
                format!("工作表“{other}”{hz}有 {n} 行内容未读取；只预审工作表“{name}”，如需预审请把这些行移到该表或另存为单独的文件"),
                format!("sheet \"{other}\"{he} has {n} rows that were not read; only sheet \"{name}\" is screened: move them there or save them as a file of their own"),
            )),
            None => notes.push(note(
                format!("工作表“{other}”{hz}无法读取，未预审"),
                format!("sheet \"{other}\"{he} could not be read and was not screened"),
            )),
        }
    }
    notes
}

/// No visible sheet has a header row: an error when a hidden one has (unhide it), else the
/// first visible sheet's error, else the first visible sheet (`fallback`, for the
/// missing-column message), else an error: there is none.
pub(crate) fn unchosen<T>(
    others: &[OtherSheet],
    first_err: Option<Problems>,
    fallback: Option<T>,
) -> Result<T, Problems> {
    if let Some((name, ..)) = others.iter().find(|o| o.1 && o.3) {
        return Err(file_problem(
            format!("只有隐藏的工作表“{name}”有表头；请取消隐藏该工作表（或把数据复制到可见的工作表）后再预审"),
            format!("only the hidden sheet \"{name}\" has a header row; unhide it (or copy the data to a visible sheet) and screen again"),
        ));
    }
    if let Some(e) = first_err {
        return Err(e);
    }
    fallback.ok_or_else(|| {
        file_problem(
            "工作簿中没有可见的工作表",
            "the workbook has no visible worksheet",
        )
    })
}

/// A workbook opened for screening, with its sheets: its zip directory is checked first
/// against the limits (`zip`, the workbook from its start; `streamed`: see `check_zip`), then
/// it is opened from `reader`; a workbook with no sheet is refused.
pub(crate) fn open_workbook<Z, R>(
    zip: Z,
    reader: R,
    streamed: bool,
) -> Result<(calamine::Xlsx<R>, Vec<calamine::Sheet>), Problems>
where
    Z: std::io::Read + std::io::Seek,
    R: std::io::Read + std::io::Seek,
{
    use calamine::Reader;
    check_zip(zip, streamed)?;
    let wb: calamine::Xlsx<R> = calamine::Xlsx::new(reader).map_err(not_xlsx)?;
    let sheets = wb.sheets_metadata().to_vec();
    if sheets.is_empty() {
        return Err(file_problem(
            "工作簿中没有工作表",
            "the workbook has no sheet",
        ));
    }
    Ok((wb, sheets))
}

/// The first visible worksheet that has a header row; every other sheet with data is named in
/// a note with its row count, so nothing on it passes unnoticed.
fn xlsx_grid(bytes: &[u8]) -> Result<Grid, Problems> {
    use calamine::{SheetType, SheetVisible};
    let (mut wb, sheets) = open_workbook(
        std::io::Cursor::new(bytes),
        std::io::Cursor::new(bytes),
        false,
    )?;
    let mut chosen: Option<Grid> = None;
    // The first visible sheet, for the missing-column message when no sheet has a header.
    let mut fallback: Option<Grid> = None;
    let mut first_err: Option<Problems> = None;
    // (name, hidden, data rows or None when unreadable, has a header)
    let mut others: Vec<OtherSheet> = Vec::new();
    for s in &sheets {
        if s.typ != SheetType::WorkSheet {
            continue;
        }
        let hidden = s.visible != SheetVisible::Visible;
        match sheet_grid(&mut wb, &s.name) {
            Ok(g) => {
                let header = find_header(&g.rows, g.first_col).is_some();
                if chosen.is_none() && !hidden && header {
                    chosen = Some(g);
                } else {
                    others.push((s.name.clone(), hidden, Some(data_rows(&g)), header));
                    if !hidden && fallback.is_none() {
                        fallback = Some(g);
                    }
                }
            }
            Err(e) => {
                others.push((s.name.clone(), hidden, None, false));
                if !hidden {
                    first_err.get_or_insert(e);
                }
            }
        }
    }
    let Some(mut g) = chosen else {
        return unchosen(&others, first_err, fallback);
    };
    let name = g.sheet.clone().unwrap_or_default();
    let mut notes = sheet_notes(&name, &others);
    notes.append(&mut g.notes);
    g.notes = notes;
    Ok(g)
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

/// A cell as the exports protect it (`'=…`, see `write`): the apostrophe goes again.
fn unescape(v: &str) -> &str {
    match v.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => v,
    }
}

/// The header row: the first of the top rows that names the subject id column and at least one
/// other column of the layout (a title row or notes above it are skipped).
pub(crate) fn find_header(rows: &Rows, _first_col: usize) -> Option<usize> {
    rows.iter().take(HEADER_SEARCH_ROWS).position(|(_, cells)| {
        let keys: Vec<&str> = cells
            .iter()
            .filter_map(|h| by_header(h))
            .map(|c| c.key)
            .collect();
        keys.contains(&"subject_id") && keys.len() >= 2
    })
}

/// A cell quoted for a message: at most 20 characters.
fn quoted(h: &str) -> String {
    let h = h.trim();
    if h.chars().count() > 20 {
        format!("{}…", h.chars().take(20).collect::<String>())
    } else {
        h.to_string()
    }
}

/// The header row as found, for messages: `A“序号” B“主体类型” …`.
fn header_quote(header: &[String], first_col: usize) -> String {
    let cells: Vec<String> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.trim().is_empty())
        .take(40)
        .map(|(i, h)| format!("{}“{}”", column_letter(first_col + i), quoted(h)))
        .collect();
    if cells.is_empty() {
        "（空）".into()
    } else {
        cells.join(" ")
    }
}

/// The subject kind a valid id shows: a unified social credit code is an enterprise's, a citizen
/// ID a person's. Only used when the sheet has no 主体类型 column; an id that is neither is left
/// without a kind, so the engine asks for it.
fn kind_from_id(id: &str) -> Option<&'static str> {
    let id = id.trim();
    if xinyong_core::ids::check_uscc(id).is_ok() {
        Some("enterprise")
    } else if let Some(body) = id
        .get(..17)
        .filter(|b| id.len() == 18 && b.bytes().all(|b| b.is_ascii_digit()))
    {
        // `get`, not `[..17]`: 18 bytes may end in a two-byte character (found by fuzzing).
        xinyong_core::ids::citizen_check_char(body)
            .filter(|c| id.ends_with(*c) || id.ends_with(c.to_ascii_lowercase()))
            .map(|_| "person")
    } else {
        None
    }
}

struct Pending {
    subject: Map<String, Value>,
    /// Which row gave each subject field (for conflict messages).
    records: Vec<(usize, Map<String, Value>)>,
    rows: Vec<usize>,
    first_row: usize,
    rejected_rows: Vec<usize>,
}

/// A row read against the table (`Table::parse`), not yet in it.
pub(crate) struct ParsedRow {
    row: usize,
    /// `None` when no column the table reads has a value.
    data: Option<DataRow>,
    /// A row skipped that has text in ignored columns (counted in a note).
    ignored_text: bool,
}

struct DataRow {
    subject: Map<String, Value>,
    record: Map<String, Value>,
    bad: Option<RejectedRow>,
    carried: bool,
    id: Option<String>,
}

impl ParsedRow {
    /// The subject the row belongs to (its id in standard form), if any.
    pub(crate) fn id(&self) -> Option<&str> {
        self.data.as_ref()?.id.as_deref()
    }
}

/// What a data row is to the table: blank (not read), read but of no subject (refused), or a
/// row of the subject with this id (in its standard form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RowKey {
    Blank,
    Loose,
    Subject(String),
}

/// Rows listed in a note, as runs (`3-5, 8`): the first `MAX_NOTE_RUNS` runs, then a count, so
/// a note stays short however long the file.
#[derive(Default)]
struct RowRuns {
    runs: Vec<(usize, usize)>,
    total: usize,
}

const MAX_NOTE_RUNS: usize = 50;

impl RowRuns {
    /// Rows come in increasing order.
    fn push(&mut self, row: usize) {
        self.total += 1;
        let n = self.runs.len();
        match self.runs.last_mut() {
            Some(last) if last.1 + 1 == row => last.1 = row,
            _ if n < MAX_NOTE_RUNS => self.runs.push((row, row)),
            _ => {}
        }
    }

    fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// (Chinese, English) list.
    fn text(&self) -> (String, String) {
        let list = self
            .runs
            .iter()
            .map(|&(a, b)| {
                if b > a {
                    format!("{a}-{b}")
                } else {
                    a.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let listed: usize = self.runs.iter().map(|&(a, b)| b - a + 1).sum();
        if listed < self.total {
            (
                format!("{list} 等共 {} ", self.total),
                format!("{list} … ({} rows in all)", self.total),
            )
        } else {
            (list.clone(), list)
        }
    }
}

/// A sheet read row by row: the header (found among the first rows), then each data row into
/// the subject it belongs to. The whole-file reader feeds it every row and takes the subjects
/// at the end; the streamed CSV reader (crate::stream_csv) takes them a group at a time, so
/// the same rows give the same subjects, rejected rows and notes either way.
pub(crate) struct Table {
    cols: Vec<Option<&'static Column>>,
    headers: Vec<HeaderUsed>,
    notes: Vec<Note>,
    infer_kind: bool,
    sheet: Option<String>,
    /// Data rows allowed (`MAX_ROWS` when the file is held; none when it is streamed).
    max_rows: Option<usize>,
    rows_read: usize,
    rejected: Vec<RejectedRow>,
    order: Vec<String>,
    pending: BTreeMap<String, Pending>,
    /// The subject cells of the previous data row, for continuation rows whose subject cells
    /// are blank (merged cells saved as CSV, or left blank under the first row of a subject).
    previous: Option<(usize, Map<String, Value>)>,
    carried: RowRuns,
    only_ignored: usize,
}

/// The first rows of a sheet the header is looked for in: `HEADER_SEARCH_ROWS` rows, and on to
/// the first non-blank one (a sheet with no header reads its first non-blank row as one).
pub(crate) fn head_complete(rows: &Rows) -> bool {
    rows.len() >= HEADER_SEARCH_ROWS && rows.iter().any(|(_, c)| !blank(c))
}

pub(crate) fn blank(cells: &[String]) -> bool {
    cells.iter().all(|x| x.trim().is_empty())
}

impl Table {
    /// The header among `head` (see `head_complete`; all the rows when the sheet is shorter):
    /// the table and the index in `head` of the header row; the data rows are the ones after it.
    pub(crate) fn new(
        head: &Rows,
        first_col: usize,
        sheet: Option<String>,
        grid_notes: Vec<Note>,
        max_rows: Option<usize>,
    ) -> Result<(Table, usize), Problems> {
        let rows = head;
        let Some(first) = rows.iter().position(|(_, c)| !blank(c)) else {
            return Err(file_problem(
                "文件为空，缺少表头行",
                "the file is empty: no header row",
            ));
        };
        let hi = find_header(rows, first_col).unwrap_or(first);
        let mut notes = grid_notes;
        let header_row = rows[hi].0;
        let header = rows[hi].1.clone();
        for (r, cells) in &rows[..hi] {
            if let Some(t) = cells.iter().find(|c| !c.trim().is_empty()) {
                notes.push(note(
                    format!("表头在第 {header_row} 行；其上的第 {r} 行（“{}”）不是数据，已跳过", quoted(t)),
                    format!("the header is on row {header_row}; row {r} above it (\"{}\") is not data and was skipped", quoted(t)),
                ));
            }
        }
        let letter = |i: usize| column_letter(first_col + i);
        let mut cols: Vec<Option<&'static Column>> = Vec::new();
        let mut headers: Vec<HeaderUsed> = Vec::new();
        let mut ignored: Vec<(String, String)> = Vec::new();
        let mut problems = Vec::new();
        for (i, h) in header.iter().enumerate() {
            if h.trim().is_empty() {
                cols.push(None);
                continue;
            }
            match by_header(h) {
                Some(c) => {
                    if let Some(first) = headers.iter().find(|x| x.key == c.key) {
                        problems.push(Problem::new(
                            format!("header.{}", letter(i)),
                            Some(format!("\"{}\"", quoted(h))),
                            format!(
                                "第 {header_row} 行的表头中，{}列“{}”与{}列“{}”都表示“{}”（{}）；请删除或改名其中一列",
                                letter(i), quoted(h), first.letter, first.header, c.zh, c.key
                            ),
                            format!(
                                "in the header on row {header_row}, column {} \"{}\" and column {} \"{}\" both mean {} ({}); delete or rename one of them",
                                letter(i), quoted(h), first.letter, first.header, c.key, c.zh
                            ),
                        ));
                        cols.push(None);
                    } else {
                        headers.push(HeaderUsed {
                            key: c.key.into(),
                            header: h.trim().to_string(),
                            letter: letter(i),
                        });
                        cols.push(Some(c));
                    }
                }
                None => {
                    ignored.push((letter(i), h.trim().to_string()));
                    cols.push(None);
                }
            }
        }
        if !ignored.is_empty() {
            let list: Vec<String> = ignored
                .iter()
                .map(|(l, h)| format!("{l}“{}”", quoted(h)))
                .collect();
            let list_en: Vec<String> = ignored
                .iter()
                .map(|(l, h)| format!("{l} \"{}\"", quoted(h)))
                .collect();
            notes.push(note(
                format!(
                    "以下列不在预审的列中，已忽略：{}（可用列名见模板 xinyong batch --template）",
                    list.join("、")
                ),
                format!(
                    "these columns are not part of the screening layout and were ignored: {} (see the template, xinyong batch --template)",
                    list_en.join(", ")
                ),
            ));
        }
        let has = |k: &str| headers.iter().any(|x| x.key == k);
        let infer_kind = !has("subject_kind");
        let mut missing = vec!["subject_id"];
        missing.retain(|k| !has(k));
        for need in missing {
            let c = COLUMNS
                .iter()
                .find(|c| c.key == need)
                .expect("known column");
            // A typed English key is the one suggestion made (`subjct_id`): a Chinese header is
            // never matched by spelling, since a near word can mean another column (处罚日期 is
            // not 查询日期).
            let typo = ignored.iter().find_map(|(l, h)| {
                (h.is_ascii() && xinyong_core::nearest(h, &[need.to_string()]).is_some())
                    .then(|| (l.clone(), h.clone()))
            });
            let (tz, te) = typo
                .map(|(l, h)| {
                    (
                        format!("{l}列“{h}”是否就是 {need}？"),
                        format!(" Is column {l} \"{h}\" meant to be {need}?"),
                    )
                })
                .unwrap_or_default();
            let found = header_quote(&header, first_col);
            let aliases = c
                .aliases
                .iter()
                .take(4)
                .copied()
                .collect::<Vec<_>>()
                .join("、");
            problems.push(Problem::new(
                "header",
                Some(found.clone()),
                format!(
                    "缺少必需的列“{}”（{need}，也可写作 {aliases}）。在第 {header_row} 行找到的表头为：{found}。{tz}",
                    c.zh
                ),
                format!(
                    "the required column {need} ({}, or {aliases}) is missing. The header found on row {header_row} is: {found}.{te}",
                    c.zh
                ),
            ));
        }
        if !problems.is_empty() {
            return Err(Problems(problems));
        }
        if infer_kind {
            notes.push(note(
                "没有“主体类型”列：主体类型按证件号码判断（统一社会信用代码为企业，身份证号码为个人）",
                "no subject_kind column: the kind is taken from the id (a unified social credit code is an enterprise's, a citizen ID a person's)",
            ));
        }
        Ok((
            Table {
                cols,
                headers,
                notes,
                infer_kind,
                sheet,
                max_rows,
                rows_read: 0,
                rejected: Vec::new(),
                order: Vec::new(),
                pending: BTreeMap::new(),
                previous: None,
                carried: RowRuns::default(),
                only_ignored: 0,
            },
            hi,
        ))
    }

    /// The columns read, as the clerk headed them.
    pub(crate) fn headers(&self) -> &[HeaderUsed] {
        &self.headers
    }

    /// One data row. With `key_only`, the row's subject is found (subject cells carried down
    /// included) but nothing is kept for it: the streamed reader's first pass.
    pub(crate) fn row(
        &mut self,
        row: usize,
        cells: &[String],
        key_only: bool,
    ) -> Result<RowKey, Problems> {
        let parsed = self.parse(row, cells);
        self.commit(parsed, key_only)
    }

    /// A data row read against the header and the row above, nothing changed yet: its
    /// subject is known (`ParsedRow::id`) before it joins the table (`commit`).
    pub(crate) fn parse(&self, row: usize, cells: &[String]) -> ParsedRow {
        let cols = &self.cols;
        let used = |i: usize| matches!(cols.get(i), Some(Some(_)));
        if cells
            .iter()
            .enumerate()
            .all(|(i, c)| !used(i) || c.trim().is_empty())
        {
            return ParsedRow {
                row,
                data: None,
                ignored_text: !blank(cells),
            };
        }
        let mut subject = Map::new();
        let mut record = Map::new();
        let mut bad: Option<RejectedRow> = None;
        for (i, raw) in cells.iter().enumerate() {
            let Some(Some(c)) = self.cols.get(i) else {
                continue;
            };
            let v = unescape(raw.trim()).trim();
            if v.is_empty() {
                continue;
            }
            let value = match c.kind {
                // Against the national catalogue here; `screen` reads it again against the
                // catalogue of the pack that judges the subject (an overlay may add types).
                Kind::Text if c.key == "record_type" => Value::String(
                    xinyong_core::pack::builtin("national")
                        .ok()
                        .and_then(|p| xinyong_core::vocab::record_type(v, &p.rules.catalogue))
                        .unwrap_or_else(|| v.to_string()),
                ),
                Kind::Text => Value::String(normalise(c.key, v)),
                Kind::Date => Value::String(normalise_date(v)),
                Kind::List => {
                    let mut list: Vec<Value> = Vec::new();
                    for s in v
                        .split([';', '；', '、', ',', '，', '|'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                    {
                        let s = Value::String(normalise(c.key, s));
                        if !list.contains(&s) {
                            list.push(s);
                        }
                    }
                    Value::Array(list)
                }
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
                Kind::Number | Kind::Integer | Kind::Percent => {
                    let cleaned: String = v
                        .chars()
                        .filter(|ch| *ch != ',' && *ch != '，' && *ch != '元')
                        .collect();
                    // A percentage typed with its sign (90%); the column holds 0–100.
                    let cleaned = if c.kind == Kind::Percent {
                        cleaned.trim_end_matches(['%', '％']).trim_end().to_string()
                    } else {
                        cleaned
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
        // A continuation row: no subject id, and every subject cell it does have agrees with
        // the previous row's. The previous row's subject carries down.
        let mut carried = false;
        if !subject.contains_key("id") {
            if let Some((_, prev)) = &self.previous {
                if subject.iter().all(|(k, v)| prev.get(k) == Some(v)) {
                    for (k, v) in prev {
                        subject.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                    carried = true;
                }
            }
        }
        // Rows group by the id in its standard form, so `…001x` and `…001X` (or a pasted
        // `91 110000 …`) are one subject; the report says the id was normalised.
        let id = subject
            .get("id")
            .and_then(Value::as_str)
            .map(|s| xinyong_core::ids::normalize(s).into_owned());
        if let Some(id) = &id {
            if self.infer_kind && !subject.contains_key("kind") {
                if let Some(k) = kind_from_id(id) {
                    subject.insert("kind".into(), Value::String(k.into()));
                }
            }
        }
        ParsedRow {
            row,
            data: Some(DataRow {
                subject,
                record,
                bad,
                carried,
                id,
            }),
            ignored_text: false,
        }
    }

    /// A parsed row into the table: its subject's rows, or the rejected rows.
    pub(crate) fn commit(&mut self, parsed: ParsedRow, key_only: bool) -> Result<RowKey, Problems> {
        let row = parsed.row;
        let Some(DataRow {
            subject,
            mut record,
            mut bad,
            carried,
            id,
        }) = parsed.data
        else {
            if parsed.ignored_text {
                self.only_ignored += 1;
            }
            return Ok(RowKey::Blank);
        };
        self.rows_read += 1;
        if self.max_rows.is_some_and(|m| self.rows_read > m) {
            return Err(too_many());
        }
        if carried {
            self.carried.push(row);
        }
        let Some(id) = id else {
            if !key_only {
                self.rejected.push(RejectedRow {
                    row,
                    column: "subject_id".into(),
                    value: String::new(),
                    zh: "缺少证件号码，无法归入任何主体".into(),
                    en: "no subject id, so the row belongs to no subject".into(),
                });
            }
            return Ok(RowKey::Loose);
        };
        self.previous = Some((row, subject.clone()));
        if key_only {
            return Ok(RowKey::Subject(id));
        }
        if bad.is_none() && !record.is_empty() && !record.contains_key("type") {
            bad = Some(RejectedRow {
                row,
                column: "record_type".into(),
                value: String::new(),
                zh: "填写了记录内容但缺少记录类型".into(),
                en: "record fields are filled in but the record type is missing".into(),
            });
        }
        let order = &mut self.order;
        let p = self.pending.entry(id.clone()).or_insert_with(|| {
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
            self.rejected.push(r);
            p.rejected_rows.push(row);
            return Ok(RowKey::Subject(id));
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
            self.rejected.push(RejectedRow {
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
            return Ok(RowKey::Subject(id));
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
        Ok(RowKey::Subject(id))
    }

    /// The subjects gathered so far (in the order of their first rows) and the rows refused
    /// while reading them (in row order); the table goes on with none.
    pub(crate) fn take(&mut self) -> (Vec<SubjectEntry>, Vec<RejectedRow>) {
        let mut subjects = Vec::new();
        for id in std::mem::take(&mut self.order) {
            let Some(mut p) = self.pending.remove(&id) else {
                continue;
            };
            if p.rows.is_empty() {
                continue; // every row of it was refused while reading
            }
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
            subjects.push(SubjectEntry {
                doc: Value::Object(doc),
                record_rows,
                rows: p.rows,
                first_row: p.first_row,
                rejected_rows: p.rejected_rows,
            });
        }
        (subjects, std::mem::take(&mut self.rejected))
    }

    /// Data rows read so far.
    pub(crate) fn rows_read(&self) -> usize {
        self.rows_read
    }

    /// The reader's notes, headers and sheet, once every row is read.
    pub(crate) fn finish(mut self) -> (Vec<Note>, Vec<HeaderUsed>, Option<String>) {
        if !self.carried.is_empty() {
            let (zh, en) = self.carried.text();
            self.notes.push(note(
                format!("第 {zh} 行的主体信息为空（或为合并单元格），沿用了上一行的主体"),
                format!("rows {en} had blank (or merged) subject cells: the subject of the row above was carried down"),
            ));
        }
        let only_ignored = self.only_ignored;
        if only_ignored > 0 {
            self.notes.push(note(
                format!("有 {only_ignored} 行只在被忽略的列中有内容，未作为数据读取"),
                format!(
                    "{only_ignored} rows hold text only in ignored columns and were not read as data"
                ),
            ));
        }
        (self.notes, self.headers, self.sheet)
    }
}

fn table(grid: Grid) -> Result<Batch, Problems> {
    let Grid {
        rows,
        first_col,
        sheet,
        notes,
    } = grid;
    let (mut t, hi) = Table::new(&rows, first_col, sheet, notes, Some(MAX_ROWS))?;
    for (row, cells) in rows.into_iter().skip(hi + 1) {
        t.row(row, &cells, false)?;
    }
    let (subjects, rejected) = t.take();
    let rows_read = t.rows_read();
    let (notes, headers, sheet) = t.finish();
    Ok(Batch {
        subjects,
        rejected,
        rows_read,
        notes,
        headers,
        sheet,
    })
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

    #[test]
    fn column_letters() {
        let l: Vec<String> = [0, 5, 25, 26, 27, 51, 52, 701, 702, 16383]
            .into_iter()
            .map(column_letter)
            .collect();
        assert_eq!(
            l,
            ["A", "F", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
        );
    }

    #[test]
    fn excel_rows_count_line_ends_outside_quotes() {
        let t = b"h\r\n\"a\nb\"\r\n\r\nc\rd\n\"x\"\"\ny\"\nz";
        let mut r = ExcelRows::new();
        r.push(t);
        // Record starts: "a…" at 3, "c" at 12, "d" at 14, "x…" at 16, "z" at 24.
        let starts = [3, 12, 14, 16, 24];
        let got: Vec<usize> = starts.iter().map(|&s| r.at(s)).collect();
        assert_eq!(got, [2, 4, 5, 6, 7]);
    }

    #[test]
    fn row_lists() {
        let mut r = RowRuns::default();
        for row in [3, 4, 5, 8, 10, 11] {
            r.push(row);
        }
        assert_eq!(r.text().0, "3-5, 8, 10-11");
        let mut long = RowRuns::default();
        for row in (2..1000).step_by(2) {
            long.push(row);
        }
        let (zh, en) = long.text();
        assert!(zh.ends_with(" 100 等共 499 "), "{zh}");
        assert!(en.ends_with(" 100 … (499 rows in all)"), "{en}");
    }
}
