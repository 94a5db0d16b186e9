//! Date arithmetic the contract prescribes.
//!
//! Month and year periods follow the Civil Code (民法典) Art. 201–202: the day of the event is
//! not counted, and the period's last day is the same-numbered day of the final month, or that
//! month's last day when it has none. Working days (工作日) come from the pack's holiday calendar.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// The last day a report can name (`YYYY-MM-DD` has four digits for the year). Every
/// computation here saturates at it, so a date never leaves the contract's format: a period
/// that would end later ends "no earlier than" this day, which is never better news than the
/// true (later) day. The pack bounds (months ≤ 120, working days ≤ 60) keep real answers far
/// from it; only an input dated near the year 9999 reaches it.
pub const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Last day of a period of `months` months that starts the day after `event`.
/// `period_end(2026-05-06, 3) == 2026-08-06`, `period_end(2026-11-30, 3) == 2027-02-28`.
pub fn period_end(event: NaiveDate, months: u32) -> NaiveDate {
    event
        .checked_add_months(Months::new(months))
        .map_or(LAST_DAY, |d| d.min(LAST_DAY))
}

/// The first day after a period of `months` months from `event`.
pub fn day_after_period(event: NaiveDate, months: u32) -> NaiveDate {
    next_day(period_end(event, months))
}

/// The earliest event day whose `months`-month period still covers `day`
/// (i.e. `period_end(start, months) >= day`): records dated on or after it are "within" it.
pub fn window_start(day: NaiveDate, months: u32) -> NaiveDate {
    // Subtracting clamps to month ends, so step forward until the inverse relation holds
    // (at most a few days around short months).
    let mut d = day
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN);
    while d > NaiveDate::MIN && period_end(d.pred_opt().unwrap_or(d), months) >= day {
        d = d.pred_opt().unwrap_or(d);
    }
    while period_end(d, months) < day {
        d = next_day(d);
    }
    d
}

/// The day after `d`, saturating at [`LAST_DAY`].
pub fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().map_or(LAST_DAY, |n| n.min(LAST_DAY))
}

/// `d` plus `n` days, saturating at [`LAST_DAY`].
pub fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n))
        .map_or(LAST_DAY, |n| n.min(LAST_DAY))
}

/// The calendar day in China (UTC+8, no daylight saving) at `unix_ms` milliseconds since the
/// Unix epoch. "Today" in the rules is a Chinese calendar day wherever the engine runs; the
/// caller reads its own clock (the core has none) and every front end converts it here.
/// A reading outside 1900-01-01..=9999-12-31 is clamped to that range (a reading that is not a
/// number gives 1970-01-01): never a panic, never a date outside `YYYY-MM-DD`.
pub fn china_day(unix_ms: f64) -> NaiveDate {
    const DAY_MS: f64 = 86_400_000.0;
    const UTC_PLUS_8_MS: f64 = 8.0 * 3_600_000.0;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    if unix_ms.is_nan() {
        return epoch;
    }
    // Clamped in days first: `Duration::days` panics beyond about ±1e14 days. (`max`/`min`,
    // not `f64::clamp`, whose panic message would bring a float formatter into the browser.)
    let lo = (first - epoch).num_days() as f64;
    let hi = (LAST_DAY - epoch).num_days() as f64;
    let days = ((unix_ms + UTC_PLUS_8_MS) / DAY_MS).floor().max(lo).min(hi) as i64;
    epoch
        .checked_add_signed(chrono::Duration::days(days))
        .unwrap_or(epoch)
}

/// Official working-day calendar: holidays and make-up working days per covered year.
#[derive(Clone, Debug, Default)]
pub struct WorkCalendar {
    // Lists, not sets: a few dozen days a year, and a set type per element costs the browser
    // module kilobytes of code.
    holidays: Vec<NaiveDate>,
    workdays: Vec<NaiveDate>,
    years: Vec<i32>,
    /// Built once per pack: for each year from `first_year` on, `Some` (covered) with one bit
    /// per day of the year (`ordinal0`) set on working days, so that counting working days
    /// looks each day up instead of searching the lists (it was 7 % of an evaluation).
    first_year: i32,
    days: Vec<Option<[u64; 6]>>,
}

impl WorkCalendar {
    pub fn new(
        years: impl IntoIterator<Item = i32>,
        holidays: impl IntoIterator<Item = NaiveDate>,
        workdays: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        let mut cal = WorkCalendar {
            holidays: holidays.into_iter().collect(),
            workdays: workdays.into_iter().collect(),
            years: years.into_iter().collect(),
            first_year: 0,
            days: Vec::new(),
        };
        if let (Some(&lo), Some(&hi)) = (cal.years.iter().min(), cal.years.iter().max()) {
            cal.first_year = lo;
            // The pack bounds keep calendar years within 1990–2100.
            cal.days = (lo..=hi.min(lo.saturating_add(200)))
                .map(|y| {
                    let mut bits = [0u64; 6];
                    let mut d = NaiveDate::from_ymd_opt(y, 1, 1)?;
                    while d.year() == y {
                        if cal.listed_working_day(d) {
                            let i = d.ordinal0() as usize;
                            bits[i / 64] |= 1 << (i % 64);
                        }
                        d = d.succ_opt()?;
                    }
                    cal.covers(y).then_some(bits)
                })
                .collect();
        }
        cal
    }

    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.lookup(d).1
    }

    /// The rule itself, from the lists.
    fn listed_working_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    /// (whether `d`'s year is covered, whether `d` is a working day).
    fn lookup(&self, d: NaiveDate) -> (bool, bool) {
        let slot = usize::try_from(i64::from(d.year()) - i64::from(self.first_year)).ok();
        match slot.and_then(|i| self.days.get(i)) {
            Some(Some(bits)) => {
                let i = d.ordinal0() as usize;
                (true, (bits[i / 64] >> (i % 64)) & 1 == 1)
            }
            _ => (false, self.listed_working_day(d)),
        }
    }

    /// The day on which a time limit of `n` working days, counted from the working day after
    /// `start`, ends. Returns the end day and whether every day crossed was on a covered year
    /// (outside the calendar only weekends are skipped). Saturates at [`LAST_DAY`], which is
    /// then never covered.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> (NaiveDate, bool) {
        let mut d = start.min(LAST_DAY);
        let mut left = n;
        let mut covered = self.covers(d.year());
        while left > 0 {
            if d >= LAST_DAY {
                return (LAST_DAY, false);
            }
            d = next_day(d);
            let (c, working) = self.lookup(d);
            covered &= c;
            if working {
                left -= 1;
            }
        }
        (d, covered)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn china_day_turns_at_16_00_utc() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // 2026-11-23T15:59:59.999Z is 23:59:59.999 in Beijing; one millisecond later it is the 24th.
        let turn = 1_795_449_600_000.0; // 2026-11-23T16:00:00Z
        assert_eq!(china_day(turn - 1.0), d(2026, 11, 23));
        assert_eq!(china_day(turn), d(2026, 11, 24));
        assert_eq!(china_day(0.0), d(1970, 1, 1));
        assert_eq!(china_day(-8.0 * 3_600_000.0 - 1.0), d(1969, 12, 31));
        // A hostile clock reading neither panics nor leaves YYYY-MM-DD.
        assert_eq!(china_day(1e20), d(9999, 12, 31));
        assert_eq!(china_day(f64::INFINITY), d(9999, 12, 31));
        assert_eq!(china_day(-1e20), d(1900, 1, 1));
        assert_eq!(china_day(f64::NEG_INFINITY), d(1900, 1, 1));
        assert_eq!(china_day(f64::NAN), d(1970, 1, 1));
    }
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn civil_code_month_periods() {
        assert_eq!(period_end(d("2026-05-06"), 3), d("2026-08-06"));
        assert_eq!(day_after_period(d("2026-05-06"), 3), d("2026-08-07"));
        assert_eq!(period_end(d("2026-05-06"), 12), d("2027-05-06"));
        assert_eq!(period_end(d("2026-11-30"), 3), d("2027-02-28"));
        assert_eq!(period_end(d("2027-11-30"), 3), d("2028-02-29"));
        assert_eq!(period_end(d("2024-02-29"), 12), d("2025-02-28"));
        assert_eq!(period_end(d("2024-02-29"), 48), d("2028-02-29"));
        assert_eq!(period_end(d("2026-01-31"), 1), d("2026-02-28"));
    }

    #[test]
    fn window_start_inverts_period_end() {
        for (day, m) in [
            ("2026-11-22", 12),
            ("2026-03-01", 1),
            ("2026-02-28", 12),
            ("2028-02-29", 12),
        ] {
            let s = window_start(d(day), m);
            assert!(period_end(s, m) >= d(day));
            assert!(
                period_end(s.pred_opt().unwrap(), m) < d(day),
                "{day} {m} {s}"
            );
        }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let cal = WorkCalendar::new(
            [2026],
            [d("2026-10-01"), d("2026-10-02")],
            [d("2026-10-10")],
        );
        // Wed 2026-09-30 + 1 working day: Oct 1, 2 are holidays, Oct 3–4 weekend → Mon Oct 5.
        assert_eq!(
            cal.add_working_days(d("2026-09-30"), 1),
            (d("2026-10-05"), true)
        );
        // Saturday 2026-10-10 is a make-up working day.
        assert!(cal.is_working_day(d("2026-10-10")));
        assert!(!cal.add_working_days(d("2026-12-30"), 3).1);
    }

    /// The per-year bit index answers exactly what the lists do: every start day of four
    /// years (one covered year with holidays, make-up days and a gap year inside the range,
    /// two outside it) and every time limit up to 60 working days, against day-by-day counting
    /// from the lists.
    #[test]
    fn the_working_day_index_agrees_with_the_lists() {
        let cal = WorkCalendar::new(
            [2025, 2027],
            [
                d("2025-10-01"),
                d("2025-10-02"),
                d("2025-12-31"),
                d("2027-01-01"),
                d("2026-05-01"),
            ],
            [d("2025-09-28"), d("2027-02-06"), d("2026-04-26")],
        );
        let naive = |start: NaiveDate, n: u32| {
            let (mut day, mut left) = (start, n);
            let mut covered = cal.covers(day.year());
            while left > 0 {
                day = day.succ_opt().unwrap();
                covered &= cal.covers(day.year());
                if cal.listed_working_day(day) {
                    left -= 1;
                }
            }
            (day, covered)
        };
        let mut day = d("2024-12-01");
        while day < d("2028-02-01") {
            assert_eq!(
                cal.is_working_day(day),
                cal.listed_working_day(day),
                "{day}"
            );
            for n in [0, 1, 2, 3, 5, 10, 15, 20, 30, 45, 60] {
                assert_eq!(cal.add_working_days(day, n), naive(day, n), "{day} + {n}");
            }
            day = day.succ_opt().unwrap();
        }
        // 2026 lies inside the index's range but is not covered: only weekends are skipped.
        assert!(!cal.covers(2026));
        assert!(cal.is_working_day(d("2026-05-01")) == cal.listed_working_day(d("2026-05-01")));
        assert!(!cal.add_working_days(d("2026-06-01"), 1).1);
    }

    /// Nothing computed here leaves `YYYY-MM-DD`: late inputs and huge periods saturate at
    /// 9999-12-31 instead of reaching year 10000 (or chrono's year 262143), and never panic.
    #[test]
    fn arithmetic_saturates_at_the_last_four_digit_day() {
        let last = d("9999-12-31");
        assert_eq!(LAST_DAY, last);
        assert_eq!(period_end(d("9999-12-01"), 36), last);
        assert_eq!(period_end(d("2026-05-06"), u32::MAX), last);
        assert_eq!(day_after_period(d("9999-12-01"), 1), last);
        assert_eq!(next_day(last), last);
        assert_eq!(next_day(NaiveDate::MAX), last);
        assert_eq!(add_days(d("9999-12-30"), 5), last);
        assert_eq!(add_days(d("2026-01-01"), u64::MAX), last);
        let cal = WorkCalendar::new([2026], [], []);
        assert_eq!(cal.add_working_days(d("9999-12-20"), 60), (last, false));
        // 9999-12-31 is a Friday; a calendar making it a holiday must not loop forever.
        let closed = WorkCalendar::new([9999], [last], []);
        assert_eq!(closed.add_working_days(d("9999-12-30"), 5), (last, false));
        assert_eq!(
            format!("{}", xinyong_model::Date(period_end(d("9999-12-01"), 120))),
            "9999-12-31"
        );
        let s = window_start(last, 120);
        assert!(period_end(s, 120) >= last);
    }
}
