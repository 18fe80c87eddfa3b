//! Progress stepper for multi-step forms.
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Step labels, already localized.
    pub steps: Vec<String>,
    /// Zero-based current step.
    pub current: usize,
    pub label: AttrValue,
}

#[function_component(Stepper)]
pub fn stepper(p: &Props) -> Html {
    html! {
        <ol class="stepper" aria-label={p.label.clone()}>
            { for p.steps.iter().enumerate().map(|(i, s)| {
                let state = if i < p.current { "done" } else if i == p.current { "current" } else { "todo" };
                html! {
                    <li class={classes!("step", state)} aria-current={(i == p.current).then_some("step")}>
                        <span class="step-num" aria-hidden="true">{ i + 1 }</span>
                        <span class="step-label">{ s }</span>
                    </li>
                }
            }) }
        </ol>
    }
}
