//! Contract v1 (`xinyong/1`) types: one subject with its records in, one report out.
//!
//! Thin on purpose: serde shapes and the closed vocabularies of the contract, nothing that
//! knows a rule. Parsing is strict (`deny_unknown_fields`) so a typo such as `fulfiled_on`
//! is an error instead of a silently missing fact; the engine (`xinyong-core`) turns serde's
//! messages into bilingual, path-naming errors.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
pub use xinyong_json::Text;
use xinyong_json::{At, Blank, FromJson, Json, Located, ToJson, Writer};

pub mod report;
pub use report::*;
#[cfg(not(target_arch = "wasm32"))]
mod str;
#[cfg(not(target_arch = "wasm32"))]
pub use str::Str;

/// The report and pack strings that native builds share by reference count (`str.rs`). In the
/// browser modules they stay `String`s: the shared form cost +5.7 KB gzip of wasm for a few
/// per cent of speed there (docs/performance.md, session 9).
#[cfg(target_arch = "wasm32")]
pub type Str = String;

/// A [`Str`] of a string literal (in the browser modules, a `String`).
#[cfg(target_arch = "wasm32")]
#[macro_export]
macro_rules! static_str {
    ($s:literal) => {
        ::std::string::String::from($s)
    };
}

/// Contract identifier written into every report.
pub const CONTRACT: &str = "xinyong/1";

/// A calendar day written `YYYY-MM-DD`. Parsing rejects anything that is not a real day
/// (`2026-02-30`, `2026-5-6`, `20260506`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date(pub chrono::NaiveDate);

impl Date {
    /// Strict `YYYY-MM-DD` parse. The error is bilingual because it reaches users verbatim.
    pub fn parse(s: &str) -> Result<Date, Text> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(Text::new(
                format!("日期格式应为 YYYY-MM-DD，收到 \"{s}\""),
                format!("expected a date as YYYY-MM-DD, got \"{s}\""),
            ));
        }
        let y: i32 = s[0..4].parse().unwrap_or(0);
        let m: u32 = s[5..7].parse().unwrap_or(0);
        let d: u32 = s[8..10].parse().unwrap_or(0);
        match chrono::NaiveDate::from_ymd_opt(y, m, d) {
            Some(n) if y >= 1900 => Ok(Date(n)),
            _ => Err(Text::new(
                format!("不存在的日期 \"{s}\"（应为真实的公历日期，1900 年以后）"),
                format!("\"{s}\" is not a real calendar date (expected a day from 1900 on)"),
            )),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::Datelike;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Blank for Date {
    fn blank() -> Self {
        Date(chrono::NaiveDate::MIN)
    }
}

impl FromJson for Date {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located> {
        match v {
            Json::Str(s) => Date::parse(s).map_err(|t| xinyong_json::Error::Invalid(t).at(at)),
            _ => Err(xinyong_json::invalid_type(
                v,
                "a date string YYYY-MM-DD",
                at,
            )),
        }
    }
}

impl ToJson for Date {
    fn write_json(&self, w: &mut Writer) {
        w.string(&self.to_string());
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date string YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize, xinyong_json::FromJson, xinyong_json::ToJson)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $text)] $variant),+ }
        impl $name {
            /// Every value, in contract order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every value's spelling, in contract order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            /// The contract's spelling.
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $text),+ } }
            /// Inverse of [`Self::as_str`].
            pub fn from_str_opt(s: &str) -> Option<Self> { match s { $($text => Some($name::$variant),)+ _ => None } }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

vocabulary! {
    /// Kind of credit subject (信用主体).
    SubjectKind { Enterprise = "enterprise", Person = "person" }
}

vocabulary! {
    /// Regulated industry (行业); selects the grade schemes that apply.
    Industry {
        RoadPassenger = "road_passenger",
        RoadFreight = "road_freight",
        DangerousGoods = "dangerous_goods",
        Taxi = "taxi",
        RideHailing = "ride_hailing",
        Bus = "bus",
        VehicleRepair = "vehicle_repair",
        DrivingSchool = "driving_school",
        WaterwayTransport = "waterway_transport",
        HighwayConstruction = "highway_construction",
        WaterwayConstruction = "waterway_construction",
        HighwayMaintenance = "highway_maintenance",
        ShipLock = "ship_lock",
        LocalRailway = "local_railway",
        Driver = "driver",
    }
}

vocabulary! {
    /// Kind of administrative penalty (行政处罚种类).
    PenaltyKind {
        Warning = "warning",
        CirculatedCriticism = "circulated_criticism",
        Fine = "fine",
        Confiscation = "confiscation",
        LicenseSuspension = "license_suspension",
        LicenseRevocation = "license_revocation",
        QualificationDowngrade = "qualification_downgrade",
        BusinessRestriction = "business_restriction",
        Detention = "detention",
        Other = "other",
    }
}

vocabulary! {
    /// Dishonesty tier (失信信息等级: 轻微/一般/严重, 国办发〔2025〕22号).
    Tier { Minor = "minor", General = "general", Serious = "serious" }
}

vocabulary! {
    /// Regulatory field of a penalty; some fields carry longer minimum publicity.
    Field {
        General = "general",
        SafetyProduction = "safety_production",
        FireSafety = "fire_safety",
        SpecialEquipment = "special_equipment",
    }
}

vocabulary! {
    /// Outcome of a credit commitment (信用承诺履行情况).
    CommitmentStatus { Kept = "kept", Broken = "broken", False = "false" }
}

vocabulary! {
    /// Procedure a penalty was decided by (行政处罚法 第五十一条 简易程序 / 普通程序).
    Procedure { Simplified = "simplified", General = "general" }
}

vocabulary! {
    /// Where an adverse record stands in its repair life cycle.
    RepairStatus {
        NotPublicised = "not_publicised",
        InMinPeriod = "in_min_period",
        ConditionsUnmet = "conditions_unmet",
        Repairable = "repairable",
        Repaired = "repaired",
        PublicityEnded = "publicity_ended",
        NotRepairable = "not_repairable",
    }
}

vocabulary! {
    /// Where the grade in force comes from (`grades[].in_force.source`).
    GradeSource { Official = "official", Default = "default", Computed = "computed" }
}

impl RepairStatus {
    /// The status in words, for letters and text: Chinese, or English when `en`.
    pub fn label(self, en: bool) -> &'static str {
        use RepairStatus::*;
        let (zh, e) = match self {
            NotPublicised => ("不予公示", "not publicised"),
            InMinPeriod => (
                "最短公示期内，暂不能申请修复",
                "in the minimum publicity period: repair not yet possible",
            ),
            ConditionsUnmet => (
                "最短公示期已满，但尚有修复条件未满足",
                "minimum period over, but a repair condition is unmet",
            ),
            Repairable => ("现在可以申请信用修复", "repair can be applied for now"),
            Repaired => ("已修复", "repaired"),
            PublicityEnded => ("最长公示期已届满", "the maximum publicity period is over"),
            NotRepairable => (
                "不予修复，只能等待公示期届满",
                "not repairable: publicity runs its full term",
            ),
        };
        if en {
            e
        } else {
            zh
        }
    }
}

/// Record types the contract names; a pack's catalogue decides which of them count.
pub const RECORD_TYPES: &[&str] = &[
    "administrative_penalty",
    "administrative_license",
    "serious_dishonesty_list",
    "commitment",
    "evaluation_result",
    "evaluation_deduction",
    "driver_violation",
    "commendation",
    "interview",
];

/// Input: one subject and its records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Input {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    pub subject: Subject,
    #[serde(default)]
    pub records: Vec<Record>,
}

/// The credit subject (信用主体).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    pub kind: SubjectKind,
    /// 统一社会信用代码 (enterprise) or 居民身份证号码 (person). Never written to any output.
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<Industry>,
    /// Pack id of the regional overlay; absent means `national`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Drivers: the day the qualification certificate was first issued (从业资格证初次领取日期),
    /// which starts the 12-month assessment cycles. Absent: the cycle is assumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualified_on: Option<Date>,
    /// Taxi and ride-hailing enterprises: the percentage (0–100) of the enterprise's drivers
    /// graded AA or above in their service quality assessment for the cycle (交运规〔2022〕2号
    /// requires at least 85 for AAA and above). Absent: not known, so not met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drivers_aa_share: Option<f64>,
}

/// One credit record (信用信息). Flat on purpose: which fields a type requires is pack data
/// (the catalogue), so the shape stays the same for every type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty: Option<Penalties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Tier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fulfilled_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repaired_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behaviour: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// Serious-dishonesty list name (名单名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_on: Option<Date>,
    /// Commitment scheme (commitment) or grade scheme (evaluation_result / evaluation_deduction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CommitmentStatus>,
    /// Official grade of an evaluation_result (e.g. `AA`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Evaluation year of an evaluation_result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Penalty decided by simplified (当场, 行政处罚法 第五十一条) or general procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Procedure>,
    /// Penalty for a 特定严重失信行为 (发改办财金〔2019〕527号): publicised for the full
    /// maximum period, never repaired early, under the regimes that know the notion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specific_serious: Option<bool>,
}

/// One penalty kind, or several imposed by one decision (the longest publicity applies).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Penalties(pub Vec<PenaltyKind>);

impl Serialize for Penalties {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.len() == 1 {
            self.0[0].serialize(s)
        } else {
            self.0.serialize(s)
        }
    }
}

impl FromJson for Penalties {
    fn from_json(v: &Json, at: &At) -> Result<Self, Located> {
        match v {
            Json::Str(_) => Ok(Penalties(vec![PenaltyKind::from_json(v, at)?])),
            Json::Arr(a) if a.is_empty() => Err(xinyong_json::Error::Invalid(Text::new(
                "处罚种类数组不能为空",
                "the penalty array must not be empty",
            ))
            .at(at)),
            Json::Arr(_) => Vec::from_json(v, at).map(Penalties),
            _ => Err(xinyong_json::invalid_type(
                v,
                "a penalty kind or an array of penalty kinds",
                at,
            )),
        }
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

impl<'de> Deserialize<'de> for Penalties {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Penalties;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a penalty kind or an array of penalty kinds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Penalties, E> {
                let k = PenaltyKind::deserialize(de::value::StrDeserializer::<E>::new(v))?;
                Ok(Penalties(vec![k]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Penalties, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = seq.next_element::<PenaltyKind>()? {
                    v.push(k);
                }
                if v.is_empty() {
                    return Err(de::Error::custom(
                        "处罚种类数组不能为空 / the penalty array must not be empty",
                    ));
                }
                Ok(Penalties(v))
            }
        }
        d.deserialize_any(V)
    }
}
