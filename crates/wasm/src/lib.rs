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
//! import init, { evaluate, evaluateJson, validateSubjectId, packs, lintPack } from "./xinyong-api.js";
//! await init();
//! const report = evaluate(subject, { asOf: "2026-11-22", pack: "fujian-xiamen" });
//! ```

use serde::Serialize;
use wasm_bindgen::prelude::*;
use xinyong_core::pack::{self, Format};
use xinyong_core::{Options, PackChoice, Problem, Problems};
use xinyong_glue::{fail, is_object, js_type, json_text, to_js, today_in_china, wrong_type};

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

/// Evaluate one subject. `input` is a contract v1 object or its JSON text.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "Input | string")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EvaluateOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(report_to_js(&report(input, options)?))
}

/// As [`evaluate`], but the report is returned as its JSON text (contract v1, byte for byte what
/// the CLI writes with `--format json`), for callers that store or forward it: it saves the
/// `JSON.parse` that builds the object (≈ a fifth of a call in Node, docs/performance.md). Same
/// arguments, same errors.
#[wasm_bindgen(js_name = evaluateJson)]
pub fn evaluate_json(
    #[wasm_bindgen(unchecked_param_type = "Input | string")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EvaluateOptions | undefined")] options: JsValue,
) -> Result<String, JsValue> {
    Ok(xinyong_core::json_write::to_json(&report(input, options)?))
}

fn report(input: JsValue, options: JsValue) -> Result<xinyong_core::model::Report, JsValue> {
    let opts: EvalOptions = xinyong_glue::options(&options, "EvaluateOptions")?;
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
    let as_of = xinyong_glue::as_of(opts.as_of.as_deref())?;
    let today = xinyong_glue::today_or(opts.today.as_deref())?;
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
    Ok(report)
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
    /// Optional parts the pack leaves out and what applies instead (`xinyong pack lint`'s
    /// "默认值 default:" lines): accepted, but a portal team should see what it did not write.
    defaults: Vec<DefaultOut<'a>>,
    /// Rules that state they loosen the national rules, with the authority they cite
    /// ("放宽全国规则 loosens_national:"): every report made with the pack warns of them.
    loosens: Vec<LoosenOut<'a>>,
}

#[derive(Serialize)]
struct DefaultOut<'a> {
    path: &'a str,
    zh: &'a str,
    en: &'a str,
}

#[derive(Serialize)]
struct LoosenOut<'a> {
    rule: &'a str,
    authority: &'a str,
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
            id: Some(p.meta.id.to_string()),
            version: Some(p.meta.version.to_string()),
            problems: &[],
            defaults: p
                .defaults
                .iter()
                .map(|d| DefaultOut {
                    path: &d.path,
                    zh: &d.zh,
                    en: &d.en,
                })
                .collect(),
            loosens: pack::loosened(&p.rules)
                .into_iter()
                .map(|(rule, authority)| LoosenOut { rule, authority })
                .collect(),
        }),
        Err(e) => to_js(&LintResult {
            valid: false,
            id: None,
            version: None,
            problems: &e.0,
            defaults: Vec::new(),
            loosens: Vec::new(),
        }),
    })
}
