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

#[derive(Properties, PartialEq)]
pub struct FormProps {
    /// The form whose fields in error are listed (its element id).
    pub form_id: AttrValue,
    /// Counts refused submissions: each one lists the fields in error again and moves
    /// focus to the summary.
    pub attempt: u32,
}

/// The same summary for any form whose fields mark themselves `aria-invalid` (every
/// [`crate::components::input::Input`] does): after a refused submission it reads the
/// fields in error from the page (each one's label and its `{id}-error` message), so a
/// form needs only a counter of refused submissions.
#[function_component(FormErrorSummary)]
pub fn form_error_summary(p: &FormProps) -> Html {
    let l = crate::context::prefs::use_locale();
    // The fields in error as of the last refused submission, and which one that was.
    let found = use_state(|| (0u32, Vec::<(String, String)>::new()));
    {
        let (found, form_id) = (found.clone(), p.form_id.clone());
        use_effect_with(p.attempt, move |n| {
            if *n > 0 {
                found.set((*n, fields_in_error(&form_id)));
            }
        });
    }
    let (attempt, items) = (*found).clone();
    let title = if items.is_empty() {
        String::new()
    } else {
        crate::i18n::t(l, "form-fix-errors")
    };
    html! { <ErrorSummary {title} {items} {attempt} /> }
}

/// `(id, "Label: message")` of each field of `form_id` marked `aria-invalid="true"`.
fn fields_in_error(form_id: &str) -> Vec<(String, String)> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return vec![];
    };
    let Ok(list) = doc.query_selector_all(&format!("#{form_id} [aria-invalid='true']")) else {
        return vec![];
    };
    let text = |sel: &str| {
        doc.query_selector(sel)
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .map(|t| t.trim().to_string())
            .unwrap_or_default()
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .map(|e| e.id())
        .filter(|id| !id.is_empty())
        .map(|id| {
            let label = text(&format!("label[for='{id}']"));
            let msg = text(&format!("#{id}-error"));
            let line = match (label.is_empty(), msg.is_empty()) {
                (false, false) => format!("{label}: {msg}"),
                (false, true) => label,
                _ => msg,
            };
            (id, line)
        })
        .collect()
}
