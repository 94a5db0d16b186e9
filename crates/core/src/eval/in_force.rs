//! The grade in force (适用等级): the level supervision, measures and commitment exclusions
//! read. A computed projection is not a grade anyone has been given; what a bureau acts on is
//! the official result for the current cycle, or, for a subject never evaluated, the default
//! the scheme's rules give. Where neither exists, the projection is used and flagged.
//!
//! Every choice here leans conservative: a record that the rules say lowers the grade at once
//! (direct-to-lowest) outranks an older official result, and without a pack rule on how long
//! a result lasts, the worse of official and computed is used.

use chrono::NaiveDate;
use xinyong_model::{Date, Grade, GradeSource, InForce, Str};

use super::test::eval_subject;
use super::Cx;
use crate::dates::period_end;
use crate::pack::{Band, GradeScheme};

/// Rank of a level among the scheme's levels (best first); a level the scheme does not have
/// ranks below every level, so it never looks better than a real one.
fn rank(g: &GradeScheme, level: &str) -> usize {
    super::grade::level_rank(g, level).unwrap_or_else(|| super::grade::levels(g).len())
}

fn band<'a>(g: &'a GradeScheme, level: &str) -> Option<&'a Band> {
    g.bands.iter().find(|b| b.level == level)
}

struct Pick {
    level: Str,
    source: GradeSource,
    rule: Str,
    basis: Str,
    record_id: Option<String>,
    until: Option<NaiveDate>,
    zh: String,
    en: String,
    assumed: bool,
}

fn computed(grade: &Grade, zh: String, en: String) -> Pick {
    Pick {
        level: grade.level.clone(),
        source: GradeSource::Computed,
        rule: grade.rule.clone(),
        basis: grade.basis.clone(),
        record_id: None,
        until: None,
        zh,
        en,
        assumed: true,
    }
}

/// Decide the grade in force for `grade`, the projection of scheme `g`.
pub(crate) fn decide(g: &GradeScheme, grade: &Grade, cx: &Cx) -> InForce {
    let pick = choose(g, grade, cx);
    let b = band(g, &pick.level);
    InForce {
        level_zh: b.map(|b| b.zh.clone()).unwrap_or_default(),
        standing: b.map(|b| b.standing.shared()).unwrap_or_default(),
        level: pick.level,
        source: pick.source,
        rule: pick.rule,
        basis: pick.basis,
        record_id: pick.record_id,
        until: pick.until.map(Date),
        zh: pick.zh,
        en: pick.en,
        assumed: pick.assumed,
        level_en: b.and_then(|b| b.en.clone()).unwrap_or_default(),
    }
}

fn choose(g: &GradeScheme, grade: &Grade, cx: &Cx) -> Pick {
    let date_of = |id: &str| {
        cx.facts
            .iter()
            .find(|f| f.rec.id == id)
            .and_then(|f| f.rec.date)
            .map(|d| d.0)
    };
    // Direct-to-lowest triggers fire on the day of their record, not at the next cycle.
    let lowest_since: Option<NaiveDate> = grade
        .items
        .iter()
        .filter(|i| g.direct_lowest.iter().any(|d| d.id == i.rule))
        .filter_map(|i| i.record_id.as_deref().and_then(date_of))
        .min();
    let rule = g.in_force.as_ref();

    let Some(official) = &grade.official else {
        // Never evaluated under this scheme.
        if let (Some(r), Some(level)) = (rule, rule.and_then(|r| r.default_level.as_ref())) {
            let barred = r
                .default_unless
                .as_ref()
                .is_some_and(|t| eval_subject(t, cx).holds);
            if !barred && rank(g, level) >= rank(g, &grade.level) {
                // The default is no better than what the records give: it stands.
                return Pick {
                    level: level.clone(),
                    source: GradeSource::Default,
                    rule: r.id.clone(),
                    basis: r.default_basis.clone().unwrap_or_else(|| g.basis.clone()),
                    record_id: None,
                    until: None,
                    zh: format!("尚无正式评价结果且无不良信用记录，按{level}级对待；正式评价后以评价结果为准"),
                    en: format!("Not evaluated yet and no bad credit record: treated as grade {level} until an official result is published"),
                    assumed: r.assumption.is_some(),
                };
            }
            if !barred {
                return computed(
                    grade,
                    format!("尚无正式评价结果；按记录推算的等级低于默认的{level}级，按推算等级对待（保守），以评价机关的正式结果为准"),
                    format!("Not evaluated yet; the records project a grade below the default {level}, so the projection is used (conservative); the official result decides"),
                );
            }
            if let Some(cap) = &r.barred_level {
                if rank(g, cap) >= rank(g, &grade.level) {
                    return Pick {
                        level: cap.clone(),
                        source: GradeSource::Default,
                        rule: r.id.clone(),
                        basis: r.default_basis.clone().unwrap_or_else(|| g.basis.clone()),
                        record_id: None,
                        until: None,
                        zh: format!("尚无正式评价结果且有不良信用记录：不能按{level}级对待，视情节按{cap}级及以下对待（此处取{cap}级），以评价机关的正式结果为准"),
                        en: format!("Not evaluated yet and a bad credit record exists: not treated as {level} but as {cap} or lower depending on its gravity ({cap} here); the official result decides"),
                        assumed: true,
                    };
                }
            }
            return computed(
                grade,
                format!("尚无正式评价结果；有不良信用记录，不能按默认的{level}级对待，按记录推算（假定），以评价机关的正式结果为准"),
                format!("Not evaluated yet; a bad credit record bars the default grade {level}, so the grade projected from the records is used (assumed); the official result decides"),
            );
        }
        return computed(
            grade,
            "尚无正式评价结果：等级按所填记录推算（假定），以评价机关公布的结果为准；请核对是否已有正式评价结果".to_string(),
            "No official result: the grade is projected from the records entered (assumed); the result the authority publishes decides. Check whether an official result exists".to_string(),
        );
    };

    let level = Str::from(&official.level);
    let on = date_of(&official.record_id);
    let Some(r) = rule else {
        // The pack does not say how long a result lasts: take the worse of the two.
        if rank(g, &grade.level) > rank(g, &level) {
            return computed(
                grade,
                format!("规则包未规定正式评价结果（{level}级）的有效期；按记录推算的等级更低，按推算等级对待（保守）"),
                format!("The pack does not say how long the official result ({level}) stays in force; the records project a lower grade, which is used (conservative)"),
            );
        }
        return Pick {
            level: level.clone(),
            source: GradeSource::Official,
            rule: g.id.clone(),
            basis: g.basis.clone(),
            record_id: Some(official.record_id.clone()),
            until: None,
            zh: format!("正式评价结果为{level}级；规则包未规定其有效期，请核对该结果是否为本周期结果"),
            en: format!("Official result {level}; the pack does not say how long it stays in force: check that it is the current cycle's"),
            assumed: true,
        };
    };
    let until = on.map(|d| period_end(d, r.official_months));
    let current = until.is_some_and(|u| cx.as_of <= u);
    if !current {
        return computed(
            grade,
            format!("最近一次正式评价结果（{level}级）已超过有效期：等级按记录推算（假定），请核对本周期的评价结果"),
            format!("The latest official result ({level}) is no longer in force: the grade is projected from the records (assumed); check this cycle's result"),
        );
    }
    if let (Some(low), Some(on)) = (lowest_since, on) {
        if low >= on && rank(g, &grade.level) > rank(g, &level) {
            return computed(
                grade,
                format!("正式评价结果为{level}级，但其后有直接降为最低等级的记录：按最低等级对待（保守），以评价机关的动态调整为准"),
                format!("Official result {level}, but a later record lowers the grade directly to the lowest: treated as the lowest (conservative); the authority's dynamic adjustment decides"),
            );
        }
    }
    let (zh, en) = if rank(g, &grade.level) > rank(g, &level) {
        (
            format!("正式评价结果为{level}级，在有效期内；按所填记录推算的等级（{}）更低，下一周期可能下调", grade.level),
            format!("Official result {level}, in force; the records entered project a lower grade ({}), which the next cycle may bring", grade.level),
        )
    } else {
        (
            format!("正式评价结果为{level}级，在有效期内"),
            format!("Official result {level}, in force"),
        )
    };
    Pick {
        level,
        source: GradeSource::Official,
        rule: r.id.clone(),
        basis: r.official_basis.clone(),
        record_id: Some(official.record_id.clone()),
        until,
        zh,
        en,
        assumed: r.assumption.is_some(),
    }
}
