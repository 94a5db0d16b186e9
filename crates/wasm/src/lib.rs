//! The headless JavaScript API (`xinyong-api.js`): the engine without any UI, for portals that
//! render their own pages. Inputs and results are plain JS objects in the contract's shape;
//! failures throw `{ code, zh, en, problems: [{ path, value, zh, en }] }`.
//!
//! ```js
//! import init, { evaluate, validateSubjectId, packs, lintPack } from "./xinyong-api.js";
//! await init();
//! const report = evaluate(subject, { asOf: "2026-11-22", pack: "fujian-xiamen" });
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use xinyong_core::pack::{self, Format};
use xinyong_core::{Options, PackChoice, Problem, Problems};
use xinyong_model::Date;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

/// Options of `evaluate`.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EvalOptions {
    /// Check date `YYYY-MM-DD`; default: the input's `as_of`, then today in China.
    as_of: Option<String>,
    /// Built-in pack id; default: the subject's region, then `national`.
    pack: Option<String>,
    /// A portal's own pack as JSON text (already fetched and integrity-checked by the caller).
    pack_json: Option<String>,
    /// "Today" override `YYYY-MM-DD` (tests, reproducible pages).
    today: Option<String>,
}

/// Thrown on failure.
#[derive(Serialize)]
struct ApiError<'a> {
    code: &'a str,
    zh: String,
    en: String,
    problems: &'a [Problem],
}

fn serializer() -> serde_wasm_bindgen::Serializer {
    // Plain objects (not Maps) and `null` for absent values, as JSON would give.
    serde_wasm_bindgen::Serializer::json_compatible()
}

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serializer())
        .unwrap_or_else(|e| JsValue::from_str(&e.to_string()))
}

fn fail(code: &str, p: &Problems) -> JsValue {
    let first = p.0.first();
    let zh = first
        .map(|x| {
            if x.path.is_empty() {
                x.zh.clone()
            } else {
                format!("{}：{}", x.path, x.zh)
            }
        })
        .unwrap_or_default();
    let en = first
        .map(|x| {
            if x.path.is_empty() {
                x.en.clone()
            } else {
                format!("{}: {}", x.path, x.en)
            }
        })
        .unwrap_or_default();
    to_js(&ApiError {
        code,
        zh,
        en,
        problems: &p.0,
    })
}

fn option_problem(field: &str, value: &str, msg: &str) -> Problems {
    let (zh, en) = msg.split_once(" / ").unwrap_or((msg, msg));
    Problems::one(Problem::new(
        format!("options.{field}"),
        Some(format!("\"{value}\"")),
        zh,
        en,
    ))
}

/// Today in China (UTC+8) from the browser's clock; the rules count Chinese calendar days.
fn today_in_china() -> NaiveDate {
    xinyong_core::dates::china_day(js_sys::Date::now())
}

fn parse_date(field: &str, v: &str) -> Result<Date, Problems> {
    Date::parse(v).map_err(|m| option_problem(field, v, &m))
}

/// Evaluate one subject. `input` is a contract v1 object or its JSON text.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "Input | string")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EvaluateOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts: EvalOptions = if options.is_undefined() || options.is_null() {
        EvalOptions::default()
    } else {
        // Through JSON text: serde-wasm-bindgen reads only known properties, and a typo such as
        // `asof` must be an error, not a silently ignored option.
        let text = js_sys::JSON::stringify(&options)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        xinyong_core::input::from_json_str::<EvalOptions>(&text).map_err(|mut p| {
            p.path = format!("options.{}", p.path);
            fail("invalid_options", &Problems::one(p))
        })?
    };
    // Objects go through JSON text so the engine's strict, path-naming parser sees them
    // exactly as it sees files.
    let text = match input.as_string() {
        Some(s) => s,
        None => js_sys::JSON::stringify(&input)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default(),
    };
    let as_of = opts
        .as_of
        .as_deref()
        .map(|v| parse_date("asOf", v))
        .transpose()
        .map_err(|p| fail("invalid_options", &p))?;
    let today = match opts.today.as_deref() {
        Some(v) => {
            parse_date("today", v)
                .map_err(|p| fail("invalid_options", &p))?
                .0
        }
        None => today_in_china(),
    };
    let custom = match &opts.pack_json {
        Some(j) => Some(pack::load_custom(j, Format::Json).map_err(|p| fail("invalid_pack", &p))?),
        None => None,
    };
    let choice = match (&custom, &opts.pack) {
        (Some(p), _) => PackChoice::Custom(p),
        (None, Some(id)) => PackChoice::Builtin(id),
        (None, None) => PackChoice::FromSubject,
    };
    let report = xinyong_core::evaluate_json(
        &text,
        &Options {
            as_of,
            today,
            pack: choice,
        },
    )
    .map_err(|p| fail("invalid_input", &p))?;
    Ok(to_js(&report))
}

#[derive(Serialize)]
struct IdCheck {
    valid: bool,
    kind: Option<&'static str>,
    zh: Option<String>,
    en: Option<String>,
}

/// Check a 统一社会信用代码 or 居民身份证号码 (the kind is guessed from the shape when absent).
#[wasm_bindgen(js_name = validateSubjectId, unchecked_return_type = "IdCheck")]
pub fn validate_subject_id(
    id: &str,
    #[wasm_bindgen(unchecked_param_type = "\"enterprise\" | \"person\" | undefined")] kind: Option<
        String,
    >,
) -> JsValue {
    let id = id.trim();
    let person = match kind.as_deref() {
        Some("person") => true,
        Some(_) => false,
        None => {
            id.len() == 18
                && id[..17.min(id.len())].bytes().all(|c| c.is_ascii_digit())
                && id.is_ascii()
                && !id.starts_with('9')
        }
    };
    let checked = if person {
        xinyong_core::ids::check_citizen_id(id, today_in_china())
    } else {
        xinyong_core::ids::check_uscc(id)
    };
    let kind = Some(if person { "person" } else { "enterprise" });
    to_js(&match checked {
        Ok(()) => IdCheck {
            valid: true,
            kind,
            zh: None,
            en: None,
        },
        Err(p) => IdCheck {
            valid: false,
            kind,
            zh: Some(p.zh),
            en: Some(p.en),
        },
    })
}

/// The built-in packs: id, version, names, base, effective dates.
#[wasm_bindgen(unchecked_return_type = "PackInfo[]")]
pub fn packs() -> Result<JsValue, JsValue> {
    let list: Vec<_> = pack::builtin_packs()
        .map_err(|p| fail("invalid_pack", &p))?
        .iter()
        .map(pack::Pack::info)
        .collect();
    Ok(to_js(&list))
}

#[derive(Serialize)]
struct LintResult<'a> {
    valid: bool,
    id: Option<String>,
    version: Option<String>,
    problems: &'a [Problem],
}

/// Validate a pack (JSON text) as `xinyong pack lint` does; never throws.
#[wasm_bindgen(js_name = lintPack, unchecked_return_type = "LintResult")]
pub fn lint_pack(json: &str) -> JsValue {
    match pack::load_custom(json, Format::Json) {
        Ok(p) => to_js(&LintResult {
            valid: true,
            id: Some(p.meta.id.clone()),
            version: Some(p.meta.version.clone()),
            problems: &[],
        }),
        Err(e) => to_js(&LintResult {
            valid: false,
            id: None,
            version: None,
            problems: &e.0,
        }),
    }
}
