//! Dataset index build time and lookup latency over 100k synthetic subjects.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use xinyong_inquiry::{synthetic::generate, Index};

fn bench(c: &mut Criterion) {
    let ds = generate(100_000, 42, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    let mut g = c.benchmark_group("inquiry_100k");
    g.sample_size(10);
    g.bench_function("index_build", |b| {
        b.iter(|| black_box(Index::build(black_box(&ds.subjects))))
    });
    let idx = Index::build(&ds.subjects);
    let code = ds.subjects[51_234].subject.id.clone();
    let name = ds.subjects[77_777].subject.name.clone();
    g.bench_function("lookup_code_exact", |b| {
        b.iter(|| black_box(idx.search(black_box(&code), 20)))
    });
    g.bench_function("lookup_name_exact", |b| {
        b.iter(|| black_box(idx.search(black_box(&name), 20)))
    });
    g.bench_function("lookup_name_fuzzy", |b| {
        b.iter(|| black_box(idx.search(black_box("厦门通达物"), 20)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
