//! The baseline of `cargo xtask bench --stream` (run it through the xtask): a JSONL batch read
//! and parsed into contract inputs on N threads, as `xinyong batch` does before it evaluates,
//! without evaluating or writing. Prints `subjects seconds peak_rss_kib`. A CSV batch: its
//! first pass (every row read, decoded and parsed against the header into its subject, on one
//! thread), which is as much reading and parsing as the screening's own pass does.
//!
//! `stream_bench FILE.jsonl|FILE.csv JOBS`

use std::io::BufReader;
use std::time::Instant;

use xinyong_batch::stream::{parse_lines, prepass};
use xinyong_batch::stream_csv::{csv_prepass, CsvLimits};

/// Peak resident set of this process (Linux; 0 elsewhere).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, jobs] = &args[..] else {
        return Err("usage: stream_bench FILE.jsonl JOBS".into());
    };
    let jobs: usize = jobs.parse().map_err(|_| "JOBS is a number")?;
    let open = || {
        std::fs::File::open(file)
            .map(|f| BufReader::with_capacity(1 << 16, f))
            .map_err(|e| format!("{file}: {e}"))
    };
    let t = Instant::now();
    if file.ends_with(".csv") {
        let pre = csv_prepass(
            &mut || open().map_err(std::io::Error::other),
            CsvLimits::default(),
        )
        .map_err(|e| format!("{e:?}"))?;
        println!(
            "{} {:.3} {}",
            pre.subjects,
            t.elapsed().as_secs_f64(),
            peak_rss_kib()
        );
        return Ok(());
    }
    let pre = prepass(open()?).map_err(|e| format!("{e:?}"))?;
    let subjects = parse_lines(open()?, &pre, jobs).map_err(|e| format!("{e:?}"))?;
    println!(
        "{subjects} {:.3} {}",
        t.elapsed().as_secs_f64(),
        peak_rss_kib()
    );
    Ok(())
}
