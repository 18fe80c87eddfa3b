//! The help desk's console: new organisation forms, approver requests, manual identity
//! verification, hand-overs, the lifecycle (approvers due for recertification,
//! organisations with no approver, inactive accounts to reactivate, expired roles), and
//! account search with unlock, approver removal and the audit trail.
use super::accounts::Accounts;
use super::alerts::Alerts;
use super::clients::Clients;
use super::documents::Documents;
use super::licences::Acceptances;
use super::outages::Outages;
use super::team::Team;
use crate::api::{self};
use crate::components::decision::{decide, done_notice, request_card, Decided, DecisionBox};
use crate::components::form::{alert, loading};
use crate::components::recert::RecertList;
use crate::context::prefs::use_locale;
use crate::context::session::{guard, use_session};
use crate::format::fmt_time;
use crate::hooks::use_fetch;
use crate::i18n::{t, t1};
use shared::api::access::*;
use shared::api::recert::{DueGrant, LifecycleList, LifecyclePage};
use yew::prelude::*;

/// The lifecycle lists.
#[function_component(Lifecycle)]
fn lifecycle() -> Html {
    let l = use_locale();
    let reload = use_state(|| 0u32);
    let data = use_fetch(*reload, api::admin::lifecycle);
    let alert_msg = use_state(|| None::<String>);
    let v = match &*data {
        None => return loading(),
        Some(Err(e)) => return alert(&Some(e.message(l))),
        Some(Ok(v)) => v.clone(),
    };
    let reactivate = {
        let (reload, alert_msg) = (reload.clone(), alert_msg.clone());
        Callback::from(move |user_id: String| {
            let (reload, alert_msg) = (reload.clone(), alert_msg.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::reactivate(l, &user_id).await {
                    Ok(_) => reload.set(*reload + 1),
                    Err(e) => alert_msg.set(Some(e.message(l))),
                }
            });
        })
    };
    let on_done = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    let page = |list,
                accounts: &Vec<AccountSummary>,
                expired: &Vec<DueGrant>,
                next: &Option<String>| {
        let first = LifecyclePage {
            accounts: accounts.clone(),
            expired: expired.clone(),
            next: next.clone(),
        };
        html! { <LifecycleItems key={*reload} {list} {first} reactivate={reactivate.clone()} /> }
    };
    html! {
        <div id="lifecycle">
            { alert(&alert_msg) }
            <h3>{ t(l, "hd-approvers-due") }</h3>
            <RecertList items={v.approvers_due.clone()} admin={true} {on_done} />
            <h3>{ t(l, "hd-orphaned") }</h3>
            if v.orphaned.is_empty() {
                <p>{ t(l, "access-queue-empty") }</p>
            } else {
                <ul class="devices" id="orphaned">
                    { for v.orphaned.iter().map(|o| html! {
                        <li class="card" data-org={o.id.clone()}><p><strong>{ &o.legal_name }</strong>{ " · " }{ &o.id }</p><p class="hint">{ t(l, "hd-orphaned-hint") }</p></li>
                    }) }
                </ul>
            }
            <h3>{ t(l, "hd-inactive") }</h3>
            { page(LifecycleList::Inactive, &v.inactive, &vec![], &v.inactive_next) }
            <h3>{ t(l, "hd-becoming-inactive") }</h3>
            { page(LifecycleList::BecomingInactive, &v.becoming_inactive, &vec![], &v.becoming_inactive_next) }
            <h3>{ t(l, "hd-expired") }</h3>
            { page(LifecycleList::Expired, &vec![], &v.expired, &v.expired_next) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ItemsProps {
    list: LifecycleList,
    /// The page the console's view brought.
    first: LifecyclePage,
    /// Reactivates the account of this user ID (the inactive list's button).
    reactivate: Callback<String>,
}

/// One paged lifecycle list: the first page, and *Show more* for each page after it.
#[function_component(LifecycleItems)]
fn lifecycle_items(p: &ItemsProps) -> Html {
    let l = use_locale();
    let shown = use_state(|| p.first.clone());
    let failed = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let more = {
        let (shown, failed, busy, list) = (shown.clone(), failed.clone(), busy.clone(), p.list);
        Callback::from(move |_| {
            let Some(after) = shown.next.clone() else {
                return;
            };
            let (shown, failed, busy) = (shown.clone(), failed.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::lifecycle_page(l, list, &after).await {
                    Ok(page) => {
                        let mut all = (*shown).clone();
                        all.accounts.extend(page.accounts);
                        all.expired.extend(page.expired);
                        all.next = page.next;
                        shown.set(all);
                        failed.set(None);
                    }
                    Err(e) => failed.set(Some(e.message(l))),
                }
                busy.set(false);
            });
        })
    };
    let id = match p.list {
        LifecycleList::Inactive => "inactive-accounts",
        LifecycleList::BecomingInactive => "becoming-inactive",
        LifecycleList::Expired => "expired-grants",
    };
    if shown.accounts.is_empty() && shown.expired.is_empty() {
        return html! { <p>{ t(l, "access-queue-empty") }</p> };
    }
    let account = |a: &AccountSummary| {
        let inactive = p.list == LifecycleList::Inactive;
        let (key, date) = if inactive {
            ("hd-inactive-since", &a.inactive_on)
        } else {
            ("hd-inactive-on", &a.inactive_on)
        };
        let user_id = a.person.user_id.clone();
        html! {
            <li class="card" data-user={user_id.clone()}>
                <p><strong>{ &a.person.name }</strong>{ " · " }{ &a.person.user_id }{ " · " }{ &a.person.email }</p>
                <p>{ t1(l, key, "date", crate::format::fmt_day(l, date)) }</p>
                if inactive {
                    <div class="actions"><button type="button" class="secondary" id={format!("reactivate-{}", user_id.replace('.', "-"))} onclick={p.reactivate.reform(move |_| user_id.clone())}>{ t(l, "hd-reactivate") }</button></div>
                }
            </li>
        }
    };
    html! {
        <>
            <ul class="devices" {id}>
                { for shown.accounts.iter().map(account) }
                { for shown.expired.iter().map(|d| html! {
                    <li class="card" data-user={d.person.user_id.clone()}>
                        <p><strong>{ &d.person.name }</strong>{ " · " }{ &d.person.user_id }</p>
                        <p>{ &d.grant.role_name }{ " · " }{ &d.grant.organization.legal_name }{ " · " }{ t1(l, "hd-expired-on", "date", crate::format::fmt_day(l, &d.grant.due_on)) }</p>
                    </li>
                }) }
            </ul>
            { alert(&failed) }
            if shown.next.is_some() {
                <div class="actions"><button type="button" class="secondary" id={format!("{id}-more")} disabled={*busy} onclick={more}>{ t(l, "hd-lifecycle-more") }</button></div>
            }
        </>
    }
}

#[function_component(HelpDesk)]
pub fn help_desk() -> Html {
    let l = use_locale();
    let session = use_session();
    let reload = use_state(|| 0u32);
    let forms = use_fetch(*reload, api::admin::form_queue);
    let roles = use_fetch(*reload, api::admin::role_queue);
    let idc = use_fetch(*reload, api::admin::identity_queue);
    let hos = use_fetch(*reload, api::admin::handover_queue);
    let alert_msg = use_state(|| None::<String>);
    let done = use_state(|| None::<String>);
    if let Err(h) = guard(&session) {
        return h;
    }
    if let Some(Err(e)) = &*forms {
        return html! { <section class="page">{ alert(&Some(e.message(l))) }</section> };
    }
    let list = |items: Option<Vec<Html>>, id: &'static str| match items {
        None => loading(),
        Some(v) if v.is_empty() => html! { <p>{ t(l, "access-queue-empty") }</p> },
        Some(v) => html! { <ul class="devices" {id}>{ for v }</ul> },
    };
    let forms_html = list(
        forms.as_ref().and_then(|r| r.as_ref().ok()).map(|v| {
            v.iter()
                .map(|f| html! {
                    <li class="card" key={f.id.clone()} id={format!("form-{}", f.id)}>
                        <p><strong>{ &f.legal_name }</strong>{ " · " }{ t1(l, "org-tin", "tin", f.tin.clone()) }</p>
                        <p>{ t(l, "access-form-official") }{ ": " }{ &f.official_name }{ ", " }{ &f.official_title }{ " · " }{ &f.official_email }</p>
                        <p>{ t(l, "access-form-approver") }{ ": " }{ &f.approver_name }{ " · " }{ &f.approver_email }</p>
                        <p><small>{ &f.id }{ " · " }{ t(l, "access-form-signed") }{ " " }{ &f.signature }{ ", " }{ &f.signed_on }</small></p>
                        <DecisionBox id={f.id.clone()} deny_key="access-reject" on_decide={decide(l, Decided::Form(f.id.clone()), reload.clone(), alert_msg.clone(), done.clone())} />
                    </li>
                })
                .collect()
        }),
        "form-queue",
    );
    let roles_html = list(
        roles.as_ref().and_then(|r| r.as_ref().ok()).map(|v| {
            v.iter()
                .map(|r| request_card(l, r, html! {
                    <DecisionBox id={r.id.clone()} on_decide={decide(l, Decided::Request(r.id.clone()), reload.clone(), alert_msg.clone(), done.clone())} />
                }))
                .collect()
        }),
        "role-queue",
    );
    let id_html = list(
        idc.as_ref().and_then(|r| r.as_ref().ok()).map(|v| {
            v.iter()
                .map(|c| html! {
                    <li class="card" key={c.person.user_id.clone()}>
                        <p><strong>{ &c.person.name }</strong>{ " · " }{ &c.person.user_id }</p>
                        <p>{ c.reference.clone().unwrap_or_default() }{ " · " }{ fmt_time(l, c.requested_at) }</p>
                        <DecisionBox id={c.person.user_id.replace('.', "-")} deny_key="access-refuse" on_decide={decide(l, Decided::Identity(c.person.user_id.clone()), reload.clone(), alert_msg.clone(), done.clone())} />
                    </li>
                })
                .collect()
        }),
        "identity-queue",
    );
    let ho_html = list(
        hos.as_ref().and_then(|r| r.as_ref().ok()).map(|v| {
            v.iter()
                .map(|h| html! {
                    <li class="card" key={h.id.clone()}>
                        <p><strong>{ &h.organization.legal_name }</strong></p>
                        <p>{ &h.from.name }{ " → " }{ &h.to.name }{ " (" }{ &h.to.user_id }{ ")" }</p>
                        <p class="reason">{ &h.reason }</p>
                        <DecisionBox id={h.id.clone()} on_decide={decide(l, Decided::Handover(h.id.clone()), reload.clone(), alert_msg.clone(), done.clone())} />
                    </li>
                })
                .collect()
        }),
        "handover-queue",
    );
    html! {
        <section class="page">
            <h1 id="help-desk-heading">{ t(l, "access-help-desk") }</h1>
            { alert(&alert_msg) }
            { done_notice(&done) }
            // The sections, the most frequent task (finding a caller) first, each one
            // tap away on a phone (usability walk 3, journey 6).
            <nav class="sections" aria-label={t(l, "hd-sections")}>
                <ul>
                    { for SECTIONS.iter().map(|(id, key)| html! { <li><a href={format!("#{id}")} onclick={jump(id)}>{ t(l, key) }</a></li> }) }
                </ul>
            </nav>
            <h2 id="hd-accounts" tabindex="-1">{ t(l, "access-accounts") }</h2>
            <Accounts on_alert={{ let a = alert_msg.clone(); Callback::from(move |m| a.set(Some(m))) }} on_done={{ let d = done.clone(); Callback::from(move |m| d.set(Some(m))) }} />
            <h2 id="hd-forms" tabindex="-1">{ t(l, "access-queue-forms") }</h2>{ forms_html }
            <h2 id="hd-roles" tabindex="-1">{ t(l, "access-queue-roles") }</h2>{ roles_html }
            <h2 id="hd-identity" tabindex="-1">{ t(l, "access-queue-identity") }</h2>{ id_html }
            <h2 id="hd-handovers" tabindex="-1">{ t(l, "access-queue-handovers") }</h2>{ ho_html }
            <h2 id="hd-outages" tabindex="-1">{ t(l, "status-outages") }</h2>
            <Outages />
            <h2 id="hd-alerts" tabindex="-1">{ t(l, "hd-alerts") }</h2>
            <Alerts />
            <h2 id="hd-documents" tabindex="-1">{ t(l, "hd-documents") }</h2>
            <Documents />
            <h2 id="hd-acceptances" tabindex="-1">{ t(l, "hd-acceptances") }</h2>
            <Acceptances />
            <h2 id="hd-clients" tabindex="-1">{ t(l, "hd-clients") }</h2>
            <Clients />
            <h2 id="hd-lifecycle" tabindex="-1">{ t(l, "hd-lifecycle") }</h2>
            <Lifecycle />
            <h2 id="hd-team" tabindex="-1">{ t(l, "hd-team") }</h2>
            <Team />
        </section>
    }
}

/// The console's sections, in page order: (heading id, its title's key).
const SECTIONS: [(&str, &str); 12] = [
    ("hd-accounts", "access-accounts"),
    ("hd-forms", "access-queue-forms"),
    ("hd-roles", "access-queue-roles"),
    ("hd-identity", "access-queue-identity"),
    ("hd-handovers", "access-queue-handovers"),
    ("hd-outages", "status-outages"),
    ("hd-alerts", "hd-alerts"),
    ("hd-documents", "hd-documents"),
    ("hd-acceptances", "hd-acceptances"),
    ("hd-clients", "hd-clients"),
    ("hd-lifecycle", "hd-lifecycle"),
    ("hd-team", "hd-team"),
];

/// A section link: focus (and the page) moves to the section's heading, without the
/// router seeing a new address.
fn jump(id: &'static str) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        crate::components::error_summary::focus_id(id);
    })
}
