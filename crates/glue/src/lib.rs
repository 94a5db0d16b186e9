//! The JavaScript glue of the two wasm modules that take calls from JS: the headless API
//! (`crates/wasm`, `xinyong-api.js`) and the staff module (`crates/staff`, run by the staff
//! worker). One copy of: values to JS, the one error shape (`xinyong_protocol::Error`:
//! `{ code, zh, en, problems: [{ path, value, zh, en }] }`), arguments and options read with the
//! path of what is wrong, dates, and "today" in China.
//!
//! Arguments are taken as `JsValue` and checked here: a `&str` parameter would let
//! wasm-bindgen's glue trust the caller, and a number or an object reached the allocator as a
//! dangling pointer and trapped (crates/wasm's `lib.rs` says how).

use chrono::NaiveDate;
use serde::Serialize;
use wasm_bindgen::JsValue;
use xinyong_core::input::MAX_INPUT_BYTES;
use xinyong_core::{Problem, Problems};
use xinyong_model::Date;

pub mod js_json;

pub use js_json::js_type;
pub use xinyong_protocol::Error;

/// `v` as a plain JS value: objects (not Maps) and `null` for absent values, as JSON would
/// give.
pub fn to_js<T: Serialize + ?Sized>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|e| JsValue::from_str(&e.to_string()))
}

/// `v` through one JSON string and the engine's native `JSON.parse`: for large payloads (a
/// 20,000-row screening) faster than building the objects property by property.
pub fn to_js_json<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(v).map_err(|e| {
        fail(
            "internal",
            &problem(
                "",
                None,
                format!("结果无法序列化：{e}"),
                format!("cannot serialize the result: {e}"),
            ),
        )
    })?;
    js_sys::JSON::parse(&text)
}

/// The value to throw: `code` with `p`, in the one error shape.
pub fn fail(code: &str, p: &Problems) -> JsValue {
    to_js(&Error::of(code, p.0.clone()))
}

/// One problem.
pub fn problem(path: &str, value: Option<String>, zh: String, en: String) -> Problems {
    Problems::one(Problem::new(path, value, zh, en))
}

/// A wrong argument type: `invalid_argument`, naming the parameter and the type received
/// (never the value: an id passed as a number would be echoed whole).
pub fn wrong_type(param: &str, got: &JsValue, zh: &str, en: &str) -> JsValue {
    let t = js_type(got);
    fail(
        "invalid_argument",
        &problem(
            param,
            Some(t.to_string()),
            format!("{zh}，实际为 {t}"),
            format!("{en}, got {t}"),
        ),
    )
}

/// A string argument, or `invalid_argument` naming it.
pub fn text_arg(v: &JsValue, name: &str) -> Result<String, JsValue> {
    v.as_string()
        .ok_or_else(|| wrong_type(name, v, "应为字符串", "expected a string"))
}

/// An object, not a function.
pub fn is_object(v: &JsValue) -> bool {
    v.is_object() && !v.is_function()
}

/// A JS value as JSON text for the engine's reader, or `code`'s problem at its path under
/// `root` (`""` for a document, `"options"`).
pub fn json_text(v: &JsValue, root: &str, code: &str) -> Result<String, JsValue> {
    js_json::to_text(v, root, MAX_INPUT_BYTES).map_err(|p| fail(code, &Problems::one(p)))
}

/// The options object of a call (`type_name`: its TypeScript name, for the message): absent
/// gives the defaults; an object is read through JSON text by the engine's strict reader, so
/// a typo such as `asof` is an `invalid_options` error naming it, not a silently ignored
/// option; anything else is `invalid_argument`.
pub fn options<T: Default + xinyong_json::FromJson>(
    v: &JsValue,
    type_name: &str,
) -> Result<T, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(T::default());
    }
    if !is_object(v) || js_type(v) == "array" {
        return Err(wrong_type(
            "options",
            v,
            &format!("应为对象（{type_name}）或省略"),
            &format!("must be an object ({type_name}) or left out"),
        ));
    }
    let text = json_text(v, "options", "invalid_options")?;
    xinyong_core::input::from_json_str::<T>(&text).map_err(|mut p| {
        p.path = format!("options.{}", p.path);
        fail("invalid_options", &Problems::one(p))
    })
}

/// Today in China (UTC+8) from the browser's clock; the rules count Chinese calendar days.
pub fn today_in_china() -> NaiveDate {
    xinyong_core::dates::china_day(js_sys::Date::now())
}

/// A `YYYY-MM-DD` option or argument at `path` (`options.asOf`), or its problem.
pub fn parse_date(path: &str, v: &str) -> Result<Date, Problems> {
    Date::parse(v).map_err(|m| problem(path, Some(format!("\"{v}\"")), m.zh, m.en))
}

/// The optional "today" override (`options.today`), else today in China: `invalid_options`
/// when it is not a date.
pub fn today_or(v: Option<&str>) -> Result<NaiveDate, JsValue> {
    match v {
        Some(v) => Ok(parse_date("options.today", v)
            .map_err(|p| fail("invalid_options", &p))?
            .0),
        None => Ok(today_in_china()),
    }
}

/// The optional check date (`options.asOf`): `invalid_options` when it is not a date.
pub fn as_of(v: Option<&str>) -> Result<Option<Date>, JsValue> {
    v.map(|v| parse_date("options.asOf", v))
        .transpose()
        .map_err(|p| fail("invalid_options", &p))
}
