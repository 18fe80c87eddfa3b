//! The live rule checklist under the user ID and password fields: every rule,
//! each marked met or not met as the user types.
use crate::i18n::t;
use shared::i18n::Locale;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
    pub locale: Locale,
    /// Message kind, e.g. `user_id` or `password`.
    pub kind: AttrValue,
    /// (code, met) for every rule, in display order.
    pub rules: Vec<(&'static str, bool)>,
}

#[function_component(RuleList)]
pub fn rule_list(p: &Props) -> Html {
    let l = p.locale;
    html! {
        <div class="rules" id={p.id.clone()}>
            <p class="rules-heading">{ t(l, "rules-heading") }</p>
            <ul aria-live="polite">
                { for p.rules.iter().map(|(code, met)| {
                    let state = if *met { "rule-met" } else { "rule-unmet" };
                    html! {
                        <li class={classes!("rule", if *met { "met" } else { "unmet" })}
                            data-rule={*code} data-met={met.to_string()}>
                            <span class="rule-mark" aria-hidden="true">{ if *met { "✓" } else { "✗" } }</span>
                            <span>{ t(l, &format!("{}-{}", p.kind, code)) }</span>
                            <span class="visually-hidden">{ format!(" ({})", t(l, state)) }</span>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
