//! The headless JavaScript API (`xinyong-api.js`): the engine without any UI, for portals that
//! render their own pages. Inputs and results are plain JS objects in the contract's shape;
//! failures throw `{ code, zh, en, problems: [{ path, value, zh, en }] }`.
//!
//! Every export takes `JsValue` and checks its arguments' types itself. A `&str` or `String`
//! parameter would let wasm-bindgen's glue trust the caller: `passStringToWasm0` reads
//! `arg.length` (undefined for a number or an object), asks `__wbindgen_malloc` for 0 bytes
//! (it returns the dangling address 1, nothing allocated), takes its non-ASCII path because
//! `0 !== undefined`, and calls `__wbindgen_realloc(1, 0, 0)`, which hands address 1 to the
//! allocator as if it had allocated it; dlmalloc reads the chunk header before it, at an
//! address that wraps past 4 GiB, and the module traps ("memory access out of bounds").
//! `undefined` failed earlier, reading `undefined.length` (a TypeError). The release build,
//! wasm-opt's flags and the renamed glue play no part: the unoptimised wasm-bindgen output
//! traps the same way.
//!
//! ```js
//! import init, { evaluate, validateSubjectId, packs, lintPack } from "./xinyong-api.js";
//! await init();
//! const report = evaluate(subject, { asOf: "2026-11-22", pack: "fujian-xiamen" });
//! ```

use chrono::NaiveDate;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use xinyong_core::input::MAX_INPUT_BYTES;
use xinyong_core::pack::{self, Format};
use xinyong_core::{Options, PackChoice, Problem, Problems};
use xinyong_model::{Date, Text};

mod js_json;

use js_json::js_type;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

/// Options of `evaluate`.
#[derive(Default, xinyong_json::FromJson)]
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

fn option_problem(field: &str, value: &str, msg: Text) -> Problems {
    Problems::one(Problem::new(
        format!("options.{field}"),
        Some(format!("\"{value}\"")),
        msg.zh,
        msg.en,
    ))
}

/// Today in China (UTC+8) from the browser's clock; the rules count Chinese calendar days.
fn today_in_china() -> NaiveDate {
    xinyong_core::dates::china_day(js_sys::Date::now())
}

fn parse_date(field: &str, v: &str) -> Result<Date, Problems> {
    Date::parse(v).map_err(|m| option_problem(field, v, m))
}

/// A wrong argument type: `invalid_argument`, naming the parameter and the type received
/// (never the value: an id passed as a number would be echoed whole).
fn wrong_type(param: &str, got: &JsValue, zh: &str, en: &str) -> JsValue {
    let t = js_type(got);
    fail(
        "invalid_argument",
        &Problems::one(Problem::new(
            param,
            Some(t.to_string()),
            format!("{zh}，实际为 {t}"),
            format!("{en}, got {t}"),
        )),
    )
}

/// An object argument as JSON text for the engine's reader, or `code`'s problem at its path.
fn json_text(v: &JsValue, root: &str, code: &str) -> Result<String, JsValue> {
    js_json::to_text(v, root, MAX_INPUT_BYTES).map_err(|p| fail(code, &Problems::one(p)))
}

fn is_object(v: &JsValue) -> bool {
    v.is_object() && !v.is_function()
}

/// Evaluate one subject. `input` is a contract v1 object or its JSON text.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "Input | string")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EvaluateOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts: EvalOptions = if options.is_undefined() || options.is_null() {
        EvalOptions::default()
    } else if is_object(&options) && js_type(&options) != "array" {
        // Through JSON text: serde-wasm-bindgen reads only known properties, and a typo such as
        // `asof` must be an error, not a silently ignored option.
        let text = json_text(&options, "options", "invalid_options")?;
        xinyong_core::input::from_json_str::<EvalOptions>(&text).map_err(|mut p| {
            p.path = format!("options.{}", p.path);
            fail("invalid_options", &Problems::one(p))
        })?
    } else {
        return Err(wrong_type(
            "options",
            &options,
            "应为对象（EvaluateOptions）或省略",
            "must be an object (EvaluateOptions) or left out",
        ));
    };
    if opts.pack.is_some() && opts.pack_json.is_some() {
        // As the CLI refuses --pack with --pack-file: one of the two would be ignored.
        return Err(fail(
            "invalid_options",
            &Problems::one(Problem::new(
                "options.packJson",
                None,
                "pack 与 packJson 只能给出一个（packJson 是门户自己的规则包，pack 是内置规则包的编号）",
                "give pack or packJson, not both (packJson is a portal's own pack, pack the id of a built-in one)",
            )),
        ));
    }
    // Objects go through JSON text so the engine's strict, path-naming parser sees them
    // exactly as it sees files.
    let text = if let Some(s) = input.as_string() {
        s
    } else if is_object(&input) && js_type(&input) != "array" {
        json_text(&input, "", "invalid_input")?
    } else {
        return Err(wrong_type(
            "input",
            &input,
            "应为 contract v1 主体对象或其 JSON 文本",
            "must be a contract v1 subject object or its JSON text",
        ));
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
    Ok(report_to_js(&report))
}

/// The report as a plain JS object: its JSON text (the engine's writer, byte for byte what
/// serde_json writes) through one `JSON.parse`. Building the object property by property
/// (serde-wasm-bindgen) crossed into JS once per key and per string, about half of a call's
/// time in Node (docs/performance.md); the result is the same object (`json_compatible`:
/// plain objects, `null` for absent values, skipped fields absent).
fn report_to_js(report: &xinyong_core::model::Report) -> JsValue {
    let text = xinyong_core::json_write::to_json(report);
    js_sys::JSON::parse(&text).unwrap_or_else(|_| to_js(report))
}

#[derive(Serialize)]
struct IdCheck {
    valid: bool,
    kind: Option<&'static str>,
    zh: Option<String>,
    en: Option<String>,
}

/// Check a 统一社会信用代码 or 居民身份证号码 (the kind is guessed from the shape when absent).
/// Throws `invalid_argument` when `id` is not a string or `kind` is not one of the two kinds.
#[wasm_bindgen(js_name = validateSubjectId, unchecked_return_type = "IdCheck")]
pub fn validate_subject_id(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "\"enterprise\" | \"person\" | undefined")] kind: JsValue,
) -> Result<JsValue, JsValue> {
    let Some(id) = id.as_string() else {
        return Err(wrong_type(
            "id",
            &id,
            "应为字符串（统一社会信用代码或居民身份证号码）",
            "must be a string (a unified social credit code or a citizen ID number)",
        ));
    };
    let person = if kind.is_undefined() || kind.is_null() {
        let id = id.trim();
        id.len() == 18
            && id[..17.min(id.len())].bytes().all(|c| c.is_ascii_digit())
            && id.is_ascii()
            && !id.starts_with('9')
    } else {
        match kind.as_string().as_deref() {
            Some("person") => true,
            Some("enterprise") => false,
            Some(other) => {
                // A long one is masked: the caller may have swapped the arguments.
                let shown = if other.chars().count() <= 12 {
                    other.to_string()
                } else {
                    xinyong_core::ids::mask(other)
                };
                return Err(fail(
                    "invalid_argument",
                    &Problems::one(Problem::new(
                        "kind",
                        Some(format!("\"{shown}\"")),
                        "应为 \"enterprise\"（企业）或 \"person\"（个人），或省略以按号码形式判断",
                        "must be \"enterprise\" or \"person\", or left out to tell from the id's shape",
                    )),
                ));
            }
            None => {
                return Err(wrong_type(
                    "kind",
                    &kind,
                    "应为 \"enterprise\" 或 \"person\"，或省略",
                    "must be \"enterprise\" or \"person\", or left out",
                ))
            }
        }
    };
    let id = id.trim();
    let checked = if person {
        xinyong_core::ids::check_citizen_id(id, today_in_china())
    } else {
        xinyong_core::ids::check_uscc(id)
    };
    let kind = Some(if person { "person" } else { "enterprise" });
    Ok(to_js(&match checked {
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
    }))
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

/// Validate a pack (JSON text) as `xinyong pack lint` does. A bad pack is an answer
/// (`valid: false` and its problems), not an exception; throws `invalid_argument` only when
/// `json` is not a string.
#[wasm_bindgen(js_name = lintPack, unchecked_return_type = "LintResult")]
pub fn lint_pack(
    #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
) -> Result<JsValue, JsValue> {
    let Some(json) = json.as_string() else {
        return Err(wrong_type(
            "json",
            &json,
            "应为规则包的 JSON 文本（字符串；对象请先 JSON.stringify）",
            "must be the pack's JSON text (a string; JSON.stringify an object first)",
        ));
    };
    Ok(match pack::load_custom(&json, Format::Json) {
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
    })
}
