//! The access screens: role descriptions, my roles, the role request (application,
//! role, identity proofing, organisation, review: approver instructions steps 8-16
//! and the end-user request steps 2-6), the approver's dashboard (phone first), the
//! help desk's console, the public new organisation form and the account setup link.
use crate::api::{self, CallError};
use crate::app::{use_locale, use_session, Route};
use crate::components::input::Input;
use crate::i18n::{field_error, t, t1};
use crate::pages::profile::{fmt_time, guard, on_session_end};
use serde_json::json;
use shared::api::access::*;
use shared::api::error::FieldErrors;
use shared::date::Date;
use shared::i18n::Locale;
use shared::validate::contact::STATES;
use yew::prelude::*;
use yew_router::prelude::*;

fn today() -> Date {
    Date::from_days_since_epoch((js_sys::Date::now() / 86_400_000.0) as i64)
}

/// Loads `path` once (and again when `reload` changes); None while loading.
#[hook]
fn use_fetch<T: serde::de::DeserializeOwned + Clone + PartialEq + 'static>(
    path: String,
    reload: u32,
) -> UseStateHandle<Option<Result<T, CallError>>> {
    let l = use_locale();
    let session = use_session();
    let data = use_state(|| None);
    {
        let data = data.clone();
        use_effect_with((path, reload, l), move |(path, _, l)| {
            let (path, l) = (path.clone(), *l);
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::call::<T>(l, "GET", &path, None).await;
                if let Err(e) = &r {
                    on_session_end(&session, e);
                }
                data.set(Some(r));
            });
        });
    }
    data
}

fn loading() -> Html {
    html! { <p class="loading" aria-busy="true">{ "…" }</p> }
}

fn alert(msg: &Option<String>) -> Html {
    match msg {
        Some(m) => html! { <p class="alert" role="alert">{ m }</p> },
        None => html! {},
    }
}

fn text_cb<S: Clone + 'static>(st: &UseStateHandle<S>, f: fn(&mut S, String)) -> Callback<String> {
    let st = st.clone();
    Callback::from(move |v: String| {
        let mut s = (*st).clone();
        f(&mut s, v);
        st.set(s);
    })
}

fn state_select(
    l: Locale,
    id: &'static str,
    value: &str,
    error: Option<String>,
    onchange: Callback<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
        onchange.emit(el.value())
    });
    html! {
        <div class={classes!("field", error.is_some().then_some("has-error"))}>
            <label for={id}>{ t(l, "field-state") }</label>
            <select id={id} {onchange} aria-invalid={error.is_some().to_string()}>
                <option value="" selected={value.is_empty()}>{ t(l, "field-state-choose") }</option>
                { for STATES.iter().map(|(code, name)| html! {
                    <option value={*code} selected={value == *code}>{ format!("{name} ({code})") }</option>
                }) }
            </select>
            if let Some(e) = error { <p class="error" id={format!("{id}-error")}>{ e }</p> }
        </div>
    }
}

fn checkbox(
    id: &'static str,
    label: String,
    checked: bool,
    error: Option<String>,
    on: Callback<bool>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let el: web_sys::HtmlInputElement = e.target_unchecked_into();
        on.emit(el.checked())
    });
    html! {
        <div class={classes!("field", "check", error.is_some().then_some("has-error"))}>
            <label for={id}><input type="checkbox" id={id} {checked} {onchange} />{ " " }{ label }</label>
            if let Some(e) = error { <p class="error">{ e }</p> }
        </div>
    }
}

fn org_line(o: &OrganizationSummary) -> String {
    format!(
        "{} · {}, {} · TIN {}",
        o.legal_name, o.city, o.state, o.tin_masked
    )
}

// ---------------------------------------------------------------- role descriptions

#[function_component(RoleDescriptions)]
pub fn role_descriptions() -> Html {
    let l = use_locale();
    let apps = use_fetch::<Vec<Application>>("/applications".into(), 0);
    html! {
        <section class="page">
            <h1 id="roles-heading">{ t(l, "access-descriptions-title") }</h1>
            <p class="intro">{ t(l, "access-descriptions-intro") }</p>
            { match &*apps {
                None => loading(),
                Some(Err(e)) => alert(&Some(e.message(l))),
                Some(Ok(apps)) => apps.iter().map(|a| html! {
                    <div class="card">
                        <h2>{ &a.name }</h2>
                        <p>{ &a.description }</p>
                        <dl class="facts">
                            { for a.roles.iter().map(|r| html! {
                                <>
                                    <dt data-role={r.id.clone()}>{ &r.name }</dt>
                                    <dd>{ &r.description }</dd>
                                </>
                            }) }
                        </dl>
                    </div>
                }).collect::<Html>(),
            } }
        </section>
    }
}

// ---------------------------------------------------------------- my roles

fn status_chip(l: Locale, s: RequestStatus) -> Html {
    let code = match s {
        RequestStatus::Pending => "pending",
        RequestStatus::Approved => "approved",
        RequestStatus::Denied => "denied",
    };
    html! { <span class={classes!("chip", code)} data-status={code}>{ t(l, &format!("access-status-{code}")) }</span> }
}

#[function_component(MyRoles)]
pub fn my_roles() -> Html {
    let l = use_locale();
    let session = use_session();
    let data = use_fetch::<MyAccess>("/me/roles".into(), 0);
    let profile = match guard(&session) {
        Ok(p) => p,
        Err(h) => return h,
    };
    let body = match &*data {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(m)) => {
            let approver = m.grants.iter().any(|g| g.approver);
            html! {
                <>
                <div class="tiles">
                    <Link<Route> to={Route::RoleRequest} classes="tile"><span id="request-role">{ t(l, "access-request-role") }</span></Link<Route>>
                    if approver {
                        <Link<Route> to={Route::Approvals} classes="tile"><span id="open-approvals">{ t(l, "access-approvals") }</span></Link<Route>>
                    }
                    if profile.roles.iter().any(|r| r == "help_desk") {
                        <Link<Route> to={Route::HelpDesk} classes="tile"><span id="open-help-desk">{ t(l, "access-help-desk") }</span></Link<Route>>
                    }
                </div>
                <h2>{ t(l, "access-my-roles") }</h2>
                if m.grants.is_empty() {
                    <p id="no-roles">{ t(l, "access-no-roles") }</p>
                }
                <ul class="devices" id="my-roles">
                    { for m.grants.iter().map(|g| html! {
                        <li class="card" data-role={g.role.clone()}>
                            <strong>{ &g.role_name }</strong>{ " · " }{ &g.application_name }
                            <br />{ org_line(&g.organization) }
                        </li>
                    }) }
                </ul>
                <h2>{ t(l, "access-my-requests") }</h2>
                <ul class="devices" id="my-requests">
                    { for m.requests.iter().map(|r| html! {
                        <li class="card" data-status={format!("{:?}", r.status).to_lowercase()}>
                            { status_chip(l, r.status) }{ " " }
                            <strong>{ &r.role_name }</strong>{ " · " }{ &r.organization.legal_name }
                            <br /><small>{ fmt_time(r.created_at) }{ " · " }{ &r.id }</small>
                            if let Some(reason) = &r.decision_reason {
                                <p>{ t1(l, "access-decision-reason", "reason", reason.clone()) }</p>
                            }
                        </li>
                    }) }
                </ul>
                <p><Link<Route> to={Route::RoleDescriptions}>{ t(l, "access-descriptions-link") }</Link<Route>></p>
                </>
            }
        }
    };
    html! {
        <section class="page">
            <h1 id="my-roles-heading">{ t(l, "access-my-roles-title") }</h1>
            { body }
        </section>
    }
}

// ---------------------------------------------------------------- role request

#[derive(Clone, PartialEq, Default)]
enum Step {
    #[default]
    Application,
    Identity,
    Organization,
    Review,
    Done(Box<RoleRequestView>),
}

#[derive(Clone, PartialEq, Default)]
struct Req {
    step: Step,
    app_text: String,
    app: Option<Application>,
    role: String,
    identity: Option<IdentityView>,
    id_input: IdentityInput,
    // organisation step
    create: bool,
    search_name: String,
    search_state: String,
    results: Option<Vec<OrganizationSummary>>,
    org: Option<OrganizationSummary>,
    new_org: NewOrganization,
    reason: String,
    errors: FieldErrors,
    alert: Option<String>,
    busy: bool,
}

impl Req {
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
    let apps = use_fetch::<Vec<Application>>("/applications".into(), 0);
    let access = use_fetch::<MyAccess>("/me/roles".into(), 0);
    let st = use_state(Req::default);
    if let Err(h) = guard(&session) {
        return h;
    }
    let (Some(Ok(apps)), Some(Ok(access))) = (&*apps, &*access) else {
        return html! { <section class="page">{ loading() }</section> };
    };
    let s = (*st).clone();
    let err = |f: &str, kind: &str| field_error(l, &s.errors, f, kind);
    let go = |step: Step| {
        let st = st.clone();
        Callback::from(move |_| {
            let mut s = (*st).clone();
            s.step = step.clone();
            s.errors.clear();
            s.alert = None;
            st.set(s);
        })
    };
    // POSTs `body` to `path`; `done` applies the answer.
    let post = {
        let st = st.clone();
        let session = session.clone();
        move |path: String, body: serde_json::Value, done: fn(&mut Req, serde_json::Value)| {
            let st = st.clone();
            let session = session.clone();
            let mut s = (*st).clone();
            s.busy = true;
            s.alert = None;
            st.set(s.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::call::<serde_json::Value>(l, "POST", &path, Some(&body)).await;
                let mut s = s;
                s.busy = false;
                match r {
                    Ok(v) => {
                        s.errors.clear();
                        done(&mut s, v)
                    }
                    Err(e) => {
                        if !on_session_end(&session, &e) {
                            (s.errors, s.alert) = e.for_form(l);
                        }
                    }
                }
                st.set(s);
            });
        }
    };
    let identity = s
        .identity
        .clone()
        .unwrap_or_else(|| access.identity.clone());
    let body = match &s.step {
        Step::Application => {
            let chosen = apps
                .iter()
                .find(|a| a.name == s.app_text || a.id == s.app_text)
                .cloned();
            let next = {
                let st = st.clone();
                let identity = identity.clone();
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let mut s = (*st).clone();
                    s.errors.clear();
                    if chosen.is_none() {
                        s.errors
                            .insert("application".into(), vec!["required".into()]);
                    }
                    if s.role.is_empty() {
                        s.errors.insert("role".into(), vec!["required".into()]);
                    }
                    if s.errors.is_empty() {
                        s.app = chosen.clone();
                        let needs_id = s.role_info().is_some_and(|r| r.requires_identity);
                        s.create = s.role_info().is_some_and(|r| r.approver);
                        s.step = if needs_id && identity.status != IdentityStatus::Verified {
                            Step::Identity
                        } else {
                            Step::Organization
                        };
                    }
                    st.set(s);
                })
            };
            let app_now = apps
                .iter()
                .find(|a| a.name == s.app_text || a.id == s.app_text);
            let on_role = {
                let st = st.clone();
                Callback::from(move |e: Event| {
                    let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    let mut s = (*st).clone();
                    s.role = el.value();
                    s.errors.remove("role");
                    st.set(s);
                })
            };
            let desc = app_now.and_then(|a| a.roles.iter().find(|r| r.id == s.role));
            html! {
                <form onsubmit={next} novalidate=true>
                    <datalist id="application-list">
                        { for apps.iter().map(|a| html! { <option value={a.name.clone()} /> }) }
                    </datalist>
                    <div class={classes!("field", s.errors.contains_key("application").then_some("has-error"))}>
                        <label for="application">{ t(l, "access-application") }</label>
                        <p class="hint">{ t(l, "access-application-hint") }</p>
                        <input id="application" list="application-list" autocomplete="off" value={s.app_text.clone()}
                            oninput={{
                                let st = st.clone();
                                Callback::from(move |e: InputEvent| {
                                    let el: web_sys::HtmlInputElement = e.target_unchecked_into();
                                    let mut s = (*st).clone();
                                    s.app_text = el.value();
                                    s.role.clear();
                                    s.errors.remove("application");
                                    st.set(s);
                                })
                            }} />
                        if let Some(e) = err("application", "field") { <p class="error">{ e }</p> }
                    </div>
                    if let Some(a) = app_now {
                        <div class={classes!("field", s.errors.contains_key("role").then_some("has-error"))}>
                            <label for="role">{ t(l, "access-role") }</label>
                            <select id="role" onchange={on_role}>
                                <option value="" selected={s.role.is_empty()}>{ t(l, "access-role-choose") }</option>
                                { for a.roles.iter().map(|r| html! {
                                    <option value={r.id.clone()} selected={s.role == r.id}>{ &r.name }</option>
                                }) }
                            </select>
                            if let Some(e) = err("role", "field") { <p class="error">{ e }</p> }
                        </div>
                        if let Some(r) = desc {
                            <p class="notice" id="role-description">{ &r.description }</p>
                        }
                        <p><Link<Route> to={Route::RoleDescriptions}>{ t(l, "access-descriptions-link") }</Link<Route>></p>
                    }
                    <div class="actions"><button type="submit" class="primary" id="role-next">{ t(l, "reg-next") }</button></div>
                </form>
            }
        }
        Step::Identity => {
            let retry = identity.attempts > 0;
            let i = &s.id_input;
            let submit = {
                let st = st.clone();
                let post = post.clone();
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let mut s = (*st).clone();
                    let retry = s.identity.as_ref().map(|i| i.attempts).unwrap_or(0) > 0;
                    s.errors = s.id_input.validate(today(), retry);
                    if !s.errors.is_empty() {
                        st.set(s);
                        return;
                    }
                    let body = serde_json::to_value(&s.id_input).unwrap_or_default();
                    post("/me/identity-verification".into(), body, |s, v| {
                        if let Ok(iv) = serde_json::from_value::<IdentityView>(v) {
                            if iv.status == IdentityStatus::Verified {
                                s.step = Step::Organization;
                            }
                            s.id_input.confirmed_contact = false;
                            s.identity = Some(iv);
                        }
                    });
                })
            };
            let manual = {
                let post = post.clone();
                Callback::from(move |_| {
                    post(
                        "/me/identity-verification/manual-request".into(),
                        json!({}),
                        |s, v| {
                            s.identity = serde_json::from_value(v).ok();
                        },
                    )
                })
            };
            let status = identity.status;
            html! {
                <>
                <h2>{ t(l, "access-identity-title") }</h2>
                { match status {
                    IdentityStatus::ManualRequested => html! { <p class="notice" id="identity-manual-requested">{ t(l, "access-identity-manual-requested") }</p> },
                    IdentityStatus::ManualRefused => html! { <p class="alert" id="identity-refused">{ t(l, "access-identity-refused") }</p> },
                    _ if identity.attempts >= 2 => html! {
                        <>
                        <p class="alert" id="identity-not-verified">{ t1(l, "access-identity-failed-twice", "reference", identity.reference.clone().unwrap_or_default()) }</p>
                        <button type="button" class="primary" id="identity-manual" onclick={manual} disabled={s.busy}>{ t(l, "access-identity-ask-manual") }</button>
                        </>
                    },
                    _ => html! {
                        <form onsubmit={submit} novalidate=true>
                            if retry {
                                <p class="alert" id="identity-not-verified">{ t1(l, "access-identity-failed", "reference", identity.reference.clone().unwrap_or_default()) }</p>
                            }
                            <p class="intro">{ t(l, "access-identity-intro") }</p>
                            <Input id="id-first" label={t(l, "field-first_name")} value={i.first_name.clone()} error={err("first_name", "field")} oninput={text_cb(&st, |s, v| s.id_input.first_name = v)} />
                            <Input id="id-middle" label={t(l, "field-middle_name")} value={i.middle_name.clone().unwrap_or_default()} hint={Some(t(l, "access-identity-middle-hint"))} error={err("middle_name", "field")} oninput={text_cb(&st, |s, v| s.id_input.middle_name = Some(v).filter(|v| !v.is_empty()))} />
                            <Input id="id-last" label={t(l, "field-last_name")} value={i.last_name.clone()} error={err("last_name", "field")} oninput={text_cb(&st, |s, v| s.id_input.last_name = v)} />
                            <Input id="id-dob" label={t(l, "field-date_of_birth")} hint={Some(t(l, "field-date_of_birth-hint"))} value={i.date_of_birth.clone()} error={err("date_of_birth", "date_of_birth")} oninput={text_cb(&st, |s, v| s.id_input.date_of_birth = v)} />
                            <Input id="id-line1" label={t(l, "access-identity-address")} value={i.address.line1.clone()} error={err("address.line1", "field")} oninput={text_cb(&st, |s, v| s.id_input.address.line1 = v)} />
                            <Input id="id-city" label={t(l, "field-city")} value={i.address.city.clone()} error={err("address.city", "field")} oninput={text_cb(&st, |s, v| s.id_input.address.city = v)} />
                            { state_select(l, "id-state", &i.address.state, err("address.state", "field"), text_cb(&st, |s, v| s.id_input.address.state = v)) }
                            <Input id="id-zip" label={t(l, "field-zip")} value={i.address.zip.clone()} error={err("address.zip", "zip")} oninput={text_cb(&st, |s, v| s.id_input.address.zip = v)} />
                            { checkbox("id-terms", t(l, "access-identity-terms"), i.terms_accepted, err("terms_accepted", "field"), {
                                let st = st.clone();
                                Callback::from(move |c| { let mut s = (*st).clone(); s.id_input.terms_accepted = c; st.set(s); })
                            }) }
                            if retry {
                                { checkbox("id-confirm", t(l, "access-identity-confirm-contact"), i.confirmed_contact, err("confirmed_contact", "field"), {
                                    let st = st.clone();
                                    Callback::from(move |c| { let mut s = (*st).clone(); s.id_input.confirmed_contact = c; st.set(s); })
                                }) }
                            }
                            { alert(&s.alert) }
                            <div class="actions"><button type="submit" class="primary" id="identity-submit" disabled={s.busy}>{ t(l, "reg-next") }</button></div>
                        </form>
                    },
                } }
                </>
            }
        }
        Step::Organization => {
            let search = {
                let st = st.clone();
                let session = session.clone();
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let st = st.clone();
                    let session = session.clone();
                    let s = (*st).clone();
                    let path = format!(
                        "/organizations?name={}&state={}",
                        js_sys::encode_uri_component(&s.search_name),
                        js_sys::encode_uri_component(&s.search_state)
                    );
                    wasm_bindgen_futures::spawn_local(async move {
                        let r = api::call::<Vec<OrganizationSummary>>(l, "GET", &path, None).await;
                        let mut s = s;
                        match r {
                            Ok(v) => {
                                s.errors.clear();
                                s.org = None;
                                s.results = Some(v)
                            }
                            Err(e) => {
                                if !on_session_end(&session, &e) {
                                    (s.errors, s.alert) = e.for_form(l);
                                }
                            }
                        }
                        st.set(s);
                    });
                })
            };
            let create = {
                let st = st.clone();
                let post = post.clone();
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let mut s = (*st).clone();
                    s.errors = s.new_org.validate();
                    if !s.errors.is_empty() {
                        st.set(s);
                        return;
                    }
                    let body = serde_json::to_value(&s.new_org).unwrap_or_default();
                    post("/organizations".into(), body, |s, v| {
                        s.org = serde_json::from_value(v).ok();
                        s.step = Step::Review;
                    });
                })
            };
            let approver = s.role_info().is_some_and(|r| r.approver);
            let mode = |create: bool| {
                let st = st.clone();
                Callback::from(move |_| {
                    let mut s = (*st).clone();
                    s.create = create;
                    s.errors.clear();
                    st.set(s);
                })
            };
            let o = &s.new_org;
            html! {
                <>
                <h2>{ t(l, "access-org-title") }</h2>
                if approver {
                    <div class="choices">
                        <label class="radio" for="org-create"><input type="radio" id="org-create" name="org-mode" checked={s.create} onchange={mode(true)} />{ t(l, "access-org-create") }</label>
                        <label class="radio" for="org-associate"><input type="radio" id="org-associate" name="org-mode" checked={!s.create} onchange={mode(false)} />{ t(l, "access-org-associate") }</label>
                    </div>
                }
                if approver && s.create {
                    <form onsubmit={create} novalidate=true id="create-org">
                        <Input id="org-tin" label={t(l, "access-tin")} hint={Some(t(l, "access-tin-hint"))} value={o.tin.clone()} error={err("tin", "field")} inputmode={Some(AttrValue::Static("numeric"))} oninput={text_cb(&st, |s, v| s.new_org.tin = v)} />
                        <Input id="org-name" label={t(l, "access-legal-name")} value={o.legal_name.clone()} error={err("legal_name", "field")} oninput={text_cb(&st, |s, v| s.new_org.legal_name = v)} />
                        <Input id="org-line1" label={t(l, "access-org-address")} value={o.address.line1.clone()} error={err("address.line1", "field")} oninput={text_cb(&st, |s, v| s.new_org.address.line1 = v)} />
                        <Input id="org-city" label={t(l, "field-city")} value={o.address.city.clone()} error={err("address.city", "field")} oninput={text_cb(&st, |s, v| s.new_org.address.city = v)} />
                        { state_select(l, "org-state", &o.address.state, err("address.state", "field"), text_cb(&st, |s, v| s.new_org.address.state = v)) }
                        <Input id="org-zip" label={t(l, "field-zip")} value={o.address.zip.clone()} error={err("address.zip", "zip")} oninput={text_cb(&st, |s, v| s.new_org.address.zip = v)} />
                        <Input id="org-phone" label={t(l, "access-company-phone")} kind="tel" value={o.phone.clone()} error={err("phone", "phone")} oninput={text_cb(&st, |s, v| s.new_org.phone = v)} />
                        <Input id="org-submitter" label={t(l, "access-submitter-id")} hint={Some(t(l, "access-submitter-id-hint"))} value={o.submitter_id.clone()} error={err("submitter_id", "field")} oninput={text_cb(&st, |s, v| s.new_org.submitter_id = v)} />
                        { alert(&s.alert) }
                        <div class="actions"><button type="submit" class="primary" id="create-org-submit" disabled={s.busy}>{ t(l, "access-org-create-submit") }</button></div>
                    </form>
                } else {
                    <form onsubmit={search} novalidate=true id="org-search">
                        <p class="intro">{ t(l, "access-org-search-intro") }</p>
                        <Input id="search-name" label={t(l, "access-legal-name")} value={s.search_name.clone()} error={err("name", "field")} oninput={text_cb(&st, |s, v| s.search_name = v)} />
                        { state_select(l, "search-state", &s.search_state, err("state", "field"), text_cb(&st, |s, v| s.search_state = v)) }
                        <div class="actions"><button type="submit" class="secondary" id="search-submit">{ t(l, "access-search") }</button></div>
                    </form>
                    { match &s.results {
                        None => html! {},
                        Some(v) if v.is_empty() => html! { <p class="notice" id="org-not-found">{ t(l, "access-org-not-found") }</p> },
                        Some(v) => html! {
                            <fieldset class="choices" id="org-results">
                                <legend>{ t(l, "access-org-results") }</legend>
                                { for v.iter().map(|o| {
                                    let st = st.clone();
                                    let org = o.clone();
                                    let id = format!("org-{}", o.id);
                                    html! {
                                        <label class="radio" for={id.clone()}>
                                            <input type="radio" name="org" id={id} checked={s.org.as_ref().is_some_and(|x| x.id == o.id)}
                                                onchange={Callback::from(move |_| { let mut s = (*st).clone(); s.org = Some(org.clone()); st.set(s); })} />
                                            { org_line(o) }
                                        </label>
                                    }
                                }) }
                            </fieldset>
                        },
                    } }
                    <div class="actions">
                        <button type="button" class="primary" id="org-next" disabled={s.org.is_none()} onclick={go(Step::Review)}>{ t(l, "access-review") }</button>
                    </div>
                }
                </>
            }
        }
        Step::Review => {
            let submit = {
                let st = st.clone();
                let post = post.clone();
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let mut s = (*st).clone();
                    let input = RoleRequestInput {
                        application: s.app.as_ref().map(|a| a.id.clone()).unwrap_or_default(),
                        role: s.role.clone(),
                        organization_id: s.org.as_ref().map(|o| o.id.clone()).unwrap_or_default(),
                        reason: s.reason.clone(),
                    };
                    s.errors = input.validate();
                    if !s.errors.is_empty() {
                        st.set(s);
                        return;
                    }
                    let body = serde_json::to_value(&input).unwrap_or_default();
                    post("/role-requests".into(), body, |s, v| {
                        if let Ok(r) = serde_json::from_value(v) {
                            s.step = Step::Done(Box::new(r));
                        }
                    });
                })
            };
            let role_name = s.role_info().map(|r| r.name.clone()).unwrap_or_default();
            html! {
                <form onsubmit={submit} novalidate=true>
                    <h2>{ t(l, "access-review-title") }</h2>
                    <dl class="card facts" id="review">
                        <dt>{ t(l, "access-application") }</dt><dd>{ s.app.as_ref().map(|a| a.name.clone()).unwrap_or_default() }</dd>
                        <dt>{ t(l, "access-role") }</dt><dd>{ role_name }</dd>
                        <dt>{ t(l, "access-organization") }</dt><dd>{ s.org.as_ref().map(org_line).unwrap_or_default() }</dd>
                    </dl>
                    <div class={classes!("field", s.errors.contains_key("reason").then_some("has-error"))}>
                        <label for="reason">{ t(l, "access-reason") }</label>
                        <textarea id="reason" rows="3" maxlength="500" value={s.reason.clone()}
                            oninput={{
                                let st = st.clone();
                                Callback::from(move |e: InputEvent| {
                                    let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                                    let mut s = (*st).clone();
                                    s.reason = el.value();
                                    s.errors.remove("reason");
                                    st.set(s);
                                })
                            }} />
                        if let Some(e) = err("reason", "field") { <p class="error">{ e }</p> }
                    </div>
                    { alert(&s.alert) }
                    <div class="actions"><button type="submit" class="primary" id="submit-request" disabled={s.busy}>{ t(l, "access-submit-request") }</button></div>
                </form>
            }
        }
        Step::Done(r) => html! {
            <div class="success" role="status" id="request-submitted">
                <h2>{ t(l, "access-submitted-title") }</h2>
                <p>{ t1(l, "access-submitted-body", "reference", r.id.clone()) }</p>
                <p><Link<Route> to={Route::MyRoles}>{ t(l, "access-my-roles-title") }</Link<Route>></p>
            </div>
        },
    };
    html! {
        <section class="page narrow">
            <h1 id="role-request-heading">{ t(l, "access-request-role") }</h1>
            { body }
        </section>
    }
}

// ---------------------------------------------------------------- decisions

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
                    let input = DecisionInput {
                        decision: if approve { "approve" } else { "deny" }.into(),
                        reason: (*reason).clone(),
                    };
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
                    <p>{ t(l, if approve { "access-confirm-approve" } else { "access-confirm-deny" }) }</p>
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
                            { t(l, if approve { "access-confirm-approve-button" } else { "access-confirm-deny-button" }) }
                        </button>
                        <button type="button" class="secondary" id={format!("cancel-{id}")} onclick={pick(None)}>{ t(l, "devices-cancel") }</button>
                    </div>
                </div>
            }
        }
    }
}

/// Sends a decision and reloads; errors land in `alert`.
fn decide(
    l: Locale,
    path: String,
    reload: UseStateHandle<u32>,
    alert: UseStateHandle<Option<String>>,
) -> Callback<(bool, String)> {
    Callback::from(move |(approve, reason): (bool, String)| {
        let (path, reload, alert) = (path.clone(), reload.clone(), alert.clone());
        let body = json!({"decision": if approve { "approve" } else { "deny" }, "reason": reason});
        wasm_bindgen_futures::spawn_local(async move {
            match api::call::<serde_json::Value>(l, "POST", &path, Some(&body)).await {
                Ok(_) => alert.set(None),
                Err(e) => alert.set(Some(e.message(l))),
            }
            reload.set(*reload + 1);
        });
    })
}

fn request_card(l: Locale, r: &RoleRequestView, actions: Html) -> Html {
    html! {
        <li class="card request" key={r.id.clone()} id={format!("request-{}", r.id)}>
            <p><strong>{ &r.requester.name }</strong>{ " · " }{ &r.requester.user_id }</p>
            <p>{ &r.requester.email }</p>
            <p><strong>{ &r.role_name }</strong>{ " · " }{ &r.organization.legal_name }</p>
            <p><small>{ fmt_time(r.created_at) }</small></p>
            <p class="reason">{ t1(l, "access-request-reason", "reason", r.reason.clone()) }</p>
            { actions }
        </li>
    }
}

// ---------------------------------------------------------------- approver dashboard

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
    let pending = use_fetch::<Vec<RoleRequestView>>("/approvals".into(), *reload);
    let members = use_fetch::<Vec<MemberView>>("/approvals/members".into(), *reload);
    let mine = use_fetch::<MyAccess>("/me/roles".into(), *reload);
    let alert_msg = use_state(|| None::<String>);
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
    let pending_html = match &*pending {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(v)) if v.is_empty() => {
            html! { <p id="no-pending">{ t(l, "access-no-pending") }</p> }
        }
        Some(Ok(v)) => html! {
            <ul class="devices" id="pending-requests">
                { for v.iter().map(|r| request_card(l, r, html! {
                    <DecisionBox id={r.id.clone()} on_decide={decide(l, format!("/role-requests/{}/decision", r.id), reload.clone(), alert_msg.clone())} />
                })) }
            </ul>
        },
    };
    let members_html = match &*members {
        Some(Ok(v)) => html! {
            <ul class="devices" id="members">
                { for v.iter().map(|m| {
                    let is_approver = m.grants.iter().any(|g| g.approver);
                    html! {
                        <li class="card" key={m.person.user_id.clone()} data-user={m.person.user_id.clone()}>
                            <p><strong>{ &m.person.name }</strong>{ " · " }{ &m.person.user_id }</p>
                            { for m.grants.iter().map(|g| html! { <p>{ &g.role_name }{ " · " }{ &g.organization.legal_name }</p> }) }
                            if !is_approver {
                                { for m.grants.first().map(|g| {
                                    let path = format!("/approvals/members/{}/{}", g.organization.id, m.person.user_id);
                                    let (reload, alert_msg) = (reload.clone(), alert_msg.clone());
                                    let id = m.person.user_id.replace('.', "-");
                                    html! {
                                        <button type="button" class="danger" id={format!("remove-{id}")} onclick={Callback::from(move |_| {
                                            let confirmed = web_sys::window()
                                                .and_then(|w| w.confirm_with_message(&t(l, "access-remove-confirm")).ok())
                                                .unwrap_or(false);
                                            if !confirmed { return; }
                                            let (path, reload, alert_msg) = (path.clone(), reload.clone(), alert_msg.clone());
                                            wasm_bindgen_futures::spawn_local(async move {
                                                if let Err(e) = api::call::<()>(l, "DELETE", &path, None).await {
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
                }) }
            </ul>
        },
        _ => html! {},
    };
    let h = (*ho).clone();
    let send_handover = {
        let ho = ho.clone();
        let my_orgs = my_orgs.clone();
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
                let body = serde_json::to_value(&input).unwrap_or_default();
                let mut h = h;
                match api::call::<serde_json::Value>(l, "POST", "/handovers", Some(&body)).await {
                    Ok(_) => h.done = true,
                    Err(e) => h.errors = e.fields(),
                }
                ho.set(h);
            });
        })
    };
    html! {
        <section class="page narrow">
            <h1 id="approvals-heading">{ t(l, "access-approvals") }</h1>
            { alert(&alert_msg) }
            <h2>{ t(l, "access-pending") }</h2>
            { pending_html }
            <h2>{ t(l, "access-members") }</h2>
            { members_html }
            if !my_orgs.is_empty() {
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
                            <Input id="handover-user" label={t(l, "access-handover-new")} value={h.user_id.clone()} error={field_error(l, &h.errors, "new_approver_user_id", "field")} oninput={text_cb(&ho, |h, v| h.user_id = v)} />
                            <Input id="handover-reason" label={t(l, "access-reason")} value={h.reason.clone()} error={field_error(l, &h.errors, "reason", "field")} oninput={text_cb(&ho, |h, v| h.reason = v)} />
                            <div class="actions"><button type="submit" class="secondary" id="handover-submit">{ t(l, "access-handover-submit") }</button></div>
                        </form>
                    }
                </details>
            }
        </section>
    }
}

// ---------------------------------------------------------------- help desk

#[function_component(HelpDesk)]
pub fn help_desk() -> Html {
    let l = use_locale();
    let session = use_session();
    let reload = use_state(|| 0u32);
    let forms = use_fetch::<Vec<FormView>>("/admin/organization-forms".into(), *reload);
    let roles = use_fetch::<Vec<RoleRequestView>>("/admin/role-requests".into(), *reload);
    let idc = use_fetch::<Vec<IdentityCase>>("/admin/identity-cases".into(), *reload);
    let hos = use_fetch::<Vec<HandoverView>>("/admin/handovers".into(), *reload);
    let alert_msg = use_state(|| None::<String>);
    let q = use_state(String::new);
    let found = use_state(|| None::<Vec<AccountSummary>>);
    let trail = use_state(|| None::<AdminAccount>);
    if let Err(h) = guard(&session) {
        return h;
    }
    if let Some(Err(e)) = &*forms {
        return html! { <section class="page">{ alert(&Some(e.message(l))) }</section> };
    }
    let list = |items: Option<Vec<Html>>, id: &'static str| match items {
        None => loading(),
        Some(v) if v.is_empty() => html! { <p>{ t(l, "access-queue-empty") }</p> },
        Some(v) => html! { <ul class="devices" {id}>{ for v }</ul> },
    };
    let forms_html = list(
        forms.as_ref().and_then(|r| r.as_ref().ok()).map(|v| {
            v.iter()
                .map(|f| html! {
                    <li class="card" key={f.id.clone()} id={format!("form-{}", f.id)}>
                        <p><strong>{ &f.legal_name }</strong>{ " · TIN " }{ &f.tin }</p>
                        <p>{ t(l, "access-form-official") }{ ": " }{ &f.official_name }{ ", " }{ &f.official_title }{ " · " }{ &f.official_email }</p>
                        <p>{ t(l, "access-form-approver") }{ ": " }{ &f.approver_name }{ " · " }{ &f.approver_email }</p>
                        <p><small>{ &f.id }{ " · " }{ t(l, "access-form-signed") }{ " " }{ &f.signature }{ ", " }{ &f.signed_on }</small></p>
                        <DecisionBox id={f.id.clone()} deny_key="access-reject" on_decide={decide(l, format!("/admin/organization-forms/{}/decision", f.id), reload.clone(), alert_msg.clone())} />
                    </li>
                })
                .collect()
        }),
        "form-queue",
    );
    let roles_html = list(
        roles.as_ref().and_then(|r| r.as_ref().ok()).map(|v| {
            v.iter()
                .map(|r| request_card(l, r, html! {
                    <DecisionBox id={r.id.clone()} on_decide={decide(l, format!("/role-requests/{}/decision", r.id), reload.clone(), alert_msg.clone())} />
                }))
                .collect()
        }),
        "role-queue",
    );
    let id_html = list(
        idc.as_ref().and_then(|r| r.as_ref().ok()).map(|v| {
            v.iter()
                .map(|c| html! {
                    <li class="card" key={c.person.user_id.clone()}>
                        <p><strong>{ &c.person.name }</strong>{ " · " }{ &c.person.user_id }</p>
                        <p>{ c.reference.clone().unwrap_or_default() }{ " · " }{ fmt_time(c.requested_at) }</p>
                        <DecisionBox id={c.person.user_id.replace('.', "-")} deny_key="access-refuse" on_decide={decide(l, format!("/admin/identity-cases/{}/decision", c.person.user_id), reload.clone(), alert_msg.clone())} />
                    </li>
                })
                .collect()
        }),
        "identity-queue",
    );
    let ho_html = list(
        hos.as_ref().and_then(|r| r.as_ref().ok()).map(|v| {
            v.iter()
                .map(|h| html! {
                    <li class="card" key={h.id.clone()}>
                        <p><strong>{ &h.organization.legal_name }</strong></p>
                        <p>{ &h.from.name }{ " → " }{ &h.to.name }{ " (" }{ &h.to.user_id }{ ")" }</p>
                        <p class="reason">{ &h.reason }</p>
                        <DecisionBox id={h.id.clone()} on_decide={decide(l, format!("/admin/handovers/{}/decision", h.id), reload.clone(), alert_msg.clone())} />
                    </li>
                })
                .collect()
        }),
        "handover-queue",
    );
    let search = {
        let (q, found, alert_msg) = (q.clone(), found.clone(), alert_msg.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (q, found, alert_msg) = (q.clone(), found.clone(), alert_msg.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let path = format!("/admin/accounts?q={}", js_sys::encode_uri_component(&q));
                match api::call::<Vec<AccountSummary>>(l, "GET", &path, None).await {
                    Ok(v) => found.set(Some(v)),
                    Err(e) => alert_msg.set(Some(e.message(l))),
                }
            });
        })
    };
    let unlock = |user_id: String| {
        let (found, alert_msg) = (found.clone(), alert_msg.clone());
        Callback::from(move |_| {
            let (found, alert_msg, user_id) = (found.clone(), alert_msg.clone(), user_id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let path = format!("/admin/accounts/{user_id}/unlock");
                match api::call::<AccountSummary>(l, "POST", &path, Some(&json!({}))).await {
                    Ok(a) => {
                        let mut v = (*found).clone().unwrap_or_default();
                        for x in v.iter_mut() {
                            if x.person.user_id == a.person.user_id {
                                *x = a.clone();
                            }
                        }
                        found.set(Some(v));
                    }
                    Err(e) => alert_msg.set(Some(e.message(l))),
                }
            });
        })
    };
    let show_trail = |user_id: String| {
        let (trail, alert_msg) = (trail.clone(), alert_msg.clone());
        Callback::from(move |_| {
            let (trail, alert_msg, user_id) = (trail.clone(), alert_msg.clone(), user_id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let path = format!("/admin/accounts/{user_id}");
                match api::call::<AdminAccount>(l, "GET", &path, None).await {
                    Ok(a) => trail.set(Some(a)),
                    Err(e) => alert_msg.set(Some(e.message(l))),
                }
            });
        })
    };
    html! {
        <section class="page">
            <h1 id="help-desk-heading">{ t(l, "access-help-desk") }</h1>
            { alert(&alert_msg) }
            <h2>{ t(l, "access-queue-forms") }</h2>{ forms_html }
            <h2>{ t(l, "access-queue-roles") }</h2>{ roles_html }
            <h2>{ t(l, "access-queue-identity") }</h2>{ id_html }
            <h2>{ t(l, "access-queue-handovers") }</h2>{ ho_html }
            <h2>{ t(l, "access-accounts") }</h2>
            <form onsubmit={search} novalidate=true>
                <Input id="account-q" label={t(l, "access-accounts-search")} value={(*q).clone()} oninput={{ let q = q.clone(); Callback::from(move |v| q.set(v)) }} />
                <div class="actions"><button type="submit" class="secondary" id="account-search">{ t(l, "access-search") }</button></div>
            </form>
            if let Some(v) = &*found {
                <ul class="devices" id="accounts">
                    { for v.iter().map(|a| html! {
                        <li class="card">
                            <p><strong>{ &a.person.name }</strong>{ " · " }{ &a.person.user_id }{ " · " }{ &a.person.email }</p>
                            <p>{ t(l, &format!("access-account-{}", a.status)) }</p>
                            { for a.grants.iter().map(|g| html! { <p>{ &g.role_name }{ " · " }{ &g.organization.legal_name }</p> }) }
                            <div class="actions">
                                <button type="button" class="secondary" onclick={show_trail(a.person.user_id.clone())}>{ t(l, "profile-activity") }</button>
                                if a.status == "locked" {
                                    <button type="button" class="secondary" onclick={unlock(a.person.user_id.clone())}>{ t(l, "access-unlock") }</button>
                                }
                            </div>
                            if let Some(tr) = trail.as_ref().filter(|tr| tr.account.person.user_id == a.person.user_id) {
                                <ul class="activity" id="account-activity">
                                    { for tr.activity.iter().map(|e| html! {
                                        <li data-event={e.event.clone()}>
                                            <time>{ fmt_time(e.at) }</time>{ " " }
                                            <span>{ t(l, &format!("activity-{}", e.event)) }</span>
                                            if let Some(d) = &e.detail { <small>{ " · " }{ d }</small> }
                                        </li>
                                    }) }
                                </ul>
                            }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

// ---------------------------------------------------------------- new organisation form

#[derive(Clone, PartialEq, Default)]
struct FormState {
    input: OrganizationFormInput,
    errors: FieldErrors,
    alert: Option<String>,
    reference: Option<String>,
    busy: bool,
}

#[function_component(OrganizationFormPage)]
pub fn organization_form_page() -> Html {
    let l = use_locale();
    let st = use_state(FormState::default);
    let s = (*st).clone();
    let err = |f: &str| {
        let kind = if f == "signed_on" {
            "signed_on"
        } else {
            "field"
        };
        field_error(l, &s.errors, f, kind)
    };
    let set = |f: fn(&mut OrganizationFormInput, String)| {
        let st = st.clone();
        Callback::from(move |v: String| {
            let mut s = (*st).clone();
            f(&mut s.input, v);
            // Live: a field already marked re-checks as the user types.
            let now = s.input.validate(today());
            s.errors.retain(|k, _| now.contains_key(k));
            st.set(s);
        })
    };
    let submit = {
        let st = st.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut s = (*st).clone();
            s.errors = s.input.validate(today());
            if !s.errors.is_empty() {
                s.alert = Some(t(l, "error-validation_failed"));
                st.set(s);
                return;
            }
            s.busy = true;
            st.set(s.clone());
            let st = st.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let body = serde_json::to_value(&s.input).unwrap_or_default();
                let mut s = s;
                s.busy = false;
                match api::call::<FormReceipt>(l, "POST", "/organization-forms", Some(&body)).await
                {
                    Ok(r) => s.reference = Some(r.reference),
                    Err(e) => (s.errors, s.alert) = e.for_form(l),
                }
                st.set(s);
            });
        })
    };
    let i = &s.input;
    html! {
        <section class="page narrow">
            <h1 id="org-form-heading">{ t(l, "access-org-form-title") }</h1>
            if let Some(r) = &s.reference {
                <div class="success" role="status" id="org-form-sent">
                    <p>{ t1(l, "access-org-form-sent", "reference", r.clone()) }</p>
                </div>
            } else {
                <p class="intro">{ t(l, "access-org-form-intro") }</p>
                <form onsubmit={submit} novalidate=true>
                    <Input id="f-legal" label={t(l, "access-legal-name")} value={i.legal_name.clone()} error={err("legal_name")} oninput={set(|i, v| i.legal_name = v)} />
                    <Input id="f-tin" label={t(l, "access-tin")} hint={Some(t(l, "access-tin-hint"))} value={i.tin.clone()} error={err("tin")} oninput={set(|i, v| i.tin = v)} />
                    <Input id="f-official" label={t(l, "access-form-official-name")} value={i.official_name.clone()} error={err("official_name")} oninput={set(|i, v| i.official_name = v)} />
                    <Input id="f-title" label={t(l, "access-form-official-title")} value={i.official_title.clone()} error={err("official_title")} oninput={set(|i, v| i.official_title = v)} />
                    <Input id="f-official-email" kind="email" label={t(l, "access-form-official-email")} value={i.official_email.clone()} error={err("official_email")} oninput={set(|i, v| i.official_email = v)} />
                    <Input id="f-approver" label={t(l, "access-form-approver-name")} value={i.approver_name.clone()} error={err("approver_name")} oninput={set(|i, v| i.approver_name = v)} />
                    <Input id="f-approver-email" kind="email" label={t(l, "access-form-approver-email")} value={i.approver_email.clone()} error={err("approver_email")} oninput={set(|i, v| i.approver_email = v)} />
                    <Input id="f-signature" label={t(l, "access-form-signature")} hint={Some(t(l, "access-form-signature-hint"))} value={i.signature.clone()} error={err("signature")} oninput={set(|i, v| i.signature = v)} />
                    <Input id="f-signed-on" label={t(l, "access-form-signed-on")} hint={Some(t(l, "field-date_of_birth-hint"))} value={i.signed_on.clone()} error={err("signed_on")} oninput={set(|i, v| i.signed_on = v)} />
                    { alert(&s.alert) }
                    <div class="actions"><button type="submit" class="primary" id="org-form-submit" disabled={s.busy}>{ t(l, "access-org-form-submit") }</button></div>
                </form>
            }
        </section>
    }
}

// ---------------------------------------------------------------- account setup

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
    let token = use_memo((), |_| crate::pages::account_help::token_from_url());
    let info = use_fetch::<SetupInfo>(format!("/account-setups/{token}"), 0);
    let questions = use_fetch::<Vec<shared::api::security_question::SecurityQuestion>>(
        "/security-questions".into(),
        0,
    );
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
            let path = format!("/account-setups/{token}");
            wasm_bindgen_futures::spawn_local(async move {
                let body = serde_json::to_value(&s.input).unwrap_or_default();
                let mut s = s;
                match api::call::<()>(l, "POST", &path, Some(&body)).await {
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
                    <p><Link<Route> to={Route::Login}>{ t(l, "nav-login") }</Link<Route>></p>
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
