//! Urgent alerts in the console: post one (title and message in English and Spanish, an
//! optional end in Eastern time), see each alert's emailing progress (refreshed every
//! few seconds while one is under way), end one.
use crate::api;
use crate::components::field::{describedby, Field};
use crate::components::form::{alert, loading};
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::use_session;
use crate::hooks::form::{edit, submitter, use_form, Form};
use crate::hooks::use_fetch;
use crate::i18n::{t, targs};
use shared::api::alert::{AlertAdminView, AlertInput};
use shared::api::error::FieldErrors;
use shared::i18n::Locale;
use yew::prelude::*;

/// How often the list is fetched again while an alert is being emailed.
const PROGRESS_MS: u32 = 3000;

fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

#[derive(Properties, PartialEq)]
struct TextProps {
    id: AttrValue,
    label: String,
    value: String,
    error: Option<String>,
    oninput: Callback<String>,
}

/// A message box: a labelled textarea with its error.
#[function_component(TextArea)]
fn text_area(p: &TextProps) -> Html {
    let oninput = {
        let cb = p.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            cb.emit(el.value())
        })
    };
    let described = describedby(&p.id, false, p.error.is_some(), None);
    html! {
        <Field id={p.id.clone()} label={p.label.clone()} error={p.error.clone()}>
            <textarea id={p.id.clone()} rows="4" maxlength="2000" value={p.value.clone()} {oninput}
                aria-invalid={p.error.is_some().then_some("true")}
                aria-describedby={described} />
        </Field>
    }
}

fn progress(l: Locale, a: &AlertAdminView) -> Html {
    let f = &a.fan_out;
    html! {
        <p class="hint" data-finished={f.finished.to_string()}>
            { targs(l, "hd-alert-progress", &[
                ("emailed", f.emailed.to_string()),
                ("accounts", f.accounts.to_string()),
                ("skipped", f.skipped.to_string()),
            ]) }{ " " }
            { t(l, if f.finished { "hd-alert-finished" } else { "hd-alert-sending" }) }
            if f.accounts > 0 {
                <progress max={f.accounts.to_string()} value={f.done.to_string()} />
            }
        </p>
    }
}

#[function_component(Alerts)]
pub fn alerts() -> Html {
    let l = use_locale();
    let reload = use_state(|| 0u32);
    let list = use_fetch(*reload, api::admin::alerts);
    let session = use_session();
    let form = use_form(AlertInput::default);
    let options = use_state(|| None::<shared::api::site::SiteOptions>);
    {
        let options = options.clone();
        use_effect_with(l, move |l| {
            let l = *l;
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(o) = api::auth::site_options(l).await {
                    options.set(Some(o));
                }
            });
        });
    }
    let alert_msg = use_state(|| None::<String>);
    // Fetch again while an alert's emailing is under way.
    let busy = matches!(&*list, Some(Ok(v)) if v.iter().any(|a| !a.fan_out.finished));
    {
        let reload = reload.clone();
        use_effect_with((busy, *reload), move |(busy, n)| {
            let n = *n;
            let t = busy.then(|| {
                gloo_timers::callback::Timeout::new(PROGRESS_MS, move || reload.set(n + 1))
            });
            move || drop(t)
        });
    }
    let f = (*form).clone();
    let live = check(&f.req);
    let shown = |name: &str| f.message(l, &live, name, "alert");
    // One checkbox per choice of the site preferences: the alert is only for those ticked.
    let tag = |c: &shared::api::site::Choice, group: &str, checked: bool, list: AudienceList| {
        audience_box(&form, c, group, checked, list)
    };
    let submit = {
        let (st, reload, alert_msg) = (form.clone(), reload.clone(), alert_msg.clone());
        submitter(
            &form,
            &session,
            l,
            check,
            move |r| async move { api::admin::post_alert(l, &r).await },
            move |_, _| {
                st.set(Form::default());
                alert_msg.set(None);
                reload.set(*reload + 1);
            },
        )
    };
    let end = |id: String| {
        let (reload, alert_msg) = (reload.clone(), alert_msg.clone());
        Callback::from(move |_| {
            let (reload, alert_msg, id) = (reload.clone(), alert_msg.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::end_alert(l, &id).await {
                    Ok(_) => reload.set(*reload + 1),
                    Err(e) => alert_msg.set(Some(e.message(l))),
                }
            });
        })
    };
    html! {
        <div id="alerts">
            { alert(&alert_msg) }
            { match &*list {
                None => loading(),
                Some(Err(e)) => alert(&Some(e.message(l))),
                Some(Ok(v)) if v.is_empty() => html! { <p id="alert-none">{ t(l, "hd-alert-none") }</p> },
                Some(Ok(v)) => html! {
                    <ul class="devices" id="alert-list">
                        { for v.iter().map(|a| html! {
                            <li class="card" data-alert={a.id.clone()} data-current={a.current.to_string()}>
                                <p><strong>{ if l == Locale::Es { &a.title_es } else { &a.title_en } }</strong>
                                    if !a.current { { " · " }{ t(l, "hd-alert-ended") } }</p>
                                <p class="hint">{ targs(l, "hd-alert-by", &[("who", a.posted_by.clone()), ("when", a.posted_et.clone())]) }
                                    if let Some(e) = &a.end_et { { " · " }{ targs(l, "status-alert-until", &[("when", e.clone())]) } }</p>
                                { progress(l, a) }
                                if a.current {
                                    <div class="actions">
                                        <button type="button" class="danger" id={format!("end-{}", a.id)} onclick={end(a.id.clone())}>{ t(l, "hd-alert-end-now") }</button>
                                    </div>
                                }
                            </li>
                        }) }
                    </ul>
                },
            } }
            <details class="card">
                <summary>{ t(l, "hd-alert-new") }</summary>
                <form id="alert-form" onsubmit={submit} novalidate=true>
                    <p class="hint">{ t(l, "hd-alert-hint") }</p>
                    <Input id="alert-title-en" label={t(l, "hd-alert-title-en")} value={f.req.title_en.clone()} error={shown("title_en")} oninput={edit(&form, "title_en", |r, v| r.title_en = v)} />
                    <TextArea id="alert-body-en" label={t(l, "hd-alert-body-en")} value={f.req.body_en.clone()} error={shown("body_en")} oninput={edit(&form, "body_en", |r, v| r.body_en = v)} />
                    <Input id="alert-title-es" label={t(l, "hd-alert-title-es")} value={f.req.title_es.clone()} error={shown("title_es")} oninput={edit(&form, "title_es", |r, v| r.title_es = v)} />
                    <TextArea id="alert-body-es" label={t(l, "hd-alert-body-es")} value={f.req.body_es.clone()} error={shown("body_es")} oninput={edit(&form, "body_es", |r, v| r.body_es = v)} />
                    <Input id="alert-end" label={t(l, "hd-alert-end")} hint={Some(t(l, "hd-alert-end-hint"))} value={f.req.end.clone()} error={shown("end")} oninput={edit(&form, "end", |r, v| r.end = v)} />
                    if let Some(o) = &*options {
                        <fieldset class="audience" id="alert-audience">
                            <legend>{ t(l, "hd-alert-audience") }</legend>
                            { for o.who.iter().map(|c| tag(c, "who", f.req.audience.who.contains(&c.id), |a| &mut a.who)) }
                            { for o.locations.iter().map(|c| tag(c, "location", f.req.audience.locations.contains(&c.id), |a| &mut a.locations)) }
                            { for o.lines.iter().map(|c| tag(c, "line", f.req.audience.lines.contains(&c.id), |a| &mut a.lines)) }
                        </fieldset>
                    }
                    { alert(&f.alert) }
                    <div class="actions"><button type="submit" class="primary" id="alert-submit" disabled={f.busy}>{ t(l, "hd-alert-post") }</button></div>
                </form>
            </details>
        </div>
    }
}

/// One list of an alert's audience (who, locations, lines).
type AudienceList = fn(&mut shared::api::site::Audience) -> &mut Vec<String>;

/// A check box for one choice of the site preferences.
fn audience_box(
    form: &UseStateHandle<Form<AlertInput>>,
    c: &shared::api::site::Choice,
    group: &str,
    checked: bool,
    list: AudienceList,
) -> Html {
    let (form, id) = (form.clone(), c.id.clone());
    let onchange = Callback::from(move |e: Event| {
        let el: web_sys::HtmlInputElement = e.target_unchecked_into();
        let mut x = (*form).clone();
        let v = list(&mut x.req.audience);
        v.retain(|t| *t != id);
        if el.checked() {
            v.push(id.clone());
        }
        form.set(x);
    });
    let dom_id = format!("alert-{group}-{}", c.id.to_lowercase());
    html! {
        <label for={dom_id.clone()}><input type="checkbox" id={dom_id} {checked} {onchange} />{ &c.name }</label>
    }
}

/// The shared rule, at this instant (an end must be in the future).
fn check(r: &AlertInput) -> FieldErrors {
    r.validate(now_secs()).err().unwrap_or_default()
}
