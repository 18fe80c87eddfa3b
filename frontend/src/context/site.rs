//! Site preferences ("Select which best describes you", "your location", "your line of
//! business"): kept in local storage; when logged in, also on the account. An account's
//! answers are taken when the browser has none; an answer given while logged in is saved
//! to the account too.
use crate::context::session::SessionCtx;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use shared::api::site::{SiteOptions, SitePrefs};
use std::rc::Rc;
use yew::prelude::*;

const KEY: &str = "umbral.site";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Site {
    pub prefs: SitePrefs,
    /// Answered or set aside ("Not now"): the panel no longer opens by itself.
    pub asked: bool,
}

#[derive(Clone, PartialEq)]
pub struct SiteCtx {
    pub site: Site,
    pub set: Callback<Site>,
    /// The panel is open under the header (from the header's button).
    pub open: bool,
    pub set_open: Callback<bool>,
    /// The choices, in the reader's language: fetched once, when something shows them.
    pub options: Option<Rc<SiteOptions>>,
}

#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    pub children: Html,
}

#[function_component(SiteProvider)]
pub fn site_provider(p: &ProviderProps) -> Html {
    let site = use_state(|| LocalStorage::get::<Site>(KEY).unwrap_or_default());
    let open = use_state(|| false);
    let l = crate::context::prefs::use_locale();
    let session = use_context::<SessionCtx>();
    let account = session
        .as_ref()
        .and_then(|s| s.profile.as_ref())
        .map(|p| p.site.clone());
    {
        // The account's answers, when this browser has none; this browser's, when the
        // account has none (answered before logging in).
        let (site, session) = (site.clone(), session.clone());
        use_effect_with(account.clone(), move |acc| {
            if let Some(a) = acc {
                if a.is_set() && !site.prefs.is_set() {
                    site.set(Site {
                        prefs: a.clone(),
                        asked: true,
                    });
                } else if !a.is_set() && site.prefs.is_set() {
                    let prefs = site.prefs.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Ok(p) = crate::api::auth::set_site_prefs(l, &prefs).await {
                            if let Some(x) = &session {
                                x.set.emit((Some(p), None));
                            }
                        }
                    });
                }
            }
        });
    }
    {
        let s = (*site).clone();
        use_effect_with(s, |s| {
            let _ = LocalStorage::set(KEY, s);
        });
    }
    let set = {
        let (site, session) = (site.clone(), session.clone());
        Callback::from(move |s: Site| {
            let logged_in = session.as_ref().is_some_and(|x| x.profile.is_some());
            let changed = s.prefs != site.prefs;
            site.set(s.clone());
            if logged_in && changed {
                let session = session.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(p) = crate::api::auth::set_site_prefs(l, &s.prefs).await {
                        if let Some(x) = &session {
                            x.set.emit((Some(p), None));
                        }
                    }
                });
            }
        })
    };
    // One request for the choices (the header's summary and the panel share it), made
    // only when something will show them.
    let options = use_state(|| None::<Rc<SiteOptions>>);
    {
        let options = options.clone();
        let wanted = site.prefs.is_set() || *open || !site.asked;
        use_effect_with((wanted, l), move |(wanted, l)| {
            if *wanted {
                let l = *l;
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(o) = crate::api::auth::site_options(l).await {
                        options.set(Some(Rc::new(o)));
                    }
                });
            }
        });
    }
    let ctx = SiteCtx {
        site: (*site).clone(),
        set,
        options: (*options).clone(),
        open: *open,
        set_open: {
            let open = open.clone();
            Callback::from(move |v| open.set(v))
        },
    };
    html! { <ContextProvider<SiteCtx> context={ctx}>{ p.children.clone() }</ContextProvider<SiteCtx>> }
}

#[hook]
pub fn use_site() -> Option<SiteCtx> {
    use_context::<SiteCtx>()
}

/// The visitor's answers (none outside the provider).
#[hook]
pub fn use_site_prefs() -> SitePrefs {
    use_context::<SiteCtx>()
        .map(|c| c.site.prefs)
        .unwrap_or_default()
}
