//! Reading and checking one subject file (contract v1 input).
//!
//! Parsing is strict and path-aware; validation then collects every problem it can find
//! (not just the first) so a clerk fixes a file in one go.

use chrono::NaiveDate;
use xinyong_model::{CommitmentStatus, Date, Industry, Input, Record, SubjectKind, Tier};

use crate::error::{from_json_error, Problem, Problems};
use crate::ids;
use crate::json;
use crate::pack::Pack;

/// Largest subject file accepted (bytes). A subject with thousands of records stays far below;
/// anything larger is a mistake (a batch export, a binary) and is refused before parsing.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;
/// Most records one subject may carry.
pub const MAX_RECORDS: usize = 5_000;

/// Parse a contract v1 subject document.
pub fn parse_input(text: &str) -> Result<Input, Problems> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Problems::one(Problem::new(
            "",
            Some(format!("{} bytes", text.len())),
            format!("文件过大（{} 字节），单个主体文件上限为 {} 字节；批量数据请使用 batch 命令", text.len(), MAX_INPUT_BYTES),
            format!(
                "file too large ({} bytes); one subject file may have at most {} bytes (use `batch` for many subjects)",
                text.len(),
                MAX_INPUT_BYTES
            ),
        )));
    }
    let doc = json::parse(text).map_err(|e| Problems::one(syntax_problem(&e)))?;
    let input: Input =
        json::read(&doc).map_err(|e| Problems::one(masking_the_id(typing_problem(e))))?;
    if input.records.len() > MAX_RECORDS {
        return Err(Problems::one(Problem::new(
            "records",
            Some(format!("{} records", input.records.len())),
            format!("记录过多：单个主体最多 {MAX_RECORDS} 条"),
            format!("too many records: at most {MAX_RECORDS} per subject"),
        )));
    }
    Ok(input)
}

/// Read any type that derives `xinyong_json::FromJson` from JSON text with the same
/// path-naming, bilingual errors as the subject input (datasets, API options).
pub fn from_json_str<T: xinyong_json::FromJson>(text: &str) -> Result<T, Problem> {
    let doc = json::parse(text).map_err(|e| syntax_problem(&e))?;
    json::read(&doc).map_err(typing_problem)
}

/// A report (contract v1) from JSON text, e.g. one a worker sent back, with the same
/// path-naming errors. Prefer it to `serde_json::from_str::<Report>` in a browser build: it
/// reuses the engine's reader instead of adding serde's visitors for every report type.
pub fn report_from_json(text: &str) -> Result<xinyong_model::Report, Problem> {
    let doc = json::parse(text).map_err(|e| syntax_problem(&e))?;
    json::read(&doc).map_err(typing_problem)
}

/// A document that is valid JSON but not the expected shape.
pub(crate) fn typing_problem(e: json::Located) -> Problem {
    from_json_error(e)
}

/// A problem with `subject.id` itself (a number instead of a string, say) shows the id masked,
/// as every other output does: the value quotes what was written (`integer \`1101…\``).
fn masking_the_id(mut p: Problem) -> Problem {
    if p.path == "subject.id" {
        p.value = p
            .value
            .map(|v| match (v.find(['`', '"']), v.rfind(['`', '"'])) {
                (Some(a), Some(b)) if a < b => {
                    format!("{}{}{}", &v[..=a], ids::mask(&v[a + 1..b]), &v[b..])
                }
                _ => ids::mask(&v),
            });
    }
    p
}

fn syntax_problem(e: &crate::json_parse::SyntaxError) -> Problem {
    let (line, col) = (e.line(), e.column());
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    Problem::new(
        "",
        None,
        format!("不是有效的 JSON（第 {line} 行第 {col} 列：{msg}）"),
        format!("not valid JSON (line {line}, column {col}: {msg})"),
    )
}

/// The check date: `--as-of`, else the file's `as_of`, else today.
pub fn resolve_as_of(cli: Option<Date>, input: &Input, today: NaiveDate) -> NaiveDate {
    cli.or(input.as_of).map(|d| d.0).unwrap_or(today)
}

/// Every problem with an input against the pack that will judge it.
pub fn validate(input: &Input, pack: &Pack, as_of: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    let s = &input.subject;
    // What people type and paste (spaces, full-width forms, lower case) is read in the
    // standard form; `evaluate` says so in the report.
    let id = &*ids::normalize(&s.id);
    let checked = match s.kind {
        SubjectKind::Enterprise => ids::check_uscc(id),
        SubjectKind::Person => ids::check_citizen_id(id, as_of),
    };
    if let Err(p) = checked {
        // The full id never appears in any output, errors included.
        out.push(Problem::new(
            "subject.id",
            Some(format!("\"{}\"", ids::mask(id))),
            p.zh,
            p.en,
        ));
    }
    match (s.kind, s.industry) {
        (SubjectKind::Person, Some(i)) if i != Industry::Driver => out.push(Problem::new(
            "subject.industry",
            Some(format!("\"{i}\"")),
            "个人主体（从业人员）的行业只能是 driver",
            "a person subject (practitioner) can only have industry \"driver\"",
        )),
        (SubjectKind::Enterprise, Some(Industry::Driver)) => out.push(Problem::new(
            "subject.industry",
            Some("\"driver\"".into()),
            "driver 仅用于个人主体（kind = person）",
            "\"driver\" is for person subjects only (kind = person)",
        )),
        _ => {}
    }
    check_qualified_on(input, as_of, &mut out);
    check_drivers_aa_share(input, &mut out);
    if as_of < pack.meta.effective_from.0 {
        out.push(Problem::new(
            "as_of",
            Some(as_of.to_string()),
            format!(
                "查询日期早于规则包 {} 的生效日期 {}",
                pack.meta.id, pack.meta.effective_from
            ),
            format!(
                "the check date is before pack {} takes effect ({})",
                pack.meta.id, pack.meta.effective_from
            ),
        ));
    }
    check_as_of_in_range(as_of, &mut out);
    let repeated = repeated_ids(&input.records);
    for (i, r) in input.records.iter().enumerate() {
        let at = |f: &str| format!("records[{i}].{f}");
        if r.id.trim().is_empty() {
            out.push(Problem::new(
                at("id"),
                Some("\"\"".into()),
                "记录编号不能为空",
                "record id must not be empty",
            ));
        } else if repeated[i] {
            out.push(Problem::new(
                at("id"),
                Some(format!("\"{}\"", r.id)),
                "记录编号重复，每条记录的 id 必须唯一",
                "duplicate record id; every record needs its own id",
            ));
        }
        if let Some(a) = r.amount {
            if !(a.is_finite() && a >= 0.0) {
                out.push(Problem::new(
                    at("amount"),
                    Some(crate::num::decimal_text(a)),
                    "金额不能为负数",
                    "amount must not be negative",
                ));
            }
        }
        if let Some(p) = r.points {
            if !(p.is_finite() && p >= 0.0) {
                out.push(Problem::new(
                    at("points"),
                    Some(crate::num::decimal_text(p)),
                    "分值不能为负数（填写扣分的绝对值）",
                    "points must not be negative (give the size of the deduction)",
                ));
            }
        }
        if let Some(y) = r.year {
            if !(1990..=2100).contains(&y) {
                out.push(Problem::new(
                    at("year"),
                    Some(y.to_string()),
                    "年份应在 1990–2100 之间",
                    "year must be between 1990 and 2100",
                ));
            }
        }
        let Some(entry) = pack.catalogue_entry(&r.kind) else {
            continue; // outside the catalogue: reported as ignored, not an error
        };
        for f in &entry.requires {
            if !has_field(r, f) {
                out.push(Problem::new(
                    at(f),
                    None,
                    format!("“{}”类记录必须填写 {f}", entry.zh),
                    format!("a record of type {} requires `{f}`", r.kind),
                ));
            }
        }
        if !entry.requires_one_of.is_empty()
            && !entry.requires_one_of.iter().any(|f| has_field(r, f))
        {
            let list = entry.requires_one_of.join(" / ");
            out.push(Problem::new(
                format!("records[{i}]"),
                None,
                format!("“{}”类记录必须至少填写其中之一：{list}", entry.zh),
                format!("a record of type {} requires one of: {list}", r.kind),
            ));
        }
        check_dates(r, as_of, &at, &mut out);
        if let Some(b) = &r.behaviour {
            if pack.behaviour(b).is_none() {
                out.push(Problem::new(
                    at("behaviour"),
                    Some(format!("\"{b}\"")),
                    format!("行为代码不在规则包 {} 的行为表中", pack.meta.id),
                    format!(
                        "behaviour code is not in the behaviour table of pack {}",
                        pack.meta.id
                    ),
                ));
            }
        }
        check_repair_facts(r, &at, &mut out);
        check_level(r, pack, &at, &mut out);
        if r.kind == "commitment"
            && r.status == Some(CommitmentStatus::Kept)
            && r.repaired_on.is_some()
        {
            out.push(Problem::new(
                at("repaired_on"),
                r.repaired_on.map(|d| d.to_string()),
                "已履行的承诺无需修复",
                "a kept commitment has nothing to repair",
            ));
        }
    }
    out
}

/// Facts that cannot be true together and would each make the subject look better: a repair
/// without (or before) performing the penalty, a removal date on something that is not a list
/// entry, a serious-dishonesty list entry that is not serious.
fn check_repair_facts(r: &Record, at: &dyn Fn(&str) -> String, out: &mut Vec<Problem>) {
    let penalty = r.kind == "administrative_penalty";
    if let (true, Some(rep)) = (penalty, r.repaired_on) {
        match r.fulfilled_on {
            None => out.push(Problem::new(
                at("repaired_on"),
                Some(rep.to_string()),
                "填写了修复日期但没有履行完毕日期（fulfilled_on）：纠正失信行为、履行处罚义务是信用修复的前提，请填写履行完毕（如罚款缴清）的日期",
                "a repair date without a fulfilment date (fulfilled_on): performing the penalty is a precondition of repair; give the day it was performed (e.g. the fine paid)",
            )),
            Some(ful) if rep.0 < ful.0 => out.push(Problem::new(
                at("repaired_on"),
                Some(rep.to_string()),
                format!("修复日期早于履行完毕日期 {ful}：应在履行处罚义务之后才能修复"),
                format!("the repair date is before the fulfilment date {ful}: repair comes only after the penalty is performed"),
            )),
            _ => {}
        }
    }
    if r.removed_on.is_some() && r.kind != "serious_dishonesty_list" {
        out.push(Problem::new(
            at("removed_on"),
            r.removed_on.map(|d| d.to_string()),
            format!("移出日期（removed_on）只用于严重失信主体名单记录；“{}”类记录的修复日期请填写 repaired_on", r.kind),
            format!("removed_on is for serious_dishonesty_list entries only; for a record of type {} the repair date goes in repaired_on", r.kind),
        ));
    }
    if r.kind == "serious_dishonesty_list" {
        if let Some(t) = r.severity.filter(|t| *t != Tier::Serious) {
            out.push(Problem::new(
                at("severity"),
                Some(format!("\"{t}\"")),
                "严重失信主体名单信息属于严重失信信息，失信等级只能是 serious（或不填）",
                "a serious-dishonesty list entry is serious information: severity can only be \"serious\" (or absent)",
            ));
        }
    }
    if r.specific_serious == Some(true) {
        if !penalty {
            out.push(Problem::new(
                at("specific_serious"),
                Some("true".into()),
                "特定严重失信行为（527号）只用于行政处罚记录",
                "specific_serious (527号) applies to administrative_penalty records only",
            ));
        } else if let Some(t) = r.severity.filter(|t| *t != Tier::Serious) {
            out.push(Problem::new(
                at("severity"),
                Some(format!("\"{t}\"")),
                "标为特定严重失信行为（specific_serious）的处罚属严重失信，失信等级只能是 serious（或不填）",
                "a penalty marked specific_serious is serious: severity can only be \"serious\" (or absent)",
            ));
        }
    }
    if r.procedure.is_some() && !penalty {
        out.push(Problem::new(
            at("procedure"),
            r.procedure.map(|p| format!("\"{p}\"")),
            "处罚程序（procedure）只用于行政处罚记录",
            "procedure applies to administrative_penalty records only",
        ));
    }
}

/// `subject.qualified_on` (drivers' first qualification certificate) is a person's, and a past
/// day.
fn check_qualified_on(input: &Input, as_of: NaiveDate, out: &mut Vec<Problem>) {
    let s = &input.subject;
    let Some(q) = s.qualified_on else { return };
    if s.kind != SubjectKind::Person {
        out.push(Problem::new(
            "subject.qualified_on",
            Some(q.to_string()),
            "从业资格证初次领取日期只适用于个人主体（驾驶员，kind = person）；企业请删除该字段",
            "the first issue of a qualification certificate applies to person subjects (drivers, kind = person) only; remove it for an enterprise",
        ));
    } else if q.0 > as_of {
        out.push(Problem::new(
            "subject.qualified_on",
            Some(q.to_string()),
            format!("从业资格证初次领取日期晚于查询日期 {as_of}"),
            format!("the certificate's first issue is after the check date {as_of}"),
        ));
    }
}

/// `subject.drivers_aa_share` is an enterprise's percentage of drivers graded AA or above: a
/// number from 0 to 100.
fn check_drivers_aa_share(input: &Input, out: &mut Vec<Problem>) {
    let s = &input.subject;
    let Some(v) = s.drivers_aa_share else { return };
    let shown = Some(crate::num::decimal_text(v));
    if s.kind != SubjectKind::Enterprise {
        out.push(Problem::new(
            "subject.drivers_aa_share",
            shown,
            "驾驶员AA级及以上占比只适用于企业主体（出租汽车、网约车企业，kind = enterprise）；个人请删除该字段",
            "the share of drivers graded AA or above applies to enterprise subjects (taxi and ride-hailing, kind = enterprise) only; remove it for a person",
        ));
    } else if !(0.0..=100.0).contains(&v) {
        out.push(Problem::new(
            "subject.drivers_aa_share",
            shown,
            "驾驶员AA级及以上占比应为 0 到 100 之间的百分数（如 90 表示 90%）",
            "the share of drivers graded AA or above must be a percentage from 0 to 100 (e.g. 90 for 90%)",
        ));
    }
}

/// An official result's level must be one the scheme has (a typo such as `AAA` for a five-level
/// AA–D scheme would otherwise pass as an unknown, possibly better, grade).
fn check_level(r: &Record, pack: &Pack, at: &dyn Fn(&str) -> String, out: &mut Vec<Problem>) {
    if r.kind != "evaluation_result" {
        return;
    }
    let (Some(level), Some(scheme)) = (r.level.as_deref(), r.scheme.as_deref()) else {
        return;
    };
    // A scheme the pack does not have is reported as ignored, not an error.
    let Some(g) = pack.grade_scheme(scheme) else {
        return;
    };
    let mut levels: Vec<&str> = Vec::new();
    for b in &g.bands {
        if !levels.contains(&b.level.as_str()) {
            levels.push(&b.level);
        }
    }
    if !levels.contains(&level) {
        let list = levels.join(", ");
        out.push(Problem::new(
            at("level"),
            Some(format!("\"{level}\"")),
            format!(
                "评价方案“{scheme}”（{}）没有这个等级；应为其中之一：{list}",
                g.zh
            ),
            format!(
                "grade scheme \"{scheme}\" ({}) has no such level; expected one of: {list}",
                g.en
            ),
        ));
    }
}

/// Up to this many records, `repeated_ids` compares pairs (at most 120 comparisons) instead of
/// sorting (an implementation threshold, not a rule).
const FEW_RECORDS: usize = 16;

/// For each record, whether an earlier record carries the same (non-blank) id. Sorted rather
/// than hashed: a hash set is the only hashing the browser module would otherwise carry.
fn repeated_ids(records: &[Record]) -> Vec<bool> {
    // A subject's few records: compare each with the ones before it, no sorting and no
    // allocation but the answer (the same answer as below).
    if records.len() <= FEW_RECORDS {
        return repeated_ids_pairwise(records);
    }
    repeated_ids_sorted(records)
}

fn repeated_ids_pairwise(records: &[Record]) -> Vec<bool> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| !r.id.trim().is_empty() && records[..i].iter().any(|e| e.id == r.id))
        .collect()
}

fn repeated_ids_sorted(records: &[Record]) -> Vec<bool> {
    let mut ids: Vec<(&str, usize)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.id.trim().is_empty())
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    // Stable: among equal ids the first record stays first.
    crate::sort::sort_by(&mut ids, |a, b| a.0.cmp(b.0));
    let mut repeated = vec![false; records.len()];
    for w in ids.windows(2) {
        if w[0].0 == w[1].0 {
            repeated[w[1].1] = true;
        }
    }
    repeated
}

/// The last check date the engine answers for: packs date their rules and calendars no later than
/// `bounds::YEARS` (2100), so a later check date would be judged by rules nobody wrote and its
/// computed dates (publicity ends, repair dates) clamped at 9999-12-31 — a confident wrong answer.
fn last_check_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(crate::pack::bounds::YEARS.hi as i32, 12, 31).unwrap_or(NaiveDate::MAX)
}

fn check_as_of_in_range(as_of: NaiveDate, out: &mut Vec<Problem>) {
    let last = last_check_date();
    if as_of > last {
        out.push(Problem::new(
            "as_of",
            Some(as_of.to_string()),
            format!("查询日期超出支持的范围：最晚为 {last}（规则包的规则和日历都不晚于这一年）"),
            format!("the check date is out of range: at most {last} (no pack dates its rules or calendar later)"),
        ));
    }
}

fn check_dates(r: &Record, as_of: NaiveDate, at: &dyn Fn(&str) -> String, out: &mut Vec<Problem>) {
    let Some(date) = r.date else { return };
    if date.0 > as_of {
        out.push(Problem::new(
            at("date"),
            Some(date.to_string()),
            format!("记录日期晚于查询日期 {as_of}"),
            format!("record is dated after the check date {as_of}"),
        ));
    }
    for (name, v) in [
        ("fulfilled_on", r.fulfilled_on),
        ("repaired_on", r.repaired_on),
        ("removed_on", r.removed_on),
    ] {
        let Some(v) = v else { continue };
        if v.0 < date.0 {
            out.push(Problem::new(
                at(name),
                Some(v.to_string()),
                format!("{name} 早于记录日期 {date}"),
                format!("{name} is before the record date {date}"),
            ));
        } else if v.0 > as_of {
            out.push(Problem::new(
                at(name),
                Some(v.to_string()),
                format!("{name} 晚于查询日期 {as_of}"),
                format!("{name} is after the check date {as_of}"),
            ));
        }
    }
}

/// Field names a catalogue entry may require.
pub const RECORD_FIELDS: &[&str] = &[
    "date",
    "penalty",
    "severity",
    "amount",
    "authority",
    "fulfilled_on",
    "repaired_on",
    "behaviour",
    "points",
    "field",
    "list",
    "removed_on",
    "scheme",
    "status",
    "level",
    "score",
    "year",
    "note",
    "procedure",
    "specific_serious",
];

fn has_field(r: &Record, f: &str) -> bool {
    match f {
        "date" => r.date.is_some(),
        "penalty" => r.penalty.is_some(),
        "severity" => r.severity.is_some(),
        "amount" => r.amount.is_some(),
        "authority" => r.authority.as_deref().is_some_and(|s| !s.trim().is_empty()),
        "fulfilled_on" => r.fulfilled_on.is_some(),
        "repaired_on" => r.repaired_on.is_some(),
        "behaviour" => r.behaviour.is_some(),
        "points" => r.points.is_some(),
        "field" => r.field.is_some(),
        "list" => r.list.as_deref().is_some_and(|s| !s.trim().is_empty()),
        "removed_on" => r.removed_on.is_some(),
        "scheme" => r.scheme.as_deref().is_some_and(|s| !s.trim().is_empty()),
        "status" => r.status.is_some(),
        "level" => r.level.is_some(),
        "score" => r.score.is_some(),
        "year" => r.year.is_some(),
        "note" => r.note.is_some(),
        "procedure" => r.procedure.is_some(),
        "specific_serious" => r.specific_serious.is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod repeated_ids_tests {
    use super::*;

    /// The pairwise comparison (a subject's few records) and the sort (many) agree on every
    /// list of up to 20 ids drawn from a small set with blanks, so repeats are frequent.
    #[test]
    fn pairwise_and_sorted_agree() {
        let pool = ["p1", "p2", "c1", "", " ", "p1 ", "l1"];
        let mut seed = 0x2545_f491_u32;
        for len in 0..=20 {
            for _ in 0..200 {
                let records: Vec<Record> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 17;
                        seed ^= seed << 5;
                        Record {
                            id: pool[seed as usize % pool.len()].to_string(),
                            ..Record::default()
                        }
                    })
                    .collect();
                assert_eq!(
                    repeated_ids_pairwise(&records),
                    repeated_ids_sorted(&records),
                    "{:?}",
                    records.iter().map(|r| &r.id).collect::<Vec<_>>()
                );
            }
        }
    }
}
