//! The role request: application and role, identity proofing, organisation, review
//! (approver instructions steps 8-16 and the end-user request steps 2-6). The page keeps
//! what was chosen and which step is showing; each step is its own component, and each
//! step that sends a form does it through the form hook (`hooks::form`), checked with
//! the `shared` rule the server applies.
mod identity;
mod organization;

use crate::api;
use crate::components::form::loading;
use crate::context::prefs::use_locale;
use crate::context::session::{guard, use_session};
use crate::format::org_line;
use crate::hooks::form::{submitter, use_form};
use crate::hooks::use_fetch;
use crate::i18n::{field_error, t, t1};
use crate::route::{Link, Route};
use identity::IdentityStep;
use organization::OrganizationStep;
use shared::api::access::*;
use shared::api::error::FieldErrors;
use shared::i18n::Locale;
use yew::prelude::*;

#[derive(Clone, PartialEq, Default)]
enum Step {
    #[default]
    Application,
    Identity,
    Organization,
    Review,
    Done(Box<RoleRequestView>),
}

/// What the person has chosen so far.
#[derive(Clone, PartialEq, Default)]
struct Choice {
    app: Option<Application>,
    role: String,
    org: Option<OrganizationSummary>,
}

impl Choice {
    fn role_info(&self) -> Option<&RoleInfo> {
        self.app
            .as_ref()
            .and_then(|a| a.roles.iter().find(|r| r.id == self.role))
    }
}

#[function_component(RoleRequestPage)]
pub fn role_request_page() -> Html {
    let l = use_locale();
    let session = use_session();
    let apps = use_fetch(0, api::access::applications);
    let access = use_fetch(0, api::access::my_roles);
    let step = use_state(Step::default);
    let choice = use_state(Choice::default);
    // The latest answer of identity proofing (the person's record until one comes).
    let identity = use_state(|| None::<IdentityView>);
    if let Err(h) = guard(&session) {
        return h;
    }
    let (Some(Ok(apps)), Some(Ok(access))) = (&*apps, &*access) else {
        return html! { <section class="page">{ loading() }</section> };
    };
    let known = (*identity)
        .clone()
        .unwrap_or_else(|| access.identity.clone());
    let c = (*choice).clone();
    let body = match &*step {
        Step::Application => {
            let on_next = {
                let (step, choice) = (step.clone(), choice.clone());
                let verified = known.status == IdentityStatus::Verified;
                Callback::from(move |(app, role): (Application, String)| {
                    let c = Choice {
                        app: Some(app),
                        role,
                        org: None,
                    };
                    let needs_id = c.role_info().is_some_and(|r| r.requires_identity);
                    step.set(if needs_id && !verified {
                        Step::Identity
                    } else {
                        Step::Organization
                    });
                    choice.set(c);
                })
            };
            html! { <ApplicationStep apps={apps.clone()} {on_next} /> }
        }
        Step::Identity => {
            let on_answer = {
                let (step, identity) = (step.clone(), identity.clone());
                Callback::from(move |v: IdentityView| {
                    if v.status == IdentityStatus::Verified {
                        step.set(Step::Organization);
                    }
                    identity.set(Some(v));
                })
            };
            html! { <IdentityStep identity={known} {on_answer} /> }
        }
        Step::Organization => {
            let on_chosen = {
                let (step, choice) = (step.clone(), choice.clone());
                Callback::from(move |o: OrganizationSummary| {
                    let mut c = (*choice).clone();
                    c.org = Some(o);
                    choice.set(c);
                    step.set(Step::Review);
                })
            };
            let approver = c.role_info().is_some_and(|r| r.approver);
            html! { <OrganizationStep {approver} {on_chosen} /> }
        }
        Step::Review => {
            let on_done = {
                let step = step.clone();
                Callback::from(move |r: RoleRequestView| step.set(Step::Done(Box::new(r))))
            };
            html! { <ReviewStep choice={c} {on_done} /> }
        }
        Step::Done(r) => html! {
            <div class="success" role="status" id="request-submitted">
                <h2>{ t(l, "access-submitted-title") }</h2>
                <p>{ t1(l, "access-submitted-body", "reference", r.id.clone()) }</p>
                <p><Link to={Route::MyRoles}>{ t(l, "access-my-roles-title") }</Link></p>
            </div>
        },
    };
    html! {
        <section class="page narrow">
            <h1 id="role-request-heading">{ t(l, "access-request-role") }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::RequestARole} />
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ApplicationProps {
    apps: Vec<Application>,
    /// The application and the role's id.
    on_next: Callback<(Application, String)>,
}

/// Step 1: the application (typed or picked from the list; any unambiguous start of a
/// name is an answer) and one of its roles, with the role's description.
#[function_component(ApplicationStep)]
fn application_step(p: &ApplicationProps) -> Html {
    let l = use_locale();
    // `?application=<id>` (from an application's sign-in with no role): preselected.
    let text = {
        let apps = p.apps.clone();
        use_state(move || {
            crate::route::query_param("application")
                .and_then(|id| apps.into_iter().find(|a| a.id == id))
                .map(|a| a.name)
                .unwrap_or_default()
        })
    };
    let role = use_state(String::new);
    let errors = use_state(FieldErrors::new);
    let picked = shared::search::pick_application(&text, &p.apps);
    let next = {
        let (role, errors, on_next) = (role.clone(), errors.clone(), p.on_next.clone());
        let picked = picked.cloned();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut found = FieldErrors::new();
            if let Err(code) = &picked {
                found.insert("application".into(), vec![(*code).into()]);
            }
            if role.is_empty() {
                found.insert("role".into(), vec!["required".into()]);
            }
            match &picked {
                Ok(app) if found.is_empty() => on_next.emit((app.clone(), (*role).clone())),
                _ => errors.set(found),
            }
        })
    };
    let on_text = {
        let (text, role, errors) = (text.clone(), role.clone(), errors.clone());
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            text.set(el.value());
            role.set(String::new());
            let mut v = (*errors).clone();
            v.remove("application");
            errors.set(v);
        })
    };
    let on_role = {
        let (role, errors) = (role.clone(), errors.clone());
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            role.set(el.value());
            let mut v = (*errors).clone();
            v.remove("role");
            errors.set(v);
        })
    };
    let err = |f: &str| field_error(l, &errors, f, "field");
    let app_now = picked.ok();
    let desc = app_now.and_then(|a| a.roles.iter().find(|r| r.id == *role));
    html! {
        <form onsubmit={next} novalidate=true>
            <datalist id="application-list">
                { for p.apps.iter().map(|a| html! { <option value={a.name.clone()} /> }) }
            </datalist>
            <div class={classes!("field", errors.contains_key("application").then_some("has-error"))}>
                <label for="application">{ t(l, "access-application") }</label>
                <p class="hint">{ t(l, "access-application-hint") }</p>
                <input id="application" list="application-list" autocomplete="off" value={(*text).clone()} oninput={on_text} />
                if let Some(e) = err("application") { <p class="error">{ e }</p> }
            </div>
            if let Some(a) = app_now {
                <div class={classes!("field", errors.contains_key("role").then_some("has-error"))}>
                    <label for="role">{ t(l, "access-role") }</label>
                    <select id="role" onchange={on_role}>
                        <option value="" selected={role.is_empty()}>{ t(l, "access-role-choose") }</option>
                        { for a.roles.iter().map(|r| html! {
                            <option value={r.id.clone()} selected={*role == r.id}>{ &r.name }</option>
                        }) }
                    </select>
                    if let Some(e) = err("role") { <p class="error">{ e }</p> }
                </div>
                if let Some(r) = desc {
                    <p class="notice" id="role-description">{ &r.description }</p>
                }
                <p><Link to={Route::RoleDescriptions}>{ t(l, "access-descriptions-link") }</Link></p>
            }
            <div class="actions"><button type="submit" class="primary" id="role-next">{ t(l, "reg-next") }</button></div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct ReviewProps {
    choice: Choice,
    on_done: Callback<RoleRequestView>,
}

/// The last step: what will be asked for, an optional reason, and the request.
#[function_component(ReviewStep)]
fn review_step(p: &ReviewProps) -> Html {
    let l = use_locale();
    let session = use_session();
    let c = &p.choice;
    let form = use_form(|| RoleRequestInput {
        application: c.app.as_ref().map(|a| a.id.clone()).unwrap_or_default(),
        role: c.role.clone(),
        organization_id: c.org.as_ref().map(|o| o.id.clone()).unwrap_or_default(),
        reason: String::new(),
    });
    let f = (*form).clone();
    let live = f.req.validate();
    let submit = {
        let on_done = p.on_done.clone();
        submitter(
            &form,
            &session,
            l,
            RoleRequestInput::validate,
            move |r| async move { api::access::request_role(l, &r).await },
            move |r: RoleRequestView, _| on_done.emit(r),
        )
    };
    let role_name = c.role_info().map(|r| r.name.clone()).unwrap_or_default();
    html! {
        <form id="review-form" onsubmit={submit} novalidate=true>
            <h2>{ t(l, "access-review-title") }</h2>
            <dl class="card facts" id="review">
                <dt>{ t(l, "access-application") }</dt><dd>{ c.app.as_ref().map(|a| a.name.clone()).unwrap_or_default() }</dd>
                <dt>{ t(l, "access-role") }</dt><dd>{ role_name }</dd>
                <dt>{ t(l, "access-organization") }</dt><dd>{ c.org.as_ref().map(|o| org_line(l, o)).unwrap_or_default() }</dd>
            </dl>
            { reason_field(l, f.req.reason.clone(), f.message(l, &live, "reason", "field"),
                crate::hooks::form::edit(&form, "reason", |r, v| r.reason = v)) }
            { crate::components::form::alert(&f.alert) }
            <div class="actions"><button type="submit" class="primary" id="submit-request" disabled={f.busy}>{ t(l, "access-submit-request") }</button></div>
        </form>
    }
}

/// The request's reason: a text area of up to 500 characters.
fn reason_field(
    l: Locale,
    value: String,
    error: Option<String>,
    oninput: Callback<String>,
) -> Html {
    let oninput = oninput.reform(|e: InputEvent| {
        let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
        el.value()
    });
    html! {
        <div class={classes!("field", error.is_some().then_some("has-error"))}>
            <label for="reason">{ t(l, "access-reason") }</label>
            <textarea id="reason" rows="3" maxlength="500" {value} {oninput} />
            if let Some(e) = error { <p class="error">{ e }</p> }
        </div>
    }
}
