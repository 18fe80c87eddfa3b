//! Site header: name, language toggle, text-size control. When someone logged in shows
//! the site in another language than their account's, it offers to save it (their
//! emails then follow).
use crate::context::prefs::{Prefs, PrefsCtx, TextSize};
use crate::i18n::t;
use crate::route::{Link, Route};
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
            ctx.set.emit(Prefs {
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
        let onclick = Callback::from(move |_| ctx.set.emit(Prefs { text_size: s, ..ctx.prefs }));
        html! {
            <button type="button" class={classes!("chip", format!("size-{}", s.key()))} id={format!("size-{}", s.key())}
                aria-label={t(l, &format!("text-size-{}-label", s.key()))}
                aria-pressed={(s == ctx.prefs.text_size).to_string()} {onclick}>
                { t(l, &format!("text-size-{}", s.key())) }
            </button>
        }
    });
    let session = use_context::<crate::context::session::SessionCtx>();
    let navigator = use_navigator();
    let logged_in = session.as_ref().is_some_and(|s| s.profile.is_some());
    let logout = {
        let session = session.clone();
        Callback::from(move |_| {
            let session = session.clone();
            let navigator = navigator.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // Whatever the server says, the SPA forgets the session.
                let _ = crate::api::auth::logout(l).await;
                if let Some(s) = &session {
                    s.set.emit((None, Some("login-logged-out")));
                }
                crate::route::go_with_notice(&navigator, Route::Login, Some("login-logged-out"));
            });
        })
    };
    let account_locale = session
        .as_ref()
        .and_then(|s| s.profile.as_ref())
        .map(|p| p.locale.clone());
    let offer = account_locale.is_some_and(|a| !a.is_empty() && a != l.tag());
    let save_language = {
        let session = session.clone();
        Callback::from(move |_| {
            let session = session.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let input = shared::api::auth::LanguageInput {
                    locale: l.tag().into(),
                };
                if let Ok(p) = crate::api::auth::set_language(l, &input).await {
                    if let Some(s) = &session {
                        s.set.emit((Some(p), None));
                    }
                }
            });
        })
    };
    let nav = if logged_in {
        html! {
            <nav class="account-nav" aria-label={t(l, "nav-profile")}>
                <Link to={Route::Profile} classes="nav-link"><span id="nav-profile">{ t(l, "nav-profile") }</span></Link>
                <button type="button" class="link-button" id="nav-logout" onclick={logout}>{ t(l, "nav-logout") }</button>
            </nav>
        }
    } else {
        html! {
            <nav class="account-nav" aria-label={t(l, "nav-login")}>
                <Link to={Route::Login} classes="nav-link"><span id="nav-login">{ t(l, "nav-login") }</span></Link>
            </nav>
        }
    };
    html! {
        <header class="site-header">
            <Link to={Route::Home} classes="brand">
                <span class="brand-name">{ t(l, "app-name") }</span>
                <span class="brand-tag">{ t(l, "app-tagline") }</span>
            </Link>
            { nav }
            <div class="prefs">
                <div role="group" aria-label={t(l, "lang-switch")} class="chips">{ for lang_buttons }</div>
                <div role="group" aria-label={t(l, "text-size")} class="chips">
                    <span class="chips-label" aria-hidden="true">{ t(l, "text-size") }</span>
                    { for size_buttons }
                </div>
                <super::site_panel::SiteButton />
            </div>
            if offer {
                <p class="language-offer" role="status">
                    { t(l, "lang-offer") }{ " " }
                    <button type="button" class="link-button" id="save-language" onclick={save_language}>{ t(l, "lang-offer-save") }</button>
                </p>
            }
        </header>
    }
}
