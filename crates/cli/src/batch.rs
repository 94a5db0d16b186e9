//! `xinyong batch`: pre-screen a batch file for bureau staff.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use xinyong_batch::{read, screen, template, write_in, Format, Lang};
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

pub fn run(file: &str, out: &str, opts: &Options, lang: Lang) -> Result<String, Fail> {
    let in_fmt = format_of(file, "FILE")?;
    let out_fmt = format_of(out, "--out")?;
    let bytes = if file == "-" {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut b)
            .map_err(|e| Fail::Other(e.to_string()))?;
        b
    } else {
        let meta = std::fs::metadata(file).map_err(|e| {
            Fail::Input(Problems::one(Problem::new(
                "FILE",
                Some(format!("\"{file}\"")),
                "无法打开文件",
                format!("cannot open the file: {e}"),
            )))
        })?;
        if meta.len() as usize > xinyong_batch::MAX_BATCH_BYTES {
            return Err(Fail::Input(Problems::one(Problem::new(
                "FILE",
                Some(format!("\"{file}\"")),
                format!("文件过大，上限为 {} 字节", xinyong_batch::MAX_BATCH_BYTES),
                format!(
                    "file too large; at most {} bytes",
                    xinyong_batch::MAX_BATCH_BYTES
                ),
            ))));
        }
        std::fs::read(file)
            .map_err(|e| Fail::Other(format!("读取失败 / cannot read {file}: {e}")))?
    };
    let batch = read(&bytes, in_fmt)?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(batch.subjects.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} 预审中 screening [{bar:40}] {pos}/{len} 主体 subjects  {per_sec}  ETA {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let s = screen(batch, opts, &mut |done, _| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let files = write_in(&s, out_fmt, lang).map_err(Fail::Other)?;
    let mut written = Vec::new();
    for f in &files {
        let path = sibling(out, f.suffix);
        write_file(&path, &f.bytes)?;
        written.push(path.display().to_string());
    }
    let c = s.counts;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "读取 {} 行 = 使用 {} 行 + 拒绝 {} 行；主体 {} 个（其中结果不完整 {} 个）\nrows read {} = used {} + rejected {}; subjects {} ({} incomplete)",
        c.rows_read, c.rows_used, c.rows_rejected, c.subjects, c.subjects_incomplete, c.rows_read, c.rows_used, c.rows_rejected, c.subjects, c.subjects_incomplete
    );
    // What the reader did (sheet read, title rows skipped, columns ignored, subject cells carried
    // down, rows left on other sheets): the clerk must see it, not find out later.
    for n in &s.notes {
        let _ = writeln!(
            err,
            "  注意：{}\n  note: {}",
            term::safe(&n.zh),
            term::safe(&n.en)
        );
    }
    for r in s.rejected.iter().take(20) {
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
    if s.rejected.len() > 20 {
        let _ = writeln!(
            err,
            "  …另有 {} 条，见输出文件 / {} more in the output",
            s.rejected.len() - 20,
            s.rejected.len() - 20
        );
    }
    let written: Vec<_> = written.iter().map(|w| term::safe(w)).collect();
    Ok(format!("{}\n", written.join("\n")))
}

pub fn choice(pack: &Option<String>) -> PackChoice<'_> {
    match pack {
        Some(id) => PackChoice::Builtin(id),
        None => PackChoice::FromSubject,
    }
}
