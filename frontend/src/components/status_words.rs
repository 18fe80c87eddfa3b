//! How the status is said on any screen: a component's name (one of Umbral's parts, or an
//! application of the catalogue), and "this application is closed until …".
use crate::i18n::t1;
use crate::i18n::{t, targs};
use shared::api::status::{ApplicationStatus, ComponentState, StatusView};
use shared::i18n::Locale;

/// What a component of an outage is called: one of Umbral's parts
/// (`status-component-<code>`), or an application of the catalogue by its name.
pub fn component_name(l: Locale, s: Option<&StatusView>, c: &str) -> String {
    match s.and_then(|s| s.application(c)) {
        Some(a) => a.name.clone(),
        None => t(l, &format!("status-component-{c}")),
    }
}

/// "SPOT is closed for maintenance until …; Umbral stays open."
pub fn app_closed(l: Locale, a: &ApplicationStatus) -> String {
    targs(
        l,
        "status-app-closed",
        &[
            ("name", a.name.clone()),
            (
                "until",
                a.until
                    .map(|u| shared::calendar::when(l, u))
                    .unwrap_or_default(),
            ),
        ],
    )
}

/// The code of a component's state, as in `status-state-<code>` and the CSS classes.
pub fn state_code(s: ComponentState) -> &'static str {
    match s {
        ComponentState::Available => "available",
        ComponentState::Degraded => "degraded",
        ComponentState::Unavailable => "unavailable",
    }
}

/// "Umbral is available." or the maintenance and its end.
pub fn current(l: Locale, s: &StatusView) -> String {
    match &s.maintenance {
        None => t(l, "status-available"),
        Some(m) => t1(l, "status-maintenance", "until", m.end_et.clone()),
    }
}
