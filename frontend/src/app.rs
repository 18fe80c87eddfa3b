//! Router and the app-wide preferences (language, text size), kept in local storage
//! and reflected on `<html lang>` and its text-size class.
use crate::components::header::Header;
use crate::i18n::t;
use crate::pages::{home::Home, not_found::NotFound, register::Register};
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use shared::i18n::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, Routable, PartialEq)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/register")]
    Register,
    #[not_found]
    #[at("/404")]
    NotFound,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TextSize {
    #[default]
    Small,
    Medium,
    Large,
}

impl TextSize {
    pub const ALL: [TextSize; 3] = [TextSize::Small, TextSize::Medium, TextSize::Large];
    pub fn key(self) -> &'static str {
        match self {
            TextSize::Small => "small",
            TextSize::Medium => "medium",
            TextSize::Large => "large",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Prefs {
    pub locale: Locale,
    pub text_size: TextSize,
}

const PREFS_KEY: &str = "umbral.prefs";

fn initial_prefs() -> Prefs {
    LocalStorage::get(PREFS_KEY).unwrap_or_else(|_| {
        let nav_lang = web_sys::window()
            .and_then(|w| w.navigator().language())
            .unwrap_or_default();
        Prefs {
            locale: Locale::from_tag(&nav_lang).unwrap_or_default(),
            text_size: TextSize::Small,
        }
    })
}

/// The preferences and the way to change them, shared through context.
#[derive(Clone, PartialEq)]
pub struct PrefsCtx {
    pub prefs: Prefs,
    pub set: Callback<Prefs>,
}

#[function_component(App)]
pub fn app() -> Html {
    let prefs = use_state(initial_prefs);
    {
        let p = *prefs;
        use_effect_with(p, move |p| {
            let _ = LocalStorage::set(PREFS_KEY, p);
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("lang", p.locale.tag());
                let _ = root.set_attribute("class", &format!("ts-{}", p.text_size.key()));
            }
            if let Some(d) = web_sys::window().and_then(|w| w.document()) {
                d.set_title(&t(p.locale, "app-name"));
            }
        });
    }
    let ctx = PrefsCtx {
        prefs: *prefs,
        set: {
            let prefs = prefs.clone();
            Callback::from(move |p| prefs.set(p))
        },
    };
    let l = prefs.locale;
    html! {
        <ContextProvider<PrefsCtx> context={ctx}>
            <BrowserRouter>
                <a class="skip" href="#main">{ t(l, "skip-to-content") }</a>
                <Header />
                <main id="main" tabindex="-1">
                    <Switch<Route> render={switch} />
                </main>
                <footer class="site-footer"><p>{ t(l, "footer-note") }</p></footer>
            </BrowserRouter>
        </ContextProvider<PrefsCtx>>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Register => html! { <Register /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// The current locale, for pages.
#[hook]
pub fn use_locale() -> Locale {
    use_context::<PrefsCtx>()
        .map(|c| c.prefs.locale)
        .unwrap_or_default()
}
