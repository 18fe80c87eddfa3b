//! A list that shows first what matches the visitor's site preferences, and the rest
//! behind "Show everything": nobody is kept from content, it is only ordered.
use crate::context::prefs::use_locale;
use crate::i18n::t1;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
    #[prop_or(AttrValue::Static("devices"))]
    pub class: AttrValue,
    /// Each item, and whether it is for the visitor.
    pub items: Vec<(bool, Html)>,
}

#[function_component(ForYouList)]
pub fn for_you_list(p: &Props) -> Html {
    let l = use_locale();
    let all = use_state(|| false);
    let others = p.items.iter().filter(|(m, _)| !m).count();
    let toggle = {
        let all = all.clone();
        Callback::from(move |_| all.set(!*all))
    };
    html! {
        <>
            <ul class={p.class.clone()} id={p.id.clone()}>
                { for p.items.iter().filter(|(m, _)| *m).map(|(_, h)| h.clone()) }
                if *all {
                    { for p.items.iter().filter(|(m, _)| !m).map(|(_, h)| h.clone()) }
                }
            </ul>
            if others > 0 {
                <p><button type="button" class="link-button show-all" id={format!("{}-all", p.id)}
                    aria-expanded={all.to_string()} onclick={toggle}>
                    { t1(l, if *all { "site-show-mine" } else { "site-show-all" }, "n", others.to_string()) }
                </button></p>
            }
        </>
    }
}
