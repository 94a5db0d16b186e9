//! Bilingual errors that name the field path, the value and what was expected.

use std::fmt;

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

/// Turn a serde error (message + path) into a bilingual problem. serde's own wording is
/// stable ("unknown field `x`, expected one of …"), so it is parsed rather than re-derived.
pub(crate) fn from_serde(path: String, msg: &str) -> Problem {
    let msg = strip_position(msg);
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (name, expected) = split_name(rest);
        let fields = backticked(expected);
        // serde_path_to_error already ends the path with the unknown key.
        let path = if path == name || path.ends_with(&format!(".{name}")) {
            path
        } else {
            join(&path, &name)
        };
        let hint = nearest(&name, &fields);
        let (hint_zh, hint_en) = match &hint {
            Some(h) => (
                format!("。是否想写“{h}”？"),
                format!("; did you mean `{h}`?"),
            ),
            None => (String::new(), String::new()),
        };
        let list = fields.join(", ");
        return Problem::new(
            path,
            None,
            format!("未知字段“{name}”{hint_zh}（可用字段：{list}）"),
            format!("unknown field `{name}`{hint_en} (known fields: {list})"),
        );
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (name, expected) = split_name(rest);
        let allowed = backticked(expected);
        let hint = nearest(&name, &allowed);
        let (hint_zh, hint_en) = match &hint {
            Some(h) => (format!("是否想写“{h}”？"), format!("; did you mean `{h}`?")),
            None => (String::new(), String::new()),
        };
        let list = allowed.join(", ");
        return Problem::new(
            path,
            Some(format!("\"{name}\"")),
            format!("取值无效。{hint_zh}允许的取值：{list}"),
            format!("not an allowed value{hint_en} (allowed: {list})"),
        );
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return Problem::new(
            join(&path, name),
            None,
            "缺少必填字段",
            "required field is missing",
        );
    }
    if let Some(rest) = msg.strip_prefix("duplicate field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return Problem::new(
            join(&path, name),
            None,
            "字段重复出现",
            "field appears twice",
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        return Problem::new(
            path,
            Some(got.to_string()),
            format!("类型错误：应为 {}", expected_zh(expected)),
            format!("wrong type: expected {expected}"),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (got, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another value"));
        return Problem::new(
            path,
            Some(got.to_string()),
            format!("取值无效：应为 {}", expected_zh(expected)),
            format!("invalid value: expected {expected}"),
        );
    }
    if let Some((zh, en)) = msg.split_once(" / ") {
        // Our own custom messages are already bilingual "zh / en".
        return Problem::new(path, None, zh, en);
    }
    Problem::new(
        path,
        None,
        format!("无法解析：{msg}"),
        format!("cannot be read: {msg}"),
    )
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

fn strip_position(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(" column ") => &msg[..i],
        _ => msg,
    }
}

fn split_name(rest: &str) -> (String, &str) {
    match rest.split_once('`') {
        Some((name, tail)) => (name.to_string(), tail),
        None => (rest.to_string(), ""),
    }
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
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
        let p = from_serde(
            "records[0].fulfiled_on".into(),
            "unknown field `fulfiled_on`, expected one of `id`, `type`, `fulfilled_on` at line 1 column 40",
        );
        assert_eq!(p.path, "records[0].fulfiled_on");
        assert!(p.en.contains("did you mean `fulfilled_on`"), "{p:?}");
        assert!(p.zh.contains("fulfilled_on"));
    }

    #[test]
    fn unknown_variant_lists_allowed() {
        let p = from_serde(
            "subject.kind".into(),
            "unknown variant `enterprize`, expected `enterprise` or `person`",
        );
        assert_eq!(p.value.as_deref(), Some("\"enterprize\""));
        assert!(p.en.contains("did you mean `enterprise`"));
        assert!(p.en.contains("allowed: enterprise, person"));
    }
}
