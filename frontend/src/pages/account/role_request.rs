//! The role request: application, role, identity proofing, organisation, review
//! (approver instructions steps 8-16 and the end-user request steps 2-6).
use crate::api::{self, CallError};
use crate::components::form::{alert, checkbox, loading, state_select, text_cb};
use crate::components::help_desk::HelpDeskLine;
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::{guard, on_session_end, use_session};
use crate::format::{org_line, today};
use crate::hooks::use_fetch;
use crate::i18n::{field_error, t, t1};
use crate::route::{Link, Route};
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

/// The requests this page sends, each to its own endpoint.
enum Call {
    Identity(IdentityInput),
    ManualVerification,
    CreateOrganization(NewOrganization),
    Request(RoleRequestInput),
}

/// Their answers.
enum Reply {
    Identity(IdentityView),
    Organization(OrganizationSummary),
    Request(Box<RoleRequestView>),
}

impl Call {
    async fn send(self, l: Locale) -> Result<Reply, CallError> {
        Ok(match self {
            Call::Identity(b) => Reply::Identity(api::access::verify_identity(l, &b).await?),
            Call::ManualVerification => {
                Reply::Identity(api::access::request_manual_verification(l).await?)
            }
            Call::CreateOrganization(b) => {
                Reply::Organization(api::access::create_organization(l, &b).await?)
            }
            Call::Request(b) => Reply::Request(Box::new(api::access::request_role(l, &b).await?)),
        })
    }
}

#[function_component(RoleRequestPage)]
pub fn role_request_page() -> Html {
    let l = use_locale();
    let session = use_session();
    let apps = use_fetch(0, api::access::applications);
    let access = use_fetch(0, api::access::my_roles);
    let st = use_state(Req::default);
    // `?application=<id>` (from an application's sign-in with no role): preselected.
    {
        let (st, apps) = (st.clone(), apps.clone());
        let loaded = matches!(&*apps, Some(Ok(_)));
        use_effect_with(loaded, move |loaded| {
            if let (true, Some(Ok(list)), Some(id)) =
                (*loaded, &*apps, crate::route::query_param("application"))
            {
                if let Some(a) = list.iter().find(|a| a.id == id) {
                    if st.app_text.is_empty() {
                        let mut s = (*st).clone();
                        s.app_text = a.name.clone();
                        st.set(s);
                    }
                }
            }
        });
    }
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
    // Sends `call`; `done` applies the answer.
    let post = {
        let st = st.clone();
        let session = session.clone();
        move |call: Call, done: fn(&mut Req, Reply)| {
            let st = st.clone();
            let session = session.clone();
            let mut s = (*st).clone();
            s.busy = true;
            s.alert = None;
            st.set(s.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let r = call.send(l).await;
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
            // Typing "SPOT", or any unambiguous start of a name, is an answer.
            let picked = shared::search::pick_application(&s.app_text, apps);
            let chosen = picked.ok().cloned();
            let pick_error = picked.err();
            let next = {
                let st = st.clone();
                let identity = identity.clone();
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let mut s = (*st).clone();
                    s.errors.clear();
                    if let Some(code) = pick_error {
                        s.errors.insert("application".into(), vec![code.into()]);
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
            let app_now = picked.ok();
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
                        <p><Link to={Route::RoleDescriptions}>{ t(l, "access-descriptions-link") }</Link></p>
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
                    post(Call::Identity(s.id_input.clone()), |s, v| {
                        if let Reply::Identity(iv) = v {
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
                    post(Call::ManualVerification, |s, v| {
                        if let Reply::Identity(iv) = v {
                            s.identity = Some(iv);
                        }
                    })
                })
            };
            let status = identity.status;
            html! {
                <>
                <h2>{ t(l, "access-identity-title") }</h2>
                { match status {
                    IdentityStatus::ManualRequested => html! { <p class="notice" id="identity-manual-requested">{ t(l, "access-identity-manual-requested") }</p> },
                    IdentityStatus::ManualRefused => html! { <><p class="alert" id="identity-refused">{ t(l, "access-identity-refused") }</p><HelpDeskLine /></> },
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
                    wasm_bindgen_futures::spawn_local(async move {
                        let r =
                            api::access::search_organizations(l, &s.search_name, &s.search_state)
                                .await;
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
                    post(Call::CreateOrganization(s.new_org.clone()), |s, v| {
                        if let Reply::Organization(o) = v {
                            s.org = Some(o);
                            s.step = Step::Review;
                        }
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
                                            { org_line(l, o) }
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
                    post(Call::Request(input), |s, v| {
                        if let Reply::Request(r) = v {
                            s.step = Step::Done(r);
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
                        <dt>{ t(l, "access-organization") }</dt><dd>{ s.org.as_ref().map(|o| org_line(l, o)).unwrap_or_default() }</dd>
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
