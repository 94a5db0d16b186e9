//! The optional parts of the pack format a generic rule set may leave out, and the one place
//! their defaults are applied (called by `assemble`, for every pack, linted or shipped).
//!
//! A default never makes an answer better than the rules allow (docs/packs/README.md,
//! "Optional parts and their defaults", says why each one is sound):
//!
//! - a regime's `tiers.minor` / `tiers.general`: the period of the next more severe tier the
//!   regime has, flagged assumed (`serious` stays required);
//! - a regime's `default_tier` entries: `serious`, the most severe tier, flagged assumed;
//! - a regime's `channels`: none; reports then name no channel, no expected completion date
//!   and no day a blocking record clears (lint requires channels where a condition is met
//!   at `application`);
//! - a regime's `documents`: none;
//! - the `calendar`: none (weekends only; every report that computes a working-day date with
//!   it carries `calendar.not_covered`).
//!
//! An overlay's regime that replaces a base regime (`overrides = true`) inherits what it leaves
//! out of these from that base regime; only what neither gives takes the default.

use xinyong_model::{PenaltyKind, Tier};

use super::schema::*;
use crate::error::Problems;

/// A default the loader applied to a pack as written: where, and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultUsed {
    pub path: String,
    pub zh: String,
    pub en: String,
}

/// Fills what `file` leaves out, from its base's regime of the same id where it replaces one,
/// else with the documented default; returns every default used.
pub(super) fn apply(file: &mut PackFile, base: Option<&PackFile>) -> Vec<DefaultUsed> {
    let mut used = Vec::new();
    for (i, r) in file.regimes.iter_mut().enumerate() {
        if let Some(b) = base.and_then(|b| b.regimes.iter().find(|x| x.id == r.id)) {
            inherit(r, b);
        }
        regime(r, &format!("regimes[{i}]"), &mut used);
    }
    let timed = file
        .regimes
        .iter()
        .flat_map(|r| &r.channels)
        .any(|c| c.review_working_days > 0 || c.sync_working_days > 0);
    if timed && file.calendar.is_none() && base.is_none_or(|b| b.calendar.is_none()) {
        used.push(DefaultUsed {
            path: "calendar".into(),
            zh: "未设工作日历：预计办结日期只跳过周末，且每份推算了这一日期的报告都带有 calendar.not_covered 提示".into(),
            en: "no working-day calendar: expected completion dates skip weekends only, and every report that computes one carries the calendar.not_covered warning".into(),
        });
    }
    used
}

/// What an overriding regime leaves out of the optional parts, it keeps from the base's.
fn inherit(r: &mut Regime, b: &Regime) {
    for (t, p) in &b.tiers {
        if !r.tiers.contains_key(t) {
            r.tiers.insert(*t, p.clone());
        }
    }
    // The base's basis covers the base's entries: entries the overlay writes need their own.
    if r.default_tier.is_empty() && r.default_tier_basis.trim().is_empty() {
        r.default_tier_basis = b.default_tier_basis.clone();
    }
    for (k, t) in &b.default_tier {
        if !r.default_tier.contains_key(k) {
            r.default_tier.insert(*k, *t);
            if let Some(a) = b.default_tier_assumption.get(k) {
                r.default_tier_assumption.insert(*k, a.clone());
            }
        }
    }
    for (k, t) in &b.record_tier {
        if !r.record_tier.contains_key(k) {
            r.record_tier.insert(k.clone(), *t);
            for (from, to) in [
                (&b.record_tier_basis, &mut r.record_tier_basis),
                (&b.record_tier_assumption, &mut r.record_tier_assumption),
            ] {
                if let Some(x) = from.get(k) {
                    to.insert(k.clone(), x.clone());
                }
            }
        }
    }
    if r.channels.is_empty() {
        r.channels = b.channels.clone();
    }
    if r.documents.is_empty() {
        r.documents = b.documents.clone();
    }
}

fn regime(r: &mut Regime, p: &str, used: &mut Vec<DefaultUsed>) {
    // Mildest last: a missing minor tier takes general's period, itself perhaps from serious.
    for (t, from) in [(Tier::General, Tier::Serious), (Tier::Minor, Tier::General)] {
        if r.tiers.contains_key(&t) {
            continue;
        }
        let Some(src) = r.tiers.get(&from).cloned() else {
            continue; // lint: serious is required
        };
        let zh = format!("规则包未规定 {t} 等级的公示期，按更严重的 {from} 等级的公示期计");
        let en = format!("the pack gives no publicity period for tier {t}: that of the more severe tier {from} applies");
        r.tiers.insert(
            t,
            TierPeriod {
                assumption: Some(format!("{zh} / {en}")),
                ..src
            },
        );
        used.push(DefaultUsed {
            path: format!("{p}.tiers.{t}"),
            zh,
            en,
        });
    }
    let missing: Vec<PenaltyKind> = PenaltyKind::ALL
        .iter()
        .filter(|k| !r.default_tier.contains_key(*k))
        .copied()
        .collect();
    if !missing.is_empty() {
        let (kinds_zh, kinds_en) = if missing.len() == PenaltyKind::ALL.len() {
            ("任何处罚种类".to_string(), "any penalty kind".to_string())
        } else {
            let v: Vec<String> = missing.iter().map(|k| k.to_string()).collect();
            (
                format!("处罚种类 {}", v.join(", ")),
                format!("penalty kinds {}", v.join(", ")),
            )
        };
        let zh = format!("规则包未给出{kinds_zh}的默认等级：未注明严重程度的此类处罚按最严重的 serious 等级计（公示期最长）");
        let en = format!("the pack gives no default tier for {kinds_en}: such a penalty without a severity is taken as serious, the most severe tier (the longest periods)");
        if r.default_tier.is_empty() && r.default_tier_basis.trim().is_empty() {
            r.default_tier_basis = format!("{zh} / {en}");
        }
        for k in missing {
            r.default_tier.insert(k, Tier::Serious);
            r.default_tier_assumption.insert(k, format!("{zh} / {en}"));
        }
        used.push(DefaultUsed {
            path: format!("{p}.default_tier"),
            zh,
            en,
        });
    }
    if r.channels.is_empty() {
        used.push(DefaultUsed {
            path: format!("{p}.channels"),
            zh: "未设受理渠道：报告不给出申请渠道、预计办结日期，也不推算记录何时不再构成障碍".into(),
            en: "no channel: reports name no place to apply, no expected completion date and no day a blocking record clears".into(),
        });
    }
}

/// A "required field is missing" problem of a pack being linted (a portal's own pack, or a
/// shipped pack's source) says what to write, in Chinese and English with an example, for the
/// fields without a sound default. Only on the linting paths: the self-check widget, which
/// reads shipped packs only, does not carry the texts.
pub(super) fn what_to_write(mut problems: Problems) -> Problems {
    for p in &mut problems.0 {
        let field = p.path.rsplit('.').next().unwrap_or_default();
        let missing = p.value.is_none() && p.en == "required field is missing";
        if let Some((zh, en)) = hint(field).filter(|_| missing) {
            p.zh = format!("{}：{zh}", p.zh);
            p.en = format!("{}: {en}", p.en);
        }
    }
    problems
}

fn hint(field: &str) -> Option<(&'static str, &'static str)> {
    Some(match field {
        "window_months" => (
            "请写明评价期月数，例如 window_months = 12（查询日前 12 个月内的记录计入）。此项没有默认值：评价期决定哪些扣分和加分计入，任何默认都可能让等级好于规则所允许的",
            "write the evaluation period in months, e.g. window_months = 12 (records dated within the 12 months up to the check date count). It has no default: the period decides which deductions and bonuses count, so any default could give a better grade than the rules allow",
        ),
        "conditions" => (
            "请至少写一个最短公示期条件，例如 [[regimes.conditions]] id = \"x.min_period\"、check = \"min_period\"、zh、en、basis",
            "write at least the minimum-period condition, e.g. [[regimes.conditions]] with id = \"x.min_period\", check = \"min_period\", zh, en, basis",
        ),
        "published" | "min_months" | "max_months" => (
            "每个公示期都要写全，例如 [regimes.tiers.serious] published = true、min_months = 12、max_months = 36、basis = \"文件及条款\"",
            "write each period in full, e.g. [regimes.tiers.serious] published = true, min_months = 12, max_months = 36, basis = \"document and article\"",
        ),
        "from" => (
            "请写明该版本规则的施行日期，例如 from = 2026-04-01",
            "write the day this regime came into force, e.g. from = 2026-04-01",
        ),
        "kinds" | "industries" => (
            "请列出方案适用的主体类型和行业，例如 kinds = [\"enterprise\"]、industries = [\"road_freight\"]；没有默认值：方案不能给不适用的主体定级",
            "list the subject kinds and industries the scheme applies to, e.g. kinds = [\"enterprise\"], industries = [\"road_freight\"]; there is no default: a scheme must not grade subjects it does not apply to",
        ),
        "basis" => (
            "请写明依据（文件名称及条款），例如 basis = \"《某某办法》第十条\"",
            "write the basis (document and article), e.g. basis = \"Measures X, art. 10\"",
        ),
        _ => return None,
    })
}
