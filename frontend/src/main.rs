//! Umbral's single-page app (Yew, client-side rendering).
mod api;
mod app;
mod components;
mod i18n;
mod pages;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
