//! The page the link in every alert email opens (`/alerts/unsubscribe?token=...`): one
//! click, and alert emails are off; the page confirms it, says that security emails
//! still come, and offers to switch them on again.
use crate::api;
use crate::components::form::alert;
use crate::context::prefs::use_locale;
use crate::i18n::t;
use shared::api::alert::SubscriptionInput;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
enum State {
    Working,
    Done { subscribed: bool },
    Failed(String),
}

#[function_component(Unsubscribe)]
pub fn unsubscribe() -> Html {
    let l = use_locale();
    let token = use_memo((), |_| crate::route::token_from_url());
    let state = use_state(|| State::Working);
    let set = {
        let (token, state) = (token.clone(), state.clone());
        Callback::from(move |subscribed: bool| {
            let (state, body) = (
                state.clone(),
                SubscriptionInput {
                    token: (*token).clone(),
                    subscribed,
                },
            );
            wasm_bindgen_futures::spawn_local(async move {
                state.set(match api::alert_subscription(l, &body).await {
                    Ok(r) => State::Done {
                        subscribed: r.subscribed,
                    },
                    Err(e) if e.is(shared::api::error::ErrorCode::NotFound) => {
                        State::Failed(t(l, "unsub-bad-link"))
                    }
                    Err(e) => State::Failed(e.message(l)),
                });
            });
        })
    };
    {
        let set = set.clone();
        use_effect_with((), move |_| set.emit(false));
    }
    let body = match &*state {
        State::Working => html! { <p role="status">{ t(l, "unsub-working") }</p> },
        State::Failed(m) => alert(&Some(m.clone())),
        State::Done { subscribed } => {
            let next = !*subscribed;
            let onclick = {
                let set = set.clone();
                Callback::from(move |_| set.emit(next))
            };
            html! {
                <>
                    <p class="notice" role="status" id="unsub-result">{ t(l, if *subscribed { "unsub-on" } else { "unsub-off" }) }</p>
                    <div class="actions">
                        <button type="button" class="secondary" id="unsub-toggle" {onclick}>{ t(l, if *subscribed { "unsub-stop" } else { "unsub-undo" }) }</button>
                    </div>
                </>
            }
        }
    };
    html! {
        <section class="page narrow">
            <h1 id="unsub-heading">{ t(l, "unsub-title") }</h1>
            { body }
        </section>
    }
}
