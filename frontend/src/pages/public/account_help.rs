//! Account help (the MFA registration guide `001_…`, step 1, offers the same three ways
//! back in): one page with the three choices, each answering the same whether or not
//! an account matches; and the pages the emailed links open.
use crate::api;
use crate::api::auth::LinkKind;
use crate::components::input::Input;
use crate::components::rule_list::RuleList;
use crate::context::prefs::use_locale;
use crate::context::session::use_session;
use crate::hooks::form::{edit, submitter, use_form, Form};
use crate::i18n::t;
use crate::route::{Link, Route};
use shared::api::auth::{
    LinkInfo, PasswordResetCompletion, RecoveryRequest, UnlockCompletion, UserIdReminderRequest,
};
use shared::api::error::FieldErrors;
use shared::validate::password;
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Default)]
enum Need {
    #[default]
    Password,
    UserId,
    Unlock,
}

/// What the account help page sends: the choice, and the user ID or the email address
/// it needs.
#[derive(Clone, Default, PartialEq)]
struct HelpInput {
    need: Need,
    user_id: String,
    email: String,
}

impl HelpInput {
    /// The `shared` rules of what the choice sends.
    fn check(&self) -> FieldErrors {
        match self.need {
            Need::UserId => self.reminder().validate(),
            _ => self.recovery().validate(),
        }
    }

    fn reminder(&self) -> UserIdReminderRequest {
        UserIdReminderRequest {
            email: self.email.clone(),
        }
    }

    fn recovery(&self) -> RecoveryRequest {
        RecoveryRequest {
            user_id: self.user_id.clone(),
        }
    }

    async fn send(self, l: shared::i18n::Locale) -> api::Answer<()> {
        match self.need {
            Need::UserId => api::auth::remind_user_id(l, &self.reminder()).await,
            Need::Password => {
                api::auth::request_link(l, LinkKind::PasswordReset, &self.recovery()).await
            }
            Need::Unlock => api::auth::request_link(l, LinkKind::Unlock, &self.recovery()).await,
        }
    }
}

#[function_component(AccountHelp)]
pub fn account_help() -> Html {
    let l = use_locale();
    let session = use_session();
    let form = use_form(HelpInput::default);
    let sent = use_state(|| false);
    let s = &*form;
    // Another choice starts the form again, keeping what was typed.
    let choose = |n: Need| {
        let form = form.clone();
        Callback::from(move |_| {
            form.set(Form {
                req: HelpInput {
                    need: n,
                    ..form.req.clone()
                },
                ..Default::default()
            })
        })
    };
    let submit = {
        let (st, sent) = (form.clone(), sent.clone());
        submitter(
            &form,
            &session,
            l,
            HelpInput::check,
            move |i: HelpInput| i.send(l),
            move |(), mut s| {
                s.busy = false;
                st.set(s);
                sent.set(true);
            },
        )
    };
    let live = s.req.check();
    let set = |field: &'static str, f: fn(&mut HelpInput, String)| edit(&form, field, f);
    let radio = |n: Need, id: &'static str, key: &str| {
        html! {
            <label class="radio" for={id}>
                <input type="radio" name="need" id={id} checked={s.req.need == n} onchange={choose(n)} />
                { t(l, key) }
            </label>
        }
    };
    html! {
        <section class="page narrow">
            <h1 id="help-heading">{ t(l, "help-title") }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::Recover} />
            <p>{ t(l, "help-intro") }</p>
            if *sent {
                <p class="notice" role="status" id="help-sent">{ t(l, if s.req.need == Need::UserId { "help-sent-user-id" } else { "help-sent" }) }</p>
                <p><Link to={Route::Login} classes="button primary">{ t(l, "nav-login") }</Link></p>
            } else {
                if let Some(a) = &s.alert { <p class="alert" role="alert">{ a }</p> }
                <form class="card" id="help-form" onsubmit={submit} novalidate=true>
                    <fieldset class="choices">
                        <legend>{ t(l, "help-choice") }</legend>
                        { radio(Need::Password, "help-password", "help-forgot-password") }
                        { radio(Need::UserId, "help-user-id", "help-forgot-user-id") }
                        { radio(Need::Unlock, "help-unlock", "help-unlock") }
                    </fieldset>
                    if s.req.need == Need::UserId {
                        <Input id="help-email" label={t(l, "help-email")} kind="email" value={s.req.email.clone()}
                            autocomplete={Some(AttrValue::Static("email"))}
                            error={s.message(l, &live, "email", "email")} oninput={set("email", |s, v| s.email = v)} />
                    } else {
                        <Input id="help-user-id-input" label={t(l, "help-user-id")} value={s.req.user_id.clone()}
                            autocomplete={Some(AttrValue::Static("username"))}
                            error={s.message(l, &live, "user_id", "field")} oninput={set("user_id", |s, v| s.user_id = v)} />
                    }
                    <div class="actions">
                        <button type="submit" class="primary" id="help-submit" disabled={s.busy}>{ t(l, "help-submit") }</button>
                    </div>
                </form>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    /// A password reset link, or else an unlock link.
    pub reset: bool,
}

/// What an emailed link's page sends: the security answer, and for a reset the new
/// password typed twice (a typo would set a password nobody knows).
#[derive(Clone, Default, PartialEq)]
struct LinkInput {
    answer: String,
    new_password: String,
    confirm: String,
}

/// The shared rules of the completion the link is for (the person's names are not
/// known here; the server adds that rule), and the two passwords alike.
fn check_link(reset: bool, s: &LinkInput) -> FieldErrors {
    if reset {
        let mut e = reset_body(s).validate(password::Context::default());
        if s.confirm != s.new_password {
            e.insert("confirm_password".into(), vec!["mismatch".into()]);
        }
        e
    } else {
        unlock_body(s).validate()
    }
}

fn reset_body(s: &LinkInput) -> PasswordResetCompletion {
    PasswordResetCompletion {
        security_answer: s.answer.clone(),
        new_password: s.new_password.clone(),
    }
}

fn unlock_body(s: &LinkInput) -> UnlockCompletion {
    UnlockCompletion {
        security_answer: s.answer.clone(),
    }
}

/// The page an emailed link opens: the security question, and for a reset a new
/// password with the live rule list. A link used or expired (when the page opens, or by
/// the time it is sent) says so and offers a new one.
#[function_component(LinkPage)]
pub fn link_page(p: &LinkProps) -> Html {
    let l = use_locale();
    let session = use_session();
    let reset = p.reset;
    let kind = if reset {
        LinkKind::PasswordReset
    } else {
        LinkKind::Unlock
    };
    let token = use_memo((), |_| crate::route::token_from_url());
    // The link's question, or why the link no longer works.
    let info = use_state(|| None::<Result<LinkInfo, String>>);
    {
        let (info, token) = (info.clone(), token.clone());
        use_effect_with(l, move |l| {
            let l = *l;
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::auth::link_info(l, kind, &token).await;
                info.set(Some(r.map_err(|e| e.message(l))));
            });
        });
    }
    let form = use_form(LinkInput::default);
    let f = (*form).clone();
    let common = crate::hooks::use_common_check(
        f.req.new_password.clone(),
        vec![],
        reset && password::validate(&f.req.new_password, password::Context::default()).is_ok(),
    );
    let (title, submit_key, done_key) = if reset {
        ("reset-title", "reset-submit", "reset-done")
    } else {
        ("unlock-title", "unlock-submit", "unlock-done")
    };
    let submit = {
        let (st, token) = (form.clone(), token.clone());
        submitter(
            &form,
            &session,
            l,
            move |s: &LinkInput| check_link(reset, s),
            move |s: LinkInput| {
                let token = (*token).clone();
                async move {
                    if reset {
                        api::auth::complete_reset(l, &token, &reset_body(&s)).await
                    } else {
                        api::auth::complete_unlock(l, &token, &unlock_body(&s)).await
                    }
                }
            },
            move |(), _| {
                st.set(Form {
                    done: Some(t(l, done_key)),
                    ..Default::default()
                })
            },
        )
    };
    // A refusal with no field to put it under (the link used or expired meanwhile).
    let dead = match &*info {
        Some(Err(m)) => Some(m.clone()),
        _ => f.alert.clone(),
    };
    let content = if let Some(done) = &f.done {
        html! {
            <>
                <p class="notice" role="status" id="link-done">{ done }</p>
                <p><Link to={Route::Login} classes="button primary">{ t(l, "nav-login") }</Link></p>
            </>
        }
    } else if let Some(msg) = dead {
        html! {
            <>
                <p class="alert" role="alert" id="link-dead">{ msg }</p>
                <p><Link to={Route::AccountHelp} classes="button secondary">{ t(l, "new-link") }</Link></p>
            </>
        }
    } else if let Some(Ok(info)) = &*info {
        let live = check_link(reset, &f.req);
        let rules = crate::components::rule_list::password_rules(
            &f.req.new_password,
            password::Context::default(),
            common,
        );
        // The rule list speaks while the password is typed; its message waits for a send.
        let pw_err = (f.submitted || f.server.contains_key("new_password"))
            .then(|| f.message(l, &live, "new_password", "password"))
            .flatten();
        html! {
            <form class="card" id="link-form" onsubmit={submit} novalidate=true>
                <crate::components::error_summary::FormErrorSummary form_id="link-form" attempt={f.attempts} />
                <p class="question"><strong>{ t(l, "reset-question") }{ ": " }</strong><span id="security-question">{ &info.security_question }</span></p>
                <Input id="security_answer" label={t(l, "reset-answer")} value={f.req.answer.clone()}
                    error={f.message(l, &live, "security_answer", "security_answer")} oninput={edit(&form, "security_answer", |s, v| s.answer = v)} />
                if reset {
                    <Input id="new_password" label={t(l, "password-new")} kind="password" value={f.req.new_password.clone()}
                        autocomplete={Some(AttrValue::Static("new-password"))} describedby_extra={Some(AttrValue::Static("new_password-rules"))}
                        error={pw_err} oninput={edit(&form, "new_password", |s, v| s.new_password = v)} />
                    <RuleList id="new_password-rules" locale={l} kind="password" {rules} />
                    <Input id="confirm_password" label={t(l, "field-confirm_password")} kind="password" value={f.req.confirm.clone()}
                        autocomplete={Some(AttrValue::Static("new-password"))}
                        error={f.message(l, &live, "confirm_password", "field")} oninput={edit(&form, "confirm_password", |s, v| s.confirm = v)} />
                }
                <div class="actions">
                    <button type="submit" class="primary" id="link-submit" disabled={f.busy}>{ t(l, submit_key) }</button>
                </div>
            </form>
        }
    } else {
        html! { <p class="loading" aria-busy="true">{ t(l, "link-loading") }</p> }
    };
    html! {
        <section class="page narrow">
            <h1 id="link-heading">{ t(l, title) }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::Recover} />
            { content }
        </section>
    }
}
