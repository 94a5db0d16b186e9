//! Writing the contract's documents (a subject file, a report) as JSON, byte for byte as
//! serde_json writes them, without serde.
//!
//! Why: the public self-check writes two documents — the report it hands the page in each
//! `xinyong-result` event and the subject file a user exports or keeps on the device — and
//! serde_json's compact and pretty serialisers, instantiated for every model type, were
//! ≈ 7 KB gzip of it. One non-generic writer with a compact and a pretty layout is smaller.
//! Tests hold it to serde_json on every golden input and report, and on arbitrary strings and
//! numbers.

use xinyong_model::report::*;
use xinyong_model::*;

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

impl ToJson for Date {
    fn write_json(&self, w: &mut Writer) {
        w.string(&self.to_string());
    }
}

/// One kind as a string, several as an array (as the contract reads them).
impl ToJson for Penalties {
    fn write_json(&self, w: &mut Writer) {
        match self.0.as_slice() {
            [one] => one.write_json(w),
            many => many.write_json(w),
        }
    }
}

macro_rules! to_json_vocabulary {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, w: &mut Writer) {
                w.string(self.as_str());
            }
        }
    )*};
}

to_json_vocabulary!(
    SubjectKind,
    Industry,
    PenaltyKind,
    Tier,
    Field,
    CommitmentStatus,
    RepairStatus,
    GradeSource,
    Procedure
);

/// `impl ToJson` for a struct, its fields in the model's order: `all` always written, `some`
/// left out when `None`, `nonempty` left out when empty, `truthy` left out when false (the
/// model's `skip_serializing_if`).
macro_rules! to_json_struct {
    ($t:ident { $($field:ident $(($key:literal))? : $how:ident),* $(,)? }) => {
        impl ToJson for $t {
            fn write_json(&self, w: &mut Writer) {
                w.begin_object();
                $(to_json_struct!(@$how w, to_json_struct!(@key $field $($key)?), self.$field);)*
                w.end_object();
            }
        }
    };
    (@all $w:ident, $k:expr, $v:expr) => { $w.field($k, &$v) };
    (@some $w:ident, $k:expr, $v:expr) => { $w.field_some($k, &$v) };
    (@nonempty $w:ident, $k:expr, $v:expr) => { $w.field_nonempty($k, &$v) };
    (@truthy $w:ident, $k:expr, $v:expr) => { $w.field_true($k, $v) };
    (@key $field:ident $key:literal) => { $key };
    (@key $field:ident) => { stringify!($field) };
}

to_json_struct!(Input {
    as_of: some,
    subject: all,
    records: all
});
to_json_struct!(Subject {
    kind: all,
    id: all,
    name: all,
    industry: some,
    region: some,
    qualified_on: some,
    drivers_aa_share: some
});
to_json_struct!(Record {
    id: all,
    kind("type"): all,
    date: some,
    penalty: some,
    severity: some,
    amount: some,
    authority: some,
    fulfilled_on: some,
    repaired_on: some,
    behaviour: some,
    points: some,
    field: some,
    list: some,
    removed_on: some,
    scheme: some,
    status: some,
    level: some,
    score: some,
    year: some,
    note: some,
    procedure: some,
    specific_serious: some,
});

to_json_struct!(Report {
    contract: all,
    as_of: all,
    pack: all,
    regime: all,
    subject: all,
    grades: all,
    commitments: all,
    repairs: all,
    supervision: all,
    measures: all,
    warnings: all,
    ignored: all,
});
to_json_struct!(PackRef {
    id: all,
    version: all,
    base: all,
    custom: truthy,
    sha256: some,
    zh: all,
    en: all,
});
to_json_struct!(RuleRef {
    id: all,
    zh: all,
    en: all,
    basis: all
});
to_json_struct!(SubjectOut {
    kind: all,
    id_masked: all,
    name: all,
    industry: all
});
to_json_struct!(Grade {
    scheme: all,
    zh: all,
    en: all,
    level: all,
    score: all,
    primary: all,
    items: all,
    level_zh: all,
    standing: all,
    rule: all,
    basis: all,
    official: all,
    assumed: all,
    counter: some,
    cycle: some,
    in_force: all,
    level_en: all,
    score_zh: all,
    score_en: all,
});
to_json_struct!(InForce {
    level: all,
    source: all,
    level_zh: all,
    standing: all,
    rule: all,
    basis: all,
    record_id: all,
    until: all,
    zh: all,
    en: all,
    assumed: all,
    level_en: all,
});
to_json_struct!(GradeCycle {
    from: all,
    to: all,
    clears_on: all,
    assumed: all,
    zh: all,
    en: all,
    basis: all,
});
to_json_struct!(CounterOut {
    id: all,
    zh: all,
    en: all,
    value: all,
    items: all,
    basis: all
});
to_json_struct!(GradeItem {
    rule: all,
    record_id: all,
    points: all,
    zh: all,
    en: all,
    basis: all,
    assumed: all,
});
to_json_struct!(OfficialResult {
    record_id: all,
    level: all,
    year: all
});
to_json_struct!(Commitment {
    scheme: all,
    zh: all,
    en: all,
    eligible: all,
    eligible_from: all,
    reasons: all,
    scope_exclusions: all,
    basis: all,
});
to_json_struct!(Reason {
    rule: all,
    record_id: all,
    zh: all,
    en: all,
    basis: all,
    clears_on: all,
});
to_json_struct!(Repair {
    record_id: all,
    record_type: all,
    publicised: all,
    tier: all,
    tier_derived: all,
    publicity_min_end: all,
    publicity_max_end: all,
    repairable_from: all,
    status: all,
    conditions: all,
    documents: all,
    documents_en: all,
    rule: all,
    basis: all,
    apply_to: all,
    expected_completion: all,
    free_of_charge: all,
    notes: all,
    letters: nonempty,
    assumed: all,
    regime: some,
});
to_json_struct!(Condition {
    id: all,
    met: all,
    stage: all,
    zh: all,
    en: all,
    basis: all
});
to_json_struct!(Channel {
    id: all,
    zh: all,
    en: all,
    url: all,
    basis: all
});
to_json_struct!(Supervision {
    class: all,
    zh: all,
    inspection: all,
    inspection_en: all,
    rule: all,
    basis: all,
    en: all,
});
to_json_struct!(Measures {
    incentives: all,
    restrictions: all
});
to_json_struct!(Notice {
    id: all,
    zh: all,
    en: all,
    basis: all,
    record_ids: nonempty
});
to_json_struct!(Ignored {
    record_id: all,
    reason: all,
    reason_en: all
});

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn golden() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect()
    }

    fn same<T: ToJson + serde::Serialize>(what: &str, v: &T) {
        assert_eq!(to_json(v), serde_json::to_string(v).unwrap(), "{what}");
        assert_eq!(
            to_json_pretty(v),
            serde_json::to_string_pretty(v).unwrap(),
            "{what}"
        );
    }

    #[test]
    fn writes_every_golden_input_and_report_as_serde_json_does() {
        let (mut inputs, mut reports) = (0, 0);
        for (name, text) in golden() {
            if name.ends_with(".report.json") {
                if let Ok(r) = serde_json::from_str::<Report>(&text) {
                    same(&name, &r);
                    reports += 1;
                }
            } else if let Ok(i) = serde_json::from_str::<Input>(&text) {
                same(&name, &i);
                inputs += 1;
            }
        }
        assert!(
            inputs >= 20 && reports >= 20,
            "{inputs} inputs, {reports} reports"
        );
    }

    proptest! {
        #[test]
        fn strings_and_numbers_as_serde_json_writes_them(
            id in "\\PC*",
            note in proptest::collection::vec(any::<char>(), 0..40),
            amount: f64,
            points in proptest::option::of(-1e6f64..1e6),
            year: Option<i32>,
        ) {
            let r = Record {
                id,
                kind: "administrative_penalty".into(),
                note: Some(note.into_iter().collect()),
                amount: Some(amount),
                points,
                year,
                penalty: Some(Penalties(vec![PenaltyKind::ALL[0], PenaltyKind::ALL[1]])),
                ..Record::default()
            };
            prop_assert_eq!(to_json(&r), serde_json::to_string(&r).unwrap());
            prop_assert_eq!(to_json_pretty(&r), serde_json::to_string_pretty(&r).unwrap());
        }
    }
}
