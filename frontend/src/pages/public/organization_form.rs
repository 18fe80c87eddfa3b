//! The public new organisation form, signed by the organisation's official.
use crate::api::{self};
use crate::components::error_summary::FormErrorSummary;
use crate::components::form::alert;
use crate::components::input::Input;
use crate::components::share::ShareLink;
use crate::context::prefs::use_locale;
use crate::context::session::use_session;
use crate::format::today;
use crate::hooks::form::{edit, submitter, use_form};
use crate::i18n::{t, t1};
use shared::api::access::*;
use yew::prelude::*;

#[function_component(OrganizationFormPage)]
pub fn organization_form_page() -> Html {
    let l = use_locale();
    let session = use_session();
    let form = use_form(OrganizationFormInput::default);
    let reference = use_state(|| None::<String>);
    let s = (*form).clone();
    let live = s.req.validate(today());
    let err = |f: &str| {
        let kind = if f == "signed_on" {
            "signed_on"
        } else {
            "field"
        };
        s.message(l, &live, f, kind)
    };
    let set =
        |field: &'static str, f: fn(&mut OrganizationFormInput, String)| edit(&form, field, f);
    let submit = {
        let (st, reference) = (form.clone(), reference.clone());
        submitter(
            &form,
            &session,
            l,
            |i: &OrganizationFormInput| i.validate(today()),
            move |i| async move { api::access::submit_form(l, &i).await },
            move |r: FormReceipt, mut s| {
                s.busy = false;
                st.set(s);
                reference.set(Some(r.reference));
            },
        )
    };
    let i = &s.req;
    html! {
        <section class="page narrow">
            <h1 id="org-form-heading">{ t(l, "access-org-form-title") }</h1>
            if let Some(r) = &*reference {
                <div class="success" role="status" id="org-form-sent">
                    <p>{ t1(l, "access-org-form-sent", "reference", r.clone()) }</p>
                </div>
            } else {
                <p class="intro">{ t(l, "access-org-form-intro") }</p>
                <form onsubmit={submit} novalidate=true id="org-form">
                    <FormErrorSummary form_id="org-form" attempt={s.attempts} />
                    <Input id="f-legal" label={t(l, "access-legal-name")} value={i.legal_name.clone()} error={err("legal_name")} oninput={set("legal_name", |i, v| i.legal_name = v)} />
                    <Input id="f-tin" label={t(l, "access-tin")} hint={Some(t(l, "access-tin-hint"))} value={i.tin.clone()} error={err("tin")} oninput={set("tin", |i, v| i.tin = v)} />
                    <Input id="f-official" label={t(l, "access-form-official-name")} value={i.official_name.clone()} error={err("official_name")} oninput={set("official_name", |i, v| i.official_name = v)} />
                    <Input id="f-title" label={t(l, "access-form-official-title")} value={i.official_title.clone()} error={err("official_title")} oninput={set("official_title", |i, v| i.official_title = v)} />
                    <Input id="f-official-email" kind="email" label={t(l, "access-form-official-email")} value={i.official_email.clone()} error={err("official_email")} oninput={set("official_email", |i, v| i.official_email = v)} />
                    <Input id="f-approver" label={t(l, "access-form-approver-name")} value={i.approver_name.clone()} error={err("approver_name")} oninput={set("approver_name", |i, v| i.approver_name = v)} />
                    <Input id="f-approver-email" kind="email" label={t(l, "access-form-approver-email")} value={i.approver_email.clone()} error={err("approver_email")} oninput={set("approver_email", |i, v| i.approver_email = v)} />
                    <Input id="f-signature" label={t(l, "access-form-signature")} hint={Some(t(l, "access-form-signature-hint"))} value={i.signature.clone()} error={err("signature")} oninput={set("signature", |i, v| i.signature = v)} />
                    <Input id="f-signed-on" label={t(l, "access-form-signed-on")} hint={Some(t(l, "field-date_of_birth-hint"))} value={i.signed_on.clone()} error={err("signed_on")} oninput={set("signed_on", |i, v| i.signed_on = shared::date::typed_to_iso(&v))} />
                    { alert(&s.alert) }
                    <div class="actions"><button type="submit" class="primary" id="org-form-submit" disabled={s.busy}>{ t(l, "access-org-form-submit") }</button></div>
                </form>
            }
            <ShareLink page="organization-form" />
        </section>
    }
}
