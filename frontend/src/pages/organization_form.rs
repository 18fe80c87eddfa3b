//! The public new organisation form, signed by the organisation's official.
use crate::api::{self};
use crate::components::error_summary::FormErrorSummary;
use crate::components::form::alert;
use crate::components::input::Input;
use crate::components::share::ShareLink;
use crate::context::prefs::use_locale;
use crate::format::today;
use crate::i18n::{field_error, t, t1};
use shared::api::access::*;
use shared::api::error::FieldErrors;
use yew::prelude::*;

#[derive(Clone, PartialEq, Default)]
struct FormState {
    input: OrganizationFormInput,
    errors: FieldErrors,
    alert: Option<String>,
    reference: Option<String>,
    busy: bool,
    /// Refused submissions: each one takes focus to the error summary.
    attempts: u32,
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
                s.attempts += 1;
                st.set(s);
                return;
            }
            s.busy = true;
            st.set(s.clone());
            let st = st.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut s = s;
                s.busy = false;
                match api::access::submit_form(l, &s.input).await {
                    Ok(r) => s.reference = Some(r.reference),
                    Err(e) => {
                        (s.errors, s.alert) = e.for_form(l);
                        if !s.errors.is_empty() {
                            s.attempts += 1;
                        }
                    }
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
                <form onsubmit={submit} novalidate=true id="org-form">
                    <FormErrorSummary form_id="org-form" attempt={s.attempts} />
                    <Input id="f-legal" label={t(l, "access-legal-name")} value={i.legal_name.clone()} error={err("legal_name")} oninput={set(|i, v| i.legal_name = v)} />
                    <Input id="f-tin" label={t(l, "access-tin")} hint={Some(t(l, "access-tin-hint"))} value={i.tin.clone()} error={err("tin")} oninput={set(|i, v| i.tin = v)} />
                    <Input id="f-official" label={t(l, "access-form-official-name")} value={i.official_name.clone()} error={err("official_name")} oninput={set(|i, v| i.official_name = v)} />
                    <Input id="f-title" label={t(l, "access-form-official-title")} value={i.official_title.clone()} error={err("official_title")} oninput={set(|i, v| i.official_title = v)} />
                    <Input id="f-official-email" kind="email" label={t(l, "access-form-official-email")} value={i.official_email.clone()} error={err("official_email")} oninput={set(|i, v| i.official_email = v)} />
                    <Input id="f-approver" label={t(l, "access-form-approver-name")} value={i.approver_name.clone()} error={err("approver_name")} oninput={set(|i, v| i.approver_name = v)} />
                    <Input id="f-approver-email" kind="email" label={t(l, "access-form-approver-email")} value={i.approver_email.clone()} error={err("approver_email")} oninput={set(|i, v| i.approver_email = v)} />
                    <Input id="f-signature" label={t(l, "access-form-signature")} hint={Some(t(l, "access-form-signature-hint"))} value={i.signature.clone()} error={err("signature")} oninput={set(|i, v| i.signature = v)} />
                    <Input id="f-signed-on" label={t(l, "access-form-signed-on")} hint={Some(t(l, "field-date_of_birth-hint"))} value={i.signed_on.clone()} error={err("signed_on")} oninput={set(|i, v| i.signed_on = shared::date::typed_to_iso(&v))} />
                    { alert(&s.alert) }
                    <div class="actions"><button type="submit" class="primary" id="org-form-submit" disabled={s.busy}>{ t(l, "access-org-form-submit") }</button></div>
                </form>
            }
            <ShareLink page="organization-form" />
        </section>
    }
}
