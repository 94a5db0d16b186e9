//! xinyong-core: the pure engine behind every xinyong front end.
//!
//! Input (contract v1) → validation → evaluation against a rule pack → report. No I/O, no
//! clock (callers pass "today"), no wasm or DOM dependencies, so the same code runs in the
//! CLI, in the browser and in benchmarks.
// `xinyong_model::Str` is `String` in the browser modules (wasm32) and a shared `Arc<str>`
// natively: the `.into()` that makes a built `String` a report string is a no-op there.
#![cfg_attr(target_arch = "wasm32", allow(clippy::useless_conversion))]

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
pub mod vocab;

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
    // An id typed or pasted with spaces, full-width characters or lower case is read in its
    // standard form (`ids::normalize`); the report says so, and nothing else is changed.
    let normalised = match ids::normalize(&input.subject.id) {
        std::borrow::Cow::Owned(id) => {
            let mut copy = input.clone();
            copy.subject.id = id;
            Some(copy)
        }
        std::borrow::Cow::Borrowed(_) => None,
    };
    let input = normalised.as_ref().unwrap_or(input);
    let as_of = input::resolve_as_of(opts.as_of, input, opts.today);
    let problems = input::validate(input, pack, as_of);
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let mut report = eval::run(input, pack, as_of)?;
    if normalised.is_some() {
        report.warnings.push(id_normalised_notice());
    }
    Ok(report)
}

/// The report's word that the id was read in its standard form.
fn id_normalised_notice() -> xinyong_model::Notice {
    xinyong_model::Notice {
        id: "input.id_normalised".into(),
        zh: "证件号码中的空格已去除、全角字符已改为半角、小写字母已改为大写后核验；请在正式材料中按标准格式填写".into(),
        en: "The identifier was checked after removing spaces, making full-width characters half-width and lower-case letters capitals; write it in the standard form in formal documents".into(),
        basis: "GB 32100-2015《法人和其他组织统一社会信用代码编码规则》；GB 11643-1999《公民身份号码》（代码字符为数字和大写英文字母）".into(),
        record_ids: vec![],
        assumed: false,
    }
}

/// Parse, validate and evaluate a contract v1 JSON document.
pub fn evaluate_json(text: &str, opts: &Options) -> Result<Report, Problems> {
    let input = input::parse_input(text)?;
    evaluate(&input, opts)
}
