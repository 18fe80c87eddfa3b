//! The organisation of a role request: an end user finds theirs by legal name and
//! state; someone asking for an approver role may instead register a new one (its TIN,
//! legal name, address, phone and submitter ID).
use crate::api;
use crate::components::form::{alert, state_select};
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::{on_session_end, use_session, SessionCtx};
use crate::format::org_line;
use crate::hooks::form::{edit, submitter, use_form, Form};
use crate::i18n::{field_error, t};
use shared::api::access::{NewOrganization, OrganizationSummary};
use shared::api::error::FieldErrors;
use shared::i18n::Locale;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct Props {
    /// The role is an approver's: registering a new organisation is offered (and
    /// chosen first).
    pub approver: bool,
    pub on_chosen: Callback<OrganizationSummary>,
}

/// The search's state: what was typed, what came back, which one is picked.
#[derive(Clone, Default, PartialEq)]
struct Search {
    name: String,
    state: String,
    results: Option<Vec<OrganizationSummary>>,
    picked: Option<OrganizationSummary>,
    errors: FieldErrors,
    alert: Option<String>,
}

#[function_component(OrganizationStep)]
pub(super) fn organization_step(p: &Props) -> Html {
    let l = use_locale();
    let session = use_session();
    let approver = p.approver;
    let create = use_state(move || approver);
    let form = use_form(NewOrganization::default);
    let search = use_state(Search::default);
    let mode = |to: bool| {
        let create = create.clone();
        Callback::from(move |_| create.set(to))
    };
    html! {
        <>
        <h2>{ t(l, "access-org-title") }</h2>
        if approver {
            <div class="choices">
                <label class="radio" for="org-create"><input type="radio" id="org-create" name="org-mode" checked={*create} onchange={mode(true)} />{ t(l, "access-org-create") }</label>
                <label class="radio" for="org-associate"><input type="radio" id="org-associate" name="org-mode" checked={!*create} onchange={mode(false)} />{ t(l, "access-org-associate") }</label>
            </div>
        }
        if approver && *create {
            { create_organization(l, &form, &session, &p.on_chosen) }
        } else {
            { find_organization(l, &search, &session, &p.on_chosen) }
        }
        </>
    }
}

/// A new organisation, registered when sent (the help desk vets it later).
fn create_organization(
    l: Locale,
    form: &UseStateHandle<Form<NewOrganization>>,
    session: &SessionCtx,
    on_chosen: &Callback<OrganizationSummary>,
) -> Html {
    let f = (**form).clone();
    let live = f.req.validate();
    let err = |field: &str, kind: &str| f.message(l, &live, field, kind);
    let submit = {
        let on_chosen = on_chosen.clone();
        submitter(
            form,
            session,
            l,
            NewOrganization::validate,
            move |o| async move { api::access::create_organization(l, &o).await },
            move |o: OrganizationSummary, _| on_chosen.emit(o),
        )
    };
    let o = &f.req;
    html! {
        <form onsubmit={submit} novalidate=true id="create-org">
            <crate::components::error_summary::FormErrorSummary form_id="create-org" attempt={f.attempts} />
            <Input id="org-tin" label={t(l, "access-tin")} hint={Some(t(l, "access-tin-hint"))} value={o.tin.clone()} error={err("tin", "field")} inputmode={Some(AttrValue::Static("numeric"))} oninput={edit(form, "tin", |r, v| r.tin = v)} />
            <Input id="org-name" label={t(l, "access-legal-name")} value={o.legal_name.clone()} error={err("legal_name", "field")} oninput={edit(form, "legal_name", |r, v| r.legal_name = v)} />
            <Input id="org-line1" label={t(l, "access-org-address")} value={o.address.line1.clone()} error={err("address.line1", "field")} oninput={edit(form, "address.line1", |r, v| r.address.line1 = v)} />
            <Input id="org-city" label={t(l, "field-city")} value={o.address.city.clone()} error={err("address.city", "field")} oninput={edit(form, "address.city", |r, v| r.address.city = v)} />
            { state_select(l, "org-state", &o.address.state, err("address.state", "field"), edit(form, "address.state", |r, v| r.address.state = v)) }
            <Input id="org-zip" label={t(l, "field-zip")} value={o.address.zip.clone()} error={err("address.zip", "zip")} oninput={edit(form, "address.zip", |r, v| r.address.zip = v)} />
            <Input id="org-phone" label={t(l, "access-company-phone")} kind="tel" value={o.phone.clone()} error={err("phone", "phone")} oninput={edit(form, "phone", |r, v| r.phone = v)} />
            <Input id="org-submitter" label={t(l, "access-submitter-id")} hint={Some(t(l, "access-submitter-id-hint"))} value={o.submitter_id.clone()} error={err("submitter_id", "field")} oninput={edit(form, "submitter_id", |r, v| r.submitter_id = v)} />
            { alert(&f.alert) }
            <div class="actions"><button type="submit" class="primary" id="create-org-submit" disabled={f.busy}>{ t(l, "access-org-create-submit") }</button></div>
        </form>
    }
}

/// An existing organisation, found by legal name and state and picked from the list.
fn find_organization(
    l: Locale,
    st: &UseStateHandle<Search>,
    session: &SessionCtx,
    on_chosen: &Callback<OrganizationSummary>,
) -> Html {
    let s = (*st).clone();
    let search = {
        let (st, session) = (st.clone(), session.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (st, session) = (st.clone(), session.clone());
            let mut s = (*st).clone();
            wasm_bindgen_futures::spawn_local(async move {
                match api::access::search_organizations(l, &s.name, &s.state).await {
                    Ok(v) => {
                        (s.errors, s.alert) = Default::default();
                        s.picked = None;
                        s.results = Some(v);
                    }
                    Err(e) if on_session_end(&session, &e) => return,
                    Err(e) => (s.errors, s.alert) = e.for_form(l),
                }
                st.set(s);
            });
        })
    };
    let typed = |f: fn(&mut Search, String)| {
        let st = st.clone();
        Callback::from(move |v: String| {
            let mut s = (*st).clone();
            f(&mut s, v);
            st.set(s);
        })
    };
    let err = |field: &str| field_error(l, &s.errors, field, "field");
    let next = {
        let (picked, on_chosen) = (s.picked.clone(), on_chosen.clone());
        Callback::from(move |_| {
            if let Some(o) = &picked {
                on_chosen.emit(o.clone());
            }
        })
    };
    html! {
        <>
        <form onsubmit={search} novalidate=true id="org-search">
            <p class="intro">{ t(l, "access-org-search-intro") }</p>
            <Input id="search-name" label={t(l, "access-legal-name")} value={s.name.clone()} error={err("name")} oninput={typed(|s, v| s.name = v)} />
            { state_select(l, "search-state", &s.state, err("state"), typed(|s, v| s.state = v)) }
            { alert(&s.alert) }
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
                                <input type="radio" name="org" id={id} checked={s.picked.as_ref().is_some_and(|x| x.id == o.id)}
                                    onchange={Callback::from(move |_| { let mut s = (*st).clone(); s.picked = Some(org.clone()); st.set(s); })} />
                                { org_line(l, o) }
                            </label>
                        }
                    }) }
                </fieldset>
            },
        } }
        <div class="actions">
            <button type="button" class="primary" id="org-next" disabled={s.picked.is_none()} onclick={next}>{ t(l, "access-review") }</button>
        </div>
        </>
    }
}
