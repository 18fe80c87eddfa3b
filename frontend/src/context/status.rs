//! The public status (`GET /api/v1/status`), fetched once when the app starts and again
//! every five minutes, for the banner every screen shows and the help desk's contact in
//! the footer. The status page and the login screen fetch their own, fresh copy.
use crate::hooks::use_fetch;
use shared::api::status::StatusView;
use std::rc::Rc;
use yew::prelude::*;

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
    let data = use_fetch(*tick, crate::api::status);
    let ctx = StatusCtx(match &*data {
        Some(Ok(s)) => Some(Rc::new(s.clone())),
        _ => None,
    });
    html! {
        <ContextProvider<StatusCtx> context={ctx}>{ props.children.clone() }</ContextProvider<StatusCtx>>
    }
}

/// The status, once fetched.
#[hook]
pub fn use_status() -> Option<Rc<StatusView>> {
    use_context::<StatusCtx>().and_then(|c| c.0)
}
