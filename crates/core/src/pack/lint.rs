//! Pack checks: citations present, ids unique, references resolve, thresholds cover the score
//! range with no gap or overlap, overlays only override what their base has.

use chrono::{Datelike, Weekday};
use xinyong_model::{PenaltyKind, Tier};

use super::schema::*;
use super::{Keyed, Pack};
use crate::error::Problem;
use crate::input::RECORD_FIELDS;

/// Keys a regime's `record_tier` may have.
pub const RECORD_TIER_KEYS: &[&str] = &[
    "serious_dishonesty_list",
    "commitment.broken",
    "commitment.false",
];
/// Most bands a scheme with counter bounds may have (its coverage check is quadratic).
pub const MAX_COUNTER_BANDS: usize = 64;
/// Record fields a subject test may count distinct values of.
pub const DISTINCT_FIELDS: &[&str] = &["authority", "list"];

struct Lint {
    out: Vec<Problem>,
}

impl Lint {
    fn err(
        &mut self,
        path: impl Into<String>,
        value: Option<String>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.out.push(Problem::new(path, value, zh, en));
    }

    fn basis(&mut self, path: &str, basis: &str) {
        if basis.trim().is_empty() {
            self.err(
                format!("{path}.basis"),
                None,
                "规则缺少依据（文件名称及条款）",
                "rule has no basis (document and article)",
            );
        }
    }

    fn id(&mut self, seen: &mut Ids, path: &str, id: &str) {
        if id.trim().is_empty() {
            self.err(
                format!("{path}.id"),
                None,
                "规则编号不能为空",
                "rule id must not be empty",
            );
        } else if let Some((_, first)) = seen.iter().find(|(k, _)| k == id) {
            let first = first.clone();
            // The latest use is the one named next time, as before (a map insert).
            seen.retain(|(k, _)| k != id);
            seen.push((id.to_string(), path.to_string()));
            self.err(
                format!("{path}.id"),
                Some(format!("\"{id}\"")),
                format!("规则编号重复（已在 {first} 使用）"),
                format!("duplicate rule id (already used at {first})"),
            );
        } else {
            seen.push((id.to_string(), path.to_string()));
        }
    }
}

/// Rule ids seen so far and where each was (last) defined. A list, not a map: packs hold a
/// few hundred ids, and every distinct map type costs the browser module kilobytes of code.
type Ids = Vec<(String, String)>;

/// Records `x`; false when it was already there (a set's `insert`, without a set's code).
fn first_time<T: PartialEq>(seen: &mut Vec<T>, x: T) -> bool {
    if seen.contains(&x) {
        false
    } else {
        seen.push(x);
        true
    }
}

/// Checks on one pack file as written (before merging), given its base when it is an overlay.
pub fn lint_file(f: &PackFile, base: Option<&Pack>) -> Vec<Problem> {
    let mut l = Lint { out: Vec::new() };
    let m = &f.pack;
    if m.id.is_empty()
        || !m
            .id
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        l.err(
            "pack.id",
            Some(format!("\"{}\"", m.id)),
            "规则包编号只能由小写字母、数字和连字符组成",
            "pack id must be lowercase letters, digits and hyphens",
        );
    }
    if m.version.trim().is_empty() {
        l.err("pack.version", None, "缺少版本号", "version is missing");
    }
    l.basis("pack", &m.basis);
    if let Some(to) = m.effective_to {
        if to < m.effective_from {
            l.err(
                "pack.effective_to",
                Some(to.to_string()),
                "失效日期早于生效日期",
                "effective_to is before effective_from",
            );
        }
    }
    for (i, a) in f.scheme_additions.iter().enumerate() {
        let p = format!("scheme_additions[{i}]");
        l.basis(&p, &a.basis);
        let known = base.is_some_and(|b| {
            b.rules.grade_schemes.iter().any(|g| g.id == a.scheme) && !f.remove.contains(&a.scheme)
        });
        if !known {
            l.err(
                format!("{p}.scheme"),
                Some(format!("\"{}\"", a.scheme)),
                "基础规则包中没有这个评价方案（或已被 remove 删除），无法追加规则",
                "the base pack has no such grade scheme (or it is removed) to add rules to",
            );
        }
    }
    if m.base.is_none() && !f.remove.is_empty() {
        l.err(
            "remove",
            None,
            "只有叠加规则包（有 base）才能删除规则",
            "only an overlay (with a base) can remove rules",
        );
    }
    l.out.extend(super::bounds::check(f));
    match base {
        Some(b) => overlay_checks(&mut l, f, &b.rules),
        None => {
            for (list, path) in overrides_without_base(f) {
                l.err(
                    path,
                    None,
                    format!("{list} 标记了 overrides，但本规则包没有 base"),
                    format!("{list} sets overrides but this pack has no base"),
                );
            }
        }
    }
    l.out
}

fn overrides_without_base(f: &PackFile) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    fn scan<T: Keyed>(v: &mut Vec<(&'static str, String)>, name: &'static str, items: &[T]) {
        for (i, it) in items.iter().enumerate() {
            if it.overrides() {
                v.push((name, format!("{name}[{i}].overrides")));
            }
        }
    }
    scan(&mut v, "catalogue", &f.catalogue);
    scan(&mut v, "regimes", &f.regimes);
    scan(&mut v, "behaviours", &f.behaviours);
    scan(&mut v, "grade_schemes", &f.grade_schemes);
    scan(&mut v, "commitment_schemes", &f.commitment_schemes);
    scan(&mut v, "supervision", &f.supervision);
    scan(&mut v, "measures", &f.measures);
    scan(&mut v, "warnings", &f.warnings);
    scan(&mut v, "letters", &f.letters);
    scan(&mut v, "simplified_procedure", &f.simplified_procedure);
    v
}

fn overlay_checks(l: &mut Lint, f: &PackFile, b: &PackFile) {
    fn check<T: Keyed>(l: &mut Lint, name: &str, over: &[T], base: &[T]) {
        for (i, it) in over.iter().enumerate() {
            let in_base = base.iter().any(|x| x.key() == it.key());
            match (it.overrides(), in_base) {
                (true, false) => l.err(
                    format!("{name}[{i}]"),
                    Some(format!("\"{}\"", it.key())),
                    "标记为 overrides，但基础规则包中没有这条规则",
                    "marked overrides, but the base pack has no rule with this id",
                ),
                (false, true) => l.err(
                    format!("{name}[{i}]"),
                    Some(format!("\"{}\"", it.key())),
                    "与基础规则包中的规则同名；如要替换，请设置 overrides = true",
                    "same id as a rule of the base pack; set overrides = true to replace it",
                ),
                _ => {}
            }
        }
    }
    check(l, "catalogue", &f.catalogue, &b.catalogue);
    check(l, "regimes", &f.regimes, &b.regimes);
    check(l, "behaviours", &f.behaviours, &b.behaviours);
    check(l, "grade_schemes", &f.grade_schemes, &b.grade_schemes);
    check(
        l,
        "commitment_schemes",
        &f.commitment_schemes,
        &b.commitment_schemes,
    );
    check(l, "supervision", &f.supervision, &b.supervision);
    check(l, "measures", &f.measures, &b.measures);
    check(l, "warnings", &f.warnings, &b.warnings);
    check(l, "letters", &f.letters, &b.letters);
    check(
        l,
        "simplified_procedure",
        &f.simplified_procedure,
        &b.simplified_procedure,
    );
    let base_keys: Vec<&str> = b
        .catalogue
        .iter()
        .map(Keyed::key)
        .chain(b.regimes.iter().map(Keyed::key))
        .chain(b.behaviours.iter().map(Keyed::key))
        .chain(b.grade_schemes.iter().map(Keyed::key))
        .chain(b.commitment_schemes.iter().map(Keyed::key))
        .chain(b.supervision.iter().map(Keyed::key))
        .chain(b.measures.iter().map(Keyed::key))
        .chain(b.warnings.iter().map(Keyed::key))
        .chain(b.letters.iter().map(Keyed::key))
        .collect();
    for (i, r) in f.remove.iter().enumerate() {
        if !base_keys.contains(&r.as_str()) {
            l.err(
                format!("remove[{i}]"),
                Some(format!("\"{r}\"")),
                "基础规则包中没有这条规则，无法删除",
                "the base pack has no rule with this id to remove",
            );
        }
    }
}

/// Checks on the merged rules a pack evaluates with.
pub fn lint_resolved(f: &PackFile) -> Vec<Problem> {
    let mut l = Lint { out: Vec::new() };
    let mut ids = Ids::new();
    let types: Vec<&str> = f.catalogue.iter().map(|c| c.kind.as_str()).collect();
    let schemes: Vec<&str> = f.grade_schemes.iter().map(|g| g.id.as_str()).collect();
    let behaviours: Vec<&str> = f.behaviours.iter().map(|b| b.code.as_str()).collect();
    let levels: Vec<&str> = f
        .grade_schemes
        .iter()
        .flat_map(|g| g.bands.iter().map(|b| b.level.as_str()))
        .collect();
    let refs = Refs {
        types: &types,
        schemes: &schemes,
        behaviours: &behaviours,
        levels: &levels,
    };

    let mut seen_types = Vec::new();
    for (i, c) in f.catalogue.iter().enumerate() {
        let p = format!("catalogue[{i}]");
        if !first_time(&mut seen_types, c.kind.as_str()) {
            l.err(
                format!("{p}.type"),
                Some(format!("\"{}\"", c.kind)),
                "记录类型重复",
                "record type listed twice",
            );
        }
        l.basis(&p, &c.basis);
        for (j, r) in c.requires.iter().chain(&c.requires_one_of).enumerate() {
            if !RECORD_FIELDS.contains(&r.as_str()) {
                l.err(
                    format!("{p}.requires[{j}]"),
                    Some(format!("\"{r}\"")),
                    format!("不是记录字段（可用：{}）", RECORD_FIELDS.join(", ")),
                    format!("not a record field (known: {})", RECORD_FIELDS.join(", ")),
                );
            }
        }
    }
    if f.regimes.is_empty() {
        l.err(
            "regimes",
            None,
            "规则包至少需要一个公示与修复规则版本",
            "a pack needs at least one publicity/repair regime",
        );
    }
    let mut froms = Vec::new();
    for (i, r) in f.regimes.iter().enumerate() {
        let p = format!("regimes[{i}]");
        l.id(&mut ids, &p, &r.id);
        l.basis(&p, &r.basis);
        l.basis(&format!("{p}.default_tier"), &r.default_tier_basis);
        if !first_time(&mut froms, r.from) {
            l.err(
                format!("{p}.from"),
                Some(r.from.to_string()),
                "两个版本的生效日期相同",
                "two regimes start on the same day",
            );
        }
        for t in Tier::ALL {
            match r.tiers.get(t) {
                // Only `serious` can be missing here: a milder tier defaults to it (defaults.rs).
                None => l.err(
                    format!("{p}.tiers.{t}"),
                    None,
                    format!("缺少等级 {t} 的公示期（最严重的等级没有默认值，较轻的等级缺省时按它计）。请写明，例如 [regimes.tiers.{t}] published = true、min_months = 12、max_months = 36、basis = \"文件及条款\""),
                    format!("no publicity period for tier {t} (the most severe tier has no default; a milder one left out takes its period). Write it, e.g. [regimes.tiers.{t}] published = true, min_months = 12, max_months = 36, basis = \"document and article\""),
                ),
                Some(tp) => {
                    l.basis(&format!("{p}.tiers.{t}"), &tp.basis);
                    if tp.min_months > tp.max_months {
                        l.err(
                            format!("{p}.tiers.{t}.min_months"),
                            Some(tp.min_months.to_string()),
                            "最短公示期长于最长公示期",
                            "minimum period is longer than the maximum",
                        );
                    }
                }
            }
        }
        for k in PenaltyKind::ALL {
            if !r.default_tier.contains_key(k) {
                l.err(
                    format!("{p}.default_tier"),
                    None,
                    format!("缺少处罚种类 {k} 的默认等级"),
                    format!("no default tier for penalty kind {k}"),
                );
            }
        }
        // Needed only where the catalogue makes the record type adverse: without a tier an
        // adverse record would silently count as not adverse.
        for k in RECORD_TIER_KEYS {
            let kind = k.split('.').next().unwrap_or(k);
            let adverse = f.catalogue.iter().any(|c| c.kind == kind && c.adverse);
            if adverse && !r.record_tier.contains_key(*k) {
                l.err(
                    format!("{p}.record_tier.{k}"),
                    None,
                    format!("目录把 {kind} 列为失信记录，须写明 {k} 的等级及依据，例如 [regimes.record_tier] \"{k}\" = \"serious\" 和 [regimes.record_tier_basis] \"{k}\" = \"文件及条款\"（如该类型不是失信记录，请去掉目录中的 adverse = true）"),
                    format!("the catalogue makes {kind} adverse, so write the tier of {k} and its basis, e.g. [regimes.record_tier] \"{k}\" = \"serious\" and [regimes.record_tier_basis] \"{k}\" = \"document and article\" (or, if the type is not adverse, drop adverse = true from its catalogue entry)"),
                );
            }
        }
        for k in r.record_tier.keys() {
            if r.record_tier_basis
                .get(k)
                .is_none_or(|b| b.trim().is_empty())
            {
                l.err(
                    format!("{p}.record_tier_basis.{k}"),
                    None,
                    format!("{k} 的等级缺少依据"),
                    format!("the tier of {k} has no basis"),
                );
            }
        }
        for k in r
            .record_tier_basis
            .keys()
            .chain(r.record_tier_assumption.keys())
        {
            if !r.record_tier.contains_key(k) {
                l.err(
                    format!("{p}.record_tier_basis.{k}"),
                    None,
                    "record_tier 中没有这个键",
                    "no such key in record_tier",
                );
            }
        }
        if let Some(x) = &r.prior_records {
            l.id(&mut ids, &format!("{p}.prior_records"), &x.id);
            l.basis(&format!("{p}.prior_records"), &x.basis);
        }
        for (j, t) in r.tier_rules.iter().enumerate() {
            let q = format!("{p}.tier_rules[{j}]");
            l.id(&mut ids, &q, &t.id);
            l.basis(&q, &t.basis);
            record_test(&mut l, &format!("{q}.when"), &t.when, &refs);
            // The tier is what the rule decides: a test on it, or on what follows from it,
            // would be circular.
            if t.when.tiers.is_some() || t.when.active.is_some() || t.when.repaired.is_some() {
                l.err(
                    format!("{q}.when"),
                    None,
                    "定级规则不能以等级、是否有效或是否已修复为条件",
                    "a tier rule cannot test the tier, active or repaired",
                );
            }
        }
        for (j, x) in r.persists.iter().enumerate() {
            let q = format!("{p}.persists[{j}]");
            l.id(&mut ids, &q, &x.id);
            l.basis(&q, &x.basis);
            record_test(&mut l, &format!("{q}.when"), &x.when, &refs);
        }
        for k in r.record_tier.keys() {
            if !RECORD_TIER_KEYS.contains(&k.as_str()) && !types.contains(&k.as_str()) {
                l.err(
                    format!("{p}.record_tier.{k}"),
                    None,
                    format!("未知键（可用：{}）", RECORD_TIER_KEYS.join(", ")),
                    format!("unknown key (known: {})", RECORD_TIER_KEYS.join(", ")),
                );
            }
        }
        for (j, u) in r.unpublished.iter().enumerate() {
            let q = format!("{p}.unpublished[{j}]");
            l.id(&mut ids, &q, &u.id);
            l.basis(&q, &u.basis);
        }
        for (j, x) in r.field_min.iter().enumerate() {
            let q = format!("{p}.field_min[{j}]");
            l.id(&mut ids, &q, &x.id);
            l.basis(&q, &x.basis);
        }
        if !r
            .conditions
            .iter()
            .any(|c| c.check == ConditionCheck::MinPeriod)
        {
            l.err(
                format!("{p}.conditions"),
                None,
                "缺少“最短公示期届满”条件",
                "no min_period condition",
            );
        }
        for (j, c) in r.conditions.iter().enumerate() {
            let q = format!("{p}.conditions[{j}]");
            l.id(&mut ids, &q, &c.id);
            l.basis(&q, &c.basis);
            if let Some(w) = &c.when {
                record_test(&mut l, &format!("{q}.when"), w, &refs);
            }
        }
        for (j, d) in r.documents.iter().enumerate() {
            if let Some(w) = &d.when {
                record_test(&mut l, &format!("{p}.documents[{j}].when"), w, &refs);
            }
        }
        for (j, x) in r.exclusions.iter().enumerate() {
            let q = format!("{p}.exclusions[{j}]");
            l.id(&mut ids, &q, &x.id);
            l.basis(&q, &x.basis);
            record_test(&mut l, &format!("{q}.when"), &x.when, &refs);
        }
        if r.channels.last().is_some_and(|c| c.when.is_some()) {
            l.err(
                format!("{p}.channels"),
                None,
                "最后一个受理渠道必须不带 when（默认渠道）",
                "the last channel must have no `when` (the default)",
            );
        }
        // A repair the rules make the subject apply for needs the place to apply.
        if r.channels.is_empty() {
            if let Some(j) = r
                .conditions
                .iter()
                .position(|c| c.check == ConditionCheck::Application)
            {
                l.err(
                    format!("{p}.channels"),
                    None,
                    format!("条件 {p}.conditions[{j}] 要求提出申请，须写明受理渠道，例如 [[regimes.channels]] id = \"x.channel\"、zh、en、url = \"https://…\"、basis、review_working_days = 5、sync_working_days = 3"),
                    format!("condition {p}.conditions[{j}] is met by applying, so name where to apply, e.g. [[regimes.channels]] with id = \"x.channel\", zh, en, url = \"https://…\", basis, review_working_days = 5, sync_working_days = 3"),
                );
            }
        }
        for (j, c) in r.channels.iter().enumerate() {
            let q = format!("{p}.channels[{j}]");
            l.id(&mut ids, &q, &c.id);
            l.basis(&q, &c.basis);
            if let Some(w) = &c.when {
                record_test(&mut l, &format!("{q}.when"), w, &refs);
            }
        }
        for (j, n) in r.notes.iter().enumerate() {
            let q = format!("{p}.notes[{j}]");
            l.id(&mut ids, &q, &n.id);
            l.basis(&q, &n.basis);
        }
    }
    for (i, x) in f.simplified_procedure.iter().enumerate() {
        let p = format!("simplified_procedure[{i}]");
        l.id(&mut ids, &p, &x.id);
        l.basis(&p, &x.basis);
        let bad = |v: f64| !(v.is_finite() && v >= 0.0);
        if bad(x.max_fine_person) || bad(x.max_fine_organisation) {
            l.err(
                format!("{p}.max_fine_person"),
                None,
                "罚款上限应为非负有限数",
                "fine limits must be finite and not negative",
            );
        }
    }
    for (i, b) in f.behaviours.iter().enumerate() {
        let p = format!("behaviours[{i}]");
        l.id(&mut ids, &p, &b.code);
        l.basis(&p, &b.basis);
        if let Some(s) = &b.scheme {
            if !schemes.contains(&s.as_str()) {
                l.err(
                    format!("{p}.scheme"),
                    Some(format!("\"{s}\"")),
                    "没有这个评价方案",
                    "no such grade scheme",
                );
            }
        }
        if b.points.is_some_and(|x| !(x.is_finite() && x >= 0.0)) {
            l.err(
                format!("{p}.points"),
                b.points.map(|x| x.to_string()),
                "分值不能为负",
                "points must not be negative",
            );
        }
    }
    for (i, g) in f.grade_schemes.iter().enumerate() {
        grade_scheme(&mut l, &mut ids, &format!("grade_schemes[{i}]"), g, &refs);
    }
    for (i, c) in f.commitment_schemes.iter().enumerate() {
        let p = format!("commitment_schemes[{i}]");
        l.id(&mut ids, &p, &c.id);
        l.basis(&p, &c.basis);
        for (j, x) in c.exclusions.iter().enumerate() {
            let q = format!("{p}.exclusions[{j}]");
            l.id(&mut ids, &q, &x.id);
            l.basis(&q, &x.basis);
            subject_test(&mut l, &format!("{q}.when"), &x.when, &refs);
        }
        dates(&mut l, &p, c);
        for (j, x) in c.scope_exclusions.iter().enumerate() {
            let q = format!("{p}.scope_exclusions[{j}]");
            l.id(&mut ids, &q, &x.id);
            l.basis(&q, &x.basis);
        }
    }
    for (i, s) in f.supervision.iter().enumerate() {
        let p = format!("supervision[{i}]");
        dates(&mut l, &p, s);
        l.id(&mut ids, &p, &s.id);
        l.basis(&p, &s.basis);
        if let Some(w) = &s.when {
            subject_test(&mut l, &format!("{p}.when"), w, &refs);
        }
    }
    if f.supervision.last().is_some_and(|s| s.when.is_some()) {
        l.err(
            "supervision",
            None,
            "最后一个监管类别必须不带 when（默认类别）",
            "the last supervision class must have no `when` (the default)",
        );
    }
    for (i, m) in f.measures.iter().enumerate() {
        let p = format!("measures[{i}]");
        dates(&mut l, &p, m);
        l.id(&mut ids, &p, &m.id);
        l.basis(&p, &m.basis);
        subject_test(&mut l, &format!("{p}.when"), &m.when, &refs);
    }
    for (i, w) in f.warnings.iter().enumerate() {
        let p = format!("warnings[{i}]");
        dates(&mut l, &p, w);
        l.id(&mut ids, &p, &w.id);
        l.basis(&p, &w.basis);
        subject_test(&mut l, &format!("{p}.when"), &w.when, &refs);
    }
    for (i, t) in f.letters.iter().enumerate() {
        let p = format!("letters[{i}]");
        l.id(&mut ids, &p, &t.id);
        l.basis(&p, &t.basis);
        dates(&mut l, &p, t);
        if let Some(w) = &t.when {
            record_test(&mut l, &format!("{p}.when"), w, &refs);
        }
        for (name, body) in [("body_zh", &t.body_zh), ("body_en", &t.body_en)] {
            if let Err(bad) = crate::letters::check_template(body) {
                l.err(
                    format!("{p}.{name}"),
                    Some(format!("{{{bad}}}")),
                    format!(
                        "未知占位符（可用：{}）",
                        crate::letters::PLACEHOLDERS.join(", ")
                    ),
                    format!(
                        "unknown placeholder (known: {})",
                        crate::letters::PLACEHOLDERS.join(", ")
                    ),
                );
            }
        }
    }
    if let Some(c) = &f.calendar {
        calendar(&mut l, c);
    }
    l.out
}

struct Refs<'a> {
    types: &'a [&'a str],
    schemes: &'a [&'a str],
    behaviours: &'a [&'a str],
    levels: &'a [&'a str],
}

fn unknown(l: &mut Lint, path: String, v: &str, what_zh: &str, what_en: &str) {
    l.err(
        path,
        Some(format!("\"{v}\"")),
        format!("引用了不存在的{what_zh}"),
        format!("refers to an unknown {what_en}"),
    );
}

fn record_test(l: &mut Lint, path: &str, t: &RecordTest, r: &Refs) {
    for (i, v) in t.types.iter().flatten().enumerate() {
        if !r.types.contains(&v.as_str()) {
            unknown(
                l,
                format!("{path}.types[{i}]"),
                v,
                "记录类型（不在目录中）",
                "record type (not in the catalogue)",
            );
        }
    }
    for (i, v) in t.behaviours.iter().flatten().enumerate() {
        if !r.behaviours.contains(&v.as_str()) {
            unknown(
                l,
                format!("{path}.behaviours[{i}]"),
                v,
                "行为代码",
                "behaviour code",
            );
        }
    }
    let is_grade_ref = t
        .types
        .iter()
        .flatten()
        .any(|x| x.starts_with("evaluation_"));
    if is_grade_ref {
        for (i, v) in t.schemes.iter().flatten().enumerate() {
            if !r.schemes.contains(&v.as_str()) {
                unknown(
                    l,
                    format!("{path}.schemes[{i}]"),
                    v,
                    "评价方案",
                    "grade scheme",
                );
            }
        }
    }
    for (i, v) in t.levels.iter().flatten().enumerate() {
        if !r.levels.contains(&v.as_str()) {
            unknown(l, format!("{path}.levels[{i}]"), v, "等级", "grade level");
        }
    }
}

fn subject_test(l: &mut Lint, path: &str, t: &SubjectTest, r: &Refs) {
    if let Some(x) = &t.records {
        record_test(l, &format!("{path}.records"), x, r);
    }
    if let Some(x) = &t.no_records {
        record_test(l, &format!("{path}.no_records"), x, r);
    }
    if t.at_least.is_some() && t.records.is_none() {
        l.err(
            format!("{path}.at_least"),
            None,
            "at_least 需要与 records 一起使用",
            "at_least needs `records`",
        );
    }
    if let Some(d) = &t.distinct {
        if !DISTINCT_FIELDS.contains(&d.as_str()) {
            l.err(
                format!("{path}.distinct"),
                Some(format!("\"{d}\"")),
                format!("只能统计这些字段：{}", DISTINCT_FIELDS.join(", ")),
                format!("can only count distinct {}", DISTINCT_FIELDS.join(", ")),
            );
        }
    }
    for (name, list) in [("level_in", &t.level_in), ("level_not_in", &t.level_not_in)] {
        for (i, v) in list.iter().flatten().enumerate() {
            if !r.levels.contains(&v.as_str()) {
                unknown(l, format!("{path}.{name}[{i}]"), v, "等级", "grade level");
            }
        }
    }
    for (i, a) in t.any.iter().flatten().enumerate() {
        subject_test(l, &format!("{path}.any[{i}]"), a, r);
    }
    if let Some(g) = &t.grade {
        if !r.schemes.contains(&g.scheme.as_str()) {
            unknown(
                l,
                format!("{path}.grade.scheme"),
                &g.scheme,
                "评价方案",
                "grade scheme",
            );
        }
        for (i, v) in g.levels.iter().flatten().enumerate() {
            if !r.levels.contains(&v.as_str()) {
                unknown(
                    l,
                    format!("{path}.grade.levels[{i}]"),
                    v,
                    "等级",
                    "grade level",
                );
            }
        }
    }
}

fn grade_scheme(l: &mut Lint, ids: &mut Ids, p: &str, g: &GradeScheme, r: &Refs) {
    l.id(ids, p, &g.id);
    l.basis(p, &g.basis);
    for (i, ind) in g.primary_for.iter().enumerate() {
        if !g.industries.contains(ind) {
            l.err(
                format!("{p}.primary_for[{i}]"),
                Some(format!("\"{ind}\"")),
                "主方案行业不在 industries 中",
                "primary industry is not among `industries`",
            );
        }
    }
    if g.bands.is_empty() {
        l.err(
            format!("{p}.bands"),
            None,
            "评价方案没有等级划分",
            "grade scheme has no bands",
        );
    }
    let two_d = g
        .bands
        .iter()
        .any(|b| b.counter_min.is_some() || b.counter_below.is_some());
    if two_d && g.counter.is_none() {
        l.err(
            format!("{p}.bands"),
            None,
            "分段设置了 counter_min / counter_below，但评价方案没有 counter",
            "bands bound a counter, but the scheme defines no `counter`",
        );
    }
    if let Some(f) = &g.in_force {
        let q = format!("{p}.in_force");
        l.id(ids, &q, &f.id);
        if f.official_basis.trim().is_empty() {
            l.err(
                format!("{q}.official_basis"),
                None,
                "正式评价结果有效期缺少依据（文件名称及条款）",
                "the official result's term has no basis (document and article)",
            );
        }
        let named = [
            ("default_level", &f.default_level),
            ("barred_level", &f.barred_level),
        ];
        for (field, level) in named {
            if let Some(level) = level {
                if !g.bands.iter().any(|b| b.level == *level) {
                    l.err(
                        format!("{q}.{field}"),
                        Some(format!("\"{level}\"")),
                        "评价方案没有该等级",
                        "the scheme has no such level",
                    );
                }
            }
        }
        if let Some(t) = &f.default_unless {
            subject_test(l, &format!("{q}.default_unless"), t, r);
        }
        if f.default_level.is_some() && f.default_basis.as_deref().is_none_or(str::is_empty) {
            l.err(
                format!("{q}.default_basis"),
                None,
                "默认等级需要写明依据（文件与条款）",
                "a default level needs its basis (document and article)",
            );
        }
    }
    let mut levels = Vec::new();
    for (i, b) in g.bands.iter().enumerate() {
        let q = format!("{p}.bands[{i}]");
        l.id(ids, &q, &b.id);
        l.basis(&q, &b.basis);
        if let (Some(lo), Some(hi)) = (b.counter_min, b.counter_below) {
            if lo >= hi {
                l.err(
                    format!("{q}.counter_min"),
                    Some(lo.to_string()),
                    "计数下限不小于上限",
                    "counter lower bound is not below its upper bound",
                );
            }
        }
        // With a counter a level may span several regions, so it may be listed again.
        if !first_time(&mut levels, b.level.as_str()) && !two_d {
            l.err(
                format!("{q}.level"),
                Some(format!("\"{}\"", b.level)),
                "等级重复",
                "level listed twice",
            );
        }
        if let (Some(lo), Some(hi)) = (b.min, b.below) {
            if lo >= hi {
                l.err(
                    format!("{q}.min"),
                    Some(lo.to_string()),
                    "下限不小于上限",
                    "lower bound is not below the upper bound",
                );
            }
        }
    }
    // Bands are listed best first: descending scores when deducting, ascending points when
    // accumulating. Neighbours must meet exactly, and the ends must be open.
    let ordered: Vec<&Band> = if two_d {
        coverage_2d(l, p, g);
        Vec::new()
    } else {
        match g.mode {
            ScoreMode::Deduct => g.bands.iter().rev().collect(),
            ScoreMode::Accumulate => g.bands.iter().collect(),
        }
    };
    if let (Some(first), Some(last)) = (ordered.first(), ordered.last()) {
        if first
            .min
            .is_some_and(|m| m > g.floor.unwrap_or(f64::NEG_INFINITY))
        {
            l.err(
                format!("{p}.bands"),
                Some(format!("{}", first.min.unwrap_or_default())),
                format!(
                    "最低分段的下限未覆盖分值范围（{} 以下无等级）",
                    first.min.unwrap_or_default()
                ),
                "the lowest band does not reach down to the bottom of the score range",
            );
        }
        if last
            .below
            .is_some_and(|m| m <= g.ceiling.unwrap_or(f64::INFINITY))
        {
            l.err(
                format!("{p}.bands"),
                Some(format!("{}", last.below.unwrap_or_default())),
                "最高分段的上限未覆盖分值范围",
                "the highest band does not reach up to the top of the score range",
            );
        }
    }
    for w in ordered.windows(2) {
        let (lo, hi) = (w[0], w[1]);
        if lo.below != hi.min {
            let idx = g
                .bands
                .iter()
                .position(|b| std::ptr::eq(b, hi))
                .unwrap_or(0);
            l.err(
                format!("{p}.bands[{idx}].min"),
                Some(format!("{:?} vs {:?}", lo.below, hi.min)),
                format!(
                    "等级 {} 与 {} 之间有缺口或重叠（{:?} ≠ {:?}）",
                    lo.level, hi.level, lo.below, hi.min
                ),
                format!(
                    "gap or overlap between levels {} and {} ({:?} ≠ {:?}); list bands best first",
                    lo.level, hi.level, lo.below, hi.min
                ),
            );
        }
    }
    for (i, it) in g.items.iter().enumerate() {
        let q = format!("{p}.items[{i}]");
        l.id(ids, &q, &it.id);
        l.basis(&q, &it.basis);
        record_test(l, &format!("{q}.when"), &it.when, r);
        if !it.points.is_finite() {
            l.err(
                format!("{q}.points"),
                None,
                "分值必须是有限数",
                "points must be a finite number",
            );
        }
        if it.cap.is_some_and(|c| !(c.is_finite() && c >= 0.0)) {
            l.err(
                format!("{q}.cap"),
                it.cap.map(|c| c.to_string()),
                "上限不能为负",
                "cap must not be negative",
            );
        }
    }
    for (i, d) in g.direct_lowest.iter().enumerate() {
        let q = format!("{p}.direct_lowest[{i}]");
        l.id(ids, &q, &d.id);
        l.basis(&q, &d.basis);
        record_test(l, &format!("{q}.when"), &d.when, r);
        dates(l, &q, d);
        if d.while_in_force == Some(true) && d.months.is_none() {
            l.err(
                format!("{q}.while_in_force"),
                Some("true".into()),
                "while_in_force 只能与 months 同时使用（没有 months 时本就持续到记录不再匹配）",
                "while_in_force needs `months` (without it the trigger already lasts while the record matches)",
            );
        }
    }
    window_rules(l, ids, p, g);
    dates(l, p, g);
    for (i, it) in g.items.iter().enumerate() {
        dates(l, &format!("{p}.items[{i}]"), it);
    }
    if let Some(c) = &g.counter {
        let q = format!("{p}.counter");
        l.id(ids, &q, &c.id);
        l.basis(&q, &c.basis);
        for (i, it) in c.items.iter().enumerate() {
            let q = format!("{q}.items[{i}]");
            l.id(ids, &q, &it.id);
            l.basis(&q, &it.basis);
            record_test(l, &format!("{q}.when"), &it.when, r);
            dates(l, &q, it);
            if !it.points.is_finite() {
                l.err(
                    format!("{q}.points"),
                    None,
                    "分值必须是有限数",
                    "points must be a finite number",
                );
            }
        }
    }
}

/// A cycle window needs its basis, what is assumed without the cycle's start, and person
/// subjects (only they carry `qualified_on`); a rise limit needs its id, basis and a step.
fn window_rules(l: &mut Lint, ids: &mut Ids, p: &str, g: &GradeScheme) {
    if g.window == Some(WindowKind::CycleFromQualification) {
        if g.window_basis
            .as_deref()
            .is_none_or(|b| b.trim().is_empty())
        {
            l.err(
                format!("{p}.window_basis"),
                None,
                "按从业资格证初次领取日期划分考核周期的方案必须写明周期的依据",
                "a scheme with cycles from the qualification date needs `window_basis`",
            );
        }
        if g.window_fallback_assumption
            .as_deref()
            .is_none_or(|b| b.trim().is_empty())
        {
            l.err(
                format!("{p}.window_fallback_assumption"),
                None,
                "必须说明未填写初次领取日期时的假定",
                "say what is assumed when the input has no `qualified_on` (`window_fallback_assumption`)",
            );
        }
        if g.kinds
            .iter()
            .any(|k| *k != xinyong_model::SubjectKind::Person)
        {
            l.err(
                format!("{p}.kinds"),
                None,
                "按从业资格证初次领取日期划分考核周期的方案只适用于个人主体",
                "cycles from the qualification date apply to person subjects only",
            );
        }
    }
    if g.window_months == 0 {
        l.err(
            format!("{p}.window_months"),
            Some("0".into()),
            "评价期至少为1个月",
            "the evaluation period must be at least one month",
        );
    }
    if let Some(rl) = &g.rise_limit {
        let q = format!("{p}.rise_limit");
        l.id(ids, &q, &rl.id);
        l.basis(&q, &rl.basis);
        if rl.levels == 0 {
            l.err(
                format!("{q}.levels"),
                Some("0".into()),
                "每年可上升的等级数至少为1",
                "a grade must be allowed to rise at least one level a year",
            );
        }
    }
    for (i, c) in g.level_caps.iter().enumerate() {
        let q = format!("{p}.level_caps[{i}]");
        l.id(ids, &q, &c.id);
        l.basis(&q, &c.basis);
        if !g.bands.iter().any(|b| b.level == c.level) {
            l.err(
                format!("{q}.level"),
                Some(format!("\"{}\"", c.level)),
                "封顶等级不是本评价方案的等级",
                "the cap's level is not a level of this scheme",
            );
        }
        // Every figure is a percentage today (drivers_aa_share).
        if !(c.min.is_finite() && (0.0..=100.0).contains(&c.min)) {
            l.err(
                format!("{q}.min"),
                Some(c.min.to_string()),
                "门槛应为 0 到 100 之间的百分数",
                "the threshold must be a percentage from 0 to 100",
            );
        }
    }
}

/// `from` must not come after `until`.
fn dates(l: &mut Lint, path: &str, x: &dyn Dated) {
    if let (Some(f), Some(u)) = x.span() {
        if f > u {
            l.err(
                format!("{path}.from"),
                Some(f.to_string()),
                format!("生效日期晚于失效日期 {u}"),
                format!("`from` is after `until` ({u})"),
            );
        }
    }
}

/// Bands bounding both the score and a counter: every cell of the score × counter plane
/// (score within floor..=ceiling, counter ≥ 0) must fall in exactly one band.
fn coverage_2d(l: &mut Lint, p: &str, g: &GradeScheme) {
    // The check walks every cell of the plane; keep it small enough for hostile packs.
    if g.bands.len() > MAX_COUNTER_BANDS {
        l.err(
            format!("{p}.bands"),
            Some(g.bands.len().to_string()),
            format!("带计数条件的评价方案最多 {MAX_COUNTER_BANDS} 个分段"),
            format!("a scheme with counter bounds may have at most {MAX_COUNTER_BANDS} bands"),
        );
        return;
    }
    fn cells(points: Vec<f64>, lo: f64, hi: f64) -> Vec<(f64, Option<f64>, Option<f64>)> {
        // (sample, cell start, cell end); a band bound is always a cell boundary, so one
        // sample decides the whole cell.
        let mut b: Vec<f64> = points.into_iter().filter(|x| x.is_finite()).collect();
        crate::sort::sort_by(&mut b, f64::total_cmp);
        b.dedup();
        let mut out = Vec::new();
        if let Some(first) = b.first() {
            out.push((first - 1.0, None, Some(*first)));
        }
        for (i, x) in b.iter().enumerate() {
            out.push((*x, Some(*x), b.get(i + 1).copied()));
        }
        if b.is_empty() {
            out.push((0.0, None, None));
        }
        out.retain(|c| c.0 >= lo && c.0 <= hi);
        out
    }
    let lo = g.floor.unwrap_or(f64::NEG_INFINITY);
    let hi = g.ceiling.unwrap_or(f64::INFINITY);
    let scores = cells(
        g.bands
            .iter()
            .flat_map(|b| [b.min, b.below])
            .chain([g.floor, g.ceiling])
            .flatten()
            .collect(),
        lo,
        hi,
    );
    let counters = cells(
        g.bands
            .iter()
            .flat_map(|b| [b.counter_min, b.counter_below])
            .flatten()
            .chain([0.0])
            .collect(),
        0.0,
        f64::INFINITY,
    );
    let show = |c: &(f64, Option<f64>, Option<f64>)| {
        let a = c.1.map_or("−∞".to_string(), |x| x.to_string());
        let b = c.2.map_or("+∞".to_string(), |x| x.to_string());
        format!("[{a}, {b})")
    };
    for s in &scores {
        for c in &counters {
            let hits: Vec<&str> = g
                .bands
                .iter()
                .filter(|b| {
                    b.min.is_none_or(|m| s.0 >= m)
                        && b.below.is_none_or(|m| s.0 < m)
                        && b.counter_min.is_none_or(|m| c.0 >= m)
                        && b.counter_below.is_none_or(|m| c.0 < m)
                })
                .map(|b| b.id.as_str())
                .collect();
            let cell = format!("score {} × counter {}", show(s), show(c));
            if hits.is_empty() {
                l.err(
                    format!("{p}.bands"),
                    Some(cell.clone()),
                    format!("分值与计数的组合 {cell} 没有对应等级（缺口）"),
                    format!("no band covers {cell} (gap)"),
                );
            } else if hits.len() > 1 {
                l.err(
                    format!("{p}.bands"),
                    Some(cell.clone()),
                    format!("{cell} 同时落入多个分段：{}（重叠）", hits.join(", ")),
                    format!(
                        "{cell} falls in several bands: {} (overlap)",
                        hits.join(", ")
                    ),
                );
            }
        }
    }
}

fn calendar(l: &mut Lint, c: &Calendar) {
    let mut years = Vec::new();
    for (i, y) in c.years.iter().enumerate() {
        let p = format!("calendar.years[{i}]");
        if !first_time(&mut years, y.year) {
            l.err(
                format!("{p}.year"),
                Some(y.year.to_string()),
                "年份重复",
                "year listed twice",
            );
        }
        l.basis(&p, &y.basis);
        for (j, d) in y.holidays.iter().enumerate() {
            if d.0.year() != y.year {
                l.err(
                    format!("{p}.holidays[{j}]"),
                    Some(d.to_string()),
                    "日期不在该年份内",
                    "date is not in this year",
                );
            }
            if y.workdays.contains(d) {
                l.err(
                    format!("{p}.holidays[{j}]"),
                    Some(d.to_string()),
                    "同一天既是假日又是调休工作日",
                    "day is both a holiday and a make-up working day",
                );
            }
        }
        for (j, d) in y.workdays.iter().enumerate() {
            if d.0.year() != y.year {
                l.err(
                    format!("{p}.workdays[{j}]"),
                    Some(d.to_string()),
                    "日期不在该年份内",
                    "date is not in this year",
                );
            }
            if !matches!(d.0.weekday(), Weekday::Sat | Weekday::Sun) {
                l.err(
                    format!("{p}.workdays[{j}]"),
                    Some(d.to_string()),
                    "调休工作日应为周六或周日",
                    "a make-up working day must be a Saturday or Sunday",
                );
            }
        }
    }
}
