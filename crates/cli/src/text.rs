//! `--format text`: the report for a person at a terminal, Chinese first with English beside.

use std::fmt::Write;

use xinyong_model::{GradeSource, Report};

/// The report as text. Every string in it (names, record ids, a portal pack's wording) is
/// escaped for the terminal first (`term::json_strings`): the report goes through its JSON tree,
/// so a field added later cannot be forgotten.
pub fn render(r: &Report) -> Result<String, String> {
    let mut v = serde_json::to_value(r).map_err(|e| e.to_string())?;
    crate::term::json_strings(&mut v);
    let r: Report = serde_json::from_value(v).map_err(|e| e.to_string())?;
    let mut s = String::new();
    let _ = write_report(&mut s, &r);
    Ok(s)
}

fn write_report(s: &mut String, r: &Report) -> std::fmt::Result {
    let subj = &r.subject;
    writeln!(s, "信用自查报告 Credit self-check report — {}", r.as_of)?;
    writeln!(
        s,
        "主体 Subject: {} ({}) {}",
        subj.name,
        subj.id_masked,
        subj.industry.map(|i| i.to_string()).unwrap_or_default()
    )?;
    writeln!(
        s,
        "规则包 Pack: {} {}   适用规则 Rules in force: {}",
        r.pack.id, r.pack.version, r.regime.zh
    )?;
    if let Some(h) = &r.pack.sha256 {
        writeln!(
            s,
            "自定义规则包 Custom pack (not shipped with xinyong), sha256 {h}"
        )?;
    }
    writeln!(s)?;
    writeln!(s, "■ 信用等级 Credit grade")?;
    if r.grades.is_empty() {
        writeln!(s, "  （该行业无适用的评价方案 no scheme applies）")?;
    }
    for g in &r.grades {
        let star = if g.primary { "★" } else { " " };
        let assumed = if g.assumed || g.in_force.assumed {
            "  ⚠ 含假定值 includes assumed figures"
        } else {
            ""
        };
        let f = &g.in_force;
        let source = match f.source {
            GradeSource::Official => "正式评价结果 official result",
            GradeSource::Default => "法定默认等级 legal default",
            GradeSource::Computed => "按记录推算 computed",
        };
        writeln!(
            s,
            " {star}{} {}: 适用等级 in force {} {} ({source}){assumed}",
            g.zh, g.scheme, f.level, f.level_zh
        )?;
        writeln!(s, "      {} / {}", f.zh, f.en)?;
        writeln!(
            s,
            "      按记录推算 computed from the records: {} {} ({})",
            g.level, g.level_zh, g.score
        )?;
        if let Some(c) = &g.cycle {
            let mark = if c.assumed { "⚠ " } else { "" };
            writeln!(s, "      {mark}考核周期 cycle: {}", c.zh)?;
            writeln!(s, "               {}", c.en)?;
        }
        for it in &g.items {
            writeln!(
                s,
                "     {:>+8.2}  {} [{}] {}",
                it.points,
                it.zh,
                it.rule,
                it.record_id.as_deref().unwrap_or("")
            )?;
            writeln!(s, "               依据 basis: {}", it.basis)?;
        }
    }
    writeln!(s)?;
    writeln!(s, "■ 信用承诺 Commitment schemes")?;
    for c in &r.commitments {
        let mark = if c.eligible { "✓" } else { "✗" };
        let from = match (c.eligible, c.eligible_from) {
            (true, _) => String::new(),
            (false, Some(d)) => format!("  最早可用 from {d}"),
            (false, None) => "  暂无法确定可用日期 no date foreseeable".into(),
        };
        writeln!(s, "  {mark} {} {}{from}", c.zh, c.scheme)?;
        for why in &c.reasons {
            writeln!(
                s,
                "      - {} [{}] {}",
                why.zh,
                why.rule,
                why.record_id.as_deref().unwrap_or("")
            )?;
            writeln!(s, "        依据 basis: {}", why.basis)?;
        }
    }
    writeln!(s)?;
    writeln!(s, "■ 信用修复 Repair")?;
    if r.repairs.is_empty() {
        writeln!(s, "  （无失信记录 no adverse records）")?;
    }
    for p in &r.repairs {
        let d =
            |x: Option<xinyong_model::Date>| x.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        writeln!(
            s,
            "  {} ({}, {}): {} {}{}",
            p.record_id,
            p.record_type,
            p.tier,
            p.status,
            p.status.label(false),
            if p.assumed {
                "  ⚠ 含假定 includes assumptions"
            } else {
                ""
            }
        )?;
        if let Some(g) = &p.regime {
            writeln!(s, "      按 judged under: {}", g.zh)?;
        }
        writeln!(
            s,
            "      公示 publicity: 最短至 min to {} · 最长至 max to {} · 可申请修复 repairable from {}",
            d(p.publicity_min_end),
            d(p.publicity_max_end),
            d(p.repairable_from)
        )?;
        for c in &p.conditions {
            let m = if c.met { "☑" } else { "☐" };
            writeln!(s, "      {m} {} [{}]", c.zh, c.id)?;
        }
        if !p.documents.is_empty() {
            writeln!(s, "      材料 documents: {}", p.documents.join("；"))?;
        }
        if let Some(ch) = &p.apply_to {
            writeln!(s, "      受理 apply at: {} {}", ch.zh, ch.url)?;
        }
        if let Some(e) = p.expected_completion {
            writeln!(s, "      预计办结 expected completion: {e}")?;
        }
        for n in &p.notes {
            writeln!(s, "      ※ {}", n.zh)?;
        }
        writeln!(s, "      依据 basis: {}", p.basis)?;
    }
    if let Some(sup) = &r.supervision {
        writeln!(s)?;
        writeln!(
            s,
            "■ 分级分类监管 Supervision: {} — {}",
            sup.zh, sup.inspection
        )?;
    }
    if !r.measures.incentives.is_empty() || !r.measures.restrictions.is_empty() {
        writeln!(s)?;
        writeln!(s, "■ 激励与惩戒 Measures")?;
        for m in &r.measures.incentives {
            writeln!(s, "  + {} [{}]", m.zh, m.id)?;
        }
        for m in &r.measures.restrictions {
            writeln!(s, "  − {} [{}]", m.zh, m.id)?;
        }
    }
    if !r.warnings.is_empty() {
        writeln!(s)?;
        writeln!(s, "■ 提示 Warnings")?;
        for w in &r.warnings {
            writeln!(s, "  ! {}", w.zh)?;
        }
    }
    if !r.ignored.is_empty() {
        writeln!(s)?;
        writeln!(s, "■ 未纳入的记录 Ignored records")?;
        for i in &r.ignored {
            writeln!(s, "  {}: {}", i.record_id, i.reason)?;
        }
    }
    Ok(())
}
