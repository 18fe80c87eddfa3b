//! Umbral's single-page app (Yew, client-side rendering).
//!
//! Modules, and who may import whom: `pages` use `context`, `hooks`, `api`,
//! `components`, `format`, `route` and `i18n`, never `app` or each other; `components`
//! use the same but `pages`; `app` wires providers, frame and routes.
mod api;
mod app;
mod components;
mod context;
mod format;
mod hooks;
mod i18n;
mod pages;
mod route;

fn main() {
    // The static shell of index.html, painted while the wasm loaded, gives way.
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("shell"))
    {
        shell.remove();
    }
    yew::Renderer::<app::App>::new().render();
}
