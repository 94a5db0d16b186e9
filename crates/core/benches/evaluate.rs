//! Throughput on 100k synthetic subjects (≈10 records each): full evaluation vs parse-only of
//! the same JSON, so the ratio says how much the rules cost beyond reading the input.
//!
//! `cargo bench -p xinyong-core --bench evaluate` (set XINYONG_BENCH_SUBJECTS to change 100000).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use xinyong_core::{evaluate_json, input::parse_input, Options};

const USCC: &str = "91350200MA2Y4K7N0A";
const CITIZEN: &str = "11010519491231002X";

/// Deterministic pseudo-random numbers (xorshift), so every run measures the same inputs.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

fn date(days_back: u64) -> String {
    let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap() - chrono::Days::new(days_back);
    d.to_string()
}

fn subject(rng: &mut Rng, i: usize) -> String {
    let person = i.is_multiple_of(5);
    let industry = if person {
        "driver"
    } else {
        rng.pick(&[
            "highway_construction",
            "road_passenger",
            "road_freight",
            "dangerous_goods",
            "taxi",
            "bus",
        ])
    };
    let (kind, id) = if person {
        ("person", CITIZEN)
    } else {
        ("enterprise", USCC)
    };
    let mut records = Vec::new();
    for r in 0..(6 + rng.next() % 9) {
        let back = rng.next() % 1000;
        let rec = match rng.next() % 6 {
            0 | 1 => format!(
                r#"{{"id":"r{r}","type":"administrative_penalty","date":"{}","penalty":"{}","amount":{},"authority":"交通运输局","fulfilled_on":"{}"}}"#,
                date(back),
                rng.pick(&[
                    "warning",
                    "fine",
                    "fine",
                    "confiscation",
                    "license_suspension",
                    "license_revocation"
                ]),
                rng.next() % 50000,
                date(back.saturating_sub(10))
            ),
            2 => format!(
                r#"{{"id":"r{r}","type":"commitment","date":"{}","scheme":"certification_notice","status":"{}"}}"#,
                date(back),
                rng.pick(&["kept", "kept", "broken"])
            ),
            3 if person => format!(
                r#"{{"id":"r{r}","type":"driver_violation","date":"{}","behaviour":"{}"}}"#,
                date(back % 400),
                rng.pick(&["DRV-1", "DRV-3", "DRV-5"])
            ),
            3 => format!(
                r#"{{"id":"r{r}","type":"evaluation_deduction","date":"{}","scheme":"highway_construction","points":{}}}"#,
                date(back % 400),
                rng.next() % 6
            ),
            4 => format!(
                r#"{{"id":"r{r}","type":"administrative_license","date":"{}"}}"#,
                date(back)
            ),
            _ => format!(
                r#"{{"id":"r{r}","type":"commendation","date":"{}"}}"#,
                date(back)
            ),
        };
        records.push(rec);
    }
    if i.is_multiple_of(97) {
        records.push(format!(
            r#"{{"id":"l","type":"serious_dishonesty_list","date":"{}","list":"名单"}}"#,
            date(500)
        ));
    }
    format!(
        r#"{{"as_of":"2026-11-22","subject":{{"kind":"{kind}","id":"{id}","name":"主体{i}","industry":"{industry}"}},"records":[{}]}}"#,
        records.join(",")
    )
}

fn corpus() -> Vec<String> {
    let n = std::env::var("XINYONG_BENCH_SUBJECTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    (0..n).map(|i| subject(&mut rng, i)).collect()
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    let opts = Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    // Fail loudly rather than measure error paths.
    for d in docs.iter().take(1000) {
        evaluate_json(d, &opts).unwrap_or_else(|e| panic!("synthetic subject rejected: {e}\n{d}"));
    }
    let mut g = c.benchmark_group("subjects");
    g.sample_size(10);
    g.throughput(Throughput::Elements(docs.len() as u64));
    g.bench_function("parse_only", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(parse_input(black_box(d)).ok());
            }
        })
    });
    g.bench_function("evaluate", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(evaluate_json(black_box(d), &opts).ok());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
