//! One vocabulary for every front end: the words the widget shows, the batch reader accepts and
//! the exports write, for the contract's closed values (subject kinds, industries, penalty kinds,
//! tiers, fields, procedures, commitment statuses, yes / no) and for the record and subject
//! columns of a sheet. The widget (`web/src/i18n.rs`, `web/src/csv.rs`) and the batch reader
//! (`crates/batch/src/columns.rs`) both read these tables, so a label the widget shows is always
//! one the batch reader accepts (issue 15: the widget's own 驾驶员违法违规计分 was not read by
//! batch, and the two readers disagreed on 责令停产停业).
//!
//! Record types are pack data (the catalogue's `zh`/`en`); [`record_type`] reads a cell against
//! a catalogue plus the few short forms clerks use.
//!
//! Matching rules (one place): a cell is the contract spelling (ASCII case-insensitive), the
//! Chinese or English label, one part of a label written `甲 / 乙`, or an alias.

use crate::pack::schema::CatalogueEntry;

/// Which language a label is wanted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Pick the text for this language.
    pub fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The HTML `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// A `lang` attribute or option: English when it starts with `en`, else Chinese.
    pub fn from_code(s: &str) -> Lang {
        if s.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// One value of a closed vocabulary: its contract spelling, labels and accepted aliases.
#[derive(Clone, Copy, Debug)]
pub struct Term {
    pub value: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub aliases: &'static [&'static str],
}

const fn t(
    value: &'static str,
    zh: &'static str,
    en: &'static str,
    aliases: &'static [&'static str],
) -> Term {
    Term {
        value,
        zh,
        en,
        aliases,
    }
}

pub const SUBJECT_KINDS: &[Term] = &[
    t(
        "enterprise",
        "企业（统一社会信用代码）",
        "Enterprise (unified social credit code)",
        &["企业", "法人", "单位", "经营者"],
    ),
    t(
        "person",
        "个人 / 驾驶员（居民身份证号码）",
        "Person / driver (citizen ID number)",
        &["个人", "从业人员", "驾驶员", "自然人"],
    ),
];

pub const INDUSTRIES: &[Term] = &[
    t(
        "road_passenger",
        "道路旅客运输",
        "Road passenger transport",
        &["道路客运"],
    ),
    t(
        "road_freight",
        "道路货物运输",
        "Road freight transport",
        &["道路货运", "普通货运"],
    ),
    t(
        "dangerous_goods",
        "危险货物运输",
        "Dangerous goods transport",
        &["危货运输", "道路危险货物运输"],
    ),
    t("taxi", "巡游出租汽车", "Taxi", &["出租汽车", "出租车"]),
    t(
        "ride_hailing",
        "网络预约出租汽车",
        "Ride-hailing",
        &["网约车"],
    ),
    t("bus", "城市公共汽电车", "Urban bus", &["公交", "城市公交"]),
    t(
        "vehicle_repair",
        "机动车维修",
        "Vehicle repair",
        &["汽车维修"],
    ),
    t(
        "driving_school",
        "机动车驾驶员培训",
        "Driving school",
        &["驾驶员培训", "驾校"],
    ),
    t("waterway_transport", "水路运输", "Waterway transport", &[]),
    t(
        "highway_construction",
        "公路施工",
        "Highway construction",
        &[],
    ),
    t(
        "waterway_construction",
        "水运工程施工",
        "Waterway construction",
        &["水运工程"],
    ),
    t(
        "highway_maintenance",
        "公路养护",
        "Highway maintenance",
        &[],
    ),
    t("ship_lock", "船舶过闸", "Ship lock passage", &["船闸"]),
    t("local_railway", "地方铁路", "Local railway", &[]),
    t(
        "driver",
        "驾驶员（从业人员）",
        "Driver (practitioner)",
        &["驾驶员", "从业人员"],
    ),
];

/// 行政处罚法 第九条: (一) 警告、通报批评; (二) 罚款、没收违法所得、没收非法财物; (三) 暂扣许可证件、
/// 降低资质等级、吊销许可证件; (四) 限制开展生产经营活动、责令停产停业、责令关闭、限制从业; (五) 行政拘留.
/// 责令停产停业 is (四), business_restriction — as the national pack's procurement measure reads it.
pub const PENALTIES: &[Term] = &[
    t("warning", "警告", "Warning", &[]),
    t(
        "circulated_criticism",
        "通报批评",
        "Circulated criticism",
        &[],
    ),
    t("fine", "罚款", "Fine", &[]),
    t(
        "confiscation",
        "没收违法所得、没收非法财物",
        "Confiscation",
        &["没收", "没收违法所得", "没收非法财物"],
    ),
    t(
        "license_suspension",
        "暂扣许可证件",
        "Licence suspension",
        &["暂扣", "暂扣许可证", "暂扣证件"],
    ),
    t(
        "license_revocation",
        "吊销许可证件",
        "Licence revocation",
        &["吊销", "吊销许可证", "吊销执照", "吊销营业执照"],
    ),
    t(
        "qualification_downgrade",
        "降低资质等级",
        "Qualification downgrade",
        &[],
    ),
    t(
        "business_restriction",
        "限制开展生产经营活动 / 责令停产停业 / 责令关闭 / 限制从业",
        "Business restriction",
        &[],
    ),
    t("detention", "行政拘留", "Detention", &["拘留"]),
    t("other", "其他行政处罚", "Other penalty", &["其他"]),
];

pub const TIERS: &[Term] = &[
    t("minor", "轻微失信", "Minor", &["轻微"]),
    t("general", "一般失信", "General", &["一般"]),
    t("serious", "严重失信", "Serious", &["严重"]),
];

pub const FIELDS: &[Term] = &[
    t("general", "一般领域", "General", &["一般"]),
    t(
        "safety_production",
        "安全生产领域",
        "Safety production",
        &["安全生产"],
    ),
    t(
        "fire_safety",
        "消防安全领域",
        "Fire safety",
        &["消防", "消防安全"],
    ),
    t(
        "special_equipment",
        "特种设备领域",
        "Special equipment",
        &["特种设备"],
    ),
];

pub const PROCEDURES: &[Term] = &[
    t(
        "simplified",
        "简易程序",
        "Simplified procedure",
        &["简易", "当场处罚"],
    ),
    t(
        "general",
        "普通程序",
        "General procedure",
        &["普通", "一般程序"],
    ),
];

pub const COMMITMENT_STATUSES: &[Term] = &[
    t("kept", "已履行承诺", "Kept", &["已履行", "履行", "已履约"]),
    t(
        "broken",
        "未履行承诺（违诺）",
        "Broken",
        &["未履行", "违反承诺", "违诺", "未履约"],
    ),
    t(
        "false",
        "承诺不实（虚假承诺）",
        "False",
        &["虚假承诺", "虚假", "承诺不实"],
    ),
];

/// Yes / no cells (the contract's `true` / `false`).
pub const YES_NO: &[Term] = &[
    t("true", "是", "yes", &["y", "1", "√", "✓", "有"]),
    t("false", "否", "no", &["n", "0", "×", "无"]),
];

/// Short forms clerks type for record types, beside the catalogue's own labels.
pub const RECORD_TYPE_ALIASES: &[(&str, &[&str])] = &[
    ("serious_dishonesty_list", &["失信名单", "严重失信名单"]),
    ("commitment", &["承诺"]),
    ("evaluation_result", &["评价结果", "信用评价"]),
    ("evaluation_deduction", &["评价扣分"]),
    (
        "driver_violation",
        &["驾驶员违法计分", "违法计分", "违法违规计分", "驾驶员计分"],
    ),
    ("commendation", &["表彰", "奖励"]),
    ("interview", &["约谈"]),
];

fn strip(s: &str) -> &str {
    s.trim().trim_matches(['\u{feff}', '\u{200b}', '\u{3000}'])
}

/// The term a cell names, or `None`.
pub fn find<'a>(table: &'a [Term], cell: &str) -> Option<&'a Term> {
    let v = strip(cell);
    if v.is_empty() {
        return None;
    }
    table.iter().find(|x| {
        x.value.eq_ignore_ascii_case(v)
            || x.zh == v
            || x.en.eq_ignore_ascii_case(v)
            || x.zh.split(" / ").any(|p| p == v)
            || x.aliases.iter().any(|a| a.eq_ignore_ascii_case(v))
    })
}

/// The label of a contract value (the value itself when the table does not hold it).
pub fn label<'a>(table: &'a [Term], value: &'a str, lang: Lang) -> &'a str {
    table
        .iter()
        .find(|x| x.value == value)
        .map_or(value, |x| lang.t(x.zh, x.en))
}

/// A yes / no cell (是 / 否, yes / no, true / false, 1 / 0, Excel's TRUE / FALSE).
pub fn yes_no(cell: &str) -> Option<bool> {
    find(YES_NO, cell).map(|x| x.value == "true")
}

/// A record-type cell read against a pack's catalogue: the type, its Chinese or English label
/// (as the widget shows it), or a short form clerks use.
pub fn record_type(cell: &str, catalogue: &[CatalogueEntry]) -> Option<String> {
    let v = strip(cell);
    if v.is_empty() {
        return None;
    }
    if let Some(c) = catalogue
        .iter()
        .find(|c| c.kind.eq_ignore_ascii_case(v) || c.zh == v || c.en.eq_ignore_ascii_case(v))
    {
        return Some(c.kind.clone());
    }
    RECORD_TYPE_ALIASES
        .iter()
        .find(|(_, a)| a.contains(&v))
        .map(|(k, _)| k.to_string())
        .filter(|k| catalogue.is_empty() || catalogue.iter().any(|c| &c.kind == k))
}

/// What a sheet column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Integer,
    Date,
    /// Several values separated by `;`, `；`, `、`, `|` or `,` (penalty kinds of one decision).
    List,
    /// 是 / 否.
    Bool,
    /// A number from 0 to 100, typed with or without its sign (`90`, `90%`, `90％`).
    Percent,
}

/// A column of a sheet: a record field (what the widget's record form and CSV import show) or a
/// subject field (batch files repeat it on every row of the subject).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// Contract field name; the batch layout's `subject_kind`, `subject_id`, `subject_name`,
    /// `record_id` and `record_type` stand for the subject's and the record's `kind`/`id`/`name`/`type`.
    pub key: &'static str,
    /// The batch template's Chinese header.
    pub zh: &'static str,
    /// The widget's label (form and import), Chinese and English.
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// Other accepted headers (synonyms clerks use). Never a word that means another column.
    pub aliases: &'static [&'static str],
    pub kind: Kind,
    /// Describes the subject (repeated on every row of that subject), not a record.
    pub subject: bool,
}

#[allow(clippy::too_many_arguments)]
const fn col(
    key: &'static str,
    zh: &'static str,
    label_zh: &'static str,
    label_en: &'static str,
    aliases: &'static [&'static str],
    kind: Kind,
    subject: bool,
) -> Column {
    Column {
        key,
        zh,
        label_zh,
        label_en,
        aliases,
        kind,
        subject,
    }
}

use Kind::*;

/// Every column, in the batch template's order.
pub const COLUMNS: &[Column] = &[
    col(
        "subject_kind",
        "主体类型",
        "主体类型",
        "Subject kind",
        &["kind", "主体种类", "主体类别"],
        Text,
        true,
    ),
    col(
        "subject_id",
        "证件号码",
        "证件号码",
        "Subject ID",
        &[
            "统一社会信用代码",
            "社会信用代码",
            "信用代码",
            "身份证号码",
            "身份证号",
            "公民身份号码",
            "证件号",
            "id",
        ],
        Text,
        true,
    ),
    col(
        "subject_name",
        "主体名称",
        "主体名称",
        "Subject name",
        &[
            "名称",
            "姓名",
            "企业名称",
            "单位名称",
            "经营者名称",
            "当事人",
            "当事人名称",
            "驾驶员姓名",
            "name",
        ],
        Text,
        true,
    ),
    col(
        "industry",
        "行业",
        "行业",
        "Industry",
        &["行业类别", "所属行业", "经营类别"],
        Text,
        true,
    ),
    col(
        "region",
        "规则包",
        "规则包",
        "Rule pack",
        &["地区", "pack"],
        Text,
        true,
    ),
    col(
        "as_of",
        "查询日期",
        "查询日期",
        "Check date",
        &["评价日期", "审查日期"],
        Date,
        true,
    ),
    col(
        "qualified_on",
        "从业资格证初次领取日期",
        "从业资格证初次领取日期",
        "Qualification first issued on",
        &["初次领证日期", "从业资格证初领日期"],
        Date,
        true,
    ),
    col(
        "drivers_aa_share",
        "驾驶员AA级及以上占比",
        "驾驶员AA级及以上占比",
        "Drivers graded AA or better (%)",
        &["驾驶员AA级以上占比"],
        Percent,
        true,
    ),
    col(
        "record_id",
        "记录编号",
        "记录编号",
        "Record ID",
        &["编号", "记录号", "文号", "决定文书号", "处罚决定书文号"],
        Text,
        false,
    ),
    col(
        "record_type",
        "记录类型",
        "记录类型",
        "Record type",
        &["type", "类型", "信息类型"],
        Text,
        false,
    ),
    col(
        "date",
        "日期",
        "决定 / 认定日期",
        "Decision date",
        &[
            "决定日期",
            "认定日期",
            "处罚日期",
            "处罚决定日期",
            "作出决定日期",
            "列入日期",
            "承诺日期",
        ],
        Date,
        false,
    ),
    col(
        "penalty",
        "处罚种类",
        "处罚种类",
        "Penalty kinds",
        &["处罚", "处罚类型", "处罚类别"],
        List,
        false,
    ),
    col(
        "severity",
        "失信等级",
        "失信等级",
        "Dishonesty tier",
        &["等级程度", "严重程度", "失信程度"],
        Text,
        false,
    ),
    col(
        "amount",
        "金额",
        "罚款金额（元）",
        "Fine amount (yuan)",
        &["罚款金额", "罚款金额(元)", "处罚金额", "罚没金额"],
        Number,
        false,
    ),
    col(
        "procedure",
        "处罚程序",
        "处罚程序",
        "Procedure",
        &["程序"],
        Text,
        false,
    ),
    col(
        "specific_serious",
        "特定严重失信",
        "特定严重失信行为（527号）",
        "Specific serious dishonesty (NDRC 527)",
        &["特定严重失信行为"],
        Bool,
        false,
    ),
    col(
        "authority",
        "作出机关",
        "作出决定的机关",
        "Issuing authority",
        &["机关", "处罚机关", "决定机关", "作出决定机关", "执法机关"],
        Text,
        false,
    ),
    col(
        "fulfilled_on",
        "履行日期",
        "履行完毕日期（如罚款缴清）",
        "Obligations fulfilled on",
        &["履行完毕日期", "缴款日期", "罚款缴纳日期", "缴纳日期"],
        Date,
        false,
    ),
    col(
        "repaired_on",
        "修复日期",
        "已修复日期",
        "Repaired on",
        &["信用修复日期"],
        Date,
        false,
    ),
    col(
        "behaviour",
        "行为代码",
        "失信行为代码",
        "Behaviour code",
        &[],
        Text,
        false,
    ),
    col(
        "points",
        "分值",
        "扣分 / 记分",
        "Points",
        &["扣分", "记分", "扣分分值", "记分分值"],
        Number,
        false,
    ),
    col(
        "field",
        "领域",
        "所属领域",
        "Regulatory field",
        &[],
        Text,
        false,
    ),
    col(
        "list",
        "名单名称",
        "名单名称",
        "List name",
        &["名单"],
        Text,
        false,
    ),
    col(
        "removed_on",
        "移出日期",
        "移出名单日期",
        "Removed from the list on",
        &[],
        Date,
        false,
    ),
    col(
        "scheme",
        "方案",
        "适用制度",
        "Scheme",
        &["承诺事项", "评价方案", "制度", "承诺制度", "评价制度"],
        Text,
        false,
    ),
    col(
        "status",
        "承诺状态",
        "承诺履行情况",
        "Commitment outcome",
        &["履约状态", "履行情况"],
        Text,
        false,
    ),
    col(
        "level",
        "评价等级",
        "评价等级",
        "Grade",
        &["信用等级", "级别"],
        Text,
        false,
    ),
    col(
        "score",
        "评价分数",
        "评价得分",
        "Score",
        &["得分", "分数"],
        Number,
        false,
    ),
    col(
        "year",
        "评价年度",
        "评价年度",
        "Evaluation year",
        &["年度"],
        Integer,
        false,
    ),
    col("note", "备注", "备注", "Note", &["说明"], Text, false),
];

/// The column a header names: its key, batch name, widget label (Chinese or English), an alias,
/// or a bilingual header such as `主体类型(subject_kind)` as the template writes it. Full-width
/// brackets and spaces are tolerated.
pub fn column(header: &str) -> Option<&'static Column> {
    let h = strip(header);
    let direct = |t: &str| {
        let t = strip(t);
        if t.is_empty() {
            return None;
        }
        COLUMNS.iter().find(|c| {
            c.key.eq_ignore_ascii_case(t)
                || c.zh == t
                || c.label_zh == t
                || c.label_en.eq_ignore_ascii_case(t)
                || c.aliases.iter().any(|a| a.eq_ignore_ascii_case(t))
        })
    };
    direct(h).or_else(|| {
        // `罚款金额（元）`, `日期(date)`: the part outside the brackets, then each part.
        let outside = h.split(['(', '（']).next().unwrap_or(h);
        direct(outside).or_else(|| {
            h.split(['(', ')', '（', '）', ' ', '/'])
                .filter(|t| !t.trim().is_empty())
                .find_map(direct)
        })
    })
}

/// The column with this key.
pub fn column_by_key(key: &str) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.key == key)
}

/// The contract spelling of a value typed in a column (`罚款` → `fine`), or `None` when the
/// column has a closed vocabulary and the cell is not in it. Open columns return the cell.
pub fn value(key: &str, cell: &str) -> Option<String> {
    match table(key) {
        Some(t) => find(t, cell).map(|x| x.value.to_string()),
        None => Some(strip(cell).to_string()),
    }
}

/// The table behind a column with a closed vocabulary.
pub fn table(key: &str) -> Option<&'static [Term]> {
    Some(match key {
        "subject_kind" => SUBJECT_KINDS,
        "industry" => INDUSTRIES,
        "penalty" => PENALTIES,
        "severity" => TIERS,
        "field" => FIELDS,
        "procedure" => PROCEDURES,
        "status" => COMMITMENT_STATUSES,
        "specific_serious" => YES_NO,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use xinyong_model::{CommitmentStatus, Field, Industry, PenaltyKind, Procedure, Tier};

    /// A percent sign is read only in a percent column: the drivers' AA share is one, and so
    /// no number reader names a column to special-case it.
    #[test]
    fn the_drivers_share_is_the_one_percent_column() {
        let percent: Vec<&str> = COLUMNS
            .iter()
            .filter(|c| c.kind == Kind::Percent)
            .map(|c| c.key)
            .collect();
        assert_eq!(percent, ["drivers_aa_share"]);
    }

    /// Each table holds exactly the contract's values, in contract order.
    #[test]
    fn tables_cover_the_contract() {
        let values = |t: &[Term]| t.iter().map(|x| x.value).collect::<Vec<_>>();
        assert_eq!(values(INDUSTRIES), Industry::NAMES);
        assert_eq!(values(PENALTIES), PenaltyKind::NAMES);
        assert_eq!(values(TIERS), Tier::NAMES);
        assert_eq!(values(FIELDS), Field::NAMES);
        assert_eq!(values(PROCEDURES), Procedure::NAMES);
        assert_eq!(values(COMMITMENT_STATUSES), CommitmentStatus::NAMES);
    }

    /// Every label and alias reads back as its own value, and no word names two values of one
    /// table or two columns: one word, one meaning.
    #[test]
    fn every_word_reads_back_and_means_one_thing() {
        for table in [
            SUBJECT_KINDS,
            INDUSTRIES,
            PENALTIES,
            TIERS,
            FIELDS,
            PROCEDURES,
            COMMITMENT_STATUSES,
            YES_NO,
        ] {
            for x in table {
                let words = [x.value, x.zh, x.en]
                    .into_iter()
                    .chain(x.zh.split(" / "))
                    .chain(x.aliases.iter().copied());
                for w in words {
                    let hits: Vec<_> = table
                        .iter()
                        .filter(|y| find(std::slice::from_ref(*y), w).is_some())
                        .map(|y| y.value)
                        .collect();
                    assert_eq!(hits, vec![x.value], "{w:?}");
                }
            }
        }
        for c in COLUMNS {
            for w in [c.key, c.zh, c.label_zh, c.label_en]
                .into_iter()
                .chain(c.aliases.iter().copied())
            {
                assert_eq!(column(w).map(|x| x.key), Some(c.key), "{w:?}");
                let twice: Vec<_> = COLUMNS
                    .iter()
                    .filter(|o| {
                        o.key.eq_ignore_ascii_case(w)
                            || o.zh == w
                            || o.label_zh == w
                            || o.label_en.eq_ignore_ascii_case(w)
                            || o.aliases.iter().any(|a| a.eq_ignore_ascii_case(w))
                    })
                    .map(|o| o.key)
                    .collect();
                assert_eq!(twice, vec![c.key], "{w:?} names two columns");
            }
        }
    }

    #[test]
    fn record_types_read_against_the_catalogue() {
        let pack = crate::pack::builtin("national").unwrap();
        let cat = &pack.rules.catalogue;
        assert_eq!(
            record_type("驾驶员违法违规计分", cat).as_deref(),
            Some("driver_violation")
        );
        assert_eq!(
            record_type("Driver violation points", cat).as_deref(),
            Some("driver_violation")
        );
        assert_eq!(
            record_type("违法计分", cat).as_deref(),
            Some("driver_violation")
        );
        assert_eq!(
            record_type("行政处罚", cat).as_deref(),
            Some("administrative_penalty")
        );
        assert_eq!(record_type("颜色", cat), None);
        for c in cat {
            assert_eq!(record_type(&c.zh, cat).as_deref(), Some(c.kind.as_str()));
        }
    }

    #[test]
    fn penalties_follow_article_9() {
        assert_eq!(
            value("penalty", "责令停产停业").as_deref(),
            Some("business_restriction")
        );
        assert_eq!(
            value("penalty", "暂扣许可证件").as_deref(),
            Some("license_suspension")
        );
        assert_eq!(
            value("penalty", "没收违法所得").as_deref(),
            Some("confiscation")
        );
        assert_eq!(value("severity", "oops"), None);
        assert_eq!(yes_no(" FALSE "), Some(false));
        assert_eq!(yes_no("是"), Some(true));
        assert_eq!(yes_no("也许"), None);
    }

    #[test]
    fn headers_with_brackets_and_units() {
        assert_eq!(column("罚款金额（元）").unwrap().key, "amount");
        assert_eq!(
            column("主体类型(subject_kind)").unwrap().key,
            "subject_kind"
        );
        assert_eq!(column("决定 / 认定日期(date)").unwrap().key, "date");
        assert_eq!(column("  Fulfilled_On ").unwrap().key, "fulfilled_on");
        assert_eq!(column("处罚日期").unwrap().key, "date");
        assert_eq!(column("缴款日期").unwrap().key, "fulfilled_on");
        assert_eq!(column("企业名称").unwrap().key, "subject_name");
        assert!(column("颜色").is_none());
        assert!(column("序号").is_none());
    }
}
