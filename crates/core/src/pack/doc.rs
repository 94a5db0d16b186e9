//! `xinyong pack doc ID`: one Markdown page per pack, generated from the resolved rules, so
//! the documentation can never drift from what the engine evaluates. The pages are committed
//! under `docs/packs/ID.md` and a test regenerates and compares them.

use std::fmt::Write as _;

use serde::Serialize;

use super::schema::*;
use super::{Keyed, Pack};

/// Where a rule of a resolved pack comes from, relative to its base.
fn origin<T: Keyed + Serialize>(item: &T, base: Option<&[T]>, own: &str) -> String {
    let Some(base) = base else {
        return own.to_string();
    };
    match base.iter().find(|b| b.key() == item.key()) {
        None => format!("**{own}**"),
        Some(b) if json(b) != json(item) => format!("**{own}** (replaces or extends base)"),
        Some(_) => "base".to_string(),
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// A table cell: no line breaks, no unescaped pipes.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn code<T: Serialize>(v: &T) -> String {
    format!("`{}`", cell(&json(v)))
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or("—".to_string(), |x| x.to_string())
}

fn dates(from: &Option<xinyong_model::Date>, until: &Option<xinyong_model::Date>) -> String {
    match (from, until) {
        (None, None) => "—".into(),
        (f, u) => format!("{} → {}", opt(f), opt(u)),
    }
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

fn range(lo: Option<f64>, hi: Option<f64>) -> String {
    match (lo, hi) {
        (None, None) => "any".into(),
        (Some(l), None) => format!("≥ {}", num(l)),
        (None, Some(h)) => format!("< {}", num(h)),
        (Some(l), Some(h)) => format!("{} ≤ x < {}", num(l), num(h)),
    }
}

/// Everything a page lists as "assumed": (rule path, assumption).
fn assumptions(f: &PackFile) -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut add = |path: String, a: &Option<String>| {
        if let Some(a) = a {
            v.push((path, a.clone()));
        }
    };
    for r in &f.regimes {
        add(r.id.to_string(), &r.assumption);
        for (t, p) in &r.tiers {
            add(format!("{}.tiers.{t}", r.id), &p.assumption);
        }
        for u in &r.unpublished {
            add(u.id.to_string(), &u.assumption);
        }
        for x in &r.field_min {
            add(x.id.to_string(), &x.assumption);
        }
        for c in &r.conditions {
            add(c.id.to_string(), &c.assumption);
        }
        for x in &r.exclusions {
            add(x.id.to_string(), &x.assumption);
        }
        if let Some(x) = &r.prior_records {
            add(x.id.to_string(), &x.assumption);
        }
        for x in &r.tier_rules {
            add(x.id.to_string(), &x.assumption);
        }
        for x in &r.persists {
            add(x.id.to_string(), &x.assumption);
        }
        for (k, a) in &r.default_tier_assumption {
            add(format!("{}.default_tier.{k}", r.id), &Some(a.clone()));
        }
        for (k, a) in &r.record_tier_assumption {
            add(format!("{}.record_tier.{k}", r.id), &Some(a.clone()));
        }
    }
    for x in &f.simplified_procedure {
        add(x.id.to_string(), &x.assumption);
    }
    for b in &f.behaviours {
        add(b.code.clone(), &b.assumption);
    }
    for g in &f.grade_schemes {
        add(g.id.to_string(), &g.assumption);
        for b in &g.bands {
            add(b.id.to_string(), &b.assumption);
        }
        for i in &g.items {
            add(i.id.to_string(), &i.assumption);
        }
        if let Some(r) = &g.in_force {
            add(r.id.to_string(), &r.assumption);
        }
        for d in &g.direct_lowest {
            add(d.id.to_string(), &d.assumption);
        }
        if let Some(c) = &g.counter {
            add(c.id.to_string(), &c.assumption);
            for i in &c.items {
                add(i.id.to_string(), &i.assumption);
            }
        }
        add(format!("{}.window", g.id), &g.window_fallback_assumption);
        if let Some(rl) = &g.rise_limit {
            add(rl.id.to_string(), &rl.assumption);
        }
        for c in &g.level_caps {
            add(c.id.to_string(), &c.assumption);
        }
    }
    for c in &f.commitment_schemes {
        add(c.id.to_string(), &c.assumption);
        for x in &c.exclusions {
            add(x.id.to_string(), &x.assumption);
        }
    }
    for s in &f.supervision {
        add(s.id.to_string(), &s.assumption);
    }
    for m in &f.measures {
        add(m.id.to_string(), &m.assumption);
    }
    for w in &f.warnings {
        add(w.id.to_string(), &w.assumption);
    }
    v
}

/// The Markdown page of `pack`; `base` is the pack it overlays (to tell added rules from
/// inherited ones).
pub fn markdown(pack: &Pack, base: Option<&Pack>) -> String {
    let m = &pack.meta;
    let f = &pack.rules;
    let b = base.map(|b| &b.rules);
    let own = m.id.as_str();
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(w, "# {} — `{}`\n", m.zh, m.id);
    let _ = writeln!(w, "{}\n", m.en);
    let _ = writeln!(
        w,
        "<!-- Generated by `xinyong pack doc {id}` from packs/{id}/. Do not edit by hand: change the pack, then run\n     `cargo run -q -p xinyong-cli -- pack doc {id} > docs/packs/{id}.md`\n     (or `XINYONG_BLESS=1 cargo test -p xinyong-core --test pack_docs` for every pack). -->\n",
        id = m.id
    );
    let _ = writeln!(w, "| | |\n|---|---|");
    let _ = writeln!(w, "| 版本 Version | {} |", m.version);
    let _ = writeln!(
        w,
        "| 基础包 Base | {} |",
        m.base.as_deref().map_or("—".into(), |x| format!("`{x}`"))
    );
    let _ = writeln!(
        w,
        "| 生效 Effective | {} → {} |",
        m.effective_from,
        opt(&m.effective_to)
    );
    if let Some(r) = &m.region_zh {
        let _ = writeln!(w, "| 地区 Region | {r} |");
    }
    let _ = writeln!(w, "| 依据 Basis | {} |", cell(&m.basis));
    if let Some(u) = &m.source_url {
        let _ = writeln!(w, "| 来源 Source | <{u}> |");
    }
    let _ = writeln!(w);
    if base.is_some() {
        let _ = writeln!(
            w,
            "Rules marked **{own}** in the tables below are this pack's own (added or replacing a base rule); `base` rules are inherited unchanged.\n"
        );
    }

    // ---- what the overlay changes
    if let Some(bf) = b {
        let mut added = Vec::new();
        let mut replaced = Vec::new();
        fn scan<T: Keyed + Serialize>(
            section: &str,
            mine: &[T],
            base: &[T],
            added: &mut Vec<String>,
            replaced: &mut Vec<String>,
        ) {
            for it in mine {
                match base.iter().find(|x| x.key() == it.key()) {
                    None => added.push(format!("{section} `{}`", it.key())),
                    Some(x) if json(x) != json(it) => {
                        replaced.push(format!("{section} `{}`", it.key()))
                    }
                    Some(_) => {}
                }
            }
        }
        scan(
            "catalogue",
            &f.catalogue,
            &bf.catalogue,
            &mut added,
            &mut replaced,
        );
        scan("regime", &f.regimes, &bf.regimes, &mut added, &mut replaced);
        scan(
            "behaviour",
            &f.behaviours,
            &bf.behaviours,
            &mut added,
            &mut replaced,
        );
        scan(
            "grade scheme",
            &f.grade_schemes,
            &bf.grade_schemes,
            &mut added,
            &mut replaced,
        );
        scan(
            "commitment scheme",
            &f.commitment_schemes,
            &bf.commitment_schemes,
            &mut added,
            &mut replaced,
        );
        scan(
            "supervision",
            &f.supervision,
            &bf.supervision,
            &mut added,
            &mut replaced,
        );
        scan(
            "measure",
            &f.measures,
            &bf.measures,
            &mut added,
            &mut replaced,
        );
        scan(
            "warning",
            &f.warnings,
            &bf.warnings,
            &mut added,
            &mut replaced,
        );
        scan("letter", &f.letters, &bf.letters, &mut added, &mut replaced);
        let mut removed = Vec::new();
        fn gone<T: Keyed>(section: &str, mine: &[T], base: &[T], out: &mut Vec<String>) {
            for x in base {
                if !mine.iter().any(|m| m.key() == x.key()) {
                    out.push(format!("{section} `{}`", x.key()));
                }
            }
        }
        gone(
            "grade scheme",
            &f.grade_schemes,
            &bf.grade_schemes,
            &mut removed,
        );
        gone(
            "commitment scheme",
            &f.commitment_schemes,
            &bf.commitment_schemes,
            &mut removed,
        );
        gone("supervision", &f.supervision, &bf.supervision, &mut removed);
        gone("measure", &f.measures, &bf.measures, &mut removed);
        gone("warning", &f.warnings, &bf.warnings, &mut removed);
        gone("catalogue", &f.catalogue, &bf.catalogue, &mut removed);
        let base_id = m.base.as_deref().unwrap_or("base");
        let _ = writeln!(w, "## 本包对 `{base_id}` 的改动 What this pack changes\n");
        for (label, list) in [
            ("新增 Added", &added),
            ("替换或扩充 Replaced or extended", &replaced),
            ("删除 Removed", &removed),
        ] {
            let body = if list.is_empty() {
                "—".to_string()
            } else {
                list.join(", ")
            };
            let _ = writeln!(w, "- {label}: {body}");
        }
        let _ = writeln!(w);
    }

    // ---- grade schemes
    let _ = writeln!(w, "## 信用评价方案 Grade schemes\n");
    if f.grade_schemes.is_empty() {
        let _ = writeln!(w, "—\n");
    }
    for g in &f.grade_schemes {
        let _ = writeln!(w, "### `{}` {} ({})\n", g.id, g.zh, g.en);
        let ind = |v: &[xinyong_model::Industry]| {
            v.iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            w,
            "- 来源 Origin: {}",
            origin(g, b.map(|x| x.grade_schemes.as_slice()), own)
        );
        let _ = writeln!(w, "- 依据 Basis: {}", g.basis);
        if let Some(u) = &g.source_url {
            let _ = writeln!(w, "- 来源 Source: <{u}>");
        }
        let kinds: Vec<String> = g.kinds.iter().map(|k| format!("`{k}`")).collect();
        let _ = writeln!(
            w,
            "- 主体 Subjects: {}; 行业 industries: {}; 主方案 primary for: {}",
            kinds.join(", "),
            ind(&g.industries),
            if g.primary_for.is_empty() {
                "— (secondary scheme)".to_string()
            } else {
                ind(&g.primary_for)
            }
        );
        let period = match g.window {
            Some(WindowKind::CycleFromQualification) => format!(
                "cycles of {} months from the subject's `qualified_on` (从业资格证初次领取日期), points cleared at each cycle's end",
                g.window_months
            ),
            _ => format!("{} months before the check date", g.window_months),
        };
        let _ = writeln!(
            w,
            "- 计分 Scoring: `{}` from {} (floor {}, ceiling {}); 评价周期 period: {period}",
            match g.mode {
                ScoreMode::Deduct => "deduct",
                ScoreMode::Accumulate => "accumulate",
            },
            num(g.base),
            g.floor.map_or("—".into(), num),
            g.ceiling.map_or("—".into(), num),
        );
        if let Some(b) = &g.window_basis {
            let _ = writeln!(w, "- 周期依据 Period basis: {b}");
        }
        if let Some(a) = &g.window_fallback_assumption {
            let _ = writeln!(w, "- ⚠ 周期假定 Period assumption (no `qualified_on`): {a}");
        }
        if let Some(rl) = &g.rise_limit {
            let _ = writeln!(
                w,
                "- 升级限制 Rise limit `{}`: {} — at most {} level(s) a year; {}{}",
                rl.id,
                rl.zh,
                rl.levels,
                rl.basis,
                if rl.assumption.is_some() { " ⚠" } else { "" }
            );
        }
        for c in &g.level_caps {
            let _ = writeln!(
                w,
                "- 等级封顶 Level cap `{}`: {} — at best {} unless `subject.{}` ≥ {} (absent: not met); {}{}",
                c.id,
                c.zh,
                c.level,
                c.figure.as_str(),
                num(c.min),
                c.basis,
                if c.assumption.is_some() { " ⚠" } else { "" }
            );
        }
        if g.from.is_some() || g.until.is_some() {
            let _ = writeln!(w, "- 施行 In force: {}", dates(&g.from, &g.until));
        }
        if let Some(a) = &g.assumption {
            let _ = writeln!(w, "- ⚠ 假定 Assumption: {a}");
        }
        let with_counter = g.counter.is_some();
        let _ = writeln!(
            w,
            "\n| 等级 Level | 含义 | Standing | 分值 Score |{} 依据 Basis |",
            if with_counter {
                " 计数 Counter |"
            } else {
                ""
            }
        );
        let _ = writeln!(
            w,
            "|---|---|---|---|{}---|",
            if with_counter { "---|" } else { "" }
        );
        for band in &g.bands {
            let counter = if with_counter {
                format!(" {} |", range(band.counter_min, band.counter_below))
            } else {
                String::new()
            };
            let _ = writeln!(
                w,
                "| {} (`{}`) | {}{} | {} | {} |{} {}{} |",
                band.level,
                band.id,
                band.zh,
                band.en
                    .as_ref()
                    .map_or(String::new(), |e| format!(" / {e}")),
                band.standing.as_str(),
                range(band.min, band.below),
                counter,
                cell(&band.basis),
                if band.assumption.is_some() {
                    " ⚠"
                } else {
                    ""
                }
            );
        }
        let _ = writeln!(w);
        let items = |w: &mut String, title: &str, items: &[GradeItemRule]| {
            if items.is_empty() {
                return;
            }
            let _ = writeln!(w, "{title}\n");
            let _ = writeln!(
                w,
                "| Rule | 内容 | When | Points | Cap | 施行 In force | 依据 Basis |"
            );
            let _ = writeln!(w, "|---|---|---|---|---|---|---|");
            for it in items {
                let pts = match it.points_from {
                    PointsFrom::Rule => num(it.points),
                    PointsFrom::Record => format!(
                        "record's points (sign {})",
                        if it.points < 0.0 { "−" } else { "+" }
                    ),
                };
                let _ = writeln!(
                    w,
                    "| `{}` | {} | {} | {} | {} | {} | {}{} |",
                    it.id,
                    it.zh,
                    code(&it.when),
                    pts,
                    it.cap.map_or("—".into(), num),
                    dates(&it.from, &it.until),
                    cell(&it.basis),
                    if it.assumption.is_some() { " ⚠" } else { "" }
                );
            }
            let _ = writeln!(w);
        };
        items(w, "计分项 Items:", &g.items);
        if let Some(c) = &g.counter {
            let _ = writeln!(
                w,
                "计数 Counter `{}` {} ({}): {}{}\n",
                c.id,
                c.zh,
                c.en,
                c.basis,
                if c.assumption.is_some() { " ⚠" } else { "" }
            );
            items(w, "计数项 Counter items:", &c.items);
        }
        if !g.direct_lowest.is_empty() {
            let _ = writeln!(w, "直接定为最低等级 Direct to the lowest level:\n");
            let _ = writeln!(w, "| Rule | 内容 | When | Lasts | 依据 Basis |");
            let _ = writeln!(w, "|---|---|---|---|---|");
            for d in &g.direct_lowest {
                let _ = writeln!(
                    w,
                    "| `{}` | {} | {} | {} | {}{} |",
                    d.id,
                    d.zh,
                    code(&d.when),
                    match (d.months, d.while_in_force) {
                        (None, _) => "while the record matches".to_string(),
                        (Some(m), Some(true)) => {
                            format!("{m} months, and at least while the record is in force")
                        }
                        (Some(m), _) => format!("{m} months"),
                    },
                    cell(&d.basis),
                    if d.assumption.is_some() { " ⚠" } else { "" }
                );
            }
            let _ = writeln!(w);
        }
        match &g.in_force {
            Some(r) => {
                let _ = writeln!(
                    w,
                    "适用等级 Grade in force (`{}`){}:
",
                    r.id,
                    if r.assumption.is_some() { " ⚠" } else { "" }
                );
                let _ = writeln!(
                    w,
                    "- an official result stays in force {} months from its date — {}",
                    r.official_months,
                    cell(&r.official_basis)
                );
                if let Some(l) = &r.default_level {
                    let _ = writeln!(
                        w,
                        "- not evaluated yet: treated as **{l}**{}{} — {}",
                        r.default_unless
                            .as_ref()
                            .map_or(String::new(), |t| format!(" unless {}", code(t))),
                        r.barred_level
                            .as_ref()
                            .map_or(String::new(), |b| format!("; otherwise at best **{b}**")),
                        cell(r.default_basis.as_deref().unwrap_or(""))
                    );
                } else {
                    let _ = writeln!(w, "- not evaluated yet: no default grade in the sources; the projection is used, flagged assumed");
                }
                let _ = writeln!(w);
            }
            None => {
                let _ = writeln!(w, "适用等级 Grade in force: the pack does not say how long an official result lasts; the worse of the official and the computed grade is used, flagged assumed.\n");
            }
        }
    }

    // ---- commitment schemes
    let _ = writeln!(w, "## 信用承诺 Commitment schemes\n");
    for c in &f.commitment_schemes {
        let _ = writeln!(w, "### `{}` {} ({})\n", c.id, c.zh, c.en);
        let _ = writeln!(
            w,
            "- 来源 Origin: {}",
            origin(c, b.map(|x| x.commitment_schemes.as_slice()), own)
        );
        let _ = writeln!(w, "- 依据 Basis: {}", c.basis);
        let _ = writeln!(
            w,
            "- 适用 Applies to: kinds {}, industries {}",
            c.kinds.as_ref().map_or("any".into(), code),
            c.industries.as_ref().map_or("any".into(), code)
        );
        if c.from.is_some() || c.until.is_some() {
            let _ = writeln!(w, "- 施行 In force: {}", dates(&c.from, &c.until));
        }
        let _ = writeln!(w, "\n| Exclusion | 不适用情形 | When | 依据 Basis |");
        let _ = writeln!(w, "|---|---|---|---|");
        for x in &c.exclusions {
            let _ = writeln!(
                w,
                "| `{}` | {} | {} | {}{} |",
                x.id,
                x.zh,
                code(&x.when),
                cell(&x.basis),
                if x.assumption.is_some() { " ⚠" } else { "" }
            );
        }
        for x in &c.scope_exclusions {
            let _ = writeln!(
                w,
                "| `{}` | {} | (scope) | {} |",
                x.id,
                x.zh,
                cell(&x.basis)
            );
        }
        let _ = writeln!(w);
    }

    // ---- regimes
    let _ = writeln!(w, "## 公示与修复 Publicity and repair\n");
    let _ = writeln!(w, "The version in force on the check date applies; a record decided before that version came into force is judged as its transitional rule (below) says.\n");
    let _ = writeln!(w, "| Regime | From | 轻微 minor | 一般 general | 严重 serious | Longer minimum by field | 依据 Basis |");
    let _ = writeln!(w, "|---|---|---|---|---|---|---|");
    for r in &f.regimes {
        let tier = |t: xinyong_model::Tier| {
            r.tiers.get(&t).map_or("—".into(), |p| {
                format!(
                    "{}{}–{} months{}",
                    if p.published { "" } else { "not published; " },
                    p.min_months,
                    p.max_months,
                    if p.assumption.is_some() { " ⚠" } else { "" }
                )
            })
        };
        let fields: Vec<String> = r
            .field_min
            .iter()
            .map(|x| format!("{}: ≥ {} months", code(&x.fields), x.min_months))
            .collect();
        let _ = writeln!(
            w,
            "| `{}` {} | {} | {} | {} | {} | {} | {} |",
            r.id,
            r.zh,
            r.from,
            tier(xinyong_model::Tier::Minor),
            tier(xinyong_model::Tier::General),
            tier(xinyong_model::Tier::Serious),
            if fields.is_empty() {
                "—".into()
            } else {
                fields.join("; ")
            },
            cell(&r.basis)
        );
    }
    let _ = writeln!(w);

    // ---- per regime: how records are judged beyond the periods
    for r in &f.regimes {
        let mut lines = Vec::new();
        if let Some(x) = &r.prior_records {
            lines.push(format!(
                "- 施行前的记录 Records decided before {}: {} — `{}`{} ({})",
                r.from,
                code(&x.judge),
                x.id,
                if x.assumption.is_some() { " ⚠" } else { "" },
                cell(&x.basis)
            ));
        }
        for (k, t) in &r.default_tier {
            lines.push(format!(
                "- 默认等级 Default tier `{k}` → {t}{}",
                if r.default_tier_assumption.contains_key(k) {
                    " ⚠"
                } else {
                    ""
                }
            ));
        }
        for x in &r.tier_rules {
            lines.push(format!(
                "- 定级 Tier rule `{}`: {} → {}{} ({})",
                x.id,
                code(&x.when),
                x.tier,
                if x.assumption.is_some() { " ⚠" } else { "" },
                cell(&x.basis)
            ));
        }
        for (k, t) in &r.record_tier {
            lines.push(format!(
                "- 记录等级 Record tier `{k}` → {t}{} ({})",
                if r.record_tier_assumption.contains_key(k) {
                    " ⚠"
                } else {
                    ""
                },
                cell(r.record_tier_basis.get(k).map_or("—", String::as_str))
            ));
        }
        for x in &r.exclusions {
            lines.push(format!(
                "- 不予修复 Not repairable `{}`: {}{} ({})",
                x.id,
                code(&x.when),
                if x.assumption.is_some() { " ⚠" } else { "" },
                cell(&x.basis)
            ));
        }
        for x in &r.persists {
            lines.push(format!(
                "- 公示期满后仍有效 In force after publicity until repaired `{}`: {}{} ({})",
                x.id,
                code(&x.when),
                if x.assumption.is_some() { " ⚠" } else { "" },
                cell(&x.basis)
            ));
        }
        let _ = writeln!(w, "### `{}`\n", r.id);
        for l in lines {
            let _ = writeln!(w, "{l}");
        }
        let _ = writeln!(w);
    }
    if !f.simplified_procedure.is_empty() {
        let _ = writeln!(w, "### 简易程序 Simplified procedure\n");
        let _ = writeln!(
            w,
            "| Rule | Dates | Penalties | Person ≤ | Organisation ≤ | 依据 Basis |"
        );
        let _ = writeln!(w, "|---|---|---|---|---|---|");
        for x in &f.simplified_procedure {
            let _ = writeln!(
                w,
                "| `{}`{} | {} | {} | {} | {} | {} |",
                x.id,
                if x.assumption.is_some() { " ⚠" } else { "" },
                dates(&x.from, &x.until),
                code(&x.penalties),
                num(x.max_fine_person),
                num(x.max_fine_organisation),
                cell(&x.basis)
            );
        }
        let _ = writeln!(w);
    }

    // ---- catalogue
    let _ = writeln!(w, "## 信用信息目录 Catalogue\n");
    let _ = writeln!(
        w,
        "Record types outside this list are reported as ignored.\n"
    );
    let _ = writeln!(
        w,
        "| Type | 名称 | Requires | Adverse | Origin | 依据 Basis |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|---|");
    for c in &f.catalogue {
        let mut req = c.requires.join(", ");
        if !c.requires_one_of.is_empty() {
            req.push_str(&format!("; one of {}", c.requires_one_of.join("/")));
        }
        let _ = writeln!(
            w,
            "| `{}` | {} | {} | {} | {} | {} |",
            c.kind,
            c.zh,
            req,
            if c.adverse { "yes" } else { "no" },
            origin(c, b.map(|x| x.catalogue.as_slice()), own),
            cell(&c.basis)
        );
    }
    let _ = writeln!(w);

    // ---- supervision, measures, warnings, letters
    let _ = writeln!(w, "## 分级分类监管 Supervision classes\n");
    let _ = writeln!(w, "The first class whose test holds applies.\n");
    let _ = writeln!(
        w,
        "| Rule | Class | 检查 Inspection | When | 施行 In force | Origin | 依据 Basis |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|---|---|");
    for s in &f.supervision {
        let _ = writeln!(
            w,
            "| `{}` | `{}` {}{} | {} | {} | {} | {} | {}{} |",
            s.id,
            s.class,
            s.zh,
            s.en.as_ref().map_or(String::new(), |e| format!(" / {e}")),
            s.inspection_zh,
            s.when.as_ref().map_or("(default)".into(), code),
            dates(&s.from, &s.until),
            origin(s, b.map(|x| x.supervision.as_slice()), own),
            cell(&s.basis),
            if s.assumption.is_some() { " ⚠" } else { "" }
        );
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "## 守信激励与失信惩戒 Measures\n");
    let _ = writeln!(
        w,
        "Only measures listed here are ever reported (清单之外不惩戒).\n"
    );
    let _ = writeln!(
        w,
        "| Rule | Kind | 措施 | When | 施行 In force | Origin | 依据 Basis |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|---|---|");
    for x in &f.measures {
        let _ = writeln!(
            w,
            "| `{}` | {} | {} | {} | {} | {} | {}{} |",
            x.id,
            match x.kind {
                MeasureKind::Incentive => "incentive",
                MeasureKind::Restriction => "restriction",
            },
            x.zh,
            code(&x.when),
            dates(&x.from, &x.until),
            origin(x, b.map(|y| y.measures.as_slice()), own),
            cell(&x.basis),
            if x.assumption.is_some() { " ⚠" } else { "" }
        );
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "## 提示与预警 Warnings\n");
    let _ = writeln!(
        w,
        "| Rule | 内容 | When | 施行 In force | Origin | 依据 Basis |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|---|");
    for x in &f.warnings {
        let _ = writeln!(
            w,
            "| `{}` | {} | {} | {} | {} | {}{} |",
            x.id,
            x.zh,
            code(&x.when),
            dates(&x.from, &x.until),
            origin(x, b.map(|y| y.warnings.as_slice()), own),
            cell(&x.basis),
            if x.assumption.is_some() { " ⚠" } else { "" }
        );
    }
    let _ = writeln!(w);
    if !f.letters.is_empty() {
        let _ = writeln!(w, "## 文书 Letters\n");
        let _ = writeln!(w, "Listed per repair entry in `repairs[].letters`; filled by `xinyong_core::letters::fill_report`.\n");
        let _ = writeln!(w, "| Letter | 名称 | For records | 依据 Basis |");
        let _ = writeln!(w, "|---|---|---|---|");
        for l in &f.letters {
            let _ = writeln!(
                w,
                "| `{}` | {} ({}) | {} | {} |",
                l.id,
                l.zh,
                l.en,
                l.when.as_ref().map_or("every adverse record".into(), code),
                cell(&l.basis)
            );
        }
        let _ = writeln!(w);
    }
    if !f.behaviours.is_empty() {
        let _ = writeln!(w, "## 行为代码 Behaviour codes\n");
        let _ = writeln!(w, "| Code | 行为 | Points | Tier | Scheme | 依据 Basis |");
        let _ = writeln!(w, "|---|---|---|---|---|---|");
        for x in &f.behaviours {
            let _ = writeln!(
                w,
                "| `{}` | {} | {} | {} | {} | {} |",
                x.code,
                x.zh,
                x.points.map_or("—".into(), num),
                opt(&x.tier),
                opt(&x.scheme),
                cell(&x.basis)
            );
        }
        let _ = writeln!(w);
    }
    if let Some(c) = &f.calendar {
        let years: Vec<String> = c.years.iter().map(|y| y.year.to_string()).collect();
        let _ = writeln!(
            w,
            "## 工作日历 Working-day calendar\n\n{}: {}; outside these years only weekends are skipped.\n",
            c.zh,
            years.join(", ")
        );
    }

    // ---- optional parts left out (none in a shipped pack)
    if !pack.defaults.is_empty() {
        let _ = writeln!(w, "## 默认值 Defaults used\n");
        let _ = writeln!(w, "Optional parts this pack leaves out, and what applies instead (the values above are the effective ones; docs/packs/README.md says why each default is sound).\n");
        let _ = writeln!(w, "| Path | 默认 Default |");
        let _ = writeln!(w, "|---|---|");
        for d in &pack.defaults {
            let _ = writeln!(w, "| `{}` | {} / {} |", d.path, cell(&d.zh), cell(&d.en));
        }
        let _ = writeln!(w);
    }

    // ---- gaps
    let _ = writeln!(w, "## 已知缺口 Known gaps\n");
    if m.gaps.is_empty() {
        let _ = writeln!(w, "- —");
    }
    for g in &m.gaps {
        let _ = writeln!(w, "- {g}");
    }
    if let Some(bp) = base {
        if !bp.meta.gaps.is_empty() {
            let _ = writeln!(w, "\nInherited from `{}`:\n", bp.meta.id);
            for g in &bp.meta.gaps {
                let _ = writeln!(w, "- {g}");
            }
        }
    }
    let _ = writeln!(w, "\n### 假定值 Assumptions (⚠ above)\n");
    let _ = writeln!(w, "Every number or reading the sources do not confirm; reports flag answers that use one (`assumed: true`).\n");
    let _ = writeln!(w, "| Rule | 假定 Assumption | Origin |");
    let _ = writeln!(w, "|---|---|---|");
    let inherited = b.map(assumptions).unwrap_or_default();
    for (path, a) in assumptions(f) {
        let from = if inherited.iter().any(|(p, x)| *p == path && *x == a) {
            "base".to_string()
        } else {
            format!("**{own}**")
        };
        let _ = writeln!(w, "| `{path}` | {} | {from} |", cell(&a));
    }
    // Only a pack that loosens a national rule (on a regional document's authority) has it.
    let loosened = super::loosened(f);
    if !loosened.is_empty() {
        let _ = writeln!(w, "\n### 放宽全国规则 Loosened national rules\n");
        let _ = writeln!(w, "Rules looser than the national rules on a regional document's authority (`loosens_national`); every report made with this pack warns of each (`loosens_national.<rule>`).\n");
        let _ = writeln!(w, "| Rule | 依据 Authority |");
        let _ = writeln!(w, "|---|---|");
        for (id, l) in loosened {
            let _ = writeln!(w, "| `{id}` | {} |", cell(l));
        }
    }
    o
}
