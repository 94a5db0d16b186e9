//! xinyong on the peers workload (bench/peers/README.md), run by `cargo xtask bench peers`.
//!
//! Usage: peers-xinyong PACK.toml CONTRACT.jsonl REFERENCE_OUTPUTS.jsonl (or `-`: no comparison)
//!
//! 1. Checks (untimed): every subject through the peers pack, its report mapped to the peers' canonical
//!    output and compared with the reference loop's outputs (written by ../zen); every subject through the
//!    built-in national pack without an error. Exits with status 1 on any mismatch or error.
//! 2. Timing, like ../zen: lines in memory, warm-up of 1,000 through every path, one timed pass of every
//!    line per figure, single thread. End to end = parse + evaluate + the same plain output struct zen fills.
//! 3. A last line `summary key=value …` (subjects/s) that the xtask reads.
use std::hint::black_box;
use std::time::Instant;
use xinyong_core::model::Report;
use xinyong_core::pack::{load_custom, Format};
use xinyong_core::{evaluate, evaluate_json, input::parse_input, Options, PackChoice};

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pen {
    id: String,
    min_end: String,
    max_end: String,
    status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Out {
    score: i64,
    level: String,
    eligible: bool,
    penalties: Vec<Pen>,
}

/// The peers pack's commitment scheme that carries the peers' `eligible`.
const ELIGIBILITY_SCHEME: &str = "peers.eligible";

fn out_of(r: &Report) -> Out {
    let g = r.grades.iter().find(|g| g.primary);
    let score = g.map_or(i64::MIN, |g| {
        if g.score.fract() == 0.0 {
            g.score as i64
        } else {
            i64::MIN + 1
        }
    });
    let level = g.map_or_else(|| "<no grade>".to_string(), |g| g.level.to_string());
    let eligible = r
        .commitments
        .iter()
        .find(|c| c.scheme == ELIGIBILITY_SCHEME)
        .is_some_and(|c| c.eligible);
    let penalties = r
        .repairs
        .iter()
        .filter(|x| x.record_type == "administrative_penalty")
        .map(|x| Pen {
            id: x.record_id.clone(),
            min_end: x
                .publicity_min_end
                .map_or_else(|| "<none>".into(), |d| d.to_string()),
            max_end: x
                .publicity_max_end
                .map_or_else(|| "<none>".into(), |d| d.to_string()),
            status: x.status.as_str().to_string(),
        })
        .collect();
    Out {
        score,
        level,
        eligible,
        penalties,
    }
}

fn from_json(v: &serde_json::Value) -> Out {
    let s = |v: &serde_json::Value, k: &str| v[k].as_str().expect(k).to_string();
    Out {
        score: v["score"].as_i64().expect("score"),
        level: s(v, "level"),
        eligible: v["eligible"].as_bool().expect("eligible"),
        penalties: v["penalties"]
            .as_array()
            .expect("penalties")
            .iter()
            .map(|p| Pen {
                id: s(p, "id"),
                min_end: s(p, "min_end"),
                max_end: s(p, "max_end"),
                status: s(p, "status"),
            })
            .collect(),
    }
}

/// Wall-clock and CPU time of one timed pass. The CPU time is this thread's time on a core
/// (`/proc/thread-self/schedstat`, nanoseconds): on a shared, loaded machine the wall clock
/// counts the time other processes ran, the CPU time does not.
struct Clock {
    wall: Instant,
    cpu: Option<u64>,
}

fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

impl Clock {
    fn start() -> Clock {
        Clock {
            cpu: thread_cpu_ns(),
            wall: Instant::now(),
        }
    }
    /// (wall seconds, CPU seconds — the wall figure where the CPU time cannot be read)
    fn stop(&self) -> (f64, f64) {
        let wall = self.wall.elapsed().as_secs_f64();
        let cpu = match (self.cpu, thread_cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => wall,
        };
        (wall, cpu)
    }
}

/// Prints a pass's rate by the wall clock and by CPU time; returns (wall rate, CPU rate).
fn rate(label: &str, n: usize, (secs, cpu): (f64, f64)) -> (f64, f64) {
    let r = n as f64 / secs;
    let c = n as f64 / cpu;
    println!(
        "{label:<56} {r:>10.0} subjects/s  ({secs:.3} s, {:.2} µs/subject; CPU time {c:.0}/s)",
        secs * 1e6 / n as f64
    );
    (r, c)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: peers-xinyong PACK.toml CONTRACT.jsonl REFERENCE_OUTPUTS.jsonl");
        std::process::exit(2);
    }
    let (pack_path, data, refs) = (&args[1], &args[2], &args[3]);

    let t = Instant::now();
    let text = std::fs::read_to_string(pack_path).expect("read pack");
    let pack = match load_custom(&text, Format::from_name(pack_path)) {
        Ok(p) => p,
        Err(e) => panic!("{pack_path} does not load: {e:?}"),
    };
    println!(
        "pack {} {} loaded + linted in {:.3} ms",
        pack.meta.id,
        pack.meta.version,
        t.elapsed().as_secs_f64() * 1e3
    );
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut opts = Options::new(today);
    opts.pack = PackChoice::Custom(&pack);
    let national = Options::new(today);

    let input = std::fs::read_to_string(data).expect("read input");
    let lines: Vec<&str> = input.lines().filter(|l| !l.is_empty()).collect();
    let n = lines.len();
    println!("data: {data} ({n} subjects, {} bytes)", input.len());

    // `PEERS_PROFILE=national|pack|parse` runs only that path (end to end, every line, twice): a clean
    // process for `perf record`. No checks, no figures.
    if let Ok(what) = std::env::var("PEERS_PROFILE") {
        for _ in 0..2 {
            for l in &lines {
                match what.as_str() {
                    "national" => drop(black_box(evaluate_json(l, &national).ok())),
                    "pack" => drop(black_box(evaluate_json(l, &opts).ok().map(|r| out_of(&r)))),
                    _ => drop(black_box(parse_input(l).ok())),
                }
            }
        }
        return;
    }

    // ---------------- checks (untimed)
    // `-` for the reference: no zen build at hand (its workspace takes ~15 min to build); the
    // peers pack then runs without the comparison (errors still count), and says so.
    let expected: Option<Vec<Out>> = (refs != "-").then(|| {
        let reft =
            std::fs::read_to_string(refs).expect("read the reference outputs (run ../zen first)");
        reft.lines()
            .map(|l| from_json(&serde_json::from_str(l).unwrap()))
            .collect()
    });
    if let Some(expected) = &expected {
        assert_eq!(
            expected.len(),
            n,
            "{refs} has {} lines, {data} has {n}",
            expected.len()
        );
    } else {
        println!(
            "reference `-`: the peers pack's outputs are NOT compared with the reference loop's"
        );
    }
    let (mut pack_errors, mut mismatches, mut national_errors) = (0usize, 0usize, 0usize);
    for (i, l) in lines.iter().enumerate() {
        match evaluate_json(l, &opts) {
            Ok(r) => {
                let got = out_of(&r);
                if let Some(expected) = &expected {
                    if got != expected[i] {
                        if mismatches < 3 {
                            println!(
                                "  line {i}: xinyong {got:?}\n          reference {:?}",
                                expected[i]
                            );
                        }
                        mismatches += 1;
                    }
                }
            }
            Err(e) => {
                if pack_errors < 3 {
                    println!("  line {i}: peers pack error {e:?}");
                }
                pack_errors += 1;
            }
        }
        if let Err(e) = evaluate_json(l, &national) {
            if national_errors < 3 {
                println!("  line {i}: national pack error {e:?}");
            }
            national_errors += 1;
        }
    }
    println!(
        "checks: peers pack vs reference over all {n} subjects: {mismatches} mismatches, {pack_errors} errors; \
         national pack: {national_errors} errors"
    );

    // ---------------- warm-up: 1,000 subjects through every path (untimed)
    for l in lines.iter().take(1000) {
        black_box(serde_json::from_str::<serde_json::Value>(l).ok());
        black_box(parse_input(l).ok());
        black_box(evaluate_json(l, &opts).ok().map(|r| out_of(&r)));
        black_box(evaluate_json(l, &national).ok());
    }

    println!("\n== timed passes, {n} subjects each, single thread ==");
    let t = Clock::start();
    for l in &lines {
        black_box(serde_json::from_str::<serde_json::Value>(l).ok());
    }
    let p_val = rate("parse-only serde_json::Value", n, t.stop());

    let t = Clock::start();
    for l in &lines {
        black_box(parse_input(l).ok());
    }
    let p_typed = rate(
        "parse-only xinyong parse_input (typed, validated)",
        n,
        t.stop(),
    );

    let t = Clock::start();
    for l in &lines {
        black_box(evaluate_json(l, &national).ok());
    }
    let nat_e2e = rate(
        "national pack, evaluate_json end to end (full report)",
        n,
        t.stop(),
    );

    let mut outs = Vec::with_capacity(n);
    let t = Clock::start();
    for l in &lines {
        outs.push(evaluate_json(l, &opts).ok().map(|r| out_of(&r)));
    }
    let pack_e2e = rate(
        "peers pack, end to end (parse + evaluate + extract)",
        n,
        t.stop(),
    );
    black_box(&outs);
    drop(outs);

    let inputs: Vec<_> = lines.iter().map(|l| parse_input(l).unwrap()).collect();
    let t = Clock::start();
    for i in &inputs {
        black_box(evaluate(i, &national).ok());
    }
    let nat_eval = rate("national pack, evaluate only (pre-parsed)", n, t.stop());
    let t = Clock::start();
    for i in &inputs {
        black_box(evaluate(i, &opts).ok().map(|r| out_of(&r)));
    }
    let pack_eval = rate("peers pack, evaluate + extract (pre-parsed)", n, t.stop());

    // The wall-clock rates (what `cargo xtask bench peers` tabulates), then the same passes by
    // CPU time (`_cpu`: the figures to compare on a loaded machine).
    println!(
        "summary parse_value={:.0} parse_typed={:.0} national_e2e={:.0} national_eval={:.0} \
         pack_e2e={:.0} pack_eval={:.0} parse_value_cpu={:.0} parse_typed_cpu={:.0} national_e2e_cpu={:.0} \
         national_eval_cpu={:.0} pack_e2e_cpu={:.0} pack_eval_cpu={:.0} mismatches={mismatches} errors={}",
        p_val.0,
        p_typed.0,
        nat_e2e.0,
        nat_eval.0,
        pack_e2e.0,
        pack_eval.0,
        p_val.1,
        p_typed.1,
        nat_e2e.1,
        nat_eval.1,
        pack_e2e.1,
        pack_eval.1,
        pack_errors + national_errors
    );
    if mismatches > 0 || pack_errors > 0 || national_errors > 0 {
        println!("CHECKS FAILED");
        std::process::exit(1);
    }
    println!("ALL CHECKS PASSED");
}
