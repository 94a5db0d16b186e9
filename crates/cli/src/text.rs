//! `--format text`: the report for a person at a terminal, Chinese first with English beside.
//! It reads like the widget: names, not the engine's ids (rule ids, scheme ids, field names
//! stay in the JSON output, `--format json`).

use std::fmt::Write;

use xinyong_core::pack::Pack;
use xinyong_model::{GradeSource, Industry, Report, Tier};

/// The report as text. Every string in it (names, record ids, a portal pack's wording) is
/// escaped for the terminal first (`term::json_strings`): the report goes through its JSON tree,
/// so a field added later cannot be forgotten. `pack`, when given, names the record types.
pub fn render(r: &Report, pack: Option<&Pack>) -> Result<String, String> {
    let mut v = serde_json::to_value(r).map_err(|e| e.to_string())?;
    crate::term::json_strings(&mut v);
    let r: Report = serde_json::from_value(v).map_err(|e| e.to_string())?;
    let mut s = String::new();
    let _ = write_report(&mut s, &r, pack);
    Ok(s)
}

/// "中文 / English", or one of them when the other is empty or the same.
fn both(zh: &str, en: &str) -> String {
    match (zh.is_empty(), en.is_empty() || en == zh) {
        (_, true) => zh.to_string(),
        (true, false) => en.to_string(),
        (false, false) => format!("{zh} / {en}"),
    }
}

fn industry(i: Industry) -> (&'static str, &'static str) {
    use Industry::*;
    match i {
        RoadPassenger => ("道路旅客运输", "road passenger transport"),
        RoadFreight => ("道路货物运输", "road freight transport"),
        DangerousGoods => ("危险货物运输", "dangerous goods transport"),
        Taxi => ("巡游出租汽车", "taxi"),
        RideHailing => ("网络预约出租汽车", "ride-hailing"),
        Bus => ("城市公共汽电车", "urban bus"),
        VehicleRepair => ("机动车维修", "vehicle repair"),
        DrivingSchool => ("机动车驾驶员培训", "driving school"),
        WaterwayTransport => ("水路运输", "waterway transport"),
        HighwayConstruction => ("公路施工", "highway construction"),
        WaterwayConstruction => ("水运工程施工", "waterway construction"),
        HighwayMaintenance => ("公路养护", "highway maintenance"),
        ShipLock => ("船舶过闸", "ship lock passage"),
        LocalRailway => ("地方铁路", "local railway"),
        Driver => ("驾驶员（从业人员）", "driver"),
    }
}

fn tier(t: Tier) -> &'static str {
    match t {
        Tier::Minor => "轻微失信 minor",
        Tier::General => "一般失信 general",
        Tier::Serious => "严重失信 serious",
    }
}

fn write_report(s: &mut String, r: &Report, pack: Option<&Pack>) -> std::fmt::Result {
    let subj = &r.subject;
    writeln!(s, "信用自查报告 Credit self-check report — {}", r.as_of)?;
    let ind = subj
        .industry
        .map(|i| {
            let (zh, en) = industry(i);
            format!(" · {zh} {en}")
        })
        .unwrap_or_default();
    writeln!(s, "主体 Subject: {} ({}){ind}", subj.name, subj.id_masked)?;
    let pack_name = if r.pack.zh.is_empty() {
        r.pack.id.clone()
    } else {
        both(&r.pack.zh, &r.pack.en)
    };
    writeln!(
        s,
        "规则包 Rule pack: {pack_name}（版本 version {}）",
        r.pack.version
    )?;
    writeln!(
        s,
        "适用的修复规则 Repair rules in force: {}",
        both(&r.regime.zh, &r.regime.en)
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
        writeln!(s, " {star}{}{assumed}", both(&g.zh, &g.en))?;
        writeln!(
            s,
            "      适用等级 Grade in force: {} {} ({source})",
            f.level,
            both(&f.level_zh, &f.level_en)
        )?;
        writeln!(s, "      {}", f.zh)?;
        writeln!(s, "      {}", f.en)?;
        writeln!(
            s,
            "      按记录推算 Computed from the records: {} {}",
            g.level,
            both(&g.level_zh, &g.level_en)
        )?;
        if !g.score_zh.is_empty() {
            writeln!(s, "      {}", g.score_zh)?;
            writeln!(s, "      {}", g.score_en)?;
        }
        if let Some(c) = &g.cycle {
            let mark = if c.assumed { "⚠ " } else { "" };
            writeln!(s, "      {mark}考核周期 cycle: {}", c.zh)?;
            writeln!(s, "               {}", c.en)?;
        }
        for it in &g.items {
            let rec = it
                .record_id
                .as_deref()
                .map(|id| format!("（记录 record {id}）"))
                .unwrap_or_default();
            writeln!(s, "     {:>+8.2}  {}{rec}", it.points, both(&it.zh, &it.en))?;
            writeln!(s, "               依据 basis: {}", it.basis)?;
        }
    }
    writeln!(s)?;
    writeln!(s, "■ 信用承诺 Commitment schemes")?;
    for c in &r.commitments {
        let mark = if c.eligible {
            "✓ 可以使用 available"
        } else {
            "✗ 暂不可使用 not available"
        };
        let from = match (c.eligible, c.eligible_from) {
            (true, _) => String::new(),
            (false, Some(d)) => format!("；最早可用 from {d}"),
            (false, None) => "；暂无法确定可用日期 no date foreseeable".into(),
        };
        writeln!(s, "  {}：{mark}{from}", both(&c.zh, &c.en))?;
        for why in &c.reasons {
            let rec = why
                .record_id
                .as_deref()
                .map(|id| format!("（记录 record {id}）"))
                .unwrap_or_default();
            writeln!(s, "      - {}{rec}", why.zh)?;
            writeln!(s, "        {}", why.en)?;
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
        let kind = pack
            .and_then(|k| k.catalogue_entry(&p.record_type))
            .map(|c| both(&c.zh, &c.en))
            .unwrap_or_else(|| p.record_type.clone());
        writeln!(
            s,
            "  记录 record {}（{kind}，{}）：{} / {}{}",
            p.record_id,
            tier(p.tier),
            p.status.label(false),
            p.status.label(true),
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
            let when = if c.stage == "application" && !c.met {
                "（申请时完成 done when applying）"
            } else {
                ""
            };
            writeln!(s, "      {m} {}{when}", c.zh)?;
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
            both(&sup.zh, &sup.en),
            sup.inspection
        )?;
    }
    if !r.measures.incentives.is_empty() || !r.measures.restrictions.is_empty() {
        writeln!(s)?;
        writeln!(s, "■ 激励与惩戒 Measures")?;
        for m in &r.measures.incentives {
            writeln!(s, "  + {}", m.zh)?;
        }
        for m in &r.measures.restrictions {
            writeln!(s, "  − {}", m.zh)?;
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
    writeln!(s)?;
    writeln!(
        s,
        "规则编号等完整数据见 JSON 输出（--format json）。Rule ids and every field: --format json."
    )?;
    Ok(())
}
