//! Streamed screening of a CSV batch (`xinyong batch FILE.csv --out OUT.csv|.jsonl`): the file
//! is never held, only a row, a subject's rows and, in the first pass, 32 bytes per subject;
//! the results are the bytes the whole-file path (`read` + `screen` + `write`) gives for every
//! file it accepts, on any number of threads.
//!
//! The rows go through the same reader (`read::CsvRows`: Excel's row numbers, a row at most
//! `MAX_ROW_BYTES`, a cell at most Excel's 32,767 characters) and the same table
//! (`read::Table`: title rows, the header, synonyms, subject cells carried down, conflicts) as
//! the whole-file path. What differs is when a subject is complete:
//!
//! - **A subject's rows are usually adjacent** (clerks list a subject's records under it). The
//!   whole-file reader gathers a subject's rows wherever they are, so a subject whose rows are
//!   not adjacent (a file sorted by date, say) is still one subject with one result; the
//!   stream must never split it into two. So a first pass (`csv_prepass`) finds the subject of
//!   every row (carried-down cells included) and the subjects that come back after other
//!   subjects' rows. From a subject's first row to its last, the rows are held and screened
//!   together (with every subject that starts in between): the same result, in the same place.
//!   What is held is bounded: a stretch of interleaved rows over `held_bytes` (64 MiB, the
//!   whole-file limit, so every file the whole-file path accepts passes) refuses the file
//!   before anything is written, naming the rows and asking for the file sorted by subject id.
//! - **The encoding** (UTF-8, BOM, or GBK when the bytes are not UTF-8) is decided on the whole
//!   file in the first pass, as the whole-file path does, not on a prefix: a GBK name far down
//!   an otherwise ASCII file reads the same either way.
//!
//! The first pass holds, per run of adjacent rows of one subject, a 64-bit hash of its id with
//! the run's index (16 bytes) and its first row and byte offset (16 bytes): 32 MB per million
//! subjects, dropped before the screening starts, which holds only the stretches found. A hash collision can only join two subjects' stretches
//! into one held stretch (the rows are still grouped by their real ids), never change a result.

use std::io::{BufRead, Read, Seek, Write};

use xinyong_core::{Options, Problem, Problems};

use crate::read::{
    gbk_note, head_complete, CsvRows, HeaderUsed, Note, RejectedRow, SubjectEntry, Table,
    MAX_BATCH_BYTES, MAX_ROW_BYTES,
};
use crate::screen::{screen_one, Counts, SubjectResult};
use crate::stream::{
    not_utf8, parallel, write_streamed, OutWriters, Source, StreamError, Streamed, Utf8Check,
    CHUNK_LINES,
};
use crate::Format;
use xinyong_core::vocab::Lang;

/// What a streamed CSV batch may hold.
#[derive(Clone, Copy, Debug)]
pub struct CsvLimits {
    /// Bytes of one row (`MAX_ROW_BYTES`).
    pub row_bytes: usize,
    /// Bytes of a stretch of interleaved subjects held to be screened together
    /// (`MAX_BATCH_BYTES`, the whole-file limit).
    pub held_bytes: u64,
}

impl Default for CsvLimits {
    fn default() -> Self {
        CsvLimits {
            row_bytes: MAX_ROW_BYTES,
            held_bytes: MAX_BATCH_BYTES as u64,
        }
    }
}

/// What the first pass over a CSV batch found.
#[derive(Debug)]
pub struct CsvPrepass {
    /// Data rows (for progress).
    pub rows: usize,
    /// Subjects (distinct ids, by hash).
    pub subjects: usize,
    /// The columns read, as the clerk headed them.
    pub headers: Vec<HeaderUsed>,
    gbk: bool,
    limits: CsvLimits,
    /// Stretches of runs to hold and screen together: (first run, last run), in order.
    held: Vec<(usize, usize)>,
}

impl CsvPrepass {
    /// Whether the file is read as GBK (GB18030).
    pub fn gbk(&self) -> bool {
        self.gbk
    }

    /// How many stretches of interleaved subjects are held.
    pub fn held_stretches(&self) -> usize {
        self.held.len()
    }
}

/// CSV bytes as UTF-8 text: passed through, or decoded from GB18030; a UTF-8 BOM at the start
/// of the text removed (as the whole-file reader removes it after decoding).
pub(crate) struct Decoded<R> {
    inner: R,
    gbk: Option<encoding_rs::Decoder>,
    out: Vec<u8>,
    pos: usize,
    started: bool,
    eof: bool,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl<R: BufRead> Decoded<R> {
    fn new(inner: R, gbk: bool) -> Self {
        Decoded {
            inner,
            gbk: gbk.then(|| encoding_rs::GB18030.new_decoder_without_bom_handling()),
            out: Vec::new(),
            pos: 0,
            started: false,
            eof: false,
        }
    }

    fn fill(&mut self) -> std::io::Result<()> {
        if self.pos == self.out.len() {
            self.out.clear();
            self.pos = 0;
        }
        let src = self.inner.fill_buf()?;
        let last = src.is_empty();
        let used = match &mut self.gbk {
            None => {
                self.out.extend_from_slice(src);
                src.len()
            }
            Some(d) => {
                let start = self.out.len();
                let room = d
                    .max_utf8_buffer_length_without_replacement(src.len())
                    .unwrap_or(src.len() * 4 + 16);
                self.out.resize(start + room, 0);
                let (res, read, written) =
                    d.decode_to_utf8_without_replacement(src, &mut self.out[start..], last);
                self.out.truncate(start + written);
                if let encoding_rs::DecoderResult::Malformed(..) = res {
                    return Err(std::io::Error::other("not GB18030"));
                }
                read
            }
        };
        self.inner.consume(used);
        self.eof = last;
        Ok(())
    }
}

impl<R: BufRead> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            while !self.eof
                && (self.pos == self.out.len()
                    || (!self.started && self.out.len() - self.pos < BOM.len()))
            {
                self.fill()?;
            }
            if !self.started {
                self.started = true;
                if self.out[self.pos..].starts_with(BOM) {
                    self.pos += BOM.len();
                }
                continue;
            }
            let n = (self.out.len() - self.pos).min(buf.len());
            buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
            self.pos += n;
            return Ok(n);
        }
    }
}

/// `None` when the whole stream is UTF-8, else the offset of the first byte that is not.
fn utf8_error<R: BufRead>(mut r: R) -> Result<Option<usize>, StreamError> {
    let mut check = Utf8Check::default();
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(check.finish().err());
        }
        if let Err(at) = check.feed(buf) {
            return Ok(Some(at));
        }
        let n = buf.len();
        r.consume(n);
    }
}

/// Whether the whole stream decodes as GB18030 without an error.
fn is_gb18030<R: BufRead>(r: R) -> Result<bool, StreamError> {
    let mut d = Decoded::new(r, true);
    match std::io::copy(&mut d, &mut std::io::sink()) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::Other && e.to_string() == "not GB18030" => {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// A sheet's rows as they are read: (row number as the spreadsheet shows it, cells, offset).
/// The offset grows with the text read (a CSV file's byte offset; for a workbook, the cell text
/// read so far): it measures what a held stretch of rows costs.
pub(crate) trait RowRead {
    fn next_row(&mut self) -> Result<Option<(usize, Vec<String>, u64)>, StreamError>;
    /// The offset after the last row.
    fn end(&self) -> u64;
}

impl<R: BufRead> RowRead for CsvRows<Decoded<R>> {
    fn next_row(&mut self) -> Result<Option<(usize, Vec<String>, u64)>, StreamError> {
        CsvRows::next_row(self).map_err(StreamError::Input)
    }

    fn end(&self) -> u64 {
        self.offset()
    }
}

/// The rows of a sheet: the header first, then every data row.
pub(crate) struct Rows<S> {
    src: S,
    /// Data rows read with the header: (row, cells, byte offset).
    head: std::vec::IntoIter<(usize, Vec<String>, u64)>,
}

type CsvTableRows<R> = Rows<CsvRows<Decoded<R>>>;

/// Read up to the data rows: the table and the reader positioned after the header.
fn open_table<R: BufRead>(
    input: R,
    gbk: bool,
    limits: &CsvLimits,
) -> Result<(Table, CsvTableRows<R>), StreamError> {
    let csv = CsvRows::new(Decoded::new(input, gbk), limits.row_bytes);
    let notes: Vec<Note> = gbk.then(gbk_note).into_iter().collect();
    head_table(csv, 0, None, notes)
}

/// Read a sheet up to its data rows (the header among the first rows, as the whole-file
/// reader finds it): the table and the rows after the header.
pub(crate) fn head_table<S: RowRead>(
    mut src: S,
    first_col: usize,
    sheet: Option<String>,
    notes: Vec<Note>,
) -> Result<(Table, Rows<S>), StreamError> {
    let mut head = Vec::new();
    let mut offsets = Vec::new();
    while !head_complete(&head) {
        let Some((row, cells, at)) = src.next_row()? else {
            break;
        };
        // Past the rows the header is looked for in, blank rows before the first non-blank
        // one are neither header nor data: not kept.
        if head.len() >= crate::read::HEADER_SEARCH_ROWS
            && cells.iter().all(|c| c.trim().is_empty())
        {
            continue;
        }
        head.push((row, cells));
        offsets.push(at);
    }
    let (table, hi) =
        Table::new(&head, first_col, sheet, notes, None).map_err(StreamError::Input)?;
    let head: Vec<_> = head
        .into_iter()
        .zip(offsets)
        .skip(hi + 1)
        .map(|((row, cells), at)| (row, cells, at))
        .collect();
    Ok((
        table,
        Rows {
            src,
            head: head.into_iter(),
        },
    ))
}

impl<S: RowRead> Rows<S> {
    /// (row, cells, byte offset in the text).
    fn next(&mut self) -> Result<Option<(usize, Vec<String>, u64)>, StreamError> {
        if let Some(row) = self.head.next() {
            return Ok(Some(row));
        }
        self.src.next_row()
    }
}

fn hash64(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// The first pass over a CSV batch: the encoding (the whole file is UTF-8, else GB18030, else
/// the same error as reading it whole), the header, every row's subject, and the stretches of
/// interleaved subjects to hold. `open` gives the batch from its start each time it is called
/// (three times at most). Refuses the file (`StreamError::Input`) for what the whole-file
/// reader refuses it for, besides its size and row count, and for a held stretch over
/// `limits.held_bytes`.
pub fn csv_prepass<R: BufRead>(
    open: &mut dyn FnMut() -> std::io::Result<R>,
    limits: CsvLimits,
) -> Result<CsvPrepass, StreamError> {
    let gbk = match utf8_error(open()?)? {
        None => false,
        Some(at) => {
            if !is_gb18030(open()?)? {
                return Err(not_utf8(at));
            }
            true
        }
    };
    let (table, rows) = open_table(open()?, gbk, &limits)?;
    let (table, held, subjects) = held_stretches(table, rows, limits.held_bytes)?;
    Ok(CsvPrepass {
        rows: table.rows_read(),
        subjects,
        headers: table.headers().to_vec(),
        gbk,
        limits,
        held,
    })
}

/// Stretches of runs to hold and screen together: (first run, last run), in order.
pub(crate) type Held = Vec<(usize, usize)>;

/// Every data row's subject (carried-down cells included), and the stretches of interleaved
/// subjects to hold (refused over `held_bytes`): the table once every row is read, the
/// stretches, and how many subjects there are.
pub(crate) fn held_stretches<S: RowRead>(
    mut table: Table,
    mut rows: Rows<S>,
    held_bytes: u64,
) -> Result<(Table, Held, usize), StreamError> {
    // Per run of adjacent rows of one subject: (hash << 64 | run), first row, byte offset.
    let mut keys: Vec<u128> = Vec::new();
    let mut starts: Vec<(u32, u64)> = Vec::new();
    let mut last: Option<String> = None;
    let mut end = 0u64;
    while let Some((row, cells, at)) = rows.next()? {
        end = at;
        let parsed = table.parse(row, &cells);
        if let Some(id) = parsed.id() {
            if last.as_deref() != Some(id) {
                keys.push(((hash64(id) as u128) << 64) | keys.len() as u128);
                starts.push((u32::try_from(row).unwrap_or(u32::MAX), at));
                last = Some(id.to_string());
            }
        }
        table.commit(parsed, true).map_err(StreamError::Input)?;
    }
    let text_end = rows.src.end().max(end);
    keys.sort_unstable();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut subjects = 0;
    for group in keys.chunk_by(|a, b| a >> 64 == b >> 64) {
        subjects += 1;
        if let [first, .., last] = group {
            spans.push((*first as u64 as usize, *last as u64 as usize));
        }
    }
    drop(keys);
    spans.sort_unstable();
    let mut held: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match held.last_mut() {
            Some(h) if a <= h.1 => h.1 = h.1.max(b),
            _ => held.push((a, b)),
        }
    }
    for &(a, b) in &held {
        let from = starts[a].1;
        let to = starts.get(b + 1).map_or(text_end, |s| s.1);
        let bytes = to.saturating_sub(from);
        if bytes > held_bytes {
            let (ra, rb) = (starts[a].0, starts[b].0);
            let limit = held_bytes;
            return Err(StreamError::Input(Problems::one(Problem::new(
                "FILE",
                None,
                format!(
                    "第 {ra} 行起的主体，其行与其他主体的行交错，直到第 {rb} 行：这些行（约 {bytes} 字节）须一起保留才能得出完整结果，上限为 {limit} 字节。请按证件号码排序（使每个主体的行相邻）后再预审"
                ),
                format!(
                    "the rows of subjects from row {ra} on are interleaved with other subjects' rows up to row {rb}: those rows (about {bytes} bytes) would have to be held to give complete results; at most {limit} bytes. Sort the file by subject id (so each subject's rows are adjacent) and screen it again"
                ),
            ))));
        }
    }
    Ok((table, held, subjects))
}

/// A run of rows screened together: its subjects (in the order of their first rows) and the
/// rows refused while reading them; every row in it lies between the rows of the groups
/// before and after it.
struct Group {
    entries: Vec<SubjectEntry>,
    rejected: Vec<RejectedRow>,
    /// Data rows read up to the end of the group.
    rows_read: usize,
}

/// The groups of a CSV batch, in row order (see the module documentation).
struct Groups<'a, S> {
    rows: Rows<S>,
    table: Table,
    held: &'a [(usize, usize)],
    hold_until: Option<usize>,
    runs: usize,
    last: Option<String>,
    done: bool,
}

impl<S: RowRead> Groups<'_, S> {
    fn take(&mut self) -> Option<Group> {
        let (entries, rejected) = self.table.take();
        (!entries.is_empty() || !rejected.is_empty()).then(|| Group {
            entries,
            rejected,
            rows_read: self.table.rows_read(),
        })
    }

    fn next(&mut self) -> Result<Option<Group>, StreamError> {
        loop {
            let Some((row, cells, _)) = self.rows.next()? else {
                if self.done {
                    return Ok(None);
                }
                self.done = true;
                return Ok(self.take());
            };
            let parsed = self.table.parse(row, &cells);
            let mut out = None;
            if let Some(id) = parsed.id() {
                if self.last.as_deref() != Some(id) {
                    // A new run: the rows before it are a group, unless they are held with
                    // rows still to come.
                    let run = self.runs;
                    self.runs += 1;
                    if self.hold_until.is_none_or(|h| run > h) {
                        self.hold_until = None;
                        out = self.take();
                    }
                    if let Some(&(a, b)) = self.held.first() {
                        if a == run {
                            self.hold_until = Some(b);
                            self.held = &self.held[1..];
                        }
                    }
                    self.last = Some(id.to_string());
                }
            }
            self.table
                .commit(parsed, false)
                .map_err(StreamError::Input)?;
            if out.is_some() {
                return Ok(out);
            }
        }
    }

    fn chunk(&mut self) -> Result<Option<Vec<Group>>, StreamError> {
        let mut chunk = Vec::new();
        while chunk.len() < CHUNK_LINES {
            match self.next()? {
                Some(g) => chunk.push(g),
                None => break,
            }
        }
        Ok((!chunk.is_empty()).then_some(chunk))
    }
}

/// A group screened and rendered by a worker.
struct Piece<T> {
    rejected: Vec<RejectedRow>,
    rejected_rows: usize,
    results: Vec<T>,
    rows_used: usize,
    incomplete: usize,
    ignored: usize,
    rows_read: usize,
}

fn screen_group<T>(
    g: Group,
    opts: &Options,
    render: &(dyn Fn(SubjectResult) -> Result<T, String> + Sync),
) -> Result<Piece<T>, String> {
    // As `screen` orders them: the rows refused while reading, then the screening's, sorted by
    // row (stably); the group's rows are no other group's, so the whole file's order follows.
    let mut rejected = g.rejected;
    let mut piece = Piece {
        rejected: Vec::new(),
        rejected_rows: 0,
        results: Vec::new(),
        rows_used: 0,
        incomplete: 0,
        ignored: 0,
        rows_read: g.rows_read,
    };
    for e in g.entries {
        if let Some(res) = screen_one(e, opts, true, &mut rejected) {
            piece.rows_used += res.rows.len();
            piece.incomplete += usize::from(!res.rejected_rows.is_empty());
            piece.ignored += res.report.ignored.len();
            piece.results.push(render(res)?);
        }
    }
    rejected.sort_by_key(|r| r.row);
    let mut rows: Vec<usize> = rejected.iter().map(|r| r.row).collect();
    rows.dedup();
    piece.rejected_rows = rows.len();
    piece.rejected = rejected;
    Ok(piece)
}

struct CsvSource<'a, R> {
    input: R,
    pre: &'a CsvPrepass,
    opts: &'a Options<'a>,
    jobs: usize,
    /// The reader's notes, once every row is read.
    notes: &'a mut Vec<Note>,
}

impl<R: BufRead + Send> Source for CsvSource<'_, R> {
    fn headers(&self) -> &[HeaderUsed] {
        &self.pre.headers
    }

    fn run<T: Send>(
        self,
        render: &(dyn Fn(SubjectResult) -> Result<T, String> + Sync),
        emit: &mut dyn FnMut(Vec<RejectedRow>, Option<T>) -> Result<(), String>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Counts, StreamError> {
        let (table, rows) = open_table(self.input, self.pre.gbk, &self.pre.limits)?;
        let (counts, notes) = screen_groups(
            table,
            rows,
            &self.pre.held,
            self.opts,
            self.jobs,
            render,
            emit,
            progress,
        )?;
        *self.notes = notes;
        Ok(counts)
    }
}

/// The data rows of a sheet screened a group at a time (on `jobs` threads), each group's
/// rejected rows and results handed to `emit` in row order: the counts and the reader's notes.
#[allow(clippy::too_many_arguments)]
pub(crate) fn screen_groups<S: RowRead + Send, T: Send>(
    table: Table,
    rows: Rows<S>,
    held: &[(usize, usize)],
    opts: &Options,
    jobs: usize,
    render: &(dyn Fn(SubjectResult) -> Result<T, String> + Sync),
    emit: &mut dyn FnMut(Vec<RejectedRow>, Option<T>) -> Result<(), String>,
    progress: &mut dyn FnMut(usize),
) -> Result<(Counts, Vec<Note>), StreamError> {
    let mut groups = Groups {
        rows,
        table,
        held,
        hold_until: None,
        runs: 0,
        last: None,
        done: false,
    };
    let mut counts = Counts::default();
    let mut take = |p: Piece<T>| -> Result<(), String> {
        counts.rows_rejected += p.rejected_rows;
        counts.rows_used += p.rows_used;
        counts.subjects += p.results.len();
        counts.subjects_incomplete += p.incomplete;
        counts.records_ignored += p.ignored;
        emit(p.rejected, None)?;
        for r in p.results {
            emit(Vec::new(), Some(r))?;
        }
        progress(p.rows_read);
        Ok(())
    };
    if jobs <= 1 {
        while let Some(g) = groups.next()? {
            take(screen_group(g, opts, render)?)?;
        }
    } else {
        parallel(
            &mut || groups.chunk(),
            jobs,
            &|g| screen_group(g, opts, render),
            &mut take,
        )?;
    }
    let Groups { table, .. } = groups;
    counts.rows_read = table.rows_read();
    progress(counts.rows_read);
    Ok((counts, table.finish().0))
}

/// Screen a CSV batch into CSV or JSONL results, streamed: the same files `write` gives for
/// `screen(read(whole file))`, byte for byte, for every file `read` accepts (and files beyond
/// its size and row limits). `input` must be the bytes `pre` was computed from. Returns the
/// reader's notes (title rows skipped, columns ignored, subject cells carried down, GBK) too.
#[allow(clippy::too_many_arguments)]
pub fn screen_csv<R, W, S>(
    input: R,
    pre: &CsvPrepass,
    format: Format,
    opts: &Options,
    jobs: usize,
    lang: Lang,
    open: &mut dyn FnMut(&'static str) -> Result<W, String>,
    spill: S,
    progress: &mut dyn FnMut(usize),
) -> Result<(Streamed, OutWriters<W>, Vec<Note>), StreamError>
where
    R: BufRead + Send,
    W: Write + Send,
    S: Read + Write + Seek,
{
    let mut notes = Vec::new();
    let source = CsvSource {
        input,
        pre,
        opts,
        jobs,
        notes: &mut notes,
    };
    let (s, files) = write_streamed(source, format, lang, open, spill, progress)?;
    Ok((s, files, notes))
}
