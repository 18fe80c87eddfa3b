//! The account card's support panel (issue 27): confirm the caller (a code Umbral
//! sends that the caller reads out, or the security answer and date of birth), then
//! reset MFA, release a phone number or correct the email address. The server checks
//! every step; this panel only shows what it allows.
use crate::api;
use crate::components::input::Input;
use crate::format::fmt_time;
use crate::i18n::{device_name, field_error, t, t1};
use shared::api::access::*;
use shared::api::error::FieldErrors;
use shared::i18n::Locale;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub locale: Locale,
    pub user_id: AttrValue,
    pub view: SupportView,
    /// Ask for the account again (after a check or an action).
    pub on_change: Callback<()>,
}

#[derive(Clone, Default, PartialEq)]
struct State {
    sent_to: Option<String>,
    code: String,
    answer: String,
    dob: String,
    phone: String,
    email: String,
    confirm_reset: bool,
    errors: FieldErrors,
    alert: Option<String>,
    done: Option<&'static str>,
}

/// One call of the panel: from the state when the form was sent to the next state.
type Work =
    fn(
        Locale,
        String,
        State,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<State, api::CallError>>>>;

#[function_component(SupportPanel)]
pub fn support_panel(p: &Props) -> Html {
    let l = p.locale;
    let st = use_state(State::default);
    let s = &*st;
    let v = &p.view;
    let devices = if v.devices.is_empty() {
        t(l, "support-no-devices")
    } else {
        t1(
            l,
            "support-devices",
            "devices",
            v.devices
                .iter()
                .map(|d| device_name(l, d))
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    let has_phone = v.devices.iter().any(|d| d.kind.uses_phone());
    html! {
        <section class="card support" id="support" aria-labelledby="support-heading">
            <h3 id="support-heading">{ t(l, "support-title") }</h3>
            <p>{ devices }{ " · " }{ t1(l, "support-codes-left", "count", v.recovery_codes_left.to_string()) }</p>
            if let Some(a) = &s.alert { <p class="alert" role="alert" id="support-alert">{ a }</p> }
            if let Some(k) = s.done { <p class="success" role="status" id="support-done">{ t(l, k) }</p> }
            if let Some(c) = &v.caller {
                { caller_verified(l, p, &st, c, has_phone) }
            } else {
                { confirm_caller(l, p, &st, has_phone) }
            }
        </section>
    }
}

/// Runs one call of the panel when its form is sent; its error goes under the fields
/// or in the alert.
fn run(l: Locale, p: &Props, st: &UseStateHandle<State>, work: Work) -> Callback<SubmitEvent> {
    let (st, user, on_change) = (st.clone(), p.user_id.to_string(), p.on_change.clone());
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let (st, user, on_change) = (st.clone(), user.clone(), on_change.clone());
        let mut s = (*st).clone();
        s.errors.clear();
        s.alert = None;
        s.done = None;
        wasm_bindgen_futures::spawn_local(async move {
            match work(l, user, s.clone()).await {
                Ok(next) => {
                    st.set(next);
                    on_change.emit(());
                }
                Err(e) => {
                    (s.errors, s.alert) = e.for_form(l);
                    st.set(s);
                }
            }
        });
    })
}

/// A field's `oninput`: `f` writes the value and the last answer's messages go.
fn set(st: &UseStateHandle<State>, f: fn(&mut State, String)) -> Callback<String> {
    let st = st.clone();
    Callback::from(move |v: String| {
        let mut s = (*st).clone();
        f(&mut s, v);
        s.errors.clear();
        st.set(s);
    })
}

/// The caller confirmed: reset MFA (after a second press), release a phone number,
/// correct the email address.
fn caller_verified(
    l: Locale,
    p: &Props,
    st: &UseStateHandle<State>,
    c: &shared::api::support::CallerVerified,
    has_phone: bool,
) -> Html {
    let s = &**st;
    let reset = run(l, p, st, |l, user, _| {
        Box::pin(async move {
            api::admin::reset_mfa(l, &user).await?;
            Ok(State {
                done: Some("support-reset-done"),
                ..Default::default()
            })
        })
    });
    let release = run(l, p, st, |l, user, s| {
        Box::pin(async move {
            api::admin::release_phone(
                l,
                &user,
                &PhoneRelease {
                    phone: s.phone.clone(),
                },
            )
            .await?;
            Ok(State {
                done: Some("support-release-done"),
                ..Default::default()
            })
        })
    });
    let correct = run(l, p, st, |l, user, s| {
        Box::pin(async move {
            let body = EmailCorrection {
                email: s.email.clone(),
            };
            let e = body.validate();
            if !e.is_empty() {
                return Ok(State { errors: e, ..s });
            }
            api::admin::correct_email(l, &user, &body).await?;
            Ok(State {
                done: Some("support-email-done"),
                ..Default::default()
            })
        })
    });
    let toggle_reset = {
        let st = st.clone();
        Callback::from(move |_: MouseEvent| {
            let mut s = (*st).clone();
            s.confirm_reset = !s.confirm_reset;
            st.set(s);
        })
    };
    html! {
        <>
            <p class="success" role="status" id="caller-verified">
                { crate::i18n::targs(l, "support-verified", &[("method", t(l, &format!("support-method-{}", c.method))), ("until", fmt_time(l, c.until))]) }
            </p>
            <div class="actions">
                if !s.confirm_reset {
                    <button type="button" class="danger" id="support-reset" onclick={toggle_reset.clone()}>{ t(l, "support-reset") }</button>
                }
            </div>
            if s.confirm_reset {
                <form class="confirm" role="alertdialog" aria-labelledby="reset-question" onsubmit={reset}>
                    <p id="reset-question">{ t(l, "support-reset-confirm") }</p>
                    <div class="actions">
                        <button type="submit" class="danger" id="support-reset-yes">{ t(l, "support-reset-yes") }</button>
                        <button type="button" class="secondary" onclick={toggle_reset}>{ t(l, "support-cancel") }</button>
                    </div>
                </form>
            }
            if has_phone {
                <form onsubmit={release} novalidate=true id="support-release-form">
                    <Input id="support-phone" label={t(l, "support-release-phone")} value={s.phone.clone()} kind="tel"
                        error={field_error(l, &s.errors, "phone", "phone")} oninput={set(st, |s, v| s.phone = v)} />
                    <div class="actions"><button type="submit" class="secondary" id="support-release">{ t(l, "support-release") }</button></div>
                </form>
            }
            <form onsubmit={correct} novalidate=true id="support-email-form">
                <Input id="support-email" label={t(l, "support-email-new")} value={s.email.clone()} kind="email"
                    error={field_error(l, &s.errors, "email", "email")} oninput={set(st, |s, v| s.email = v)} />
                <div class="actions"><button type="submit" class="secondary" id="support-email-submit">{ t(l, "support-email") }</button></div>
            </form>
        </>
    }
}

/// Confirming the caller: a code sent to their email or phone, read out; or their
/// security answer and date of birth.
fn confirm_caller(l: Locale, p: &Props, st: &UseStateHandle<State>, has_phone: bool) -> Html {
    let s = &**st;
    let v = &p.view;
    let send = |channel: &'static str| send_code(l, p, st, channel);
    let verify = run(l, p, st, |l, user, s| {
        Box::pin(async move {
            let proof = if s.code.trim().is_empty() {
                CallerProof {
                    code: None,
                    security_answer: Some(s.answer.clone()),
                    date_of_birth: Some(s.dob.clone()),
                }
            } else {
                CallerProof {
                    code: Some(s.code.clone()),
                    ..Default::default()
                }
            };
            let e = proof.validate();
            if !e.is_empty() {
                return Ok(State { errors: e, ..s });
            }
            api::admin::verify_caller(l, &user, &proof).await?;
            Ok(State::default())
        })
    });
    html! {
        <>
            <p>{ t(l, "support-intro") }</p>
            <h4>{ t(l, "support-verify-title") }</h4>
            <div class="actions">
                if v.email_verified {
                    <button type="button" class="secondary" id="support-send-email" onclick={send("email")}>{ t(l, "support-send-email") }</button>
                }
                if has_phone {
                    <button type="button" class="secondary" id="support-send-phone" onclick={send("phone")}>{ t(l, "support-send-phone") }</button>
                }
            </div>
            if let Some(to) = &s.sent_to {
                <p class="notice" role="status" id="support-code-sent">{ t1(l, "support-code-sent", "to", to.clone()) }</p>
            }
            <form onsubmit={verify} novalidate=true id="support-verify-form">
                if s.sent_to.is_some() {
                    <Input id="support-code" label={t(l, "support-code")} value={s.code.clone()} inputmode={Some(AttrValue::Static("numeric"))}
                        error={field_error(l, &s.errors, "code", "code")} oninput={set(st, |s, v| s.code = v)} />
                } else {
                    <p class="hint">{ t(l, "support-or") }</p>
                    <p id="support-question">{ t1(l, "support-question", "question", t(l, &format!("sq-{}", v.security_question))) }</p>
                    <Input id="support-answer" label={t(l, "support-answer")} value={s.answer.clone()} autocomplete={Some(AttrValue::Static("off"))}
                        error={field_error(l, &s.errors, "security_answer", "field").or_else(|| field_error(l, &s.errors, "proof", "proof"))} oninput={set(st, |s, v| s.answer = v)} />
                    <Input id="support-dob" label={t(l, "support-dob")} hint={Some(t(l, "support-dob-hint"))} value={s.dob.clone()}
                        error={field_error(l, &s.errors, "date_of_birth", "field")} oninput={set(st, |s, v| s.dob = v)} />
                }
                <div class="actions"><button type="submit" class="primary" id="support-verify">{ t(l, "support-verify") }</button></div>
            </form>
        </>
    }
}

/// Sends the caller a code on `channel` (`email` or `phone`).
fn send_code(
    l: Locale,
    p: &Props,
    st: &UseStateHandle<State>,
    channel: &'static str,
) -> Callback<MouseEvent> {
    let (st, user) = (st.clone(), p.user_id.to_string());
    Callback::from(move |_: MouseEvent| {
        let (st, user) = (st.clone(), user.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let mut s = (*st).clone();
            s.errors.clear();
            match api::admin::send_caller_code(
                l,
                &user,
                &CallerCodeRequest {
                    channel: channel.into(),
                },
            )
            .await
            {
                Ok(sent) => {
                    s.sent_to = Some(sent.masked);
                    s.alert = None;
                }
                Err(e) => (s.errors, s.alert) = e.for_form(l),
            }
            st.set(s);
        });
    })
}
