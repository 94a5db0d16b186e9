//! Writing documents as JSON, byte for byte as serde_json writes them, without serde.
//!
//! Why: serde_json's compact and pretty serialisers, instantiated for every model type, were
//! ≈ 7 KB gzip of the public self-check. One non-generic writer with a compact and a pretty
//! layout is smaller. Tests (crates/core/src/json_write.rs) hold it to serde_json on every
//! golden input and report, and on arbitrary strings and numbers.

/// A document written as JSON.
pub trait ToJson {
    fn write_json(&self, w: &mut Writer);
}

/// `serde_json::to_string`.
pub fn to_json<T: ToJson + ?Sized>(v: &T) -> String {
    let mut w = Writer::new(false);
    v.write_json(&mut w);
    w.out
}

/// `serde_json::to_string_pretty` (two-space indent).
pub fn to_json_pretty<T: ToJson + ?Sized>(v: &T) -> String {
    let mut w = Writer::new(true);
    v.write_json(&mut w);
    w.out
}

/// The output and, per open array or object, whether it has a member yet.
pub struct Writer {
    out: String,
    pretty: bool,
    open: Vec<bool>,
}

impl Writer {
    fn new(pretty: bool) -> Self {
        Writer {
            out: String::new(),
            pretty,
            open: Vec::new(),
        }
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    fn begin(&mut self, bracket: char) {
        self.out.push(bracket);
        self.open.push(false);
    }

    fn end(&mut self, bracket: char) {
        if self.open.pop() == Some(true) && self.pretty {
            self.newline();
        }
        self.out.push(bracket);
    }

    /// Before a member of the innermost array or object.
    fn member(&mut self) {
        if let Some(has) = self.open.last_mut() {
            let first = !*has;
            *has = true;
            if !first {
                self.out.push(',');
            }
            if self.pretty {
                self.newline();
            }
        }
    }

    fn key(&mut self, k: &str) {
        self.member();
        self.string(k);
        self.out.push_str(if self.pretty { ": " } else { ":" });
    }

    /// A field that is always written (`None` as `null`).
    pub fn field<T: ToJson + ?Sized>(&mut self, k: &str, v: &T) {
        self.key(k);
        v.write_json(self);
    }

    /// A field left out when it is `None` (`skip_serializing_if = "Option::is_none"`).
    pub fn field_some<T: ToJson>(&mut self, k: &str, v: &Option<T>) {
        if let Some(v) = v {
            self.field(k, v);
        }
    }

    /// A flag left out when it is false (`skip_serializing_if = "std::ops::Not::not"`).
    pub fn field_true(&mut self, k: &str, v: bool) {
        if v {
            self.field(k, &v);
        }
    }

    /// A field left out when it is empty (`skip_serializing_if = "Vec::is_empty"`).
    pub fn field_nonempty<T: ToJson>(&mut self, k: &str, v: &[T]) {
        if !v.is_empty() {
            self.field(k, v);
        }
    }

    pub fn begin_object(&mut self) {
        self.begin('{');
    }

    pub fn end_object(&mut self) {
        self.end('}');
    }

    /// A string with serde_json's escapes: `\"`, `\\`, the short forms `\b \t \n \f \r`, and
    /// `\u00xx` (lower-case hex) for the other control characters.
    pub fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.reserve(s.len() + 2);
        self.out.push('"');
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let short = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                0x08 => "\\b",
                b'\t' => "\\t",
                b'\n' => "\\n",
                0x0c => "\\f",
                b'\r' => "\\r",
                0x00..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&s[start..i]);
            start = i + 1;
            if short.is_empty() {
                self.out.push_str("\\u00");
                self.out.push(HEX[usize::from(b >> 4)] as char);
                self.out.push(HEX[usize::from(b & 0xf)] as char);
            } else {
                self.out.push_str(short);
            }
        }
        self.out.push_str(&s[start..]);
        self.out.push('"');
    }

    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut Writer) {
        w.raw(if *self { "true" } else { "false" });
    }
}

impl ToJson for i32 {
    fn write_json(&self, w: &mut Writer) {
        w.raw(&self.to_string());
    }
}

/// serde_json's own float writer (zmij); a NaN or an infinity is `null`, as serde_json writes
/// them.
impl ToJson for f64 {
    fn write_json(&self, w: &mut Writer) {
        if self.is_finite() {
            w.raw(zmij::Buffer::new().format_finite(*self));
        } else {
            w.raw("null");
        }
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(v) => v.write_json(w),
            None => w.raw("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut Writer) {
        w.begin('[');
        for v in self {
            w.member();
            v.write_json(w);
        }
        w.end(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut Writer) {
        self.as_slice().write_json(w);
    }
}
