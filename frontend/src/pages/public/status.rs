//! The public status page (`/status`), the source's "system status and scheduled
//! maintenance": the current status, the note about the annual certification, the weekly
//! maintenance schedule with its next occurrence, each component, the help desk's
//! contact. Times are Eastern time, and the page says so. (The banner every screen
//! shows while something is wrong or coming is `components::status_banner`.)
use crate::api;
use crate::components::for_you::ForYouList;
use crate::components::form::{alert, loading};
use crate::components::help_desk::HelpDeskCard;
use crate::components::share::ShareLink;
use crate::components::status_words::{component_name, current, state_code};
use crate::context::prefs::use_locale;
use crate::context::site::use_site_prefs;
use crate::hooks::use_fetch;
use crate::i18n::{t, t1, targs};
use crate::route::{Link, Route};
use shared::api::status::WeeklyView;
use shared::i18n::Locale;
use yew::prelude::*;

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
