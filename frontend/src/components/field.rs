//! A labelled form field with its hint and error, wired for assistive technology:
//! the label is tied to the input, hint and error are named by `aria-describedby`,
//! and the error is announced through `aria-live`.
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
    pub label: String,
    #[prop_or_default]
    pub hint: Option<String>,
    /// Localized error text, shown when present.
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or_default]
    pub optional_text: Option<String>,
    /// Id of extra content that describes the field (a rule list).
    #[prop_or_default]
    pub describedby_extra: Option<AttrValue>,
    pub children: Children,
}

/// The `aria-describedby` value for a field's hint, error and extra description.
pub fn describedby(id: &str, hint: bool, error: bool, extra: Option<&str>) -> Option<String> {
    let mut v = vec![];
    if hint {
        v.push(format!("{id}-hint"));
    }
    if let Some(e) = extra {
        v.push(e.to_string());
    }
    if error {
        v.push(format!("{id}-error"));
    }
    (!v.is_empty()).then(|| v.join(" "))
}

#[function_component(Field)]
pub fn field(p: &Props) -> Html {
    html! {
        <div class={classes!("field", p.error.is_some().then_some("has-error"))}>
            <label for={p.id.clone()}>
                { &p.label }
                if let Some(o) = &p.optional_text { <span class="optional">{ format!(" {o}") }</span> }
            </label>
            if let Some(h) = &p.hint { <p class="hint" id={format!("{}-hint", p.id)}>{ h }</p> }
            { p.children.clone() }
            <p class="error" id={format!("{}-error", p.id)} aria-live="polite">
                { p.error.clone().unwrap_or_default() }
            </p>
        </div>
    }
}
