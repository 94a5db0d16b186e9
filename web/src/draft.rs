//! What the user has typed so far, and its translation into contract v1 input.
//!
//! The widget keeps no rule knowledge: which fields a record type needs comes from the pack's
//! catalogue, and every answer comes from `xinyong_core::evaluate`. This module only turns
//! form strings into the contract's types (with the model's own strict parsing) and back.

use chrono::NaiveDate;
use xinyong_core::ids::{self, IdProblem};
use xinyong_core::pack::{CatalogueEntry, Pack, RuleMap};
use xinyong_core::{Options, PackChoice, Problem};
use xinyong_model::{
    CommitmentStatus, Date, Field, Industry, Input, Penalties, PenaltyKind, Procedure, Record,
    Report, Subject, SubjectKind, Tier,
};

/// Every record field of contract v1, in the order forms show them.
pub const ALL_FIELDS: &[&str] = &[
    "id",
    "type",
    "date",
    "penalty",
    "severity",
    "field",
    "amount",
    "procedure",
    "specific_serious",
    "authority",
    "behaviour",
    "points",
    "list",
    "scheme",
    "status",
    "level",
    "score",
    "year",
    "fulfilled_on",
    "removed_on",
    "repaired_on",
    "note",
];

/// Fields the form offers for a type beyond what the pack requires: the facts that change an
/// answer for that type (a penalty's tier, payment date …). Unknown (pack-added) types get
/// the generic ones.
fn optional_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "administrative_penalty" => &[
            "severity",
            "field",
            "amount",
            "procedure",
            "specific_serious",
            "authority",
            "behaviour",
            "points",
            "fulfilled_on",
            "repaired_on",
            "note",
        ],
        "serious_dishonesty_list" => &["authority", "removed_on", "repaired_on", "note"],
        "commitment" => &["authority", "fulfilled_on", "repaired_on", "note"],
        "evaluation_result" => &["score", "year", "authority", "note"],
        "evaluation_deduction" | "driver_violation" => {
            &["behaviour", "points", "authority", "note"]
        }
        _ => &["date", "authority", "note"],
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// The pack's catalogue requires it.
    Required,
    /// One of a group is required (`requires_one_of`).
    OneOf,
    Optional,
}

/// The fields a form for `entry`'s type shows, in display order, with what the pack needs.
pub fn form_fields(entry: &CatalogueEntry) -> Vec<(&'static str, Need)> {
    let opt = optional_fields(&entry.kind);
    ALL_FIELDS
        .iter()
        .filter(|f| !matches!(**f, "id" | "type"))
        .filter_map(|f| {
            if entry.requires.iter().any(|r| r == f) {
                Some((*f, Need::Required))
            } else if entry.requires_one_of.iter().any(|r| r == f) {
                Some((*f, Need::OneOf))
            } else if opt.contains(f) {
                Some((*f, Need::Optional))
            } else {
                None
            }
        })
        .collect()
}

/// A problem with one field of a record form (bilingual, shown next to the field).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub zh: String,
    pub en: String,
}

impl FieldError {
    fn new(field: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// A record being edited: every field as the text in its input.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordDraft {
    pub id: String,
    pub kind: String,
    /// Field texts by field name. Core's `RuleMap` (a sorted list with `BTreeMap`'s reads,
    /// writes and equality): a form holds at most twenty fields, and a B-tree here was the only
    /// one in the self-check outside Yew's scheduler (≈ 16 KB before wasm-opt).
    pub values: RuleMap<String, String>,
    pub penalties: Vec<PenaltyKind>,
}

impl RecordDraft {
    pub fn new(id: String, kind: String) -> Self {
        RecordDraft {
            id,
            kind,
            ..Default::default()
        }
    }

    pub fn get(&self, field: &str) -> &str {
        self.values.get(field).map(String::as_str).unwrap_or("")
    }

    pub fn from_record(r: &Record) -> Self {
        let mut d = RecordDraft::new(r.id.clone(), r.kind.clone());
        if let Some(p) = &r.penalty {
            d.penalties = p.0.clone();
        }
        for f in ALL_FIELDS {
            if let Some(v) = field_text(r, f) {
                d.values.insert((*f).to_string(), v);
            }
        }
        d
    }

    /// Build the record, or say what is missing or malformed, field by field. Only fields the
    /// form shows for the type are kept, so switching type never leaves stale facts behind.
    pub fn to_record(&self, entry: Option<&CatalogueEntry>) -> Result<Record, Vec<FieldError>> {
        let mut errors = Vec::new();
        let id = self.id.trim();
        if id.is_empty() {
            errors.push(FieldError::new(
                "id",
                "请填写记录编号（任意不重复的编号，如处罚决定书文号）",
                "Give the record an ID (anything unique, e.g. the decision number)",
            ));
        }
        let fields: Vec<(&str, Need)> = match entry {
            Some(e) => form_fields(e),
            None => ALL_FIELDS
                .iter()
                .filter(|f| !matches!(**f, "id" | "type"))
                .map(|f| (*f, Need::Optional))
                .collect(),
        };
        let mut record = Record {
            id: id.to_string(),
            kind: self.kind.clone(),
            ..Record::default()
        };
        let mut one_of_given = false;
        let mut one_of: Vec<&str> = Vec::new();
        for (f, need) in &fields {
            let present = if *f == "penalty" {
                !self.penalties.is_empty()
            } else {
                !self.get(f).trim().is_empty()
            };
            match need {
                Need::Required if !present => {
                    errors.push(FieldError::new(f, "此项必填", "This field is required"))
                }
                Need::OneOf => {
                    one_of.push(f);
                    one_of_given |= present;
                }
                _ => {}
            }
            if !present {
                continue;
            }
            if *f == "penalty" {
                record.penalty = Some(Penalties(self.penalties.clone()));
                continue;
            }
            if let Err(e) = set_field(&mut record, f, self.get(f).trim()) {
                errors.push(e);
            }
        }
        if !one_of.is_empty() && !one_of_given {
            for f in &one_of {
                errors.push(FieldError::new(
                    f,
                    format!("{} 至少填写一项", one_of.join(" / ")),
                    format!("fill in at least one of {}", one_of.join(" / ")),
                ));
            }
        }
        if errors.is_empty() {
            Ok(record)
        } else {
            Err(errors)
        }
    }
}

/// A plain decimal as a clerk types it (`5000`, `-3`, `+2.5`, `.5`, `12.`), exactly rounded;
/// `None` for anything else, and for more than 15 significant digits.
///
/// Why not `str::parse::<f64>`: its exact algorithm needs a 10 KB table of powers of five that
/// was 12 KB gzip of the widget, for amounts and points that are never longer than a few digits.
/// Up to 15 digits the mantissa and the power of ten (≤ 10²²) are both exact `f64`s, so one
/// IEEE division is correctly rounded (Clinger's fast path): the same value `parse` gives.
pub(crate) fn decimal(text: &str) -> Option<f64> {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    let digits = format!("{int}{frac}");
    let digits = digits.trim_start_matches('0');
    if digits.len() > 15 || frac.len() >= POW10.len() {
        return None;
    }
    let mantissa = digits
        .bytes()
        .fold(0u64, |m, b| m * 10 + u64::from(b - b'0'));
    let value = mantissa as f64 / POW10[frac.len()];
    Some(if negative { -value } else { value })
}

/// Set one field of `r` from its form text, with the model's own strict parsers (dates,
/// vocabularies). Built by hand rather than through serde so the widget carries no second
/// copy of the record deserialiser.
pub(crate) fn set_field(r: &mut Record, field: &str, raw: &str) -> Result<(), FieldError> {
    let number = || -> Result<f64, FieldError> {
        let cleaned: String = raw.chars().filter(|c| *c != ',' && *c != '，').collect();
        match decimal(cleaned.trim()) {
            Some(n) => Ok(n),
            None => Err(FieldError::new(
                field,
                format!("“{raw}”不是数字"),
                format!("\"{raw}\" is not a number"),
            )),
        }
    };
    let date = || -> Result<Date, FieldError> {
        Date::parse(raw).map_err(|msg| FieldError::new(field, &msg.zh, &msg.en))
    };
    fn vocab<T>(field: &str, raw: &str, v: Option<T>, all: &[&str]) -> Result<T, FieldError> {
        v.ok_or_else(|| {
            FieldError::new(
                field,
                format!("取值“{raw}”无效（可用：{}）", all.join(", ")),
                format!("\"{raw}\" is not allowed (allowed: {})", all.join(", ")),
            )
        })
    }
    let text = || Some(raw.to_string());
    match field {
        "date" => r.date = Some(date()?),
        "fulfilled_on" => r.fulfilled_on = Some(date()?),
        "repaired_on" => r.repaired_on = Some(date()?),
        "removed_on" => r.removed_on = Some(date()?),
        "amount" => r.amount = Some(number()?),
        "points" => r.points = Some(number()?),
        "score" => r.score = Some(number()?),
        "year" => match raw.parse::<i32>() {
            Ok(y) if (1900..=2200).contains(&y) => r.year = Some(y),
            _ => {
                return Err(FieldError::new(
                    field,
                    format!("“{raw}”不是有效年份（如 2025）"),
                    format!("\"{raw}\" is not a year (e.g. 2025)"),
                ))
            }
        },
        "penalty" => {
            let kinds = raw
                .split([',', ';', '|'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let names: Vec<&str> = PenaltyKind::ALL.iter().map(|k| k.as_str()).collect();
                    vocab(field, s, PenaltyKind::from_str_opt(s), &names)
                })
                .collect::<Result<Vec<_>, _>>()?;
            r.penalty = (!kinds.is_empty()).then_some(Penalties(kinds));
        }
        "severity" => {
            let names: Vec<&str> = Tier::ALL.iter().map(|k| k.as_str()).collect();
            r.severity = Some(vocab(field, raw, Tier::from_str_opt(raw), &names)?);
        }
        "field" => {
            let names: Vec<&str> = Field::ALL.iter().map(|k| k.as_str()).collect();
            r.field = Some(vocab(field, raw, Field::from_str_opt(raw), &names)?);
        }
        "status" => {
            let names: Vec<&str> = CommitmentStatus::ALL.iter().map(|k| k.as_str()).collect();
            r.status = Some(vocab(
                field,
                raw,
                CommitmentStatus::from_str_opt(raw),
                &names,
            )?);
        }
        "procedure" => {
            let names: Vec<&str> = Procedure::ALL.iter().map(|k| k.as_str()).collect();
            r.procedure = Some(vocab(field, raw, Procedure::from_str_opt(raw), &names)?);
        }
        "specific_serious" => {
            let v = match raw {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            };
            r.specific_serious = Some(vocab(field, raw, v, &["true", "false"])?);
        }
        "authority" => r.authority = text(),
        "behaviour" => r.behaviour = text(),
        "list" => r.list = text(),
        "scheme" => r.scheme = text(),
        "level" => r.level = text(),
        "note" => r.note = text(),
        other => {
            return Err(FieldError::new(
                other,
                format!("未知字段“{other}”"),
                format!("unknown field \"{other}\""),
            ))
        }
    }
    Ok(())
}

/// One field of `r` as form text (`None` when absent).
fn field_text(r: &Record, field: &str) -> Option<String> {
    let d = |x: Option<Date>| x.map(|d| d.to_string());
    let n = |x: Option<f64>| x.map(xinyong_core::num::decimal_text);
    match field {
        "date" => d(r.date),
        "fulfilled_on" => d(r.fulfilled_on),
        "repaired_on" => d(r.repaired_on),
        "removed_on" => d(r.removed_on),
        "amount" => n(r.amount),
        "points" => n(r.points),
        "score" => n(r.score),
        "year" => r.year.map(|y| y.to_string()),
        "severity" => r.severity.map(|t| t.as_str().to_string()),
        "field" => r.field.map(|t| t.as_str().to_string()),
        "status" => r.status.map(|t| t.as_str().to_string()),
        "procedure" => r.procedure.map(|t| t.as_str().to_string()),
        "specific_serious" => r.specific_serious.map(|b| b.to_string()),
        "authority" => r.authority.clone(),
        "behaviour" => r.behaviour.clone(),
        "list" => r.list.clone(),
        "scheme" => r.scheme.clone(),
        "level" => r.level.clone(),
        "note" => r.note.clone(),
        _ => None,
    }
}

/// A short, readable id for a new record of `kind`, not among `taken`.
pub fn next_id(taken: &[String], kind: &str) -> String {
    let prefix = match kind {
        "administrative_penalty" => "p",
        "administrative_license" => "lic",
        "serious_dishonesty_list" => "l",
        "commitment" => "c",
        "evaluation_result" => "r",
        "evaluation_deduction" => "e",
        "driver_violation" => "v",
        "commendation" => "m",
        "interview" => "i",
        _ => "x",
    };
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or_default()
}

/// The subject and its records as entered.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub kind: SubjectKind,
    pub id: String,
    pub name: String,
    pub industry: Option<Industry>,
    /// Pack id (region).
    pub region: String,
    /// `YYYY-MM-DD`, or empty for today.
    pub as_of: String,
    /// Drivers: first issue of the qualification certificate, `YYYY-MM-DD` or empty.
    pub qualified_on: String,
    /// Taxi and ride-hailing firms: percentage of drivers at AA or above, as typed.
    pub drivers_aa_share: String,
    pub records: Vec<Record>,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            kind: SubjectKind::Enterprise,
            id: String::new(),
            name: String::new(),
            industry: None,
            region: "national".into(),
            as_of: String::new(),
            qualified_on: String::new(),
            drivers_aa_share: String::new(),
            records: Vec::new(),
        }
    }
}

impl Draft {
    pub fn to_input(&self) -> Input {
        Input {
            as_of: Date::parse(self.as_of.trim()).ok(),
            subject: Subject {
                kind: self.kind,
                id: self.id.trim().to_string(),
                name: self.name.trim().to_string(),
                industry: self.industry,
                region: match self.region.as_str() {
                    "" | "national" => None,
                    r => Some(r.to_string()),
                },
                // Only a person has one; the form shows the field to persons only.
                qualified_on: match self.kind {
                    SubjectKind::Person => Date::parse(self.qualified_on.trim()).ok(),
                    SubjectKind::Enterprise => None,
                },
                // An enterprise's; the form shows it to taxi and ride-hailing firms. Text that
                // is not a number is left out (the grade is then capped, never raised).
                drivers_aa_share: match (self.kind, self.industry) {
                    (SubjectKind::Enterprise, Some(Industry::Taxi | Industry::RideHailing)) => {
                        decimal(
                            self.drivers_aa_share
                                .trim()
                                .trim_end_matches('%')
                                .trim_end(),
                        )
                    }
                    _ => None,
                },
            },
            records: self.records.clone(),
        }
    }

    pub fn from_input(i: Input) -> Self {
        Draft {
            kind: i.subject.kind,
            id: i.subject.id,
            name: i.subject.name,
            industry: i.subject.industry,
            region: i.subject.region.unwrap_or_else(|| "national".into()),
            as_of: i.as_of.map(|d| d.to_string()).unwrap_or_default(),
            qualified_on: i
                .subject
                .qualified_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            drivers_aa_share: i
                .subject
                .drivers_aa_share
                .map(xinyong_core::num::decimal_text)
                .unwrap_or_default(),
            records: i.records,
        }
    }

    /// The contract JSON kept on this device when the user ticks "remember" (full id: it never
    /// leaves the browser's own storage).
    pub fn to_json(&self) -> String {
        xinyong_core::json_write::to_json_pretty(&self.to_input())
    }

    /// The contract JSON a user downloads to come back later. A file leaves the browser's
    /// control (mail, shared folders), so its id is masked as the contract masks every output;
    /// on import the masked id is recognised and the user types it again.
    pub fn to_export_json(&self) -> String {
        let mut input = self.to_input();
        input.subject.id = xinyong_core::ids::mask(&input.subject.id);
        xinyong_core::json_write::to_json_pretty(&input)
    }
}

/// An id as `to_export_json` writes it: the contract's mask character means the real id is
/// not in the file.
pub fn is_masked_id(id: &str) -> bool {
    id.contains('*')
}

/// Live check of the identifier as typed; `None` while the field is empty.
pub fn check_id(kind: SubjectKind, id: &str, today: NaiveDate) -> Option<IdProblem> {
    let id = id.trim();
    if id.is_empty() {
        return None;
    }
    match kind {
        SubjectKind::Enterprise => ids::check_uscc(id).err(),
        SubjectKind::Person => ids::check_citizen_id(id, today).err(),
    }
}

/// What the answer panel shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Nothing to evaluate yet (no identifier).
    Empty,
    /// The region's pack is still being fetched (see `packs`).
    Loading,
    Report(Box<Report>),
    /// The engine refused the input; every problem, with its path.
    Problems(Vec<Problem>),
}

/// Ask the engine with the pack the draft's region names, if it is at hand.
pub fn evaluate(draft: &Draft, today: NaiveDate) -> Outcome {
    match pack_for(&draft.region) {
        Some(p) => evaluate_with(draft, today, p),
        None => Outcome::Loading,
    }
}

/// Ask the engine with a given pack (the region's, or the portal's own). The widget never
/// computes an answer itself.
pub fn evaluate_with(draft: &Draft, today: NaiveDate, pack: &Pack) -> Outcome {
    if draft.id.trim().is_empty() {
        return Outcome::Empty;
    }
    let input = draft.to_input();
    let opts = Options {
        as_of: input.as_of,
        today,
        pack: PackChoice::Custom(pack),
    };
    match xinyong_core::evaluate(&input, &opts) {
        Ok(r) => Outcome::Report(Box::new(r)),
        Err(p) => Outcome::Problems(p.0),
    }
}

/// The pack a region names when it is at hand (embedded, or fetched on this page), falling back
/// to the first embedded one for an unknown region; `None` while a shipped overlay is not.
pub fn pack_for(region: &str) -> Option<&'static Pack> {
    match crate::packs::pack_for(region)? {
        crate::packs::PackFor::Ready(p) => Some(p),
        crate::packs::PackFor::Fetch(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_as_clerks_type_them() {
        for (text, want) in [
            ("5000", Some(5000.0)),
            ("-3", Some(-3.0)),
            ("+2.5", Some(2.5)),
            (".5", Some(0.5)),
            ("12.", Some(12.0)),
            ("0.1", Some(0.1)),
            ("007.50", Some(7.5)),
            ("123456789012345", Some(123456789012345.0)),
            ("1234567890123456", None),
            ("", None),
            (".", None),
            ("-", None),
            ("1e3", None),
            ("1.2.3", None),
            ("5000元", None),
            ("inf", None),
            ("NaN", None),
            (" 5", None),
        ] {
            assert_eq!(decimal(text), want, "{text:?}");
        }
    }

    fn national() -> &'static Pack {
        pack_for("national").expect("national pack loads")
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn penalty_form_shows_required_fields_from_the_catalogue() {
        let e = national()
            .catalogue_entry("administrative_penalty")
            .unwrap();
        let f = form_fields(e);
        assert!(f.contains(&("date", Need::Required)));
        assert!(f.contains(&("penalty", Need::Required)));
        assert!(f.contains(&("fulfilled_on", Need::Optional)));
        assert!(!f.iter().any(|(n, _)| *n == "list"), "{f:?}");
    }

    #[test]
    fn export_masks_the_id_and_reads_back_as_masked() {
        let d = Draft {
            id: "91350200776049653A".into(),
            name: "厦门路桥建设有限公司".into(),
            ..Draft::default()
        };
        let text = d.to_export_json();
        assert!(!text.contains("91350200776049653A"), "{text}");
        let back = xinyong_core::input::parse_input(&text).expect("the export is contract JSON");
        assert_eq!(back.subject.id, "9135************3A");
        assert!(is_masked_id(&back.subject.id));
        assert!(!is_masked_id("91350200776049653A"));
        // Local storage keeps the full id: it never leaves the device.
        assert!(d.to_json().contains("91350200776049653A"));
    }

    #[test]
    fn deduction_form_needs_points_or_behaviour() {
        let e = national().catalogue_entry("evaluation_deduction").unwrap();
        let mut d = RecordDraft::new("e1".into(), "evaluation_deduction".into());
        d.values.insert("date".into(), "2026-05-01".into());
        d.values
            .insert("scheme".into(), "highway_construction".into());
        let errs = d.to_record(Some(e)).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(
            errs.iter().all(|e| e.en.contains("behaviour / points")),
            "{errs:?}"
        );
        d.values.insert("points".into(), "8".into());
        let r = d.to_record(Some(e)).unwrap();
        assert_eq!(r.points, Some(8.0));
    }

    #[test]
    fn bad_date_and_number_are_reported_per_field() {
        let e = national()
            .catalogue_entry("administrative_penalty")
            .unwrap();
        let mut d = RecordDraft::new("p1".into(), "administrative_penalty".into());
        d.values.insert("date".into(), "2026-02-30".into());
        d.values.insert("amount".into(), "五千".into());
        let errs = d.to_record(Some(e)).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"date"), "{errs:?}");
        assert!(fields.contains(&"amount"), "{errs:?}");
        assert!(fields.contains(&"penalty"), "{errs:?}");
        assert!(errs.iter().any(|e| e.zh.contains("不存在的日期")));
    }

    #[test]
    fn switching_type_drops_fields_the_new_type_does_not_have() {
        let e = national().catalogue_entry("commendation").unwrap();
        let mut d = RecordDraft::new("m1".into(), "commendation".into());
        d.values.insert("date".into(), "2026-01-01".into());
        d.values.insert("list".into(), "stale".into());
        let r = d.to_record(Some(e)).unwrap();
        assert_eq!(r.list, None);
    }

    #[test]
    fn record_round_trips_through_the_form() {
        let e = national()
            .catalogue_entry("administrative_penalty")
            .unwrap();
        let r: Record = serde_json::from_str(
            r#"{"id":"p1","type":"administrative_penalty","date":"2026-05-06","penalty":["fine","warning"],"amount":5000,"fulfilled_on":"2026-05-20"}"#,
        )
        .unwrap();
        let back = RecordDraft::from_record(&r).to_record(Some(e)).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn procedure_and_specific_serious_are_a_penaltys_and_round_trip() {
        let e = national()
            .catalogue_entry("administrative_penalty")
            .unwrap();
        let f = form_fields(e);
        assert!(f.contains(&("procedure", Need::Optional)), "{f:?}");
        assert!(f.contains(&("specific_serious", Need::Optional)), "{f:?}");
        let c = form_fields(national().catalogue_entry("commitment").unwrap());
        assert!(
            !c.iter()
                .any(|(n, _)| *n == "procedure" || *n == "specific_serious"),
            "{c:?}"
        );
        for text in [
            r#"{"id":"p1","type":"administrative_penalty","date":"2026-05-06","penalty":"fine","amount":150,"procedure":"simplified"}"#,
            r#"{"id":"p2","type":"administrative_penalty","date":"2026-05-06","penalty":"license_revocation","severity":"serious","procedure":"general","specific_serious":true}"#,
            r#"{"id":"p3","type":"administrative_penalty","date":"2026-05-06","penalty":"fine","specific_serious":false}"#,
        ] {
            let r: Record = serde_json::from_str(text).unwrap();
            let back = RecordDraft::from_record(&r).to_record(Some(e)).unwrap();
            assert_eq!(back, r, "{text}");
            // Through the export and back, as a user continues later.
            let d = Draft {
                id: "91350200776049653A".into(),
                records: vec![r.clone()],
                ..Draft::default()
            };
            let again =
                Draft::from_input(xinyong_core::input::parse_input(&d.to_export_json()).unwrap());
            assert_eq!(again.records, vec![r], "{text}");
        }
        // The checkbox unticked is absent, not false; a typo is named with the allowed values.
        let mut d = RecordDraft::new("p1".into(), "administrative_penalty".into());
        d.values.insert("date".into(), "2026-05-06".into());
        d.penalties.push(PenaltyKind::Fine);
        d.values.insert("specific_serious".into(), String::new());
        assert_eq!(d.to_record(Some(e)).unwrap().specific_serious, None);
        d.values.insert("procedure".into(), "summary".into());
        let errs = d.to_record(Some(e)).unwrap_err();
        assert!(
            errs.iter()
                .any(|x| x.field == "procedure" && x.en.contains("simplified, general")),
            "{errs:?}"
        );
        // Switched to a commitment, the penalty's facts are dropped rather than refused.
        let mut d = RecordDraft::from_record(
            &serde_json::from_str(
                r#"{"id":"c1","type":"commitment","date":"2026-05-06","procedure":"general","specific_serious":true}"#,
            )
            .unwrap(),
        );
        d.values
            .insert("scheme".into(), "certification_notice".into());
        d.values.insert("status".into(), "kept".into());
        let r = d
            .to_record(national().catalogue_entry("commitment"))
            .unwrap();
        assert_eq!((r.procedure, r.specific_serious), (None, None));
    }

    #[test]
    fn a_taxi_firms_drivers_share_round_trips_and_is_only_a_taxi_firms() {
        let d = Draft {
            industry: Some(Industry::Taxi),
            id: "91350200776049653A".into(),
            drivers_aa_share: "87.5".into(),
            ..Draft::default()
        };
        let input = xinyong_core::input::parse_input(&d.to_export_json()).unwrap();
        assert_eq!(input.subject.drivers_aa_share, Some(87.5));
        let mut back = Draft::from_input(input);
        back.id = d.id.clone();
        assert_eq!(back, d);
        for share in ["90%", "90"] {
            let d = Draft {
                drivers_aa_share: share.into(),
                ..d.clone()
            };
            assert_eq!(d.to_input().subject.drivers_aa_share, Some(90.0));
        }
        // Not a number, or not a taxi firm: left out, so the grade is capped, never raised.
        let bad = Draft {
            drivers_aa_share: "九成".into(),
            ..d.clone()
        };
        assert_eq!(bad.to_input().subject.drivers_aa_share, None);
        let freight = Draft {
            industry: Some(Industry::RoadFreight),
            ..d.clone()
        };
        assert_eq!(freight.to_input().subject.drivers_aa_share, None);
        // The engine answers with the share: AAA with 87.5 %, AA at best without it.
        let level = |d: &Draft| match evaluate(d, today()) {
            Outcome::Report(r) => r.grades[0].level.clone(),
            o => panic!("{o:?}"),
        };
        assert_eq!(level(&d), "AAA");
        assert_eq!(level(&bad), "AA");
    }

    #[test]
    fn next_id_skips_used_ids() {
        let taken = vec!["p1".to_string(), "p2".to_string()];
        assert_eq!(next_id(&taken, "administrative_penalty"), "p3");
        assert_eq!(next_id(&[], "commitment"), "c1");
    }

    #[test]
    fn live_id_check_uses_the_core_messages() {
        assert!(check_id(SubjectKind::Enterprise, "", today()).is_none());
        assert!(check_id(SubjectKind::Enterprise, "91350200776049653A", today()).is_none());
        let p = check_id(SubjectKind::Enterprise, "91350200776049653B", today()).unwrap();
        assert!(p.zh.contains("校验位"), "{p:?}");
        let p = check_id(SubjectKind::Person, "110105194912310021", today()).unwrap();
        assert!(p.en.contains("check character does not match"), "{p:?}");
    }

    #[test]
    fn evaluation_goes_through_the_engine() {
        let mut d = Draft::default();
        assert_eq!(evaluate(&d, today()), Outcome::Empty);
        d.id = "91350200776049653A".into();
        d.industry = Some(Industry::HighwayConstruction);
        d.as_of = "2026-11-22".into();
        d.records.push(
            serde_json::from_str(
                r#"{"id":"c1","type":"commitment","date":"2026-09-01","scheme":"certification_notice","status":"broken"}"#,
            )
            .unwrap(),
        );
        let Outcome::Report(r) = evaluate(&d, today()) else {
            panic!("expected a report")
        };
        assert_eq!(r.as_of.to_string(), "2026-11-22");
        let cn = r
            .commitments
            .iter()
            .find(|c| c.scheme == "certification_notice")
            .unwrap();
        assert!(!cn.eligible);
        d.id = "91350200776049653B".into();
        let Outcome::Problems(p) = evaluate(&d, today()) else {
            panic!("expected problems")
        };
        assert_eq!(p[0].path, "subject.id");
    }

    #[test]
    fn draft_round_trips_through_contract_json() {
        let d = Draft {
            id: "91350200776049653A".into(),
            name: "厦门某公司".into(),
            as_of: "2026-11-22".into(),
            ..Draft::default()
        };
        let input = xinyong_core::input::parse_input(&d.to_json()).unwrap();
        assert_eq!(Draft::from_input(input), d);
    }

    #[test]
    fn a_drivers_first_qualification_day_round_trips_and_is_a_persons_only() {
        let d = Draft {
            kind: SubjectKind::Person,
            industry: Some(Industry::Driver),
            id: "11010519491231002X".into(),
            qualified_on: "2019-03-15".into(),
            ..Draft::default()
        };
        let input = xinyong_core::input::parse_input(&d.to_json()).unwrap();
        assert_eq!(
            input.subject.qualified_on.map(|q| q.to_string()).as_deref(),
            Some("2019-03-15")
        );
        assert_eq!(Draft::from_input(input), d);
        // Switched to an enterprise, the field is left out rather than refused.
        let e = Draft {
            kind: SubjectKind::Enterprise,
            industry: None,
            ..d
        };
        assert_eq!(e.to_input().subject.qualified_on, None);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod decimal_props {
    use proptest::prelude::*;

    proptest! {
        /// The fast path gives exactly what the standard library's exact parser gives.
        #[test]
        fn decimal_agrees_with_std(int in 0u64..1_000_000_000, frac in "[0-9]{0,6}", neg: bool) {
            let text = format!("{}{int}.{frac}", if neg { "-" } else { "" });
            prop_assert_eq!(super::decimal(&text), Some(text.parse::<f64>().unwrap()));
        }
    }
}
