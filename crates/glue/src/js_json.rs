//! A JS value as JSON text, or the problem that stops it, at its path.
//!
//! `evaluate` reads objects through JSON text so the engine's strict, path-naming parser sees
//! them exactly as it sees files. `JSON.stringify` is not good enough for that: it turns `NaN`
//! and `Infinity` into `null` (an amount of `NaN` became an absent amount), drops functions
//! and symbols silently, and throws without a path on a cycle, a BigInt, a throwing getter or
//! deep nesting (the engine then saw no text at all and said "EOF at line 1, column 0"). This
//! walks the value as `JSON.stringify` does (own enumerable string keys, `toJSON`, arrays by
//! index, `undefined` properties left out) and names what is wrong, where.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use xinyong_core::json_write::to_json;
use xinyong_core::Problem;

/// Deepest nesting accepted: the engine's JSON parser stops at the same depth.
const MAX_DEPTH: usize = 128;

#[wasm_bindgen]
extern "C" {
    // Each may throw (a Proxy's traps, a revoked Proxy): caught, so the exception becomes a
    // problem at its path instead of unwinding through the wasm.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(o: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
}

/// JSON text of `v`, or the first problem found, its path under `root` (`""` for a subject
/// document, `"options"` for the options). Stops once the text passes `limit` bytes.
pub fn to_text(v: &JsValue, root: &str, limit: usize) -> Result<String, Problem> {
    let mut w = Walk {
        out: String::new(),
        stack: Vec::new(),
        limit,
    };
    w.value(v, &JsValue::from_str(""), root)?;
    Ok(w.out)
}

struct Walk {
    out: String,
    /// The objects and arrays being written, outermost first: one met again is a cycle.
    stack: Vec<JsValue>,
    limit: usize,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// What a thrown JS value says: an Error's message, a thrown string, else its type.
pub fn thrown_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| js_type(e).to_string())
}

/// The JS type of a value as a caller would name it (`array` and `null` apart from `object`).
pub fn js_type(v: &JsValue) -> &'static str {
    if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "null"
    } else if v.is_string() {
        "string"
    } else if v.as_f64().is_some() {
        "number"
    } else if v.as_bool().is_some() {
        "boolean"
    } else if v.is_bigint() {
        "bigint"
    } else if v.is_symbol() {
        "symbol"
    } else if v.is_function() {
        "function"
    } else if is_array(v).unwrap_or(false) {
        "array"
    } else {
        "object"
    }
}

fn threw(path: &str, what_zh: &str, what_en: &str, e: &JsValue) -> Problem {
    let msg = thrown_text(e);
    Problem::new(
        path,
        None,
        format!("{what_zh}时抛出了异常：{msg}"),
        format!("{what_en} threw an exception: {msg}"),
    )
}

impl Walk {
    fn value(&mut self, v: &JsValue, key: &JsValue, path: &str) -> Result<(), Problem> {
        if self.out.len() > self.limit {
            return Err(Problem::new(
                "",
                None,
                format!("输入过大：超过 {} 字节", self.limit),
                format!("input too large: more than {} bytes", self.limit),
            ));
        }
        if let Some(s) = v.as_string() {
            self.out.push_str(&to_json(&s));
            return Ok(());
        }
        if let Some(x) = v.as_f64() {
            if !x.is_finite() {
                let shown = if x.is_nan() {
                    "NaN"
                } else if x > 0.0 {
                    "Infinity"
                } else {
                    "-Infinity"
                };
                return Err(Problem::new(
                    path,
                    Some(shown.into()),
                    "不是有限的数字（JSON 中没有 NaN 和 Infinity）",
                    "not a finite number (JSON has no NaN or Infinity)",
                ));
            }
            self.out.push_str(&to_json(&x));
            return Ok(());
        }
        if let Some(b) = v.as_bool() {
            self.out.push_str(if b { "true" } else { "false" });
            return Ok(());
        }
        if v.is_null() || v.is_undefined() {
            // An `undefined` property is left out before this is reached; in an array it is
            // `null`, as JSON.stringify writes it.
            self.out.push_str("null");
            return Ok(());
        }
        if v.is_bigint() {
            return Err(Problem::new(
                path,
                // Not its digits: a BigInt given as `subject.id` would show the whole id.
                Some("bigint".into()),
                "BigInt 不能转为 JSON 数字，请使用普通数字（Number）",
                "a BigInt cannot be a JSON number; use an ordinary number",
            ));
        }
        if v.is_function() || v.is_symbol() {
            let t = js_type(v);
            return Err(Problem::new(
                path,
                Some(t.into()),
                format!("{t} 不是 JSON 值"),
                format!("a {t} is not a JSON value"),
            ));
        }
        // An object: its toJSON first (a Date gives its ISO text), as JSON.stringify does.
        let to_json_fn = js_sys::Reflect::get(v, &JsValue::from_str("toJSON"))
            .map_err(|e| threw(path, "读取 toJSON", "reading toJSON", &e))?;
        if let Some(f) = to_json_fn.dyn_ref::<js_sys::Function>() {
            let replaced = f
                .call1(v, key)
                .map_err(|e| threw(path, "调用 toJSON", "calling toJSON", &e))?;
            if !replaced.is_object() || replaced.is_function() {
                return self.value(&replaced, key, path);
            }
            return self.object(&replaced, path);
        }
        self.object(v, path)
    }

    fn object(&mut self, v: &JsValue, path: &str) -> Result<(), Problem> {
        if self.stack.iter().any(|o| o == v) {
            return Err(Problem::new(
                path,
                None,
                "循环引用：此处又指回了外层的同一个对象，无法转为 JSON",
                "circular reference: this refers back to an object that contains it, so it cannot be turned into JSON",
            ));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(Problem::new(
                path,
                None,
                format!("嵌套超过 {MAX_DEPTH} 层"),
                format!("nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        self.stack.push(v.clone());
        let array = is_array(v).map_err(|e| threw(path, "读取该值", "reading this value", &e))?;
        if array {
            let len = js_sys::Reflect::get(v, &JsValue::from_str("length"))
                .map_err(|e| threw(path, "读取数组长度", "reading the array's length", &e))?
                .as_f64()
                .unwrap_or(0.0) as u32;
            self.out.push('[');
            for i in 0..len {
                if i > 0 {
                    self.out.push(',');
                }
                let at = format!("{path}[{i}]");
                let item = js_sys::Reflect::get_u32(v, i)
                    .map_err(|e| threw(&at, "读取该元素", "reading this element", &e))?;
                self.value(&item, &JsValue::from_str(&i.to_string()), &at)?;
            }
            self.out.push(']');
        } else {
            let keys = object_keys(v)
                .map_err(|e| threw(path, "列出属性", "listing the properties", &e))?;
            self.out.push('{');
            let mut first = true;
            for k in keys.iter() {
                let name = k.as_string().unwrap_or_default();
                let at = join(path, &name);
                let item = js_sys::Reflect::get(v, &k)
                    .map_err(|e| threw(&at, "读取该属性", "reading this property", &e))?;
                if item.is_undefined() {
                    continue; // left out, as JSON.stringify does: an absent field
                }
                if !first {
                    self.out.push(',');
                }
                first = false;
                self.out.push_str(&to_json(&name));
                self.out.push(':');
                self.value(&item, &k, &at)?;
            }
            self.out.push('}');
        }
        self.stack.pop();
        Ok(())
    }
}
