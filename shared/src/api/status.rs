//! `GET /api/v1/status`: the public system status (the source's "SPOT system status and
//! scheduled maintenance" page). Times are instants (Unix seconds) with their Eastern
//! wall-time labels, because the page shows Eastern time and says so.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComponentState {
    #[default]
    Available,
    Degraded,
    Unavailable,
}

/// The parts of Umbral whose state the page shows: login, the portal, and each MFA
/// channel.
pub const COMPONENTS: &[&str] = &["login", "portal", "email", "sms", "voice", "authenticator"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComponentStatus {
    /// One of [`COMPONENTS`]; its name is the message `status-component-<code>`.
    pub component: String,
    pub state: ComponentState,
    /// Until when (an instant), when it is not available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<u64>,
    /// Why, in the request's language: the message of the outage behind the state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A period of maintenance: the weekly window's occurrence or a scheduled outage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub start: u64,
    pub end: u64,
    /// `2026-11-26 21:00 EST`.
    pub start_et: String,
    pub end_et: String,
}

/// The weekly window as configured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyView {
    /// Monday = 1 ... Sunday = 7; its name is the message `weekday-<n>`.
    pub weekday: u8,
    /// `21:00`, Eastern time.
    pub start: String,
    pub end: String,
    /// The occurrence in progress, or the next one.
    pub next: Period,
}

/// One application of the catalogue on the status page: its own weekly window and
/// outages close signing in to it and using it, not Umbral (usability walk 3, "where
/// Umbral still differs": the source's Thursday window is SPOT's, not the identity
/// system's).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationStatus {
    /// The catalogue's id; outages name it among their components.
    pub id: String,
    /// In the request's language.
    pub name: String,
    pub state: ComponentState,
    /// Until when (an instant), when it is not available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<u64>,
    /// The message of the outage behind the state (none for the weekly window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Its weekly window, unless it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly: Option<WeeklyView>,
}

impl ApplicationStatus {
    /// Closed now (its window or an outage): signing in to it and its forms wait.
    pub fn closed(&self) -> bool {
        self.state == ComponentState::Unavailable
    }
}

/// How to reach the help desk (configuration).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpDeskContact {
    pub phone: String,
    pub email: String,
    /// Free text, as configured (`Monday-Friday 8 a.m.-5 p.m. ET`).
    pub hours: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusView {
    /// Umbral's login works now for everyone.
    pub available: bool,
    /// Umbral's own maintenance in progress (login answers 503 `maintenance` until its
    /// end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance: Option<Period>,
    /// Umbral's own weekly window, unless it has none (the default: the applications
    /// have theirs in [`Self::applications`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly: Option<WeeklyView>,
    pub components: Vec<ComponentStatus>,
    /// Each application of the catalogue, with its own window and state.
    #[serde(default)]
    pub applications: Vec<ApplicationStatus>,
    /// Scheduled outages in progress or to come, soonest first.
    #[serde(default)]
    pub outages: Vec<OutageView>,
    pub help_desk: HelpDeskContact,
    /// Urgent alerts showing now, newest first.
    #[serde(default)]
    pub alerts: Vec<AlertView>,
    /// The server's time, for "within 24 hours".
    pub now: u64,
    /// The server reads its time from a test file (`UMBRAL_UNSAFE_TEST_CLOCK`): never
    /// true on a real installation, so the page says so loudly when it is.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub test_clock: bool,
    /// The portal is served over plain http by the operator's choice (`--insecure-http`):
    /// every screen's banner says that nothing is encrypted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub plain_http: bool,
}

/// How long before an outage starts the banner announces it.
pub const BANNER_AHEAD_SECS: u64 = 24 * 3600;

impl StatusView {
    /// Whether every screen shows the status banner: maintenance in progress, a
    /// component or an application degraded or unavailable, an outage starting within 24 hours, or an
    /// urgent alert.
    pub fn banner(&self) -> bool {
        self.maintenance.is_some()
            || self.plain_http
            || !self.alerts.is_empty()
            || self
                .components
                .iter()
                .any(|c| c.state != ComponentState::Available)
            || self
                .applications
                .iter()
                .any(|a| a.state != ComponentState::Available)
            || self.upcoming().is_some()
    }

    /// The application `id`, if the catalogue has it.
    pub fn application(&self, id: &str) -> Option<&ApplicationStatus> {
        self.applications.iter().find(|a| a.id == id)
    }

    /// The next outage starting within [`BANNER_AHEAD_SECS`], not yet in progress.
    pub fn upcoming(&self) -> Option<&OutageView> {
        self.outages
            .iter()
            .filter(|o| !o.current && o.period.start <= self.now + BANNER_AHEAD_SECS)
            .min_by_key(|o| o.period.start)
    }
}

/// An outage as the status page and the console show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutageView {
    pub id: String,
    pub period: Period,
    pub components: Vec<String>,
    /// In the request's language.
    pub message: String,
    pub message_en: String,
    pub message_es: String,
    /// In progress now.
    pub current: bool,
    /// The components work, slowly or in part: shown as degraded, nothing is closed.
    #[serde(default)]
    pub degraded: bool,
}

/// An alert as the status page and the banner show it, in the request's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertView {
    pub id: String,
    pub title: String,
    pub body: String,
    /// When it was posted, as `2026-11-26 21:00 EST`.
    pub posted_et: String,
    /// When it stops showing, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_et: Option<String>,
    /// Whom it is for: the page shows those matching the visitor's site preferences
    /// first.
    #[serde(default)]
    pub audience: super::site::Audience,
}
