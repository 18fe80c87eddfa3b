//! How to reach the help desk, as configured: a card (the status page) and one line
//! (the footer, and under the messages that say "call the help desk").
use crate::context::prefs::use_locale;
use crate::context::status::use_status;
use crate::i18n::t;
use shared::api::status::HelpDeskContact;
use yew::prelude::*;

/// How to reach the help desk: phone, email, hours, as configured (nothing shown when
/// none is).
#[derive(Properties, PartialEq)]
pub struct ContactProps {
    pub contact: HelpDeskContact,
    pub id: AttrValue,
}

#[function_component(HelpDeskCard)]
pub fn help_desk_contact(p: &ContactProps) -> Html {
    let l = use_locale();
    let h = &p.contact;
    if h.phone.is_empty() && h.email.is_empty() && h.hours.is_empty() {
        return html! {};
    }
    html! {
        <dl class="card facts" id={p.id.clone()}>
            if !h.phone.is_empty() {
                <dt>{ t(l, "status-help-desk-phone") }</dt><dd><a href={format!("tel:{}", h.phone)}>{ &h.phone }</a></dd>
            }
            if !h.email.is_empty() {
                <dt>{ t(l, "status-help-desk-email") }</dt><dd><a href={format!("mailto:{}", h.email)}>{ &h.email }</a></dd>
            }
            if !h.hours.is_empty() {
                <dt>{ t(l, "status-help-desk-hours") }</dt><dd>{ &h.hours }</dd>
            }
        </dl>
    }
}

/// The help desk's contact as one line, for the footer and under messages that say
/// "call the help desk".
#[function_component(HelpDeskLine)]
pub fn help_desk_line() -> Html {
    let l = use_locale();
    let Some(s) = use_status() else {
        return html! {};
    };
    let h = &s.help_desk;
    if h.phone.is_empty() && h.email.is_empty() {
        return html! {};
    }
    html! {
        <p class="help-desk-line">{ t(l, "footer-help-desk") }{ ": " }
            if !h.phone.is_empty() { <a href={format!("tel:{}", h.phone)}>{ &h.phone }</a> }
            if !h.phone.is_empty() && !h.email.is_empty() { { " · " } }
            if !h.email.is_empty() { <a href={format!("mailto:{}", h.email)}>{ &h.email }</a> }
            if !h.hours.is_empty() { { " · " }{ &h.hours } }
        </p>
    }
}
