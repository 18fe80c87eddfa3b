//! The public status (`GET /api/v1/status`), fetched once when the app starts and again
//! every five minutes, for the banner every screen shows, the login screen's
//! maintenance notice and the help desk's contact in the footer. The status page
//! fetches its own, fresh copy.
//!
//! The first answer is the one the page's loader asked for while the module downloaded
//! (`window.umbralStatus` in `index.html`), in the language it asked in; the app's first
//! screen is drawn once it is in, so nothing is pushed down after the visitor has started
//! reading (cumulative layout shift, issue 29).
use crate::api::Answer;
use crate::context::prefs::use_locale;
use shared::api::status::StatusView;
use shared::i18n::Locale;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

thread_local! {
    /// The loader's answer, until the provider takes it.
    static EARLY: RefCell<Option<(Locale, StatusView)>> = const { RefCell::new(None) };
}

/// Waits for the loader's status request (it answers `null` on failure or after its own
/// time limit) and keeps its answer for the provider.
pub async fn take_early() {
    let Some(w) = web_sys::window() else { return };
    let Ok(early) = js_sys::Reflect::get(&w, &"umbralStatus".into()) else {
        return;
    };
    if early.is_undefined() || early.is_null() {
        return;
    }
    let field = |k: &str| js_sys::Reflect::get(&early, &k.into()).ok();
    let lang = field("lang")
        .and_then(|v| v.as_string())
        .and_then(|t| Locale::from_tag(&t));
    let Some(promise) = field("answer").and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) else {
        return;
    };
    let text = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_string());
    if let (Some(l), Some(view)) = (
        lang,
        text.and_then(|t| serde_json::from_str::<StatusView>(&t).ok()),
    ) {
        EARLY.with(|e| *e.borrow_mut() = Some((l, view)));
    }
}

/// The loader's answer, if it was asked in `l` (once).
fn early_in(l: Locale) -> Option<StatusView> {
    EARLY.with(|e| match e.borrow_mut().take() {
        Some((el, v)) if el == l => Some(v),
        _ => None,
    })
}

/// How often the banner's status is fetched again.
const REFRESH_MS: u32 = 5 * 60 * 1000;

/// The last status fetched, if any.
#[derive(Clone, PartialEq, Default)]
pub struct StatusCtx(pub Option<Rc<StatusView>>);

#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    pub children: Html,
}

#[function_component(StatusProvider)]
pub fn status_provider(props: &ProviderProps) -> Html {
    let tick = use_state(|| 0u32);
    {
        let tick = tick.clone();
        use_effect_with(*tick, move |n| {
            let n = *n;
            let t = gloo_timers::callback::Timeout::new(REFRESH_MS, move || tick.set(n + 1));
            move || drop(t)
        });
    }
    let l = use_locale();
    // The loader's answer stands for the first fetch, if it was in this language.
    let early = use_mut_ref(|| early_in(l));
    let data = use_state(|| early.borrow().clone().map(Rc::new));
    {
        let data = data.clone();
        use_effect_with((*tick, l), move |(n, l)| {
            let fresh = *n == 0 && early.borrow_mut().take().is_some();
            if !fresh {
                let l = *l;
                wasm_bindgen_futures::spawn_local(async move {
                    let r: Answer<StatusView> = crate::api::status(l).await;
                    if let Ok(s) = r {
                        data.set(Some(Rc::new(s)));
                    }
                });
            }
        });
    }
    let ctx = StatusCtx((*data).clone());
    html! {
        <ContextProvider<StatusCtx> context={ctx}>{ props.children.clone() }</ContextProvider<StatusCtx>>
    }
}

/// The status, once fetched.
#[hook]
pub fn use_status() -> Option<Rc<StatusView>> {
    use_context::<StatusCtx>().and_then(|c| c.0)
}
