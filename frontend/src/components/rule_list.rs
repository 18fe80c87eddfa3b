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

/// The password's rule list as the person types: each live rule of `shared` with
/// whether `password` meets it, then "not a common password" once the server said so
/// (`common` from `hooks::use_common_check`: `Some(false)` is met).
pub fn password_rules(
    password: &str,
    ctx: shared::validate::password::Context<'_>,
    common: Option<bool>,
) -> Vec<(&'static str, bool)> {
    use shared::validate::password::{self, PasswordRule};
    use shared::validate::RuleCode;
    let failing = password::validate(password, ctx).err().unwrap_or_default();
    let mut rules: Vec<(&'static str, bool)> = PasswordRule::LIVE
        .iter()
        .map(|r| (r.code(), !failing.contains(r)))
        .collect();
    rules.push((PasswordRule::Common.code(), common == Some(false)));
    rules
}
