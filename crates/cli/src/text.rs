//! `--format text`: the report for a person at a terminal, in Chinese with English beside
//! (`--lang both`, the default), or in one language (`--lang zh`, `--lang en`): every sentence
//! the report carries in both languages (reasons, conditions, notes, measures, warnings,
//! documents) is shown in the language asked for. It reads like the widget: names, not the
//! engine's ids (rule ids, scheme ids, field names stay in the JSON output, `--format json`).
//! Legal citations (`basis`) are Chinese in every mode: they name Chinese documents.

use std::fmt::Write;

use clap::ValueEnum;

use xinyong_core::pack::Pack;
use xinyong_model::{GradeSource, Industry, Report, Tier};

/// The report as text. Every string in it (names, record ids, a portal pack's wording) is
/// escaped for the terminal first (`term::json_strings`): the report goes through its JSON tree,
/// so a field added later cannot be forgotten. `pack`, when given, names the record types.
pub fn render(r: &Report, pack: Option<&Pack>, lang: Lang) -> Result<String, String> {
    let mut v = serde_json::to_value(r).map_err(|e| e.to_string())?;
    crate::term::json_strings(&mut v);
    let r: Report = serde_json::from_value(v).map_err(|e| e.to_string())?;
    let mut s = String::new();
    let _ = write_report(&mut s, &r, pack, lang);
    Ok(s)
}

/// The language of the text report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Chinese with English beside.
    Both,
    /// Chinese only.
    Zh,
    /// English only (legal citations stay Chinese).
    En,
}

impl Lang {
    /// A heading or label: "中文 English" in both languages.
    fn label(self, zh: &str, en: &str) -> String {
        match self {
            Lang::Both => format!("{zh} {en}"),
            Lang::Zh => zh.to_string(),
            Lang::En => en.to_string(),
        }
    }

    /// A name or value: "中文 / English" in both languages; in one language the other one
    /// when the wanted one is empty (a portal pack may give a name in Chinese only).
    fn pick(self, zh: &str, en: &str) -> String {
        match self {
            Lang::Both => both(zh, en),
            Lang::Zh if !zh.is_empty() => zh.to_string(),
            Lang::En if !en.is_empty() => en.to_string(),
            _ => both(zh, en),
        }
    }

    /// A sentence: in both languages the Chinese line, then the English one under it with
    /// `indent` (or `cont`, the continuation indent, when given); in one language one line.
    fn lines(
        self,
        s: &mut String,
        indent: &str,
        cont: &str,
        zh: &str,
        en: &str,
    ) -> std::fmt::Result {
        match self {
            Lang::Both if !en.is_empty() && en != zh => {
                writeln!(s, "{indent}{zh}")?;
                writeln!(s, "{cont}{en}")
            }
            _ => writeln!(s, "{indent}{}", self.pick(zh, en)),
        }
    }
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

fn tier(t: Tier) -> (&'static str, &'static str) {
    match t {
        Tier::Minor => ("轻微失信", "minor"),
        Tier::General => ("一般失信", "general"),
        Tier::Serious => ("严重失信", "serious"),
    }
}

impl Lang {
    /// Between a label and its value.
    fn colon(self) -> &'static str {
        match self {
            Lang::Zh => "：",
            _ => ": ",
        }
    }

    /// A remark after a value: full-width brackets when Chinese is shown, else " (…)".
    fn paren(self, inner: &str) -> String {
        match self {
            Lang::En => format!(" ({inner})"),
            _ => format!("（{inner}）"),
        }
    }

    /// One of three wordings, for the few phrases whose bilingual form is not the two joined.
    fn says<'a>(self, both: &'a str, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Both => both,
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

fn write_report(s: &mut String, r: &Report, pack: Option<&Pack>, l: Lang) -> std::fmt::Result {
    let subj = &r.subject;
    let c = l.colon();
    writeln!(
        s,
        "{} — {}",
        l.label("信用自查报告", "Credit self-check report"),
        r.as_of
    )?;
    let ind = subj
        .industry
        .map(|i| {
            let (zh, en) = industry(i);
            format!(" · {}", l.label(zh, en))
        })
        .unwrap_or_default();
    writeln!(
        s,
        "{}{c}{} ({}){ind}",
        l.label("主体", "Subject"),
        subj.name,
        subj.id_masked
    )?;
    let pack_name = if r.pack.zh.is_empty() && r.pack.en.is_empty() {
        r.pack.id.to_string()
    } else {
        l.pick(&r.pack.zh, &r.pack.en)
    };
    let version = match l {
        Lang::Both => format!("（版本 version {}）", r.pack.version),
        Lang::Zh => format!("（版本 {}）", r.pack.version),
        Lang::En => format!(", version {}", r.pack.version),
    };
    writeln!(
        s,
        "{}{c}{pack_name}{version}",
        l.label("规则包", "Rule pack")
    )?;
    writeln!(
        s,
        "{}{c}{}",
        l.label("适用的修复规则", "Repair rules in force"),
        l.pick(&r.regime.zh, &r.regime.en)
    )?;
    if let Some(h) = &r.pack.sha256 {
        writeln!(
            s,
            "{}, sha256 {h}",
            l.says(
                "自定义规则包 Custom pack (not shipped with xinyong)",
                "自定义规则包（非 xinyong 自带）",
                "Custom pack (not shipped with xinyong)"
            )
        )?;
    }
    writeln!(s)?;
    writeln!(s, "■ {}", l.label("信用等级", "Credit grade"))?;
    if r.grades.is_empty() {
        writeln!(
            s,
            "  {}",
            l.says(
                "（该行业无适用的评价方案 no scheme applies）",
                "（该行业无适用的评价方案）",
                "(no scheme applies)"
            )
        )?;
    }
    for g in &r.grades {
        let star = if g.primary { "★" } else { " " };
        let assumed = if g.assumed || g.in_force.assumed {
            format!("  ⚠ {}", l.label("含假定值", "includes assumed figures"))
        } else {
            String::new()
        };
        let f = &g.in_force;
        let source = match f.source {
            GradeSource::Official => l.label("正式评价结果", "official result"),
            GradeSource::Default => l.label("法定默认等级", "legal default"),
            GradeSource::Computed => l.label("按记录推算", "computed"),
        };
        writeln!(s, " {star}{}{assumed}", l.pick(&g.zh, &g.en))?;
        writeln!(
            s,
            "      {}{c}{} {}{}",
            l.label("适用等级", "Grade in force"),
            f.level,
            l.pick(&f.level_zh, &f.level_en),
            l.paren(&source)
        )?;
        l.lines(s, "      ", "      ", &f.zh, &f.en)?;
        writeln!(
            s,
            "      {}{c}{} {}",
            l.label("按记录推算", "Computed from the records"),
            g.level,
            l.pick(&g.level_zh, &g.level_en)
        )?;
        if !g.score_zh.is_empty() || !g.score_en.is_empty() {
            l.lines(s, "      ", "      ", &g.score_zh, &g.score_en)?;
        }
        if let Some(cy) = &g.cycle {
            let mark = if cy.assumed { "⚠ " } else { "" };
            let head = format!("      {mark}{}{c}", l.label("考核周期", "cycle"));
            l.lines(s, &head, "               ", &cy.zh, &cy.en)?;
        }
        for it in &g.items {
            let rec = it
                .record_id
                .as_deref()
                .map(|id| l.paren(&format!("{} {id}", l.label("记录", "record"))))
                .unwrap_or_default();
            writeln!(
                s,
                "     {:>+8.2}  {}{rec}",
                it.points,
                l.pick(&it.zh, &it.en)
            )?;
            writeln!(
                s,
                "               {}{c}{}",
                l.label("依据", "basis"),
                it.basis
            )?;
        }
    }
    writeln!(s)?;
    writeln!(s, "■ {}", l.label("信用承诺", "Commitment schemes"))?;
    for cm in &r.commitments {
        let mark = if cm.eligible {
            format!("✓ {}", l.label("可以使用", "available"))
        } else {
            format!("✗ {}", l.label("暂不可使用", "not available"))
        };
        let from = match (cm.eligible, cm.eligible_from) {
            (true, _) => String::new(),
            (false, Some(d)) => match l {
                Lang::Both => format!("；最早可用 from {d}"),
                Lang::Zh => format!("；最早 {d} 起可用"),
                Lang::En => format!("; available from {d}"),
            },
            (false, None) => l
                .says(
                    "；暂无法确定可用日期 no date foreseeable",
                    "；暂无法确定可用日期",
                    "; no date foreseeable",
                )
                .to_string(),
        };
        writeln!(s, "  {}{c}{mark}{from}", l.pick(&cm.zh, &cm.en))?;
        for why in &cm.reasons {
            let rec = why
                .record_id
                .as_deref()
                .map(|id| l.paren(&format!("{} {id}", l.label("记录", "record"))))
                .unwrap_or_default();
            let en = match l {
                Lang::En => format!("{}{rec}", why.en),
                _ => why.en.to_string(),
            };
            l.lines(s, "      - ", "        ", &format!("{}{rec}", why.zh), &en)?;
            writeln!(s, "        {}{c}{}", l.label("依据", "basis"), why.basis)?;
        }
    }
    writeln!(s)?;
    writeln!(s, "■ {}", l.label("信用修复", "Repair"))?;
    if r.repairs.is_empty() {
        writeln!(
            s,
            "  {}",
            l.says(
                "（无失信记录 no adverse records）",
                "（无失信记录）",
                "(no adverse records)"
            )
        )?;
    }
    for p in &r.repairs {
        let d =
            |x: Option<xinyong_model::Date>| x.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        let kind = pack
            .and_then(|k| k.catalogue_entry(&p.record_type))
            .map(|e| l.pick(&e.zh, &e.en))
            .unwrap_or_else(|| p.record_type.clone());
        let (tz, te) = tier(p.tier);
        let status = l.pick(p.status.label(false), p.status.label(true));
        let assumed = if p.assumed {
            format!("  ⚠ {}", l.label("含假定", "includes assumptions"))
        } else {
            String::new()
        };
        match l {
            Lang::En => writeln!(
                s,
                "  record {} ({kind}, {te}): {status}{assumed}",
                p.record_id
            )?,
            _ => writeln!(
                s,
                "  {} {}（{kind}，{}）：{status}{assumed}",
                l.label("记录", "record"),
                p.record_id,
                l.label(tz, te)
            )?,
        }
        if let Some(g) = &p.regime {
            writeln!(
                s,
                "      {}{c}{}",
                l.label("适用规则", "judged under"),
                l.pick(&g.zh, &g.en)
            )?;
        }
        writeln!(
            s,
            "      {}{c}{} {} · {} {} · {} {}",
            l.label("公示", "publicity"),
            l.label("最短至", "min to"),
            d(p.publicity_min_end),
            l.label("最长至", "max to"),
            d(p.publicity_max_end),
            l.label("可申请修复", "repairable from"),
            d(p.repairable_from)
        )?;
        for cond in &p.conditions {
            let m = if cond.met { "☑" } else { "☐" };
            let when = if cond.stage == "application" && !cond.met {
                l.paren(&l.label("申请时完成", "done when applying"))
            } else {
                String::new()
            };
            let en = match l {
                Lang::En => format!("{}{when}", cond.en),
                _ => cond.en.to_string(),
            };
            l.lines(
                s,
                &format!("      {m} "),
                "        ",
                &format!("{}{when}", cond.zh),
                &en,
            )?;
        }
        if !p.documents.is_empty() {
            let en = if p.documents_en.len() == p.documents.len() {
                p.documents_en.join("; ")
            } else {
                String::new()
            };
            let head = format!("      {}{c}", l.label("材料", "documents"));
            l.lines(s, &head, "                ", &p.documents.join("；"), &en)?;
        }
        if let Some(ch) = &p.apply_to {
            writeln!(
                s,
                "      {}{c}{} {}",
                l.label("受理", "apply at"),
                l.pick(&ch.zh, &ch.en),
                ch.url
            )?;
        }
        if let Some(e) = p.expected_completion {
            writeln!(
                s,
                "      {}{c}{e}",
                l.label("预计办结", "expected completion")
            )?;
        }
        for n in &p.notes {
            l.lines(s, "      ※ ", "        ", &n.zh, &n.en)?;
        }
        writeln!(s, "      {}{c}{}", l.label("依据", "basis"), p.basis)?;
    }
    if let Some(sup) = &r.supervision {
        writeln!(s)?;
        let head = format!(
            "■ {}{c}{} — ",
            l.label("分级分类监管", "Supervision"),
            l.pick(&sup.zh, &sup.en)
        );
        l.lines(s, &head, "  ", &sup.inspection, &sup.inspection_en)?;
    }
    if !r.measures.incentives.is_empty() || !r.measures.restrictions.is_empty() {
        writeln!(s)?;
        writeln!(s, "■ {}", l.label("激励与惩戒", "Measures"))?;
        for m in &r.measures.incentives {
            l.lines(s, "  + ", "    ", &m.zh, &m.en)?;
        }
        for m in &r.measures.restrictions {
            l.lines(s, "  − ", "    ", &m.zh, &m.en)?;
        }
    }
    if !r.warnings.is_empty() {
        writeln!(s)?;
        writeln!(s, "■ {}", l.label("提示", "Warnings"))?;
        for w in &r.warnings {
            l.lines(s, "  ! ", "    ", &w.zh, &w.en)?;
        }
    }
    if !r.ignored.is_empty() {
        writeln!(s)?;
        writeln!(s, "■ {}", l.label("未纳入的记录", "Ignored records"))?;
        for i in &r.ignored {
            l.lines(
                s,
                &format!("  {}{c}", i.record_id),
                "    ",
                &i.reason,
                &i.reason_en,
            )?;
        }
    }
    writeln!(s)?;
    writeln!(
        s,
        "{}",
        l.label(
            "规则编号等完整数据见 JSON 输出（--format json）。",
            "Rule ids and every field: --format json."
        )
    )?;
    Ok(())
}
