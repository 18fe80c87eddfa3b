//! The help desk's console: new organisation forms, approver requests, manual identity
//! verification, hand-overs, and account search with unlock and the audit trail.
use crate::api::{self};
use crate::components::decision::{decide, request_card, Decided, DecisionBox};
use crate::components::form::{alert, loading};
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::{guard, use_session};
use crate::format::fmt_time;
use crate::hooks::use_fetch;
use crate::i18n::t;
use shared::api::access::*;
use yew::prelude::*;

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
    let q = use_state(String::new);
    let found = use_state(|| None::<Vec<AccountSummary>>);
    let trail = use_state(|| None::<AdminAccount>);
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
                        <p><strong>{ &f.legal_name }</strong>{ " · TIN " }{ &f.tin }</p>
                        <p>{ t(l, "access-form-official") }{ ": " }{ &f.official_name }{ ", " }{ &f.official_title }{ " · " }{ &f.official_email }</p>
                        <p>{ t(l, "access-form-approver") }{ ": " }{ &f.approver_name }{ " · " }{ &f.approver_email }</p>
                        <p><small>{ &f.id }{ " · " }{ t(l, "access-form-signed") }{ " " }{ &f.signature }{ ", " }{ &f.signed_on }</small></p>
                        <DecisionBox id={f.id.clone()} deny_key="access-reject" on_decide={decide(l, Decided::Form(f.id.clone()), reload.clone(), alert_msg.clone())} />
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
                    <DecisionBox id={r.id.clone()} on_decide={decide(l, Decided::Request(r.id.clone()), reload.clone(), alert_msg.clone())} />
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
                        <p>{ c.reference.clone().unwrap_or_default() }{ " · " }{ fmt_time(c.requested_at) }</p>
                        <DecisionBox id={c.person.user_id.replace('.', "-")} deny_key="access-refuse" on_decide={decide(l, Decided::Identity(c.person.user_id.clone()), reload.clone(), alert_msg.clone())} />
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
                        <DecisionBox id={h.id.clone()} on_decide={decide(l, Decided::Handover(h.id.clone()), reload.clone(), alert_msg.clone())} />
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
        let (found, alert_msg) = (found.clone(), alert_msg.clone());
        Callback::from(move |_| {
            let (found, alert_msg, user_id) = (found.clone(), alert_msg.clone(), user_id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::unlock_account(l, &user_id).await {
                    Ok(a) => {
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
    html! {
        <section class="page">
            <h1 id="help-desk-heading">{ t(l, "access-help-desk") }</h1>
            { alert(&alert_msg) }
            <h2>{ t(l, "access-queue-forms") }</h2>{ forms_html }
            <h2>{ t(l, "access-queue-roles") }</h2>{ roles_html }
            <h2>{ t(l, "access-queue-identity") }</h2>{ id_html }
            <h2>{ t(l, "access-queue-handovers") }</h2>{ ho_html }
            <h2>{ t(l, "access-accounts") }</h2>
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
                            { for a.grants.iter().map(|g| html! { <p>{ &g.role_name }{ " · " }{ &g.organization.legal_name }</p> }) }
                            <div class="actions">
                                <button type="button" class="secondary" onclick={show_trail(a.person.user_id.clone())}>{ t(l, "profile-activity") }</button>
                                if a.status == "locked" {
                                    <button type="button" class="secondary" onclick={unlock(a.person.user_id.clone())}>{ t(l, "access-unlock") }</button>
                                }
                            </div>
                            if let Some(tr) = trail.as_ref().filter(|tr| tr.account.person.user_id == a.person.user_id) {
                                <ul class="activity" id="account-activity">
                                    { for tr.activity.iter().map(|e| html! {
                                        <li data-event={e.event.clone()}>
                                            <time>{ fmt_time(e.at) }</time>{ " " }
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
        </section>
    }
}
