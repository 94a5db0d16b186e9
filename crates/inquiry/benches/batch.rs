//! Staff batch throughput: screening a 20,000-row file (CSV and XLSX) vs only reading it.
//! The ratio screen/read says what the rules cost beyond spreadsheet parsing.
//!
//! The files are byte for byte those of `target/e2e-data/` (`cargo xtask dataset`: seed 42,
//! same subjects in the same order), and `evaluate_1000` evaluates the first 1000 subjects of
//! `synthetic-100000.json` as the browser benchmark page does, so `cargo xtask bench` can put
//! native and wasm figures side by side.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use xinyong_batch::{inputs_to_file, read, screen, Format};
use xinyong_core::{evaluate_json, Options};
use xinyong_inquiry::{synthetic::generate, to_input};
use xinyong_model::Date;

/// Synthetic subjects until the batch has at least `rows` rows.
pub fn batch_inputs(rows: usize) -> Vec<xinyong_model::Input> {
    let published = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    // Seed 42 and subjects in order, as `cargo xtask dataset` (generation is prefix-stable).
    let ds = generate(rows, 42, published);
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
    // The browser page picks subjects 0..1000 of the dataset (no as_of) and evaluates their
    // JSON text with today = 2026-11-23; the same here.
    let ds = generate(1000, 42, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    let texts: Vec<String> = ds
        .subjects
        .iter()
        .map(|s| serde_json::to_string(&to_input(s, None)).unwrap())
        .collect();
    let mut g = c.benchmark_group("evaluate_1000");
    g.sample_size(10);
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("dataset_subjects", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(evaluate_json(black_box(t), &opts).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
