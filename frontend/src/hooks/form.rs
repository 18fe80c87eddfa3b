//! A form's state and its two callbacks, the one way every form of the SPA edits and
//! sends (after lldap's form component, as a hook): [`Form`] holds the input, the
//! fields the person has left (their live messages show), what the server said, the
//! alert, whether it is sending, and the done notice; [`edit`] makes a field's `oninput`;
//! [`submitter`] makes the `onsubmit` that checks with the `shared` rules, sends once
//! (a second press while sending does nothing) and puts a refusal under its fields.
use crate::api::{Answer, CallError};
use crate::context::session::{on_session_end, SessionCtx};
use crate::i18n::field_error;
use shared::api::error::FieldErrors;
use shared::i18n::Locale;
use std::collections::BTreeSet;
use yew::prelude::*;

/// A form's state: its input, the fields left (their messages show), what the server
/// said, and whether it is sending or done.
#[derive(Clone, Default, PartialEq)]
pub struct Form<T> {
    pub req: T,
    pub touched: BTreeSet<String>,
    pub submitted: bool,
    pub server: FieldErrors,
    pub alert: Option<String>,
    pub busy: bool,
    pub done: Option<String>,
    /// Refused submissions: each one takes focus to the form's error summary.
    pub attempts: u32,
}

impl<T> Form<T> {
    /// The message to show under `field`: the live rule once it was touched (or the
    /// form sent), else what the server said.
    pub fn message(
        &self,
        l: Locale,
        live: &FieldErrors,
        field: &str,
        kind: &str,
    ) -> Option<String> {
        let shown = self.submitted || self.touched.contains(field);
        let from = if shown && live.contains_key(field) {
            live
        } else {
            &self.server
        };
        field_error(l, from, field, kind)
    }

    pub fn failed(&mut self, l: Locale, e: &CallError) {
        self.busy = false;
        (self.server, self.alert) = e.for_form(l);
    }
}

/// A form whose input starts as `init()`, nothing touched, nothing said.
#[hook]
pub fn use_form<T, F>(init: F) -> UseStateHandle<Form<T>>
where
    T: Default + 'static,
    F: FnOnce() -> T,
{
    use_state(move || Form {
        req: init(),
        ..Default::default()
    })
}

/// The `oninput` of `field`: `f` writes the value into the input; the field counts as
/// touched (its live message shows), what the server said of it goes, and so does the
/// done notice.
pub fn edit<T: Clone + 'static>(
    st: &UseStateHandle<Form<T>>,
    field: &'static str,
    f: fn(&mut T, String),
) -> Callback<String> {
    let st = st.clone();
    Callback::from(move |v: String| {
        let mut s = (*st).clone();
        f(&mut s.req, v);
        s.touched.insert(field.into());
        s.server.remove(field);
        s.done = None;
        st.set(s);
    })
}

/// The submit handler every form shares: mark the form sent, stop on a rule the
/// `shared` check finds (its messages show), else call the server once; `ok` gets the
/// answer and the form as sent; a refusal goes under its fields or in the alert, and an
/// ended session returns to the login.
pub fn submitter<T, R, Fut>(
    st: &UseStateHandle<Form<T>>,
    session: &SessionCtx,
    l: Locale,
    check: impl Fn(&T) -> FieldErrors + 'static,
    call: impl Fn(T) -> Fut + 'static,
    ok: impl Fn(R, Form<T>) + 'static,
) -> Callback<SubmitEvent>
where
    T: Clone + 'static,
    R: 'static,
    Fut: std::future::Future<Output = Answer<R>> + 'static,
{
    let (st, session) = (st.clone(), session.clone());
    let ok = std::rc::Rc::new(ok);
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let mut s = (*st).clone();
        s.submitted = true;
        s.alert = None;
        if !check(&s.req).is_empty() || s.busy {
            s.attempts += u32::from(!s.busy);
            st.set(s);
            return;
        }
        s.busy = true;
        st.set(s.clone());
        let (st, session, ok) = (st.clone(), session.clone(), ok.clone());
        let fut = call(s.req.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match fut.await {
                Ok(r) => ok(r, s),
                Err(e) if on_session_end(&session, &e) => {}
                Err(e) => {
                    let mut s = s;
                    s.failed(l, &e);
                    s.attempts += u32::from(!s.server.is_empty());
                    st.set(s);
                }
            }
        });
    })
}
