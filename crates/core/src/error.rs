//! Bilingual errors that name the field path, the value and what was expected.

use std::fmt;

use xinyong_json::{Error as JsonError, Located, Text};

/// One problem with an input or a pack, located by a path such as `records[1].date`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Field path (`records[1].date`, `grade_schemes[0].bands[2].min`); empty for the document.
    pub path: String,
    /// The offending value as written, when there is one.
    pub value: Option<String>,
    pub zh: String,
    pub en: String,
}

impl Problem {
    pub fn new(
        path: impl Into<String>,
        value: Option<String>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Problem {
            path: path.into(),
            value,
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(document)"
        } else {
            &self.path
        };
        match &self.value {
            Some(v) => writeln!(f, "{path} = {}", shorten(v))?,
            None => writeln!(f, "{path}")?,
        }
        writeln!(f, "  错误：{}", self.zh)?;
        write!(f, "  error: {}", self.en)
    }
}

/// Long values are cut so one bad field cannot flood a terminal.
fn shorten(v: &str) -> String {
    const MAX: usize = 80;
    if v.chars().count() <= MAX {
        v.to_string()
    } else {
        let s: String = v.chars().take(MAX).collect();
        format!("{s}…")
    }
}

/// Everything wrong with one input (or one pack), in document order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn one(p: Problem) -> Self {
        Problems(vec![p])
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// A typing error of the JSON layer as a bilingual problem: each kind of error has its own
/// wording, with a nearest-name suggestion for an unknown field or value.
pub(crate) fn from_json_error(e: Located) -> Problem {
    let Located { path, error } = e;
    match error {
        // The path already ends with the unknown key.
        JsonError::UnknownField { name, expected } => {
            let fields: Vec<String> = expected.iter().map(|f| f.to_string()).collect();
            let (hint_zh, hint_en) = match nearest(&name, &fields) {
                Some(h) => (
                    format!("。是否想写“{h}”？"),
                    format!("; did you mean `{h}`?"),
                ),
                None => (String::new(), String::new()),
            };
            let list = fields.join(", ");
            Problem::new(
                path,
                None,
                format!("未知字段“{name}”{hint_zh}（可用字段：{list}）"),
                format!("unknown field `{name}`{hint_en} (known fields: {list})"),
            )
        }
        JsonError::UnknownVariant { name, expected } => {
            let allowed: Vec<String> = expected.iter().map(|f| f.to_string()).collect();
            let (hint_zh, hint_en) = match nearest(&name, &allowed) {
                Some(h) => (format!("是否想写“{h}”？"), format!("; did you mean `{h}`?")),
                None => (String::new(), String::new()),
            };
            let list = allowed.join(", ");
            Problem::new(
                path,
                Some(format!("\"{name}\"")),
                format!("取值无效。{hint_zh}允许的取值：{list}"),
                format!("not an allowed value{hint_en} (allowed: {list})"),
            )
        }
        JsonError::MissingField(name) => Problem::new(
            join(&path, name),
            None,
            "缺少必填字段",
            "required field is missing",
        ),
        JsonError::DuplicateField(name) => Problem::new(
            join(&path, name),
            None,
            "字段重复出现",
            "field appears twice",
        ),
        JsonError::InvalidType { found, expected } => Problem::new(
            path,
            Some(found.to_string()),
            format!("类型错误：应为 {}", expected_zh(expected)),
            format!("wrong type: expected {expected}"),
        ),
        JsonError::InvalidValue { found, expected } => Problem::new(
            path,
            Some(found.to_string()),
            format!("取值无效：应为 {}", expected_zh(expected)),
            format!("invalid value: expected {expected}"),
        ),
        JsonError::Invalid(Text { zh, en }) => Problem::new(path, None, zh, en),
    }
}

fn expected_zh(e: &str) -> String {
    let t = match e {
        "a string" => "字符串",
        "f64" | "a number" => "数字",
        "u32" | "i32" | "u64" => "整数",
        "a boolean" => "布尔值 true/false",
        "a sequence" => "数组",
        "a date string YYYY-MM-DD" => "YYYY-MM-DD 格式的日期字符串",
        _ => return e.to_string(),
    };
    format!("{t}（{e}）")
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() || path == "." {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// The closest allowed name, if it is close enough to be a plausible typo.
pub fn nearest(name: &str, allowed: &[String]) -> Option<String> {
    allowed
        .iter()
        .map(|a| (strsim::damerau_levenshtein(name, a), a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_suggests_nearest() {
        let p = from_json_error(Located {
            path: "records[0].fulfiled_on".into(),
            error: JsonError::UnknownField {
                name: "fulfiled_on".into(),
                expected: &["id", "type", "fulfilled_on"],
            },
        });
        assert_eq!(p.path, "records[0].fulfiled_on");
        assert!(p.en.contains("did you mean `fulfilled_on`"), "{p:?}");
        assert!(p.zh.contains("fulfilled_on"));
    }

    #[test]
    fn unknown_variant_lists_allowed() {
        let p = from_json_error(Located {
            path: "subject.kind".into(),
            error: JsonError::UnknownVariant {
                name: "enterprize".into(),
                expected: &["enterprise", "person"],
            },
        });
        assert_eq!(p.value.as_deref(), Some("\"enterprize\""));
        assert!(p.en.contains("did you mean `enterprise`"));
        assert!(p.en.contains("allowed: enterprise, person"));
    }

    #[test]
    fn a_types_own_message_keeps_both_languages() {
        let p = from_json_error(Located {
            path: "records[0].date".into(),
            error: JsonError::Invalid(Text::new("不存在的日期", "not a real date")),
        });
        assert_eq!(
            (p.zh.as_str(), p.en.as_str()),
            ("不存在的日期", "not a real date")
        );
        assert_eq!(p.value, None);
    }
}
