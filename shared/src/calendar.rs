//! The one calendar, in Eastern time, that the SPA and the server share.
//!
//! The source ("SPOT system status and scheduled maintenance") speaks Eastern time:
//! "Weekly maintenance: Thursday 9 p.m. - 11 p.m. ET". Eastern time here is
//! `America/New_York` with its daylight saving time, from the IANA time-zone database
//! as jiff embeds it at compile time (that one zone only): no hand-written DST rules.
//! Also here: US federal holidays with their observed days, business days, and the
//! weekly maintenance window. Nothing reads the clock: callers pass the instant (Unix
//! seconds) in.
use crate::date::Date;
use jiff::civil;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

static ET: TimeZone = jiff::tz::get!("America/New_York");

fn civil_of(d: Date) -> civil::Date {
    civil::date(d.year as i16, d.month as i8, d.day as i8)
}

fn date_of(c: civil::Date) -> Date {
    Date {
        year: i32::from(c.year()),
        month: c.month() as u8,
        day: c.day() as u8,
    }
}

fn zoned(secs: u64) -> jiff::Zoned {
    jiff::Timestamp::from_second(secs.min(253_402_207_199) as i64)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(ET.clone())
}

/// An instant as Eastern wall time: its date, hour and minute, and whether daylight
/// saving time is in effect (EDT) or not (EST).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Eastern {
    pub date: Date,
    pub hour: u8,
    pub minute: u8,
    pub daylight: bool,
}

impl Eastern {
    /// `2026-11-26 21:00 EST`.
    pub fn label(&self) -> String {
        format!(
            "{} {:02}:{:02} {}",
            self.date,
            self.hour,
            self.minute,
            if self.daylight { "EDT" } else { "EST" }
        )
    }
}

/// The Eastern wall time of an instant.
pub fn eastern(secs: u64) -> Eastern {
    let z = zoned(secs);
    Eastern {
        date: date_of(z.date()),
        hour: z.hour() as u8,
        minute: z.minute() as u8,
        daylight: ET.to_offset_info(z.timestamp()).dst().is_dst(),
    }
}

// Writing dates and times for people: `calendar/words.rs`.
mod words;
pub use words::{long_date, when};

/// Today in Eastern time: the reference of every date rule (dates of birth, form
/// dates, due dates).
pub fn today(secs: u64) -> Date {
    eastern(secs).date
}

/// The instant of an Eastern wall time. A time skipped by the spring change (2:30 on
/// the second Sunday of March) is the instant one hour later; a time that happens twice
/// in the autumn is its first occurrence.
pub fn instant(d: Date, hour: u8, minute: u8) -> u64 {
    let dt = civil_of(d).at(hour as i8, minute as i8, 0, 0);
    ET.to_ambiguous_zoned(dt)
        .compatible()
        .map(|z| z.timestamp().as_second().max(0) as u64)
        .unwrap_or(0)
}

/// The first second of a date in Eastern time.
pub fn day_start(d: Date) -> u64 {
    instant(d, 0, 0)
}

/// Monday = 1 ... Sunday = 7.
pub fn weekday(d: Date) -> u8 {
    civil_of(d).weekday().to_monday_one_offset() as u8
}

pub fn add_days(d: Date, n: i64) -> Date {
    Date::from_days_since_epoch(d.days_since_epoch() + n)
}

/// The `n`th (1-based) `weekday` of a month, or the last one for `n == 0`.
fn nth_weekday(year: i32, month: u8, weekday_wanted: u8, n: u8) -> Date {
    let first = Date::new(year, month, 1).expect("a month's first day");
    let shift = (i64::from(weekday_wanted) - i64::from(weekday(first))).rem_euclid(7);
    let first_match = add_days(first, shift);
    if n > 0 {
        return add_days(first_match, 7 * i64::from(n - 1));
    }
    let mut d = first_match;
    while add_days(d, 7).month == month {
        d = add_days(d, 7);
    }
    d
}

/// A federal holiday: its code (the message key is `holiday-<code>`), the date in law,
/// and the day it is observed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holiday {
    pub code: &'static str,
    pub date: Date,
    pub observed: Date,
}

/// A fixed-date holiday falling on a Saturday is observed the Friday before, on a
/// Sunday the Monday after (5 U.S.C. 6103(b)).
fn observed(d: Date) -> Date {
    match weekday(d) {
        6 => add_days(d, -1),
        7 => add_days(d, 1),
        _ => d,
    }
}

/// The eleven federal holidays of 5 U.S.C. 6103(a) whose dates in law fall in `year`.
pub fn holidays_in_law(year: i32) -> Vec<Holiday> {
    let fixed = |code, month, day| {
        let date = Date::new(year, month, day).expect("a real date");
        Holiday {
            code,
            date,
            observed: observed(date),
        }
    };
    let floating = |code, month, weekday, n| {
        let date = nth_weekday(year, month, weekday, n);
        Holiday {
            code,
            date,
            observed: date,
        }
    };
    vec![
        fixed("new_year", 1, 1),
        floating("mlk", 1, 1, 3),
        floating("washington", 2, 1, 3),
        floating("memorial", 5, 1, 0),
        fixed("juneteenth", 6, 19),
        fixed("independence", 7, 4),
        floating("labor", 9, 1, 1),
        floating("columbus", 10, 1, 2),
        fixed("veterans", 11, 11),
        floating("thanksgiving", 11, 4, 4),
        fixed("christmas", 12, 25),
    ]
}

/// The holidays observed in `year`, in order. New Year's Day on a Saturday is observed
/// on Friday 31 December of the year before, so it belongs to that year's list.
pub fn observed_holidays(year: i32) -> Vec<Holiday> {
    let mut v: Vec<Holiday> = holidays_in_law(year)
        .into_iter()
        .chain(holidays_in_law(year + 1).into_iter().take(1))
        .filter(|h| h.observed.year == year)
        .collect();
    v.sort_by_key(|h| h.observed);
    v
}

/// The holiday observed on `d`, if any.
pub fn holiday_on(d: Date) -> Option<Holiday> {
    observed_holidays(d.year)
        .into_iter()
        .find(|h| h.observed == d)
}

/// A weekday that is not an observed federal holiday.
pub fn is_business_day(d: Date) -> bool {
    weekday(d) <= 5 && holiday_on(d).is_none()
}

/// The first business day after `d`.
pub fn next_business_day(d: Date) -> Date {
    let mut n = add_days(d, 1);
    while !is_business_day(n) {
        n = add_days(n, 1);
    }
    n
}

/// The weekly maintenance window, in Eastern wall time: a weekday, a start and an end
/// (an end at or before the start runs past midnight into the next day). The source's
/// is Thursday 21:00-23:00; `off` is none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyWindow {
    /// Monday = 1 ... Sunday = 7.
    pub weekday: u8,
    /// Minutes after midnight.
    pub start: u16,
    pub end: u16,
}

impl Default for WeeklyWindow {
    fn default() -> Self {
        WeeklyWindow {
            weekday: 4,
            start: 21 * 60,
            end: 23 * 60,
        }
    }
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl WeeklyWindow {
    /// `thu 21:00-23:00` (day names in English, three letters), or `off` for none.
    pub fn parse(s: &str) -> Result<Option<WeeklyWindow>, String> {
        let s = s.trim().to_ascii_lowercase();
        if s == "off" || s == "none" {
            return Ok(None);
        }
        let bad =
            || format!("{s:?}: expected a day and times such as \"thu 21:00-23:00\", or \"off\"");
        let (day, times) = s.split_once(' ').ok_or_else(bad)?;
        let weekday = DAYS.iter().position(|d| *d == day.trim()).ok_or_else(bad)? as u8 + 1;
        let (a, b) = times.trim().split_once('-').ok_or_else(bad)?;
        let minutes = |t: &str| -> Option<u16> {
            let (h, m) = t.trim().split_once(':')?;
            let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
            (h < 24 && m < 60).then_some(h * 60 + m)
        };
        let (start, end) = (minutes(a).ok_or_else(bad)?, minutes(b).ok_or_else(bad)?);
        if start == end {
            return Err(bad());
        }
        Ok(Some(WeeklyWindow {
            weekday,
            start,
            end,
        }))
    }

    /// The occurrence that starts on `d` (whether or not `d` is its weekday).
    fn on(&self, d: Date) -> (u64, u64) {
        let start = instant(d, (self.start / 60) as u8, (self.start % 60) as u8);
        let end_day = if self.end <= self.start {
            add_days(d, 1)
        } else {
            d
        };
        let end = instant(end_day, (self.end / 60) as u8, (self.end % 60) as u8);
        (start, end)
    }

    /// The occurrence in progress at `now` (start inclusive, end exclusive), if any.
    pub fn current(&self, now: u64) -> Option<(u64, u64)> {
        let today = today(now);
        [add_days(today, -1), today]
            .into_iter()
            .filter(|d| weekday(*d) == self.weekday)
            .map(|d| self.on(d))
            .find(|(s, e)| *s <= now && now < *e)
    }

    /// The occurrence in progress at `now`, or else the next one to start.
    pub fn next(&self, now: u64) -> (u64, u64) {
        if let Some(w) = self.current(now) {
            return w;
        }
        let mut d = today(now);
        loop {
            if weekday(d) == self.weekday {
                let (s, e) = self.on(d);
                if s > now {
                    return (s, e);
                }
            }
            d = add_days(d, 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// Every observed federal holiday of 2025-2030, from the published OPM tables.
    const OBSERVED: &[(i32, [&str; 12])] = &[
        (
            2025,
            [
                "2025-01-01",
                "2025-01-20",
                "2025-02-17",
                "2025-05-26",
                "2025-06-19",
                "2025-07-04",
                "2025-09-01",
                "2025-10-13",
                "2025-11-11",
                "2025-11-27",
                "2025-12-25",
                "",
            ],
        ),
        (
            2026,
            [
                "2026-01-01",
                "2026-01-19",
                "2026-02-16",
                "2026-05-25",
                "2026-06-19",
                "2026-07-03",
                "2026-09-07",
                "2026-10-12",
                "2026-11-11",
                "2026-11-26",
                "2026-12-25",
                "",
            ],
        ),
        (
            2027,
            [
                "2027-01-01",
                "2027-01-18",
                "2027-02-15",
                "2027-05-31",
                "2027-06-18",
                "2027-07-05",
                "2027-09-06",
                "2027-10-11",
                "2027-11-11",
                "2027-11-25",
                "2027-12-24",
                "2027-12-31",
            ],
        ),
        (
            2028,
            [
                "2028-01-17",
                "2028-02-21",
                "2028-05-29",
                "2028-06-19",
                "2028-07-04",
                "2028-09-04",
                "2028-10-09",
                "2028-11-10",
                "2028-11-23",
                "2028-12-25",
                "",
                "",
            ],
        ),
        (
            2029,
            [
                "2029-01-01",
                "2029-01-15",
                "2029-02-19",
                "2029-05-28",
                "2029-06-19",
                "2029-07-04",
                "2029-09-03",
                "2029-10-08",
                "2029-11-12",
                "2029-11-22",
                "2029-12-25",
                "",
            ],
        ),
        (
            2030,
            [
                "2030-01-01",
                "2030-01-21",
                "2030-02-18",
                "2030-05-27",
                "2030-06-19",
                "2030-07-04",
                "2030-09-02",
                "2030-10-14",
                "2030-11-11",
                "2030-11-28",
                "2030-12-25",
                "",
            ],
        ),
    ];

    #[test]
    fn every_holiday_of_2025_to_2030_is_observed_on_the_published_day() {
        for (year, dates) in OBSERVED {
            let want: Vec<Date> = dates
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| d(s))
                .collect();
            let got: Vec<Date> = observed_holidays(*year)
                .iter()
                .map(|h| h.observed)
                .collect();
            assert_eq!(got, want, "{year}");
        }
    }

    #[test]
    fn observed_days_move_off_weekends() {
        // Independence Day 2026 is a Saturday: Friday 3 July.
        let h = holiday_on(d("2026-07-03")).unwrap();
        assert_eq!((h.code, h.date), ("independence", d("2026-07-04")));
        // Christmas 2022 was a Sunday: Monday 26 December.
        assert_eq!(holiday_on(d("2022-12-26")).unwrap().code, "christmas");
        // New Year's Day 2028 is a Saturday: observed Friday 31 December 2027, and
        // 1 January 2028 is no holiday.
        let ny = holiday_on(d("2027-12-31")).unwrap();
        assert_eq!((ny.code, ny.date), ("new_year", d("2028-01-01")));
        assert_eq!(holiday_on(d("2028-01-01")), None);
        assert!(!observed_holidays(2028).iter().any(|h| h.code == "new_year"));
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        assert!(is_business_day(d("2026-11-23")));
        assert!(!is_business_day(d("2026-11-26")), "Thanksgiving");
        assert!(!is_business_day(d("2026-11-28")), "Saturday");
        // Wednesday before Thanksgiving -> Friday.
        assert_eq!(next_business_day(d("2026-11-25")), d("2026-11-27"));
        // Friday 2 July 2026 -> Monday 6 July (3 July observed, then the weekend).
        assert_eq!(next_business_day(d("2026-07-02")), d("2026-07-06"));
        // Thursday 30 December 2027 -> Monday 3 January 2028.
        assert_eq!(next_business_day(d("2027-12-30")), d("2028-01-03"));
    }

    #[test]
    fn eastern_time_follows_daylight_saving_both_ways() {
        // 2026: EDT from 8 March 02:00 EST, EST from 1 November 02:00 EDT.
        let before = instant(d("2026-03-08"), 1, 59);
        assert_eq!(eastern(before).label(), "2026-03-08 01:59 EST");
        assert_eq!(eastern(before + 60).label(), "2026-03-08 03:00 EDT");
        // 02:30 does not exist that night: it is 03:30 EDT.
        assert_eq!(instant(d("2026-03-08"), 2, 30), before + 60 + 30 * 60);
        // Autumn: 01:30 happens twice; the first is EDT, and an hour later it is EST.
        let first = instant(d("2026-11-01"), 1, 30);
        assert_eq!(eastern(first).label(), "2026-11-01 01:30 EDT");
        assert_eq!(eastern(first + 3600).label(), "2026-11-01 01:30 EST");
        // A day is 23 hours in March and 25 in November.
        assert_eq!(
            day_start(d("2026-03-09")) - day_start(d("2026-03-08")),
            23 * 3600
        );
        assert_eq!(
            day_start(d("2026-11-02")) - day_start(d("2026-11-01")),
            25 * 3600
        );
        // Today in ET, not UTC: 02:00 UTC on the 24th is still the 23rd in New York.
        assert_eq!(today(1_795_485_600), d("2026-11-23"));
    }

    #[test]
    fn the_weekly_window_is_thursday_9_to_11_pm_eastern_in_both_seasons() {
        let w = WeeklyWindow::default();
        for (thursday, offset) in [("2026-07-16", 4), ("2026-11-26", 5)] {
            let start = instant(d(thursday), 21, 0);
            // 21:00 ET is 01:00 UTC (EDT) or 02:00 UTC (EST) on Friday.
            assert_eq!(start % 86_400, (offset - 3) * 3600, "{thursday}");
            assert_eq!(w.current(start - 1), None);
            assert_eq!(w.current(start), Some((start, start + 2 * 3600)));
            assert_eq!(
                w.current(start + 2 * 3600 - 1),
                Some((start, start + 2 * 3600))
            );
            assert_eq!(w.current(start + 2 * 3600), None, "23:00 is open again");
            assert_eq!(w.next(start - 1), (start, start + 2 * 3600));
            assert_eq!(
                w.next(start + 2 * 3600).0,
                instant(add_days(d(thursday), 7), 21, 0)
            );
        }
    }

    #[test]
    fn a_window_across_midnight_and_across_a_clock_change() {
        let w = WeeklyWindow::parse("Sat 23:00-01:00").unwrap().unwrap();
        let start = instant(d("2026-10-31"), 23, 0);
        // Saturday 23:00 EDT to Sunday 01:00 EDT (the change comes at 02:00).
        assert_eq!(w.current(start + 3599), Some((start, start + 2 * 3600)));
        // Read from Sunday's side of midnight.
        assert_eq!(
            w.current(start + 3 * 3600 / 2).map(|x| x.1),
            Some(start + 2 * 3600)
        );
        // Across the spring change: Sunday 01:00-04:00 is two hours long that night.
        let w = WeeklyWindow::parse("sun 01:00-04:00").unwrap().unwrap();
        let (s, e) = w.next(instant(d("2026-03-07"), 12, 0));
        assert_eq!(
            (eastern(s).label(), e - s),
            ("2026-03-08 01:00 EST".into(), 2 * 3600)
        );
    }

    #[test]
    fn the_window_setting_parses_or_says_what_is_wrong() {
        assert_eq!(
            WeeklyWindow::parse("thu 21:00-23:00"),
            Ok(Some(WeeklyWindow::default()))
        );
        assert_eq!(WeeklyWindow::parse("off"), Ok(None));
        for bad in [
            "thursday 21:00-23:00",
            "thu 21-23",
            "thu 25:00-23:00",
            "thu 21:00-21:00",
            "",
        ] {
            assert!(WeeklyWindow::parse(bad).is_err(), "{bad}");
        }
    }
}
