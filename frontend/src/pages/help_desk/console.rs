//! The help desk's console: new organisation forms, approver requests, manual identity
//! verification, hand-overs, the lifecycle (approvers due for recertification,
//! organisations with no approver, inactive accounts to reactivate, expired roles), and
//! account search with unlock, approver removal and the audit trail.
use super::alerts::Alerts;
use super::clients::Clients;
use super::documents::Documents;
use super::licences::Acceptances;
use super::outages::Outages;
use super::support::SupportPanel;
use crate::api::{self};
use crate::components::decision::{decide, done_notice, request_card, Decided, DecisionBox};
use crate::components::form::{alert, loading};
use crate::components::input::Input;
use crate::components::recert::RecertList;
use crate::context::prefs::use_locale;
use crate::context::session::{guard, use_session};
use crate::format::fmt_time;
use crate::hooks::use_fetch;
use crate::i18n::{field_error, t, t1};
use shared::api::access::*;
use shared::api::error::FieldErrors;
use shared::api::recert::*;
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
    let reactivate = |user_id: String| {
        let (reload, alert_msg) = (reload.clone(), alert_msg.clone());
        Callback::from(move |_| {
            let (reload, alert_msg, user_id) = (reload.clone(), alert_msg.clone(), user_id.clone());
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
    let person = |a: &AccountSummary| {
        html! {
            <p><strong>{ &a.person.name }</strong>{ " · " }{ &a.person.user_id }{ " · " }{ &a.person.email }</p>
        }
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
            if v.inactive.is_empty() {
                <p>{ t(l, "access-queue-empty") }</p>
            } else {
                <ul class="devices" id="inactive-accounts">
                    { for v.inactive.iter().map(|a| html! {
                        <li class="card" data-user={a.person.user_id.clone()}>
                            { person(a) }
                            <p>{ t1(l, "hd-inactive-since", "date", crate::format::fmt_day(l, &a.inactive_on)) }</p>
                            <div class="actions"><button type="button" class="secondary" id={format!("reactivate-{}", a.person.user_id.replace('.', "-"))} onclick={reactivate(a.person.user_id.clone())}>{ t(l, "hd-reactivate") }</button></div>
                        </li>
                    }) }
                </ul>
            }
            <h3>{ t(l, "hd-becoming-inactive") }</h3>
            if v.becoming_inactive.is_empty() {
                <p>{ t(l, "access-queue-empty") }</p>
            } else {
                <ul class="devices" id="becoming-inactive">
                    { for v.becoming_inactive.iter().map(|a| html! {
                        <li class="card" data-user={a.person.user_id.clone()}>
                            { person(a) }
                            <p>{ t1(l, "hd-inactive-on", "date", crate::format::fmt_day(l, &a.inactive_on)) }</p>
                        </li>
                    }) }
                </ul>
            }
            <h3>{ t(l, "hd-expired") }</h3>
            if v.expired.is_empty() {
                <p>{ t(l, "access-queue-empty") }</p>
            } else {
                <ul class="devices" id="expired-grants">
                    { for v.expired.iter().map(|d| html! {
                        <li class="card" data-user={d.person.user_id.clone()}>
                            <p><strong>{ &d.person.name }</strong>{ " · " }{ &d.person.user_id }</p>
                            <p>{ &d.grant.role_name }{ " · " }{ &d.grant.organization.legal_name }{ " · " }{ t1(l, "hd-expired-on", "date", crate::format::fmt_day(l, &d.grant.due_on)) }</p>
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

#[derive(Clone, Default, PartialEq)]
struct Removal {
    key: String,
    reason: String,
    errors: FieldErrors,
    result: Option<String>,
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
    let q = use_state(String::new);
    let found = use_state(|| None::<Vec<AccountSummary>>);
    let trail = use_state(|| None::<AdminAccount>);
    let removal = use_state(Removal::default);
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
    let search = {
        let (q, found, alert_msg) = (q.clone(), found.clone(), alert_msg.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (q, found, alert_msg) = (q.clone(), found.clone(), alert_msg.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::search_accounts(l, &q).await {
                    Ok(v) => found.set(Some(v)),
                    Err(e) => alert_msg.set(Some(e.message(l))),
                }
            });
        })
    };
    let unlock = |user_id: String| {
        let (found, alert_msg, done) = (found.clone(), alert_msg.clone(), done.clone());
        Callback::from(move |_| {
            let (found, alert_msg, done, user_id) = (
                found.clone(),
                alert_msg.clone(),
                done.clone(),
                user_id.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::unlock_account(l, &user_id).await {
                    Ok(a) => {
                        done.set(Some(t1(
                            l,
                            "access-decided-unlocked",
                            "name",
                            a.person.name.clone(),
                        )));
                        let mut v = (*found).clone().unwrap_or_default();
                        for x in v.iter_mut() {
                            if x.person.user_id == a.person.user_id {
                                *x = a.clone();
                            }
                        }
                        found.set(Some(v));
                    }
                    Err(e) => alert_msg.set(Some(e.message(l))),
                }
            });
        })
    };
    let signed_out = use_state(|| None::<(String, u32)>);
    let sign_out_all = |user_id: String| {
        let (signed_out, alert_msg) = (signed_out.clone(), alert_msg.clone());
        Callback::from(move |_| {
            let (signed_out, alert_msg, user_id) =
                (signed_out.clone(), alert_msg.clone(), user_id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::revoke_sign_ins(l, &user_id).await {
                    Ok(r) => signed_out.set(Some((user_id, r.revoked))),
                    Err(e) => alert_msg.set(Some(e.message(l))),
                }
            });
        })
    };
    let show_trail = |user_id: String| {
        let (trail, alert_msg) = (trail.clone(), alert_msg.clone());
        Callback::from(move |_| {
            let (trail, alert_msg, user_id) = (trail.clone(), alert_msg.clone(), user_id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::account_detail(l, &user_id).await {
                    Ok(a) => trail.set(Some(a)),
                    Err(e) => alert_msg.set(Some(e.message(l))),
                }
            });
        })
    };
    // The account card's support panel opens with the account's detail (issue 27).
    let support = use_state(|| None::<String>);
    let open_support = |user_id: String| {
        let (support, show) = (support.clone(), show_trail(user_id.clone()));
        Callback::from(move |e: MouseEvent| {
            support.set(Some(user_id.clone()));
            show.emit(e);
        })
    };
    let remove_approver = |org: String, user_id: String| {
        let (removal, alert_msg) = (removal.clone(), alert_msg.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut r = (*removal).clone();
            let input = RemovalInput {
                reason: r.reason.clone(),
            };
            r.errors = input.validate();
            if !r.errors.is_empty() {
                removal.set(r);
                return;
            }
            let (removal, alert_msg, org, user_id) = (
                removal.clone(),
                alert_msg.clone(),
                org.clone(),
                user_id.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::remove_approver(l, &org, &user_id, &input).await {
                    Ok(res) => {
                        let key = if res.orphaned {
                            "hd-removed-orphaned"
                        } else {
                            "hd-removed"
                        };
                        let mut r = (*removal).clone();
                        r.result = Some(t(l, key));
                        removal.set(r);
                    }
                    Err(e) => {
                        let f = e.fields();
                        if f.is_empty() {
                            alert_msg.set(Some(e.message(l)));
                        } else {
                            let mut r = (*removal).clone();
                            r.errors = f;
                            removal.set(r);
                        }
                    }
                }
            });
        })
    };
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
            <form onsubmit={search} novalidate=true>
                <Input id="account-q" label={t(l, "access-accounts-search")} value={(*q).clone()} oninput={{ let q = q.clone(); Callback::from(move |v| q.set(v)) }} />
                <div class="actions"><button type="submit" class="secondary" id="account-search">{ t(l, "access-search") }</button></div>
            </form>
            if let Some(v) = &*found {
                <ul class="devices" id="accounts">
                    { for v.iter().map(|a| html! {
                        <li class="card">
                            <p><strong>{ &a.person.name }</strong>{ " · " }{ &a.person.user_id }{ " · " }{ &a.person.email }</p>
                            <p>{ t(l, &format!("access-account-{}", a.status)) }</p>
                            { for a.grants.iter().map(|g| {
                                let key = format!("{}/{}", a.person.user_id, g.organization.id);
                                let open = removal.key == key;
                                let toggle = {
                                    let (removal, key) = (removal.clone(), key.clone());
                                    Callback::from(move |_| removal.set(Removal { key: key.clone(), ..Default::default() }))
                                };
                                let reason = {
                                    let removal = removal.clone();
                                    Callback::from(move |v: String| { let mut r = (*removal).clone(); r.reason = v; r.errors.clear(); removal.set(r); })
                                };
                                html! {
                                    <div class="grant">
                                        <p>{ &g.role_name }{ " · " }{ &g.organization.legal_name }</p>
                                        if g.approver && !open {
                                            <button type="button" class="danger" id={format!("remove-approver-{}", a.person.user_id.replace('.', "-"))} onclick={toggle}>{ t(l, "hd-remove-approver") }</button>
                                        }
                                        if g.approver && open {
                                            <form id="remove-approver-form" onsubmit={remove_approver(g.organization.id.clone(), a.person.user_id.clone())} novalidate=true>
                                                if let Some(m) = &removal.result { <p class="success" role="status" id="approver-removed">{ m }</p> }
                                                <Input id="removal-reason" label={t(l, "recert-reason")} value={removal.reason.clone()} hint={Some(t(l, "recert-reason-hint"))}
                                                    error={field_error(l, &removal.errors, "reason", "recert-reason")} oninput={reason} />
                                                <div class="actions"><button type="submit" class="danger" id="removal-submit">{ t(l, "hd-remove-approver") }</button></div>
                                            </form>
                                        }
                                    </div>
                                }
                            }) }
                            <div class="actions">
                                <button type="button" class="secondary" onclick={show_trail(a.person.user_id.clone())}>{ t(l, "profile-activity") }</button>
                                if a.status == "locked" {
                                    <button type="button" class="secondary" onclick={unlock(a.person.user_id.clone())}>{ t(l, "access-unlock") }</button>
                                }
                                <button type="button" class="secondary" id={format!("sign-out-all-{}", a.person.user_id.replace('.', "-"))} onclick={sign_out_all(a.person.user_id.clone())}>{ t(l, "hd-sign-out-all") }</button>
                                <button type="button" class="secondary" id={format!("support-{}", a.person.user_id.replace('.', "-"))} onclick={open_support(a.person.user_id.clone())}>{ t(l, "support-title") }</button>
                            </div>
                            if let Some(tr) = trail.as_ref().filter(|tr| tr.account.person.user_id == a.person.user_id && support.as_deref() == Some(a.person.user_id.as_str())) {
                                <SupportPanel locale={l} user_id={a.person.user_id.clone()} view={tr.support.clone()} on_change={{
                                    let reload = show_trail(a.person.user_id.clone());
                                    Callback::from(move |_| reload.emit(MouseEvent::new("click").expect("an event")))
                                }} />
                            }
                            if let Some((_, n)) = signed_out.as_ref().filter(|(u, _)| *u == a.person.user_id) {
                                <p class="success" role="status" id="signed-out-all">{ t1(l, "hd-signed-out-all", "n", n.to_string()) }</p>
                            }
                            if let Some(tr) = trail.as_ref().filter(|tr| tr.account.person.user_id == a.person.user_id) {
                                <ul class="activity" id="account-activity">
                                    { for tr.activity.iter().map(|e| html! {
                                        <li data-event={e.event.clone()}>
                                            <time>{ fmt_time(l, e.at) }</time>{ " " }
                                            <span>{ t(l, &format!("activity-{}", e.event)) }</span>
                                            if let Some(d) = &e.detail { <small>{ " · " }{ d }</small> }
                                        </li>
                                    }) }
                                </ul>
                            }
                        </li>
                    }) }
                </ul>
            }
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
        </section>
    }
}

/// The console's sections, in page order: (heading id, its title's key).
const SECTIONS: [(&str, &str); 11] = [
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
];

/// A section link: focus (and the page) moves to the section's heading, without the
/// router seeing a new address.
fn jump(id: &'static str) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        crate::components::error_summary::focus_id(id);
    })
}
