//! What reaches a person's terminal: text in which nobody else's bytes can act.
//!
//! Names, record ids, unknown field names and a portal pack's wording all come from files the
//! person running `xinyong` did not write. Printed raw, an ESC sequence in a name could recolour,
//! clear or retitle the terminal, move the cursor over earlier lines or fake a line with a
//! newline; a bidi override could reorder what is shown. So every such text is escaped as Rust
//! writes a character literal's escape (`\u{1b}`) before it reaches stdout in `--format text`
//! or stderr. JSON output is left to serde_json, which escapes control characters already.

use std::borrow::Cow;

use xinyong_core::{Problem, Problems};

/// True for the characters that must never reach a terminal raw: C0 and C1 controls and DEL
/// (newline and tab included: a field's text is one line), and the Unicode bidi controls
/// (embeddings, overrides, isolates and the invisible marks), which reorder what is displayed.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// One field's text with every unsafe character written as `\u{…}`.
pub fn safe(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// A message of ours that may quote others' text: as `safe`, but its own line breaks stay.
pub fn safe_lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let bad = |c: char| is_unsafe(c) && !(keep_newlines && c == '\n');
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Problems as stderr shows them, each field escaped (the layout's own line breaks stay).
pub fn problems(p: &Problems) -> Problems {
    Problems(
        p.0.iter()
            .map(|x| Problem {
                path: safe(&x.path).into_owned(),
                value: x.value.as_deref().map(|v| safe(v).into_owned()),
                zh: safe(&x.zh).into_owned(),
                en: safe(&x.en).into_owned(),
            })
            .collect(),
    )
}

/// Every string in a JSON tree escaped (keys too): the text report is rendered from this, so
/// no field of a report, today's or a future one, can reach the terminal raw.
pub fn json_strings(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            if let Cow::Owned(o) = safe(s) {
                *s = o;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(json_strings),
        Value::Object(m) => {
            let taken = std::mem::take(m);
            for (k, mut x) in taken {
                json_strings(&mut x);
                m.insert(safe(&k).into_owned(), x);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped() {
        assert_eq!(safe("甲\u{1b}[31m乙\u{7}"), "甲\\u{1b}[31m乙\\u{7}");
        assert_eq!(
            safe("a\nb\tc\u{9b}d\u{7f}"),
            "a\\u{a}b\\u{9}c\\u{9b}d\\u{7f}"
        );
        assert_eq!(safe("x\u{202e}y\u{2066}"), "x\\u{202e}y\\u{2066}");
        assert_eq!(safe_lines("a\nb\u{1b}"), "a\nb\\u{1b}");
        assert!(matches!(safe("普通文本 plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_json_string_and_key() {
        let mut v = serde_json::json!({"a\u{1b}": ["x\u{1b}]0;t\u{7}", 1, {"n": "ok"}]});
        json_strings(&mut v);
        assert_eq!(
            v.to_string(),
            r#"{"a\\u{1b}":["x\\u{1b}]0;t\\u{7}",1,{"n":"ok"}]}"#
        );
    }
}
