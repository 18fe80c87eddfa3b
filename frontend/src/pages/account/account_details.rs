//! My details (`/profile/details`): name, address and phone; the account's language;
//! the email address (a code to the new address applies the change); the security
//! question. Every form checks itself with the `shared` rules as the person types (a
//! field's message shows once it was left or the form sent), and the server checks
//! the same rules.
use crate::api;
use crate::components::form::{alert, state_select};
use crate::components::input::Input;
use crate::context::prefs::{use_locale, use_prefs, PrefsCtx};
use crate::context::session::{guard, on_session_end, use_session, SessionCtx};
use crate::hooks::form::{edit, submitter, use_form, Form};
use crate::i18n::{t, t1};
use shared::api::auth::{
    CodeInput, EmailChange, LanguageInput, Profile, ProfileUpdate, SecurityQuestionChange,
};
use shared::api::error::ErrorCode;
use shared::api::security_question::SecurityQuestion;
use shared::i18n::Locale;
use yew::prelude::*;

fn profile_update(p: &Profile) -> ProfileUpdate {
    ProfileUpdate {
        first_name: p.first_name.clone(),
        middle_name: p.middle_name.clone(),
        last_name: p.last_name.clone(),
        address: p.address.clone(),
        phone: p.phone.clone(),
    }
}

#[function_component(AccountDetails)]
pub fn account_details() -> Html {
    let l = use_locale();
    let session = use_session();
    let prefs = use_prefs();
    let profile = session.profile.clone();
    let details = use_form(|| profile.as_ref().map(profile_update).unwrap_or_default());
    let email = use_form(EmailChange::default);
    let code = use_form(CodeInput::default);
    let question = use_form(|| SecurityQuestionChange {
        security_question: profile
            .as_ref()
            .map(|p| p.security_question.clone())
            .unwrap_or_default(),
        ..Default::default()
    });
    let language = use_state(|| None::<String>);
    let questions = use_state(Vec::<SecurityQuestion>::new);
    {
        let questions = questions.clone();
        use_effect_with(l, move |l| {
            let l = *l;
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(q) = api::security_questions(l).await {
                    questions.set(q);
                }
            });
        });
    }
    // The profile arrives after a fresh page load: fill the forms then, unless the
    // person has started typing.
    {
        let (details, question) = (details.clone(), question.clone());
        let known = profile.clone();
        use_effect_with(profile.as_ref().map(|p| p.user_id.clone()), move |_| {
            if let Some(p) = &known {
                if details.touched.is_empty() && !details.submitted {
                    details.set(Form {
                        req: profile_update(p),
                        ..Default::default()
                    });
                }
                if question.touched.is_empty() && !question.submitted {
                    let mut q = (*question).clone();
                    q.req.security_question = p.security_question.clone();
                    question.set(q);
                }
            }
        });
    }
    let p = match guard(&session) {
        Ok(p) => p,
        Err(h) => return h,
    };

    html! {
        <section class="page narrow">
            <h1 id="details-heading">{ t(l, "details-title") }</h1>
            { details_section(l, &details, &session) }
            { language_section(l, &p, &language, &session, &prefs) }
            { email_section(l, &p, &email, &code, &session) }
            { question_section(l, &question, &questions, &session) }
        </section>
    }
}

/// Name, address and phone: saved together, checked as typed.
fn details_section(
    l: Locale,
    details: &UseStateHandle<Form<ProfileUpdate>>,
    session: &SessionCtx,
) -> Html {
    let d = (**details).clone();
    let d_live = d.req.validate();
    let save_details = {
        let (st, signed_in) = (details.clone(), session.clone());
        submitter(
            details,
            session,
            l,
            ProfileUpdate::validate,
            move |r| async move { api::auth::update_profile(l, &r).await },
            move |p: Profile, _| {
                st.set(Form {
                    req: profile_update(&p),
                    done: Some(t(l, "details-saved")),
                    ..Default::default()
                });
                signed_in.set.emit((Some(p), None));
            },
        )
    };
    html! {
        <form class="card" id="details-form" onsubmit={save_details} novalidate=true>
            <crate::components::error_summary::FormErrorSummary form_id="details-form" attempt={details.attempts} />
            <h2>{ t(l, "details-personal") }</h2>
            if let Some(m) = &d.done { <p class="success" role="status" id="details-saved">{ m }</p> }
            { alert(&d.alert) }
            <Input id="first_name" label={t(l, "field-first_name")} value={d.req.first_name.clone()} autocomplete={Some(AttrValue::Static("given-name"))}
                error={d.message(l, &d_live, "first_name", "first_name")} oninput={edit(details, "first_name", |r, v| r.first_name = v)} />
            <Input id="middle_name" label={t(l, "field-middle_name")} value={d.req.middle_name.clone().unwrap_or_default()} optional_text={Some(t(l, "reg-optional"))}
                error={d.message(l, &d_live, "middle_name", "middle_name")} oninput={edit(details, "middle_name", |r, v| r.middle_name = Some(v))} />
            <Input id="last_name" label={t(l, "field-last_name")} value={d.req.last_name.clone()} autocomplete={Some(AttrValue::Static("family-name"))}
                error={d.message(l, &d_live, "last_name", "last_name")} oninput={edit(details, "last_name", |r, v| r.last_name = v)} />
            <p class="hint">{ t(l, "details-name-hint") }</p>
            <Input id="address-line1" label={t(l, "field-address_line1")} value={d.req.address.line1.clone()} autocomplete={Some(AttrValue::Static("address-line1"))}
                error={d.message(l, &d_live, "address.line1", "field")} oninput={edit(details, "address.line1", |r, v| r.address.line1 = v)} />
            <Input id="address-line2" label={t(l, "field-address_line2")} value={d.req.address.line2.clone().unwrap_or_default()} optional_text={Some(t(l, "reg-optional"))}
                error={d.message(l, &d_live, "address.line2", "field")} oninput={edit(details, "address.line2", |r, v| r.address.line2 = Some(v))} />
            <Input id="address-city" label={t(l, "field-city")} value={d.req.address.city.clone()} autocomplete={Some(AttrValue::Static("address-level2"))}
                error={d.message(l, &d_live, "address.city", "field")} oninput={edit(details, "address.city", |r, v| r.address.city = v)} />
            { state_select(l, "address-state", &d.req.address.state, d.message(l, &d_live, "address.state", "field"), edit(details, "address.state", |r, v| r.address.state = v)) }
            <Input id="address-zip" label={t(l, "field-zip")} value={d.req.address.zip.clone()} inputmode={Some(AttrValue::Static("numeric"))} autocomplete={Some(AttrValue::Static("postal-code"))}
                error={d.message(l, &d_live, "address.zip", "zip")} oninput={edit(details, "address.zip", |r, v| r.address.zip = v)} />
            <Input id="phone" label={t(l, "field-phone")} value={d.req.phone.clone()} kind="tel" autocomplete={Some(AttrValue::Static("tel"))}
                error={d.message(l, &d_live, "phone", "phone")} oninput={edit(details, "phone", |r, v| r.phone = v)} />
            <div class="actions"><button type="submit" class="primary" id="details-submit" disabled={d.busy}>{ t(l, "details-save") }</button></div>
        </form>
    }
}

/// The account's language (its emails and texts, and the screens after login).
fn language_section(
    l: Locale,
    p: &Profile,
    language: &UseStateHandle<Option<String>>,
    session: &SessionCtx,
    prefs: &PrefsCtx,
) -> Html {
    let save_language = {
        let (language, session, prefs) = (language.clone(), session.clone(), prefs.clone());
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let tag = el.value();
            let (language, session, prefs) = (language.clone(), session.clone(), prefs.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let input = LanguageInput {
                    locale: tag.clone(),
                };
                match api::auth::set_language(l, &input).await {
                    Ok(p) => {
                        let new = Locale::from_tag(&p.locale).unwrap_or(l);
                        session.set.emit((Some(p), None));
                        prefs.set.emit(crate::context::prefs::Prefs {
                            locale: new,
                            ..prefs.prefs
                        });
                        language.set(Some(t(new, "details-language-saved")));
                    }
                    Err(e) if on_session_end(&session, &e) => {}
                    Err(e) => language.set(Some(e.message(l))),
                }
            });
        })
    };
    html! {
        <div class="card">
            <h2>{ t(l, "details-language") }</h2>
            <div class="field">
                <label for="account-language">{ t(l, "details-language-label") }</label>
                <select id="account-language" onchange={save_language} aria-describedby="account-language-hint">
                    { for Locale::ALL.iter().map(|x| html! {
                        <option value={x.tag()} selected={p.locale == x.tag()}>{ t(l, &format!("lang-{}", x.tag())) }</option>
                    }) }
                </select>
                <p class="hint" id="account-language-hint">{ t(l, "details-language-hint") }</p>
            </div>
            if let Some(m) = &**language { <p role="status" id="language-saved">{ m }</p> }
        </div>
    }
}

/// The email address: a code sent to the new one applies the change.
fn email_section(
    l: Locale,
    p: &Profile,
    email: &UseStateHandle<Form<EmailChange>>,
    code: &UseStateHandle<Form<CodeInput>>,
    session: &SessionCtx,
) -> Html {
    let em = (**email).clone();
    let em_live = em.req.validate(&p.email);
    let send_email = {
        let (st, code_st, session2, current) = (
            email.clone(),
            code.clone(),
            session.clone(),
            p.email.clone(),
        );
        submitter(
            email,
            session,
            l,
            move |r: &EmailChange| r.validate(&current),
            move |r| async move { api::auth::start_email_change(l, &r).await },
            move |(), mut s| {
                code_st.set(Form::default());
                s.busy = false;
                s.done = Some(t1(l, "details-email-sent", "email", s.req.email.clone()));
                st.set(s);
                let session = session2.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    crate::context::session::refresh(l, &session).await;
                });
            },
        )
    };
    let c = (**code).clone();
    let c_live = c.req.validate();
    let confirm_email = {
        let (st, email_st, session2) = (code.clone(), email.clone(), session.clone());
        submitter(
            code,
            session,
            l,
            CodeInput::validate,
            move |r| async move { api::auth::confirm_email_change(l, &r).await },
            move |p: Profile, _| {
                email_st.set(Form::default());
                st.set(Form {
                    done: Some(t1(l, "details-email-changed", "email", p.email.clone())),
                    ..Default::default()
                });
                session2.set.emit((Some(p), None));
            },
        )
    };
    let reauth = [&em.alert, &c.alert]
        .iter()
        .any(|a| a.as_deref() == Some(&t(l, &ErrorCode::ReauthenticationRequired.message_key())));
    html! {
        <div class="card">
            <h2>{ t(l, "details-email") }</h2>
            <p>{ t1(l, "details-email-current", "email", p.email.clone()) }</p>
            if reauth { <p class="alert" role="alert" id="email-reauth">{ t(l, "details-email-reauth") }</p> }
            <form id="email-form" onsubmit={send_email} novalidate=true>
                { alert(&em.alert.clone().filter(|_| !reauth)) }
                if let Some(m) = &em.done { <p class="success" role="status" id="email-sent">{ m }</p> }
                <Input id="new-email" label={t(l, "details-email-new")} value={em.req.email.clone()} kind="email" autocomplete={Some(AttrValue::Static("email"))}
                    error={em.message(l, &em_live, "email", "email")} oninput={edit(email, "email", |r, v| r.email = v)} />
                <div class="actions"><button type="submit" class="secondary" id="email-submit" disabled={em.busy}>{ t(l, "details-email-send") }</button></div>
            </form>
            if p.pending_email.is_some() || c.done.is_some() {
                <form id="email-code-form" onsubmit={confirm_email} novalidate=true>
                    { alert(&c.alert.clone().filter(|_| !reauth)) }
                    if let Some(m) = &c.done { <p class="success" role="status" id="email-changed">{ m }</p> }
                    if let Some(pending) = &p.pending_email {
                        <Input id="email-code" label={t1(l, "details-email-code", "email", pending.clone())} value={c.req.code.clone()} inputmode={Some(AttrValue::Static("numeric"))} autocomplete={Some(AttrValue::Static("one-time-code"))}
                            error={c.message(l, &c_live, "code", "code")} oninput={edit(code, "code", |r, v| r.code = v)} />
                        <div class="actions"><button type="submit" class="primary" id="email-code-submit" disabled={c.busy}>{ t(l, "details-email-confirm") }</button></div>
                    }
                </form>
            }
        </div>
    }
}

/// The security question and its answer, with the current password.
fn question_section(
    l: Locale,
    question: &UseStateHandle<Form<SecurityQuestionChange>>,
    questions: &[SecurityQuestion],
    session: &SessionCtx,
) -> Html {
    let q = (**question).clone();
    let q_live = q.req.validate();
    let save_question = {
        let st = question.clone();
        submitter(
            question,
            session,
            l,
            SecurityQuestionChange::validate,
            move |r| async move { api::auth::change_security_question(l, &r).await },
            move |(), s| {
                st.set(Form {
                    req: SecurityQuestionChange {
                        security_question: s.req.security_question.clone(),
                        ..Default::default()
                    },
                    done: Some(t(l, "details-question-saved")),
                    ..Default::default()
                })
            },
        )
    };
    let pick_question = {
        let st = question.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut s = (*st).clone();
            s.req.security_question = el.value();
            s.touched.insert("security_question".into());
            s.server.remove("security_question");
            st.set(s);
        })
    };
    let q_err = q.message(l, &q_live, "security_question", "field");
    let current_q = q.req.security_question.clone();
    html! {
        <form class="card" id="question-form" onsubmit={save_question} novalidate=true>
            <crate::components::error_summary::FormErrorSummary form_id="question-form" attempt={question.attempts} />
            <h2>{ t(l, "details-question") }</h2>
            if let Some(m) = &q.done { <p class="success" role="status" id="question-saved">{ m }</p> }
            { alert(&q.alert) }
            <div class={classes!("field", q_err.is_some().then_some("has-error"))}>
                <label for="security_question">{ t(l, "field-security_question") }</label>
                <select id="security_question" onchange={pick_question} aria-invalid={q_err.is_some().to_string()}>
                    <option value="" selected={current_q.is_empty()}>{ t(l, "field-security_question-choose") }</option>
                    { for questions.iter().map(|x| html! {
                        <option value={x.code.clone()} selected={current_q == x.code}>{ &x.text }</option>
                    }) }
                </select>
                if let Some(e) = q_err { <p class="error" id="security_question-error">{ e }</p> }
            </div>
            <Input id="security_answer" label={t(l, "field-security_answer")} value={q.req.security_answer.clone()}
                error={q.message(l, &q_live, "security_answer", "security_answer")} oninput={edit(question, "security_answer", |r, v| r.security_answer = v)} />
            <Input id="question-password" label={t(l, "details-current-password")} value={q.req.current_password.clone()} kind="password" autocomplete={Some(AttrValue::Static("current-password"))}
                error={q.message(l, &q_live, "current_password", "current_password")} oninput={edit(question, "current_password", |r, v| r.current_password = v)} />
            <div class="actions"><button type="submit" class="secondary" id="question-submit" disabled={q.busy}>{ t(l, "details-question-save") }</button></div>
        </form>
    }
}
