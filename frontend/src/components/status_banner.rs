//! The banner at the top of every screen (drawn by the app's frame) while something is
//! wrong or coming; the status page (`pages::public::status`) says the rest.
use crate::components::status_words::{app_closed, component_name, current, state_code};
use crate::context::prefs::use_locale;
use crate::context::site::use_site_prefs;
use crate::context::status::use_status;
use crate::i18n::{t, t1, targs};
use crate::route::{Link, Route};
use shared::api::status::ComponentState;
use yew::prelude::*;

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
    if s.plain_http {
        lines.push(html! { <span class="banner-alert"><strong>{ t(l, "status-plain-http") }</strong></span> });
    }
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
