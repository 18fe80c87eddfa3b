//! Scheduled outages in the console: the list with *Edit* and *End now*, and one form
//! that schedules a new outage or changes the one being edited (Eastern time, the
//! components, degraded or unavailable, the message in both languages), checked as
//! typed with the rules the server applies.
use crate::api;
use crate::components::form::{alert, loading};
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::hooks::use_fetch;
use crate::i18n::{field_error, t, t1};
use shared::api::error::FieldErrors;
use shared::api::outage::{OutageInput, OutageView};
use yew::prelude::*;

#[derive(Clone, Default, PartialEq)]
struct OutageForm {
    req: OutageInput,
    errors: FieldErrors,
    sent: bool,
    /// The outage being changed; `None` schedules a new one.
    editing: Option<String>,
}

/// `2026-11-26 21:00 EST` -> `2026-11-26 21:00`, as the form is typed.
/// An instant as the form takes it: `YYYY-MM-DD HH:MM`, Eastern time.
fn typed(secs: u64) -> String {
    shared::calendar::eastern(secs)
        .label()
        .chars()
        .take(16)
        .collect()
}

fn as_input(o: &OutageView) -> OutageInput {
    OutageInput {
        start: typed(o.period.start),
        end: typed(o.period.end),
        components: o.components.clone(),
        message_en: o.message_en.clone(),
        message_es: o.message_es.clone(),
        degraded: o.degraded,
    }
}

#[function_component(Outages)]
pub fn outages() -> Html {
    let l = use_locale();
    let reload = use_state(|| 0u32);
    let list = use_fetch(*reload, api::admin::outages);
    let form = use_state(OutageForm::default);
    let open = use_state(|| false);
    let alert_msg = use_state(|| None::<String>);
    let f = (*form).clone();
    // The catalogue's applications are components too (their names from the status).
    let status = crate::context::status::use_status();
    let apps: Vec<(String, String)> = status
        .as_ref()
        .map(|s| {
            s.applications
                .iter()
                .map(|a| (a.id.clone(), a.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let app_ids: Vec<&str> = apps.iter().map(|(id, _)| id.as_str()).collect();
    let live = f.req.validate(&app_ids).err().unwrap_or_default();
    let shown = |name: &str| {
        if f.sent {
            field_error(l, &live, name, "outage")
                .or_else(|| field_error(l, &f.errors, name, "outage"))
        } else {
            field_error(l, &f.errors, name, "outage")
        }
    };
    let text = |set: fn(&mut OutageInput, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut x = (*form).clone();
            set(&mut x.req, v);
            form.set(x);
        })
    };
    let submit = save_outage(l, &form, &reload, &alert_msg, &open, &app_ids);
    let end = |id: String| {
        let (reload, alert_msg) = (reload.clone(), alert_msg.clone());
        Callback::from(move |_| {
            let (reload, alert_msg, id) = (reload.clone(), alert_msg.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::end_outage(l, &id).await {
                    Ok(_) => reload.set(*reload + 1),
                    Err(e) => alert_msg.set(Some(e.message(l))),
                }
            });
        })
    };
    let edit = |o: &OutageView| {
        let (form, open) = (form.clone(), open.clone());
        let next = OutageForm {
            req: as_input(o),
            editing: Some(o.id.clone()),
            ..Default::default()
        };
        Callback::from(move |_| {
            form.set(next.clone());
            open.set(true);
        })
    };
    let cancel = {
        let (form, open) = (form.clone(), open.clone());
        Callback::from(move |_| {
            form.set(OutageForm::default());
            open.set(false);
        })
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(el.open());
        })
    };
    let degraded = {
        let form = form.clone();
        Callback::from(move |_: Event| {
            let mut x = (*form).clone();
            x.req.degraded = !x.req.degraded;
            form.set(x);
        })
    };
    let components = |c: String, name: String| component_box(&form, &f, c, name);
    html! {
        <div id="outages">
            { alert(&alert_msg) }
            { match &*list {
                None => loading(),
                Some(Err(e)) => alert(&Some(e.message(l))),
                Some(Ok(v)) if v.is_empty() => html! { <p>{ t(l, "status-no-outages") }</p> },
                Some(Ok(v)) => html! {
                    <ul class="devices" id="outage-list">
                        { for v.iter().map(|o| html! {
                            <li class="card" data-outage={o.id.clone()} data-degraded={o.degraded.to_string()}>
                                <p><strong>{ &o.period.start_et }{ " – " }{ &o.period.end_et }</strong></p>
                                <p>{ o.components.iter().map(|c| crate::components::status_words::component_name(l, status.as_deref(), c)).collect::<Vec<_>>().join(", ") }
                                    if o.degraded { { " · " }{ t(l, "status-state-degraded") } }</p>
                                <p>{ &o.message }</p>
                                <div class="actions">
                                    <button type="button" class="secondary" id={format!("edit-{}", o.id)} onclick={edit(o)}>{ t(l, "hd-outage-edit") }</button>
                                    <button type="button" class="danger" id={format!("end-{}", o.id)} onclick={end(o.id.clone())}>{ t(l, "hd-outage-end") }</button>
                                </div>
                            </li>
                        }) }
                    </ul>
                },
            } }
            <details class="card" open={*open} ontoggle={toggle}>
                <summary>{ match &f.editing {
                    Some(id) => t1(l, "hd-outage-editing", "id", id.clone()),
                    None => t(l, "hd-outage-new"),
                } }</summary>
                <form id="outage-form" onsubmit={submit} novalidate=true>
                    <p class="hint">{ t(l, "hd-outage-hint") }</p>
                    <Input id="outage-start" label={t(l, "hd-outage-start")} value={f.req.start.clone()} error={shown("start")} oninput={text(|r, v| r.start = v)} />
                    <Input id="outage-end" label={t(l, "hd-outage-end-time")} value={f.req.end.clone()} error={shown("end")} oninput={text(|r, v| r.end = v)} />
                    <fieldset class="field">
                        <legend>{ t(l, "status-components") }</legend>
                        { for shared::api::status::COMPONENTS.iter().map(|c| components(c.to_string(), t(l, &format!("status-component-{c}")))) }
                        { for apps.iter().map(|(id, name)| components(id.clone(), name.clone())) }
                        if let Some(e) = shown("components") { <p class="error">{ e }</p> }
                    </fieldset>
                    <label class="check"><input type="checkbox" id="outage-degraded" checked={f.req.degraded} onchange={degraded} />{ " " }{ t(l, "hd-outage-degraded") }</label>
                    <Input id="outage-message-en" label={t(l, "hd-outage-message-en")} value={f.req.message_en.clone()} error={shown("message_en")} oninput={text(|r, v| r.message_en = v)} />
                    <Input id="outage-message-es" label={t(l, "hd-outage-message-es")} value={f.req.message_es.clone()} error={shown("message_es")} oninput={text(|r, v| r.message_es = v)} />
                    <div class="actions">
                        <button type="submit" class="primary" id="outage-submit">{ if f.editing.is_some() { t(l, "hd-outage-save") } else { t(l, "hd-outage-create") } }</button>
                        if f.editing.is_some() {
                            <button type="button" class="secondary" id="outage-cancel" onclick={cancel}>{ t(l, "hd-cancel") }</button>
                        }
                    </div>
                </form>
            </details>
        </div>
    }
}

/// Creates the outage, or saves the one being edited, once the shared rule passes.
fn save_outage(
    l: shared::i18n::Locale,
    form: &UseStateHandle<OutageForm>,
    reload: &UseStateHandle<u32>,
    alert_msg: &UseStateHandle<Option<String>>,
    open: &UseStateHandle<bool>,
    app_ids: &[&str],
) -> Callback<SubmitEvent> {
    let (form, reload, alert_msg, open) = (
        form.clone(),
        reload.clone(),
        alert_msg.clone(),
        open.clone(),
    );
    let ids: Vec<String> = app_ids.iter().map(|s| s.to_string()).collect();
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let mut x = (*form).clone();
        x.sent = true;
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        if x.req.validate(&ids).is_err() {
            form.set(x);
            return;
        }
        let (form, reload, alert_msg, open) = (
            form.clone(),
            reload.clone(),
            alert_msg.clone(),
            open.clone(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            let r = match &x.editing {
                Some(id) => api::admin::update_outage(l, id, &x.req).await,
                None => api::admin::create_outage(l, &x.req).await,
            };
            match r {
                Ok(_) => {
                    form.set(OutageForm::default());
                    open.set(false);
                    alert_msg.set(None);
                    reload.set(*reload + 1);
                }
                Err(e) => {
                    x.errors = e.fields();
                    if x.errors.is_empty() {
                        alert_msg.set(Some(e.message(l)));
                    }
                    form.set(x);
                }
            }
        });
    })
}

/// One component's check box (a part of Umbral, or an application).
fn component_box(
    form: &UseStateHandle<OutageForm>,
    f: &OutageForm,
    c: String,
    name: String,
) -> Html {
    let checked = f.req.components.contains(&c);
    let form = form.clone();
    let id = format!("outage-{c}");
    let onchange = Callback::from(move |_: Event| {
        let mut x = (*form).clone();
        if x.req.components.contains(&c) {
            x.req.components.retain(|y| *y != c);
        } else {
            x.req.components.push(c.clone());
        }
        form.set(x);
    });
    html! { <label class="check"><input type="checkbox" {id} {checked} {onchange} />{ " " }{ name }</label> }
}
