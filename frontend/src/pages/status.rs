//! The public status page (`/status`), the source's "system status and scheduled
//! maintenance": the current status, the note about the annual certification, the weekly
//! maintenance schedule with its next occurrence, each component, the help desk's
//! contact. Times are Eastern time, and the page says so. Also the banner every screen
//! shows while something is wrong or coming (see [`StatusView::banner`]), and the help
//! desk's contact.
use crate::api;
use crate::components::for_you::ForYouList;
use crate::components::form::{alert, loading};
use crate::components::help_desk::HelpDeskCard;
use crate::components::share::ShareLink;
use crate::components::status_words::{app_closed, component_name};
use crate::context::prefs::use_locale;
use crate::context::site::use_site_prefs;
use crate::context::status::use_status;
use crate::hooks::use_fetch;
use crate::i18n::{t, t1, targs};
use crate::route::{Link, Route};
use shared::api::status::{ComponentState, StatusView, WeeklyView};

use shared::i18n::Locale;
use yew::prelude::*;

fn state_code(s: ComponentState) -> &'static str {
    match s {
        ComponentState::Available => "available",
        ComponentState::Degraded => "degraded",
        ComponentState::Unavailable => "unavailable",
    }
}

/// A weekly window: "{name} closes every week …" and its next occurrence.
fn weekly_lines(l: Locale, name: Option<&str>, w: &WeeklyView, id: &str) -> Html {
    let day = t(l, &format!("weekday-{}", w.weekday));
    let args = [
        ("day", day),
        ("start", w.start.clone()),
        ("end", w.end.clone()),
        ("name", name.unwrap_or_default().to_string()),
    ];
    html! {
        <>
            <p id={format!("{id}-weekly")}>{ match name {
                Some(_) => targs(l, "status-schedule", &args),
                None => targs(l, "status-own-weekly", &args),
            } }</p>
            <p id={format!("{id}-next")} class="hint">{ targs(l, "status-next", &[("start", w.next.start_et.clone()), ("end", w.next.end_et.clone())]) }</p>
        </>
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
    let site = use_site_prefs();
    // The app's copy (fetched with the first screen) is drawn until this page's fresh
    // one is in: the page does not start as "Loading…" and then grow.
    let app_copy = crate::context::status::use_status();
    let fallback = app_copy.map(|s| Ok((*s).clone()));
    let body = match data.as_ref().or(fallback.as_ref()) {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(s)) => html! {
            <>
                if s.test_clock {
                    <p class="card status-now down" id="status-test-clock" role="alert">{ t(l, "status-test-clock") }</p>
                }
                <p class={classes!("card", "status-now", if s.available { "ok" } else { "down" })} id="status-now" role="status">
                    { current(l, s) }
                </p>
                if !s.alerts.is_empty() {
                    <h2>{ t(l, "status-alerts") }</h2>
                    <ForYouList id="status-alerts" items={s.alerts.iter().map(|a| (a.audience.matches(&site), html! {
                            <li class="card alert-card" data-alert={a.id.clone()}>
                                <p><strong>{ &a.title }</strong></p>
                                { for a.body.split('\n').filter(|p| !p.trim().is_empty()).map(|p| html! { <p>{ p }</p> }) }
                                <p class="hint">{ t1(l, "status-alert-posted", "when", a.posted_et.clone()) }
                                    if let Some(e) = &a.end_et { { " · " }{ t1(l, "status-alert-until", "when", e.clone()) } }</p>
                            </li>
                        })).collect::<Vec<_>>()} />
                }
                <p class="hint" id="status-cert-note">{ t(l, "status-cert-note") }{ " " }
                    <Link to={Route::MyRoles}>{ t(l, "access-my-roles-title") }</Link></p>
                <h2>{ t(l, "status-schedule-title") }</h2>
                { for s.applications.iter().map(|a| match &a.weekly {
                    Some(w) => weekly_lines(l, Some(&a.name), w, &format!("status-app-{}", a.id)),
                    None => html! { <p id={format!("status-app-{}-weekly", a.id)}>{ t1(l, "status-app-no-weekly", "name", a.name.clone()) }</p> },
                }) }
                if let Some(w) = &s.weekly {
                    { weekly_lines(l, None, w, "status") }
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
                                <p>{ o.components.iter().map(|c| component_name(l, Some(s), c)).collect::<Vec<_>>().join(", ") }</p>
                                if o.degraded { <p>{ t(l, "status-degraded") }</p> }
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
                            if let Some(u) = c.until {
                                { " " }{ t1(l, "status-until", "until", shared::calendar::when(l, u)) }
                            }
                            if let Some(m) = &c.message { <p class="hint">{ m }</p> }
                        </li>
                    }) }
                </ul>
                if !s.applications.is_empty() {
                    <h2>{ t(l, "status-applications") }</h2>
                    <ul class="devices" id="status-applications">
                        { for s.applications.iter().map(|a| html! {
                            <li class="card" data-application={a.id.clone()} data-state={state_code(a.state)}>
                                <strong>{ &a.name }</strong>{ " · " }
                                { t(l, &format!("status-state-{}", state_code(a.state))) }
                                if let Some(u) = a.until {
                                    { " " }{ t1(l, "status-until", "until", shared::calendar::when(l, u)) }
                                }
                                if let Some(m) = &a.message { <p class="hint">{ m }</p> }
                            </li>
                        }) }
                    </ul>
                }
                <h2>{ t(l, "status-help-desk") }</h2>
                <HelpDeskCard contact={s.help_desk.clone()} id="status-help-desk" />
            </>
        },
    };
    html! {
        <section class="page narrow">
            <h1 id="status-heading">{ t(l, "status-title") }</h1>
            { body }
            <ShareLink page="status" />
        </section>
    }
}

/// The banner at the top of every screen while maintenance is in progress, a component
/// is degraded or unavailable, an outage starts within 24 hours, or an urgent alert
/// is showing; each line links to the status page.
#[function_component(StatusBanner)]
pub fn status_banner() -> Html {
    let l = use_locale();
    let site = use_site_prefs();
    let Some(s) = use_status() else {
        return html! {};
    };
    let mut s = (*s).clone();
    // The banner carries only the alerts meant for this visitor; the status page
    // lists the others behind "Show everything".
    s.alerts.retain(|a| a.audience.matches(&site));
    if !s.banner() {
        return html! {};
    }
    let mut lines: Vec<Html> = vec![];
    if s.maintenance.is_some() {
        lines.push(html! { <span>{ current(l, &s) }</span> });
    }
    for a in &s.alerts {
        lines.push(html! { <span class="banner-alert"><strong>{ &a.title }</strong></span> });
    }
    for c in s.components.iter().filter(|c| {
        c.state != ComponentState::Available
            && !(s.maintenance.is_some() && matches!(c.component.as_str(), "login" | "portal"))
    }) {
        let mut text = format!(
            "{}: {}",
            t(l, &format!("status-component-{}", c.component)),
            t(l, &format!("status-state-{}", state_code(c.state)))
        );
        if let Some(u) = c.until {
            text = format!(
                "{text} {}",
                t1(l, "status-until", "until", shared::calendar::when(l, u))
            );
        }
        lines.push(html! { <span data-component={c.component.clone()}>{ text }</span> });
    }
    for a in s
        .applications
        .iter()
        .filter(|a| a.state != ComponentState::Available)
    {
        // "Umbral stays open" only while it does.
        let text = if a.closed() && s.maintenance.is_none() {
            app_closed(l, a)
        } else {
            let mut text = format!(
                "{}: {}",
                a.name,
                t(l, &format!("status-state-{}", state_code(a.state)))
            );
            if let Some(u) = a.until {
                text = format!(
                    "{text} {}",
                    t1(l, "status-until", "until", shared::calendar::when(l, u))
                );
            }
            text
        };
        lines.push(html! { <span data-application={a.id.clone()}>{ text }</span> });
    }
    if let Some(o) = s.upcoming() {
        let components = o
            .components
            .iter()
            .map(|c| component_name(l, Some(&s), c))
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(
            html! { <span id="banner-upcoming">{ targs(l, "status-banner-upcoming", &[
                ("start", o.period.start_et.clone()),
                ("end", o.period.end_et.clone()),
                ("components", components),
            ]) }</span> },
        );
    }
    let urgent = s.maintenance.is_some() || !s.alerts.is_empty();
    html! {
        <div class={classes!("banner", if urgent { "maintenance" } else { "notice-banner" })} role="status" id="status-banner">
            { for lines.into_iter().map(|line| html! { <p>{ line }</p> }) }
            <p><Link to={Route::Status}>{ t(l, "status-link") }</Link></p>
        </div>
    }
}
