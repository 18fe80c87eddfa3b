//! The approver's dashboard, phone first: recertifications due, requests to decide, my
//! end users (remove access) and the hand-over form.
use crate::api::{self};
use crate::components::decision::{decide, done_notice, request_card, Decided, DecisionBox};
use crate::components::form::{alert, loading, text_cb};
use crate::components::input::Input;
use crate::components::recert::RecertList;
use crate::context::prefs::use_locale;
use crate::context::session::{guard, use_session};
use crate::hooks::use_fetch;
use crate::i18n::{field_error, t};
use shared::api::access::*;
use shared::api::error::FieldErrors;
use yew::prelude::*;

#[derive(Clone, PartialEq, Default)]
struct HandoverForm {
    org: String,
    user_id: String,
    reason: String,
    errors: FieldErrors,
    done: bool,
}

#[function_component(Approvals)]
pub fn approvals() -> Html {
    let l = use_locale();
    let session = use_session();
    let reload = use_state(|| 0u32);
    let pending = use_fetch(*reload, api::access::approvals);
    let members = use_fetch(*reload, api::access::members);
    let due = use_fetch(*reload, api::access::recertifications);
    let mine = use_fetch(*reload, api::access::my_roles);
    let alert_msg = use_state(|| None::<String>);
    let done = use_state(|| None::<String>);
    let ho = use_state(HandoverForm::default);
    if let Err(h) = guard(&session) {
        return h;
    }
    let my_orgs: Vec<OrganizationSummary> = match &*mine {
        Some(Ok(m)) => {
            let mut v: Vec<_> = m
                .grants
                .iter()
                .filter(|g| g.approver)
                .map(|g| g.organization.clone())
                .collect();
            v.dedup_by(|a, b| a.id == b.id);
            v
        }
        _ => vec![],
    };
    let on_recertified = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    let due_html = match &*due {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(v)) => html! { <RecertList items={v.clone()} on_done={on_recertified} /> },
    };
    let pending_html = match &*pending {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(v)) if v.is_empty() => {
            html! { <p id="no-pending">{ t(l, "access-no-pending") }</p> }
        }
        Some(Ok(v)) => html! {
            <ul class="devices" id="pending-requests">
                { for v.iter().map(|r| request_card(l, r, html! {
                    <DecisionBox id={r.id.clone()} on_decide={decide(l, Decided::Request(r.id.clone()), reload.clone(), alert_msg.clone(), done.clone())} />
                })) }
            </ul>
        },
    };
    let members_html = match &*members {
        Some(Ok(v)) => html! {
            <ul class="devices" id="members">
                { for v.iter().map(|m| member_row(l, m, &reload, &alert_msg)) }
            </ul>
        },
        _ => html! {},
    };
    html! {
        <section class="page narrow">
            <h1 id="approvals-heading">{ t(l, "access-approvals") }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::Approve} />
            { alert(&alert_msg) }
            { done_notice(&done) }
            <h2 id="recert-heading">{ t(l, "recert-title") }</h2>
            <p class="hint">{ t(l, "recert-intro") }</p>
            { due_html }
            <h2>{ t(l, "access-pending") }</h2>
            { pending_html }
            <h2>{ t(l, "access-members") }</h2>
            { members_html }
            if !my_orgs.is_empty() {
                { handover(l, &ho, &my_orgs) }
            }
        </section>
    }
}

/// A member of the approver's organisations: their roles, and for an end user the
/// button that removes them (after a confirmation).
fn member_row(
    l: shared::i18n::Locale,
    m: &MemberView,
    reload: &UseStateHandle<u32>,
    alert_msg: &UseStateHandle<Option<String>>,
) -> Html {
    let is_approver = m.grants.iter().any(|g| g.approver);
    html! {
        <li class="card" key={m.person.user_id.clone()} data-user={m.person.user_id.clone()}>
            <p><strong>{ &m.person.name }</strong>{ " · " }{ &m.person.user_id }</p>
            { for m.grants.iter().map(|g| html! { <p>{ &g.role_name }{ " · " }{ &g.organization.legal_name }</p> }) }
            if !is_approver {
                { for m.grants.first().map(|g| {
                    let (org, user_id) = (g.organization.id.clone(), m.person.user_id.clone());
                    let (reload, alert_msg) = (reload.clone(), alert_msg.clone());
                    let id = m.person.user_id.replace('.', "-");
                    html! {
                        <button type="button" class="danger" id={format!("remove-{id}")} onclick={Callback::from(move |_| {
                            let confirmed = web_sys::window()
                                .and_then(|w| w.confirm_with_message(&t(l, "access-remove-confirm")).ok())
                                .unwrap_or(false);
                            if !confirmed { return; }
                            let (org, user_id, reload, alert_msg) = (org.clone(), user_id.clone(), reload.clone(), alert_msg.clone());
                            wasm_bindgen_futures::spawn_local(async move {
                                if let Err(e) = api::access::remove_member(l, &org, &user_id).await {
                                    alert_msg.set(Some(e.message(l)));
                                }
                                reload.set(*reload + 1);
                            });
                        })}>{ t(l, "access-remove") }</button>
                    }
                }) }
            }
        </li>
    }
}

/// Handing the approver role over to someone else in the organisation (the help desk
/// decides).
fn handover(
    l: shared::i18n::Locale,
    ho: &UseStateHandle<HandoverForm>,
    my_orgs: &[OrganizationSummary],
) -> Html {
    let h = (**ho).clone();
    let send_handover = {
        let ho = ho.clone();
        let my_orgs = my_orgs.to_vec();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut h = (*ho).clone();
            if h.org.is_empty() {
                h.org = my_orgs.first().map(|o| o.id.clone()).unwrap_or_default();
            }
            let input = HandoverInput {
                organization_id: h.org.clone(),
                new_approver_user_id: h.user_id.clone(),
                reason: h.reason.clone(),
            };
            h.errors = input.validate();
            if !h.errors.is_empty() {
                ho.set(h);
                return;
            }
            let ho = ho.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut h = h;
                match api::access::request_handover(l, &input).await {
                    Ok(_) => h.done = true,
                    Err(e) => h.errors = e.fields(),
                }
                ho.set(h);
            });
        })
    };
    html! {
            <details class="card">
        <summary>{ t(l, "access-handover-title") }</summary>
        if h.done {
            <p class="success" role="status" id="handover-sent">{ t(l, "access-handover-sent") }</p>
        } else {
            <form onsubmit={send_handover} novalidate=true>
                <p class="hint">{ t(l, "access-handover-intro") }</p>
                if my_orgs.len() > 1 {
                    <div class="field">
                        <label for="handover-org">{ t(l, "access-organization") }</label>
                        <select id="handover-org" onchange={{
                            let ho = ho.clone();
                            Callback::from(move |e: Event| {
                                let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
                                let mut h = (*ho).clone(); h.org = el.value(); ho.set(h);
                            })
                        }}>
                            { for my_orgs.iter().map(|o| html! { <option value={o.id.clone()}>{ &o.legal_name }</option> }) }
                        </select>
                    </div>
                }
                <Input id="handover-user" label={t(l, "access-handover-new")} value={h.user_id.clone()} error={field_error(l, &h.errors, "new_approver_user_id", "field")} oninput={text_cb(ho, |h, v| h.user_id = v)} />
                <Input id="handover-reason" label={t(l, "access-reason")} value={h.reason.clone()} error={field_error(l, &h.errors, "reason", "field")} oninput={text_cb(ho, |h, v| h.reason = v)} />
                <div class="actions"><button type="submit" class="secondary" id="handover-submit">{ t(l, "access-handover-submit") }</button></div>
            </form>
        }
    </details>
        }
}
