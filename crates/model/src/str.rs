//! [`Str`]: an immutable string shared by reference count, for the report fields that come from
//! the pack (rule ids, names, bases, texts). The pack holds the same `Str`, so building a report
//! clones a pointer instead of copying the text, and dropping the report frees nothing of it.
//! A national report has ≈ 140 such strings per subject; copying and freeing them was most of
//! the engine's allocator time (docs/performance.md, session 9). `Arc`, not `Rc`: batches
//! evaluate on several threads with one pack. Read and written exactly as a `String` (JSON,
//! serde): the contract does not change.
//!
//! Native builds only. In the browser modules (`wasm32`) `Str` is `String` (lib.rs): there the
//! shared form made the headless API 1.03–1.13× faster per call but its wasm +5.7 KB gzip
//! (`Arc`'s count updates and checks inlined into the clone and drop code of every pack and
//! report struct, and a second set of readers and writers), against the widget's size budget
//! (docs/performance.md, session 9).

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use xinyong_json::{At, Blank, FromJson, Json, Located, ToJson, Writer};

/// A shared, immutable string (see the module). Derefs to `str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Str(Arc<str>);

impl Str {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Str {
    /// The empty string, shared: no allocation.
    fn default() -> Self {
        crate::static_str!("")
    }
}

/// A [`Str`] of a string literal, allocated once per call site and shared after that (the
/// contract's fixed words such as a condition's `stage`, `now` or `application`).
#[macro_export]
macro_rules! static_str {
    ($s:literal) => {{
        static S: std::sync::OnceLock<$crate::Str> = std::sync::OnceLock::new();
        S.get_or_init(|| $crate::Str::from($s)).clone()
    }};
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Self {
        Str(Arc::from(s))
    }
}

impl From<String> for Str {
    fn from(s: String) -> Self {
        Str(Arc::from(s))
    }
}

impl From<&String> for Str {
    fn from(s: &String) -> Self {
        Str(Arc::from(s.as_str()))
    }
}

impl From<Str> for String {
    fn from(s: Str) -> Self {
        String::from(&*s.0)
    }
}

impl From<&Str> for String {
    fn from(s: &Str) -> Self {
        String::from(&*s.0)
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, o: &str) -> bool {
        *self.0 == *o
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, o: &&str) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, o: &String) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, o: &Str) -> bool {
        *self == *o.0
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, o: &Str) -> bool {
        **self == *o.0
    }
}

impl PartialEq<Str> for String {
    fn eq(&self, o: &Str) -> bool {
        **self == *o.0
    }
}

impl Serialize for Str {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Str {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Str::from)
    }
}

impl Blank for Str {
    fn blank() -> Self {
        Str::default()
    }
}

impl FromJson for Str {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located> {
        match v {
            Json::Str(s) => Ok(Str::from(&**s)),
            _ => Err(xinyong_json::invalid_type(v, "a string", at)),
        }
    }
}

impl ToJson for Str {
    fn write_json(&self, w: &mut Writer) {
        w.string(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::Str;

    #[test]
    fn a_clone_shares_the_text() {
        let a = Str::from("信用修复 / credit repair");
        let b = a.clone();
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(b, "信用修复 / credit repair");
        let (e, f) = (Str::default(), Str::default());
        assert!(std::ptr::eq(e.as_str(), f.as_str()));
        assert_eq!(e, "");
    }

    #[test]
    fn reads_and_writes_as_a_string() {
        let s = Str::from("a\"b\n中");
        let ours = xinyong_json::to_json(&s);
        assert_eq!(ours, serde_json::to_string("a\"b\n中").unwrap());
        assert_eq!(serde_json::to_string(&s).unwrap(), ours);
        let back: Str = serde_json::from_str(&ours).unwrap();
        assert_eq!(back, s);
        let e = serde_json::from_str::<Str>("7").unwrap_err().to_string();
        let f = serde_json::from_str::<String>("7").unwrap_err().to_string();
        assert_eq!(e, f);
    }
}
