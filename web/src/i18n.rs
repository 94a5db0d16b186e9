//! Interface language and the labels of the contract's closed vocabularies.
//!
//! Everything a rule says (names, reasons, bases) comes bilingual from the pack through the
//! report; only the widget's own chrome and the contract's enums are labelled here.

use xinyong_model::{
    CommitmentStatus, Field, Industry, PenaltyKind, Procedure, RepairStatus, SubjectKind, Tier,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(s: &str) -> Lang {
        if s.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// Pick the text for this language.
    pub fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

// The labels of contract values and record fields come from `xinyong_core::vocab`: the batch
// reader accepts exactly what the widget shows, and exports write it (issue 15).
use xinyong_core::vocab;

fn v(l: Lang) -> vocab::Lang {
    match l {
        Lang::Zh => vocab::Lang::Zh,
        Lang::En => vocab::Lang::En,
    }
}

fn term(table: &'static [vocab::Term], value: &str, l: Lang) -> &'static str {
    table
        .iter()
        .find(|x| x.value == value)
        .map_or("", |x| v(l).t(x.zh, x.en))
}

pub fn subject_kind(k: SubjectKind, l: Lang) -> &'static str {
    term(vocab::SUBJECT_KINDS, k.as_str(), l)
}

pub fn industry(i: Industry, l: Lang) -> &'static str {
    term(vocab::INDUSTRIES, i.as_str(), l)
}

pub fn penalty(p: PenaltyKind, l: Lang) -> &'static str {
    term(vocab::PENALTIES, p.as_str(), l)
}

pub fn tier(t: Tier, l: Lang) -> &'static str {
    term(vocab::TIERS, t.as_str(), l)
}

pub fn field(f: Field, l: Lang) -> &'static str {
    term(vocab::FIELDS, f.as_str(), l)
}

pub fn procedure(p: Procedure, l: Lang) -> &'static str {
    term(vocab::PROCEDURES, p.as_str(), l)
}

pub fn commitment_status(s: CommitmentStatus, l: Lang) -> &'static str {
    term(vocab::COMMITMENT_STATUSES, s.as_str(), l)
}

pub fn repair_status(s: RepairStatus, l: Lang) -> &'static str {
    use RepairStatus::*;
    match s {
        NotPublicised => l.t("不予公示", "Not publicised"),
        InMinPeriod => l.t(
            "最短公示期内，暂不能申请修复",
            "In the minimum publicity period: repair not yet possible",
        ),
        ConditionsUnmet => l.t(
            "可申请修复，但尚有条件未满足",
            "Minimum period over, but conditions are unmet",
        ),
        Repairable => l.t("现在可以申请信用修复", "Repair can be applied for now"),
        Repaired => l.t("已修复", "Repaired"),
        PublicityEnded => l.t("公示期已届满", "Publicity has ended"),
        NotRepairable => l.t(
            "不予修复，只能等待公示期届满",
            "Not repairable: wait for publicity to end",
        ),
    }
}

/// Labels of record fields, as a clerk would find them on a penalty decision.
pub fn record_field(name: &str, l: Lang) -> &'static str {
    let key = match name {
        "id" => "record_id",
        "type" => "record_type",
        k => k,
    };
    vocab::column_by_key(key)
        .filter(|c| !c.subject)
        .map_or(l.t("其他字段", "Other field"), |c| {
            l.t(c.label_zh, c.label_en)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contract_record_field_has_a_label() {
        for f in crate::draft::ALL_FIELDS {
            assert_ne!(record_field(f, Lang::Zh), "其他字段", "{f}");
            assert_ne!(record_field(f, Lang::En), "Other field", "{f}");
        }
    }

    #[test]
    fn lang_codes_round_trip() {
        assert_eq!(Lang::from_code("en-GB"), Lang::En);
        assert_eq!(Lang::from_code("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_code(""), Lang::Zh);
        assert_eq!(Lang::Zh.other(), Lang::En);
    }
}
