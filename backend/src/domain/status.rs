//! System status and maintenance (the source's "SPOT system status and scheduled
//! maintenance"): "SPOT is available 24/7, except for routine weekly maintenance
//! (Thursday 9-11 p.m.) and scheduled outages ... During weekly maintenance and scheduled
//! outages, access to SPOT may be unavailable."
//!
//! During the weekly window the password step answers 503 `maintenance` with its end,
//! to right and wrong passwords alike (nothing is counted toward a lock), except a right
//! password of a help-desk account: the help desk can log in to work on the outage.
//! Sessions already open stay open (the source says access "may be" unavailable, and
//! cutting off someone mid-form loses their work); they end at their usual times.
use crate::domain::Umbral;
use crate::store::Store;
use shared::api::status::*;
use shared::calendar::{eastern, WeeklyWindow};

fn period(start: u64, end: u64) -> Period {
    Period {
        start,
        end,
        start_et: eastern(start).label(),
        end_et: eastern(end).label(),
    }
}

fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

impl<S: Store> Umbral<S> {
    /// The maintenance in progress at `now`: its start and end.
    pub fn maintenance_at(&self, now: u64) -> Option<(u64, u64)> {
        self.policy.weekly.and_then(|w| w.current(now))
    }

    /// `GET /status`.
    pub fn status(&self, now: u64) -> StatusView {
        let maintenance = self.maintenance_at(now).map(|(s, e)| period(s, e));
        let weekly = self.policy.weekly.map(|w: WeeklyWindow| {
            let (s, e) = w.next(now);
            WeeklyView {
                weekday: w.weekday,
                start: hhmm(w.start),
                end: hhmm(w.end),
                next: period(s, e),
            }
        });
        let components = COMPONENTS
            .iter()
            .map(|c| {
                let down = maintenance.is_some() && matches!(*c, "login" | "portal");
                ComponentStatus {
                    component: (*c).to_string(),
                    state: if down {
                        ComponentState::Unavailable
                    } else {
                        ComponentState::Available
                    },
                    until: maintenance.as_ref().filter(|_| down).map(|m| m.end),
                }
            })
            .collect();
        StatusView {
            available: maintenance.is_none(),
            maintenance,
            weekly,
            components,
            help_desk: self.policy.help_desk.clone(),
            now,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::testing::umbral;
    use shared::calendar::instant;
    use shared::date::Date;

    #[test]
    fn the_status_says_when_the_weekly_window_is_on_and_when_it_comes_next() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        let thu = Date::parse("2026-11-26").unwrap();
        let start = instant(thu, 21, 0);
        let before = u.status(start - 1);
        assert!(before.available && before.maintenance.is_none());
        assert_eq!(before.weekly.unwrap().next.start_et, "2026-11-26 21:00 EST");
        let during = u.status(start);
        assert!(!during.available);
        assert_eq!(during.maintenance.unwrap().end_et, "2026-11-26 23:00 EST");
        assert_eq!(
            during
                .components
                .iter()
                .find(|c| c.component == "login")
                .unwrap()
                .until,
            Some(start + 7200)
        );
        assert!(u.status(start + 7200).available);
    }
}
