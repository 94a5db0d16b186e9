//! JSON text to [`Json`], exactly as serde_json reads it — the same values, and the same error
//! messages at the same line and column — without serde.
//!
//! Why: serde_json's deserializer, driven through serde's visitor traits for one `Json` visitor,
//! was 5.8 KB gzip of the public self-check, which reads JSON only to get this tree. This is a
//! port of serde_json 1.0's parser for `&str` input (its `StrRead`, without `float_roundtrip`,
//! which this workspace does not enable): the number algorithm with its table of powers of ten,
//! the escapes and surrogate pairs, the 128-level recursion limit, and where each error points.
//! The tests hold it to serde_json on every golden file and shipped pack and on random and
//! mutated documents.

use std::fmt;

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
pub(crate) fn parse(text: &str) -> Result<Json, SyntaxError> {
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

impl Parser<'_> {
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

    fn value(&mut self) -> Result<Json, SyntaxError> {
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

    fn array(&mut self) -> Result<Json, SyntaxError> {
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

    fn object(&mut self) -> Result<Json, SyntaxError> {
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

    /// The rest of a string whose opening quote was consumed.
    fn string(&mut self) -> Result<String, SyntaxError> {
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
                    // One allocation of the right size for a string without escapes.
                    let raw = &self.text[start..self.i];
                    self.eat();
                    if out.is_empty() {
                        return Ok(raw.to_owned());
                    }
                    out.push_str(raw);
                    return Ok(out);
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
    fn integer(&mut self, positive: bool) -> Result<Json, SyntaxError> {
        let c = self.next().ok_or_else(|| self.error(EOF_VALUE))?;
        match c {
            b'0' => {
                // There can be only one leading '0'.
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_error(INVALID_NUMBER));
                }
                self.number(positive, 0)
            }
            b'1'..=b'9' => {
                let mut significand = u64::from(c - b'0');
                while let Some(c @ b'0'..=b'9') = self.peek() {
                    let digit = u64::from(c - b'0');
                    if overflows(significand, digit, u64::MAX) {
                        return self.long_integer(positive, significand).map(Json::F64);
                    }
                    self.eat();
                    significand = significand * 10 + digit;
                }
                self.number(positive, significand)
            }
            _ => Err(self.error(INVALID_NUMBER)),
        }
    }

    fn number(&mut self, positive: bool, significand: u64) -> Result<Json, SyntaxError> {
        Ok(match self.peek() {
            Some(b'.') => Json::F64(self.decimal(positive, significand, 0)?),
            Some(b'e' | b'E') => Json::F64(self.exponent(positive, significand, 0)?),
            _ if positive => Json::U64(significand),
            _ => {
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

    fn decimal(
        &mut self,
        positive: bool,
        mut significand: u64,
        exponent_before: i32,
    ) -> Result<f64, SyntaxError> {
        self.eat();
        let mut exponent_after = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            let digit = u64::from(c - b'0');
            if overflows(significand, digit, u64::MAX) {
                return self.decimal_overflow(
                    positive,
                    significand,
                    exponent_before + exponent_after,
                );
            }
            self.eat();
            significand = significand * 10 + digit;
            exponent_after -= 1;
        }
        // At least one digit after the decimal point.
        if exponent_after == 0 {
            return Err(match self.peek() {
                Some(_) => self.peek_error(INVALID_NUMBER),
                None => self.peek_error(EOF_VALUE),
            });
        }
        let exponent = exponent_before + exponent_after;
        match self.peek() {
            Some(b'e' | b'E') => self.exponent(positive, significand, exponent),
            _ => self.float(positive, significand, exponent),
        }
    }

    fn exponent(
        &mut self,
        positive: bool,
        significand: u64,
        starting: i32,
    ) -> Result<f64, SyntaxError> {
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
                if significand != 0 && positive_exp {
                    return Err(self.error(OUT_OF_RANGE));
                }
                while let Some(b'0'..=b'9') = self.peek() {
                    self.eat();
                }
                return Ok(if positive { 0.0 } else { -0.0 });
            }
            exp = exp * 10 + digit;
        }
        let exponent = if positive_exp {
            starting.saturating_add(exp)
        } else {
            starting.saturating_sub(exp)
        };
        self.float(positive, significand, exponent)
    }

    /// An integer part too long for `u64`: the rest of its digits only scale it.
    fn long_integer(&mut self, positive: bool, significand: u64) -> Result<f64, SyntaxError> {
        let mut exponent = 0;
        loop {
            match self.peek() {
                Some(b'0'..=b'9') => {
                    self.eat();
                    exponent += 1;
                }
                Some(b'.') => return self.decimal(positive, significand, exponent),
                Some(b'e' | b'E') => return self.exponent(positive, significand, exponent),
                _ => return self.float(positive, significand, exponent),
            }
        }
    }

    /// A fraction too long for `u64`: its further digits are ignored.
    fn decimal_overflow(
        &mut self,
        positive: bool,
        significand: u64,
        exponent: i32,
    ) -> Result<f64, SyntaxError> {
        while let Some(b'0'..=b'9') = self.peek() {
            self.eat();
        }
        match self.peek() {
            Some(b'e' | b'E') => self.exponent(positive, significand, exponent),
            _ => self.float(positive, significand, exponent),
        }
    }

    /// `significand × 10^exponent`, by serde_json's `f64_from_parts` (not correctly rounded for
    /// long mantissas; the same value serde_json gives is the point).
    fn float(
        &mut self,
        positive: bool,
        significand: u64,
        mut exponent: i32,
    ) -> Result<f64, SyntaxError> {
        let mut f = significand as f64;
        loop {
            match POW10.get(exponent.unsigned_abs() as usize) {
                Some(&pow) => {
                    if exponent >= 0 {
                        f *= pow;
                        if f.is_infinite() {
                            return Err(self.error(OUT_OF_RANGE));
                        }
                    } else {
                        f /= pow;
                    }
                    break;
                }
                None => {
                    if f == 0.0 {
                        break;
                    }
                    if exponent >= 0 {
                        return Err(self.error(OUT_OF_RANGE));
                    }
                    f /= 1e308;
                    exponent += 308;
                }
            }
        }
        Ok(if positive { f } else { -f })
    }
}

/// Whether `a * 10 + b` exceeds `max` (serde_json's `overflow!`).
fn overflows(a: u64, b: u64, max: u64) -> bool {
    a >= max / 10 && (a > max / 10 || b > max % 10)
}

#[rustfmt::skip]
static POW10: [f64; 309] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29,
    1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39, 1e40, 1e41, 1e42, 1e43,
    1e44, 1e45, 1e46, 1e47, 1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57,
    1e58, 1e59, 1e60, 1e61, 1e62, 1e63, 1e64, 1e65, 1e66, 1e67, 1e68, 1e69, 1e70, 1e71,
    1e72, 1e73, 1e74, 1e75, 1e76, 1e77, 1e78, 1e79, 1e80, 1e81, 1e82, 1e83, 1e84, 1e85,
    1e86, 1e87, 1e88, 1e89, 1e90, 1e91, 1e92, 1e93, 1e94, 1e95, 1e96, 1e97, 1e98, 1e99,
    1e100, 1e101, 1e102, 1e103, 1e104, 1e105, 1e106, 1e107, 1e108, 1e109, 1e110, 1e111,
    1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118, 1e119, 1e120, 1e121, 1e122, 1e123,
    1e124, 1e125, 1e126, 1e127, 1e128, 1e129, 1e130, 1e131, 1e132, 1e133, 1e134, 1e135,
    1e136, 1e137, 1e138, 1e139, 1e140, 1e141, 1e142, 1e143, 1e144, 1e145, 1e146, 1e147,
    1e148, 1e149, 1e150, 1e151, 1e152, 1e153, 1e154, 1e155, 1e156, 1e157, 1e158, 1e159,
    1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168, 1e169, 1e170, 1e171,
    1e172, 1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179, 1e180, 1e181, 1e182, 1e183,
    1e184, 1e185, 1e186, 1e187, 1e188, 1e189, 1e190, 1e191, 1e192, 1e193, 1e194, 1e195,
    1e196, 1e197, 1e198, 1e199, 1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207,
    1e208, 1e209, 1e210, 1e211, 1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219,
    1e220, 1e221, 1e222, 1e223, 1e224, 1e225, 1e226, 1e227, 1e228, 1e229, 1e230, 1e231,
    1e232, 1e233, 1e234, 1e235, 1e236, 1e237, 1e238, 1e239, 1e240, 1e241, 1e242, 1e243,
    1e244, 1e245, 1e246, 1e247, 1e248, 1e249, 1e250, 1e251, 1e252, 1e253, 1e254, 1e255,
    1e256, 1e257, 1e258, 1e259, 1e260, 1e261, 1e262, 1e263, 1e264, 1e265, 1e266, 1e267,
    1e268, 1e269, 1e270, 1e271, 1e272, 1e273, 1e274, 1e275, 1e276, 1e277, 1e278, 1e279,
    1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287, 1e288, 1e289, 1e290, 1e291,
    1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300, 1e301, 1e302, 1e303,
    1e304, 1e305, 1e306, 1e307, 1e308
];

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
    }
}
