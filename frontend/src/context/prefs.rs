//! The visitor's preferences: language and text size, kept in local storage and
//! reflected on `<html lang>`, its text-size class and the document title.
use crate::i18n::t;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use shared::i18n::Locale;
use yew::prelude::*;

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

/// The preferences and the way to change them.
#[derive(Clone, PartialEq)]
pub struct PrefsCtx {
    pub prefs: Prefs,
    pub set: Callback<Prefs>,
}

#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    pub children: Html,
}

#[function_component(PrefsProvider)]
pub fn prefs_provider(p: &ProviderProps) -> Html {
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
    html! {
        <ContextProvider<PrefsCtx> context={ctx}>{ p.children.clone() }</ContextProvider<PrefsCtx>>
    }
}

#[hook]
pub fn use_prefs() -> PrefsCtx {
    use_context::<PrefsCtx>().expect("PrefsCtx is provided by PrefsProvider")
}

/// The current locale, for pages.
#[hook]
pub fn use_locale() -> Locale {
    use_context::<PrefsCtx>()
        .map(|c| c.prefs.locale)
        .unwrap_or_default()
}
