//! Small form pieces the access screens share: a loading mark, an alert, a text
//! callback, the state picker and a checkbox.
use crate::i18n::t;
use shared::i18n::Locale;
use shared::validate::contact::states_for;
use yew::prelude::*;

pub fn loading() -> Html {
    html! { <p class="loading" aria-busy="true">{ "…" }</p> }
}

pub fn alert(msg: &Option<String>) -> Html {
    match msg {
        Some(m) => html! { <p class="alert" role="alert">{ m }</p> },
        None => html! {},
    }
}

pub fn text_cb<S: Clone + 'static>(
    st: &UseStateHandle<S>,
    f: fn(&mut S, String),
) -> Callback<String> {
    let st = st.clone();
    Callback::from(move |v: String| {
        let mut s = (*st).clone();
        f(&mut s, v);
        st.set(s);
    })
}

pub fn state_select(
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
                { for states_for(l == shared::i18n::Locale::Es).into_iter().map(|(code, name)| html! {
                    <option value={code} selected={value == code}>{ format!("{name} ({code})") }</option>
                }) }
            </select>
            if let Some(e) = error { <p class="error" id={format!("{id}-error")}>{ e }</p> }
        </div>
    }
}

pub fn checkbox(
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
