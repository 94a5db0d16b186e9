//! The documented column layout of a batch file, with Chinese and English headers, and the
//! Chinese spellings of contract values a clerk may type (罚款 for `fine`, 企业 for `enterprise`).

/// What a column holds, once its header is recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Integer,
    Date,
    /// Several values separated by `;`, `；`, `、` or `,` (penalty kinds of one decision).
    List,
    /// 是 / 否 (yes / no, true / false, 1 / 0).
    Bool,
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// Contract field name (and the English header).
    pub key: &'static str,
    pub zh: &'static str,
    /// Other accepted headers.
    pub aliases: &'static [&'static str],
    pub kind: Kind,
    /// Describes the subject (repeated on every row of that subject), not a record.
    pub subject: bool,
    pub help_zh: &'static str,
}

const fn col(
    key: &'static str,
    zh: &'static str,
    aliases: &'static [&'static str],
    kind: Kind,
    subject: bool,
    help_zh: &'static str,
) -> Column {
    Column {
        key,
        zh,
        aliases,
        kind,
        subject,
        help_zh,
    }
}

/// Every column, in template order.
pub const COLUMNS: &[Column] = &[
    col(
        "subject_kind",
        "主体类型",
        &["kind", "主体种类"],
        Kind::Text,
        true,
        "企业 / 个人（enterprise / person）",
    ),
    col(
        "subject_id",
        "证件号码",
        &["统一社会信用代码", "身份证号码", "身份证号", "id"],
        Kind::Text,
        true,
        "统一社会信用代码或身份证号码（请以文本格式填写）",
    ),
    col(
        "subject_name",
        "主体名称",
        &["名称", "姓名", "name"],
        Kind::Text,
        true,
        "企业名称或姓名",
    ),
    col(
        "industry",
        "行业",
        &["行业类别"],
        Kind::Text,
        true,
        "如 road_freight、道路货运",
    ),
    col(
        "region",
        "规则包",
        &["地区", "pack"],
        Kind::Text,
        true,
        "如 jiangsu-lianyungang；空白为 national",
    ),
    col(
        "as_of",
        "查询日期",
        &["评价日期"],
        Kind::Date,
        true,
        "YYYY-MM-DD；空白为命令行 --as-of 或今天",
    ),
    col(
        "qualified_on",
        "从业资格证初次领取日期",
        &["初次领证日期", "从业资格证初领日期"],
        Kind::Date,
        true,
        "驾驶员（个人）填写，YYYY-MM-DD：考核周期自该日起每12个月一个；企业留空",
    ),
    col(
        "drivers_aa_share",
        "驾驶员AA级及以上占比",
        &["驾驶员AA级以上占比"],
        Kind::Number,
        true,
        "出租汽车、网约车企业填写：本考核周期驾驶员服务质量信誉考核AA级及以上的百分比，填 0–100 的数字（如 90 或 90%；单元格不要设为百分比格式）；不填时等级至多为AA级",
    ),
    col(
        "record_id",
        "记录编号",
        &["编号"],
        Kind::Text,
        false,
        "空白时自动编为 R+行号",
    ),
    col(
        "record_type",
        "记录类型",
        &["type", "类型"],
        Kind::Text,
        false,
        "如 行政处罚、严重失信主体名单、信用承诺；无记录的主体留空",
    ),
    col(
        "date",
        "日期",
        &["决定日期", "认定日期"],
        Kind::Date,
        false,
        "处罚决定、列入名单或作出承诺的日期",
    ),
    col(
        "penalty",
        "处罚种类",
        &[],
        Kind::List,
        false,
        "如 罚款；多种用；分隔",
    ),
    col(
        "severity",
        "失信等级",
        &["等级程度"],
        Kind::Text,
        false,
        "轻微 / 一般 / 严重（可空）",
    ),
    col("amount", "金额", &["罚款金额"], Kind::Number, false, "元"),
    col(
        "procedure",
        "处罚程序",
        &["程序"],
        Kind::Text,
        false,
        "简易程序 / 普通程序（simplified / general）：简易程序为当场作出的警告或小额罚款（个人≤200元、单位≤3000元，行政处罚法第五十一条）；不清楚留空",
    ),
    col(
        "specific_serious",
        "特定严重失信",
        &["特定严重失信行为", "特定严重失信行为（527号）"],
        Kind::Bool,
        false,
        "是 / 否：决定机关认定为特定严重失信行为（发改办财金〔2019〕527号）的处罚填“是”",
    ),
    col(
        "authority",
        "作出机关",
        &["机关", "处罚机关"],
        Kind::Text,
        false,
        "",
    ),
    col(
        "fulfilled_on",
        "履行日期",
        &["履行完毕日期"],
        Kind::Date,
        false,
        "义务履行完毕的日期",
    ),
    col(
        "repaired_on",
        "修复日期",
        &[],
        Kind::Date,
        false,
        "信用修复完成的日期",
    ),
    col(
        "behaviour",
        "行为代码",
        &[],
        Kind::Text,
        false,
        "规则包行为表中的代码",
    ),
    col("points", "分值", &["扣分", "记分"], Kind::Number, false, ""),
    col(
        "field",
        "领域",
        &[],
        Kind::Text,
        false,
        "general / safety_production / fire_safety / special_equipment",
    ),
    col("list", "名单名称", &["名单"], Kind::Text, false, ""),
    col(
        "removed_on",
        "移出日期",
        &["移出名单日期"],
        Kind::Date,
        false,
        "",
    ),
    col(
        "scheme",
        "方案",
        &["承诺事项", "评价方案"],
        Kind::Text,
        false,
        "承诺或评价方案的编号",
    ),
    col(
        "status",
        "承诺状态",
        &["履约状态"],
        Kind::Text,
        false,
        "已履行 / 未履行 / 虚假承诺（kept / broken / false）",
    ),
    col("level", "评价等级", &[], Kind::Text, false, ""),
    col("score", "评价分数", &[], Kind::Number, false, ""),
    col("year", "评价年度", &["年度"], Kind::Integer, false, ""),
    col("note", "备注", &[], Kind::Text, false, ""),
];

/// Find the column a header names: its key, its Chinese name, an alias, or a bilingual header
/// such as `主体类型(subject_kind)` as the template writes it.
pub fn by_header(header: &str) -> Option<&'static Column> {
    let h = header.trim().trim_start_matches('\u{feff}');
    let direct = |t: &str| {
        let t = t.trim();
        COLUMNS.iter().find(|c| {
            c.key.eq_ignore_ascii_case(t)
                || c.zh == t
                || c.aliases.iter().any(|a| a.eq_ignore_ascii_case(t))
        })
    };
    direct(h).or_else(|| {
        h.split(['(', ')', '（', '）', ' ', '/'])
            .filter(|t| !t.trim().is_empty())
            .find_map(direct)
    })
}

/// The header the template writes: Chinese with the English key in brackets.
pub fn template_header(c: &Column) -> String {
    format!("{}({})", c.zh, c.key)
}

/// Contract spelling for a value a clerk may have typed in Chinese; unknown text passes through
/// unchanged, so the engine's own validation names it and lists the allowed values.
pub fn normalise(key: &str, v: &str) -> String {
    let v = v.trim();
    let table: &[(&str, &str)] = match key {
        "subject_kind" => &[
            ("企业", "enterprise"),
            ("法人", "enterprise"),
            ("个人", "person"),
            ("从业人员", "person"),
            ("驾驶员", "person"),
        ],
        "record_type" => &[
            ("行政处罚", "administrative_penalty"),
            ("行政许可", "administrative_license"),
            ("严重失信主体名单", "serious_dishonesty_list"),
            ("失信名单", "serious_dishonesty_list"),
            ("信用承诺", "commitment"),
            ("承诺", "commitment"),
            ("信用评价结果", "evaluation_result"),
            ("评价结果", "evaluation_result"),
            ("信用评价扣分", "evaluation_deduction"),
            ("评价扣分", "evaluation_deduction"),
            ("驾驶员违法计分", "driver_violation"),
            ("违法计分", "driver_violation"),
            ("表彰奖励", "commendation"),
            ("约谈", "interview"),
        ],
        "penalty" => &[
            ("警告", "warning"),
            ("通报批评", "circulated_criticism"),
            ("罚款", "fine"),
            ("没收", "confiscation"),
            ("没收违法所得", "confiscation"),
            ("暂扣许可证件", "license_suspension"),
            ("暂扣", "license_suspension"),
            ("吊销许可证件", "license_revocation"),
            ("吊销", "license_revocation"),
            ("降低资质等级", "qualification_downgrade"),
            ("限制开展生产经营活动", "business_restriction"),
            ("责令停产停业", "business_restriction"),
            ("行政拘留", "detention"),
            ("其他", "other"),
        ],
        "severity" => &[("轻微", "minor"), ("一般", "general"), ("严重", "serious")],
        "procedure" => &[
            ("简易程序", "simplified"),
            ("简易", "simplified"),
            ("当场处罚", "simplified"),
            ("普通程序", "general"),
            ("普通", "general"),
            ("一般程序", "general"),
        ],
        "status" => &[
            ("已履行", "kept"),
            ("履行", "kept"),
            ("未履行", "broken"),
            ("违反承诺", "broken"),
            ("虚假承诺", "false"),
            ("虚假", "false"),
        ],
        "field" => &[
            ("一般", "general"),
            ("安全生产", "safety_production"),
            ("消防", "fire_safety"),
            ("特种设备", "special_equipment"),
        ],
        "industry" => &[
            ("道路旅客运输", "road_passenger"),
            ("道路客运", "road_passenger"),
            ("道路货物运输", "road_freight"),
            ("道路货运", "road_freight"),
            ("危险货物运输", "dangerous_goods"),
            ("危货运输", "dangerous_goods"),
            ("出租汽车", "taxi"),
            ("网约车", "ride_hailing"),
            ("公交", "bus"),
            ("城市公交", "bus"),
            ("机动车维修", "vehicle_repair"),
            ("驾驶员培训", "driving_school"),
            ("驾校", "driving_school"),
            ("水路运输", "waterway_transport"),
            ("公路施工", "highway_construction"),
            ("水运工程", "waterway_construction"),
            ("公路养护", "highway_maintenance"),
            ("船闸", "ship_lock"),
            ("船舶过闸", "ship_lock"),
            ("地方铁路", "local_railway"),
            ("驾驶员", "driver"),
        ],
        _ => &[],
    };
    table
        .iter()
        .find(|(zh, _)| *zh == v)
        .map(|(_, en)| en.to_string())
        .unwrap_or_else(|| v.to_string())
}

/// A yes/no cell as a clerk types it (是/否, yes/no, true/false, 1/0, Excel's TRUE/FALSE).
pub fn yes_no(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "是" | "yes" | "y" | "true" | "1" => Some(true),
        "否" | "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_both_languages() {
        assert_eq!(by_header("subject_id").unwrap().key, "subject_id");
        assert_eq!(by_header("统一社会信用代码").unwrap().key, "subject_id");
        assert_eq!(
            by_header("主体类型(subject_kind)").unwrap().key,
            "subject_kind"
        );
        assert_eq!(by_header("  Fulfilled_On ").unwrap().key, "fulfilled_on");
        assert!(by_header("颜色").is_none());
    }

    #[test]
    fn every_template_header_parses_back() {
        for c in COLUMNS {
            assert_eq!(by_header(&template_header(c)).unwrap().key, c.key);
        }
    }

    #[test]
    fn chinese_values() {
        assert_eq!(normalise("penalty", "罚款"), "fine");
        assert_eq!(normalise("subject_kind", "企业"), "enterprise");
        assert_eq!(normalise("severity", "oops"), "oops");
        assert_eq!(normalise("procedure", "简易程序"), "simplified");
        assert_eq!(normalise("procedure", "普通程序"), "general");
        assert_eq!(yes_no("是"), Some(true));
        assert_eq!(yes_no(" FALSE "), Some(false));
        assert_eq!(yes_no("也许"), None);
    }
}
