//! Deciding a request in two taps (approve, or deny with a reason), and a request as a
//! card. Used by the approver's dashboard and the help desk's console.
use crate::api::{self};
use crate::context::prefs::use_locale;
use crate::format::fmt_time;
use crate::i18n::{t, t1, targs};
use shared::api::access::*;
use shared::i18n::Locale;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DecideProps {
    pub id: AttrValue,
    /// Receives (approve, reason) once confirmed.
    pub on_decide: Callback<(bool, String)>,
    #[prop_or_default]
    pub busy: bool,
    #[prop_or(AttrValue::Static("access-deny"))]
    pub deny_key: AttrValue,
}

/// Approve or deny in two taps: the choice, then its confirmation (a denial with its
/// reason).
#[function_component(DecisionBox)]
pub fn decision_box(p: &DecideProps) -> Html {
    let l = use_locale();
    let choice = use_state(|| None::<bool>);
    let reason = use_state(String::new);
    let error = use_state(|| None::<String>);
    let pick = |v: Option<bool>| {
        let choice = choice.clone();
        let error = error.clone();
        Callback::from(move |_| {
            error.set(None);
            choice.set(v)
        })
    };
    let id = p.id.clone();
    match *choice {
        None => html! {
            <div class="actions decision">
                <button type="button" class="primary" id={format!("approve-{id}")} onclick={pick(Some(true))}>{ t(l, "access-approve") }</button>
                <button type="button" class="danger" id={format!("deny-{id}")} onclick={pick(Some(false))}>{ t(l, &p.deny_key) }</button>
            </div>
        },
        Some(approve) => {
            let confirm = {
                let on = p.on_decide.clone();
                let reason = reason.clone();
                let error = error.clone();
                Callback::from(move |_| {
                    let input = DecisionInput::new(approve, (*reason).clone());
                    match input.validate().get("reason").and_then(|c| c.first()) {
                        Some(code) => {
                            error.set(Some(crate::i18n::catalog().rule(l, "field", code)))
                        }
                        None => on.emit((approve, (*reason).clone())),
                    }
                })
            };
            html! {
                <div class="confirm" role="group">
                    // A form is rejected, a request denied: the question uses the button's verb.
                    <p>{ t(l, match (approve, p.deny_key.as_str()) {
                        (true, _) => "access-confirm-approve",
                        (false, "access-reject") => "access-confirm-reject",
                        _ => "access-confirm-deny",
                    }) }</p>
                    <div class={classes!("field", error.is_some().then_some("has-error"))}>
                        <label for={format!("reason-{id}")}>{ t(l, if approve { "access-reason-optional" } else { "access-deny-reason" }) }</label>
                        <textarea id={format!("reason-{id}")} rows="2" maxlength="500" value={(*reason).clone()}
                            oninput={{
                                let reason = reason.clone();
                                Callback::from(move |e: InputEvent| {
                                    let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                                    reason.set(el.value())
                                })
                            }} />
                        if let Some(e) = &*error { <p class="error">{ e }</p> }
                    </div>
                    <div class="actions">
                        <button type="button" class="primary" id={format!("confirm-{id}")} disabled={p.busy} onclick={confirm}>
                            { t(l, match (approve, p.deny_key.as_str()) {
                                (true, _) => "access-confirm-approve-button",
                                (false, "access-reject") => "access-confirm-reject-button",
                                _ => "access-confirm-deny-button",
                            }) }
                        </button>
                        <button type="button" class="secondary" id={format!("cancel-{id}")} onclick={pick(None)}>{ t(l, "devices-cancel") }</button>
                    </div>
                </div>
            }
        }
    }
}

/// What a decision is about; each goes to its own endpoint.
#[derive(Clone, Debug, PartialEq)]
pub enum Decided {
    /// A role request (the approver's, or the help desk's for approver roles).
    Request(String),
    /// A new organisation form.
    Form(String),
    /// A manual identity verification, by user ID.
    Identity(String),
    Handover(String),
}

/// Sends a decision and reloads; errors land in `alert`, and what happened, in words,
/// in `done` (the card leaves the queue, so the page says who now holds what, or
/// which submitter ID went out: usability walk 3, #10).
pub fn decide(
    l: Locale,
    what: Decided,
    reload: UseStateHandle<u32>,
    alert: UseStateHandle<Option<String>>,
    done: UseStateHandle<Option<String>>,
) -> Callback<(bool, String)> {
    Callback::from(move |(approve, reason): (bool, String)| {
        let (what, reload, alert, done) =
            (what.clone(), reload.clone(), alert.clone(), done.clone());
        let body = DecisionInput::new(approve, reason);
        wasm_bindgen_futures::spawn_local(async move {
            let yes = |k: &str| {
                format!(
                    "access-decided-{k}-{}",
                    if approve { "approved" } else { "rejected" }
                )
            };
            let r = match &what {
                Decided::Request(id) => api::access::decide(l, id, &body).await.map(|r| {
                    targs(
                        l,
                        &yes("request"),
                        &[
                            ("name", r.requester.name),
                            ("role", r.role_name),
                            ("org", r.organization.legal_name),
                        ],
                    )
                }),
                Decided::Form(id) => api::admin::decide_form(l, id, &body).await.map(|f| {
                    targs(
                        l,
                        &yes("form"),
                        &[
                            ("org", f.legal_name),
                            ("submitter_id", f.submitter_id.unwrap_or_default()),
                            ("approver", f.approver_email),
                        ],
                    )
                }),
                Decided::Identity(u) => api::admin::decide_identity(l, u, &body)
                    .await
                    .map(|_| t1(l, &yes("identity"), "user_id", u.clone())),
                Decided::Handover(id) => api::admin::decide_handover(l, id, &body).await.map(|h| {
                    targs(
                        l,
                        &yes("handover"),
                        &[("to", h.to.name), ("org", h.organization.legal_name)],
                    )
                }),
            };
            match r {
                Ok(said) => {
                    alert.set(None);
                    done.set(Some(said));
                }
                Err(e) => {
                    done.set(None);
                    alert.set(Some(e.message(l)));
                }
            }
            reload.set(*reload + 1);
        });
    })
}

/// What the last decision did, announced to screen readers.
pub fn done_notice(done: &Option<String>) -> Html {
    match done {
        Some(s) => html! { <p class="success" role="status" id="decision-done">{ s }</p> },
        None => html! {},
    }
}

pub fn request_card(l: Locale, r: &RoleRequestView, actions: Html) -> Html {
    html! {
        <li class="card request" key={r.id.clone()} id={format!("request-{}", r.id)}>
            <p><strong>{ &r.requester.name }</strong>{ " · " }{ &r.requester.user_id }</p>
            <p>{ &r.requester.email }</p>
            <p><strong>{ &r.role_name }</strong>{ " · " }{ &r.organization.legal_name }</p>
            <p><small>{ fmt_time(l, r.created_at) }</small></p>
            <p class="reason">{ t1(l, "access-request-reason", "reason", r.reason.clone()) }</p>
            { actions }
        </li>
    }
}
