//! My roles: what I hold (with its due date), what expired, and what I asked for.
use crate::api::{self};
use crate::components::form::{alert, loading};
use crate::context::prefs::use_locale;
use crate::context::session::{guard, use_session};
use crate::format::{fmt_day, fmt_time, org_line};
use crate::hooks::use_fetch;
use crate::i18n::{t, t1, targs};
use crate::route::{Link, Route};
use shared::api::access::*;
use shared::i18n::Locale;
use yew::prelude::*;

fn status_chip(l: Locale, s: RequestStatus) -> Html {
    let code = match s {
        RequestStatus::Pending => "pending",
        RequestStatus::Approved => "approved",
        RequestStatus::Denied => "denied",
    };
    html! { <span class={classes!("chip", code)} data-status={code}>{ t(l, &format!("access-status-{code}")) }</span> }
}

/// Where a role stands in its yearly recertification.
fn grant_status(l: Locale, g: &RoleGrantView) -> Html {
    let (code, text) = match g.status {
        GrantStatus::Active => (
            "active",
            t1(l, "roles-status-active", "date", fmt_day(l, &g.due_on)),
        ),
        GrantStatus::DueSoon => (
            "due-soon",
            targs(
                l,
                "roles-status-due-soon",
                &[
                    ("date", fmt_day(l, &g.due_on)),
                    ("days", g.days_left.to_string()),
                ],
            ),
        ),
        GrantStatus::Expired => (
            "expired",
            t1(
                l,
                "roles-status-expired",
                "date",
                g.expired_at
                    .map(|t| fmt_time(l, t))
                    .unwrap_or_else(|| fmt_day(l, &g.due_on)),
            ),
        ),
    };
    html! { <p class={classes!("grant-status", code)} data-status={code}>{ text }</p> }
}

fn grant_card(l: Locale, g: &RoleGrantView) -> Html {
    let usable = g.status != GrantStatus::Expired && g.organization.status == "active";
    html! {
        <li class="card" data-role={g.role.clone()} data-org={g.organization.id.clone()}>
            <strong>{ &g.role_name }</strong>{ " · " }{ &g.application_name }
            <br />{ org_line(l, &g.organization) }
            { grant_status(l, g) }
            if usable {
                <div class="actions">
                    <Link to={Route::Application { app: g.application.clone(), org: g.organization.id.clone() }}
                        classes="button" ><span class="open-app">{ t1(l, "roles-open", "app", g.application_name.clone()) }</span></Link>
                </div>
            }
        </li>
    }
}

#[function_component(MyRoles)]
pub fn my_roles() -> Html {
    let l = use_locale();
    let session = use_session();
    let data = use_fetch(0, api::access::my_roles);
    let profile = match guard(&session) {
        Ok(p) => p,
        Err(h) => return h,
    };
    let body = match &*data {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(m)) => {
            let approver = m.grants.iter().any(|g| g.approver);
            html! {
                <>
                <div class="tiles">
                    <Link to={Route::RoleRequest} classes="tile"><span id="request-role">{ t(l, "access-request-role") }</span></Link>
                    if approver {
                        <Link to={Route::Approvals} classes="tile"><span id="open-approvals">{ t(l, "access-approvals") }</span></Link>
                    }
                    if profile.is(shared::api::account_role::AccountRole::HelpDesk) {
                        <Link to={Route::HelpDesk} classes="tile"><span id="open-help-desk">{ t(l, "access-help-desk") }</span></Link>
                    }
                </div>
                <h2>{ t(l, "access-my-roles") }</h2>
                if m.grants.is_empty() {
                    <p id="no-roles">{ t(l, "access-no-roles") }</p>
                }
                <ul class="devices" id="my-roles">
                    { for m.grants.iter().map(|g| grant_card(l, g)) }
                </ul>
                if !m.expired.is_empty() {
                    <h2>{ t(l, "roles-expired-title") }</h2>
                    <p class="hint">{ t(l, "roles-expired-intro") }</p>
                    <ul class="devices" id="expired-roles">
                        { for m.expired.iter().map(|g| grant_card(l, g)) }
                    </ul>
                }
                <p class="hint" id="recert-note">{ t(l, "roles-recert-note") }</p>
                <h2>{ t(l, "access-my-requests") }</h2>
                <ul class="devices" id="my-requests">
                    { for m.requests.iter().map(|r| html! {
                        <li class="card" data-status={r.status.code()}>
                            { status_chip(l, r.status) }{ " " }
                            <strong>{ &r.role_name }</strong>{ " · " }{ &r.organization.legal_name }
                            <br /><small>{ fmt_time(l, r.created_at) }{ " · " }{ &r.id }</small>
                            if let Some(reason) = &r.decision_reason {
                                <p>{ t1(l, "access-decision-reason", "reason", reason.clone()) }</p>
                            }
                        </li>
                    }) }
                </ul>
                <p><Link to={Route::RoleDescriptions}>{ t(l, "access-descriptions-link") }</Link></p>
                </>
            }
        }
    };
    html! {
        <section class="page">
            <h1 id="my-roles-heading">{ t(l, "access-my-roles-title") }</h1>
            { body }
        </section>
    }
}
