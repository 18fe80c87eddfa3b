//! The one-time account setup link of a help-desk account made on the command line.
use crate::api::{self};
use crate::components::form::{alert, loading, text_cb};
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::hooks::use_fetch;
use crate::i18n::{field_error, t, t1};
use crate::route::{Link, Route};
use shared::api::access::*;
use shared::api::error::FieldErrors;
use yew::prelude::*;

#[derive(Clone, PartialEq, Default)]
struct SetupState {
    input: SetupCompletion,
    confirm: String,
    errors: FieldErrors,
    alert: Option<String>,
    done: bool,
}

#[function_component(SetupAccount)]
pub fn setup_account() -> Html {
    let l = use_locale();
    let token = use_memo((), |_| crate::route::token_from_url());
    let info = {
        let token = (*token).clone();
        use_fetch(0, move |l| {
            let token = token.clone();
            async move { api::access::setup_info(l, &token).await }
        })
    };
    let questions = use_fetch(0, api::security_questions);
    let st = use_state(SetupState::default);
    let s = (*st).clone();
    let info = match &*info {
        None => return html! { <section class="page">{ loading() }</section> },
        Some(Err(e)) => {
            return html! { <section class="page narrow"><h1>{ t(l, "access-setup-title") }</h1>{ alert(&Some(e.message(l))) }</section> }
        }
        Some(Ok(i)) => i.clone(),
    };
    let ctx_info = info.clone();
    let submit = {
        let st = st.clone();
        let token = token.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut s = (*st).clone();
            s.errors = s.input.validate(shared::validate::password::Context {
                user_id: &ctx_info.user_id,
                first_name: &ctx_info.first_name,
                last_name: &ctx_info.last_name,
            });
            if s.confirm != s.input.new_password {
                s.errors.insert("confirm".into(), vec!["mismatch".into()]);
            }
            if !s.errors.is_empty() {
                st.set(s);
                return;
            }
            let st = st.clone();
            let token = (*token).clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut s = s;
                match api::access::complete_setup(l, &token, &s.input).await {
                    Ok(()) => s.done = true,
                    Err(e) => (s.errors, s.alert) = e.for_form(l),
                }
                st.set(s);
            });
        })
    };
    let qs = match &*questions {
        Some(Ok(q)) => q.clone(),
        _ => vec![],
    };
    html! {
        <section class="page narrow">
            <h1 id="setup-heading">{ t(l, "access-setup-title") }</h1>
            if s.done {
                <div class="success" role="status" id="setup-done">
                    <p>{ t(l, "access-setup-done") }</p>
                    <p><Link to={Route::Login}>{ t(l, "nav-login") }</Link></p>
                </div>
            } else {
                <p class="intro">{ t1(l, "access-setup-intro", "user", info.user_id.clone()) }</p>
                <form onsubmit={submit} novalidate=true>
                    <Input id="setup-password" kind="password" label={t(l, "field-password")} value={s.input.new_password.clone()}
                        autocomplete={Some(AttrValue::Static("new-password"))}
                        error={field_error(l, &s.errors, "new_password", "password")} oninput={text_cb(&st, |s, v| s.input.new_password = v)} />
                    <Input id="setup-confirm" kind="password" label={t(l, "field-confirm_password")} value={s.confirm.clone()}
                        error={field_error(l, &s.errors, "confirm", "field")} oninput={text_cb(&st, |s, v| s.confirm = v)} />
                    <div class="field">
                        <label for="setup-question">{ t(l, "field-security_question") }</label>
                        <select id="setup-question" onchange={{
                            let st = st.clone();
                            Callback::from(move |e: Event| {
                                let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
                                let mut s = (*st).clone(); s.input.security_question = el.value(); st.set(s);
                            })
                        }}>
                            <option value="">{ t(l, "field-security_question-choose") }</option>
                            { for qs.iter().map(|q| html! { <option value={q.code.clone()}>{ &q.text }</option> }) }
                        </select>
                        if let Some(e) = field_error(l, &s.errors, "security_question", "field") { <p class="error">{ e }</p> }
                    </div>
                    <Input id="setup-answer" label={t(l, "field-security_answer")} value={s.input.security_answer.clone()}
                        error={field_error(l, &s.errors, "security_answer", "field")} oninput={text_cb(&st, |s, v| s.input.security_answer = v)} />
                    { alert(&s.alert) }
                    <div class="actions"><button type="submit" class="primary" id="setup-submit">{ t(l, "access-setup-submit") }</button></div>
                </form>
            }
        </section>
    }
}
