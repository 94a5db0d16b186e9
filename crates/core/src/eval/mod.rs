//! Evaluation: one validated input + one resolved pack + a check date → one report.
//!
//! Order matters and is fixed: repairs first (they decide which records are still in force),
//! then grades (which read records), then everything that reads the primary grade.

mod grade;
mod in_force;
mod repair;
mod test;

use chrono::NaiveDate;
use xinyong_model::{
    Commitment, Date, Industry, Input, Measures, Notice, PackRef, Procedure, Reason, Record,
    Report, RuleRef, Str, SubjectKind, SubjectOut, Supervision, Tier, CONTRACT,
};

use crate::ids;
use crate::pack::{CommitmentScheme, Dated, MeasureKind, Pack, Regime, Standing};
use test::{eval_subject, Outcome};

/// What the engine knows about one record after the repair step.
#[derive(Clone, Debug)]
pub(crate) struct Fact<'a> {
    pub rec: &'a Record,
    /// In the pack's catalogue.
    pub counted: bool,
    pub adverse: bool,
    pub tier: Option<Tier>,
    /// The tier was derived from the penalty kind (no severity in the input).
    pub tier_derived: bool,
    pub repaired: bool,
    /// Still in force: not repaired, not removed, publicity not ended.
    pub active: bool,
    /// The first day it no longer is (when foreseeable).
    pub clears_on: Option<NaiveDate>,
    /// Last day of its maximum publicity period, as the repair step judged it (adverse records).
    pub publicity_max_end: Option<NaiveDate>,
    /// The record's procedure as the engine reads it: a simplified procedure that the
    /// pack's limits cannot explain is not taken at its word (`None`).
    pub procedure: Option<Procedure>,
}

pub(crate) struct Cx<'a> {
    pub pack: &'a Pack,
    pub regime: &'a Regime,
    pub input: &'a Input,
    pub as_of: NaiveDate,
    pub facts: Vec<Fact<'a>>,
    pub industry: Option<Industry>,
    pub primary_level: Option<&'a str>,
    pub primary_standing: Option<Standing>,
    /// The primary grade in force is assumed (no official result).
    pub primary_assumed: bool,
    /// Every grade of the report: (scheme, level in force, standing, assumed), borrowed from
    /// the report's grades.
    pub grades: Vec<(&'a str, &'a str, Option<Standing>, bool)>,
}

/// Evaluate an input that has passed [`crate::input::validate`] against `pack`.
pub fn run(input: &Input, pack: &Pack, as_of: NaiveDate) -> Result<Report, crate::Problems> {
    let Some(regime) = pack.regime_at(as_of) else {
        return Err(crate::Problems::one(crate::Problem::new(
            "as_of",
            Some(as_of.to_string()),
            format!("规则包 {} 没有在该日期生效的公示与修复规则", pack.meta.id),
            format!(
                "pack {} has no publicity/repair rules in force on this day",
                pack.meta.id
            ),
        )));
    };
    // A person's only industry is `driver`; saying so is optional.
    let industry = match (input.subject.kind, input.subject.industry) {
        (SubjectKind::Person, None) => Some(Industry::Driver),
        (_, i) => i,
    };
    let mut cx = Cx {
        pack,
        regime,
        input,
        as_of,
        facts: Vec::new(),
        industry,
        primary_level: None,
        primary_standing: None,
        primary_assumed: false,
        grades: Vec::new(),
    };
    let mut warnings = Vec::new();
    let (facts, repairs) = repair::run(&cx, &mut warnings)?;
    cx.facts = facts;
    let grades = grade::run(&cx);
    // Everything after the grades reads the grade in force, never the bare projection.
    let standing_of = |g: &xinyong_model::Grade| {
        pack.grade_scheme(&g.scheme)
            .and_then(|s| s.bands.iter().find(|b| b.level == g.in_force.level))
            .map(|b| b.standing)
    };
    cx.grades = grades
        .iter()
        .map(|g| {
            (
                g.scheme.as_str(),
                g.in_force.level.as_str(),
                standing_of(g),
                g.in_force.assumed,
            )
        })
        .collect();
    if let Some(g) = grades.iter().find(|g| g.primary) {
        cx.primary_level = Some(&g.in_force.level);
        cx.primary_standing = standing_of(g);
        cx.primary_assumed = g.in_force.assumed;
    }

    let commitments: Vec<Commitment> = pack
        .rules
        .commitment_schemes
        .iter()
        .filter(|s| s.in_force(as_of) && applies(s, &cx))
        .map(|s| commitment(s, &cx))
        .collect();

    let supervision = pack
        .rules
        .supervision
        .iter()
        .filter(|s| s.in_force(as_of))
        .find(|s| s.when.as_ref().is_none_or(|w| eval_subject(w, &cx).holds))
        .map(|s| Supervision {
            class: s.class.clone(),
            zh: s.zh.clone(),
            inspection: s.inspection_zh.clone(),
            inspection_en: s.inspection_en.clone(),
            rule: s.id.clone(),
            basis: s.basis.clone(),
            en: s.en.clone().unwrap_or_default(),
        });

    let mut measures = Measures::default();
    for m in pack.rules.measures.iter().filter(|m| m.in_force(as_of)) {
        let o = eval_subject(&m.when, &cx);
        if o.holds {
            let n = notice(&m.id, &m.zh, &m.en, &m.basis, &o, &cx);
            match m.kind {
                MeasureKind::Incentive => measures.incentives.push(n),
                MeasureKind::Restriction => measures.restrictions.push(n),
            }
        }
    }
    for w in pack.rules.warnings.iter().filter(|w| w.in_force(as_of)) {
        let o = eval_subject(&w.when, &cx);
        if o.holds {
            warnings.push(notice(&w.id, &w.zh, &w.en, &w.basis, &o, &cx));
        }
    }
    // First, ahead of the rest (`append`, not `splice`: less code in the browser module).
    let mut first = loosened(&cx);
    first.append(&mut warnings);
    let warnings = first;

    let mut ignored: Vec<xinyong_model::Ignored> = cx
        .facts
        .iter()
        .filter(|f| !f.counted)
        .map(|f| xinyong_model::Ignored {
            record_id: f.rec.id.clone(),
            reason: format!("记录类型“{}”不在规则包 {} 的信用信息目录中（目录之外非信用），未纳入评价", f.rec.kind, pack.meta.id),
            reason_en: format!(
                "record type \"{}\" is not in the credit information catalogue of pack {} (outside the catalogue is not credit information), so it was not used",
                f.rec.kind, pack.meta.id
            ),
        })
        .collect();
    unused_records(
        &cx,
        &grades,
        &commitments,
        &repairs,
        &measures,
        &warnings,
        &mut ignored,
    );

    let s = &input.subject;
    Ok(Report {
        contract: CONTRACT.to_string(),
        as_of: Date(as_of),
        pack: PackRef {
            id: pack.meta.id.clone(),
            version: pack.meta.version.clone(),
            base: pack.meta.base.clone(),
            custom: pack.custom_sha256.is_some(),
            sha256: pack.custom_sha256.clone(),
            zh: pack.meta.zh.clone(),
            en: pack.meta.en.clone(),
        },
        regime: RuleRef {
            id: regime.id.clone(),
            zh: regime.zh.clone(),
            en: regime.en.clone(),
            basis: regime.basis.clone(),
        },
        subject: SubjectOut {
            kind: s.kind,
            id_masked: ids::mask(&s.id),
            name: s.name.clone(),
            industry: s.industry,
        },
        grades,
        commitments,
        repairs,
        supervision,
        measures,
        warnings,
        ignored,
    })
}

/// Every record is either used (a grade item, an official result, a reason, a repair or a
/// notice names it) or listed in `ignored` with the reason: a record that silently does
/// nothing would let a user believe it was taken into account.
fn unused_records(
    cx: &Cx,
    grades: &[xinyong_model::Grade],
    commitments: &[Commitment],
    repairs: &[xinyong_model::Repair],
    measures: &Measures,
    warnings: &[Notice],
    ignored: &mut Vec<xinyong_model::Ignored>,
) {
    let mut used: Vec<&str> = Vec::new();
    for g in grades {
        let items = g
            .items
            .iter()
            .chain(g.counter.iter().flat_map(|c| &c.items));
        used.extend(items.filter_map(|i| i.record_id.as_deref()));
        used.extend(g.official.iter().map(|o| o.record_id.as_str()));
        used.extend(g.in_force.record_id.as_deref());
    }
    for c in commitments {
        used.extend(c.reasons.iter().filter_map(|r| r.record_id.as_deref()));
    }
    used.extend(repairs.iter().map(|r| r.record_id.as_str()));
    let notices = measures
        .incentives
        .iter()
        .chain(&measures.restrictions)
        .chain(warnings);
    used.extend(notices.flat_map(|n| n.record_ids.iter().map(String::as_str)));
    for f in &cx.facts {
        let id = f.rec.id.as_str();
        if used.contains(&id) || ignored.iter().any(|x| x.record_id == id) {
            continue;
        }
        // Grade records get the grade step's own reason (scheme, period, subject kind).
        let (reason, reason_en) = grade::why_unused(f, cx, grades).unwrap_or_else(|| {
            (
                format!(
                "记录类型“{}”在信用信息目录中，但在查询日规则包 {} 没有对该主体适用的规则使用这条记录（例如记录日期不在评价周期内，或该类记录不用于本主体适用的评价方案），不影响等级、承诺资格和修复结果",
                f.rec.kind, cx.pack.meta.id
            ),
                format!(
                "record type \"{}\" is in the catalogue, but on the check date no rule of pack {} that applies to this subject uses this record (e.g. it is dated outside the evaluation period, or no scheme of this subject uses such records): it changes no grade, eligibility or repair",
                f.rec.kind, cx.pack.meta.id
            ),
            )
        });
        ignored.push(xinyong_model::Ignored {
            record_id: id.to_string(),
            reason,
            reason_en,
        });
    }
    // Input order, as the contract lists records.
    let pos = |id: &str| cx.facts.iter().position(|f| f.rec.id == id);
    crate::sort::sort_by(ignored, |a, b| pos(&a.record_id).cmp(&pos(&b.record_id)));
}

/// One warning, first in the report, per rule in force that is looser than the national rules
/// on the authority of a regional document (`loosens_national`; the lint refuses any other
/// loosening): the reader learns which national rule was overridden and on what basis.
fn loosened(cx: &Cx) -> Vec<Notice> {
    let rules = &cx.pack.rules;
    let mut out = Vec::new();
    let mut add = |id: &str, what_zh: &str, what_en: &str, basis: &Option<String>| {
        if let Some(b) = basis {
            out.push(Notice {
                id: format!("loosens_national.{id}").into(),
                zh: format!(
                    "本报告所用规则包的规则 {id}（{what_zh}）比全国规则宽松，规则包称其依据为：{b}。请向发布机关核实该文件确实允许放宽；按全国规则的结论可能更不利"
                )
                .into(),
                en: format!(
                    "Rule {id} ({what_en}) of the pack used for this report is looser than the national rules, on the stated authority of: {b}. Check with the issuing authority that the document allows it; under the national rules the answer may be less favourable"
                )
                .into(),
                basis: b.as_str().into(),
                record_ids: Vec::new(),
                assumed: false,
            });
        }
    };
    add(
        &cx.regime.id,
        &cx.regime.zh,
        &cx.regime.en,
        &cx.regime.loosens_national,
    );
    for c in &rules.catalogue {
        add(&c.kind, &c.zh, &c.en, &c.loosens_national);
    }
    for s in rules
        .commitment_schemes
        .iter()
        .filter(|s| s.in_force(cx.as_of) && applies(s, cx))
    {
        add(&s.id, &s.zh, &s.en, &s.loosens_national);
    }
    for b in &rules.behaviours {
        add(&b.code, &b.zh, &b.en, &b.loosens_national);
    }
    out
}

fn applies(s: &CommitmentScheme, cx: &Cx) -> bool {
    s.kinds
        .as_ref()
        .is_none_or(|k| k.contains(&cx.input.subject.kind))
        && s.industries
            .as_ref()
            .is_none_or(|i| cx.industry.is_some_and(|x| i.contains(&x)))
}

fn notice(id: &Str, zh: &Str, en: &Str, basis: &Str, o: &Outcome, cx: &Cx) -> Notice {
    Notice {
        id: id.clone(),
        zh: zh.clone(),
        en: en.clone(),
        basis: basis.clone(),
        record_ids: o
            .records
            .iter()
            .map(|(i, _)| cx.facts[*i].rec.id.clone())
            .collect(),
        assumed: o.assumed,
    }
}

/// The pieces as one string, allocated once at its final size (`format!` grows its buffer as
/// it writes: a reallocation or two per report text).
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// Later of two "clears on" days where `None` means "not foreseeable" (it wins).
pub(crate) fn latest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    Some(a?.max(b?))
}

/// Earlier of two days where `None` means "never" (it loses).
pub(crate) fn earliest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(a.min(b)),
    }
}

fn commitment(s: &CommitmentScheme, cx: &Cx) -> Commitment {
    let mut reasons = Vec::new();
    let mut blocked = false;
    let mut from = Some(cx.as_of);
    // "Eligible" rests on an assumed grade when any exclusion read one; "not eligible" only
    // when every exclusion that blocks read one (a record that blocks on its own is certain).
    let (mut read_assumed, mut blocked_for_sure) = (false, false);
    for ex in &s.exclusions {
        let o = eval_subject(&ex.when, cx);
        read_assumed |= o.assumed;
        if !o.holds {
            continue;
        }
        blocked_for_sure |= !o.assumed;
        blocked = true;
        from = latest(from, o.clears);
        let reason = |record_id: Option<String>, clears_on: Option<NaiveDate>| Reason {
            rule: ex.id.clone(),
            record_id,
            zh: ex.zh.clone(),
            en: ex.en.clone(),
            basis: ex.basis.clone(),
            clears_on: clears_on.map(Date),
        };
        if o.records.is_empty() {
            reasons.push(reason(None, o.clears));
        }
        for (i, c) in &o.records {
            reasons.push(reason(Some(cx.facts[*i].rec.id.clone()), *c));
        }
    }
    Commitment {
        scheme: s.id.clone(),
        zh: s.zh.clone(),
        en: s.en.clone(),
        eligible: !blocked,
        eligible_from: if blocked {
            from.map(Date)
        } else {
            Some(Date(cx.as_of))
        },
        reasons,
        scope_exclusions: s
            .scope_exclusions
            .iter()
            .map(|x| Notice {
                id: x.id.clone(),
                zh: x.zh.clone(),
                en: x.en.clone(),
                basis: x.basis.clone(),
                record_ids: vec![],
                assumed: false,
            })
            .collect(),
        basis: s.basis.clone(),
        assumed: read_assumed && !blocked_for_sure,
    }
}
