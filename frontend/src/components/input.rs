//! A text input inside a [`Field`], wired for assistive technology, reporting its
//! value on every keystroke and when it is left.
use super::field::{describedby, Field};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
    pub label: String,
    pub value: String,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub hint: Option<String>,
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or_default]
    pub optional_text: Option<String>,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub describedby_extra: Option<AttrValue>,
    #[prop_or_default]
    pub maxlength: Option<AttrValue>,
    pub oninput: Callback<String>,
    #[prop_or_default]
    pub onblur: Callback<()>,
}

#[function_component(Input)]
pub fn input(p: &Props) -> Html {
    let oninput = {
        let cb = p.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit(el.value())
        })
    };
    let onblur = {
        let cb = p.onblur.clone();
        Callback::from(move |_: FocusEvent| cb.emit(()))
    };
    let described = describedby(
        &p.id,
        p.hint.is_some(),
        p.error.is_some(),
        p.describedby_extra.as_deref(),
    );
    html! {
        <Field id={p.id.clone()} label={p.label.clone()} hint={p.hint.clone()} error={p.error.clone()}
            optional_text={p.optional_text.clone()}>
            <input id={p.id.clone()} name={p.id.clone()} type={p.kind.clone()} value={p.value.clone()}
                autocomplete={p.autocomplete.clone()} inputmode={p.inputmode.clone()}
                maxlength={p.maxlength.clone()}
                aria-invalid={p.error.is_some().to_string()} aria-describedby={described}
                {oninput} {onblur} />
        </Field>
    }
}
