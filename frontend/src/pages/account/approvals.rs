//! The approver's dashboard, phone first: recertifications due, requests to decide, my
//! end users (remove access) and the hand-over form.
use crate::api::{self};
use crate::components::decision::{decide, done_notice, request_card, Decided, DecisionBox};
use crate::components::form::{alert, loading};
use crate::components::input::Input;
use crate::components::recert::RecertList;
use crate::context::prefs::use_locale;
use crate::context::session::{guard, use_session, SessionCtx};
use crate::hooks::form::{edit, submitter, use_form, Form};
use crate::hooks::use_fetch;
use crate::i18n::t;
use shared::api::access::*;
use yew::prelude::*;

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
    let ho = use_form(HandoverInput::default);
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
                { handover(l, &ho, &session, &my_orgs) }
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
    ho: &UseStateHandle<Form<HandoverInput>>,
    session: &SessionCtx,
    my_orgs: &[OrganizationSummary],
) -> Html {
    let h = (**ho).clone();
    // With one organisation there is nothing to choose: it is that one.
    let first = my_orgs.first().map(|o| o.id.clone()).unwrap_or_default();
    let with_org = move |i: &HandoverInput| HandoverInput {
        organization_id: if i.organization_id.is_empty() {
            first.clone()
        } else {
            i.organization_id.clone()
        },
        ..i.clone()
    };
    let live = with_org(&h.req).validate();
    let err = |field: &str| h.message(l, &live, field, "field");
    let send_handover = {
        let (st, check_org) = (ho.clone(), with_org.clone());
        submitter(
            ho,
            session,
            l,
            move |i: &HandoverInput| check_org(i).validate(),
            move |i: HandoverInput| {
                let i = with_org(&i);
                async move { api::access::request_handover(l, &i).await }
            },
            move |_, _| {
                st.set(Form {
                    done: Some(t(l, "access-handover-sent")),
                    ..Default::default()
                })
            },
        )
    };
    let pick_org = {
        let ho = ho.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut h = (*ho).clone();
            h.req.organization_id = el.value();
            ho.set(h);
        })
    };
    html! {
        <details class="card">
            <summary id="handover-open">{ t(l, "access-handover-title") }</summary>
            if let Some(done) = &h.done {
                <p class="success" role="status" id="handover-sent">{ done }</p>
            } else {
                <form id="handover-form" onsubmit={send_handover} novalidate=true>
                    <p class="hint">{ t(l, "access-handover-intro") }</p>
                    if my_orgs.len() > 1 {
                        <div class="field">
                            <label for="handover-org">{ t(l, "access-organization") }</label>
                            <select id="handover-org" onchange={pick_org}>
                                { for my_orgs.iter().map(|o| html! { <option value={o.id.clone()}>{ &o.legal_name }</option> }) }
                            </select>
                        </div>
                    }
                    <Input id="handover-user" label={t(l, "access-handover-new")} value={h.req.new_approver_user_id.clone()} error={err("new_approver_user_id")}
                        oninput={edit(ho, "new_approver_user_id", |r, v| r.new_approver_user_id = v)} />
                    <Input id="handover-reason" label={t(l, "access-reason")} value={h.req.reason.clone()} error={err("reason")}
                        oninput={edit(ho, "reason", |r, v| r.reason = v)} />
                    { alert(&h.alert) }
                    <div class="actions"><button type="submit" class="secondary" id="handover-submit" disabled={h.busy}>{ t(l, "access-handover-submit") }</button></div>
                </form>
            }
        </details>
    }
}
