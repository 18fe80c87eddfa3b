//! "Help with this page": the guide of the task a screen is for (`shared::help`), in
//! the reader's language. It opens in a new tab, so a half-filled form is not lost.
use crate::context::prefs::use_locale;
use crate::i18n::t;
use shared::help::Topic;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub topic: Topic,
}

#[function_component(HelpLink)]
pub fn help_link(p: &Props) -> Html {
    let l = use_locale();
    html! {
        <p class="help-link">
            <a href={p.topic.path(l)} target="_blank" rel="noopener" id={format!("help-{}", p.topic.slug())}>{ t(l, "help-this-page") }</a>
        </p>
    }
}
