//! The account lifecycle: yearly recertification of roles, and inactivity.
//!
//! The rules of the SPOT approver instructions (`002_…`), in our words:
//!
//! - Approvers recertify their end users every year, reminded by email when it is due.
//!   Every role carries a certification date
//!   and a due date, `Policy::recert_days` (365) after it was granted or last
//!   recertified. The organisation's approvers recertify end users (keep or remove, a
//!   removal with its reason emailed), the help desk recertifies approvers. Reminders go
//!   to them at `Policy::reminder_days` (30, 14, 7, 1) before the due date; on the due
//!   date an uncertified role expires (`recert`).
//! - Everyone logs in at least every 30 days or the account becomes inactive; a password
//!   reset reactivates it. No complete login (or reactivation, or
//!   registration) for `Policy::inactive_days` makes an account inactive: a job marks
//!   it, and the password step checks it too, so a job that did not run lets nobody in
//!   (`inactivity`).
//!
//! Dates are Eastern-time calendar dates (`shared::calendar`): a role certified on
//! 2027-01-15 with 365 days is due on 2028-01-15 and expires at its first second (00:00
//! ET); the reminder "30 days before" is due at 00:00 ET on 2027-12-16. Every grant with the same due date in one
//! organisation is reminded in one email per approver, whose id is derived from the
//! organisation, due date, reminder and approver, so a pass interrupted by a crash and
//! run again queues nothing twice and loses nothing (`Umbral::enqueue_once`).
mod console;
#[cfg(test)]
mod console_tests;
mod inactivity;
mod recert;
#[cfg(test)]
mod scenarios;
pub(crate) mod walk;

pub use inactivity::InactivityPass;
pub use recert::RecertPass;

use super::Policy;
use crate::clock::date_of;
use crate::store::{Account, Grant};
use shared::api::access::GrantStatus;
use shared::api::recert::DUE_SOON_DAYS;
use shared::date::Date;

pub const DAY: u64 = 86_400;

/// The first second of a date (Eastern time).
pub fn day_start(d: Date) -> u64 {
    shared::calendar::day_start(d)
}

/// The first second of the day `k` days before `due`'s date: when the reminder "k days
/// before" is due.
pub fn days_before(due: u64, k: u32) -> u64 {
    day_start(shared::calendar::add_days(date_of(due), -i64::from(k)))
}

/// Whole calendar days from `now`'s date to `due`'s.
pub fn days_left(due: u64, now: u64) -> i64 {
    date_of(due).days_since_epoch() - date_of(now).days_since_epoch()
}

impl Policy {
    /// The due date (its first second) of a role certified at `certified`.
    pub fn due_after(&self, certified: u64) -> u64 {
        day_start(shared::calendar::add_days(
            date_of(certified),
            self.recert_days as i64,
        ))
    }

    /// The due date of a grant (grants stored before due dates existed count from
    /// their grant).
    pub fn due(&self, g: &Grant) -> u64 {
        if g.due_at > 0 {
            g.due_at
        } else {
            self.due_after(g.certified_at.max(g.granted_at))
        }
    }

    pub fn grant_status(&self, g: &Grant, now: u64) -> GrantStatus {
        let due = self.due(g);
        if now >= due {
            GrantStatus::Expired
        } else if days_left(due, now) <= DUE_SOON_DAYS {
            GrantStatus::DueSoon
        } else {
            GrantStatus::Active
        }
    }

    /// The instant an account becomes inactive unless someone logs in.
    pub fn inactive_from(&self, a: &Account) -> u64 {
        a.last_active() + self.inactive_days * DAY
    }

    /// Inactive: marked so, or past its inactivity instant (a job not run yet).
    pub fn is_inactive(&self, a: &Account, now: u64) -> bool {
        a.inactive_at.is_some() || now >= self.inactive_from(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(granted_at: u64) -> Grant {
        Grant {
            application: "spot".into(),
            role: "end_user".into(),
            organization: "O-1".into(),
            granted_at,
            source: "R-1".into(),
            certified_at: 0,
            due_at: 0,
            reminded: vec![],
        }
    }

    #[test]
    fn a_role_is_due_on_the_same_date_a_year_later_and_expires_at_its_first_second() {
        let p = Policy::default();
        // 2027-01-15 08:00 UTC.
        let t0 = 1_800_000_000;
        let due = p.due(&grant(t0));
        assert_eq!(date_of(due).to_string(), "2028-01-15");
        assert_eq!(
            shared::calendar::eastern(due).label(),
            "2028-01-15 00:00 EST"
        );
        assert_eq!(p.grant_status(&grant(t0), due - 1), GrantStatus::DueSoon);
        assert_eq!(p.grant_status(&grant(t0), due), GrantStatus::Expired);
        assert_eq!(
            p.grant_status(&grant(t0), due - 61 * DAY),
            GrantStatus::Active
        );
        assert_eq!(
            p.grant_status(&grant(t0), due - 60 * DAY),
            GrantStatus::DueSoon
        );
        assert_eq!(days_left(due, due - 1), 1);
        assert_eq!(days_left(due, due - 30 * DAY), 30);
    }

    /// The rule picked for "keep" (issue 28): a role kept or granted is due the
    /// configured number of days later (365 by default), counted in calendar days in
    /// Eastern time. Across a 29 February that is a day before the same date next year;
    /// the README says so.
    #[test]
    fn a_year_is_the_configured_days_so_a_leap_day_makes_it_a_day_short() {
        let p = Policy::default();
        let at = |d: &str| shared::calendar::instant(shared::date::Date::parse(d).unwrap(), 10, 0);
        assert_eq!(
            date_of(p.due_after(at("2027-03-01"))).to_string(),
            "2028-02-29"
        );
        assert_eq!(
            date_of(p.due_after(at("2028-02-29"))).to_string(),
            "2029-02-28"
        );
        assert_eq!(
            date_of(p.due_after(at("2028-03-01"))).to_string(),
            "2029-03-01"
        );
        assert_eq!(
            date_of(p.due_after(at("2026-12-06"))).to_string(),
            "2027-12-06"
        );
        let p = Policy {
            recert_days: 30,
            ..Default::default()
        };
        assert_eq!(
            date_of(p.due_after(at("2027-01-15"))).to_string(),
            "2027-02-14"
        );
    }

    #[test]
    fn inactivity_counts_from_the_last_sign_of_life() {
        let p = Policy::default();
        let mut a = Account::new(
            "ann",
            "Ann",
            "Lee",
            "a@x.org",
            Default::default(),
            crate::store::AccountStatus::Active,
            1_000,
        );
        assert!(!p.is_inactive(&a, 1_000 + 30 * DAY - 1));
        assert!(p.is_inactive(&a, 1_000 + 30 * DAY));
        a.last_login_at = Some(5_000);
        assert!(!p.is_inactive(&a, 1_000 + 30 * DAY));
        a.reactivated_at = Some(9_000);
        assert_eq!(p.inactive_from(&a), 9_000 + 30 * DAY);
        a.inactive_at = Some(9_001);
        assert!(p.is_inactive(&a, 9_001));
    }
}
