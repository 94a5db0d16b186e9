//! The rule-pack file format (TOML in `packs/`, or the same shape as JSON at run time).
//!
//! A closed vocabulary of rule kinds: catalogue, publicity/repair regimes, behaviours, grade
//! schemes, commitment schemes, supervision classes, measures, warnings, letters, calendar.
//! Every rule carries an `id` and a `basis` (document + article) that reports repeat.
//! Numbers the sources do not confirm carry an `assumption` saying so.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use xinyong_model::{
    CommitmentStatus, Date, Field, Industry, PenaltyKind, Procedure, Str, SubjectKind, Tier,
};

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: PackMeta,
    #[serde(default)]
    pub catalogue: Vec<CatalogueEntry>,
    #[serde(default)]
    pub regimes: Vec<Regime>,
    #[serde(default)]
    pub behaviours: Vec<Behaviour>,
    #[serde(default)]
    pub grade_schemes: Vec<GradeScheme>,
    #[serde(default)]
    pub commitment_schemes: Vec<CommitmentScheme>,
    #[serde(default)]
    pub supervision: Vec<SupervisionClass>,
    #[serde(default)]
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub warnings: Vec<WarningRule>,
    #[serde(default)]
    pub letters: Vec<Letter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Calendar>,
    /// Overlay only: items and direct-to-lowest triggers added to a base grade scheme without
    /// replacing it (e.g. a region's own trigger on the national road transport scheme).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scheme_additions: Vec<SchemeAddition>,
    /// Overlay only: ids of base rules this pack drops (e.g. a scheme the region does not run).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    /// Limits of the simplified (当场) procedure by date (行政处罚法): which penalties and how
    /// large a fine a decision by simplified procedure can carry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub simplified_procedure: Vec<SimplifiedProcedure>,
}

/// What a penalty decided by simplified procedure can be, in force from `from` to `until`.
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct SimplifiedProcedure {
    pub id: Str,
    /// Penalty kinds the procedure can impose (warning, fine).
    pub penalties: Vec<PenaltyKind>,
    /// Largest fine on a person (公民), yuan.
    pub max_fine_person: f64,
    /// Largest fine on an enterprise or other organisation (法人或者其他组织), yuan.
    pub max_fine_organisation: f64,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// First day in force (decision dates are compared with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<bool>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub id: Str,
    pub version: Str,
    pub zh: Str,
    pub en: Str,
    /// Pack this one overlays; absent for the national base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Str>,
    pub effective_from: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_to: Option<Date>,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Region the overlay serves (for display).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_zh: Option<String>,
    /// Known gaps: measures the plan names but no public number exists for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<String>,
}

/// A record type the pack counts (信用信息目录). Types outside it are ignored, with a reason.
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct CatalogueEntry {
    #[serde(rename = "type")]
    pub kind: String,
    pub zh: Str,
    pub en: Str,
    /// Record fields this type must carry.
    #[serde(default)]
    pub requires: Vec<String>,
    /// At least one of these fields must be present (e.g. `points` or a `behaviour` code).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires_one_of: Vec<String>,
    /// Adverse (失信) types get a repair entry.
    #[serde(default)]
    pub adverse: bool,
    pub basis: Str,
    /// The regional document (name and article) that allows this rule to be looser than the
    /// base pack's (the national rules in force): without it the lint refuses the loosening;
    /// with it every report made with the pack warns that the rule was overridden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loosens_national: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<bool>,
}

/// Rules an overlay adds to a grade scheme of its base; merged into that scheme.
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct SchemeAddition {
    /// Id of the base pack's grade scheme.
    pub scheme: String,
    pub basis: Str,
    #[serde(default)]
    pub items: Vec<GradeItemRule>,
    #[serde(default)]
    pub direct_lowest: Vec<DirectLowest>,
}

/// A dated version of the publicity and repair rules (e.g. NDRC Order 36 from 2026-04-01).
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Regime {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    /// First day in force; the regime in force on `as_of` applies.
    pub from: Date,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Publicity periods per tier. `serious` is required; a missing `minor` or `general` takes
    /// the period of the next more severe tier, flagged assumed (`defaults.rs`).
    #[serde(default)]
    pub tiers: RuleMap<Tier, TierPeriod>,
    /// Tier of each penalty kind when the record gives no severity. A missing kind is taken
    /// as `serious`, flagged assumed (`defaults.rs`).
    #[serde(default)]
    pub default_tier: RuleMap<PenaltyKind, Tier>,
    /// Required when `default_tier` lists a kind; absent with no `default_tier` at all.
    #[serde(default)]
    pub default_tier_basis: String,
    /// Tier of adverse records that are not penalties, keyed `serious_dishonesty_list`,
    /// `commitment.broken`, `commitment.false` (each required only when the catalogue makes
    /// its record type adverse).
    #[serde(default)]
    pub record_tier: RuleMap<String, Tier>,
    /// Penalty kinds never publicised under this regime.
    #[serde(default)]
    pub unpublished: Vec<Unpublished>,
    /// Longer minimum periods in some fields (safety production, fire safety, special equipment).
    #[serde(default)]
    pub field_min: Vec<FieldMin>,
    pub conditions: Vec<RepairCondition>,
    #[serde(default)]
    pub documents: Vec<Document>,
    /// Records that can never be repaired, only wait for their publicity to end.
    #[serde(default)]
    pub exclusions: Vec<RepairExclusion>,
    /// Where to apply for repair; required when a condition is checked at `application`.
    /// Absent: reports name no channel and no expected completion date (`defaults.rs`).
    #[serde(default)]
    pub channels: Vec<ChannelRule>,
    /// Notes added to a repair entry when their test holds.
    #[serde(default)]
    pub notes: Vec<RepairNote>,
    /// The regional document (name and article) that allows this rule to be looser than the
    /// base pack's (the national rules in force): without it the lint refuses the loosening;
    /// with it every report made with the pack warns that the rule was overridden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loosens_national: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<bool>,
    /// How records decided before this regime's `from` are judged (transitional rule).
    /// Absent: by this regime, like any other record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_records: Option<PriorRecords>,
    /// Tier of a penalty without `severity`, before the behaviour table and `default_tier`:
    /// the first rule whose test holds (e.g. simplified procedure → minor).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tier_rules: Vec<TierRule>,
    /// Penalty kinds whose `default_tier` is not confirmed by the sources, with what was
    /// assumed; a repair entry derived from one is `assumed`.
    #[serde(default, skip_serializing_if = "RuleMap::is_empty")]
    pub default_tier_assumption: RuleMap<PenaltyKind, String>,
    /// Basis of each `record_tier` entry (same keys).
    #[serde(default, skip_serializing_if = "RuleMap::is_empty")]
    pub record_tier_basis: RuleMap<String, String>,
    /// What was assumed for a `record_tier` entry (same keys); its repair entries are `assumed`.
    #[serde(default, skip_serializing_if = "RuleMap::is_empty")]
    pub record_tier_assumption: RuleMap<String, String>,
    /// Records that stay in force after their maximum publicity period until they are
    /// repaired or removed (e.g. a list entry, whose own rules decide when it ends).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persists: Vec<Persist>,
}

/// Which regime judges a record decided before a regime came into force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(rename_all = "snake_case")]
pub enum PriorJudge {
    /// The regime in force on the check date (this one).
    AsOf,
    /// The regime in force on the record's decision date.
    DecisionDate,
    /// Every regime in force from the decision date to the check date, each with its own
    /// tier: the latest minimum end and the latest maximum end (never an earlier repair or an
    /// earlier end of publicity than any of them allows).
    Stricter,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct PriorRecords {
    pub id: Str,
    pub judge: PriorJudge,
    /// Note added to every repair entry judged this way.
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct TierRule {
    pub id: Str,
    pub when: RecordTest,
    pub tier: Tier,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Persist {
    pub id: Str,
    pub when: RecordTest,
    /// Note added to the repair entry of a record kept in force (what the user should check).
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct TierPeriod {
    pub published: bool,
    pub min_months: u32,
    pub max_months: u32,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Unpublished {
    pub id: Str,
    pub penalties: Vec<PenaltyKind>,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct FieldMin {
    pub id: Str,
    pub fields: Vec<Field>,
    pub min_months: u32,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

/// What a repair condition checks. `min_period` and `obligations` are decided from the
/// records and gate the status; `application` conditions are met when applying.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(rename_all = "snake_case")]
pub enum ConditionCheck {
    MinPeriod,
    Obligations,
    Application,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct RepairCondition {
    pub id: Str,
    pub check: ConditionCheck,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    /// Only for records matching this test (absent: every adverse record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<RecordTest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub zh: Str,
    pub en: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<RecordTest>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct RepairExclusion {
    pub id: Str,
    pub when: RecordTest,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct ChannelRule {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub url: Str,
    pub basis: Str,
    /// Working days for review after a complete application.
    pub review_working_days: u32,
    /// Working days for the result to reach the other platforms.
    pub sync_working_days: u32,
    /// First channel whose test holds is used; absent matches every record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<RecordTest>,
}

/// When a note applies to a repair entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(rename_all = "snake_case")]
pub enum NoteOn {
    /// The tier was derived from the penalty kind (no severity in the input).
    DerivedTier,
    /// The maximum publicity period is over: publicity must have stopped by itself.
    PublicityEnded,
    /// The record is not publicised under the regime.
    NotPublicised,
    /// Always (for records matching `when`).
    Always,
    /// The tier was derived and the penalty is within what a simplified-procedure decision
    /// can carry, with no `procedure` given: it may be minor.
    SimplifiedPossible,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct RepairNote {
    pub id: Str,
    pub on: NoteOn,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<RecordTest>,
}

/// Behaviour table (失信行为代码): points and tier per behaviour code.
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    pub code: String,
    pub zh: Str,
    pub en: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// Grade scheme the points belong to (absent: any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    pub basis: Str,
    /// The regional document (name and article) that allows this rule to be looser than the
    /// base pack's (the national rules in force): without it the lint refuses the loosening;
    /// with it every report made with the pack warns that the rule was overridden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loosens_national: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<bool>,
}

/// A test on one record. Every present part must hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct RecordTest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalties: Option<Vec<PenaltyKind>>,
    /// Tier of an adverse record (given or derived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<Tier>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<Field>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behaviours: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statuses: Option<Vec<CommitmentStatus>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schemes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority_contains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_amount: Option<f64>,
    /// True: only records still in force (not repaired, not removed from the list, publicity
    /// not ended). False: only records no longer in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Only records dated within this many months before `as_of` (Civil Code periods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub obligations_unfulfilled: Option<bool>,
    /// True: only repaired (or removed) records; false: only records not repaired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repaired: Option<bool>,
    /// Penalties decided by one of these procedures (a simplified procedure the pack's
    /// limits cannot explain does not count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedures: Option<Vec<Procedure>>,
    /// Penalties marked (true) or not marked (false) 特定严重失信 (527号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specific_serious: Option<bool>,
}

/// A test on the subject. Every present part must hold; `any` holds when one alternative does.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct SubjectTest {
    /// Records matching this test; the subject test holds when at least `at_least` match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<RecordTest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u32>,
    /// Count distinct values of this record field instead of records (`authority`, `list`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct: Option<String>,
    /// Holds when no record matches this test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_records: Option<RecordTest>,
    /// The primary grade's level is one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_in: Option<Vec<String>>,
    /// The primary grade's level is none of these; a subject without a grade is "none of these".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_not_in: Option<Vec<String>>,
    /// The primary grade's standing is one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standing_in: Option<Vec<Standing>>,
    /// The primary grade's standing is none of these; a subject without a grade is "none of these".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standing_not_in: Option<Vec<Standing>>,
    /// A grade of the report for this scheme (primary or not) meets the test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<GradeTest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industries: Option<Vec<Industry>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<SubjectKind>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<SubjectTest>>,
}

/// A test on one of the subject's grades, by scheme: holds when the report has a grade for
/// `scheme` and every present part holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct GradeTest {
    pub scheme: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standings: Option<Vec<Standing>>,
}

/// Credit standing (信用状况) used by 分级分类监管 and incentives.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    xinyong_json::FromJson,
)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Good,
    Normal,
    Poor,
}

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Good => "good",
            Standing::Normal => "normal",
            Standing::Poor => "poor",
        }
    }

    /// [`Self::as_str`] as a shared report string (no allocation per report).
    pub fn shared(self) -> Str {
        match self {
            Standing::Good => xinyong_model::static_str!("good"),
            Standing::Normal => xinyong_model::static_str!("normal"),
            Standing::Poor => xinyong_model::static_str!("poor"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(rename_all = "snake_case")]
pub enum ScoreMode {
    /// Start from `base`, items add (bonuses) or subtract (deductions); higher is better.
    Deduct,
    /// Start from `base` (usually 0) and accumulate points; lower is better.
    Accumulate,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct GradeScheme {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    pub kinds: Vec<SubjectKind>,
    /// Industries the scheme applies to.
    pub industries: Vec<Industry>,
    /// Industries for which this is the main scheme (listed first, `primary: true`).
    #[serde(default)]
    pub primary_for: Vec<Industry>,
    pub mode: ScoreMode,
    pub base: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceiling: Option<f64>,
    /// Evaluation period: records dated within this many months before `as_of` count
    /// (`rolling`), or the length of each cycle (`cycle_from_qualification`).
    pub window_months: u32,
    /// How the evaluation period is placed (absent: `rolling`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowKind>,
    /// Legal basis of a cycle window (required with `cycle_from_qualification`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_basis: Option<Str>,
    /// What is assumed when the input lacks what places the cycle (required with
    /// `cycle_from_qualification`): the engine then counts the rolling window, flagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_fallback_assumption: Option<String>,
    /// A grade may rise at most this many levels per year above the previous one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rise_limit: Option<RiseLimit>,
    /// Levels best first, covering the score range without gaps or overlaps.
    pub bands: Vec<Band>,
    #[serde(default)]
    pub items: Vec<GradeItemRule>,
    #[serde(default)]
    pub direct_lowest: Vec<DirectLowest>,
    /// A second variable some schemes band on besides the score (e.g. Jiangsu's
    /// 不良行为总记分值); bands then bound it with `counter_min` / `counter_below`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<Counter>,
    /// First day this rule is in force (absent: since the pack's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day this rule is in force (absent: no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<bool>,
    /// Which grade is in force: how long an official result lasts, and the scheme's default
    /// for a subject not yet evaluated. Absent: an official result is compared with the
    /// computed grade and the worse one is used (the conservative reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<InForceRule>,
    /// Levels a subject may reach only with a figure the input may lack (e.g. 交运规〔2022〕2号:
    /// AAA and above need ≥ 85 % of the drivers at AA or above): without it, or below the
    /// threshold, the grade is at best the cap's level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub level_caps: Vec<LevelCap>,
}

/// The grade is at best `level` unless the subject's `figure` is given and at least `min`
/// (absent counts as not met: an unknown figure never gives the better grade).
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct LevelCap {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub level: Str,
    pub figure: SubjectFigure,
    pub min: f64,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

/// A number the input states about the subject, for rules that depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(rename_all = "snake_case")]
pub enum SubjectFigure {
    /// `subject.drivers_aa_share`: percentage of the enterprise's drivers graded AA or above.
    DriversAaShare,
}

impl SubjectFigure {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectFigure::DriversAaShare => "drivers_aa_share",
        }
    }

    /// The figure as the input gives it.
    pub fn of(self, s: &xinyong_model::Subject) -> Option<f64> {
        match self {
            SubjectFigure::DriversAaShare => s.drivers_aa_share,
        }
    }
}

/// The grade in force (适用等级) of a scheme: an official evaluation result stays in force for
/// `official_months` from its date; a subject with no result at all takes `default_level` when
/// the scheme's rules give one (e.g. 733号 第十八条（二）“若无不良信用记录，可按A级对待”) and
/// `default_unless` does not hold.
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct InForceRule {
    pub id: Str,
    pub official_months: u32,
    pub official_basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_level: Option<Str>,
    /// Holds when the subject has what bars the default (e.g. a bad credit record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_unless: Option<SubjectTest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_basis: Option<Str>,
    /// The best level a never-evaluated subject may be treated as when `default_unless` holds
    /// (733号: "有不良信用记录的，视情节按B级及以下对待"); the projection when it is worse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barred_level: Option<Str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

/// Where a scheme's evaluation period lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    /// The `window_months` months up to and including `as_of`.
    Rolling,
    /// Consecutive cycles of `window_months` months from the subject's `qualified_on`
    /// (从业资格证初次领取日期); points are cleared when a cycle ends. Without `qualified_on`
    /// the rolling window is counted (it holds every record any cycle containing `as_of`
    /// could hold) and the grade is flagged assumed.
    CycleFromQualification,
}

/// Upgrades are gradual: a grade may rise at most `levels` levels a year above the previous
/// grade (the latest earlier official result of the scheme, or the lowest level a direct
/// trigger held until it lapsed).
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct RiseLimit {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub levels: u32,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: Str,
    pub level: Str,
    pub zh: Str,
    /// Credit standing the level stands for, comparable across schemes whose letters differ
    /// (B is average in 733号 but failing in 294号).
    pub standing: Standing,
    /// Inclusive lower bound (absent: no lower bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Exclusive upper bound (absent: no upper bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    /// Inclusive lower bound on the scheme's counter (absent: none). With counter bounds a
    /// level may be listed in several bands (one per region of the score × counter plane).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter_min: Option<f64>,
    /// Exclusive upper bound on the scheme's counter (absent: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter_below: Option<f64>,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    /// The level's label in English (beside `zh`), e.g. "good". Every shipped pack has it;
    /// reports carry it as `level_en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<Str>,
}

/// Where an item's points come from.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, xinyong_json::FromJson,
)]
#[serde(rename_all = "snake_case")]
pub enum PointsFrom {
    /// The rule's own `points`.
    #[default]
    Rule,
    /// The record's `points`, else its behaviour's, else the rule's.
    Record,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct GradeItemRule {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub when: RecordTest,
    /// Signed effect per record (negative = deduction in a `deduct` scheme).
    pub points: f64,
    #[serde(default = "points_from_rule")]
    pub points_from: PointsFrom,
    /// Largest total effect (absolute) this rule may have within the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<f64>,
    pub basis: Str,
    /// First day this rule is in force (absent: since the pack's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day this rule is in force (absent: no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

fn points_from_rule() -> PointsFrom {
    PointsFrom::Rule
}

/// A tally kept beside the score (e.g. bad-behaviour points), summed from its own items
/// over the scheme's window; it starts at 0 and only the items' absolute points count.
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Counter {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    pub items: Vec<GradeItemRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct DirectLowest {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub when: RecordTest,
    /// How long the trigger lasts from the record date; absent: while the record matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// With `months`: the trigger also lasts while the record is still in force (publicised
    /// and not repaired), when that is longer (e.g. "at least as long as the penalty").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub while_in_force: Option<bool>,
    pub basis: Str,
    /// First day this rule is in force (absent: since the pack's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day this rule is in force (absent: no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct CommitmentScheme {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<SubjectKind>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industries: Option<Vec<Industry>>,
    /// A subject for whom any exclusion holds may not use the scheme.
    pub exclusions: Vec<Exclusion>,
    #[serde(default)]
    pub scope_exclusions: Vec<ScopeExclusion>,
    /// The regional document (name and article) that allows this rule to be looser than the
    /// base pack's (the national rules in force): without it the lint refuses the loosening;
    /// with it every report made with the pack warns that the rule was overridden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loosens_national: Option<String>,
    /// First day this rule is in force (absent: since the pack's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day this rule is in force (absent: no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// What was assumed where the sources are silent (listed in the pack's documentation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<bool>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub when: SubjectTest,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct ScopeExclusion {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub basis: Str,
}

/// 分级分类监管 class; the first whose test holds applies.
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct SupervisionClass {
    pub id: Str,
    pub class: Str,
    pub zh: Str,
    pub inspection_zh: Str,
    pub inspection_en: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<SubjectTest>,
    pub basis: Str,
    /// First day this rule is in force (absent: since the pack's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day this rule is in force (absent: no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// What was assumed where the sources are silent (listed in the pack's documentation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<bool>,
    /// The class's name in English (beside `zh`); reports carry it as `supervision.en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<Str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    Incentive,
    Restriction,
}

/// 守信激励 / 失信惩戒 measure; only measures on the pack's list are ever reported.
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub id: Str,
    pub kind: MeasureKind,
    pub zh: Str,
    pub en: Str,
    pub when: SubjectTest,
    pub basis: Str,
    /// First day this rule is in force (absent: since the pack's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day this rule is in force (absent: no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// What was assumed where the sources are silent (listed in the pack's documentation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<bool>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct WarningRule {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub when: SubjectTest,
    pub basis: Str,
    /// First day this rule is in force (absent: since the pack's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day this rule is in force (absent: no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// What was assumed where the sources are silent (listed in the pack's documentation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<bool>,
}

/// A printable letter template (e.g. 信用修复提示函), filled from a repair entry.
#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Letter {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    /// Template text with `{placeholders}` (see `letters.rs`).
    pub body_zh: String,
    pub body_en: String,
    pub basis: Str,
    /// Repair entries of records matching this test get the letter (absent: every one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<RecordTest>,
    /// First day this rule is in force (absent: since the pack's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day this rule is in force (absent: no end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<bool>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    pub id: Str,
    pub zh: Str,
    pub en: Str,
    pub years: Vec<CalendarYear>,
}

#[derive(Clone, Debug, Serialize, Deserialize, xinyong_json::FromJson)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    pub year: i32,
    pub basis: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    pub holidays: Vec<Date>,
    pub workdays: Vec<Date>,
}

/// Rules that may carry their own `from` / `until` dates inside a pack's validity.
pub trait Dated {
    fn span(&self) -> (Option<Date>, Option<Date>);

    /// In force on `day`: on or after `from`, on or before `until`.
    fn in_force(&self, day: chrono::NaiveDate) -> bool {
        let (from, until) = self.span();
        from.is_none_or(|f| f.0 <= day) && until.is_none_or(|u| day <= u.0)
    }
}

macro_rules! dated {
    ($($t:ty),+) => {$(
        impl Dated for $t {
            fn span(&self) -> (Option<Date>, Option<Date>) {
                (self.from, self.until)
            }
        }
    )+};
}
dated!(
    SimplifiedProcedure,
    GradeScheme,
    GradeItemRule,
    DirectLowest,
    CommitmentScheme,
    SupervisionClass,
    Measure,
    WarningRule,
    Letter
);

/// A small keyed table of a rule (a regime's periods and tiers), kept sorted by key: reads
/// and writes like a `BTreeMap` (same iteration order, same JSON), for a fraction of a
/// B-tree's code in the browser module, which would carry one B-tree per key/value pair.
#[derive(Clone, PartialEq)]
pub struct RuleMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for RuleMap<K, V> {
    fn default() -> Self {
        RuleMap(Vec::new())
    }
}

impl<K: Ord, V> RuleMap<K, V> {
    pub fn new() -> Self {
        RuleMap(Vec::new())
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// Sets `key` to `value`; returns the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }
}

impl<K, V> RuleMap<K, V> {
    /// Entries in key order.
    pub fn iter(&self) -> RuleMapIter<'_, K, V> {
        RuleMapIter(self.0.iter())
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Iterator over a [`RuleMap`]'s entries, in key order.
pub struct RuleMapIter<'a, K, V>(std::slice::Iter<'a, (K, V)>);

impl<'a, K, V> Iterator for RuleMapIter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }
}

impl<'a, K, V> IntoIterator for &'a RuleMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = RuleMapIter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for RuleMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = RuleMap::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for RuleMap<K, V> {
    type Output = V;

    /// Panics when `key` is absent, like `BTreeMap`'s index.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry found for key")
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for RuleMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Serialize, V: Serialize> Serialize for RuleMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de, K: Ord + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for RuleMap<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::<K, V>::deserialize(d).map(|m| RuleMap(m.into_iter().collect()))
    }
}
