//! What a pack may not loosen of the rules beneath it without naming its authority.
//!
//! A portal's pack (or a regional overlay) may tighten its base's rules and add its own. An
//! overlay that unpublished every tier or declared `administrative_penalty` non-adverse made
//! every subject come out grade A and eligible everywhere, so the lint compares the rules a pack
//! evaluates with (merged) against its reference — the base pack it overlays, which holds the
//! national rules in force plus its region's; for a pack without a base, the built-in
//! `national` pack — and refuses each way they are looser:
//!
//! - an adverse record type of the reference is missing or no longer adverse (catalogue);
//! - on any day a regime starts, the regime in force publishes less (a tier unpublished,
//!   a penalty kind added to `unpublished`), for shorter (`min_months` / `max_months`, a
//!   field's `field_min`), derives a lower default tier (`default_tier`, `record_tier`), or
//!   drops an unrepairable case (`exclusions`) or a `min_period` / `obligations` condition;
//! - a commitment scheme of the reference (国办发〔2020〕42号 告知承诺 and the rest) lost one
//!   of its exclusions;
//! - a behaviour code scores fewer points, a lower tier, or for another grade scheme.
//!
//! …unless the rule doing it carries `loosens_national = "<regional document, article>"`.
//! Reports made with such a pack then warn, rule by rule (see `eval`). A `loosens_national` on
//! a rule that loosens nothing is refused too, so every warning is true.

use chrono::NaiveDate;

use super::schema::*;
use crate::error::Problem;

/// How to fix a refused loosening, appended to every message.
const HINT_ZH: &str =
    "如有地方文件允许放宽，请在该规则上写明 loosens_national = \"<文件名称及条款>\"";
const HINT_EN: &str =
    "if a regional document allows it, name it on the rule: loosens_national = \"<document, article>\"";

/// One way a rule is looser than the reference's: (path suffix, value, zh, en).
type Diff = (String, Option<String>, String, String);

/// The keys of the rules a pack file writes, in file order (what the paths index), and its
/// `remove` list: taken before the file is merged, so the check needs no copy of the file
/// (a clone of every rule type costs the pack build kilobytes). A rule the file writes is,
/// after merging, the merged rule with its key.
pub(super) struct Written {
    catalogue: Vec<String>,
    regimes: Vec<String>,
    commitment_schemes: Vec<String>,
    behaviours: Vec<String>,
    remove: Vec<String>,
}

impl Written {
    pub(super) fn of(f: &PackFile) -> Self {
        Written {
            catalogue: f.catalogue.iter().map(|x| x.kind.clone()).collect(),
            regimes: f.regimes.iter().map(|x| x.id.to_string()).collect(),
            commitment_schemes: f
                .commitment_schemes
                .iter()
                .map(|x| x.id.to_string())
                .collect(),
            behaviours: f.behaviours.iter().map(|x| x.code.clone()).collect(),
            remove: f.remove.clone(),
        }
    }

    fn list(&self, list: &str) -> &[String] {
        match list {
            "catalogue" => &self.catalogue,
            "regimes" => &self.regimes,
            "commitment_schemes" => &self.commitment_schemes,
            _ => &self.behaviours,
        }
    }
}

const LISTS: [&str; 4] = ["catalogue", "regimes", "commitment_schemes", "behaviours"];

struct Loosen<'a> {
    written: &'a Written,
    merged: &'a PackFile,
    reference_id: &'a str,
    out: Vec<Problem>,
    /// File rules whose `loosens_national` was needed: (list, key).
    used: Vec<(&'static str, String)>,
}

/// Checks `merged` (what the `written` file evaluates with) against `reference`, whose id is
/// `reference_id`; paths name the file.
pub(super) fn check(
    written: &Written,
    merged: &PackFile,
    reference: &PackFile,
    reference_id: &str,
) -> Vec<Problem> {
    let mut l = Loosen {
        written,
        merged,
        reference_id,
        out: Vec::new(),
        used: Vec::new(),
    };
    l.blank_bases();
    l.catalogue(merged, reference);
    l.regimes(merged, reference);
    l.commitments(merged, reference);
    l.behaviours(merged, reference);
    l.unneeded();
    l.out
}

/// Every rule of `f` that states it loosens the national rules: (rule id, stated authority).
pub fn loosened(f: &PackFile) -> Vec<(&str, &str)> {
    f.regimes
        .iter()
        .map(|r| (r.id.as_str(), &r.loosens_national))
        .chain(
            f.catalogue
                .iter()
                .map(|c| (c.kind.as_str(), &c.loosens_national)),
        )
        .chain(
            f.commitment_schemes
                .iter()
                .map(|c| (c.id.as_str(), &c.loosens_national)),
        )
        .chain(
            f.behaviours
                .iter()
                .map(|b| (b.code.as_str(), &b.loosens_national)),
        )
        .filter_map(|(id, l)| l.as_deref().map(|l| (id, l)))
        .collect()
}

fn position<T>(list: &[T], key: impl Fn(&T) -> bool) -> Option<usize> {
    list.iter().position(key)
}

fn regime_at(list: &[Regime], day: NaiveDate) -> Option<&Regime> {
    list.iter()
        .filter(|r| r.from.0 <= day)
        .max_by_key(|r| r.from)
}

/// The Chinese name of a tier, for messages.
fn tier_zh(t: xinyong_model::Tier) -> &'static str {
    match t {
        xinyong_model::Tier::Minor => "轻微",
        xinyong_model::Tier::General => "一般",
        xinyong_model::Tier::Serious => "严重",
    }
}

impl Loosen<'_> {
    fn push(&mut self, path: String, value: Option<String>, zh: String, en: String) {
        if self.out.iter().any(|p| p.path == path && p.en == en) {
            return;
        }
        self.out.push(Problem::new(
            path,
            value,
            format!("{zh}。{HINT_ZH}"),
            format!("{en}; {HINT_EN}"),
        ));
    }

    /// Where a base rule the file removed is named, if it did.
    fn removal(&self, key: &str) -> Option<String> {
        position(&self.written.remove, |r| r == key).map(|j| format!("remove[{j}]"))
    }

    /// Index of the file's rule with `key` in `list`.
    fn own(&self, list: &str, key: &str) -> Option<usize> {
        position(self.written.list(list), |k| k == key)
    }

    /// The `loosens_national` of the rule with `key` in `list` (as merged).
    fn authority(&self, list: &str, key: &str) -> Option<String> {
        let m = self.merged;
        let stated = match list {
            "catalogue" => m
                .catalogue
                .iter()
                .find(|x| x.kind == key)
                .map(|x| &x.loosens_national),
            "regimes" => m
                .regimes
                .iter()
                .find(|x| x.id == key)
                .map(|x| &x.loosens_national),
            "commitment_schemes" => m
                .commitment_schemes
                .iter()
                .find(|x| x.id == key)
                .map(|x| &x.loosens_national),
            _ => m
                .behaviours
                .iter()
                .find(|x| x.code == key)
                .map(|x| &x.loosens_national),
        };
        stated.cloned().flatten()
    }

    fn blank_bases(&mut self) {
        let mut blank = Vec::new();
        for list in LISTS {
            for (i, key) in self.written.list(list).iter().enumerate() {
                if self
                    .authority(list, key)
                    .is_some_and(|s| s.trim().is_empty())
                {
                    blank.push(format!("{list}[{i}].loosens_national"));
                }
            }
        }
        for path in blank {
            self.out.push(Problem::new(
                path,
                Some("\"\"".into()),
                "loosens_national 必须写明允许放宽的地方文件名称及条款",
                "loosens_national must name the regional document and article that allows the loosening",
            ));
        }
    }

    /// A looser rule of the file: accepted when it names its authority, else one problem per
    /// diff at `{prefix}.{suffix}`.
    fn judge(
        &mut self,
        list: &'static str,
        key: &str,
        prefix: &str,
        authority: &Option<String>,
        (what_zh, what_en): (&str, &str),
        diffs: Vec<Diff>,
    ) {
        if diffs.is_empty() {
            return;
        }
        if authority.as_ref().is_some_and(|s| !s.trim().is_empty()) {
            self.used.push((list, key.to_string()));
            return;
        }
        let r = self.reference_id;
        for (suffix, value, zh, en) in diffs {
            let path = if suffix.is_empty() {
                prefix.to_string()
            } else {
                format!("{prefix}.{suffix}")
            };
            self.push(
                path,
                value,
                format!("放宽了基础规则包 {r} 的{what_zh}：{zh}"),
                format!("loosens {what_en} of base pack {r}: {en}"),
            );
        }
    }

    fn catalogue(&mut self, merged: &PackFile, reference: &PackFile) {
        for rc in reference.catalogue.iter().filter(|c| c.adverse) {
            let kind = rc.kind.as_str();
            match merged.catalogue.iter().find(|c| c.kind == kind) {
                None => {
                    let path = self.removal(kind).unwrap_or_else(|| "catalogue".into());
                    self.push(
                        path,
                        Some(format!("\"{kind}\"")),
                        format!(
                            "缺少基础规则包 {} 中的失信记录类型 {kind}（{}），这类记录将被忽略；请保留（叠加规则包可用 overrides = true 修改）",
                            self.reference_id, rc.zh
                        ),
                        format!(
                            "the adverse record type {kind} of base pack {} is missing, so such records would be ignored; keep it (an overlay changes it with overrides = true)",
                            self.reference_id
                        ),
                    );
                }
                Some(mc) if !mc.adverse => {
                    let Some(i) = self.own("catalogue", kind) else {
                        continue;
                    };
                    self.judge(
                        "catalogue",
                        kind,
                        &format!("catalogue[{i}]"),
                        &mc.loosens_national,
                        (&format!("记录类型 {kind}"), &format!("record type {kind}")),
                        vec![(
                            "adverse".into(),
                            Some("false".into()),
                            "基础规则将其作为失信信息，本规则包不作为失信信息".into(),
                            "the base treats it as adverse (失信), this pack does not".into(),
                        )],
                    );
                }
                Some(_) => {}
            }
        }
    }

    fn regimes(&mut self, merged: &PackFile, reference: &PackFile) {
        let mut days: Vec<NaiveDate> = reference
            .regimes
            .iter()
            .chain(&merged.regimes)
            .map(|r| r.from.0)
            .collect();
        crate::sort::sort_by(&mut days, NaiveDate::cmp);
        days.dedup();
        for day in days {
            let (Some(r), Some(m)) = (
                regime_at(&reference.regimes, day),
                regime_at(&merged.regimes, day),
            ) else {
                continue;
            };
            let diffs = regime_diffs(r, m);
            if diffs.is_empty() {
                continue;
            }
            // The file's rule that made it so: the regime in force, else the one that
            // replaced the reference's; else the file removed the reference's.
            let own = self
                .own("regimes", &m.id)
                .or_else(|| self.own("regimes", &r.id));
            let what_zh = format!(
                "公示与修复规则 {}（自 {} 起）",
                r.id,
                xinyong_model::Date(day)
            );
            let what_en = format!(
                "publicity/repair rules {} (on {})",
                r.id,
                xinyong_model::Date(day)
            );
            match own {
                Some(i) => {
                    let key = self.written.regimes[i].clone();
                    let authority = self.authority("regimes", &key);
                    self.judge(
                        "regimes",
                        &key,
                        &format!("regimes[{i}]"),
                        &authority,
                        (&what_zh, &what_en),
                        diffs,
                    );
                }
                None => {
                    let path = self.removal(&r.id).unwrap_or_else(|| "regimes".to_string());
                    let detail_zh: Vec<String> = diffs.iter().map(|d| d.2.clone()).collect();
                    let detail_en: Vec<String> = diffs.iter().map(|d| d.3.clone()).collect();
                    self.push(
                        path,
                        Some(format!("\"{}\"", r.id)),
                        format!(
                            "放宽了基础规则包 {} 的{what_zh}：该日起适用的是更宽松的 {}（{}）；不能以删除方式放宽，请改为覆盖该规则",
                            self.reference_id,
                            m.id,
                            detail_zh.join("；")
                        ),
                        format!(
                            "loosens {what_en} of base pack {}: the looser {} applies instead ({}); a removal cannot carry loosens_national, override the rule instead",
                            self.reference_id,
                            m.id,
                            detail_en.join("; ")
                        ),
                    );
                }
            }
        }
    }

    fn commitments(&mut self, merged: &PackFile, reference: &PackFile) {
        for rs in &reference.commitment_schemes {
            let Some(i) = self.own("commitment_schemes", &rs.id) else {
                continue;
            };
            let Some(ms) = merged.commitment_schemes.iter().find(|s| s.id == rs.id) else {
                continue;
            };
            let diffs: Vec<Diff> = rs
                .exclusions
                .iter()
                .filter(|x| !ms.exclusions.iter().any(|y| y.when == x.when))
                .map(|x| {
                    (
                        "exclusions".to_string(),
                        Some(format!("\"{}\"", x.id)),
                        format!("缺少基础规则的排除情形 {}（{}）", x.id, x.zh),
                        format!("exclusion {} ({}) of the base is missing", x.id, x.en),
                    )
                })
                .collect();
            let authority = self.authority("commitment_schemes", &rs.id);
            self.judge(
                "commitment_schemes",
                &rs.id,
                &format!("commitment_schemes[{i}]"),
                &authority,
                (
                    &format!("信用承诺制度 {}", rs.id),
                    &format!("commitment scheme {}", rs.id),
                ),
                diffs,
            );
        }
    }

    fn behaviours(&mut self, merged: &PackFile, reference: &PackFile) {
        for rb in &reference.behaviours {
            let Some(i) = self.own("behaviours", &rb.code) else {
                continue;
            };
            let Some(mb) = merged.behaviours.iter().find(|b| b.code == rb.code) else {
                continue;
            };
            let mut diffs: Vec<Diff> = Vec::new();
            if let Some(rp) = rb.points {
                if mb.points.is_none_or(|mp| mp < rp) {
                    diffs.push((
                        "points".into(),
                        Some(mb.points.map_or("(none)".into(), |p| p.to_string())),
                        format!("分值低于基础规则的 {rp} 分"),
                        format!("fewer points than the base's {rp}"),
                    ));
                }
            }
            if let Some(rt) = rb.tier {
                if mb.tier.is_none_or(|mt| mt < rt) {
                    diffs.push((
                        "tier".into(),
                        Some(mb.tier.map_or("(none)".into(), |t| t.to_string())),
                        format!("等级低于基础规则的{}失信", tier_zh(rt)),
                        format!("a lower tier than the base's {rt}"),
                    ));
                }
            }
            if let (Some(rs), Some(ms)) = (&rb.scheme, &mb.scheme) {
                if rs != ms {
                    diffs.push((
                        "scheme".into(),
                        Some(format!("\"{ms}\"")),
                        format!("分值不再计入基础规则的评价方案 {rs}"),
                        format!("its points no longer count in the base's scheme {rs}"),
                    ));
                }
            }
            let authority = self.authority("behaviours", &rb.code);
            self.judge(
                "behaviours",
                &rb.code,
                &format!("behaviours[{i}]"),
                &authority,
                (
                    &format!("行为代码 {}", rb.code),
                    &format!("behaviour code {}", rb.code),
                ),
                diffs,
            );
        }
    }

    /// A `loosens_national` on a rule that loosens nothing would make reports warn falsely.
    fn unneeded(&mut self) {
        let mut found = Vec::new();
        for list in LISTS {
            for (i, key) in self.written.list(list).iter().enumerate() {
                let stated = self
                    .authority(list, key)
                    .is_some_and(|s| !s.trim().is_empty());
                if stated && !self.used.iter().any(|(l, k)| *l == list && k == key) {
                    found.push(format!("{list}[{i}].loosens_national"));
                }
            }
        }
        for path in found {
            self.out.push(Problem::new(
                path,
                None,
                format!(
                    "该规则并未放宽基础规则包 {} 的规则，不应标注 loosens_national（否则报告会误报放宽）",
                    self.reference_id
                ),
                format!(
                    "this rule loosens nothing of base pack {}: remove loosens_national (reports would warn of an override that is not there)",
                    self.reference_id
                ),
            ));
        }
    }
}

/// Every way regime `m` publishes less, for shorter, or repairs more easily than `r`.
fn regime_diffs(r: &Regime, m: &Regime) -> Vec<Diff> {
    let mut d: Vec<Diff> = Vec::new();
    for (t, rt) in &r.tiers {
        let Some(mt) = m.tiers.get(t) else { continue };
        let tz = tier_zh(*t);
        if rt.published && !mt.published {
            d.push((
                format!("tiers.{t}.published"),
                Some("false".into()),
                format!("基础规则公示{tz}失信信息，本规则不公示"),
                format!("the base publishes {t} records, this pack does not"),
            ));
        }
        for (name, rv, mv) in [
            ("min_months", rt.min_months, mt.min_months),
            ("max_months", rt.max_months, mt.max_months),
        ] {
            if mv < rv {
                let (zh, en) = if name == "min_months" {
                    ("最短公示期", "minimum publicity period")
                } else {
                    ("最长公示期", "maximum publicity period")
                };
                d.push((
                    format!("tiers.{t}.{name}"),
                    Some(mv.to_string()),
                    format!("{tz}失信信息的{zh}为 {mv} 个月，短于基础规则的 {rv} 个月"),
                    format!("{t} records: {en} {mv} months, shorter than the base's {rv}"),
                ));
            }
        }
    }
    for (k, rt) in &r.default_tier {
        if m.default_tier.get(k).is_some_and(|mt| mt < rt) {
            d.push((
                format!("default_tier.{k}"),
                m.default_tier.get(k).map(|t| format!("\"{t}\"")),
                format!("{k} 的默认等级低于基础规则的{}失信", tier_zh(*rt)),
                format!("default tier of {k} below the base's {rt}"),
            ));
        }
    }
    for (k, rt) in &r.record_tier {
        if m.record_tier.get(k).is_some_and(|mt| mt < rt) {
            d.push((
                format!("record_tier.{k}"),
                m.record_tier.get(k).map(|t| format!("\"{t}\"")),
                format!("{k} 的等级低于基础规则的{}失信", tier_zh(*rt)),
                format!("tier of {k} below the base's {rt}"),
            ));
        }
    }
    let base_unpublished: Vec<_> = r.unpublished.iter().flat_map(|u| &u.penalties).collect();
    for (j, u) in m.unpublished.iter().enumerate() {
        for p in u.penalties.iter().filter(|p| !base_unpublished.contains(p)) {
            d.push((
                format!("unpublished[{j}].penalties"),
                Some(format!("\"{p}\"")),
                format!("基础规则公示的处罚种类 {p} 被列为不公示"),
                format!("penalty kind {p}, published by the base, is unpublished"),
            ));
        }
    }
    for fm in &r.field_min {
        for f in &fm.fields {
            let mine = m
                .field_min
                .iter()
                .filter(|x| x.fields.contains(f))
                .map(|x| x.min_months)
                .max()
                .unwrap_or(0);
            if mine < fm.min_months {
                d.push((
                    "field_min".into(),
                    Some(format!("\"{f}\"")),
                    format!(
                        "{f} 领域的最短公示期为 {mine} 个月，短于基础规则 {} 的 {} 个月",
                        fm.id, fm.min_months
                    ),
                    format!(
                        "{f}: minimum publicity {mine} months, shorter than the base's {} ({} months)",
                        fm.id, fm.min_months
                    ),
                ));
            }
        }
    }
    for x in &r.exclusions {
        if !m.exclusions.iter().any(|y| y.when == x.when) {
            d.push((
                "exclusions".into(),
                Some(format!("\"{}\"", x.id)),
                format!("缺少基础规则的不可修复情形 {}（{}）", x.id, x.zh),
                format!(
                    "unrepairable case {} ({}) of the base is missing",
                    x.id, x.en
                ),
            ));
        }
    }
    for c in r
        .conditions
        .iter()
        .filter(|c| c.check != ConditionCheck::Application)
    {
        let kept = m
            .conditions
            .iter()
            .any(|y| y.check == c.check && (y.when.is_none() || y.when == c.when));
        if !kept {
            d.push((
                "conditions".into(),
                Some(format!("\"{}\"", c.id)),
                format!("缺少基础规则的修复条件 {}（{}）", c.id, c.zh),
                format!(
                    "repair condition {} ({}) of the base is missing",
                    c.id, c.en
                ),
            ));
        }
    }
    d
}
