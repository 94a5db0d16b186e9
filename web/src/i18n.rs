//! Interface language and the labels of the contract's closed vocabularies.
//!
//! Everything a rule says (names, reasons, bases) comes bilingual from the pack through the
//! report; only the widget's own chrome and the contract's enums are labelled here.

use xinyong_model::{
    CommitmentStatus, Field, Industry, PenaltyKind, Procedure, RepairStatus, SubjectKind, Tier,
};

/// The interface language: the one type the widget, the batch reader and the exports share.
pub use xinyong_core::vocab::Lang;

// The labels of contract values and record fields come from `xinyong_core::vocab`: the batch
// reader accepts exactly what the widget shows, and exports write it (issue 15).
use xinyong_core::vocab;

fn term(table: &'static [vocab::Term], value: &str, l: Lang) -> &'static str {
    table
        .iter()
        .find(|x| x.value == value)
        .map_or("", |x| l.t(x.zh, x.en))
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

/// Legal citations stay in Chinese (a clerk quotes them as written); in English a gloss names
/// who issued each kind of document cited, from the document number's prefix. Only issuers are
/// glossed: a translated title would be a guess at an official translation.
pub fn basis_gloss(basis: &str) -> Option<String> {
    const ISSUERS: &[(&str, &str)] = &[
        (
            "国家发展改革委令",
            "NDRC Order (National Development and Reform Commission)",
        ),
        ("发改办财金", "NDRC General Office notice"),
        ("国办发", "General Office of the State Council document"),
        ("国发", "State Council document"),
        ("交公路发", "Ministry of Transport (highways) document"),
        (
            "交运规",
            "Ministry of Transport (transport services) regulatory document",
        ),
        (
            "交运发",
            "Ministry of Transport (transport services) document",
        ),
        (
            "交政研发",
            "Ministry of Transport (policy research) document",
        ),
        ("运交法安函", "Yuncheng transport bureau letter"),
        ("连交", "Lianyungang transport bureau document"),
        ("渝交规", "Chongqing transport regulatory document"),
        ("源交政字", "Yiyuan transport bureau document"),
        ("闽交建", "Fujian transport department document"),
        (
            "国市监信规",
            "SAMR (market regulation) credit regulatory document",
        ),
        (
            "信用修复管理办法",
            "Measures for the Administration of Credit Repair",
        ),
        (
            "道路运输从业人员管理规定",
            "Provisions on Road Transport Practitioners",
        ),
        ("行政处罚法", "Administrative Penalty Law"),
        ("民法典", "Civil Code"),
        ("信用中国", "Credit China (www.creditchina.gov.cn)"),
    ];
    let mut found: Vec<&str> = ISSUERS
        .iter()
        .filter(|(zh, _)| basis.contains(zh))
        .map(|(_, en)| *en)
        .collect();
    // 国发 also occurs inside every 国办发: keep it only when it stands on its own.
    if !basis.replace("国办发", "").contains("国发") {
        found.retain(|e| *e != "State Council document");
    }
    if found.is_empty() {
        None
    } else {
        Some(format!("Cited in Chinese: {}", found.join("; ")))
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
    fn basis_gloss_names_issuers_only() {
        let g = basis_gloss("国办发〔2020〕42号；国家发展改革委令2025年第36号 第三条").unwrap();
        assert!(
            g.contains("General Office of the State Council") && g.contains("NDRC Order"),
            "{g}"
        );
        // 国发 inside 国办发 is not a State Council document of its own.
        assert_eq!(g.matches("State Council document").count(), 1, "{g}");
        assert!(basis_gloss("国发〔2016〕33号")
            .unwrap()
            .contains("State Council document"));
        assert_eq!(basis_gloss("x"), None);
    }

    #[test]
    fn lang_codes_round_trip() {
        assert_eq!(Lang::from_code("en-GB"), Lang::En);
        assert_eq!(Lang::from_code("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_code(""), Lang::Zh);
        assert_eq!(Lang::Zh.other(), Lang::En);
    }
}
