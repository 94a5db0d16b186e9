//! The batch layout: the columns of `xinyong_core::vocab` (one table for the widget, the batch
//! reader and the exports), the template's help text, and value spellings.

use xinyong_core::vocab;
pub use xinyong_core::vocab::{Column, Kind, COLUMNS};

/// Find the column a header names (see `xinyong_core::vocab::column`).
pub fn by_header(header: &str) -> Option<&'static Column> {
    vocab::column(header)
}

/// The header the template writes: Chinese with the English key in brackets.
pub fn template_header(c: &Column) -> String {
    format!("{}({})", c.zh, c.key)
}

/// The template's help text for a column.
pub fn help_zh(key: &str) -> &'static str {
    match key {
        "subject_kind" => "企业 / 个人（enterprise / person）",
        "subject_id" => "统一社会信用代码或身份证号码（请以文本格式填写）",
        "subject_name" => "企业名称或姓名",
        "industry" => "如 road_freight、道路货运",
        "region" => "如 jiangsu-lianyungang；空白为 national",
        "as_of" => "YYYY-MM-DD；空白为命令行 --as-of 或今天",
        "qualified_on" => "驾驶员（个人）填写，YYYY-MM-DD：考核周期自该日起每12个月一个；企业留空",
        "drivers_aa_share" => "出租汽车、网约车企业填写：本考核周期驾驶员服务质量信誉考核AA级及以上的百分比，填 0–100 的数字（如 90 或 90%；单元格不要设为百分比格式）；不填时等级至多为AA级",
        "record_id" => "空白时自动编为 R+行号",
        "record_type" => "如 行政处罚、严重失信主体名单、信用承诺；无记录的主体留空",
        "date" => "处罚决定、列入名单或作出承诺的日期",
        "penalty" => "如 罚款；多种用；分隔",
        "severity" => "轻微 / 一般 / 严重（可空）",
        "amount" => "元",
        "procedure" => "简易程序 / 普通程序（simplified / general）：简易程序为当场作出的警告或小额罚款（个人≤200元、单位≤3000元，行政处罚法第五十一条）；不清楚留空",
        "specific_serious" => "是 / 否：决定机关认定为特定严重失信行为（发改办财金〔2019〕527号）的处罚填“是”",
        "authority" => "",
        "fulfilled_on" => "义务履行完毕的日期",
        "repaired_on" => "信用修复完成的日期",
        "behaviour" => "规则包行为表中的代码",
        "points" => "",
        "field" => "general / safety_production / fire_safety / special_equipment",
        "list" => "",
        "removed_on" => "",
        "scheme" => "承诺或评价方案的编号",
        "status" => "已履行 / 未履行 / 虚假承诺（kept / broken / false）",
        "level" => "",
        "score" => "",
        "year" => "",
        "note" => "",
        _ => "",
    }
}

/// Contract spelling for a value a clerk may have typed in Chinese; unknown text passes through
/// unchanged, so the engine's own validation names it and lists the allowed values. Record types
/// are read against the subject's pack later (`screen`), where the catalogue is known.
pub fn normalise(key: &str, v: &str) -> String {
    vocab::value(key, v).unwrap_or_else(|| v.trim().to_string())
}

/// A yes/no cell as a clerk types it (是/否, yes/no, true/false, 1/0, Excel's TRUE/FALSE).
pub fn yes_no(v: &str) -> Option<bool> {
    vocab::yes_no(v)
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
    fn every_template_header_parses_back_and_has_help() {
        for c in COLUMNS {
            assert_eq!(by_header(&template_header(c)).unwrap().key, c.key);
        }
        assert!(!help_zh("subject_id").is_empty());
    }

    #[test]
    fn chinese_values() {
        assert_eq!(normalise("penalty", "罚款"), "fine");
        assert_eq!(normalise("subject_kind", "企业"), "enterprise");
        assert_eq!(normalise("severity", "oops"), "oops");
        assert_eq!(normalise("procedure", "简易程序"), "simplified");
        assert_eq!(normalise("procedure", "普通程序"), "general");
        assert_eq!(normalise("industry", "道路货物运输"), "road_freight");
        assert_eq!(yes_no("是"), Some(true));
        assert_eq!(yes_no(" FALSE "), Some(false));
        assert_eq!(yes_no("也许"), None);
    }
}
