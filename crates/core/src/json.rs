//! The engine's side of the JSON layer (crate `xinyong-json`): text is parsed once into
//! [`Json`] by `json_parse` (a port of serde_json's parser, so syntax errors keep serde_json's
//! wording, line and column), then typed by the types' derived [`FromJson`], which records where
//! an error happened (`records[1].date`). `error.rs` maps the typed [`Error`] to a bilingual
//! `Problem`.

pub(crate) use xinyong_json::{read, At, Blank, FromJson, Json, Located};

/// Parse JSON text (a leading byte-order mark is skipped). Errors are serde_json's, word for
/// word and position for position (see `json_parse`).
pub(crate) fn parse(text: &str) -> Result<Json<'_>, crate::json_parse::SyntaxError> {
    crate::json_parse::parse(text.strip_prefix('\u{feff}').unwrap_or(text))
}

impl<K, V> Blank for crate::pack::RuleMap<K, V> {
    fn blank() -> Self {
        Default::default()
    }
}

/// Map keys are strings typed like values (a key's error names the key); a repeated key
/// keeps its last value, as serde's maps do.
impl<K: FromJson + Ord, V: FromJson> FromJson for crate::pack::RuleMap<K, V> {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located> {
        let Json::Obj(members) = v else {
            return Err(xinyong_json::invalid_type(v, "a map", at));
        };
        let mut out = crate::pack::RuleMap::new();
        for (k, x) in members {
            let here = At::Key(at, k);
            let key = K::from_json(&Json::Str(std::borrow::Cow::Borrowed(k)), &here)?;
            out.insert(key, V::from_json(x, &here)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xinyong_json::Error;

    #[derive(Debug, xinyong_json::FromJson)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        a: Vec<Inner>,
    }

    #[derive(Debug, xinyong_json::FromJson)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }

    fn err(text: &str) -> Located {
        read::<Doc>(&parse(text).unwrap()).unwrap_err()
    }

    #[test]
    fn paths_name_the_innermost_value() {
        let e = err(r#"{"a":[{"n":1},{"n":"x"}]}"#);
        assert_eq!(e.path, "a[1].n");
        assert_eq!(e.to_string(), "invalid type: string \"x\", expected u32");
        let e = err(r#"{"a":[{"m":1}]}"#);
        assert_eq!(e.path, "a[0].m");
        assert_eq!(
            e.error,
            Error::UnknownField {
                name: "m".into(),
                expected: &["n"]
            }
        );
        assert_eq!(e.to_string(), "unknown field `m`, expected `n`");
        let e = err(r#"{"a":[{}]}"#);
        assert_eq!(e.path, "a[0]");
        assert_eq!(e.error, Error::MissingField("n"));
        let e = err(r#"{"a":[],"a":[]}"#);
        assert_eq!(e.path, "");
        assert_eq!(e.error, Error::DuplicateField("a"));
        let e = err(r#"[[]]"#);
        assert_eq!(e.path, "");
        assert_eq!(e.to_string(), "invalid type: sequence, expected struct Doc");
    }
}
