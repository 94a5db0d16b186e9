//! xinyong on the peers workload (bench/peers/README.md), run by `cargo xtask bench peers`.
//!
//! Usage: peers-xinyong PACK.toml CONTRACT.jsonl REFERENCE_OUTPUTS.jsonl
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
    let level = g.map_or_else(|| "<no grade>".to_string(), |g| g.level.clone());
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

fn rate(label: &str, n: usize, secs: f64) -> f64 {
    let r = n as f64 / secs;
    println!(
        "{label:<56} {r:>10.0} subjects/s  ({secs:.3} s, {:.2} µs/subject)",
        secs * 1e6 / n as f64
    );
    r
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
    let reft =
        std::fs::read_to_string(refs).expect("read the reference outputs (run ../zen first)");
    let expected: Vec<Out> = reft
        .lines()
        .map(|l| from_json(&serde_json::from_str(l).unwrap()))
        .collect();
    assert_eq!(
        expected.len(),
        n,
        "{refs} has {} lines, {data} has {n}",
        expected.len()
    );
    let (mut pack_errors, mut mismatches, mut national_errors) = (0usize, 0usize, 0usize);
    for (i, l) in lines.iter().enumerate() {
        match evaluate_json(l, &opts) {
            Ok(r) => {
                let got = out_of(&r);
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
    let t = Instant::now();
    for l in &lines {
        black_box(serde_json::from_str::<serde_json::Value>(l).ok());
    }
    let p_val = rate("parse-only serde_json::Value", n, t.elapsed().as_secs_f64());

    let t = Instant::now();
    for l in &lines {
        black_box(parse_input(l).ok());
    }
    let p_typed = rate(
        "parse-only xinyong parse_input (typed, validated)",
        n,
        t.elapsed().as_secs_f64(),
    );

    let t = Instant::now();
    for l in &lines {
        black_box(evaluate_json(l, &national).ok());
    }
    let nat_e2e = rate(
        "national pack, evaluate_json end to end (full report)",
        n,
        t.elapsed().as_secs_f64(),
    );

    let mut outs = Vec::with_capacity(n);
    let t = Instant::now();
    for l in &lines {
        outs.push(evaluate_json(l, &opts).ok().map(|r| out_of(&r)));
    }
    let pack_e2e = rate(
        "peers pack, end to end (parse + evaluate + extract)",
        n,
        t.elapsed().as_secs_f64(),
    );
    black_box(&outs);
    drop(outs);

    let inputs: Vec<_> = lines.iter().map(|l| parse_input(l).unwrap()).collect();
    let t = Instant::now();
    for i in &inputs {
        black_box(evaluate(i, &national).ok());
    }
    let nat_eval = rate(
        "national pack, evaluate only (pre-parsed)",
        n,
        t.elapsed().as_secs_f64(),
    );
    let t = Instant::now();
    for i in &inputs {
        black_box(evaluate(i, &opts).ok().map(|r| out_of(&r)));
    }
    let pack_eval = rate(
        "peers pack, evaluate + extract (pre-parsed)",
        n,
        t.elapsed().as_secs_f64(),
    );

    println!(
        "summary parse_value={p_val:.0} parse_typed={p_typed:.0} national_e2e={nat_e2e:.0} national_eval={nat_eval:.0} \
         pack_e2e={pack_e2e:.0} pack_eval={pack_eval:.0} mismatches={mismatches} errors={}",
        pack_errors + national_errors
    );
    if mismatches > 0 || pack_errors > 0 || national_errors > 0 {
        println!("CHECKS FAILED");
        std::process::exit(1);
    }
    println!("ALL CHECKS PASSED");
}
