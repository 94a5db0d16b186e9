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

pub fn subject_kind(k: SubjectKind, l: Lang) -> &'static str {
    match k {
        SubjectKind::Enterprise => l.t(
            "企业（统一社会信用代码）",
            "Enterprise (unified social credit code)",
        ),
        SubjectKind::Person => l.t(
            "个人 / 驾驶员（居民身份证号码）",
            "Person / driver (citizen ID number)",
        ),
    }
}

pub fn industry(i: Industry, l: Lang) -> &'static str {
    use Industry::*;
    match i {
        RoadPassenger => l.t("道路旅客运输", "Road passenger transport"),
        RoadFreight => l.t("道路货物运输", "Road freight transport"),
        DangerousGoods => l.t("危险货物运输", "Dangerous goods transport"),
        Taxi => l.t("巡游出租汽车", "Taxi"),
        RideHailing => l.t("网络预约出租汽车", "Ride-hailing"),
        Bus => l.t("城市公共汽电车", "Urban bus"),
        VehicleRepair => l.t("机动车维修", "Vehicle repair"),
        DrivingSchool => l.t("机动车驾驶员培训", "Driving school"),
        WaterwayTransport => l.t("水路运输", "Waterway transport"),
        HighwayConstruction => l.t("公路施工", "Highway construction"),
        WaterwayConstruction => l.t("水运工程施工", "Waterway construction"),
        HighwayMaintenance => l.t("公路养护", "Highway maintenance"),
        ShipLock => l.t("船舶过闸", "Ship lock passage"),
        LocalRailway => l.t("地方铁路", "Local railway"),
        Driver => l.t("驾驶员（从业人员）", "Driver (practitioner)"),
    }
}

pub fn penalty(p: PenaltyKind, l: Lang) -> &'static str {
    use PenaltyKind::*;
    match p {
        Warning => l.t("警告", "Warning"),
        CirculatedCriticism => l.t("通报批评", "Circulated criticism"),
        Fine => l.t("罚款", "Fine"),
        Confiscation => l.t("没收违法所得、没收非法财物", "Confiscation"),
        LicenseSuspension => l.t("暂扣许可证件 / 责令停产停业", "Licence suspension"),
        LicenseRevocation => l.t("吊销许可证件", "Licence revocation"),
        QualificationDowngrade => l.t("降低资质等级", "Qualification downgrade"),
        BusinessRestriction => l.t("限制开展生产经营活动 / 限制从业", "Business restriction"),
        Detention => l.t("行政拘留", "Detention"),
        Other => l.t("其他行政处罚", "Other penalty"),
    }
}

pub fn tier(t: Tier, l: Lang) -> &'static str {
    match t {
        Tier::Minor => l.t("轻微失信", "Minor"),
        Tier::General => l.t("一般失信", "General"),
        Tier::Serious => l.t("严重失信", "Serious"),
    }
}

pub fn field(f: Field, l: Lang) -> &'static str {
    match f {
        Field::General => l.t("一般领域", "General"),
        Field::SafetyProduction => l.t("安全生产领域", "Safety production"),
        Field::FireSafety => l.t("消防安全领域", "Fire safety"),
        Field::SpecialEquipment => l.t("特种设备领域", "Special equipment"),
    }
}

pub fn procedure(p: Procedure, l: Lang) -> &'static str {
    match p {
        Procedure::Simplified => l.t("简易程序", "Simplified procedure"),
        Procedure::General => l.t("普通程序", "General procedure"),
    }
}

pub fn commitment_status(s: CommitmentStatus, l: Lang) -> &'static str {
    match s {
        CommitmentStatus::Kept => l.t("已履行承诺", "Kept"),
        CommitmentStatus::Broken => l.t("未履行承诺（违诺）", "Broken"),
        CommitmentStatus::False => l.t("承诺不实（虚假承诺）", "False"),
    }
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
    match name {
        "id" => l.t("记录编号", "Record ID"),
        "type" => l.t("记录类型", "Record type"),
        "date" => l.t("决定 / 认定日期", "Decision date"),
        "penalty" => l.t("处罚种类", "Penalty kinds"),
        "severity" => l.t("失信等级", "Dishonesty tier"),
        "amount" => l.t("罚款金额（元）", "Fine amount (yuan)"),
        "procedure" => l.t("处罚程序", "Procedure"),
        "specific_serious" => l.t(
            "特定严重失信行为（527号）",
            "Specific serious dishonesty (NDRC 527)",
        ),
        "authority" => l.t("作出决定的机关", "Issuing authority"),
        "fulfilled_on" => l.t("履行完毕日期（如罚款缴清）", "Obligations fulfilled on"),
        "repaired_on" => l.t("已修复日期", "Repaired on"),
        "behaviour" => l.t("失信行为代码", "Behaviour code"),
        "points" => l.t("扣分 / 记分", "Points"),
        "field" => l.t("所属领域", "Regulatory field"),
        "list" => l.t("名单名称", "List name"),
        "removed_on" => l.t("移出名单日期", "Removed from the list on"),
        "scheme" => l.t("适用制度", "Scheme"),
        "status" => l.t("承诺履行情况", "Commitment outcome"),
        "level" => l.t("评价等级", "Grade"),
        "score" => l.t("评价得分", "Score"),
        "year" => l.t("评价年度", "Evaluation year"),
        "note" => l.t("备注", "Note"),
        _ => l.t("其他字段", "Other field"),
    }
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
