//! One path-naming reader for every document the engine accepts (subject files, packs,
//! datasets, API options).
//!
//! Text is parsed once into [`Json`] by serde_json (so syntax errors keep serde_json's wording,
//! line and column), then typed through [`De`], a deserializer over that tree which records
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
    /// Parse JSON text (a leading byte-order mark is skipped). Errors are serde_json's.
    pub(crate) fn parse(text: &str) -> Result<Json, serde_json::Error> {
        serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text))
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
enum At<'a> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

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
