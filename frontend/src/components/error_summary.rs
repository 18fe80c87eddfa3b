//! The error summary at the top of a form (the GOV.UK pattern): when a submission is
//! refused, it takes focus, so the page scrolls to it and a screen reader reads it, and
//! it lists each field in error as a link that moves focus to that field. A person
//! pressing "Next" with a mistake far above the button is taken to it instead of seeing
//! nothing happen (usability walk 3, #5).
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// What went wrong, in a sentence ("Correct the fields marked below.").
    pub title: String,
    /// Each field in error: its element id and its message.
    #[prop_or_default]
    pub items: Vec<(String, String)>,
    /// Counts refused submissions: each one moves focus to the summary again.
    pub attempt: u32,
}

/// Moves focus to the element `id`, and the page to it.
pub fn focus_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        let el: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(el);
        let _ = el.focus();
        el.scroll_into_view();
    }
}

#[function_component(ErrorSummary)]
pub fn error_summary(p: &Props) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(p.attempt, move |n| {
            if *n > 0 {
                if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                    el.scroll_into_view();
                }
            }
        });
    }
    if p.title.is_empty() {
        return html! { <div class="summary" id="form-summary" role="alert" tabindex="-1" ref={node}></div> };
    }
    html! {
        <div class="summary" id="form-summary" role="alert" tabindex="-1" ref={node}>
            <p class="summary-title">{ &p.title }</p>
            if !p.items.is_empty() {
                <ul>
                    { for p.items.iter().map(|(id, msg)| {
                        let target = id.clone();
                        let onclick = Callback::from(move |e: MouseEvent| {
                            e.prevent_default();
                            focus_id(&target);
                        });
                        html! { <li><a href={format!("#{id}")} data-field={id.clone()} {onclick}>{ msg }</a></li> }
                    }) }
                </ul>
            }
        </div>
    }
}
