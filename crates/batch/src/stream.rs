//! Streamed screening of a JSONL batch (`xinyong batch FILE.jsonl --out OUT.csv|.jsonl`): memory
//! bounded by a constant, whatever the size of the file, every core used, and the same bytes as
//! reading the whole file (`read` + `screen` + `write`).
//!
//! What is held at any time: a few chunks of lines (each line at most `MAX_LINE_BYTES`) being
//! read, screened or written, the commitment schemes met so far, and 24 bytes per subject for
//! the duplicate check. What needs the whole screening is handled as follows:
//! - duplicate subjects (a later line refused, the first marked incomplete) and the UTF-8 check
//!   of the file: a first pass over the file (`prepass`), before anything is written;
//! - the summary's commitment scheme columns (every scheme met in the batch, in first-seen
//!   order): the summary rows are spilled to a file (one JSON line each) while the details and
//!   rejected rows are written straight away; at the end the header is known and the spilled
//!   rows are written under it;
//! - the counts: added up line by line (for JSONL every rejection of a line is at that line).
//!
//! Evaluation runs on `jobs` threads: the reader hands out chunks of lines in order, workers
//! screen and render them, and the writer puts the chunks back in order. At most
//! `IN_FLIGHT_PER_JOB × jobs` chunks exist at once, so a slow chunk cannot make the others pile up.
//!
//! XLSX results are written in rust_xlsxwriter's constant-memory mode (`write::XlsxOut`): the
//! details and rejected rows as they come, the summary from the spill at the end; the same cells
//! as the whole-file workbook (its strings inline rather than shared, so not the same bytes).

use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use serde::{Deserialize, Serialize};
use xinyong_core::{Options, Problem, Problems};

use crate::read::{
    jsonl_line, line_too_long, DuplicateFinder, Duplicates, Format, JsonlLine, RejectedRow,
    MAX_LINE_BYTES,
};
use crate::read::{Batch, HeaderUsed, SubjectEntry};
use crate::screen::{assemble, screen, screen_one, Counts, Screening, SubjectResult};
use crate::view::{add_schemes, SchemeInfo};
use xinyong_core::vocab::Lang;

use crate::write::{
    detail_header, detail_texts, jsonl_rejected, jsonl_result, rejected_header, rejected_texts,
    scheme_columns_of, summary, summary_header, summary_texts, CsvOut, SummaryRow,
};

/// Lines handed to a worker at once (fewer when they add up to `CHUNK_BYTES`).
pub(crate) const CHUNK_LINES: usize = 256;
pub(crate) const CHUNK_BYTES: usize = 1 << 20;
/// Chunks read, being screened or waiting to be written, per worker.
const IN_FLIGHT_PER_JOB: usize = 3;

/// Why a stream stopped: the file (exit 2, nothing written yet) or reading / writing.
#[derive(Debug)]
pub enum StreamError {
    Input(Problems),
    Io(String),
}

impl From<std::io::Error> for StreamError {
    fn from(e: std::io::Error) -> Self {
        StreamError::Io(e.to_string())
    }
}

impl From<String> for StreamError {
    fn from(e: String) -> Self {
        StreamError::Io(e)
    }
}

/// A line as read: its number and bytes (no line end), or only its length when it is longer
/// than `MAX_LINE_BYTES`.
pub(crate) enum RawLine {
    Text(usize, Vec<u8>),
    TooLong(usize, usize),
}

/// Splits a byte stream into lines as `str::lines` does after a UTF-8 BOM is removed (`\n` or
/// `\r\n` ends a line, the last line needs no end), holding at most `MAX_LINE_BYTES + 4`
/// bytes of a line (a BOM and a `\r` besides the line).
struct Lines<R> {
    r: R,
    row: usize,
    utf8: Option<Utf8Check>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl<R: BufRead> Lines<R> {
    fn new(r: R, check_utf8: bool) -> Self {
        Lines {
            r,
            row: 0,
            utf8: check_utf8.then(Utf8Check::default),
        }
    }

    fn next(&mut self) -> Result<Option<RawLine>, StreamError> {
        let mut buf = Vec::new();
        // The first bytes of the file, to see a BOM even in a line too long to hold.
        let mut head: Vec<u8> = Vec::new();
        let (mut len, mut last_cr, mut any, mut long) = (0usize, false, false, false);
        loop {
            let avail = self.r.fill_buf()?;
            if avail.is_empty() {
                if !any {
                    if let Some(u) = &self.utf8 {
                        u.finish().map_err(not_utf8)?;
                    }
                    return Ok(None);
                }
                break;
            }
            any = true;
            let (piece, end) = match memchr::memchr(b'\n', avail) {
                Some(i) => (&avail[..i], true),
                None => (avail, false),
            };
            if let Some(u) = &mut self.utf8 {
                u.feed(&avail[..piece.len() + usize::from(end)])
                    .map_err(not_utf8)?;
            }
            if self.row == 0 && head.len() < BOM.len() {
                let more = (BOM.len() - head.len()).min(piece.len());
                head.extend_from_slice(&piece[..more]);
            }
            len += piece.len();
            if let Some(&b) = piece.last() {
                last_cr = b == b'\r';
            }
            if !long {
                if len > MAX_LINE_BYTES + BOM.len() + 1 {
                    long = true;
                    buf = Vec::new();
                } else {
                    buf.extend_from_slice(piece);
                }
            }
            let used = piece.len() + usize::from(end);
            self.r.consume(used);
            if end {
                if last_cr {
                    len -= 1;
                    buf.pop();
                }
                break;
            }
        }
        if self.row == 0 && head == BOM {
            len -= BOM.len();
            if !long {
                buf.drain(..BOM.len());
            }
        }
        self.row += 1;
        Ok(Some(if long || len > MAX_LINE_BYTES {
            RawLine::TooLong(self.row, len)
        } else {
            RawLine::Text(self.row, buf)
        }))
    }
}

/// UTF-8 checked a piece at a time (a character may be cut between two pieces), giving the
/// offset of the first bad byte in the file, as `str::from_utf8` on the whole file does.
#[derive(Default)]
pub(crate) struct Utf8Check {
    /// The start of a character cut at the end of the last piece (at most 3 bytes).
    carry: Vec<u8>,
    /// File offset of `carry[0]` (or of the next byte when `carry` is empty).
    at: usize,
}

impl Utf8Check {
    pub(crate) fn feed(&mut self, mut piece: &[u8]) -> Result<(), usize> {
        if !self.carry.is_empty() {
            let take = (4 - self.carry.len()).min(piece.len());
            let mut joined = self.carry.clone();
            joined.extend_from_slice(&piece[..take]);
            match std::str::from_utf8(&joined) {
                Ok(_) => {
                    self.at += joined.len();
                    self.carry.clear();
                    piece = &piece[take..];
                }
                Err(e) if e.valid_up_to() >= self.carry.len() => {
                    let used = e.valid_up_to() - self.carry.len();
                    self.at += e.valid_up_to();
                    self.carry.clear();
                    piece = &piece[used..];
                }
                Err(e) if e.error_len().is_none() && take == piece.len() => {
                    self.carry = joined;
                    return Ok(());
                }
                Err(_) => return Err(self.at),
            }
        }
        match std::str::from_utf8(piece) {
            Ok(_) => self.at += piece.len(),
            Err(e) if e.error_len().is_none() => {
                self.at += e.valid_up_to();
                self.carry = piece[e.valid_up_to()..].to_vec();
            }
            Err(e) => return Err(self.at + e.valid_up_to()),
        }
        Ok(())
    }

    pub(crate) fn finish(&self) -> Result<(), usize> {
        if self.carry.is_empty() {
            Ok(())
        } else {
            Err(self.at)
        }
    }
}

pub(crate) fn not_utf8(at: usize) -> StreamError {
    StreamError::Input(Problems::one(Problem::new(
        "FILE",
        None,
        format!(
            "文件不是 UTF-8 编码（第 {at} 字节处）；如为 Excel 另存的 CSV，请选择“CSV UTF-8”格式"
        ),
        format!("file is not UTF-8 (at byte {at}); save CSV from Excel as \"CSV UTF-8\""),
    )))
}

/// What the first pass over a JSONL batch found.
#[derive(Debug, Default)]
pub struct Prepass {
    /// Non-blank lines: the rows the screening will read (for progress).
    pub rows: usize,
    pub duplicates: Duplicates,
}

/// The first pass: the file is UTF-8 (else the same error as reading it whole), its rows, and
/// the lines that repeat a subject. Holds a line at a time.
pub fn prepass<R: BufRead>(r: R) -> Result<Prepass, StreamError> {
    let mut lines = Lines::new(r, true);
    let mut dups = DuplicateFinder::default();
    let mut rows = 0;
    while let Some(line) = lines.next()? {
        match line {
            RawLine::TooLong(..) => rows += 1,
            RawLine::Text(row, bytes) => {
                // Checked by `lines` already; a cut character is the file's error, found there.
                let Ok(text) = std::str::from_utf8(&bytes) else {
                    continue;
                };
                if !text.trim().is_empty() {
                    rows += 1;
                    dups.line(row, text);
                }
            }
        }
    }
    Ok(Prepass {
        rows,
        duplicates: dups.finish(),
    })
}

/// One line screened and rendered by a worker.
struct Piece<T> {
    read: bool,
    rejected: Vec<RejectedRow>,
    result: Option<Screened<T>>,
}

struct Screened<T> {
    rendered: T,
    rows_used: usize,
    incomplete: bool,
    ignored: usize,
}

fn screen_line<T>(
    line: RawLine,
    dups: &Duplicates,
    opts: &Options,
    render: &(dyn Fn(SubjectResult) -> Result<T, String> + Sync),
) -> Result<Piece<T>, String> {
    let outcome = match line {
        RawLine::TooLong(row, len) => JsonlLine::Rejected(line_too_long(row, len)),
        RawLine::Text(row, bytes) => {
            let text = String::from_utf8(bytes).map_err(|_| {
                format!("第 {row} 行不是 UTF-8：文件在读取期间被修改 / line {row} is not UTF-8: the file changed while it was read")
            })?;
            jsonl_line(row, &text, dups)
        }
    };
    let mut piece = Piece {
        read: true,
        rejected: Vec::new(),
        result: None,
    };
    match outcome {
        JsonlLine::Blank => piece.read = false,
        JsonlLine::Rejected(r) => piece.rejected.push(r),
        JsonlLine::Subject(entry) => {
            // A JSONL line is contract JSON, read exactly as `xinyong check` reads it.
            if let Some(res) = screen_one(entry, opts, false, &mut piece.rejected) {
                piece.result = Some(Screened {
                    rows_used: res.rows.len(),
                    incomplete: !res.rejected_rows.is_empty(),
                    ignored: res.report.ignored.len(),
                    rendered: render(res)?,
                });
            }
        }
    }
    Ok(piece)
}

/// Screen a JSONL batch line by line on `jobs` threads (1: this thread only), handing each
/// line's rejected rows and rendered result to `emit` in input order. `progress` gets the rows
/// read so far. Returns the counts of the whole screening.
pub fn screen_lines<R, T>(
    input: R,
    pre: &Prepass,
    opts: &Options,
    jobs: usize,
    render: &(dyn Fn(SubjectResult) -> Result<T, String> + Sync),
    emit: &mut dyn FnMut(Vec<RejectedRow>, Option<T>) -> Result<(), String>,
    progress: &mut dyn FnMut(usize),
) -> Result<Counts, StreamError>
where
    R: BufRead + Send,
    T: Send,
{
    let mut lines = Lines::new(input, false);
    let mut counts = Counts::default();
    let mut rejected_rows = 0;
    let mut take = |piece: Piece<T>| -> Result<(), String> {
        counts.rows_read += usize::from(piece.read);
        rejected_rows += usize::from(!piece.rejected.is_empty());
        let result = piece.result.map(|s| {
            counts.rows_used += s.rows_used;
            counts.subjects += 1;
            counts.subjects_incomplete += usize::from(s.incomplete);
            counts.records_ignored += s.ignored;
            s.rendered
        });
        emit(piece.rejected, result)?;
        progress(counts.rows_read);
        Ok(())
    };
    let dups = &pre.duplicates;
    if jobs <= 1 {
        while let Some(line) = lines.next()? {
            take(screen_line(line, dups, opts, render)?)?;
        }
    } else {
        parallel(
            &mut || read_chunk(&mut lines),
            jobs,
            &|line| screen_line(line, dups, opts, render),
            &mut take,
        )?;
    }
    counts.rows_rejected = rejected_rows;
    Ok(counts)
}

/// The baseline of the stream benchmark (`cargo xtask bench --stream`): every line read and
/// parsed into a contract input as the screening does (UTF-8 check, JSON, the subject's fields),
/// on `jobs` threads, without evaluating or writing. Returns the subjects parsed.
pub fn parse_lines<R: BufRead + Send>(
    input: R,
    pre: &Prepass,
    jobs: usize,
) -> Result<usize, StreamError> {
    let mut lines = Lines::new(input, false);
    let dups = &pre.duplicates;
    let parse = |line: RawLine| -> Result<bool, String> {
        let RawLine::Text(row, bytes) = line else {
            return Ok(false);
        };
        let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
        Ok(match jsonl_line(row, &text, dups) {
            JsonlLine::Subject(e) => xinyong_core::input::parse_input(&e.doc.to_string()).is_ok(),
            _ => false,
        })
    };
    let mut subjects = 0;
    let mut take = |ok: bool| {
        subjects += usize::from(ok);
        Ok(())
    };
    if jobs <= 1 {
        while let Some(line) = lines.next()? {
            take(parse(line)?)?;
        }
    } else {
        parallel(&mut || read_chunk(&mut lines), jobs, &parse, &mut take)?;
    }
    Ok(subjects)
}

fn read_chunk<R: BufRead>(lines: &mut Lines<R>) -> Result<Option<Vec<RawLine>>, StreamError> {
    let mut chunk = Vec::new();
    let mut bytes = 0;
    while chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
        match lines.next()? {
            Some(line) => {
                bytes += match &line {
                    RawLine::Text(_, b) => b.len(),
                    RawLine::TooLong(..) => 0,
                };
                chunk.push(line);
            }
            None => break,
        }
    }
    Ok((!chunk.is_empty()).then_some(chunk))
}

/// Reader thread → `jobs` workers → this thread writing in order. Tokens bound the chunks in
/// flight: the reader takes one per chunk, the writer gives it back once the chunk is written.
pub(crate) fn parallel<I, P>(
    source: &mut (dyn FnMut() -> Result<Option<Vec<I>>, StreamError> + Send),
    jobs: usize,
    work: &(dyn Fn(I) -> Result<P, String> + Sync),
    take: &mut dyn FnMut(P) -> Result<(), String>,
) -> Result<(), StreamError>
where
    I: Send,
    P: Send,
{
    use std::collections::BTreeMap;
    use std::sync::mpsc::{sync_channel, Receiver};
    use std::sync::Mutex;

    let in_flight = IN_FLIGHT_PER_JOB * jobs;
    let (token_tx, token_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = token_tx.send(());
    }
    let (work_tx, work_rx) = sync_channel::<(usize, Vec<I>)>(in_flight);
    let work_rx: Mutex<Receiver<(usize, Vec<I>)>> = Mutex::new(work_rx);
    let (done_tx, done_rx) = sync_channel::<(usize, Result<Vec<P>, String>)>(in_flight);

    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<(), StreamError> {
            let mut n = 0;
            while token_rx.recv().is_ok() {
                let Some(chunk) = source()? else {
                    break;
                };
                if work_tx.send((n, chunk)).is_err() {
                    break;
                }
                n += 1;
            }
            Ok(())
        });
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            scope.spawn(move || loop {
                let next = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((n, chunk)) = next else { return };
                let out: Result<Vec<P>, String> = chunk.into_iter().map(work).collect();
                if done_tx.send((n, out)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        // The writer: chunks come back in any order and go out in input order.
        let mut waiting: BTreeMap<usize, Vec<P>> = BTreeMap::new();
        let mut next = 0;
        let written = (|| -> Result<(), String> {
            for (n, out) in done_rx.iter() {
                waiting.insert(n, out?);
                while let Some(pieces) = waiting.remove(&next) {
                    for p in pieces {
                        take(p)?;
                    }
                    next += 1;
                    let _ = token_tx.send(());
                }
            }
            Ok(())
        })();
        // On an error, closing the channels stops the reader and the workers.
        drop(done_rx);
        drop(token_tx);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(StreamError::Io("reader thread panicked".into())));
        written.map_err(StreamError::Io)?;
        read
    })
}

/// `screen` on `jobs` threads: the same screening (results and rejected rows in the same
/// order), for a batch read whole (CSV, XLSX, or JSONL with XLSX results). `progress` gets the
/// subjects screened so far.
pub fn screen_parallel(
    batch: Batch,
    opts: &Options,
    jobs: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<Screening, String> {
    if jobs <= 1 {
        return Ok(screen(batch, opts, &mut |done, _| progress(done)));
    }
    let (subjects, mut rejected, reader) = batch.split();
    let mut results = Vec::with_capacity(subjects.len());
    // Record rows of a sheet can be set aside one by one; a JSONL line is a whole subject.
    let table = !reader.headers.is_empty();
    let mut entries = subjects.into_iter();
    let mut done = 0;
    parallel(
        &mut || {
            let chunk: Vec<SubjectEntry> = entries.by_ref().take(CHUNK_LINES).collect();
            Ok((!chunk.is_empty()).then_some(chunk))
        },
        jobs,
        &|entry| {
            let mut own = Vec::new();
            let result = screen_one(entry, opts, table, &mut own);
            Ok((result, own))
        },
        &mut |(result, own)| {
            rejected.extend(own);
            results.extend(result);
            done += 1;
            progress(done);
            Ok(())
        },
    )
    .map_err(|e| match e {
        StreamError::Io(e) => e,
        StreamError::Input(p) => p.to_string(),
    })?;
    Ok(assemble(results, rejected, reader))
}

/// A summary row as spilled: the score's bits kept apart, since a JSON float read back may
/// differ in the last bit from the one written.
#[derive(Serialize, Deserialize)]
struct Spilled {
    score_bits: Option<u64>,
    /// The report's Chinese name of the supervision class (the summary writes it in zh mode).
    supervision_zh: String,
    row: SummaryRow,
}

/// What a worker renders for a CSV result.
pub struct CsvResult {
    spill: Vec<u8>,
    schemes: Vec<SchemeInfo>,
    details: Vec<Vec<String>>,
}

fn render_csv(res: SubjectResult, lang: Lang) -> Result<CsvResult, String> {
    let details = detail_texts(&res, lang);
    let (spill, schemes) = render_csv_parts(res)?;
    Ok(CsvResult {
        spill,
        schemes,
        details,
    })
}

/// A result's summary row as spilled, and its schemes.
fn render_csv_parts(res: SubjectResult) -> Result<(Vec<u8>, Vec<SchemeInfo>), String> {
    let sm = summary(&res.report, res.row, &res.rejected_rows);
    let mut spill = serde_json::to_vec(&Spilled {
        score_bits: sm.score.map(f64::to_bits),
        supervision_zh: crate::write::supervision_zh(&res.report).to_string(),
        row: sm,
    })
    .map_err(|e| e.to_string())?;
    spill.push(b'\n');
    let mut schemes = Vec::new();
    add_schemes(&mut schemes, &res.report);
    Ok((spill, schemes))
}

/// How a streamed screening ended.
#[derive(Debug)]
pub struct Streamed {
    pub counts: Counts,
    /// The first `KEEP_REJECTED` rejected rows (for the terminal; all are in the files).
    pub first_rejected: Vec<RejectedRow>,
    pub rejected_total: usize,
}

/// Rejected rows kept in memory for the caller to show.
pub const KEEP_REJECTED: usize = 20;

/// Files a streamed screening writes: `(suffix, writer)` as `write::OutFile` names them — the
/// main file (`""`) and `.details.csv` and `.rejected.csv` for CSV, `.rejected.jsonl` for JSONL.
pub type OutWriters<W> = Vec<(&'static str, W)>;

/// A batch screened as it is read: hands each piece's rejected rows (in row order) and
/// rendered results (in input order) to `emit`, and returns the counts. A JSONL batch
/// (`screen_lines`) or a CSV one (crate::stream_csv).
pub(crate) trait Source {
    /// The clerk's headers, for the rejected rows (none for JSONL).
    fn headers(&self) -> &[HeaderUsed];

    fn run<T: Send>(
        self,
        render: &(dyn Fn(SubjectResult) -> Result<T, String> + Sync),
        emit: &mut dyn FnMut(Vec<RejectedRow>, Option<T>) -> Result<(), String>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Counts, StreamError>;
}

struct JsonlSource<'a, R> {
    input: R,
    pre: &'a Prepass,
    opts: &'a Options<'a>,
    jobs: usize,
}

impl<R: BufRead + Send> Source for JsonlSource<'_, R> {
    fn headers(&self) -> &[HeaderUsed] {
        &[]
    }

    fn run<T: Send>(
        self,
        render: &(dyn Fn(SubjectResult) -> Result<T, String> + Sync),
        emit: &mut dyn FnMut(Vec<RejectedRow>, Option<T>) -> Result<(), String>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Counts, StreamError> {
        screen_lines(
            self.input, self.pre, self.opts, self.jobs, render, emit, progress,
        )
    }
}

/// Screen a JSONL batch into CSV or JSONL results, streamed: the same files `write` gives for
/// `screen(read(whole file))`, byte for byte. `open(suffix)` creates an output file; `spill` is
/// scratch space for the summary rows (CSV only; a temporary file). `input` must be the bytes
/// `pre` was computed from.
#[allow(clippy::too_many_arguments)]
pub fn screen_jsonl<R, W, S>(
    input: R,
    pre: &Prepass,
    format: Format,
    opts: &Options,
    jobs: usize,
    lang: Lang,
    open: &mut dyn FnMut(&'static str) -> Result<W, String>,
    spill: S,
    progress: &mut dyn FnMut(usize),
) -> Result<(Streamed, OutWriters<W>), StreamError>
where
    R: BufRead + Send,
    W: Write + Send,
    S: Read + Write + Seek,
{
    let source = JsonlSource {
        input,
        pre,
        opts,
        jobs,
    };
    write_streamed(source, format, lang, open, spill, progress)
}

/// The result files of a streamed screening, written as `source` screens.
pub(crate) fn write_streamed<Src, W, S>(
    source: Src,
    format: Format,
    lang: Lang,
    open: &mut dyn FnMut(&'static str) -> Result<W, String>,
    spill: S,
    progress: &mut dyn FnMut(usize),
) -> Result<(Streamed, OutWriters<W>), StreamError>
where
    Src: Source,
    W: Write + Send,
    S: Read + Write + Seek,
{
    let mut first_rejected = Vec::new();
    let mut rejected_total = 0;
    let mut keep = |r: &RejectedRow| {
        rejected_total += 1;
        if first_rejected.len() < KEEP_REJECTED {
            first_rejected.push(r.clone());
        }
    };
    let headers = source.headers().to_vec();
    match format {
        Format::Csv => {
            let mut main = open("")?;
            let mut details = CsvOut::new(BufWriter::new(open(".details.csv")?), &detail_header())?;
            let mut rejected =
                CsvOut::new(BufWriter::new(open(".rejected.csv")?), &rejected_header())?;
            let mut spill = BufWriter::new(spill);
            let mut schemes: Vec<SchemeInfo> = Vec::new();
            let counts = source.run(
                &|res| render_csv(res, lang),
                &mut |rej, res| {
                    for r in &rej {
                        keep(r);
                        rejected.row(&rejected_texts(r, &headers))?;
                    }
                    if let Some(c) = res {
                        spill.write_all(&c.spill).map_err(|e| e.to_string())?;
                        for s in c.schemes {
                            if !schemes.iter().any(|x| x.id == s.id) {
                                schemes.push(s);
                            }
                        }
                        for d in &c.details {
                            details.row(d)?;
                        }
                    }
                    Ok(())
                },
                progress,
            )?;
            // The summary: now that every scheme is known, its header, then the spilled rows.
            let columns = scheme_columns_of(schemes);
            let mut spill = spill.into_inner().map_err(|e| e.into_error())?;
            spill.seek(SeekFrom::Start(0))?;
            let mut out = CsvOut::new(BufWriter::new(&mut main), &summary_header(&columns))?;
            for line in BufReader::new(spill).lines() {
                let s: Spilled = serde_json::from_str(&line?).map_err(|e| e.to_string())?;
                let mut row = s.row;
                row.score = s.score_bits.map(f64::from_bits);
                out.row(&summary_texts(row, &columns, lang, &s.supervision_zh))?;
            }
            flush(out)?;
            let details = flush_into(details)?;
            let rejected = flush_into(rejected)?;
            Ok((
                Streamed {
                    counts,
                    first_rejected,
                    rejected_total,
                },
                vec![
                    ("", main),
                    (".details.csv", details),
                    (".rejected.csv", rejected),
                ],
            ))
        }
        Format::Jsonl => {
            let mut main = BufWriter::new(open("")?);
            let mut rejected = BufWriter::new(open(".rejected.jsonl")?);
            let render = |res: SubjectResult| jsonl_result(&res);
            let counts = source.run(
                &render,
                &mut |rej, res| {
                    for r in &rej {
                        keep(r);
                        rejected
                            .write_all(&jsonl_rejected(r)?)
                            .map_err(|e| e.to_string())?;
                    }
                    if let Some(line) = res {
                        main.write_all(&line).map_err(|e| e.to_string())?;
                    }
                    Ok(())
                },
                progress,
            )?;
            let main = main.into_inner().map_err(|e| e.into_error())?;
            let rejected = rejected.into_inner().map_err(|e| e.into_error())?;
            Ok((
                Streamed {
                    counts,
                    first_rejected,
                    rejected_total,
                },
                vec![("", main), (".rejected.jsonl", rejected)],
            ))
        }
        #[cfg(not(target_arch = "wasm32"))]
        Format::Xlsx => {
            let mut x = crate::write::XlsxOut::new()?;
            let mut spill = BufWriter::new(spill);
            let mut schemes: Vec<SchemeInfo> = Vec::new();
            let mut latest = None;
            let counts = source.run(
                &|res| render_xlsx(res, lang),
                &mut |rej, res| {
                    for r in &rej {
                        keep(r);
                        x.rejected(r, &headers)?;
                    }
                    if let Some(c) = res {
                        spill.write_all(&c.spill).map_err(|e| e.to_string())?;
                        for s in c.schemes {
                            if !schemes.iter().any(|x| x.id == s.id) {
                                schemes.push(s);
                            }
                        }
                        latest = latest.max(Some(c.as_of));
                        for d in &c.details {
                            x.detail(d)?;
                        }
                    }
                    Ok(())
                },
                progress,
            )?;
            let columns = scheme_columns_of(schemes);
            let mut spill = spill.into_inner().map_err(|e| e.into_error())?;
            spill.seek(SeekFrom::Start(0))?;
            x.summary_header(&columns)?;
            for line in BufReader::new(spill).lines() {
                let s: Spilled = serde_json::from_str(&line?).map_err(|e| e.to_string())?;
                let mut row = s.row;
                row.score = s.score_bits.map(f64::from_bits);
                x.summary(row, &columns, lang, &s.supervision_zh)?;
            }
            let mut main = open("")?;
            x.finish(&columns, latest, &mut main)?;
            Ok((
                Streamed {
                    counts,
                    first_rejected,
                    rejected_total,
                },
                vec![("", main)],
            ))
        }
        #[cfg(target_arch = "wasm32")]
        Format::Xlsx => Err(StreamError::Io(
            "XLSX 结果不以流式写出 / XLSX results are not streamed".into(),
        )),
    }
}

/// What a worker renders for an XLSX result: as for CSV, with the detail cells typed and the
/// check date (the workbook's creation date is the latest).
#[cfg(not(target_arch = "wasm32"))]
struct XlsxResult {
    spill: Vec<u8>,
    schemes: Vec<SchemeInfo>,
    details: Vec<Vec<crate::write::Cell>>,
    as_of: xinyong_model::Date,
}

#[cfg(not(target_arch = "wasm32"))]
fn render_xlsx(res: SubjectResult, lang: Lang) -> Result<XlsxResult, String> {
    let details = crate::write::detail_cells_of(&res, lang);
    let as_of = res.report.as_of;
    let c = render_csv_parts(res)?;
    Ok(XlsxResult {
        spill: c.0,
        schemes: c.1,
        details,
        as_of,
    })
}

fn flush<W: Write>(out: CsvOut<BufWriter<W>>) -> Result<(), StreamError> {
    out.finish()?.flush()?;
    Ok(())
}

fn flush_into<W: Write>(out: CsvOut<BufWriter<W>>) -> Result<W, StreamError> {
    Ok(out.finish()?.into_inner().map_err(|e| e.into_error())?)
}
