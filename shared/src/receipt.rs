//! The receipt date of a secure document submission. Source `003_…` (SPOT's status
//! page): what arrives too late on a weekday, or on a day with no business, counts as
//! received on the next business day.
//!
//! Received on a business day before 18:00:00 Eastern time: that day. At or after
//! 18:00:00 on a business day, or any time on a weekend or an observed federal holiday:
//! the next business day. The server computes it from its own clock, never from anything
//! the client sends.
use crate::calendar::{eastern, is_business_day, next_business_day};
use crate::date::Date;

/// The hour (Eastern) from which a business day's submissions count for the next one.
pub const CUTOFF_HOUR: u8 = 18;

/// The receipt date of something received at `received` (Unix seconds).
pub fn receipt_date(received: u64) -> Date {
    let e = eastern(received);
    if is_business_day(e.date) && e.hour < CUTOFF_HOUR {
        e.date
    } else {
        next_business_day(e.date)
    }
}

/// Which part of the rule gave a receipt its date: the receipt says only the one that
/// applied (usability walk 3, journey 3), not all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptReason {
    /// A business day before 6 p.m.: the day itself.
    SameDay,
    /// A business day at or after 6 p.m.
    AfterCutoff,
    /// A Saturday or Sunday.
    Weekend,
    /// A weekday that is an observed federal holiday.
    Holiday,
}

impl ReceiptReason {
    /// Its message in the catalogues.
    pub fn key(self) -> &'static str {
        match self {
            ReceiptReason::SameDay => "doc-same-day",
            ReceiptReason::AfterCutoff => "doc-after-cutoff",
            ReceiptReason::Weekend => "doc-weekend",
            ReceiptReason::Holiday => "doc-holiday",
        }
    }
}

/// Why something received at `received` has the receipt date [`receipt_date`] gives.
pub fn receipt_reason(received: u64) -> ReceiptReason {
    let e = eastern(received);
    if crate::calendar::weekday(e.date) >= 6 {
        ReceiptReason::Weekend
    } else if !is_business_day(e.date) {
        ReceiptReason::Holiday
    } else if e.hour >= CUTOFF_HOUR {
        ReceiptReason::AfterCutoff
    } else {
        ReceiptReason::SameDay
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{add_days, instant, observed_holidays};

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// `YYYY-MM-DD HH:MM:SS` Eastern wall time -> the instant.
    fn at(s: &str) -> u64 {
        let (date, time) = s.split_once(' ').unwrap();
        let t: Vec<u8> = time.split(':').map(|x| x.parse().unwrap()).collect();
        instant(d(date), t[0], t[1]) + u64::from(t[2])
    }

    #[test]
    fn the_receipt_date_table() {
        for (received, want, why) in [
            (
                "2026-11-24 17:59:59",
                "2026-11-24",
                "Tuesday, one second before 6 p.m.",
            ),
            (
                "2026-11-24 18:00:00",
                "2026-11-25",
                "Tuesday at 6 p.m.: the next day",
            ),
            (
                "2026-11-24 00:00:00",
                "2026-11-24",
                "Tuesday just after midnight",
            ),
            ("2026-11-24 23:59:59", "2026-11-25", "Tuesday, last second"),
            (
                "2026-11-25 18:00:00",
                "2026-11-27",
                "the eve of Thanksgiving",
            ),
            ("2026-11-26 10:00:00", "2026-11-27", "Thanksgiving Day"),
            ("2026-11-27 17:59:59", "2026-11-27", "Friday before 6 p.m."),
            (
                "2026-11-27 18:00:00",
                "2026-11-30",
                "Friday at 6 p.m.: Monday",
            ),
            ("2026-11-28 09:00:00", "2026-11-30", "Saturday"),
            ("2026-11-29 23:59:59", "2026-11-30", "Sunday"),
            // Independence Day 2026 is a Saturday, observed on Friday 3 July.
            (
                "2026-07-02 17:59:59",
                "2026-07-02",
                "the day before the observed holiday",
            ),
            (
                "2026-07-02 18:00:00",
                "2026-07-06",
                "its evening: past the long weekend",
            ),
            ("2026-07-03 09:00:00", "2026-07-06", "the observed holiday"),
            (
                "2026-07-04 09:00:00",
                "2026-07-06",
                "the holiday itself, a Saturday",
            ),
            // Juneteenth 2027 is a Saturday, observed on Friday 18 June.
            ("2027-06-18 12:00:00", "2027-06-21", "Juneteenth observed"),
            // Christmas 2027 is a Saturday (observed Friday 24 December), and New Year's
            // Day 2028 too (observed Friday 31 December 2027).
            (
                "2027-12-23 18:00:00",
                "2027-12-27",
                "the evening before observed Christmas",
            ),
            ("2027-12-30 17:59:59", "2027-12-30", "Thursday 30 December"),
            (
                "2027-12-30 18:00:00",
                "2028-01-03",
                "New Year's Day observed on the 31st",
            ),
            (
                "2027-12-31 18:30:00",
                "2028-01-03",
                "New Year's Eve evening, 1 January a Saturday",
            ),
            (
                "2027-12-31 10:00:00",
                "2028-01-03",
                "New Year's Eve morning, a holiday then",
            ),
            // Daylight saving time starts Sunday 8 March 2026 and ends Sunday 1 November.
            (
                "2026-03-06 17:59:59",
                "2026-03-06",
                "Friday before spring forward (EST)",
            ),
            ("2026-03-06 18:00:00", "2026-03-09", "its evening"),
            (
                "2026-03-08 03:30:00",
                "2026-03-09",
                "the Sunday of the change",
            ),
            ("2026-03-09 17:59:59", "2026-03-09", "Monday, in EDT"),
            ("2026-03-09 18:00:00", "2026-03-10", "Monday at 6 p.m. EDT"),
            (
                "2026-10-30 18:00:00",
                "2026-11-02",
                "Friday before fall back (EDT)",
            ),
            (
                "2026-11-01 01:30:00",
                "2026-11-02",
                "the repeated hour of the change",
            ),
            ("2026-11-02 17:59:59", "2026-11-02", "Monday, in EST"),
            ("2026-11-02 18:00:00", "2026-11-03", "Monday at 6 p.m. EST"),
        ] {
            assert_eq!(receipt_date(at(received)), d(want), "{received}: {why}");
        }
    }

    #[test]
    fn the_day_before_and_the_day_of_every_holiday_2025_to_2030() {
        for year in 2025..=2030 {
            for h in observed_holidays(year) {
                let day = h.date;
                // The day of: always a later date, and a business day.
                for (hh, mm) in [(0, 0), (12, 0), (17, 59), (18, 0), (23, 59)] {
                    let r = receipt_date(instant(day, hh, mm));
                    assert!(r > day && is_business_day(r), "{day} {hh}:{mm} -> {r}");
                    assert_eq!(r, next_business_day(day));
                }
                // The day before, if a business day: itself before 6 p.m., and past the
                // holiday from 6 p.m.
                let before = add_days(day, -1);
                if is_business_day(before) {
                    assert_eq!(receipt_date(instant(before, 17, 59) + 59), before);
                    let after = receipt_date(instant(before, 18, 0));
                    assert!(after > day, "{before} 18:00 -> {after}");
                }
            }
        }
    }

    #[test]
    fn the_receipt_names_the_one_reason_that_applied() {
        // Monday 7 December 2026; Saturday 5 December; Friday 25 December (Christmas).
        let at = |day: &str, h| instant(d(day), h, 0);
        assert_eq!(receipt_reason(at("2026-12-07", 17)), ReceiptReason::SameDay);
        assert_eq!(
            receipt_reason(at("2026-12-07", 18)),
            ReceiptReason::AfterCutoff
        );
        assert_eq!(receipt_reason(at("2026-12-05", 9)), ReceiptReason::Weekend);
        assert_eq!(receipt_reason(at("2026-12-25", 9)), ReceiptReason::Holiday);
        // The reason agrees with the date: only the same day keeps it.
        for day in ["2026-12-05", "2026-12-07", "2026-12-25"] {
            for h in [0, 9, 17, 18, 23] {
                let t = at(day, h);
                assert_eq!(
                    receipt_reason(t) == ReceiptReason::SameDay,
                    receipt_date(t) == d(day),
                    "{day} {h}:00"
                );
            }
        }
    }
}
