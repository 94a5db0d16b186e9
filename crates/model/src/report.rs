//! The report: what the engine answers for one subject. Field names are contract v1.

use serde::{Deserialize, Serialize};
use xinyong_json::{FromJson, ToJson};

use crate::{Date, GradeSource, Industry, RepairStatus, Str, SubjectKind, Tier};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Report {
    pub contract: String,
    pub as_of: Date,
    pub pack: PackRef,
    /// The publicity/repair rule version in force on `as_of`.
    pub regime: RuleRef,
    pub subject: SubjectOut,
    pub grades: Vec<Grade>,
    pub commitments: Vec<Commitment>,
    pub repairs: Vec<Repair>,
    pub supervision: Option<Supervision>,
    pub measures: Measures,
    pub warnings: Vec<Notice>,
    pub ignored: Vec<Ignored>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct PackRef {
    pub id: Str,
    pub version: Str,
    pub base: Option<Str>,
    /// True when the pack was loaded at run time (a portal's own pack: `--pack-file`,
    /// `pack-src`, `packJson`), not shipped with xinyong; written only when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub custom: bool,
    /// SHA-256 of a custom pack's file as it was loaded (lower-case hex, what `sha256sum`
    /// prints), so a report names exactly which rules made it; absent for shipped packs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The pack's name in Chinese and English (added 2026-12), for people: the id and version
    /// above are for machines and citations.
    #[serde(default)]
    pub zh: Str,
    #[serde(default)]
    pub en: Str,
}

/// A rule as cited in a report: id, bilingual name and legal basis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct RuleRef {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct SubjectOut {
    pub kind: SubjectKind,
    /// First 4 and last 2 characters kept, the rest `*`.
    pub id_masked: String,
    pub name: String,
    pub industry: Option<Industry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Grade {
    pub scheme: Str,
    pub zh: Str,
    pub en: Str,
    pub level: Str,
    pub score: f64,
    pub primary: bool,
    pub items: Vec<GradeItem>,
    /// Level label in Chinese (e.g. 信用好).
    pub level_zh: Str,
    /// `good`, `normal` or `poor`: what the level means across schemes.
    pub standing: Str,
    /// The band rule that gave the level.
    pub rule: Str,
    pub basis: Str,
    /// The latest official result for this scheme among the records, if any.
    pub official: Option<OfficialResult>,
    /// True where a number in this scheme is a documented assumption of the pack.
    pub assumed: bool,
    /// The scheme's second banding variable (e.g. bad-behaviour points), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<CounterOut>,
    /// Schemes assessed in cycles (drivers): the cycle the points were counted in and the day
    /// they are cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle: Option<GradeCycle>,
    /// The grade in force (适用等级): what supervision, measures and commitment exclusions
    /// use. `level`/`score` above stay the projection computed from the records.
    pub in_force: InForce,
    /// The level's label in English (e.g. "good"), as `level_zh` (added 2026-12: issue 17).
    #[serde(default)]
    pub level_en: Str,
    /// What `score` is, in words: a score out of the scheme's base, or penalty points that are
    /// cleared with the cycle (and when), and whether the level was set by something other
    /// than the score (a direct-to-lowest trigger, a cap).
    #[serde(default)]
    pub score_zh: String,
    #[serde(default)]
    pub score_en: String,
}

/// The grade in force and where it comes from: an official result for the current cycle, the
/// scheme's legal default for a subject not yet evaluated, or (neither) the computed projection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct InForce {
    pub level: Str,
    pub source: GradeSource,
    pub level_zh: Str,
    /// `good`, `normal` or `poor` (empty when the scheme has no such level).
    pub standing: Str,
    pub rule: Str,
    pub basis: Str,
    /// The official result's record, when `source` is `official`.
    pub record_id: Option<String>,
    /// Last day an official result stays in force, when the pack says.
    pub until: Option<Date>,
    /// Why this grade is the one in force, and what to check.
    pub zh: String,
    pub en: String,
    pub assumed: bool,
    /// The level's label in English, as `level_zh` (added 2026-12).
    #[serde(default)]
    pub level_en: Str,
}

/// The assessment cycle of a cycle-based scheme (e.g. 12 months from the first issue of a
/// driver's qualification certificate).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct GradeCycle {
    /// First day whose records count.
    pub from: Date,
    /// Last day of the cycle; `null` when the cycle could not be placed (start unknown).
    pub to: Option<Date>,
    /// The day the cycle's points are cleared (the day after `to`); `null` when unknown.
    pub clears_on: Option<Date>,
    /// True when the cycle was assumed (the input lacks what places it).
    pub assumed: bool,
    pub zh: String,
    pub en: String,
    pub basis: Str,
}

/// A tally kept beside the score (e.g. 不良行为总记分值) and the records that made it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct CounterOut {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub value: f64,
    pub items: Vec<GradeItem>,
    pub basis: Str,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct GradeItem {
    pub rule: Str,
    pub record_id: Option<String>,
    /// Signed effect on the score (deductions negative in a 100-point scheme, accumulated
    /// points positive in a points scheme). Zero for a direct-to-lowest trigger.
    pub points: f64,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    pub assumed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct OfficialResult {
    pub record_id: String,
    pub level: String,
    pub year: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Commitment {
    pub scheme: Str,
    pub zh: Str,
    pub en: Str,
    pub eligible: bool,
    /// `as_of` when eligible now; the earliest day every blocking record could be cleared
    /// otherwise; `null` when no such day can be foreseen.
    pub eligible_from: Option<Date>,
    pub reasons: Vec<Reason>,
    /// Matters the scheme never covers, whoever applies (e.g. public safety).
    pub scope_exclusions: Vec<Notice>,
    pub basis: Str,
    /// True when an exclusion of the scheme reads the grade in force and that grade is itself
    /// `assumed` (see [`Notice::assumed`]): `eligible` holds only as long as the published grade
    /// agrees. Left out when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub assumed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Reason {
    pub rule: Str,
    pub record_id: Option<String>,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    /// Day from which this reason no longer blocks (earliest repair day or end of publicity).
    pub clears_on: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Repair {
    pub record_id: String,
    pub record_type: String,
    pub publicised: bool,
    pub tier: Tier,
    /// True when the input gave no severity and the pack derived the tier from the penalty kind.
    pub tier_derived: bool,
    pub publicity_min_end: Option<Date>,
    pub publicity_max_end: Option<Date>,
    pub repairable_from: Option<Date>,
    pub status: RepairStatus,
    pub conditions: Vec<Condition>,
    pub documents: Vec<Str>,
    /// The same documents in English, index for index.
    pub documents_en: Vec<Str>,
    pub rule: String,
    pub basis: String,
    /// Where to apply (Credit China, or the enterprise credit publicity system).
    pub apply_to: Option<Channel>,
    /// Expected completion when applying on the later of `as_of` and `repairable_from`:
    /// review plus synchronisation, in working days on the pack's calendar.
    pub expected_completion: Option<Date>,
    pub free_of_charge: bool,
    pub notes: Vec<Notice>,
    /// Ids of the pack's printable letters that go with this record (e.g. 信用修复提示函);
    /// fill them with `xinyong_core::letters::fill_report`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub letters: Vec<Str>,
    /// True where the answer rests on a documented assumption of the pack (a derived tier
    /// whose mapping is unconfirmed, an unconfirmed period, a transitional reading…).
    #[serde(default)]
    pub assumed: bool,
    /// The publicity/repair rules that judged this record's periods (the regime in force on
    /// `as_of`, or an earlier one for a record decided before it, per the pack).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regime: Option<RuleRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Condition {
    pub id: Str,
    pub met: bool,
    /// `now`: the engine can tell from the records and it decides the status;
    /// `application`: done when applying (e.g. signing the commitment letter).
    pub stage: Str,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Channel {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub url: Str,
    pub basis: Str,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Supervision {
    pub class: Str,
    pub zh: Str,
    pub inspection: Str,
    pub inspection_en: Str,
    pub rule: Str,
    pub basis: Str,
    /// The class's name in English, as `zh` (added 2026-12).
    #[serde(default)]
    pub en: Str,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Measures {
    pub incentives: Vec<Notice>,
    pub restrictions: Vec<Notice>,
}

/// A cited statement: a warning, a measure, a note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Notice {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub record_ids: Vec<String>,
    /// True when the notice follows from a grade in force that is itself `assumed` (no official
    /// result yet — a default such as 733号's "按A级对待", or the projection — or a validity the
    /// pack assumes): the grade the authority publishes decides whether it applies. Left out
    /// when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub assumed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct Ignored {
    pub record_id: String,
    pub reason: String,
    pub reason_en: String,
}
