//! Plausibility bounds on every number and date a pack file holds.
//!
//! A portal's pack is untrusted input: `review_working_days = 4294967295` once made `check`
//! run for minutes and answer a day in the year 262142, `max_months = 120000` the year 12026.
//! Every number of the pack format has a documented range (docs/packs/README.md, "Bounds");
//! the lint, and so every loader of a portal's pack (`load_custom`), refuses a value outside
//! it, naming its path, the value and the range. The ranges are wide enough for any rule in
//! force (the longest national publicity period is 36 months, the longest review 10 working
//! days) and narrow enough that no date computed from them leaves `YYYY-MM-DD`.

use chrono::{Datelike, NaiveDate, Weekday};
use xinyong_model::Date;

use super::schema::*;
use crate::error::Problem;

/// An inclusive range with its unit, for the messages and the documentation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    pub lo: f64,
    pub hi: f64,
    pub zh: &'static str,
    pub en: &'static str,
}

/// Publicity periods: `tiers.*.min_months`, `max_months`, `field_min[].min_months` (0 allowed:
/// a tier that is not publicised has no minimum).
pub const PUBLICITY_MONTHS: Bound = Bound {
    lo: 0.0,
    hi: 120.0,
    zh: "个月",
    en: "months",
};
/// Other periods in months: `window_months`, `direct_lowest[].months`, `within_months`.
pub const PERIOD_MONTHS: Bound = Bound {
    lo: 1.0,
    hi: 120.0,
    zh: "个月",
    en: "months",
};
/// `review_working_days`, `sync_working_days`.
pub const WORKING_DAYS: Bound = Bound {
    lo: 0.0,
    hi: 60.0,
    zh: "个工作日",
    en: "working days",
};
/// `behaviours[].points` (a deduction or tally per record, never negative).
pub const BEHAVIOUR_POINTS: Bound = Bound {
    lo: 0.0,
    hi: 1000.0,
    zh: "分",
    en: "points",
};
/// `items[].points` of grade items and counter items (signed).
pub const ITEM_POINTS: Bound = Bound {
    lo: -1000.0,
    hi: 1000.0,
    zh: "分",
    en: "points",
};
/// Scores: a scheme's `base`, `floor`, `ceiling`, band `min` / `below` / `counter_min` /
/// `counter_below`, an item's `cap`.
pub const SCORE: Bound = Bound {
    lo: -10000.0,
    hi: 10000.0,
    zh: "分",
    en: "points",
};
/// `cap` of an item (a largest absolute effect).
pub const CAP: Bound = Bound {
    lo: 0.0,
    hi: 10000.0,
    zh: "分",
    en: "points",
};
/// `min_amount` of a record test (yuan): up to 10 billion.
pub const AMOUNT: Bound = Bound {
    lo: 0.0,
    hi: 1e10,
    zh: "元",
    en: "yuan",
};
/// `simplified_procedure[].max_fine_person` / `max_fine_organisation` (yuan): the law's on-the-spot
/// limits are hundreds to thousands of yuan.
pub const FINE_LIMIT: Bound = Bound {
    lo: 0.0,
    hi: 1e6,
    zh: "元",
    en: "yuan",
};
/// `rise_limit.levels`: how many levels a grade may rise a year.
pub const RISE_LEVELS: Bound = Bound {
    lo: 1.0,
    hi: 10.0,
    zh: "级",
    en: "levels",
};
/// `at_least` of a subject test.
pub const AT_LEAST: Bound = Bound {
    lo: 1.0,
    hi: 1000.0,
    zh: "条",
    en: "records",
};
/// Years of every date in a pack and of `calendar.years[].year`.
pub const YEARS: Bound = Bound {
    lo: 1990.0,
    hi: 2100.0,
    zh: "年",
    en: "",
};
/// Most `holidays` one calendar year may list: 13 statutory days off (2025 on) with the
/// weekends inside the holiday periods are about 30–35; no year has 60.
pub const MAX_HOLIDAYS_PER_YEAR: usize = 60;
/// Most make-up working days (`workdays`) one year may list (real years: 5–8).
pub const MAX_WORKDAYS_PER_YEAR: usize = 20;
/// Longest run of consecutive days without a working day a calendar may have (the longest
/// real one is 9 days, the 2026 Spring Festival); a longer run is a calendar error, and a
/// calendar with a week or month of holidays would push every working-day deadline out.
pub const MAX_DAYS_WITHOUT_WORK: i64 = 14;

struct Check {
    out: Vec<Problem>,
}

/// A number as written in a message: integers plainly, huge or tiny values in exponent form
/// (`1e308`, not 309 digits).
fn show(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v}")
    } else if v.abs() >= 1e15 {
        // `1e308` without `{:e}` (another float formatter in the pack build).
        let exp = v.abs().log10().floor() as i32;
        let mantissa = (v / 10f64.powi(exp) * 1000.0).round() / 1000.0;
        format!("{mantissa}e{exp}")
    } else {
        format!("{v}")
    }
}

impl Check {
    fn num(&mut self, path: String, v: f64, b: Bound) {
        if v.is_finite() && v >= b.lo && v <= b.hi {
            return;
        }
        let (lo, hi) = (show(b.lo), show(b.hi));
        let (zh, en) = if v.is_finite() {
            (
                format!("数值超出允许范围：应为 {lo} 至 {hi}{}", b.zh),
                format!("out of range: expected {lo} to {hi} {}", b.en)
                    .trim_end()
                    .to_string(),
            )
        } else {
            (
                format!("不是有限数：应为 {lo} 至 {hi}{}", b.zh),
                format!("not a finite number: expected {lo} to {hi} {}", b.en)
                    .trim_end()
                    .to_string(),
            )
        };
        self.out.push(Problem::new(path, Some(show(v)), zh, en));
    }

    fn opt(&mut self, path: String, v: Option<f64>, b: Bound) {
        if let Some(v) = v {
            self.num(path, v, b);
        }
    }

    fn date(&mut self, path: String, d: Date) {
        let y = d.0.year();
        if f64::from(y) < YEARS.lo || f64::from(y) > YEARS.hi {
            self.out.push(Problem::new(
                path,
                Some(d.to_string()),
                format!(
                    "日期超出允许范围：应在 {}-01-01 至 {}-12-31 之间",
                    YEARS.lo, YEARS.hi
                ),
                format!(
                    "date out of range: expected a day from {}-01-01 to {}-12-31",
                    YEARS.lo, YEARS.hi
                ),
            ));
        }
    }

    fn span(&mut self, path: &str, x: &dyn Dated) {
        let (from, until) = x.span();
        if let Some(d) = from {
            self.date(format!("{path}.from"), d);
        }
        if let Some(d) = until {
            self.date(format!("{path}.until"), d);
        }
    }

    fn record_test(&mut self, path: &str, t: &RecordTest) {
        self.opt(format!("{path}.min_amount"), t.min_amount, AMOUNT);
        if let Some(m) = t.within_months {
            self.num(format!("{path}.within_months"), m.into(), PERIOD_MONTHS);
        }
    }

    fn opt_record_test(&mut self, path: &str, t: &Option<RecordTest>) {
        if let Some(t) = t {
            self.record_test(path, t);
        }
    }

    fn subject_test(&mut self, path: &str, t: &SubjectTest) {
        if let Some(r) = &t.records {
            self.record_test(&format!("{path}.records"), r);
        }
        if let Some(r) = &t.no_records {
            self.record_test(&format!("{path}.no_records"), r);
        }
        if let Some(n) = t.at_least {
            self.num(format!("{path}.at_least"), n.into(), AT_LEAST);
        }
        for (i, a) in t.any.iter().flatten().enumerate() {
            self.subject_test(&format!("{path}.any[{i}]"), a);
        }
    }

    fn item(&mut self, path: &str, it: &GradeItemRule) {
        self.num(format!("{path}.points"), it.points, ITEM_POINTS);
        self.opt(format!("{path}.cap"), it.cap, CAP);
        self.record_test(&format!("{path}.when"), &it.when);
        self.span(path, it);
    }

    fn direct_lowest(&mut self, path: &str, d: &DirectLowest) {
        if let Some(m) = d.months {
            self.num(format!("{path}.months"), m.into(), PERIOD_MONTHS);
        }
        self.record_test(&format!("{path}.when"), &d.when);
        self.span(path, d);
    }

    fn regime(&mut self, p: &str, r: &Regime) {
        self.date(format!("{p}.from"), r.from);
        for (t, tp) in &r.tiers {
            let q = format!("{p}.tiers.{t}");
            self.num(
                format!("{q}.min_months"),
                tp.min_months.into(),
                PUBLICITY_MONTHS,
            );
            self.num(
                format!("{q}.max_months"),
                tp.max_months.into(),
                PUBLICITY_MONTHS,
            );
        }
        for (j, x) in r.field_min.iter().enumerate() {
            self.num(
                format!("{p}.field_min[{j}].min_months"),
                x.min_months.into(),
                PUBLICITY_MONTHS,
            );
        }
        for (j, c) in r.conditions.iter().enumerate() {
            self.opt_record_test(&format!("{p}.conditions[{j}].when"), &c.when);
        }
        for (j, d) in r.documents.iter().enumerate() {
            self.opt_record_test(&format!("{p}.documents[{j}].when"), &d.when);
        }
        for (j, x) in r.exclusions.iter().enumerate() {
            self.record_test(&format!("{p}.exclusions[{j}].when"), &x.when);
        }
        for (j, c) in r.channels.iter().enumerate() {
            let q = format!("{p}.channels[{j}]");
            self.num(
                format!("{q}.review_working_days"),
                c.review_working_days.into(),
                WORKING_DAYS,
            );
            self.num(
                format!("{q}.sync_working_days"),
                c.sync_working_days.into(),
                WORKING_DAYS,
            );
            self.opt_record_test(&format!("{q}.when"), &c.when);
        }
        for (j, n) in r.notes.iter().enumerate() {
            self.opt_record_test(&format!("{p}.notes[{j}].when"), &n.when);
        }
        for (j, t) in r.tier_rules.iter().enumerate() {
            self.record_test(&format!("{p}.tier_rules[{j}].when"), &t.when);
        }
        for (j, x) in r.persists.iter().enumerate() {
            self.record_test(&format!("{p}.persists[{j}].when"), &x.when);
        }
    }

    fn grade_scheme(&mut self, p: &str, g: &GradeScheme) {
        self.num(format!("{p}.base"), g.base, SCORE);
        self.opt(format!("{p}.floor"), g.floor, SCORE);
        self.opt(format!("{p}.ceiling"), g.ceiling, SCORE);
        if let (Some(f), Some(c)) = (g.floor, g.ceiling) {
            if f > c {
                self.out.push(Problem::new(
                    format!("{p}.floor"),
                    Some(show(f)),
                    format!("下限高于上限 {}", show(c)),
                    format!("floor is above the ceiling ({})", show(c)),
                ));
            }
        }
        self.num(
            format!("{p}.window_months"),
            g.window_months.into(),
            PERIOD_MONTHS,
        );
        if let Some(f) = &g.in_force {
            self.num(
                format!("{p}.in_force.official_months"),
                f.official_months.into(),
                PERIOD_MONTHS,
            );
            if let Some(t) = &f.default_unless {
                self.subject_test(&format!("{p}.in_force.default_unless"), t);
            }
        }
        if let Some(r) = &g.rise_limit {
            self.num(
                format!("{p}.rise_limit.levels"),
                r.levels.into(),
                RISE_LEVELS,
            );
        }
        for (i, b) in g.bands.iter().enumerate() {
            let q = format!("{p}.bands[{i}]");
            self.opt(format!("{q}.min"), b.min, SCORE);
            self.opt(format!("{q}.below"), b.below, SCORE);
            self.opt(format!("{q}.counter_min"), b.counter_min, SCORE);
            self.opt(format!("{q}.counter_below"), b.counter_below, SCORE);
        }
        for (i, it) in g.items.iter().enumerate() {
            self.item(&format!("{p}.items[{i}]"), it);
        }
        for (i, d) in g.direct_lowest.iter().enumerate() {
            self.direct_lowest(&format!("{p}.direct_lowest[{i}]"), d);
        }
        if let Some(c) = &g.counter {
            for (i, it) in c.items.iter().enumerate() {
                self.item(&format!("{p}.counter.items[{i}]"), it);
            }
        }
        self.span(p, g);
    }

    fn calendar(&mut self, c: &Calendar) {
        for (i, y) in c.years.iter().enumerate() {
            let p = format!("calendar.years[{i}]");
            self.num(format!("{p}.year"), y.year.into(), YEARS);
            for (j, d) in y.holidays.iter().enumerate() {
                self.date(format!("{p}.holidays[{j}]"), *d);
                if y.holidays[..j].contains(d) {
                    self.out.push(Problem::new(
                        format!("{p}.holidays[{j}]"),
                        Some(d.to_string()),
                        "假日重复列出",
                        "holiday listed twice",
                    ));
                }
            }
            for (j, d) in y.workdays.iter().enumerate() {
                self.date(format!("{p}.workdays[{j}]"), *d);
                if y.workdays[..j].contains(d) {
                    self.out.push(Problem::new(
                        format!("{p}.workdays[{j}]"),
                        Some(d.to_string()),
                        "调休工作日重复列出",
                        "make-up working day listed twice",
                    ));
                }
            }
            if y.holidays.len() > MAX_HOLIDAYS_PER_YEAR {
                self.out.push(Problem::new(
                    format!("{p}.holidays"),
                    Some(y.holidays.len().to_string()),
                    format!("一年最多列出 {MAX_HOLIDAYS_PER_YEAR} 个假日（实际每年约 30 个）"),
                    format!(
                        "at most {MAX_HOLIDAYS_PER_YEAR} holidays a year (real years list about 30)"
                    ),
                ));
            }
            if y.workdays.len() > MAX_WORKDAYS_PER_YEAR {
                self.out.push(Problem::new(
                    format!("{p}.workdays"),
                    Some(y.workdays.len().to_string()),
                    format!("一年最多列出 {MAX_WORKDAYS_PER_YEAR} 个调休工作日"),
                    format!("at most {MAX_WORKDAYS_PER_YEAR} make-up working days a year"),
                ));
            }
            if let Some((from, to, days)) = longest_closed_run(y) {
                if days > MAX_DAYS_WITHOUT_WORK {
                    let value = format!("{} – {} ({days})", Date(from), Date(to));
                    self.out.push(Problem::new(
                        format!("{p}.holidays"),
                        Some(value),
                        format!(
                            "连续 {days} 天没有工作日（最多 {MAX_DAYS_WITHOUT_WORK} 天；实际最长的假期为 9 天）"
                        ),
                        format!(
                            "{days} consecutive days without a working day (at most {MAX_DAYS_WITHOUT_WORK}; the longest real holiday is 9 days)"
                        ),
                    ));
                }
            }
        }
    }
}

/// The longest run of days without a working day within the year (first day, last day,
/// length), on the calendar's own rule: a listed make-up day works; otherwise Monday–Friday
/// not listed as a holiday works.
fn longest_closed_run(y: &CalendarYear) -> Option<(NaiveDate, NaiveDate, i64)> {
    let mut d = NaiveDate::from_ymd_opt(y.year, 1, 1)?;
    let mut best: Option<(NaiveDate, NaiveDate, i64)> = None;
    let mut start: Option<NaiveDate> = None;
    while d.year() == y.year {
        let working = y.workdays.iter().any(|w| w.0 == d)
            || (!matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
                && !y.holidays.iter().any(|h| h.0 == d));
        if working {
            start = None;
        } else {
            let s = *start.get_or_insert(d);
            let len = (d - s).num_days() + 1;
            if best.is_none_or(|b| len > b.2) {
                best = Some((s, d, len));
            }
        }
        d = d.succ_opt()?;
    }
    best
}

/// Every number and date of one pack file (as written, before merging: a base's rules were
/// checked when it shipped) against its bound.
pub(super) fn check(f: &PackFile) -> Vec<Problem> {
    let mut c = Check { out: Vec::new() };
    c.date("pack.effective_from".into(), f.pack.effective_from);
    if let Some(d) = f.pack.effective_to {
        c.date("pack.effective_to".into(), d);
    }
    for (i, r) in f.regimes.iter().enumerate() {
        c.regime(&format!("regimes[{i}]"), r);
    }
    for (i, x) in f.simplified_procedure.iter().enumerate() {
        let p = format!("simplified_procedure[{i}]");
        c.num(
            format!("{p}.max_fine_person"),
            x.max_fine_person,
            FINE_LIMIT,
        );
        c.num(
            format!("{p}.max_fine_organisation"),
            x.max_fine_organisation,
            FINE_LIMIT,
        );
        c.span(&p, x);
    }
    for (i, b) in f.behaviours.iter().enumerate() {
        c.opt(
            format!("behaviours[{i}].points"),
            b.points,
            BEHAVIOUR_POINTS,
        );
    }
    for (i, g) in f.grade_schemes.iter().enumerate() {
        c.grade_scheme(&format!("grade_schemes[{i}]"), g);
    }
    for (i, a) in f.scheme_additions.iter().enumerate() {
        let p = format!("scheme_additions[{i}]");
        for (j, it) in a.items.iter().enumerate() {
            c.item(&format!("{p}.items[{j}]"), it);
        }
        for (j, d) in a.direct_lowest.iter().enumerate() {
            c.direct_lowest(&format!("{p}.direct_lowest[{j}]"), d);
        }
    }
    for (i, s) in f.commitment_schemes.iter().enumerate() {
        let p = format!("commitment_schemes[{i}]");
        for (j, x) in s.exclusions.iter().enumerate() {
            c.subject_test(&format!("{p}.exclusions[{j}].when"), &x.when);
        }
        c.span(&p, s);
    }
    for (i, s) in f.supervision.iter().enumerate() {
        let p = format!("supervision[{i}]");
        if let Some(w) = &s.when {
            c.subject_test(&format!("{p}.when"), w);
        }
        c.span(&p, s);
    }
    for (i, m) in f.measures.iter().enumerate() {
        let p = format!("measures[{i}]");
        c.subject_test(&format!("{p}.when"), &m.when);
        c.span(&p, m);
    }
    for (i, w) in f.warnings.iter().enumerate() {
        let p = format!("warnings[{i}]");
        c.subject_test(&format!("{p}.when"), &w.when);
        c.span(&p, w);
    }
    for (i, l) in f.letters.iter().enumerate() {
        let p = format!("letters[{i}]");
        c.opt_record_test(&format!("{p}.when"), &l.when);
        c.span(&p, l);
    }
    if let Some(cal) = &f.calendar {
        c.calendar(cal);
    }
    c.out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys of the numbers `check` bounds. A number under any other key in a shipped pack
    /// means a field was added to the format without a bound: give it one here and in
    /// docs/packs/README.md ("Bounds").
    const BOUNDED: &[&str] = &[
        "min_months",
        "max_months",
        "review_working_days",
        "sync_working_days",
        "points",
        "cap",
        "base",
        "floor",
        "ceiling",
        "window_months",
        "min",
        "below",
        "counter_min",
        "counter_below",
        "months",
        "within_months",
        "min_amount",
        "at_least",
        "year",
        "official_months",
        "levels",
        "max_fine_person",
        "max_fine_organisation",
    ];

    fn numeric_keys(v: &serde_json::Value, key: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Number(_) => out.push(key.to_string()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| numeric_keys(x, key, out)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| numeric_keys(x, k, out)),
            _ => {}
        }
    }

    #[test]
    fn every_number_in_the_shipped_packs_has_a_bound() {
        for p in super::super::builtin_packs().unwrap() {
            let mut keys = Vec::new();
            numeric_keys(&serde_json::to_value(&p.rules).unwrap(), "", &mut keys);
            for k in keys {
                assert!(
                    BOUNDED.contains(&k.as_str()),
                    "{}: `{k}` has no bound",
                    p.meta.id
                );
            }
            assert!(check(&p.rules).is_empty(), "{}", p.meta.id);
        }
    }

    #[test]
    fn numbers_in_messages_stay_short() {
        assert_eq!(show(4294967295.0), "4294967295");
        assert_eq!(show(1e308), "1e308");
        assert_eq!(show(-2.5), "-2.5");
        assert_eq!(show(f64::NAN), "NaN");
        assert_eq!(show(f64::NEG_INFINITY), "-inf");
    }
}
