//! xinyong-core: the pure engine behind every xinyong front end.
//!
//! Input (contract v1) → validation → evaluation against a rule pack → report. No I/O, no
//! clock (callers pass "today"), no wasm or DOM dependencies, so the same code runs in the
//! CLI, in the browser and in benchmarks.

pub mod dates;
mod dec2flt;
mod error;
mod eval;
pub mod ids;
pub mod input;
mod json;
mod json_parse;
pub mod json_write;
pub mod letters;
pub mod num;
pub mod pack;
mod sort;

use chrono::NaiveDate;
pub use error::{nearest, Problem, Problems};
use pack::Pack;
pub use xinyong_model as model;
use xinyong_model::{Date, Input, Report};

/// Which pack judges a subject.
#[derive(Clone, Copy, Debug, Default)]
pub enum PackChoice<'a> {
    /// The subject's `region`, or `national` when it has none.
    #[default]
    FromSubject,
    /// A built-in pack by id (`--pack`).
    Builtin(&'a str),
    /// A pack loaded at run time (`--pack-file`, `pack-src`).
    Custom(&'a Pack),
}

/// How to evaluate.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// Overrides the input's `as_of` (`--as-of`).
    pub as_of: Option<Date>,
    /// The day it is now; used when neither `as_of` is given.
    pub today: NaiveDate,
    pub pack: PackChoice<'a>,
}

impl<'a> Options<'a> {
    pub fn new(today: NaiveDate) -> Self {
        Options {
            as_of: None,
            today,
            pack: PackChoice::FromSubject,
        }
    }
}

/// The pack an input will be judged by.
pub fn choose_pack<'a>(input: &Input, choice: PackChoice<'a>) -> Result<&'a Pack, Problems> {
    match choice {
        PackChoice::Custom(p) => Ok(p),
        PackChoice::Builtin(id) => pack::builtin(id),
        PackChoice::FromSubject => {
            let id = input.subject.region.as_deref().unwrap_or("national");
            pack::builtin(id).map_err(|mut p| {
                for e in &mut p.0 {
                    e.path = "subject.region".into();
                }
                p
            })
        }
    }
}

/// Validate and evaluate one subject. Every problem found is returned at once.
pub fn evaluate(input: &Input, opts: &Options) -> Result<Report, Problems> {
    let pack = choose_pack(input, opts.pack)?;
    let as_of = input::resolve_as_of(opts.as_of, input, opts.today);
    let problems = input::validate(input, pack, as_of);
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    eval::run(input, pack, as_of)
}

/// Parse, validate and evaluate a contract v1 JSON document.
pub fn evaluate_json(text: &str, opts: &Options) -> Result<Report, Problems> {
    let input = input::parse_input(text)?;
    evaluate(&input, opts)
}
