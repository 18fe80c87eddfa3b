//! Identity proofing inside a role request: the person's legal name, date of birth and
//! address, checked by the proofing service; after a second failure, a request for the
//! help desk to verify by hand.
use crate::api;
use crate::components::form::{alert, checkbox, state_select};
use crate::components::help_desk::HelpDeskLine;
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::{on_session_end, use_session};
use crate::format::today;
use crate::hooks::form::{edit, submitter, use_form, Form};
use crate::i18n::{t, t1};
use shared::api::access::{IdentityInput, IdentityStatus, IdentityView};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct Props {
    /// The latest answer (or the person's record before any).
    pub identity: IdentityView,
    /// Each answer of the service or of the request for a manual check.
    pub on_answer: Callback<IdentityView>,
}

#[function_component(IdentityStep)]
pub(super) fn identity_step(p: &Props) -> Html {
    let l = use_locale();
    let session = use_session();
    let form = use_form(IdentityInput::default);
    let identity = &p.identity;
    // After a failed check the person also confirms the contact details.
    let retry = identity.attempts > 0;
    let f = (*form).clone();
    let live = f.req.validate(today(), retry);
    let err = |field: &str, kind: &str| f.message(l, &live, field, kind);
    let submit = {
        let (st, on_answer) = (form.clone(), p.on_answer.clone());
        submitter(
            &form,
            &session,
            l,
            move |i: &IdentityInput| i.validate(today(), retry),
            move |i| async move { api::access::verify_identity(l, &i).await },
            move |v: IdentityView, sent: Form<IdentityInput>| {
                // The details stay for a correction; the confirmation is asked again.
                st.set(Form {
                    req: IdentityInput {
                        confirmed_contact: false,
                        ..sent.req
                    },
                    ..Default::default()
                });
                on_answer.emit(v);
            },
        )
    };
    let manual = {
        let (st, session, on_answer) = (form.clone(), session.clone(), p.on_answer.clone());
        Callback::from(move |_| {
            let (st, session, on_answer) = (st.clone(), session.clone(), on_answer.clone());
            let mut s = (*st).clone();
            s.busy = true;
            st.set(s.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::access::request_manual_verification(l).await {
                    Ok(v) => {
                        st.set(Form { busy: false, ..s });
                        on_answer.emit(v);
                    }
                    Err(e) if on_session_end(&session, &e) => {}
                    Err(e) => {
                        s.failed(l, &e);
                        st.set(s);
                    }
                }
            });
        })
    };
    let tick = |field: &'static str, set: fn(&mut IdentityInput, bool)| {
        let st = form.clone();
        Callback::from(move |c: bool| {
            let mut s = (*st).clone();
            set(&mut s.req, c);
            s.touched.insert(field.into());
            s.server.remove(field);
            st.set(s);
        })
    };
    let reference = identity.reference.clone().unwrap_or_default();
    let i = &f.req;
    let body = match identity.status {
        IdentityStatus::ManualRequested => html! {
            <p class="notice" id="identity-manual-requested">{ t(l, "access-identity-manual-requested") }</p>
        },
        IdentityStatus::ManualRefused => html! {
            <><p class="alert" id="identity-refused">{ t(l, "access-identity-refused") }</p><HelpDeskLine /></>
        },
        _ if identity.attempts >= 2 => html! {
            <>
            <p class="alert" id="identity-not-verified">{ t1(l, "access-identity-failed-twice", "reference", reference) }</p>
            { alert(&f.alert) }
            <button type="button" class="primary" id="identity-manual" onclick={manual} disabled={f.busy}>{ t(l, "access-identity-ask-manual") }</button>
            </>
        },
        _ => html! {
            <form id="identity-form" onsubmit={submit} novalidate=true>
                <crate::components::error_summary::FormErrorSummary form_id="identity-form" attempt={f.attempts} />
                if retry {
                    <p class="alert" id="identity-not-verified">{ t1(l, "access-identity-failed", "reference", reference) }</p>
                }
                <p class="intro">{ t(l, "access-identity-intro") }</p>
                <Input id="id-first" label={t(l, "field-first_name")} value={i.first_name.clone()} error={err("first_name", "field")} oninput={edit(&form, "first_name", |r, v| r.first_name = v)} />
                <Input id="id-middle" label={t(l, "field-middle_name")} value={i.middle_name.clone().unwrap_or_default()} hint={Some(t(l, "access-identity-middle-hint"))} error={err("middle_name", "field")} oninput={edit(&form, "middle_name", |r, v| r.middle_name = Some(v).filter(|v| !v.is_empty()))} />
                <Input id="id-last" label={t(l, "field-last_name")} value={i.last_name.clone()} error={err("last_name", "field")} oninput={edit(&form, "last_name", |r, v| r.last_name = v)} />
                <Input id="id-dob" label={t(l, "field-date_of_birth")} hint={Some(t(l, "field-date_of_birth-hint"))} value={i.date_of_birth.clone()} error={err("date_of_birth", "date_of_birth")} oninput={edit(&form, "date_of_birth", |r, v| r.date_of_birth = v)} />
                <Input id="id-line1" label={t(l, "access-identity-address")} value={i.address.line1.clone()} error={err("address.line1", "field")} oninput={edit(&form, "address.line1", |r, v| r.address.line1 = v)} />
                <Input id="id-city" label={t(l, "field-city")} value={i.address.city.clone()} error={err("address.city", "field")} oninput={edit(&form, "address.city", |r, v| r.address.city = v)} />
                { state_select(l, "id-state", &i.address.state, err("address.state", "field"), edit(&form, "address.state", |r, v| r.address.state = v)) }
                <Input id="id-zip" label={t(l, "field-zip")} value={i.address.zip.clone()} error={err("address.zip", "zip")} oninput={edit(&form, "address.zip", |r, v| r.address.zip = v)} />
                { checkbox("id-terms", t(l, "access-identity-terms"), i.terms_accepted, err("terms_accepted", "field"), tick("terms_accepted", |r, c| r.terms_accepted = c)) }
                if retry {
                    { checkbox("id-confirm", t(l, "access-identity-confirm-contact"), i.confirmed_contact, err("confirmed_contact", "field"), tick("confirmed_contact", |r, c| r.confirmed_contact = c)) }
                }
                { alert(&f.alert) }
                <div class="actions"><button type="submit" class="primary" id="identity-submit" disabled={f.busy}>{ t(l, "reg-next") }</button></div>
            </form>
        },
    };
    html! {
        <>
        <h2>{ t(l, "access-identity-title") }</h2>
        { body }
        </>
    }
}
