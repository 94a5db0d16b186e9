//! Streamed screening of an XLSX batch (`xinyong batch FILE.xlsx --out OUT.csv|.jsonl|.xlsx`):
//! the workbook is read from its file (calamine reads the zip through `Read + Seek`) and its
//! sheet a cell at a time (`worksheet_cells_reader`), never as a grid; the rows go through the
//! same table and groups as a streamed CSV batch (crate::stream_csv), so the results are the
//! bytes the whole-file path (`read` + `screen` + `write`) gives for every workbook it accepts.
//!
//! What is held: the workbook's shared-strings table (calamine reads it when it opens the
//! workbook; at most `MAX_SHARED_STRINGS` entries and `MAX_XLSX_PART_BYTES` of XML), its merged
//! regions (16 bytes each), a row, and the rows of subjects held together as for CSV.
//!
//! The sheet is read in passes, each inflating the sheet's XML again:
//! 1. for every worksheet: its extent (the first and last rows and columns with a value, which
//!    bound the merged fill as in the whole-file reader; the same limits on a cell's length and
//!    the sheet's width) and its merged regions (`<mergeCells>` comes after `<sheetData>`:
//!    calamine scans the XML for them holding one element at a time); then its rows, until the
//!    sheet is known to be the one read (the first visible sheet with a header row) or to the
//!    end (the rows left on the other sheets are counted for the notes);
//! 2. the sheet read: every row's subject, for the stretches of interleaved subjects to hold
//!    (crate::stream_csv's first pass);
//! 3. the screening.
//!
//! Rows are assembled from the cells in sheet order, each merged region's value carried into
//! the cells it covers as the rows go by (the regions starting on a row are taken up there,
//! dropped after their last row), inside the extent, as the whole-file reader fills them.
//! Beyond the whole-file reader, a sheet whose rows are not stored in order (no spreadsheet
//! program writes one) and merged regions that overlap (Excel refuses them) are refused; the
//! row limit is Excel's own (1,048,576).

use std::collections::VecDeque;
use std::io::{BufReader, Read, Seek, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use calamine::{Data, Dimensions, Reader, SheetType, SheetVisible, Xlsx};
use xinyong_core::vocab::Lang;
use xinyong_core::{Options, Problems};

use crate::read::{
    blank, bounded_cell, cell_text, file_problem, find_header, not_xlsx, note, open_workbook,
    sheet_notes, too_wide, unchosen, unreadable_sheet, HeaderUsed, Note, OtherSheet, RejectedRow,
    Rows as Grid, EXCEL_MAX_ROWS, HEADER_SEARCH_ROWS, MAX_BATCH_BYTES, MAX_COLUMNS,
};
use crate::screen::{Counts, SubjectResult};
use crate::stream::{write_streamed, OutWriters, Source, StreamError, Streamed};
use crate::stream_csv::{head_table, held_stretches, screen_groups, RowRead};
use crate::Format;

/// A worksheet as the row passes read it: its extent and the merged regions that can fill it.
#[derive(Clone, Debug)]
struct SheetPlan {
    name: String,
    /// First and last row and column with a value (`top == u32::MAX`: none).
    top: u32,
    bottom: u32,
    left: u32,
    right: u32,
    /// (index in the sheet's list, region) of the regions whose top-left cell lies inside the
    /// extent (no other can fill a cell), by first row then index.
    merges: Vec<(usize, Dimensions)>,
}

impl SheetPlan {
    fn first_col(&self) -> usize {
        if self.top == u32::MAX {
            0
        } else {
            self.left as usize
        }
    }
}

/// Why the first passes over a worksheet stopped.
enum Stop {
    /// The sheet cannot be read, for a reason the whole-file reader has too (the XML, a cell's
    /// length, the sheet's width): as there, another sheet may be screened, and a note names
    /// this one.
    Sheet(Problems),
    /// The workbook is refused: a layout only this reader refuses (rows out of order, a cell
    /// beyond Excel's last row, overlapping merges), or an I/O error. Screening another sheet
    /// instead would answer for rows the clerk did not mean (found by the `batch_xlsx_stream`
    /// fuzz target: a data sheet with rows out of order made the help sheet's rows screened).
    Workbook(StreamError),
}

fn refused(p: Problems) -> Stop {
    Stop::Workbook(StreamError::Input(p))
}

/// The first pass over a worksheet: its extent, checked as the whole-file reader checks it
/// (a cell's length, the sheet's width) and against Excel's last row, and its merged regions.
fn plan<RS: Read + Seek>(wb: &mut Xlsx<RS>, name: &str) -> Result<SheetPlan, Stop> {
    let unreadable = |e| Stop::Sheet(unreadable_sheet(name, e));
    let mut reader = wb.worksheet_cells_reader(name).map_err(unreadable)?;
    let (mut top, mut bottom, mut left, mut right) = (u32::MAX, 0, u32::MAX, 0);
    let mut last: Option<u32> = None;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let Some((row, col, _)) = bounded_cell(&cell).map_err(Stop::Sheet)? else {
            continue;
        };
        if let Some(prev) = last.filter(|p| row < *p) {
            return Err(refused(file_problem(
                format!(
                    "工作表“{name}”的行未按顺序存放（第 {} 行在第 {} 行之后）；请用 Excel 或 WPS 打开后另存为 .xlsx",
                    row as u64 + 1,
                    prev as u64 + 1
                ),
                format!(
                    "the rows of sheet \"{name}\" are not stored in order (row {} comes after row {}); open it in Excel or WPS and save it as .xlsx again",
                    row as u64 + 1,
                    prev as u64 + 1
                ),
            )));
        }
        if row as usize >= EXCEL_MAX_ROWS {
            return Err(refused(file_problem(
                format!(
                    "工作表“{name}”在第 {} 行有内容，超出了 Excel 的最后一行（{EXCEL_MAX_ROWS}）",
                    row as u64 + 1
                ),
                format!(
                    "sheet \"{name}\" has a cell on row {}, beyond Excel's last row ({EXCEL_MAX_ROWS})",
                    row as u64 + 1
                ),
            )));
        }
        last = Some(row);
        (top, bottom) = (top.min(row), bottom.max(row));
        (left, right) = (left.min(col), right.max(col));
        if (right - left) as usize >= MAX_COLUMNS {
            return Err(Stop::Sheet(too_wide(name, row)));
        }
    }
    drop(reader);
    let mut merges = Vec::new();
    if last.is_some() {
        // As the whole-file reader: a sheet whose merged regions cannot be read has none.
        let all = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
        for (i, m) in all.into_iter().enumerate() {
            let inside = (top..=bottom).contains(&m.start.0) && (left..=right).contains(&m.start.1);
            if inside && m.end.0 >= m.start.0 && m.end.1 >= m.start.1 {
                merges.push((i, m));
            }
        }
        merges.sort_by_key(|(i, m)| (m.start.0, *i));
    }
    Ok(SheetPlan {
        name: name.to_string(),
        top,
        bottom,
        left,
        right,
        merges,
    })
}

/// Rows assembled from a sheet's cells, merged regions filled (see the module documentation).
struct Assembler<'a> {
    plan: &'a SheetPlan,
    next_merge: usize,
    /// Regions covering the current row, with their value, by index in the sheet's list.
    active: Vec<(usize, Dimensions, String)>,
    /// The last row assembled.
    done: Option<u32>,
    filled: usize,
}

impl Assembler<'_> {
    /// Row `r` from its cells (in any order; the last of a column wins): its cells from the
    /// extent's first column, or `None` when it has none.
    fn row(
        &mut self,
        r: u32,
        mut cells: Vec<(u32, String)>,
    ) -> Result<Option<Vec<String>>, Problems> {
        cells.sort_by_key(|c| c.0);
        let mut own: Vec<(u32, String)> = Vec::with_capacity(cells.len());
        for c in cells {
            match own.last_mut() {
                Some(l) if l.0 == c.0 => *l = c,
                _ => own.push(c),
            }
        }
        let p = self.plan;
        // The regions starting on this row, each with the value of its top-left cell (as the
        // whole-file reader takes it: the cell's own, or what a region before it in the list
        // filled it with).
        while let Some(&(idx, m)) = p.merges.get(self.next_merge) {
            if m.start.0 > r {
                break;
            }
            self.next_merge += 1;
            if m.start.0 < r {
                continue;
            }
            let col = m.start.1;
            let value = match own.binary_search_by_key(&col, |c| c.0) {
                Ok(i) => Some(own[i].1.clone()),
                Err(_) => self
                    .active
                    .iter()
                    .find(|a| a.0 < idx && a.1.start.1 <= col && col <= a.1.end.1)
                    .map(|a| a.2.clone()),
            };
            if let Some(v) = value {
                let at = self.active.partition_point(|a| a.0 < idx);
                self.active.insert(at, (idx, m, v));
            }
        }
        // Regions that do not overlap cover at most one cell of a row each from their first
        // column, which lies inside the extent.
        if self.active.len() > MAX_COLUMNS {
            return Err(file_problem(
                format!(
                    "工作表“{}”的合并单元格相互重叠（第 {} 行）；请用 Excel 或 WPS 打开后另存为 .xlsx",
                    p.name,
                    r as u64 + 1
                ),
                format!(
                    "the merged cells of sheet \"{}\" overlap (row {}); open it in Excel or WPS and save it as .xlsx again",
                    p.name,
                    r as u64 + 1
                ),
            ));
        }
        let width = (p.right - p.left) as usize + 1;
        let mut slots: Vec<Option<String>> = vec![None; width];
        for (c, t) in own {
            slots[(c - p.left) as usize] = Some(t);
        }
        for (_, m, v) in &self.active {
            for c in m.start.1.max(p.left)..=m.end.1.min(p.right) {
                let s = &mut slots[(c - p.left) as usize];
                if s.is_none() {
                    *s = Some(v.clone());
                    self.filled += 1;
                }
            }
        }
        self.active.retain(|a| a.1.end.0 > r);
        self.done = Some(r);
        let len = slots.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
        if len == 0 {
            return Ok(None);
        }
        slots.truncate(len);
        Ok(Some(
            slots.into_iter().map(Option::unwrap_or_default).collect(),
        ))
    }

    /// The rows up to row `r` (those between the last one and `r` that only merged regions
    /// fill), then row `r` with its cells, each to `f` until it says stop (`false`).
    fn rows_to(
        &mut self,
        r: u32,
        cells: Vec<(u32, String)>,
        f: &mut dyn FnMut(usize, Vec<String>) -> Result<bool, StreamError>,
    ) -> Result<bool, StreamError> {
        let mut at = self.done.map_or(self.plan.top, |d| d + 1);
        while at < r {
            if self.active.is_empty() {
                match self.plan.merges.get(self.next_merge) {
                    Some((_, m)) if m.start.0 < r => at = at.max(m.start.0),
                    _ => break,
                }
            }
            if let Some(row) = self.row(at, Vec::new()).map_err(StreamError::Input)? {
                if !f(at as usize + 1, row)? {
                    return Ok(false);
                }
            }
            at += 1;
        }
        match self.row(r, cells).map_err(StreamError::Input)? {
            Some(row) => f(r as usize + 1, row),
            None => Ok(true),
        }
    }
}

/// Every row of a planned sheet, in order, to `f` until it says stop: the cells merged regions
/// filled.
fn sheet_rows<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    plan: &SheetPlan,
    f: &mut dyn FnMut(usize, Vec<String>) -> Result<bool, StreamError>,
) -> Result<usize, StreamError> {
    let name = &plan.name;
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| StreamError::Input(unreadable_sheet(name, e)))?;
    let mut asm = Assembler {
        plan,
        next_merge: 0,
        active: Vec::new(),
        done: None,
        filled: 0,
    };
    let mut current: Option<(u32, Vec<(u32, String)>)> = None;
    loop {
        let next = reader
            .next_cell()
            .map_err(|e| StreamError::Input(unreadable_sheet(name, e)))?;
        let Some(cell) = next else {
            if let Some((r, cells)) = current.take() {
                asm.rows_to(r, cells, f)?;
            }
            return Ok(asm.filled);
        };
        let Some(text) = cell_text(Data::from(cell.get_value().clone())) else {
            continue;
        };
        let (row, col) = cell.get_position();
        match &mut current {
            Some((r, cells)) if *r == row => cells.push((col, text)),
            Some((r, _)) if row < *r || row > plan.bottom => {
                return Err(StreamError::Io(format!(
                    "工作表“{name}”在读取期间被修改 / sheet \"{name}\" changed while it was read"
                )));
            }
            _ => {
                if let Some((r, cells)) = current.replace((row, vec![(col, text)])) {
                    if !asm.rows_to(r, cells, f)? {
                        return Ok(asm.filled);
                    }
                }
            }
        }
    }
}

/// What the first rows pass found on a sheet.
enum Found {
    /// The sheet to read: visible, the first with a header (its rows were not all read).
    Header,
    /// Non-blank rows, and whether its first rows hold a header.
    Rows(usize, bool),
}

fn survey<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    name: &str,
    candidate: bool,
) -> Result<(SheetPlan, Found), Stop> {
    let plan = plan(wb, name)?;
    let mut head: Grid = Vec::new();
    let mut rows = 0;
    let mut found = false;
    sheet_rows(wb, &plan, &mut |row, cells| {
        rows += usize::from(!blank(&cells));
        if head.len() < HEADER_SEARCH_ROWS {
            head.push((row, cells));
            if candidate && head.len() == HEADER_SEARCH_ROWS && find_header(&head, 0).is_some() {
                found = true;
                return Ok(false);
            }
        }
        Ok(true)
    })
    // The XML read in `plan` already: what fails now is the layout (overlapping merges) or I/O.
    .map_err(Stop::Workbook)?;
    let header = find_header(&head, 0).is_some();
    Ok((
        plan,
        if found || (candidate && header) {
            Found::Header
        } else {
            Found::Rows(rows, header)
        },
    ))
}

/// A sheet's rows as they are read on another thread (see `produce`), with the cell text read
/// so far as the offset.
struct Stream {
    rx: Receiver<Message>,
    buf: VecDeque<(usize, Vec<String>)>,
    offset: u64,
}

impl RowRead for Stream {
    fn next_row(&mut self) -> Result<Option<(usize, Vec<String>, u64)>, StreamError> {
        loop {
            if let Some((row, cells)) = self.buf.pop_front() {
                let at = self.offset;
                self.offset += cells.iter().map(|c| c.len() as u64 + 1).sum::<u64>();
                return Ok(Some((row, cells, at)));
            }
            match self.rx.recv() {
                Ok(Ok(rows)) => self.buf = rows.into(),
                Ok(Err(e)) => return Err(e),
                Err(_) => return Ok(None),
            }
        }
    }

    fn end(&self) -> u64 {
        self.offset
    }
}

/// What the reading thread sends: rows (row number, cells), or why it stopped.
type Message = Result<Vec<(usize, Vec<String>)>, StreamError>;

/// Rows sent at once by the reading thread.
const ROWS_PER_MESSAGE: usize = 256;

/// Open the workbook and send the planned sheet's rows, a few hundred at a time (at most a few
/// messages ahead of the reader). Returns the cells merged regions filled.
fn produce<R: Read + Seek>(input: R, plan: &SheetPlan, tx: SyncSender<Message>) -> usize {
    let run = || -> Result<usize, StreamError> {
        let mut wb: Xlsx<_> = Xlsx::new(BufReader::with_capacity(1 << 16, input))
            .map_err(|e| StreamError::Input(not_xlsx(e)))?;
        let mut batch = Vec::with_capacity(ROWS_PER_MESSAGE);
        let mut gone = false;
        let filled = sheet_rows(&mut wb, plan, &mut |row, cells| {
            batch.push((row, cells));
            if batch.len() == ROWS_PER_MESSAGE
                && tx
                    .send(Ok(std::mem::replace(
                        &mut batch,
                        Vec::with_capacity(ROWS_PER_MESSAGE),
                    )))
                    .is_err()
            {
                gone = true;
                return Ok(false);
            }
            Ok(true)
        })?;
        if !gone && !batch.is_empty() {
            let _ = tx.send(Ok(batch));
        }
        Ok(filled)
    };
    match run() {
        Ok(filled) => filled,
        Err(e) => {
            let _ = tx.send(Err(e));
            0
        }
    }
}

/// `f` with the planned sheet's rows as a `RowRead`, read on another thread; and the cells
/// merged regions filled (once `f` has read every row).
fn with_rows<R, T>(
    input: R,
    plan: &SheetPlan,
    f: impl FnOnce(Stream) -> Result<T, StreamError>,
) -> Result<(T, usize), StreamError>
where
    R: Read + Seek + Send,
{
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel(4);
        let reader = scope.spawn(move || produce(input, plan, tx));
        let out = f(Stream {
            rx,
            buf: VecDeque::new(),
            offset: 0,
        });
        let filled = reader
            .join()
            .map_err(|_| StreamError::Io("reader thread panicked".into()))?;
        Ok((out?, filled))
    })
}

/// What the first passes over an XLSX batch found.
#[derive(Debug)]
pub struct XlsxPrepass {
    /// Data rows (for progress).
    pub rows: usize,
    /// Subjects (distinct ids, by hash).
    pub subjects: usize,
    /// The columns read, as the clerk headed them.
    pub headers: Vec<HeaderUsed>,
    /// The sheet read.
    pub sheet: String,
    plan: SheetPlan,
    /// The reader's notes about the workbook: the sheet read, rows on other sheets, merged fill.
    notes: Vec<Note>,
    held: Vec<(usize, usize)>,
}

impl XlsxPrepass {
    /// How many stretches of interleaved subjects are held.
    pub fn held_stretches(&self) -> usize {
        self.held.len()
    }
}

/// The first passes over an XLSX batch (see the module documentation). `open` gives the
/// workbook from its start each time it is called (three times). Refuses the workbook
/// (`StreamError::Input`) for what the whole-file reader refuses it for, besides its size and
/// row count, and for a held stretch of interleaved subjects over `MAX_BATCH_BYTES` of text.
pub fn xlsx_prepass<R: Read + Seek + Send>(
    open: &mut dyn FnMut() -> std::io::Result<R>,
) -> Result<XlsxPrepass, StreamError> {
    let (mut wb, sheets) = open_workbook(open()?, BufReader::with_capacity(1 << 16, open()?), true)
        .map_err(StreamError::Input)?;
    let mut chosen: Option<SheetPlan> = None;
    let mut fallback: Option<SheetPlan> = None;
    let mut first_err: Option<Problems> = None;
    let mut others: Vec<OtherSheet> = Vec::new();
    for s in &sheets {
        if s.typ != SheetType::WorkSheet {
            continue;
        }
        let hidden = s.visible != SheetVisible::Visible;
        let candidate = chosen.is_none() && !hidden;
        match survey(&mut wb, &s.name, candidate) {
            Ok((plan, Found::Header)) => chosen = Some(plan),
            Ok((plan, Found::Rows(n, header))) => {
                others.push((s.name.clone(), hidden, Some(n), header));
                if !hidden && fallback.is_none() {
                    fallback = Some(plan);
                }
            }
            Err(Stop::Sheet(e)) => {
                others.push((s.name.clone(), hidden, None, false));
                if !hidden {
                    first_err.get_or_insert(e);
                }
            }
            Err(Stop::Workbook(e)) => return Err(e),
        }
    }
    drop(wb);
    let (plan, mut notes) = match chosen {
        Some(plan) => {
            let notes = sheet_notes(&plan.name, &others);
            (plan, notes)
        }
        None => {
            let plan = unchosen(&others, first_err, fallback).map_err(StreamError::Input)?;
            (plan, Vec::new())
        }
    };
    let first_col = plan.first_col();
    let sheet = Some(plan.name.clone());
    let ((table, held, subjects), filled) = with_rows(open()?, &plan, |rows| {
        let (table, rows) = head_table(rows, first_col, sheet, Vec::new())?;
        held_stretches(table, rows, MAX_BATCH_BYTES as u64)
    })?;
    if filled > 0 {
        notes.push(note(
            format!("合并单元格的值已填入其覆盖的 {filled} 个单元格"),
            format!("merged cells: their value was filled into the {filled} cells they cover"),
        ));
    }
    Ok(XlsxPrepass {
        rows: table.rows_read(),
        subjects,
        headers: table.headers().to_vec(),
        sheet: plan.name.clone(),
        plan,
        notes,
        held,
    })
}

struct XlsxSource<'a, R> {
    input: R,
    pre: &'a XlsxPrepass,
    opts: &'a Options<'a>,
    jobs: usize,
    notes: &'a mut Vec<Note>,
}

impl<R: Read + Seek + Send> Source for XlsxSource<'_, R> {
    fn headers(&self) -> &[HeaderUsed] {
        &self.pre.headers
    }

    fn run<T: Send>(
        self,
        render: &(dyn Fn(SubjectResult) -> Result<T, String> + Sync),
        emit: &mut dyn FnMut(Vec<RejectedRow>, Option<T>) -> Result<(), String>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Counts, StreamError> {
        let pre = self.pre;
        let plan = &pre.plan;
        let (opts, jobs) = (self.opts, self.jobs);
        let ((counts, notes), _) = with_rows(self.input, plan, |rows| {
            let (table, rows) = head_table(
                rows,
                plan.first_col(),
                Some(plan.name.clone()),
                pre.notes.clone(),
            )?;
            screen_groups(table, rows, &pre.held, opts, jobs, render, emit, progress)
        })?;
        *self.notes = notes;
        Ok(counts)
    }
}

/// Screen an XLSX batch into CSV, JSONL or XLSX results, streamed: the same files `write`
/// gives for `screen(read(whole file))` (for XLSX results, the same cells), for every workbook
/// `read` accepts (and workbooks beyond its size and row limits). `input` must be the workbook
/// `pre` was computed from. Returns the reader's notes (the sheet read, rows on other sheets,
/// merged cells, title rows, columns ignored) too.
#[allow(clippy::too_many_arguments)]
pub fn screen_xlsx<R, W, S>(
    input: R,
    pre: &XlsxPrepass,
    format: Format,
    opts: &Options,
    jobs: usize,
    lang: Lang,
    open: &mut dyn FnMut(&'static str) -> Result<W, String>,
    spill: S,
    progress: &mut dyn FnMut(usize),
) -> Result<(Streamed, OutWriters<W>, Vec<Note>), StreamError>
where
    R: Read + Seek + Send,
    W: Write + Send,
    S: Read + Write + Seek,
{
    let mut notes = Vec::new();
    let source = XlsxSource {
        input,
        pre,
        opts,
        jobs,
        notes: &mut notes,
    };
    let (s, files) = write_streamed(source, format, lang, open, spill, progress)?;
    Ok((s, files, notes))
}
