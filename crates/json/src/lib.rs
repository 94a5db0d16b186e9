//! The one JSON layer of xinyong: a parsed tree ([`Json`]), typed reading from it ([`FromJson`])
//! that names where a problem is (`records[1].date`) in serde's own words, and a writer
//! ([`ToJson`]) that writes byte for byte what serde_json writes.
//!
//! Every contract and pack type declares itself once: `#[derive(FromJson, ToJson)]` (crate
//! `xinyong-derive`) reads the same `#[serde(...)]` attributes serde's derives read (`rename`,
//! `rename_all`, `default`, `skip_serializing_if`, `deny_unknown_fields`), so a field in the
//! struct is always read and written, required unless it is an `Option` or has a default.
//!
//! Why not serde's derives for the engine's own reading and writing: every derived
//! `Deserialize` is instantiated per deserializer (and per path-tracking wrapper), and every
//! `Serialize` per serializer, a third of the browser module (docs/size.md). Here a struct is a
//! list of field names checked by non-generic code ([`Obj`]) and each field a call shared by
//! every field of the same type.
//!
//! Objects keep their members in document order, duplicates included, so a repeated key is a
//! "duplicate field" error rather than a silently dropped value.

use std::borrow::Cow;
use std::fmt;

mod write;
pub use write::{to_json, to_json_pretty, ToJson, Writer};
pub use xinyong_derive::{FromJson, ToJson};

/// Text in both of the project's languages. Shown as `zh / en` where one line must carry both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.zh, self.en)
    }
}

/// A parsed JSON value. Strings and keys borrow from the parsed text where they have no
/// escapes (most do): a subject's keys are never copied, and its string values once, into the
/// typed struct (before, every key and string was allocated twice over).
#[derive(Clone, Debug, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(Cow<'a, str>),
    Arr(Vec<Json<'a>>),
    /// Members in document order, duplicates kept.
    Obj(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl Json<'_> {
    /// What a value is, as an error names it.
    pub fn found(&self) -> Found {
        match self {
            Json::Null => Found::Null,
            Json::Bool(b) => Found::Bool(*b),
            Json::U64(n) => Found::Unsigned(*n),
            Json::I64(n) => Found::Signed(*n),
            Json::F64(n) => Found::Float(*n),
            Json::Str(s) => Found::Str(s.to_string()),
            Json::Arr(_) => Found::Seq,
            Json::Obj(_) => Found::Map,
        }
    }
}

/// Where in the document a value sits; formatted only when an error needs it.
#[derive(Clone, Copy)]
pub enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl fmt::Display for At<'_> {
    /// `subject.id`, `records[1].date`; empty for the document itself.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Root => Ok(()),
            At::Key(parent, k) => {
                parent.fmt(f)?;
                if !matches!(parent, At::Root) {
                    f.write_str(".")?;
                }
                f.write_str(k)
            }
            At::Index(parent, i) => {
                parent.fmt(f)?;
                write!(f, "[{i}]")
            }
        }
    }
}

/// A value as an error quotes it (serde's `Unexpected`, owned).
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Str(String),
    Seq,
    Map,
}

/// serde_json's wording: `null`, and floats in their shortest form.
impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Null => f.write_str("null"),
            Found::Bool(b) => write!(f, "boolean `{b}`"),
            Found::Unsigned(i) => write!(f, "integer `{i}`"),
            Found::Signed(i) => write!(f, "integer `{i}`"),
            Found::Float(v) => write!(f, "floating point `{}`", zmij::Buffer::new().format(*v)),
            Found::Str(s) => write!(f, "string {s:?}"),
            Found::Seq => f.write_str("sequence"),
            Found::Map => f.write_str("map"),
        }
    }
}

/// What is wrong with a value; [`Located`] says where. `Display` is serde's message, word for
/// word (the differential tests hold it to serde's derives); front ends map the variants to
/// bilingual messages without reading the text back.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// A value of the wrong JSON type.
    InvalidType {
        found: Found,
        expected: &'static str,
    },
    /// The right type, out of range.
    InvalidValue {
        found: Found,
        expected: &'static str,
    },
    /// A key the struct does not have (`expected`: its fields in declaration order).
    UnknownField {
        name: String,
        expected: &'static [&'static str],
    },
    /// A string not in the vocabulary.
    UnknownVariant {
        name: String,
        expected: &'static [&'static str],
    },
    MissingField(&'static str),
    DuplicateField(&'static str),
    /// The type's own bilingual message (a day that does not exist, an empty penalty array).
    Invalid(Text),
}

/// serde's `one of` list: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
struct OneOf(&'static [&'static str]);

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => Ok(()),
            [a] => write!(f, "`{a}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            names => {
                f.write_str("one of ")?;
                for (i, n) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{n}`")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidType { found, expected } => {
                write!(f, "invalid type: {found}, expected {expected}")
            }
            Error::InvalidValue { found, expected } => {
                write!(f, "invalid value: {found}, expected {expected}")
            }
            Error::UnknownField { name, expected: [] } => {
                write!(f, "unknown field `{name}`, there are no fields")
            }
            Error::UnknownField { name, expected } => {
                write!(f, "unknown field `{name}`, expected {}", OneOf(expected))
            }
            Error::UnknownVariant { name, expected: [] } => {
                write!(f, "unknown variant `{name}`, there are no variants")
            }
            Error::UnknownVariant { name, expected } => {
                write!(f, "unknown variant `{name}`, expected {}", OneOf(expected))
            }
            Error::MissingField(name) => write!(f, "missing field `{name}`"),
            Error::DuplicateField(name) => write!(f, "duplicate field `{name}`"),
            Error::Invalid(text) => text.fmt(f),
        }
    }
}

/// An [`Error`] and the path of the innermost value it arose in (`records[1].date`; empty for
/// the document itself).
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub path: String,
    pub error: Error,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for Located {}

impl Error {
    // Not generic and not inlined, so the many error sites stay one call each.
    #[inline(never)]
    pub fn at(self, at: &At) -> Located {
        Located {
            path: at.to_string(),
            error: self,
        }
    }
}

/// A type read from a parsed document. Derive it (`#[derive(FromJson)]`) for structs and
/// unit-variant enums.
pub trait FromJson: Sized {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located>;
}

/// Type `T` from a parsed document.
pub fn read<T: FromJson>(v: &Json) -> Result<T, Located> {
    T::from_json(v, &At::Root)
}

/// serde's "invalid type: …, expected …" for a value of the wrong JSON type.
#[inline(never)]
pub fn invalid_type(v: &Json, expected: &'static str, at: &At) -> Located {
    Error::InvalidType {
        found: v.found(),
        expected,
    }
    .at(at)
}

/// Most fields a derived struct may have (the derive refuses more).
pub const MAX_FIELDS: usize = 48;

const ABSENT: u32 = u32::MAX;

/// An object read as a struct: keys checked (unknown, repeated) before any field is typed,
/// and for each field where its member is, so a field is found without searching again.
#[doc(hidden)]
pub struct Obj<'a> {
    members: &'a [(Cow<'a, str>, Json<'a>)],
    at: &'a At<'a>,
    /// Per field (declaration order), the index of its member, or `ABSENT`.
    slots: [u32; MAX_FIELDS],
}

impl<'a> Obj<'a> {
    #[inline(never)]
    pub fn new(
        v: &'a Json<'a>,
        at: &'a At<'a>,
        expecting: &'static str,
        fields: &'static [&'static str],
        open: bool,
    ) -> Result<Obj<'a>, Located> {
        let Json::Obj(members) = v else {
            return Err(invalid_type(v, expecting, at));
        };
        let mut slots = [ABSENT; MAX_FIELDS];
        for (i, (k, _)) in members.iter().enumerate() {
            let Some(f) = fields.iter().position(|f| *f == k) else {
                if open {
                    continue;
                }
                return Err(Error::UnknownField {
                    name: k.to_string(),
                    expected: fields,
                }
                .at(&At::Key(at, k)));
            };
            if slots[f] != ABSENT {
                return Err(Error::DuplicateField(fields[f]).at(at));
            }
            slots[f] = i as u32;
        }
        Ok(Obj { members, at, slots })
    }

    fn get(&self, field: usize) -> Option<&'a Json<'a>> {
        match self.slots[field] {
            ABSENT => None,
            i => Some(&self.members[i as usize].1),
        }
    }

    /// A field that must be present (field `i` of the declaration, named `name`), read into
    /// its slot of the struct being built.
    // Not inlined: one copy per field type, not one per field.
    #[inline(never)]
    pub fn req<T: FromJson>(
        &self,
        i: usize,
        name: &'static str,
        slot: &mut T,
    ) -> Result<(), Located> {
        match self.get(i) {
            Some(v) => {
                *slot = T::from_json(v, &At::Key(self.at, name))?;
                Ok(())
            }
            None => Err(Error::MissingField(name).at(self.at)),
        }
    }

    /// A field that keeps its starting value (its default) when absent.
    #[inline(never)]
    pub fn opt<T: FromJson>(
        &self,
        i: usize,
        name: &'static str,
        slot: &mut T,
    ) -> Result<(), Located> {
        if let Some(v) = self.get(i) {
            *slot = T::from_json(v, &At::Key(self.at, name))?;
        }
        Ok(())
    }
}

/// The value a struct is built on before its fields are read: each read field overwrites its
/// slot, and a failed read drops the whole struct at once. Why not a struct literal of reads:
/// every early return then drops the fields read so far, a ladder of drop code per struct.
/// A derived struct starts with its defaults in its optional fields.
pub trait Blank {
    fn blank() -> Self;
}

macro_rules! blank_default {
    ($($t:ty),+) => {$(
        impl Blank for $t {
            fn blank() -> Self {
                Default::default()
            }
        }
    )+};
}
blank_default!(String, bool, u32, i32, f64);

impl<T> Blank for Option<T> {
    fn blank() -> Self {
        None
    }
}

impl<T> Blank for Vec<T> {
    fn blank() -> Self {
        Vec::new()
    }
}

/// The string of a value that must be one (enum names, map keys).
pub fn str_of<'v>(v: &'v Json<'_>, at: &At) -> Result<&'v str, Located> {
    match v {
        Json::Str(s) => Ok(s),
        _ => Err(invalid_type(v, "a string", at)),
    }
}

/// The index in `names` of the string `v` (a derived enum's variant), or serde's error for a
/// value that is not a string or not one of them.
#[doc(hidden)]
#[inline(never)]
pub fn variant(v: &Json, at: &At, names: &'static [&'static str]) -> Result<usize, Located> {
    let s = str_of(v, at)?;
    match names.iter().position(|n| *n == s) {
        Some(i) => Ok(i),
        None => Err(unknown_variant(s, names, at)),
    }
}

#[doc(hidden)]
#[inline(never)]
pub fn unknown_variant(s: &str, names: &'static [&'static str], at: &At) -> Located {
    Error::UnknownVariant {
        name: s.to_string(),
        expected: names,
    }
    .at(at)
}

impl FromJson for String {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located> {
        match v {
            Json::Str(s) => Ok(String::from(&**s)),
            _ => Err(invalid_type(v, "a string", at)),
        }
    }
}

impl FromJson for bool {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located> {
        match v {
            Json::Bool(b) => Ok(*b),
            _ => Err(invalid_type(v, "a boolean", at)),
        }
    }
}

impl FromJson for f64 {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located> {
        match v {
            Json::U64(n) => Ok(*n as f64),
            Json::I64(n) => Ok(*n as f64),
            Json::F64(n) => Ok(*n),
            _ => Err(invalid_type(v, "f64", at)),
        }
    }
}

/// Integers as serde reads them: out of range is an invalid value, a float an invalid type.
#[inline(never)]
fn integer(v: &Json, at: &At, expected: &'static str, min: i64, max: i64) -> Result<i64, Located> {
    let n = match v {
        Json::U64(n) => i64::try_from(*n).ok(),
        Json::I64(n) => Some(*n),
        _ => return Err(invalid_type(v, expected, at)),
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(Error::InvalidValue {
            found: v.found(),
            expected,
        }
        .at(at)),
    }
}

impl FromJson for u32 {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located> {
        integer(v, at, "u32", 0, u32::MAX.into()).map(|n| n as u32)
    }
}

impl FromJson for i32 {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located> {
        integer(v, at, "i32", i32::MIN.into(), i32::MAX.into()).map(|n| n as i32)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located> {
        match v {
            Json::Null => Ok(None),
            _ => T::from_json(v, at).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located> {
        let Json::Arr(items) = v else {
            return Err(invalid_type(v, "a sequence", at));
        };
        // A plain loop, not `.collect::<Result<Vec<_>, _>>()`: that instantiates core's
        // `GenericShunt` adapter for every element type, with the element's reader inlined
        // into it (docs/size.md, session 9).
        let mut out = Vec::with_capacity(items.len());
        for (i, x) in items.iter().enumerate() {
            out.push(T::from_json(x, &At::Index(at, i))?);
        }
        Ok(out)
    }
}

/// From serde_json's tree (TOML packs are converted to it first); key order is the map's.
#[cfg(feature = "serde_json")]
impl From<serde_json::Value> for Json<'static> {
    fn from(v: serde_json::Value) -> Json<'static> {
        use serde_json::Value as V;
        match v {
            V::Null => Json::Null,
            V::Bool(b) => Json::Bool(b),
            V::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Json::U64(u),
                (None, Some(i)) => Json::I64(i),
                // serde_json numbers that are neither integer kind are finite floats.
                _ => Json::F64(n.as_f64().unwrap_or(f64::NAN)),
            },
            V::String(s) => Json::Str(Cow::Owned(s)),
            V::Array(a) => Json::Arr(a.into_iter().map(Json::from).collect()),
            V::Object(m) => Json::Obj(
                m.into_iter()
                    .map(|(k, v)| (Cow::Owned(k), Json::from(v)))
                    .collect(),
            ),
        }
    }
}

/// serde reading into the same tree (duplicates and order kept): the oracle the parser's
/// tests hold it to.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Json<'static> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Json<'static>, D::Error> {
        use serde::de;
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Json<'static>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Json<'static>, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Json<'static>, E> {
                Ok(Json::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Json<'static>, E> {
                Ok(Json::U64(n))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Json<'static>, E> {
                Ok(Json::I64(n))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Json<'static>, E> {
                Ok(Json::F64(n))
            }
            fn visit_str<E>(self, s: &str) -> Result<Json<'static>, E> {
                Ok(Json::Str(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<Json<'static>, E> {
                Ok(Json::Str(Cow::Owned(s)))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Json<'static>, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(Json::Arr(v))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Json<'static>, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = a.next_key::<String>()? {
                    v.push((Cow::Owned(k), a.next_value()?));
                }
                Ok(Json::Obj(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_of_is_worded_as_serde_words_it() {
        let e = |x: &'static [&'static str]| {
            Error::UnknownField {
                name: "x".into(),
                expected: x,
            }
            .to_string()
        };
        assert_eq!(e(&[]), "unknown field `x`, there are no fields");
        assert_eq!(e(&["a"]), "unknown field `x`, expected `a`");
        assert_eq!(e(&["a", "b"]), "unknown field `x`, expected `a` or `b`");
        assert_eq!(
            e(&["a", "b", "c"]),
            "unknown field `x`, expected one of `a`, `b`, `c`"
        );
    }
}
