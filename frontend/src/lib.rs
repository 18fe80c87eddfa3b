//! Umbral's single-page app (Yew, client-side rendering), shipped as one module per
//! `shared::bundle::Bundle` (the binaries in `src/bin/`): each module's router draws its
//! own screens, and a link to another module's screen loads that module's page.
//!
//! Modules, and who may import whom: `pages` use `context`, `hooks`, `api`,
//! `components`, `format`, `route` and `i18n`, never `app` or each other; `components`
//! use the same but `pages`; `app` wires providers, frame and routes.
pub mod api;
pub mod app;
pub mod components;
pub mod context;
pub mod format;
pub mod hooks;
pub mod i18n;
pub mod pages;
pub mod route;

use shared::bundle::Bundle;

/// Starts module `here`, whose router draws routes with `switch` (the module's own
/// screens; another module's route gives `route::Elsewhere`).
pub fn start(here: Bundle, switch: fn(route::Route) -> yew::Html) {
    route::set_here(here, switch);
    // The page's loader asked for the status while this module downloaded
    // (`index.html`); the first screen waits for that answer (at most 2.5 s from the
    // page's start, usually already in), so the status banner is drawn with it rather
    // than pushing the page down once the visitor has started reading.
    wasm_bindgen_futures::spawn_local(async move {
        context::status::take_early().await;
        // The static shell of the page, painted while the wasm loaded, gives way.
        if let Some(shell) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("shell"))
        {
            shell.remove();
        }
        yew::Renderer::<app::App>::new().render();
    });
}
