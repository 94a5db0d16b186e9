//! One path-naming reader for every document the engine accepts (subject files, packs,
//! datasets, API options).
//!
//! Text is parsed once into [`Json`] by `json_parse`, a port of serde_json's parser (so syntax
//! errors keep serde_json's wording, line and column), then typed through [`De`], a deserializer over that tree which records
//! where an error happened (`records[1].date`). Why not serde_json's streaming deserializer
//! wrapped in serde_path_to_error: every derived `Deserialize` would be instantiated once per
//! deserializer type and again inside the path tracker's wrappers, which made this parsing
//! more than a third of the browser module. Here each type is instantiated once, for `De`.
//!
//! Objects keep their members in document order, duplicates included, so the first problem
//! reported is the first in the file and a repeated key is a "duplicate field" error rather
//! than a silently dropped value.

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, Unexpected, Visitor};

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(String),
    Arr(Vec<Json>),
    /// Members in document order, duplicates kept.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// Parse JSON text (a leading byte-order mark is skipped). Errors are serde_json's, word
    /// for word and position for position (see `json_parse`).
    pub(crate) fn parse(text: &str) -> Result<Json, crate::json_parse::SyntaxError> {
        crate::json_parse::parse(text.strip_prefix('\u{feff}').unwrap_or(text))
    }

    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Json::Null => Unexpected::Unit,
            Json::Bool(b) => Unexpected::Bool(*b),
            Json::U64(n) => Unexpected::Unsigned(*n),
            Json::I64(n) => Unexpected::Signed(*n),
            Json::F64(n) => Unexpected::Float(*n),
            Json::Str(s) => Unexpected::Str(s),
            Json::Arr(_) => Unexpected::Seq,
            Json::Obj(_) => Unexpected::Map,
        }
    }
}

/// From serde_json's tree (TOML packs are converted to it first); key order is the map's.
#[cfg(feature = "toml")]
impl From<serde_json::Value> for Json {
    fn from(v: serde_json::Value) -> Json {
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
            V::String(s) => Json::Str(s),
            V::Array(a) => Json::Arr(a.into_iter().map(Json::from).collect()),
            V::Object(m) => Json::Obj(m.into_iter().map(|(k, v)| (k, Json::from(v))).collect()),
        }
    }
}

/// serde_json reading into the same tree: the oracle `json_parse`'s tests hold it to.
#[cfg(test)]
impl<'de> de::Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
                Ok(Json::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
                Ok(Json::U64(n))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
                Ok(Json::I64(n))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
                Ok(Json::F64(n))
            }
            fn visit_str<E>(self, s: &str) -> Result<Json, E> {
                Ok(Json::Str(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Json, E> {
                Ok(Json::Str(s))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(Json::Arr(v))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = a.next_key::<String>()? {
                    v.push((k, a.next_value()?));
                }
                Ok(Json::Obj(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// Where in the document a value sits; formatted only when an error needs it.
#[derive(Clone, Copy)]
pub(crate) enum At<'a> {
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

/// A typing error: serde's message and the path of the innermost value it arose in.
#[derive(Debug)]
pub(crate) struct Error {
    pub(crate) msg: String,
    pub(crate) path: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            msg: msg.to_string(),
            path: None,
        }
    }

    // serde_json's wording, which users saw before this reader existed: `null`, and floats
    // in their shortest form.
    fn invalid_type(unexp: Unexpected, exp: &dyn de::Expected) -> Self {
        Error::custom(format_args!(
            "invalid type: {}, expected {}",
            JsonUnexpected(unexp),
            exp
        ))
    }

    fn invalid_value(unexp: Unexpected, exp: &dyn de::Expected) -> Self {
        Error::custom(format_args!(
            "invalid value: {}, expected {}",
            JsonUnexpected(unexp),
            exp
        ))
    }
}

struct JsonUnexpected<'a>(Unexpected<'a>);

impl fmt::Display for JsonUnexpected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Float(v) => write!(f, "floating point `{}`", zmij::Buffer::new().format(v)),
            // serde's own wording for the rest, written here rather than through its `Display`,
            // which would bring core's float formatter back for the case handled above.
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(i) => write!(f, "integer `{i}`"),
            Unexpected::Signed(i) => write!(f, "integer `{i}`"),
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

impl Error {
    /// The innermost location wins: set once, where the error first passes a known path.
    // Not generic and not inlined, so the many `map_err` sites stay one call each.
    #[inline(never)]
    fn at(mut self, at: &At) -> Self {
        if self.path.is_none() {
            self.path = Some(at.to_string());
        }
        self
    }
}

/// Type `T` from a parsed document.
pub(crate) fn from_json<'de, T: de::Deserialize<'de>>(v: &'de Json) -> Result<T, Error> {
    T::deserialize(De { v, at: &At::Root })
}

#[derive(Clone, Copy)]
struct De<'de, 'a> {
    v: &'de Json,
    at: &'a At<'a>,
}

impl<'de> De<'de, '_> {
    fn invalid<V: Visitor<'de>>(self, visitor: &V) -> Error {
        de::Error::invalid_type(self.v.unexpected(), visitor)
    }
}

impl<'de> Deserializer<'de> for De<'de, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(*b),
            Json::U64(n) => visitor.visit_u64(*n),
            Json::I64(n) => visitor.visit_i64(*n),
            Json::F64(n) => visitor.visit_f64(*n),
            Json::Str(s) => visitor.visit_borrowed_str(s),
            Json::Arr(a) => visitor.visit_seq(Seq {
                items: a.iter(),
                at: self.at,
                index: 0,
            }),
            Json::Obj(m) => visitor.visit_map(Map {
                members: m.iter(),
                value: None,
                at: self.at,
            }),
        }
        .map_err(|e| e.at(self.at))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Json::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
        .map_err(|e| e.at(self.at))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Json::Str(s) => visitor.visit_borrowed_str(s),
            _ => Err(self.invalid(&visitor)),
        }
        .map_err(|e| e.at(self.at))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    /// Records and rules are objects; an array is not read positionally into a struct.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Json::Obj(m) => visitor.visit_map(Map {
                members: m.iter(),
                value: None,
                at: self.at,
            }),
            _ => Err(self.invalid(&visitor)),
        }
        .map_err(|e| e.at(self.at))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.v {
            Json::Arr(a) => visitor.visit_seq(Seq {
                items: a.iter(),
                at: self.at,
                index: 0,
            }),
            _ => Err(self.invalid(&visitor)),
        }
        .map_err(|e| e.at(self.at))
    }

    /// The vocabularies are unit variants written as strings.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.v {
            Json::Str(s) => visitor.visit_enum(BorrowedStrDeserializer::<Error>::new(s)),
            other => Err(de::Error::invalid_type(other.unexpected(), &"a string")),
        }
        .map_err(|e| e.at(self.at))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct tuple tuple_struct identifier ignored_any
    }
}

struct Seq<'de, 'a> {
    items: std::slice::Iter<'de, Json>,
    at: &'a At<'a>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for Seq<'de, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(v) = self.items.next() else {
            return Ok(None);
        };
        let at = At::Index(self.at, self.index);
        self.index += 1;
        seed.deserialize(De { v, at: &at }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'de, 'a> {
    members: std::slice::Iter<'de, (String, Json)>,
    value: Option<&'de (String, Json)>,
    at: &'a At<'a>,
}

impl<'de> de::MapAccess<'de> for Map<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(member) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some(member);
        // An unknown key's path ends with the key itself.
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(&member.0))
            .map(Some)
            .map_err(|e| e.at(&At::Key(self.at, &member.0)))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        match self.value.take() {
            Some((k, v)) => seed.deserialize(De {
                v,
                at: &At::Key(self.at, k),
            }),
            None => Err(de::Error::custom("value requested before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

/// Typing without serde's derived visitors, for the engine's own document types (subject
/// files and packs, the bulk of what a browser parses).
///
/// Why: a derived `Deserialize` keeps one `Option` slot per field, checks each for duplicates
/// and absence, and drops them all on every error exit, so each struct costs kilobytes of
/// code. Here a struct is a list of field names checked once by non-generic code ([`Obj`]),
/// and each field a call shared by every field of the same type. The messages are serde's
/// own (same wording, same paths); the derives stay for other users of the types, and a test
/// checks that both readings agree on every built-in pack.
pub(crate) trait FromJson: Sized {
    fn from_json(v: &Json, at: &At) -> Result<Self, Error>;
}

/// Type `T` from a parsed document with the engine's own reader.
pub(crate) fn read<T: FromJson>(v: &Json) -> Result<T, Error> {
    T::from_json(v, &At::Root)
}

fn located(e: Error, at: &At) -> Error {
    e.at(at)
}

/// serde's "invalid type: …, expected …" for a value of the wrong JSON type.
#[inline(never)]
pub(crate) fn invalid_type(v: &Json, expected: &str, at: &At) -> Error {
    located(de::Error::invalid_type(v.unexpected(), &expected), at)
}

/// An object read as a struct: keys checked (unknown, repeated) before any field is typed.
pub(crate) struct Obj<'a> {
    members: &'a [(String, Json)],
    at: &'a At<'a>,
}

impl<'a> Obj<'a> {
    #[inline(never)]
    pub(crate) fn new(
        v: &'a Json,
        at: &'a At<'a>,
        expecting: &str,
        fields: &'static [&'static str],
        open: bool,
    ) -> Result<Obj<'a>, Error> {
        let Json::Obj(members) = v else {
            return Err(invalid_type(v, expecting, at));
        };
        for (i, (k, _)) in members.iter().enumerate() {
            let Some(name) = fields.iter().find(|f| **f == k) else {
                if open {
                    continue;
                }
                return Err(located(
                    de::Error::unknown_field(k, fields),
                    &At::Key(at, k),
                ));
            };
            if members[..i].iter().any(|(p, _)| p == k) {
                return Err(located(de::Error::duplicate_field(name), at));
            }
        }
        Ok(Obj { members, at })
    }

    fn get(&self, name: &str) -> Option<&'a Json> {
        self.members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// A field that must be present, read into its slot of the struct being built.
    // Not inlined: one copy per field type, not one per field.
    #[inline(never)]
    pub(crate) fn req<T: FromJson>(&self, name: &'static str, slot: &mut T) -> Result<(), Error> {
        match self.get(name) {
            Some(v) => {
                *slot = T::from_json(v, &At::Key(self.at, name))?;
                Ok(())
            }
            None => Err(located(de::Error::missing_field(name), self.at)),
        }
    }

    /// A field that keeps its blank value, which is its type's default, when absent
    /// (`#[serde(default)]`).
    #[inline(never)]
    pub(crate) fn opt<T: FromJson + Default>(
        &self,
        name: &'static str,
        slot: &mut T,
    ) -> Result<(), Error> {
        if let Some(v) = self.get(name) {
            *slot = T::from_json(v, &At::Key(self.at, name))?;
        }
        Ok(())
    }
}

/// The value a struct is built on before its fields are read: each read field overwrites its
/// slot, and a failed read drops the whole struct at once. Why not a struct literal of reads:
/// every early return then drops the fields read so far, a ladder of drop code per struct.
/// For the types of `opt` fields it must equal `Default::default()`.
pub(crate) trait Blank {
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

impl<K, V> Blank for crate::pack::RuleMap<K, V> {
    fn blank() -> Self {
        Default::default()
    }
}

/// `impl FromJson` for a struct from its field list: `field: req` (must be present),
/// `field: opt` (its type's default when absent), `field("json name"): …` when renamed;
/// `open` before the name ignores unknown keys (types without `deny_unknown_fields`).
macro_rules! from_json_struct {
    (open $t:ident { $($body:tt)* }) => {
        from_json_struct!(@impl true, $t { $($body)* });
    };
    ($t:ident { $($body:tt)* }) => {
        from_json_struct!(@impl false, $t { $($body)* });
    };
    (@impl $open:expr, $t:ident { $($field:ident $(($key:literal))? : $how:ident),* $(,)? }) => {
        impl $crate::json::Blank for $t {
            fn blank() -> Self {
                $t { $($field: $crate::json::Blank::blank()),* }
            }
        }
        impl $crate::json::FromJson for $t {
            fn from_json(
                v: &$crate::json::Json,
                at: &$crate::json::At,
            ) -> Result<Self, $crate::json::Error> {
                const FIELDS: &[&str] = &[$(from_json_struct!(@key $field $($key)?)),*];
                let o = $crate::json::Obj::new(
                    v,
                    at,
                    concat!("struct ", stringify!($t)),
                    FIELDS,
                    $open,
                )?;
                let mut t = <$t as $crate::json::Blank>::blank();
                $(o.$how(from_json_struct!(@key $field $($key)?), &mut t.$field)?;)*
                Ok(t)
            }
        }
    };
    (@key $field:ident $key:literal) => { $key };
    (@key $field:ident) => { stringify!($field) };
}
pub(crate) use from_json_struct;

/// `impl FromJson` for a unit-variant enum written as one of `names`; `blank` is the value a
/// struct holds before the field is read (the serde default where a field has one).
macro_rules! from_json_enum {
    ($t:ty, $names:expr, $parse:expr, $blank:expr) => {
        impl $crate::json::Blank for $t {
            fn blank() -> Self {
                $blank
            }
        }
        impl $crate::json::FromJson for $t {
            fn from_json(
                v: &$crate::json::Json,
                at: &$crate::json::At,
            ) -> Result<Self, $crate::json::Error> {
                let s = $crate::json::str_of(v, at)?;
                let parse: fn(&str) -> Option<$t> = $parse;
                parse(s).ok_or_else(|| $crate::json::unknown_variant(s, $names, at))
            }
        }
    };
}
pub(crate) use from_json_enum;

/// The string of a value that must be one (enum names, map keys).
pub(crate) fn str_of<'v>(v: &'v Json, at: &At) -> Result<&'v str, Error> {
    match v {
        Json::Str(s) => Ok(s),
        _ => Err(invalid_type(v, "a string", at)),
    }
}

#[inline(never)]
pub(crate) fn unknown_variant(s: &str, names: &'static [&'static str], at: &At) -> Error {
    located(de::Error::unknown_variant(s, names), at)
}

impl FromJson for String {
    fn from_json(v: &Json, at: &At) -> Result<Self, Error> {
        match v {
            Json::Str(s) => Ok(s.clone()),
            _ => Err(invalid_type(v, "a string", at)),
        }
    }
}

impl FromJson for bool {
    fn from_json(v: &Json, at: &At) -> Result<Self, Error> {
        match v {
            Json::Bool(b) => Ok(*b),
            _ => Err(invalid_type(v, "a boolean", at)),
        }
    }
}

impl FromJson for f64 {
    fn from_json(v: &Json, at: &At) -> Result<Self, Error> {
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
fn integer(v: &Json, at: &At, expected: &str, min: i64, max: i64) -> Result<i64, Error> {
    let (n, unexpected) = match v {
        Json::U64(n) => (i64::try_from(*n).ok(), Unexpected::Unsigned(*n)),
        Json::I64(n) => (Some(*n), Unexpected::Signed(*n)),
        _ => return Err(invalid_type(v, expected, at)),
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(located(de::Error::invalid_value(unexpected, &expected), at)),
    }
}

impl FromJson for u32 {
    fn from_json(v: &Json, at: &At) -> Result<Self, Error> {
        integer(v, at, "u32", 0, u32::MAX.into()).map(|n| n as u32)
    }
}

impl FromJson for i32 {
    fn from_json(v: &Json, at: &At) -> Result<Self, Error> {
        integer(v, at, "i32", i32::MIN.into(), i32::MAX.into()).map(|n| n as i32)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Json, at: &At) -> Result<Self, Error> {
        match v {
            Json::Null => Ok(None),
            _ => T::from_json(v, at).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Json, at: &At) -> Result<Self, Error> {
        let Json::Arr(items) = v else {
            return Err(invalid_type(v, "a sequence", at));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, x)| T::from_json(x, &At::Index(at, i)))
            .collect()
    }
}

/// Map keys are strings typed like values (a key's error names the key); a repeated key
/// keeps its last value, as serde's maps do.
impl<K: FromJson + Ord, V: FromJson> FromJson for crate::pack::RuleMap<K, V> {
    fn from_json(v: &Json, at: &At) -> Result<Self, Error> {
        let Json::Obj(members) = v else {
            return Err(invalid_type(v, "a map", at));
        };
        let mut out = crate::pack::RuleMap::new();
        for (k, x) in members {
            let here = At::Key(at, k);
            let key = K::from_json(&Json::Str(k.clone()), &here)?;
            out.insert(key, V::from_json(x, &here)?);
        }
        Ok(out)
    }
}

mod model {
    use super::*;
    use xinyong_model::*;

    impl Blank for Date {
        fn blank() -> Self {
            Date(chrono::NaiveDate::MIN)
        }
    }

    impl Blank for Penalties {
        fn blank() -> Self {
            Penalties(Vec::new())
        }
    }

    impl FromJson for Date {
        fn from_json(v: &Json, at: &At) -> Result<Self, Error> {
            match v {
                Json::Str(s) => Date::parse(s).map_err(|m| located(de::Error::custom(m), at)),
                _ => Err(invalid_type(v, "a date string YYYY-MM-DD", at)),
            }
        }
    }

    from_json_enum!(
        SubjectKind,
        SubjectKind::NAMES,
        SubjectKind::from_str_opt,
        SubjectKind::ALL[0]
    );
    from_json_enum!(
        Industry,
        Industry::NAMES,
        Industry::from_str_opt,
        Industry::ALL[0]
    );
    from_json_enum!(
        PenaltyKind,
        PenaltyKind::NAMES,
        PenaltyKind::from_str_opt,
        PenaltyKind::ALL[0]
    );
    from_json_enum!(Tier, Tier::NAMES, Tier::from_str_opt, Tier::ALL[0]);
    from_json_enum!(Field, Field::NAMES, Field::from_str_opt, Field::ALL[0]);
    from_json_enum!(
        Procedure,
        Procedure::NAMES,
        Procedure::from_str_opt,
        Procedure::ALL[0]
    );
    from_json_enum!(
        CommitmentStatus,
        CommitmentStatus::NAMES,
        CommitmentStatus::from_str_opt,
        CommitmentStatus::ALL[0]
    );

    impl FromJson for Penalties {
        fn from_json(v: &Json, at: &At) -> Result<Self, Error> {
            match v {
                Json::Str(_) => Ok(Penalties(vec![PenaltyKind::from_json(v, at)?])),
                Json::Arr(a) if a.is_empty() => Err(located(
                    de::Error::custom("处罚种类数组不能为空 / the penalty array must not be empty"),
                    at,
                )),
                Json::Arr(_) => Vec::from_json(v, at).map(Penalties),
                _ => Err(invalid_type(
                    v,
                    "a penalty kind or an array of penalty kinds",
                    at,
                )),
            }
        }
    }

    from_json_struct!(Input {
        as_of: opt,
        subject: req,
        records: opt
    });
    from_json_struct!(Subject {
        kind: req,
        id: req,
        name: opt,
        industry: opt,
        region: opt,
        qualified_on: opt,
        drivers_aa_share: opt
    });
    from_json_struct!(Record {
        id: req,
        kind("type"): req,
        date: opt,
        penalty: opt,
        severity: opt,
        amount: opt,
        authority: opt,
        fulfilled_on: opt,
        repaired_on: opt,
        behaviour: opt,
        points: opt,
        field: opt,
        list: opt,
        removed_on: opt,
        scheme: opt,
        status: opt,
        level: opt,
        score: opt,
        year: opt,
        note: opt,
        procedure: opt,
        specific_serious: opt,
    });

    from_json_enum!(
        RepairStatus,
        RepairStatus::NAMES,
        RepairStatus::from_str_opt,
        RepairStatus::ALL[0]
    );

    // The report's types take unknown keys (no `deny_unknown_fields`), and a missing `Option`
    // is `None`, as with serde.
    from_json_struct!(open Report {
        contract: req,
        as_of: req,
        pack: req,
        regime: req,
        subject: req,
        grades: req,
        commitments: req,
        repairs: req,
        supervision: opt,
        measures: req,
        warnings: req,
        ignored: req,
    });
    from_json_struct!(open PackRef { id: req, version: req, base: opt, custom: opt, sha256: opt, zh: opt, en: opt });
    from_json_struct!(open RuleRef { id: req, zh: req, en: req, basis: req });
    from_json_struct!(open SubjectOut { kind: req, id_masked: req, name: req, industry: opt });
    from_json_struct!(open Grade {
        scheme: req,
        zh: req,
        en: req,
        level: req,
        score: req,
        primary: req,
        items: req,
        level_zh: req,
        standing: req,
        rule: req,
        basis: req,
        official: opt,
        assumed: req,
        counter: opt,
        cycle: opt,
        in_force: req,
        level_en: opt,
        score_zh: opt,
        score_en: opt,
    });
    from_json_struct!(open GradeCycle {
        from: req,
        to: opt,
        clears_on: opt,
        assumed: req,
        zh: req,
        en: req,
        basis: req,
    });
    from_json_struct!(open InForce {
        level: req,
        source: req,
        level_zh: req,
        standing: req,
        rule: req,
        basis: req,
        record_id: opt,
        until: opt,
        zh: req,
        en: req,
        assumed: req,
        level_en: opt,
    });
    from_json_enum!(
        GradeSource,
        GradeSource::NAMES,
        GradeSource::from_str_opt,
        GradeSource::ALL[0]
    );
    from_json_struct!(open CounterOut { id: req, zh: req, en: req, value: req, items: req, basis: req });
    from_json_struct!(open GradeItem {
        rule: req,
        record_id: opt,
        points: req,
        zh: req,
        en: req,
        basis: req,
        assumed: req,
    });
    from_json_struct!(open OfficialResult { record_id: req, level: req, year: opt });
    from_json_struct!(open Commitment {
        scheme: req,
        zh: req,
        en: req,
        eligible: req,
        eligible_from: opt,
        reasons: req,
        scope_exclusions: req,
        basis: req,
    });
    from_json_struct!(open Reason {
        rule: req,
        record_id: opt,
        zh: req,
        en: req,
        basis: req,
        clears_on: opt,
    });
    from_json_struct!(open Repair {
        record_id: req,
        record_type: req,
        publicised: req,
        tier: req,
        tier_derived: req,
        publicity_min_end: opt,
        publicity_max_end: opt,
        repairable_from: opt,
        status: req,
        conditions: req,
        documents: req,
        documents_en: req,
        rule: req,
        basis: req,
        apply_to: opt,
        expected_completion: opt,
        free_of_charge: req,
        notes: req,
        letters: opt,
        assumed: opt,
        regime: opt,
    });
    from_json_struct!(open Condition { id: req, met: req, stage: req, zh: req, en: req, basis: req });
    from_json_struct!(open Channel { id: req, zh: req, en: req, url: req, basis: req });
    from_json_struct!(open Supervision {
        class: req,
        zh: req,
        inspection: req,
        inspection_en: req,
        rule: req,
        basis: req,
        en: opt,
    });
    from_json_struct!(open Measures { incentives: req, restrictions: req });
    from_json_struct!(open Notice { id: req, zh: req, en: req, basis: req, record_ids: opt });
    from_json_struct!(open Ignored { record_id: req, reason: req, reason_en: req });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// Our wording of every `Unexpected` but `null` and floats is serde's, written by hand.
    #[test]
    fn unexpected_is_worded_as_serde_words_it() {
        use serde::de::Unexpected as U;
        for u in [
            U::Bool(true),
            U::Unsigned(7),
            U::Signed(-7),
            U::Char('x'),
            U::Str("a\"b"),
            U::Bytes(b"x"),
            U::Option,
            U::NewtypeStruct,
            U::Seq,
            U::Map,
            U::Enum,
            U::UnitVariant,
            U::NewtypeVariant,
            U::TupleVariant,
            U::StructVariant,
            U::Other("something else"),
        ] {
            assert_eq!(super::JsonUnexpected(u).to_string(), u.to_string());
        }
        assert_eq!(super::JsonUnexpected(U::Unit).to_string(), "null");
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        a: Vec<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }

    fn err(text: &str) -> Error {
        from_json::<Doc>(&Json::parse(text).unwrap()).unwrap_err()
    }

    #[test]
    fn paths_name_the_innermost_value() {
        let e = err(r#"{"a":[{"n":1},{"n":"x"}]}"#);
        assert_eq!(e.path.as_deref(), Some("a[1].n"));
        assert!(
            e.msg
                .starts_with("invalid type: string \"x\", expected u32"),
            "{e}"
        );
        let e = err(r#"{"a":[{"m":1}]}"#);
        assert_eq!(e.path.as_deref(), Some("a[0].m"));
        assert!(e.msg.starts_with("unknown field `m`"), "{e}");
        let e = err(r#"{"a":[{}]}"#);
        assert_eq!(e.path.as_deref(), Some("a[0]"));
        assert_eq!(e.msg, "missing field `n`");
        let e = err(r#"{"a":[],"a":[]}"#);
        assert_eq!(e.path.as_deref(), Some(""));
        assert_eq!(e.msg, "duplicate field `a`");
        let e = err(r#"[[]]"#);
        assert_eq!(e.path.as_deref(), Some(""));
        assert_eq!(e.msg, "invalid type: sequence, expected struct Doc");
    }
}
