//! Staff batch throughput: screening a 20,000-row file (CSV and XLSX) vs only reading it.
//! The ratio screen/read says what the rules cost beyond spreadsheet parsing.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use xinyong_batch::{inputs_to_file, read, screen, Format};
use xinyong_core::Options;
use xinyong_inquiry::{synthetic::generate, to_input};
use xinyong_model::Date;

/// Synthetic subjects until the batch has at least `rows` rows.
pub fn batch_inputs(rows: usize) -> Vec<xinyong_model::Input> {
    let published = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let ds = generate(rows, 2026, published);
    let mut inputs = Vec::new();
    let mut n = 0;
    for s in &ds.subjects {
        if n >= rows {
            break;
        }
        n += s.records.len().max(1);
        let mut i = to_input(s, Some(Date(published)));
        i.subject.region = None;
        inputs.push(i);
    }
    inputs
}

fn bench(c: &mut Criterion) {
    let inputs = batch_inputs(20_000);
    let opts = Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    for (name, fmt) in [("csv", Format::Csv), ("xlsx", Format::Xlsx)] {
        let bytes = inputs_to_file(&inputs, fmt).unwrap();
        let rows = read(&bytes, fmt).unwrap().rows_read;
        let mut g = c.benchmark_group(format!("batch_20k_{name}"));
        g.sample_size(10);
        g.throughput(Throughput::Elements(rows as u64));
        g.bench_function("read_only", |b| {
            b.iter(|| black_box(read(black_box(&bytes), fmt).unwrap()))
        });
        g.bench_function("read_and_screen", |b| {
            b.iter(|| {
                let batch = read(black_box(&bytes), fmt).unwrap();
                black_box(screen(batch, &opts, &mut |_, _| {}))
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
