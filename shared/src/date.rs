//! A calendar date without a time zone, enough for dates of birth. The caller
//! passes "today" in; nothing here reads the clock.
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` (ISO 8601 calendar date), checking the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            s.get(r.clone())
                .filter(|p| p.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|p| p.parse().ok())
        };
        let year = digits(0..4)? as i32;
        let month = digits(5..7)? as u8;
        let day = digits(8..10)? as u8;
        Date::new(year, month, day)
    }

    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Whole years from `self` to `on`; a 29 February birthday comes of age on 1 March
    /// in common years.
    pub fn years_until(&self, on: Date) -> i32 {
        let mut years = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }

    /// Days since 1970-01-01 to date (proleptic Gregorian), for converting clock time.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The inverse of [`Date::from_days_since_epoch`] (Hinnant's days_from_civil).
    pub fn days_since_epoch(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A date as a person types it, in ISO form when it can be read as one: `YYYY-MM-DD`
/// stays as it is, and the US order people in the sources' region write by hand
/// (`MM/DD/YYYY`, `M/D/YYYY`, or with dashes: 12/05/1985 is 5 December 1985) becomes
/// `1985-12-05`. Anything else comes back unchanged, for the field's rule to refuse.
/// The SPA applies it as the person types, so what it sends, and what the server's
/// rule checks, is always the ISO form.
pub fn typed_to_iso(s: &str) -> String {
    let t = s.trim();
    if Date::parse(t).is_some() {
        return t.to_string();
    }
    let parts: Vec<&str> = t.split(['/', '-']).collect();
    let us = match parts.as_slice() {
        [m, d, y]
            if (1..=2).contains(&m.len())
                && (1..=2).contains(&d.len())
                && y.len() == 4
                && [m, d, y]
                    .iter()
                    .all(|p| p.bytes().all(|c| c.is_ascii_digit())) =>
        {
            match (y.parse(), m.parse(), d.parse()) {
                (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d),
                _ => None,
            }
        }
        _ => None,
    };
    us.map_or_else(|| s.to_string(), |d| d.to_string())
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Date::parse("2000-02-29"), Date::new(2000, 2, 29));
        assert!(Date::parse("1900-02-29").is_none());
        assert!(Date::parse("2001-13-01").is_none());
        assert!(Date::parse("2001-1-01").is_none());
        assert!(Date::parse("+001-01-01").is_none());
    }

    #[test]
    fn dates_typed_the_us_way_become_iso() {
        for (typed, iso) in [
            ("12/05/1985", "1985-12-05"),
            ("2/9/1985", "1985-02-09"),
            ("02-29-2000", "2000-02-29"),
            (" 1985-12-05 ", "1985-12-05"),
        ] {
            assert_eq!(typed_to_iso(typed), iso, "{typed}");
        }
        // Not a date, or not yet a whole one: left for the rule to judge.
        for typed in [
            "13/05/1985",
            "02/29/1900",
            "12/05/85",
            "12/05/198",
            "1985/12/05",
            "abc",
        ] {
            assert_eq!(typed_to_iso(typed), typed, "{typed}");
        }
    }

    #[test]
    fn days_since_epoch_round_trips() {
        for days in [-719_468, -1, 0, 1, 11_016, 20_780, 2_932_896] {
            let d = Date::from_days_since_epoch(days);
            assert_eq!(d.days_since_epoch(), days, "{d:?}");
        }
        assert_eq!(Date::new(2026, 11, 23).unwrap().days_since_epoch(), 20_780);
    }

    #[test]
    fn age_counts_whole_years() {
        let b = Date::new(2000, 6, 15).unwrap();
        assert_eq!(b.years_until(Date::new(2018, 6, 14).unwrap()), 17);
        assert_eq!(b.years_until(Date::new(2018, 6, 15).unwrap()), 18);
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_414).to_string(),
            "2025-11-22"
        );
    }
}
