//! `xinyong batch`: pre-screen a batch file for bureau staff.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use xinyong_batch::{template, Format, Lang};
use xinyong_core::{Options, PackChoice, Problem, Problems};

use crate::{term, Fail};

fn format_of(path: &str, flag: &str) -> Result<Format, Fail> {
    Format::from_name(path).ok_or_else(|| {
        Fail::Input(Problems::one(Problem::new(
            flag,
            Some(format!("\"{path}\"")),
            "文件扩展名应为 .csv、.xlsx 或 .jsonl",
            "the file name must end in .csv, .xlsx or .jsonl",
        )))
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Fail> {
    std::fs::write(path, bytes).map_err(|e| {
        Fail::Other(format!(
            "无法写入 {0} / cannot write {0}: {e}",
            path.display()
        ))
    })
}

/// `OUT` plus a suffix, e.g. `out.csv` + `.details.csv` → `out.details.csv`.
fn sibling(out: &str, suffix: &str) -> PathBuf {
    if suffix.is_empty() {
        return PathBuf::from(out);
    }
    let p = Path::new(out);
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("out");
    p.with_file_name(format!("{stem}{suffix}"))
}

pub fn template_cmd(out: &str) -> Result<String, Fail> {
    let fmt = format_of(out, "--out")?;
    let bytes = template(fmt).map_err(|e| {
        Fail::Input(Problems::one(Problem::new(
            "--out",
            Some(format!("\"{out}\"")),
            e.clone(),
            e,
        )))
    })?;
    write_file(Path::new(out), &bytes)?;
    Ok(format!(
        "已写出模板 / template written: {}\n",
        term::safe(out)
    ))
}

/// How many threads screen a batch: `--jobs`, else `XINYONG_JOBS`, else every core.
pub fn jobs(flag: Option<usize>) -> Result<usize, Fail> {
    if let Some(n) = flag {
        return Ok(n);
    }
    match std::env::var("XINYONG_JOBS") {
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(Fail::Input(Problems::one(Problem::new(
                "XINYONG_JOBS",
                Some(format!("\"{v}\"")),
                "环境变量 XINYONG_JOBS 应为不小于 1 的整数（线程数）",
                "the XINYONG_JOBS environment variable must be a whole number of threads, at least 1",
            )))),
        },
        Err(_) => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

/// The batch format of stdin: `--input-format`, else what its first bytes look like (an XLSX is
/// a zip, `PK`; a JSONL batch starts with `{`; anything else is read as CSV).
fn sniff(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.starts_with(b"PK") {
        Format::Xlsx
    } else if head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        Format::Jsonl
    } else {
        Format::Csv
    }
}

fn io_fail(what: &str, e: impl std::fmt::Display) -> Fail {
    Fail::Other(format!("{what}: {e}"))
}

/// Every file `--out` makes for its format (the main file and the ones beside it).
fn out_paths(out: &str, fmt: Format) -> Vec<PathBuf> {
    let suffixes: &[&str] = match fmt {
        Format::Csv => &["", ".details.csv", ".rejected.csv"],
        Format::Jsonl => &["", ".rejected.jsonl"],
        Format::Xlsx => &[""],
    };
    suffixes.iter().map(|s| sibling(out, s)).collect()
}

/// Whether two paths name one file (the same file through a link or `..` included).
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// The batch as an open file: the named one, or stdin copied to a temporary file (so the
/// batch can be read more than once).
fn open_input(file: &str, flag: Option<Format>) -> Result<(std::fs::File, Format), Fail> {
    use std::io::{Read, Seek};
    if file != "-" {
        let fmt = match flag {
            Some(f) => f,
            None => format_of(file, "FILE")?,
        };
        let f = std::fs::File::open(file).map_err(|e| {
            Fail::Input(Problems::one(Problem::new(
                "FILE",
                Some(format!("\"{file}\"")),
                "无法打开文件",
                format!("cannot open the file: {e}"),
            )))
        })?;
        return Ok((f, fmt));
    }
    let mut stdin = std::io::stdin().lock();
    let mut head = vec![0; 8192];
    let mut n = 0;
    while n < head.len() {
        match stdin.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_fail("读取标准输入失败 / cannot read stdin", e)),
        }
    }
    head.truncate(n);
    let fmt = flag.unwrap_or_else(|| sniff(&head));
    let mut spool = tempfile::tempfile()
        .map_err(|e| io_fail("无法创建临时文件 / cannot create a temporary file", e))?;
    spool
        .write_all(&head)
        .map_err(|e| io_fail("无法写入临时文件 / cannot write a temporary file", e))?;
    std::io::copy(&mut stdin, &mut spool)
        .map_err(|e| io_fail("读取标准输入失败 / cannot read stdin", e))?;
    spool
        .rewind()
        .map_err(|e| io_fail("无法读取临时文件 / cannot read a temporary file", e))?;
    Ok((spool, fmt))
}

pub fn run(
    file: &str,
    out: &str,
    opts: &Options,
    lang: Lang,
    jobs: usize,
    input_format: Option<Format>,
) -> Result<String, Fail> {
    let out_fmt = format_of(out, "--out")?;
    if file != "-" {
        for p in out_paths(out, out_fmt) {
            if same_file(Path::new(file), &p) {
                return Err(Fail::Input(Problems::one(Problem::new(
                    "--out",
                    Some(format!("\"{}\"", p.display())),
                    "输出文件就是输入文件：写出结果会覆盖批量数据，请换一个输出文件名",
                    "an output file is the input file: writing the results would overwrite the batch; choose another --out",
                ))));
            }
        }
    }
    let (input, in_fmt) = open_input(file, input_format)?;
    let (counts, first_rejected, rejected_total, written, notes) =
        run_streamed(input, in_fmt, out, out_fmt, opts, lang, jobs)?;
    let c = counts;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "读取 {} 行 = 使用 {} 行 + 拒绝 {} 行；主体 {} 个（其中结果不完整 {} 个）\nrows read {} = used {} + rejected {}; subjects {} ({} incomplete)",
        c.rows_read, c.rows_used, c.rows_rejected, c.subjects, c.subjects_incomplete, c.rows_read, c.rows_used, c.rows_rejected, c.subjects, c.subjects_incomplete
    );
    // What the reader did (sheet read, title rows skipped, columns ignored, subject cells carried
    // down, rows left on other sheets): the clerk must see it, not find out later.
    for n in &notes {
        let _ = writeln!(
            err,
            "  注意：{}\n  note: {}",
            term::safe(&n.zh),
            term::safe(&n.en)
        );
    }
    for r in first_rejected.iter().take(20) {
        let _ = writeln!(
            err,
            "  第 {} 行 row {} [{}] {}：{} / {}",
            r.row,
            r.row,
            term::safe(&r.column),
            term::safe(&r.value),
            term::safe(&r.zh),
            term::safe(&r.en)
        );
    }
    if rejected_total > 20 {
        let _ = writeln!(
            err,
            "  …另有 {} 条，见输出文件 / {} more in the output",
            rejected_total - 20,
            rejected_total - 20
        );
    }
    let written: Vec<_> = written.iter().map(|w| term::safe(w)).collect();
    Ok(format!("{}\n", written.join("\n")))
}

/// The screening's progress on stderr, drawn only when stderr is a terminal (a pipe or a log
/// file gets the summary lines alone).
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// A bar for `total` units (subjects, or rows when streamed).
    fn new(total: usize) -> Self {
        Progress(std::io::stderr().is_terminal().then(|| {
            let b = indicatif::ProgressBar::new(total as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} 预审中 screening [{bar:40}] {pos}/{len} 主体 subjects  {per_sec}  ETA {eta}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        }))
    }

    fn set(&self, done: usize) {
        if let Some(b) = &self.0 {
            b.set_position(done as u64);
        }
    }

    /// The screening is done: the bar goes, the summary lines follow.
    fn finish(self) {
        if let Some(b) = self.0 {
            b.finish_and_clear();
        }
    }
}

type Outcome = (
    xinyong_batch::Counts,
    Vec<xinyong_batch::RejectedRow>,
    usize,
    Vec<String>,
    Vec<xinyong_batch::Note>,
);

/// A batch screened as it is read (crates/batch/src/stream.rs, stream_csv.rs, stream_xlsx.rs),
/// whatever its format and the results': a first pass for the encoding and the subjects
/// (duplicates in JSONL, rows apart in CSV and XLSX, the sheet to read in a workbook), then the
/// screening on `jobs` threads. Memory is bounded by a row, the subjects held together and, for
/// a workbook, its shared strings; not by the file.
#[allow(clippy::too_many_arguments)]
fn run_streamed(
    input: std::fs::File,
    in_fmt: Format,
    out: &str,
    out_fmt: Format,
    opts: &Options,
    lang: Lang,
    jobs: usize,
) -> Result<Outcome, Fail> {
    use std::io::{BufReader, Seek};
    use xinyong_batch::stream::{prepass, screen_jsonl, StreamError};
    use xinyong_batch::stream_csv::{csv_prepass, screen_csv, CsvLimits};
    use xinyong_batch::stream_xlsx::{screen_xlsx, xlsx_prepass};
    let fail = |e: StreamError| match e {
        StreamError::Input(p) => Fail::Input(p),
        StreamError::Io(e) => Fail::Other(e),
    };
    // The batch from its start: the first pass reads it (more than once for CSV), then the
    // screening. A workbook unbuffered (calamine buffers what it reads).
    let mut rewound = || -> std::io::Result<std::fs::File> {
        let mut f = input.try_clone()?;
        f.rewind()?;
        Ok(f)
    };
    let mut from_start = move || rewound().map(|f| BufReader::with_capacity(1 << 16, f));
    let spill = tempfile::tempfile()
        .map_err(|e| io_fail("无法创建临时文件 / cannot create a temporary file", e))?;
    let mut written = Vec::new();
    let mut open = |suffix: &'static str| {
        let path = sibling(out, suffix);
        let f = std::fs::File::create(&path)
            .map_err(|e| format!("无法写入 {0} / cannot write {0}: {e}", path.display()))?;
        written.push(path.display().to_string());
        Ok(f)
    };
    let read_fail = |e: std::io::Error| io_fail("读取失败 / cannot read", e);
    // One format's screening (the functions differ in their first pass's type and result
    // only), the batch read again from its start, with the progress bar over its rows.
    macro_rules! screened {
        ($screen:path, $pre:expr, $input:expr) => {{
            let pre = $pre.map_err(fail)?;
            let bar = Progress::new(pre.rows);
            let r = $screen(
                $input.map_err(read_fail)?,
                &pre,
                out_fmt,
                opts,
                jobs,
                lang,
                &mut open,
                spill,
                &mut |done| bar.set(done),
            )
            .map_err(fail)?;
            bar.finish();
            r
        }};
    }
    let (s, files, notes) = match in_fmt {
        Format::Xlsx => screened!(screen_xlsx, xlsx_prepass(&mut rewound), rewound()),
        Format::Csv => screened!(
            screen_csv,
            csv_prepass(&mut from_start, CsvLimits::default()),
            from_start()
        ),
        _ => {
            let start = from_start().map_err(read_fail)?;
            let (s, files) = screened!(screen_jsonl, prepass(start), from_start());
            (s, files, Vec::new())
        }
    };
    for (suffix, f) in files {
        f.sync_all().map_err(|e| {
            io_fail(
                &format!("无法写入 / cannot write {}", sibling(out, suffix).display()),
                e,
            )
        })?;
    }
    Ok((s.counts, s.first_rejected, s.rejected_total, written, notes))
}

pub fn choice(pack: &Option<String>) -> PackChoice<'_> {
    match pack {
        Some(id) => PackChoice::Builtin(id),
        None => PackChoice::FromSubject,
    }
}
