//! New user registration, in the three steps of the source (SPOT approver
//! instructions, steps 2-4): personal information and the terms; home address and
//! primary phone; user ID, password and security question. Every field is checked
//! with the `shared` rules the server runs: user ID and password live as the user
//! types, the rest as soon as a field is left.
use crate::api::{self, CallError};
use crate::components::error_summary::ErrorSummary;
use crate::components::field::{describedby, Field};
use crate::components::rule_list::RuleList;
use crate::components::share::ShareLink;
use crate::components::stepper::Stepper;
use crate::context::prefs::use_locale;
use crate::i18n::{catalog, t, t1, targs};
use crate::route::{Link, Route};
use shared::api::error::FieldErrors;
use shared::api::registration::{RegistrationRequest, Step};
use shared::api::security_question::SecurityQuestion;
use shared::date::Date;
use shared::i18n::Locale;
use shared::validate::contact::states_for;
use shared::validate::password;
use shared::validate::user_id::{self, UserIdRule};
use shared::validate::RuleCode;
use std::collections::BTreeSet;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const STEPS: [Step; 3] = [Step::Personal, Step::Contact, Step::Credentials];

fn step_of(field: &str) -> usize {
    match field {
        "first_name" | "middle_name" | "last_name" | "date_of_birth" | "email"
        | "terms_accepted" => 0,
        f if f.starts_with("address.") || f == "phone" => 1,
        _ => 2,
    }
}

/// Which message family a field's rule codes are looked up in.
fn kind(field: &str) -> &'static str {
    match field {
        "first_name" | "middle_name" | "last_name" => "name",
        "address.zip" => "zip",
        "email" => "email",
        "phone" => "phone",
        "date_of_birth" => "date_of_birth",
        "terms_accepted" => "terms_accepted",
        "user_id" => "user_id",
        "password" => "password",
        _ => "field",
    }
}

fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::new(
        d.get_utc_full_year() as i32,
        d.get_utc_month() as u8 + 1,
        d.get_utc_date() as u8,
    )
    .unwrap_or(Date {
        year: 2026,
        month: 1,
        day: 1,
    })
}

/// Field id in the DOM for a field name (`address.zip` -> `address-zip`).
fn dom_id(field: &str) -> String {
    field.replace('.', "-")
}

#[derive(Clone, PartialEq, Default)]
struct Form {
    req: RegistrationRequest,
    confirm: String,
    step: usize,
    touched: BTreeSet<String>,
    server: FieldErrors,
    submitting: bool,
    summary: Option<String>,
    /// Refused submissions so far: each one takes focus to the error summary.
    attempts: u32,
    done: Option<String>,
}

impl Form {
    /// Local errors for every field of the current step, plus the confirmation check.
    fn local_errors(&self) -> FieldErrors {
        let mut e = self.req.validate_step(STEPS[self.step], today());
        if self.step == 2 && self.confirm != self.req.password {
            e.insert("confirm_password".into(), vec!["mismatch".into()]);
        }
        e
    }

    /// The code to show under a field: the server's word if it has one, else the
    /// first local failure, once the field has been left (or Next pressed).
    fn shown(&self, field: &str) -> Option<String> {
        if let Some(c) = self.server.get(field).and_then(|v| v.first()) {
            return Some(c.clone());
        }
        if !self.touched.contains(field) {
            return None;
        }
        self.local_errors()
            .get(field)
            .and_then(|v| v.first().cloned())
    }

    fn message(&self, l: Locale, field: &str) -> Option<String> {
        self.shown(field)
            .map(|code| catalog().rule(l, kind(field), &code))
    }

    /// The error summary's links: each field of this step in error, in the form's
    /// order, as "Label: message".
    fn summary_items(&self, l: Locale) -> Vec<(String, String)> {
        let mut fields: Vec<String> = self.local_errors().into_keys().collect();
        fields.extend(
            self.server
                .keys()
                .filter(|k| step_of(k) == self.step)
                .cloned(),
        );
        fields.sort_by_key(|f| {
            FIELD_ORDER
                .iter()
                .position(|x| x == f)
                .unwrap_or(usize::MAX)
        });
        fields.dedup();
        fields
            .iter()
            .filter_map(|f| {
                let msg = self.message(l, f)?;
                Some((dom_id(f), format!("{}: {msg}", t(l, label_key(f)))))
            })
            .collect()
    }
}

/// The registration's fields in the order the form shows them.
const FIELD_ORDER: [&str; 17] = [
    "first_name",
    "middle_name",
    "last_name",
    "date_of_birth",
    "email",
    "terms_accepted",
    "address.line1",
    "address.line2",
    "address.city",
    "address.state",
    "address.zip",
    "phone",
    "user_id",
    "password",
    "confirm_password",
    "security_question",
    "security_answer",
];

/// The catalogue key of a field's label.
fn label_key(field: &str) -> &str {
    match field {
        "terms_accepted" => "field-terms",
        "address.line1" => "field-address_line1",
        "address.line2" => "field-address_line2",
        "address.city" => "field-city",
        "address.state" => "field-state",
        "address.zip" => "field-zip",
        "first_name" => "field-first_name",
        "middle_name" => "field-middle_name",
        "last_name" => "field-last_name",
        "date_of_birth" => "field-date_of_birth",
        "email" => "field-email",
        "phone" => "field-phone",
        "user_id" => "field-user_id",
        "password" => "field-password",
        "confirm_password" => "field-confirm_password",
        "security_question" => "field-security_question",
        _ => "field-security_answer",
    }
}

#[function_component(Register)]
pub fn register() -> Html {
    let l = use_locale();
    let form = use_state(Form::default);
    let questions = use_state(Vec::<SecurityQuestion>::new);
    let common = {
        let r = &form.req;
        let ctx = password::Context {
            user_id: &r.user_id,
            first_name: &r.first_name,
            last_name: &r.last_name,
        };
        let who = vec![
            r.user_id.clone(),
            r.first_name.clone(),
            r.last_name.clone(),
            r.email.clone(),
            r.date_of_birth.clone(),
        ];
        crate::hooks::use_common_check(
            r.password.clone(),
            who,
            password::validate(&r.password, ctx).is_ok(),
        )
    };
    let heading = use_node_ref();

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
    {
        // Move focus to the new step's heading when the step changes (not on first load),
        // so keyboard and screen-reader users start at the top of the new step.
        let heading = heading.clone();
        let first = use_mut_ref(|| true);
        use_effect_with((form.step, form.done.is_some()), move |_| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        });
    }

    if let Some(user_id) = &form.done {
        return html! {
            <section class="card" aria-labelledby="done-title">
                <h1 id="done-title" tabindex="-1" ref={heading}>{ t(l, "reg-done-title") }</h1>
                <p class="success" id="done-user-id">{ t1(l, "reg-done-body", "user_id", user_id.clone()) }</p>
                <p>{ t(l, "reg-done-next") }</p>
                <Link to={Route::Login} classes="button primary">{ t(l, "reg-done-return") }</Link>
            </section>
        };
    }

    let inputs = Inputs { form: &form };

    let on_next = next_or_send(l, &form);
    let on_back = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut f = (*form).clone();
            f.step = f.step.saturating_sub(1);
            f.summary = None;
            form.set(f);
        })
    };

    let step_body = match form.step {
        0 => personal_step(l, &inputs),
        1 => contact_step(l, &inputs),
        _ => credentials_step(l, &inputs, &questions, common),
    };

    let step_keys = [
        "reg-step-personal",
        "reg-step-contact",
        "reg-step-credentials",
    ];
    let last = form.step == 2;
    html! {
        <section class="card" aria-labelledby="reg-heading">
            <h1>{ t(l, "reg-title") }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::Register} />
            <Stepper steps={step_keys.iter().map(|k| t(l, k)).collect::<Vec<_>>()} current={form.step} label={t(l, "reg-title")} />
            <form novalidate=true onsubmit={on_next} id={format!("reg-step-{}", form.step + 1)}>
                <h2 id="reg-heading" tabindex="-1" ref={heading}>
                    <span class="step-count">{ targs(l, "reg-step", &[("n", (form.step + 1).to_string()), ("total", STEPS.len().to_string())]) }</span>
                    { " " }{ t(l, step_keys[form.step]) }
                </h2>
                <ErrorSummary title={form.summary.clone().unwrap_or_default()}
                    items={if form.summary.is_some() { form.summary_items(l) } else { vec![] }}
                    attempt={form.attempts} />
                { step_body }
                <div class="actions">
                    if form.step > 0 {
                        <button type="button" class="button" id="back" onclick={on_back}>{ t(l, "reg-back") }</button>
                    }
                    <button type="submit" class="button primary" id="next" disabled={form.submitting}>
                        { if form.submitting { t(l, "reg-submitting") } else if last { t(l, "reg-submit") } else { t(l, "reg-next") } }
                    </button>
                </div>
            </form>
            <ShareLink page="register" />
        </section>
    }
}

/// Typing into a field of the form, and leaving it.
struct Inputs<'a> {
    form: &'a UseStateHandle<Form>,
}

impl Inputs<'_> {
    /// Edits a text field and forgets the server's verdict on it.
    fn edit(&self, name: &'static str, apply: fn(&mut Form, String)) -> Callback<InputEvent> {
        let form = self.form.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut f = (*form).clone();
            apply(&mut f, v);
            f.server.remove(name);
            f.summary = None;
            form.set(f);
        })
    }

    /// A field left: its live message shows from now on.
    fn leave(&self, name: &'static str) -> Callback<FocusEvent> {
        let form = self.form.clone();
        Callback::from(move |_: FocusEvent| {
            if !form.touched.contains(name) {
                let mut f = (*form).clone();
                f.touched.insert(name.to_string());
                form.set(f);
            }
        })
    }

    /// A text input: its id, the keyboard a phone opens for it (usability walk 3, #8),
    /// what describes it, and its two callbacks.
    fn text(
        &self,
        name: &'static str,
        value: &str,
        apply: fn(&mut Form, String),
        autocomplete: &'static str,
        hint: bool,
        extra: Option<&str>,
    ) -> Html {
        let id = dom_id(name);
        let err = self.form.shown(name).is_some();
        let (kind, inputmode) = match name {
            "email" => ("email", Some("email")),
            "phone" => ("tel", Some("tel")),
            "address.zip" => ("text", Some("numeric")),
            _ => ("text", None),
        };
        html! {
            <input id={id.clone()} name={id.clone()} type={kind} inputmode={inputmode} value={value.to_string()} autocomplete={autocomplete}
                aria-invalid={err.to_string()}
                aria-describedby={describedby(&id, hint, err, extra)}
                oninput={self.edit(name, apply)} onblur={self.leave(name)} />
        }
    }
}

/// Step 1: the person's name, date of birth and email, and the terms.
fn personal_step(l: Locale, inputs: &Inputs) -> Html {
    let form = inputs.form;
    let r = &form.req;
    html! {
    <>
        <p class="intro">{ t(l, "reg-personal-intro") }</p>
        <Field id="first_name" label={t(l, "field-first_name")} error={form.message(l, "first_name")}>
            { inputs.text("first_name", &r.first_name, |f, v| f.req.first_name = v, "given-name", false, None) }
        </Field>
        <Field id="middle_name" label={t(l, "field-middle_name")} optional_text={t(l, "reg-optional")} error={form.message(l, "middle_name")}>
            { inputs.text("middle_name", r.middle_name.as_deref().unwrap_or(""), |f, v| f.req.middle_name = Some(v), "additional-name", false, None) }
        </Field>
        <Field id="last_name" label={t(l, "field-last_name")} error={form.message(l, "last_name")}>
            { inputs.text("last_name", &r.last_name, |f, v| f.req.last_name = v, "family-name", false, None) }
        </Field>
        <Field id="date_of_birth" label={t(l, "field-date_of_birth")} hint={t(l, "field-date_of_birth-hint")} error={form.message(l, "date_of_birth")}>
            { inputs.text("date_of_birth", &r.date_of_birth, |f, v| f.req.date_of_birth = shared::date::typed_to_iso(&v), "bday", true, None) }
        </Field>
        <Field id="email" label={t(l, "field-email")} error={form.message(l, "email")}>
            { inputs.text("email", &r.email, |f, v| f.req.email = v, "email", false, None) }
        </Field>
        <div class="terms">
            <h2 class="h3">{ t(l, "terms-title") }</h2>
            <p class="terms-body" tabindex="0">{ t(l, "terms-body") }</p>
            <div class={classes!("check", form.shown("terms_accepted").is_some().then_some("has-error"))}>
                <input type="checkbox" id="terms_accepted" checked={r.terms_accepted}
                    aria-describedby="terms_accepted-error"
                    onchange={{
                        let form = inputs.form.clone();
                        Callback::from(move |e: Event| {
                            let mut f = (*form).clone();
                            f.req.terms_accepted = e.target_unchecked_into::<HtmlInputElement>().checked();
                            f.touched.insert("terms_accepted".into());
                            form.set(f);
                        })
                    }} />
                <label for="terms_accepted">{ t(l, "field-terms") }</label>
            </div>
            <p class="error" id="terms_accepted-error" aria-live="polite">{ form.message(l, "terms_accepted").unwrap_or_default() }</p>
        </div>
    </>
    }
}

/// Step 2: home address and phone.
fn contact_step(l: Locale, inputs: &Inputs) -> Html {
    let form = inputs.form;
    let r = &form.req;
    html! {
    <>
        <p class="intro">{ t(l, "reg-contact-intro") }</p>
        <Field id="address-line1" label={t(l, "field-address_line1")} error={form.message(l, "address.line1")}>
            { inputs.text("address.line1", &r.address.line1, |f, v| f.req.address.line1 = v, "address-line1", false, None) }
        </Field>
        <Field id="address-line2" label={t(l, "field-address_line2")} optional_text={t(l, "reg-optional")} error={form.message(l, "address.line2")}>
            { inputs.text("address.line2", r.address.line2.as_deref().unwrap_or(""), |f, v| f.req.address.line2 = Some(v), "address-line2", false, None) }
        </Field>
        <Field id="address-city" label={t(l, "field-city")} error={form.message(l, "address.city")}>
            { inputs.text("address.city", &r.address.city, |f, v| f.req.address.city = v, "address-level2", false, None) }
        </Field>
        <Field id="address-state" label={t(l, "field-state")} error={form.message(l, "address.state")}>
            <select id="address-state" autocomplete="address-level1"
                aria-invalid={form.shown("address.state").is_some().to_string()}
                aria-describedby={describedby("address-state", false, form.shown("address.state").is_some(), None)}
                onchange={{
                    let form = inputs.form.clone();
                    Callback::from(move |e: Event| {
                        let mut f = (*form).clone();
                        f.req.address.state = e.target_unchecked_into::<HtmlSelectElement>().value();
                        f.touched.insert("address.state".into());
                        f.server.remove("address.state");
                        form.set(f);
                    })
                }}>
                <option value="" selected={r.address.state.is_empty()}>{ t(l, "field-state-choose") }</option>
                { for states_for(l == shared::i18n::Locale::Es).into_iter().map(|(code, name)| html! {
                    <option value={code} selected={r.address.state == code}>{ format!("{name} ({code})") }</option>
                }) }
            </select>
        </Field>
        <Field id="address-zip" label={t(l, "field-zip")} hint={t(l, "field-zip-hint")} error={form.message(l, "address.zip")}>
            { inputs.text("address.zip", &r.address.zip, |f, v| f.req.address.zip = v, "postal-code", true, None) }
        </Field>
        <Field id="phone" label={t(l, "field-phone")} hint={t(l, "field-phone-hint")} error={form.message(l, "phone")}>
            { inputs.text("phone", &r.phone, |f, v| f.req.phone = v, "tel-national", true, None) }
        </Field>
    </>
    }
}

/// Step 3: user ID, password (its rules ticked as typed) and the security question.
fn credentials_step(
    l: Locale,
    inputs: &Inputs,
    questions: &[SecurityQuestion],
    common: Option<bool>,
) -> Html {
    let form = inputs.form;
    let r = &form.req;
    let uid_fail = user_id::validate(&r.user_id).err().unwrap_or_default();
    let uid_rules: Vec<_> = UserIdRule::ALL
        .iter()
        .map(|x| (x.code(), !uid_fail.contains(x)))
        .collect();
    let ctx = password::Context {
        user_id: &r.user_id,
        first_name: &r.first_name,
        last_name: &r.last_name,
    };
    let pw_rules = crate::components::rule_list::password_rules(&r.password, ctx, common);
    let pw_err = form.shown("password").is_some();
    let cf_err = form.shown("confirm_password").is_some();
    html! {
        <>
            <p class="intro">{ t(l, "reg-credentials-intro") }</p>
            <Field id="user_id" label={t(l, "field-user_id")} error={form.message(l, "user_id")}>
                { inputs.text("user_id", &r.user_id, |f, v| f.req.user_id = v, "username", false, Some("user_id-rules")) }
                <RuleList id="user_id-rules" locale={l} kind="user_id" rules={uid_rules} />
            </Field>
            <Field id="password" label={t(l, "field-password")} error={form.message(l, "password")}>
                <input id="password" type="password" value={r.password.clone()} autocomplete="new-password"
                    aria-invalid={pw_err.to_string()}
                    aria-describedby={describedby("password", false, pw_err, Some("password-rules"))}
                    oninput={inputs.edit("password", |f, v| f.req.password = v)} onblur={inputs.leave("password")} />
                <RuleList id="password-rules" locale={l} kind="password" rules={pw_rules} />
            </Field>
            <Field id="confirm_password" label={t(l, "field-confirm_password")} error={form.message(l, "confirm_password")}>
                <input id="confirm_password" type="password" value={form.confirm.clone()} autocomplete="new-password"
                    aria-invalid={cf_err.to_string()}
                    aria-describedby={describedby("confirm_password", false, cf_err, None)}
                    oninput={inputs.edit("confirm_password", |f, v| f.confirm = v)} onblur={inputs.leave("confirm_password")} />
            </Field>
            <Field id="security_question" label={t(l, "field-security_question")} error={form.message(l, "security_question")}>
                <select id="security_question"
                    aria-invalid={form.shown("security_question").is_some().to_string()}
                    aria-describedby={describedby("security_question", false, form.shown("security_question").is_some(), None)}
                    onchange={{
                        let form = inputs.form.clone();
                        Callback::from(move |e: Event| {
                            let mut f = (*form).clone();
                            f.req.security_question = e.target_unchecked_into::<HtmlSelectElement>().value();
                            f.touched.insert("security_question".into());
                            f.server.remove("security_question");
                            form.set(f);
                        })
                    }}>
                    <option value="" selected={r.security_question.is_empty()}>{ t(l, "field-security_question-choose") }</option>
                    { for questions.iter().map(|q| html! {
                        <option value={q.code.clone()} selected={r.security_question == q.code}>{ &q.text }</option>
                    }) }
                </select>
            </Field>
            <Field id="security_answer" label={t(l, "field-security_answer")} error={form.message(l, "security_answer")}>
                <input id="security_answer" type="password" value={r.security_answer.clone()} autocomplete="off"
                    aria-describedby={describedby("security_answer", false, form.shown("security_answer").is_some(), None)}
                    oninput={inputs.edit("security_answer", |f, v| f.req.security_answer = v)} onblur={inputs.leave("security_answer")} />
            </Field>
        </>
    }
}

/// "Next": the step's fields checked (their messages shown when one fails), then the
/// next step, or at the last one the registration sent; a refusal takes the person to
/// the first step with a field the server named.
fn next_or_send(l: Locale, form: &UseStateHandle<Form>) -> Callback<SubmitEvent> {
    let form = form.clone();
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let mut f = (*form).clone();
        let errors = f.local_errors();
        if errors.is_empty() && f.server.keys().all(|k| step_of(k) != f.step) {
            if f.step < 2 {
                f.step += 1;
                f.summary = None;
                form.set(f);
                return;
            }
            f.submitting = true;
            f.summary = None;
            form.set(f.clone());
            let form = form.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut f = f;
                f.submitting = false;
                match api::register(l, &f.req).await {
                    Ok(created) => f.done = Some(created.user_id),
                    Err(CallError::Api { body, .. }) => {
                        if let Some(first) = body.fields.keys().next() {
                            f.step = step_of(first);
                        }
                        f.touched.extend(body.fields.keys().cloned());
                        f.server = body.fields;
                        f.summary = Some(body.message);
                        f.attempts += 1;
                    }
                    Err(CallError::Network) => f.summary = Some(t(l, "error-network")),
                }
                form.set(f);
            });
        } else {
            f.touched.extend(errors.keys().cloned());
            f.summary = Some(t(l, "reg-fix-errors"));
            f.attempts += 1;
            form.set(f);
        }
    })
}
