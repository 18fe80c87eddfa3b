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
use shared::calendar::WeeklyWindow;

/// A period, its ends written as every time on screen is ([`shared::calendar::when`]).
fn period(l: shared::i18n::Locale, start: u64, end: u64) -> Period {
    Period {
        start,
        end,
        start_et: shared::calendar::when(l, start),
        end_et: shared::calendar::when(l, end),
    }
}

fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

impl<S: Store> Umbral<S> {
    /// The maintenance in progress at `now` (the weekly window, or an outage of login or
    /// the portal): its start and the last end.
    pub async fn maintenance_at(&self, now: u64) -> Option<(u64, u64)> {
        let outages = self.outages_from(now).await.unwrap_or_default();
        self.maintenance_in(&outages, now)
    }

    /// [`Self::maintenance_at`] with the outages already read (`outages_from(now)`).
    pub fn maintenance_in(&self, outages: &[crate::store::Outage], now: u64) -> Option<(u64, u64)> {
        let weekly = self.policy.weekly.and_then(|w| w.current(now));
        let outage = outages
            .iter()
            .filter(|o| {
                o.start <= now
                    && !o.degraded
                    && o.components.iter().any(|c| c == "login" || c == "portal")
            })
            .map(|o| (o.start, o.end))
            .max_by_key(|p| p.1);
        match (weekly, outage) {
            (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
            (a, b) => a.or(b),
        }
    }

    /// `GET /status`.
    pub async fn status(&self, l: shared::i18n::Locale, now: u64) -> StatusView {
        let maintenance = self.maintenance_at(now).await.map(|(s, e)| period(l, s, e));
        let weekly = self.policy.weekly.map(|w: WeeklyWindow| {
            // "Next" is the one after the window in progress, if one is (usability walk
            // 3, journey 4: the one under way was shown as the next).
            let from = w.current(now).map_or(now, |(_, end)| end);
            let (s, e) = w.next(from);
            WeeklyView {
                weekday: w.weekday,
                start: hhmm(w.start),
                end: hhmm(w.end),
                next: period(l, s, e),
            }
        });
        let mut components = Vec::with_capacity(COMPONENTS.len());
        for c in COMPONENTS {
            components.push({
                let outages = self.outages_of(c, now).await;
                let down = outages.iter().find(|o| !o.degraded);
                let slow = outages.iter().find(|o| o.degraded);
                let closed = match *c {
                    "login" | "portal" => maintenance.as_ref().map(|m| m.end),
                    _ => down.map(|o| o.end),
                };
                let (state, until, why) = match (closed, slow) {
                    (Some(end), _) => (ComponentState::Unavailable, Some(end), down),
                    (None, Some(o)) => (ComponentState::Degraded, Some(o.end), Some(o)),
                    (None, None) => (ComponentState::Available, None, None),
                };
                ComponentStatus {
                    component: (*c).to_string(),
                    state,
                    until,
                    message: why.map(|o| crate::domain::outages::message(o, l)),
                }
            });
        }
        let outages = self
            .outages_from(now)
            .await
            .unwrap_or_default()
            .iter()
            .map(|o| self.outage_view(l, o, now))
            .collect();
        StatusView {
            available: maintenance.is_none(),
            maintenance,
            weekly,
            components,
            outages,
            help_desk: self.policy.help_desk.clone(),
            alerts: self.current_alerts(l, now).await,
            now,
            test_clock: self.clock.file_path().is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::testing::umbral;
    use shared::calendar::instant;
    use shared::date::Date;

    #[tokio::test]
    async fn the_status_says_when_the_weekly_window_is_on_and_when_it_comes_next() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        let thu = Date::parse("2026-11-26").unwrap();
        let start = instant(thu, 21, 0);
        let before = u.status(Default::default(), start - 1).await;
        assert!(before.available && before.maintenance.is_none());
        assert_eq!(
            before.weekly.unwrap().next.start_et,
            "Thu, Nov 26, 2026, 9:00 PM EST"
        );
        let during = u.status(Default::default(), start).await;
        assert!(!during.available);
        assert_eq!(
            during.maintenance.unwrap().end_et,
            "Thu, Nov 26, 2026, 11:00 PM EST"
        );
        // The window under way is not announced as the next one.
        assert_eq!(
            during.weekly.as_ref().unwrap().next.start_et,
            "Thu, Dec 3, 2026, 9:00 PM EST"
        );
        assert_eq!(
            during
                .components
                .iter()
                .find(|c| c.component == "login")
                .unwrap()
                .until,
            Some(start + 7200)
        );
        assert!(u.status(Default::default(), start + 7200).await.available);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_degraded_outage_is_shown_with_its_message_but_closes_nothing() {
        use crate::domain::outages::By;
        use shared::api::outage::OutageInput;
        use shared::api::status::ComponentState;
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        let now = u.clock.now();
        let start = now - now % 60 - 600;
        let label = |t| shared::calendar::eastern(t).label()[..16].to_string();
        u.create_outage(
            By::Operator,
            OutageInput {
                start: label(start),
                end: label(start + 3600),
                components: vec!["login".into(), "sms".into()],
                message_en: "Texts are slow.".into(),
                message_es: "Los mensajes de texto llegan con demora.".into(),
                degraded: true,
            },
            now,
        )
        .await
        .unwrap();
        assert_eq!(u.maintenance_at(now).await, None);
        assert_eq!(u.component_down("sms", now).await, None);
        let s = u.status(shared::i18n::Locale::Es, now).await;
        assert!(s.available && s.banner());
        let sms = s.components.iter().find(|c| c.component == "sms").unwrap();
        assert_eq!(sms.state, ComponentState::Degraded);
        assert_eq!(
            sms.message.as_deref(),
            Some("Los mensajes de texto llegan con demora.")
        );
        assert_eq!(sms.until, Some(start + 3600));
        let voice = s
            .components
            .iter()
            .find(|c| c.component == "voice")
            .unwrap();
        assert_eq!(
            (voice.state, voice.until),
            (ComponentState::Available, None)
        );
        // An hour later it is over; an outage tomorrow morning puts the banner up.
        let later = start + 3600;
        assert!(!u.status(Default::default(), later).await.banner());
        u.create_outage(
            By::Operator,
            OutageInput {
                start: label(later + 20 * 3600),
                end: label(later + 22 * 3600),
                components: vec!["email".into()],
                message_en: "Email codes are unavailable.".into(),
                message_es: "Los códigos por correo no están disponibles.".into(),
                degraded: false,
            },
            later,
        )
        .await
        .unwrap();
        let s = u.status(Default::default(), later).await;
        assert!(s.banner() && s.upcoming().is_some());
    }
}
