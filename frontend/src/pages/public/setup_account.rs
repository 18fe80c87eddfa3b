//! The one-time account setup link of a help-desk account made on the command line: a
//! password (typed twice, checked by the shared rule with the person's names), and a
//! security question with its answer.
use crate::api::{self};
use crate::components::form::{alert, loading};
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::use_session;
use crate::hooks::form::{edit, submitter, use_form, Form};
use crate::hooks::use_fetch;
use crate::i18n::{t, t1};
use crate::route::{Link, Route};
use shared::api::access::*;
use shared::api::error::FieldErrors;
use yew::prelude::*;

/// The form: what the server takes, and the password typed again.
#[derive(Clone, PartialEq, Default)]
struct Setup {
    input: SetupCompletion,
    confirm: String,
}

/// The shared rule with the account's names, and the two passwords alike.
fn check(s: &Setup, info: &SetupInfo) -> FieldErrors {
    let mut e = s.input.validate(shared::validate::password::Context {
        user_id: &info.user_id,
        first_name: &info.first_name,
        last_name: &info.last_name,
    });
    if s.confirm != s.input.new_password {
        e.insert("confirm".into(), vec!["mismatch".into()]);
    }
    e
}

#[function_component(SetupAccount)]
pub fn setup_account() -> Html {
    let l = use_locale();
    let session = use_session();
    let token = use_memo((), |_| crate::route::token_from_url());
    let info = {
        let token = (*token).clone();
        use_fetch(0, move |l| {
            let token = token.clone();
            async move { api::access::setup_info(l, &token).await }
        })
    };
    let questions = use_fetch(0, api::security_questions);
    let form = use_form(Setup::default);
    let info = match &*info {
        None => return html! { <section class="page">{ loading() }</section> },
        Some(Err(e)) => {
            return html! { <section class="page narrow"><h1>{ t(l, "access-setup-title") }</h1>{ alert(&Some(e.message(l))) }</section> }
        }
        Some(Ok(i)) => i.clone(),
    };
    let f = (*form).clone();
    let live = check(&f.req, &info);
    let err = |field: &str, kind: &str| f.message(l, &live, field, kind);
    let submit = {
        let (st, token, info) = (form.clone(), token.clone(), info.clone());
        submitter(
            &form,
            &session,
            l,
            move |s: &Setup| check(s, &info),
            move |s: Setup| {
                let token = (*token).clone();
                async move { api::access::complete_setup(l, &token, &s.input).await }
            },
            move |(), _| {
                st.set(Form {
                    done: Some(t(l, "access-setup-done")),
                    ..Default::default()
                })
            },
        )
    };
    let qs = match &*questions {
        Some(Ok(q)) => q.clone(),
        _ => vec![],
    };
    let pick_question = {
        let st = form.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut s = (*st).clone();
            s.req.input.security_question = el.value();
            s.touched.insert("security_question".into());
            s.server.remove("security_question");
            st.set(s);
        })
    };
    html! {
        <section class="page narrow">
            <h1 id="setup-heading">{ t(l, "access-setup-title") }</h1>
            if let Some(done) = &f.done {
                <div class="success" role="status" id="setup-done">
                    <p>{ done }</p>
                    <p><Link to={Route::Login}>{ t(l, "nav-login") }</Link></p>
                </div>
            } else {
                <p class="intro">{ t1(l, "access-setup-intro", "user", info.user_id.clone()) }</p>
                <form id="setup-form" onsubmit={submit} novalidate=true>
                    <crate::components::error_summary::FormErrorSummary form_id="setup-form" attempt={f.attempts} />
                    <Input id="setup-password" kind="password" label={t(l, "field-password")} value={f.req.input.new_password.clone()}
                        autocomplete={Some(AttrValue::Static("new-password"))}
                        error={err("new_password", "password")} oninput={edit(&form, "new_password", |s, v| s.input.new_password = v)} />
                    <Input id="setup-confirm" kind="password" label={t(l, "field-confirm_password")} value={f.req.confirm.clone()}
                        error={err("confirm", "field")} oninput={edit(&form, "confirm", |s, v| s.confirm = v)} />
                    <div class="field">
                        <label for="setup-question">{ t(l, "field-security_question") }</label>
                        <select id="setup-question" onchange={pick_question}>
                            <option value="">{ t(l, "field-security_question-choose") }</option>
                            { for qs.iter().map(|q| html! { <option value={q.code.clone()} selected={f.req.input.security_question == q.code}>{ &q.text }</option> }) }
                        </select>
                        if let Some(e) = err("security_question", "field") { <p class="error">{ e }</p> }
                    </div>
                    <Input id="setup-answer" label={t(l, "field-security_answer")} value={f.req.input.security_answer.clone()}
                        error={err("security_answer", "field")} oninput={edit(&form, "security_answer", |s, v| s.input.security_answer = v)} />
                    { alert(&f.alert) }
                    <div class="actions"><button type="submit" class="primary" id="setup-submit" disabled={f.busy}>{ t(l, "access-setup-submit") }</button></div>
                </form>
            }
        </section>
    }
}
