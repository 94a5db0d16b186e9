//! JSON text to [`Json`], exactly as serde_json reads it — the same values, and the same error
//! messages at the same line and column — without serde.
//!
//! Why: serde_json's deserializer, driven through serde's visitor traits for one `Json` visitor,
//! was 5.8 KB gzip of the public self-check, which reads JSON only to get this tree. This is a
//! port of serde_json 1.0's parser for `&str` input (its `StrRead` with `float_roundtrip`): the
//! escapes and surrogate pairs, the 128-level recursion limit, where each error points, and
//! numbers read as the nearest `f64` (`dec2flt`), so that every number the JSON writer emits
//! reads back bit for bit. The tests hold it to serde_json (with `float_roundtrip`) on every
//! golden file and shipped pack and on random and mutated documents.
//!
//! Until 2026-11-30 it mirrored serde_json's default number algorithm (the significand times a
//! power of ten from a table, rounded twice), which reads some 17-digit numbers one unit in the
//! last place off: `8.88888884888889e97`, written by the writer as its shortest form, read back as
//! `8.888888848888891e97` (found by the `json_roundtrip` fuzz target).

use std::borrow::Cow;
use std::fmt;

use crate::dec2flt;
use crate::json::Json;

/// A syntax error, worded and placed as serde_json's (`Error::line`, `Error::column`, and
/// `Display` as "<message> at line L column C").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    message: &'static str,
    line: usize,
    column: usize,
}

impl SyntaxError {
    pub fn line(&self) -> usize {
        self.line
    }

    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for SyntaxError {}

const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const EOF_VALUE: &str = "EOF while parsing a value";
const EXPECTED_COLON: &str = "expected `:`";
const EXPECTED_LIST_END: &str = "expected `,` or `]`";
const EXPECTED_OBJECT_END: &str = "expected `,` or `}`";
const EXPECTED_IDENT: &str = "expected ident";
const EXPECTED_VALUE: &str = "expected value";
const INVALID_ESCAPE: &str = "invalid escape";
const INVALID_NUMBER: &str = "invalid number";
const OUT_OF_RANGE: &str = "number out of range";
const CONTROL_CHARACTER: &str = "control character (\\u0000-\\u001F) found while parsing a string";
const KEY_NOT_STRING: &str = "key must be a string";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const TRAILING_COMMA: &str = "trailing comma";
const TRAILING_CHARACTERS: &str = "trailing characters";
const END_OF_HEX_ESCAPE: &str = "unexpected end of hex escape";
const RECURSION_LIMIT: &str = "recursion limit exceeded";

/// Parse one JSON document (no byte-order mark: the caller strips it).
pub(crate) fn parse(text: &str) -> Result<Json<'_>, SyntaxError> {
    let mut p = Parser {
        text,
        s: text.as_bytes(),
        i: 0,
        depth: 128,
    };
    let v = p.value()?;
    match p.whitespace() {
        Some(_) => Err(p.peek_error(TRAILING_CHARACTERS)),
        None => Ok(v),
    }
}

struct Parser<'a> {
    /// The document; `s` is its bytes. Strings are cut from it at ASCII bytes (quotes,
    /// backslashes), which are always character boundaries, so no UTF-8 check is repeated.
    text: &'a str,
    s: &'a [u8],
    i: usize,
    /// Nesting levels left (serde_json's `remaining_depth`).
    depth: u8,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    fn eat(&mut self) {
        self.i += 1;
    }

    /// Skip whitespace; the next byte, not consumed.
    fn whitespace(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.eat();
        }
        self.peek()
    }

    fn error_at(&self, i: usize, message: &'static str) -> SyntaxError {
        let before = &self.s[..i];
        let start_of_line = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        SyntaxError {
            message,
            line: 1 + before[..start_of_line]
                .iter()
                .filter(|b| **b == b'\n')
                .count(),
            column: i - start_of_line,
        }
    }

    /// An error about the byte just consumed (serde_json's `error`).
    fn error(&self, message: &'static str) -> SyntaxError {
        self.error_at(self.i, message)
    }

    /// An error about the byte peeked at (serde_json's `peek_error`).
    fn peek_error(&self, message: &'static str) -> SyntaxError {
        self.error_at((self.i + 1).min(self.s.len()), message)
    }

    fn value(&mut self) -> Result<Json<'a>, SyntaxError> {
        let Some(c) = self.whitespace() else {
            return Err(self.peek_error(EOF_VALUE));
        };
        match c {
            b'n' => {
                self.eat();
                self.ident(b"ull")?;
                Ok(Json::Null)
            }
            b't' => {
                self.eat();
                self.ident(b"rue")?;
                Ok(Json::Bool(true))
            }
            b'f' => {
                self.eat();
                self.ident(b"alse")?;
                Ok(Json::Bool(false))
            }
            b'-' => {
                self.eat();
                self.integer(false)
            }
            b'0'..=b'9' => self.integer(true),
            b'"' => {
                self.eat();
                self.string().map(Json::Str)
            }
            b'[' | b'{' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return Err(self.peek_error(RECURSION_LIMIT));
                }
                self.eat();
                let v = if c == b'[' {
                    self.array()
                } else {
                    self.object()
                };
                self.depth += 1;
                v
            }
            _ => Err(self.peek_error(EXPECTED_VALUE)),
        }
    }

    fn ident(&mut self, rest: &[u8]) -> Result<(), SyntaxError> {
        for want in rest {
            match self.next() {
                None => return Err(self.error(EOF_VALUE)),
                Some(c) if c != *want => return Err(self.error(EXPECTED_IDENT)),
                Some(_) => {}
            }
        }
        Ok(())
    }

    fn array(&mut self) -> Result<Json<'a>, SyntaxError> {
        let mut items = Vec::new();
        loop {
            let Some(c) = self.whitespace() else {
                return Err(self.peek_error(EOF_LIST));
            };
            if c == b']' {
                break;
            }
            if !items.is_empty() {
                if c != b',' {
                    return Err(self.peek_error(EXPECTED_LIST_END));
                }
                self.eat();
                match self.whitespace() {
                    Some(b']') => return Err(self.peek_error(TRAILING_COMMA)),
                    Some(_) => {}
                    None => return Err(self.peek_error(EOF_VALUE)),
                }
            }
            items.push(self.value()?);
        }
        self.eat();
        Ok(Json::Arr(items))
    }

    fn object(&mut self) -> Result<Json<'a>, SyntaxError> {
        let mut members = Vec::new();
        loop {
            let Some(c) = self.whitespace() else {
                return Err(self.peek_error(EOF_OBJECT));
            };
            if c == b'}' {
                break;
            }
            if members.is_empty() {
                if c != b'"' {
                    return Err(self.peek_error(KEY_NOT_STRING));
                }
            } else {
                if c != b',' {
                    return Err(self.peek_error(EXPECTED_OBJECT_END));
                }
                self.eat();
                match self.whitespace() {
                    Some(b'"') => {}
                    Some(b'}') => return Err(self.peek_error(TRAILING_COMMA)),
                    Some(_) => return Err(self.peek_error(KEY_NOT_STRING)),
                    None => return Err(self.peek_error(EOF_VALUE)),
                }
            }
            self.eat();
            let key = self.string()?;
            match self.whitespace() {
                Some(b':') => self.eat(),
                Some(_) => return Err(self.peek_error(EXPECTED_COLON)),
                None => return Err(self.peek_error(EOF_OBJECT)),
            }
            members.push((key, self.value()?));
        }
        self.eat();
        Ok(Json::Obj(members))
    }

    /// The rest of a string whose opening quote was consumed: borrowed from the text when it
    /// has no escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let mut out = String::new();
        let mut start = self.i;
        loop {
            let rest = &self.s[self.i..];
            self.i += rest
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .unwrap_or(rest.len());
            match self.peek() {
                None => return Err(self.error(EOF_STRING)),
                Some(b'"') => {
                    let raw = &self.text[start..self.i];
                    self.eat();
                    if out.is_empty() {
                        return Ok(Cow::Borrowed(raw));
                    }
                    out.push_str(raw);
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    out.push_str(&self.text[start..self.i]);
                    self.eat();
                    self.escape(&mut out)?;
                    start = self.i;
                }
                Some(_) => {
                    self.eat();
                    return Err(self.error(CONTROL_CHARACTER));
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let c = self.next().ok_or_else(|| self.error(EOF_STRING))?;
        let byte = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => return self.unicode_escape(out),
            _ => return Err(self.error(INVALID_ESCAPE)),
        };
        out.push(char::from(byte));
        Ok(())
    }

    fn hex4(&mut self) -> Result<u16, SyntaxError> {
        let Some(digits) = self.s.get(self.i..self.i + 4) else {
            self.i = self.s.len();
            return Err(self.error(EOF_STRING));
        };
        self.i += 4;
        let mut n: u16 = 0;
        for d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(self.error(INVALID_ESCAPE)),
            };
            n = n << 4 | u16::from(v);
        }
        Ok(n)
    }

    /// After `\u`: one code unit, or a surrogate pair.
    fn unicode_escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let n = self.hex4()?;
        let code = match n {
            0xDC00..=0xDFFF => return Err(self.error(LONE_SURROGATE)),
            0xD800..=0xDBFF => {
                for want in [b'\\', b'u'] {
                    let c = self.peek().ok_or_else(|| self.error(EOF_STRING))?;
                    self.eat();
                    if c != want {
                        return Err(self.error(END_OF_HEX_ESCAPE));
                    }
                }
                let n2 = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&n2) {
                    return Err(self.error(LONE_SURROGATE));
                }
                (((u32::from(n) - 0xD800) << 10) | (u32::from(n2) - 0xDC00)) + 0x1_0000
            }
            _ => u32::from(n),
        };
        let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
        out.push(c);
        Ok(())
    }

    /// A number after its sign (serde_json's `parse_integer`).
    fn integer(&mut self, positive: bool) -> Result<Json<'a>, SyntaxError> {
        let start = self.i;
        let c = self.next().ok_or_else(|| self.error(EOF_VALUE))?;
        match c {
            b'0' => {
                // There can be only one leading '0'.
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_error(INVALID_NUMBER));
                }
                self.number(positive, start, Some(0))
            }
            b'1'..=b'9' => {
                let mut significand = Some(u64::from(c - b'0'));
                while let Some(c @ b'0'..=b'9') = self.peek() {
                    self.eat();
                    // Too long for `u64`: a float.
                    significand = significand
                        .and_then(|s| s.checked_mul(10))
                        .and_then(|s| s.checked_add(u64::from(c - b'0')));
                }
                self.number(positive, start, significand)
            }
            _ => Err(self.error(INVALID_NUMBER)),
        }
    }

    /// The rest of a number whose integer part started at `start` and is `integer` when it fits
    /// in a `u64`.
    fn number(
        &mut self,
        positive: bool,
        start: usize,
        integer: Option<u64>,
    ) -> Result<Json<'a>, SyntaxError> {
        Ok(match (self.peek(), integer) {
            (Some(b'.'), _) => Json::F64(self.decimal(positive, start)?),
            (Some(b'e' | b'E'), _) => Json::F64(self.exponent(positive, start)?),
            (_, None) => Json::F64(self.float(positive, start)?),
            (_, Some(significand)) if positive => Json::U64(significand),
            (_, Some(significand)) => {
                let negated = (significand as i64).wrapping_neg();
                // A float on underflow, and for `-0`.
                if negated >= 0 {
                    Json::F64(-(significand as f64))
                } else {
                    Json::I64(negated)
                }
            }
        })
    }

    fn decimal(&mut self, positive: bool, start: usize) -> Result<f64, SyntaxError> {
        self.eat();
        let point = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.eat();
        }
        // At least one digit after the decimal point.
        if self.i == point {
            return Err(match self.peek() {
                Some(_) => self.peek_error(INVALID_NUMBER),
                None => self.peek_error(EOF_VALUE),
            });
        }
        match self.peek() {
            Some(b'e' | b'E') => self.exponent(positive, start),
            _ => self.float(positive, start),
        }
    }

    fn exponent(&mut self, positive: bool, start: usize) -> Result<f64, SyntaxError> {
        let mantissa = start..self.i;
        self.eat();
        let positive_exp = match self.peek() {
            Some(b'+') => {
                self.eat();
                true
            }
            Some(b'-') => {
                self.eat();
                false
            }
            _ => true,
        };
        let c = self.next().ok_or_else(|| self.error(EOF_VALUE))?;
        let mut exp = match c {
            b'0'..=b'9' => i32::from(c - b'0'),
            _ => return Err(self.error(INVALID_NUMBER)),
        };
        while let Some(c @ b'0'..=b'9') = self.peek() {
            self.eat();
            let digit = i32::from(c - b'0');
            if overflows(exp as u64, digit as u64, i32::MAX as u64) {
                // Infinity is an error; a vanishing exponent is zero.
                let zero = self.s[mantissa].iter().all(|b| matches!(b, b'0' | b'.'));
                if !zero && positive_exp {
                    return Err(self.error(OUT_OF_RANGE));
                }
                while let Some(b'0'..=b'9') = self.peek() {
                    self.eat();
                }
                return Ok(if positive { 0.0 } else { -0.0 });
            }
            exp = exp * 10 + digit;
        }
        self.float(positive, start)
    }

    /// The number from `start` to here, correctly rounded (`dec2flt`; serde_json with
    /// `float_roundtrip`), or "number out of range" past `f64::MAX`.
    fn float(&self, positive: bool, start: usize) -> Result<f64, SyntaxError> {
        let f = dec2flt::parse_decimal(&self.s[start..self.i]);
        if f.is_infinite() {
            return Err(self.error(OUT_OF_RANGE));
        }
        Ok(if positive { f } else { -f })
    }
}

/// Whether `a * 10 + b` exceeds `max` (serde_json's `overflow!`).
fn overflows(a: u64, b: u64, max: u64) -> bool {
    a >= max / 10 && (a > max / 10 || b > max % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Equal trees, floats compared bit for bit (`-0.0` is not `0.0` here).
    fn same_tree(a: &Json, b: &Json) -> bool {
        match (a, b) {
            (Json::F64(x), Json::F64(y)) => x.to_bits() == y.to_bits(),
            (Json::Arr(x), Json::Arr(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_tree(a, b))
            }
            (Json::Obj(x), Json::Obj(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|((ka, a), (kb, b))| ka == kb && same_tree(a, b))
            }
            _ => a == b,
        }
    }

    /// What serde_json makes of `text`: the tree, or its error as it prints it.
    fn agree(text: &str) -> Result<(), String> {
        let theirs = serde_json::from_str::<Json>(text);
        let ours = parse(text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) if same_tree(a, b) => Ok(()),
            (Err(a), Err(b)) if a.to_string() == b.to_string() => Ok(()),
            _ => Err(format!(
                "{text:?}\n  ours:  {:?}\n  serde: {:?}",
                ours.map_err(|e| e.to_string()),
                theirs.map_err(|e| e.to_string())
            )),
        }
    }

    #[test]
    fn reads_and_refuses_as_serde_json_does() {
        let deep_ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
        let too_deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
        let cases = [
            "",
            " ",
            "null",
            "nul",
            "nulx",
            "true",
            "tru",
            "false",
            "fals",
            "x",
            "\n\n  x",
            "0",
            "-0",
            "-",
            "-x",
            "01",
            "-01",
            "1.",
            "1.x",
            "1.5",
            "1e",
            "1e+",
            "1e-",
            "1ex",
            "1e5",
            "1E-5",
            "-1.5e-3",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "1.2345678901234567890123456789",
            "1e308",
            "1e309",
            "-1e309",
            "1e-400",
            "0e99999999999",
            "1e99999999999",
            "1e-99999999999",
            "2.2250738585072014e-308",
            "0.1",
            "9007199254740993",
            r#""""#,
            r#""abc"#,
            r#""a\"b""#,
            r#""\u00e9\n\t\/\b\f\r\\""#,
            r#""\x""#,
            r#""\u12""#,
            r#""\u12g4""#,
            r#""\ud83d\ude00""#,
            r#""\ud83d""#,
            r#""\ud83dx""#,
            r#""\ud83d\n""#,
            r#""\ud83d\u0041""#,
            r#""\ude00""#,
            "\"a\u{1}b\"",
            "\"\u{7f}\"",
            "\"中文\"",
            "[",
            "[1",
            "[1,",
            "[1,]",
            "[1 2]",
            "[,1]",
            "[]",
            "[ ]",
            "[1,2]",
            "[[]]",
            "]",
            "{",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":1",
            "{\"a\":1,",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:2}",
            "{\"a\":1 \"b\":2}",
            "{\"a\":1,\"a\":2}",
            "{}",
            "{ }",
            "{,}",
            "{\"a\":1}x",
            "1 2",
            "[1]\n  ,",
            "\n{\n  \"a\": tru\n}",
            "{\n  \"a\": [1,\n  2,,]\n}",
            "\u{feff}1",
            &deep_ok,
            &too_deep,
        ];
        let problems: Vec<String> = cases.iter().filter_map(|t| agree(t).err()).collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn reads_every_golden_file_and_shipped_pack_as_serde_json_does() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden");
        let mut n = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                agree(&std::fs::read_to_string(&p).unwrap()).unwrap();
                n += 1;
            }
        }
        for l in crate::pack::pack_listing() {
            agree(crate::pack::builtin_json(l.id).unwrap()).unwrap();
            n += 1;
        }
        assert!(n > 50, "{n} files");
    }

    fn read_f64(text: &str) -> f64 {
        match parse(text) {
            Ok(Json::F64(x)) => x,
            Ok(Json::U64(n)) => n as f64,
            Ok(Json::I64(n)) => n as f64,
            other => panic!("{text}: {other:?}"),
        }
    }

    /// Numbers the old reader (serde_json's default algorithm) read one unit in the last place
    /// off, and the edges of the range: each reads as the nearest double, the value
    /// `str::parse` gives.
    #[test]
    fn reads_the_nearest_double() {
        let cases = [
            // Found by the json_roundtrip fuzz target: the writer's shortest form of
            // 8.88888884888889e97 came back as 8.888888848888891e97.
            "8.88888884888889e+97",
            "8.88888884888889e97",
            "88888888488888888888888888888888888888888888888888888888888888888888888888888888888888888888888888",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062328e-324",
            "9007199254740993",
            "9007199254740993.0",
            "123456789012345678901234567890",
            "1.2345678901234567890123456789",
            "7.2057594037927933e16",
            "1e23",
            "0.1",
            "3e-324",
            "0.30000000000000004",
            "-5e-324",
            "-0.0",
        ];
        for text in cases {
            agree(text).unwrap();
            let want: f64 = text.parse().unwrap();
            let got = read_f64(text);
            assert_eq!(
                got.to_bits(),
                want.to_bits(),
                "{text}: {got:e}, not {want:e}"
            );
        }
        // Before: one bit off.
        assert_eq!(
            read_f64("8.88888884888889e+97").to_bits(),
            8.88888884888889e97_f64.to_bits()
        );
        // Just past the largest double is still the largest; half a unit past it is out of range.
        assert_eq!(read_f64("1.7976931348623158e308"), f64::MAX);
        assert_eq!(
            parse("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792")
                .unwrap_err()
                .to_string(),
            "number out of range at line 1 column 309"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

        /// Random documents from JSON's own alphabet: mostly broken, all answered alike.
        #[test]
        fn random_documents(text in r#"[\[\]{}",:0-9eE+\-. \n\ttrufalsn\\/ubd8A]{0,24}"#) {
            prop_assert!(agree(&text).is_ok(), "{}", agree(&text).unwrap_err());
        }

        /// A real document with one character deleted, replaced or inserted.
        #[test]
        fn mutated_documents(at in 0usize..2000, edit in 0u8..3, c in r#"[\[\]{}",:0-9eE.\-\\u "a]"#) {
            let base = include_str!("../../../tests/golden/01-contract-example.json");
            let mut chars: Vec<char> = base.chars().collect();
            let at = at % (chars.len() + 1);
            let c = c.chars().next().unwrap();
            match edit {
                0 if at < chars.len() => { chars.remove(at); }
                1 if at < chars.len() => chars[at] = c,
                _ => chars.insert(at, c),
            }
            let text: String = chars.into_iter().collect();
            prop_assert!(agree(&text).is_ok(), "{}", agree(&text).unwrap_err());
        }

        /// Numbers of every shape.
        #[test]
        fn numbers(text in r"-?(0|[1-9][0-9]{0,25})(\.[0-9]{0,25})?([eE][+-]?[0-9]{0,4})?") {
            prop_assert!(agree(&text).is_ok(), "{}", agree(&text).unwrap_err());
        }

        /// Every finite double, written by the JSON writer (its shortest form), reads back as
        /// the same bits.
        #[test]
        fn every_double_reads_back(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            let text = crate::json_write::to_json(&x);
            prop_assert_eq!(read_f64(&text).to_bits(), x.to_bits(), "{}", text);
        }

        /// Long and far-out decimals read as serde_json (float_roundtrip) and `str::parse`
        /// read them.
        #[test]
        fn long_decimals(text in r"-?[1-9][0-9]{0,40}(\.[0-9]{1,40})?([eE][+-]?[0-9]{1,3})?|0\.0{0,30}[1-9][0-9]{0,30}") {
            prop_assert!(agree(&text).is_ok(), "{}", agree(&text).unwrap_err());
            let want: f64 = text.parse().unwrap();
            if want.is_finite() {
                prop_assert_eq!(read_f64(&text).to_bits(), want.to_bits(), "{}", text);
            }
        }
    }
}
