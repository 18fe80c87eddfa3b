//! Site header: name, language toggle, text-size control.
use crate::app::{PrefsCtx, Route, TextSize};
use crate::i18n::t;
use shared::i18n::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(Header)]
pub fn header() -> Html {
    let Some(ctx) = use_context::<PrefsCtx>() else {
        return html! {};
    };
    let l = ctx.prefs.locale;
    let lang_buttons = Locale::ALL.iter().map(|&loc| {
        let ctx = ctx.clone();
        let onclick = Callback::from(move |_| {
            ctx.set.emit(crate::app::Prefs {
                locale: loc,
                ..ctx.prefs
            })
        });
        let key = format!("lang-{}", loc.tag());
        html! {
            <button type="button" class="chip" id={format!("lang-{}", loc.tag())} lang={loc.tag()}
                aria-pressed={(loc == l).to_string()} {onclick}>{ t(l, &key) }</button>
        }
    });
    let size_buttons = TextSize::ALL.iter().map(|&s| {
        let ctx = ctx.clone();
        let onclick = Callback::from(move |_| ctx.set.emit(crate::app::Prefs { text_size: s, ..ctx.prefs }));
        html! {
            <button type="button" class={classes!("chip", format!("size-{}", s.key()))} id={format!("size-{}", s.key())}
                aria-label={t(l, &format!("text-size-{}-label", s.key()))}
                aria-pressed={(s == ctx.prefs.text_size).to_string()} {onclick}>
                { t(l, &format!("text-size-{}", s.key())) }
            </button>
        }
    });
    html! {
        <header class="site-header">
            <Link<Route> to={Route::Home} classes="brand">
                <span class="brand-name">{ t(l, "app-name") }</span>
                <span class="brand-tag">{ t(l, "app-tagline") }</span>
            </Link<Route>>
            <div class="prefs">
                <div role="group" aria-label={t(l, "lang-switch")} class="chips">{ for lang_buttons }</div>
                <div role="group" aria-label={t(l, "text-size")} class="chips">
                    <span class="chips-label" aria-hidden="true">{ t(l, "text-size") }</span>
                    { for size_buttons }
                </div>
            </div>
        </header>
    }
}
