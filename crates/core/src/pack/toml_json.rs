//! TOML → JSON value conversion, shared by the native pack loader and `build.rs` (which turns
//! the built-in TOML packs into JSON so the browser build carries no TOML parser).

/// A TOML value as JSON; TOML dates become `YYYY-MM-DD` strings.
pub fn toml_value(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map(J::Number)
            .unwrap_or(J::Null),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_value).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_value(v))).collect())
        }
    }
}
