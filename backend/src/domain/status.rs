//! System status and maintenance. Source: the status page of SPOT (`reference/`,
//! "system status and scheduled maintenance"): SPOT is open around the clock except
//! during its routine weekly window on Thursday evenings (9 to 11 p.m. ET) and the
//! scheduled outages listed on the page, when it may be unreachable.
//!
//! That window is the application's, not the identity system's, so each application of
//! the catalogue has its own (SPOT's by default, `App::weekly`) and its outages (an
//! outage naming the application's id): while one is on, signing in to that application
//! (OpenID Connect) and its forms in Umbral (documents) answer 503
//! `application_maintenance` with its end, at every step, while Umbral's login, profile,
//! approvals and role requests stay open.
//!
//! Umbral's own maintenance is an outage of `login` or `portal` (or, rarely, its own
//! weekly window, off by default): the password step answers 503 `maintenance` with its
//! end, except a right password of a help-desk account, so the help desk can work on
//! it. Sessions already open stay open (cutting someone off mid-form loses their work);
//! they end at their usual times.
use crate::domain::Umbral;
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

/// What is closed at `now` by a weekly window or by an outage (not a degraded one) that
/// names one of `components`: the earliest start and the last end of those in progress.
/// Umbral's login and each application are closed by the same rule.
fn closed(
    weekly: Option<WeeklyWindow>,
    outages: &[crate::store::Outage],
    components: &[&str],
    now: u64,
) -> Option<(u64, u64)> {
    let weekly = weekly.and_then(|w| w.current(now));
    let outage = outages
        .iter()
        .filter(|o| {
            o.start <= now
                && !o.degraded
                && o.components
                    .iter()
                    .any(|c| components.contains(&c.as_str()))
        })
        .map(|o| (o.start, o.end))
        .max_by_key(|p| p.1);
    match (weekly, outage) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (a, b) => a.or(b),
    }
}

fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A weekly window as the page shows it. "Next" is the one after the window in
/// progress, if one is (usability walk 3, journey 4: the one under way was shown as the
/// next).
fn weekly_view(l: shared::i18n::Locale, w: WeeklyWindow, now: u64) -> WeeklyView {
    let from = w.current(now).map_or(now, |(_, end)| end);
    let (s, e) = w.next(from);
    WeeklyView {
        weekday: w.weekday,
        start: hhmm(w.start),
        end: hhmm(w.end),
        next: period(l, s, e),
    }
}

impl Umbral {
    /// The maintenance in progress at `now` (the weekly window, or an outage of login or
    /// the portal): its start and the last end.
    pub async fn maintenance_at(&self, now: u64) -> Option<(u64, u64)> {
        let outages = self.outages_from(now).await.unwrap_or_default();
        self.maintenance_in(&outages, now)
    }

    /// [`Self::maintenance_at`] with the outages already read (`outages_from(now)`).
    pub fn maintenance_in(&self, outages: &[crate::store::Outage], now: u64) -> Option<(u64, u64)> {
        closed(self.policy.weekly, outages, &["login", "portal"], now)
    }

    /// The application `app` is closed at `now` (its weekly window, or an outage naming
    /// it): the start and the last end. `outages` are `outages_from(now)`.
    pub fn app_closed_in(
        &self,
        outages: &[crate::store::Outage],
        app: &str,
        now: u64,
    ) -> Option<(u64, u64)> {
        let weekly = self.apps.app(app).and_then(|a| a.weekly);
        closed(weekly, outages, &[app], now)
    }

    /// Refuses using application `app` (signing in to it, its forms) while it is closed
    /// at `now`.
    pub async fn app_open(
        &self,
        app: &str,
        now: u64,
    ) -> Result<(), crate::domain::auth::AuthError> {
        let outages = self.outages_from(now).await.unwrap_or_default();
        match self.app_closed_in(&outages, app, now) {
            Some((_, until)) => {
                Err(crate::domain::auth::AuthError::ApplicationMaintenance { until, now })
            }
            None => Ok(()),
        }
    }

    /// `GET /status`.
    pub async fn status(&self, l: shared::i18n::Locale, now: u64) -> StatusView {
        let maintenance = self.maintenance_at(now).await.map(|(s, e)| period(l, s, e));
        let weekly = self.policy.weekly.map(|w| weekly_view(l, w, now));
        let all_outages = self.outages_from(now).await.unwrap_or_default();
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
        let applications = self
            .apps
            .apps
            .iter()
            .map(|a| {
                let closed = self.app_closed_in(&all_outages, &a.id, now);
                let mut of_app: Vec<_> = all_outages
                    .iter()
                    .filter(|o| o.start <= now && o.components.iter().any(|c| c == &a.id))
                    .collect();
                of_app.sort_by_key(|o| std::cmp::Reverse(o.end));
                let down = of_app.iter().find(|o| !o.degraded);
                let slow = of_app.iter().find(|o| o.degraded);
                let (state, until, why) = match (closed, slow) {
                    (Some((_, end)), _) => (ComponentState::Unavailable, Some(end), down),
                    (None, Some(o)) => (ComponentState::Degraded, Some(o.end), Some(o)),
                    (None, None) => (ComponentState::Available, None, None),
                };
                ApplicationStatus {
                    id: a.id.clone(),
                    name: a.name.get(l).to_string(),
                    state,
                    until,
                    message: why.map(|o| crate::domain::outages::message(o, l)),
                    weekly: a.weekly.map(|w| weekly_view(l, w, now)),
                }
            })
            .collect();
        let outages = all_outages
            .iter()
            .map(|o| self.outage_view(l, o, now))
            .collect();
        StatusView {
            available: maintenance.is_none(),
            maintenance,
            weekly,
            components,
            applications,
            outages,
            help_desk: self.policy.help_desk.clone(),
            alerts: self.current_alerts(l, now).await,
            now,
            test_clock: self.clock.file_path().is_some(),
            plain_http: self.policy.insecure_http,
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
        let mut u = umbral(dir.path());
        // Umbral's own window (off by default) on SPOT's evening.
        u.policy.weekly = Some(Default::default());
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
