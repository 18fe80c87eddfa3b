//! Scheduled outages in the console: the list with *Edit* and *End now*, and one form
//! that schedules a new outage or changes the one being edited (Eastern time, the
//! components, degraded or unavailable, the message in both languages), checked as
//! typed with the rules the server applies.
use crate::api;
use crate::components::form::{alert, loading};
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::use_session;
use crate::hooks::form::{edit, submitter, use_form, Form};
use crate::hooks::use_fetch;
use crate::i18n::{t, t1};
use shared::api::outage::{OutageInput, OutageView};
use yew::prelude::*;

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
    let session = use_session();
    let form = use_form(OutageInput::default);
    // The outage being changed; `None` schedules a new one.
    let editing = use_state(|| None::<String>);
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
    let shown = |name: &str| f.message(l, &live, name, "outage");
    let submit = save_outage(
        l,
        &form,
        &editing,
        &session,
        &app_ids,
        (&reload, &alert_msg, &open),
    );
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
    let start_edit = |o: &OutageView| {
        let (form, editing, open) = (form.clone(), editing.clone(), open.clone());
        let (next, id) = (as_input(o), o.id.clone());
        Callback::from(move |_| {
            form.set(Form {
                req: next.clone(),
                ..Default::default()
            });
            editing.set(Some(id.clone()));
            open.set(true);
        })
    };
    let cancel = {
        let (form, editing, open) = (form.clone(), editing.clone(), open.clone());
        Callback::from(move |_| {
            form.set(Form::default());
            editing.set(None);
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
                                    <button type="button" class="secondary" id={format!("edit-{}", o.id)} onclick={start_edit(o)}>{ t(l, "hd-outage-edit") }</button>
                                    <button type="button" class="danger" id={format!("end-{}", o.id)} onclick={end(o.id.clone())}>{ t(l, "hd-outage-end") }</button>
                                </div>
                            </li>
                        }) }
                    </ul>
                },
            } }
            <details class="card" open={*open} ontoggle={toggle}>
                <summary>{ match &*editing {
                    Some(id) => t1(l, "hd-outage-editing", "id", id.clone()),
                    None => t(l, "hd-outage-new"),
                } }</summary>
                <form id="outage-form" onsubmit={submit} novalidate=true>
                    <p class="hint">{ t(l, "hd-outage-hint") }</p>
                    <Input id="outage-start" label={t(l, "hd-outage-start")} value={f.req.start.clone()} error={shown("start")} oninput={edit(&form, "start", |r, v| r.start = v)} />
                    <Input id="outage-end" label={t(l, "hd-outage-end-time")} value={f.req.end.clone()} error={shown("end")} oninput={edit(&form, "end", |r, v| r.end = v)} />
                    <fieldset class="field">
                        <legend>{ t(l, "status-components") }</legend>
                        { for shared::api::status::COMPONENTS.iter().map(|c| components(c.to_string(), t(l, &format!("status-component-{c}")))) }
                        { for apps.iter().map(|(id, name)| components(id.clone(), name.clone())) }
                        if let Some(e) = shown("components") { <p class="error">{ e }</p> }
                    </fieldset>
                    <label class="check"><input type="checkbox" id="outage-degraded" checked={f.req.degraded} onchange={degraded} />{ " " }{ t(l, "hd-outage-degraded") }</label>
                    <Input id="outage-message-en" label={t(l, "hd-outage-message-en")} value={f.req.message_en.clone()} error={shown("message_en")} oninput={edit(&form, "message_en", |r, v| r.message_en = v)} />
                    <Input id="outage-message-es" label={t(l, "hd-outage-message-es")} value={f.req.message_es.clone()} error={shown("message_es")} oninput={edit(&form, "message_es", |r, v| r.message_es = v)} />
                    { alert(&f.alert) }
                    <div class="actions">
                        <button type="submit" class="primary" id="outage-submit" disabled={f.busy}>{ if editing.is_some() { t(l, "hd-outage-save") } else { t(l, "hd-outage-create") } }</button>
                        if editing.is_some() {
                            <button type="button" class="secondary" id="outage-cancel" onclick={cancel}>{ t(l, "hd-cancel") }</button>
                        }
                    </div>
                </form>
            </details>
        </div>
    }
}

/// One component's check box (a part of Umbral, or an application).
fn component_box(
    form: &UseStateHandle<Form<OutageInput>>,
    f: &Form<OutageInput>,
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

/// Schedules the outage, or saves the one being edited, once the shared rule passes;
/// then the form closes, the list is fetched again (`after`: the list's counter, the
/// console's alert, the form's open state).
fn save_outage(
    l: shared::i18n::Locale,
    form: &UseStateHandle<Form<OutageInput>>,
    editing: &UseStateHandle<Option<String>>,
    session: &crate::context::session::SessionCtx,
    app_ids: &[&str],
    after: (
        &UseStateHandle<u32>,
        &UseStateHandle<Option<String>>,
        &UseStateHandle<bool>,
    ),
) -> Callback<SubmitEvent> {
    let (reload, alert_msg, open) = after;
    let (st, editing_now, reload, alert_msg, open) = (
        form.clone(),
        editing.clone(),
        reload.clone(),
        alert_msg.clone(),
        open.clone(),
    );
    let ids: Vec<String> = app_ids.iter().map(|s| s.to_string()).collect();
    let id = (**editing).clone();
    submitter(
        form,
        session,
        l,
        move |r: &OutageInput| {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            r.validate(&ids).err().unwrap_or_default()
        },
        move |r| {
            let id = id.clone();
            async move {
                match id {
                    Some(id) => api::admin::update_outage(l, &id, &r).await,
                    None => api::admin::create_outage(l, &r).await,
                }
            }
        },
        move |_, _| {
            st.set(Form::default());
            editing_now.set(None);
            open.set(false);
            alert_msg.set(None);
            reload.set(*reload + 1);
        },
    )
}
