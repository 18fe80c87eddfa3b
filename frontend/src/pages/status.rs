//! The public status page (`/status`), the source's "system status and scheduled
//! maintenance": the current status, the note about the annual certification, the weekly
//! maintenance schedule with its next occurrence, each component, the help desk's
//! contact. Times are Eastern time, and the page says so. Also the banner every screen
//! shows while maintenance is in progress, and the notice of the login screen.
use crate::api;
use crate::components::form::{alert, loading};
use crate::context::prefs::use_locale;
use crate::hooks::use_fetch;
use crate::i18n::{t, t1, targs};
use crate::route::Route;
use shared::api::status::{ComponentState, StatusView};
use shared::i18n::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

fn state_code(s: ComponentState) -> &'static str {
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

#[function_component(StatusPage)]
pub fn status_page() -> Html {
    let l = use_locale();
    let data = use_fetch(0, api::status);
    let body = match &*data {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(s)) => html! {
            <>
                <p class={classes!("card", "status-now", if s.available { "ok" } else { "down" })} id="status-now" role="status">
                    { current(l, s) }
                </p>
                <p class="hint" id="status-cert-note">{ t(l, "status-cert-note") }{ " " }
                    <Link<Route> to={Route::MyRoles}>{ t(l, "access-my-roles-title") }</Link<Route>></p>
                <h2>{ t(l, "status-schedule-title") }</h2>
                if let Some(w) = &s.weekly {
                    <p id="status-weekly">{ targs(l, "status-schedule", &[
                        ("day", t(l, &format!("weekday-{}", w.weekday))),
                        ("start", w.start.clone()),
                        ("end", w.end.clone()),
                    ]) }</p>
                    <p id="status-next">{ targs(l, "status-next", &[("start", w.next.start_et.clone()), ("end", w.next.end_et.clone())]) }</p>
                } else {
                    <p id="status-weekly">{ t(l, "status-no-weekly") }</p>
                }
                <h2>{ t(l, "status-outages") }</h2>
                if s.outages.is_empty() {
                    <p id="status-no-outages">{ t(l, "status-no-outages") }</p>
                } else {
                    <ul class="devices" id="status-outages">
                        { for s.outages.iter().map(|o| html! {
                            <li class="card" data-current={o.current.to_string()}>
                                <p><strong>{ targs(l, "status-outage-when", &[("start", o.period.start_et.clone()), ("end", o.period.end_et.clone())]) }</strong></p>
                                <p>{ o.components.iter().map(|c| t(l, &format!("status-component-{c}"))).collect::<Vec<_>>().join(", ") }</p>
                                <p>{ &o.message }</p>
                            </li>
                        }) }
                    </ul>
                    <p class="hint">{ t(l, "status-outage-advice") }</p>
                }
                <p class="hint" id="status-et">{ t(l, "status-times-et") }</p>
                <h2>{ t(l, "status-components") }</h2>
                <ul class="devices" id="status-components">
                    { for s.components.iter().map(|c| html! {
                        <li class="card" data-component={c.component.clone()} data-state={state_code(c.state)}>
                            <strong>{ t(l, &format!("status-component-{}", c.component)) }</strong>{ " · " }
                            { t(l, &format!("status-state-{}", state_code(c.state))) }
                        </li>
                    }) }
                </ul>
                <h2>{ t(l, "status-help-desk") }</h2>
                <dl class="card facts" id="status-help-desk">
                    if !s.help_desk.phone.is_empty() {
                        <dt>{ t(l, "status-help-desk-phone") }</dt><dd><a href={format!("tel:{}", s.help_desk.phone)}>{ &s.help_desk.phone }</a></dd>
                    }
                    if !s.help_desk.email.is_empty() {
                        <dt>{ t(l, "status-help-desk-email") }</dt><dd><a href={format!("mailto:{}", s.help_desk.email)}>{ &s.help_desk.email }</a></dd>
                    }
                    if !s.help_desk.hours.is_empty() {
                        <dt>{ t(l, "status-help-desk-hours") }</dt><dd>{ &s.help_desk.hours }</dd>
                    }
                </dl>
            </>
        },
    };
    html! {
        <section class="page narrow">
            <h1 id="status-heading">{ t(l, "status-title") }</h1>
            { body }
        </section>
    }
}

/// The banner at the top of every screen while maintenance is in progress.
#[function_component(MaintenanceBanner)]
pub fn maintenance_banner() -> Html {
    let l = use_locale();
    let data = use_fetch(0, api::status);
    match &*data {
        Some(Ok(s)) if s.maintenance.is_some() => html! {
            <p class="banner maintenance" role="status" id="maintenance-banner">
                { current(l, s) }{ " " }
                <Link<Route> to={Route::Status}>{ t(l, "status-link") }</Link<Route>>
            </p>
        },
        _ => html! {},
    }
}
