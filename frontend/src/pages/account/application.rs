//! An application opened from My roles for one organisation (`/apps/{app}/{org}`): its
//! licence first when it has one (source `002_…`: accepting it binds the organisation;
//! declining leaves the screen and changes nothing), then "Open" to the application's own address
//! when the catalogue gives one, and what Umbral does for it: secure document
//! submission, with the organisation's submissions below. While the application is
//! closed for maintenance the page says until when instead.
use crate::api;
use crate::components::field::{describedby, Field};
use crate::components::form::{alert, loading};
use crate::components::input::Input;
use crate::components::licence_gate::LicenceGate;
use crate::components::submissions::submission_line;
use crate::context::prefs::use_locale;
use crate::context::session::{guard, use_session};
use crate::i18n::{field_error, t, t1, targs};
use crate::route::{Link, Route};
use shared::api::document::{
    check_file, FileRule, SubmissionForm, SubmissionInput, SubmissionView, MAX_FILES, SNIFF_LEN,
};
use shared::api::error::FieldErrors;
use shared::api::licence::LicenceView;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub app: AttrValue,
    pub org: AttrValue,
}

/// `1.2 MB`, `340 KB`.
pub fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

/// The size limit as people read it: `10 MB`.
fn limit_text(limit: u64) -> String {
    if limit.is_multiple_of(1 << 20) {
        format!("{} MB", limit >> 20)
    } else {
        size(limit)
    }
}

#[function_component(ApplicationPage)]
pub fn application_page(p: &Props) -> Html {
    let l = use_locale();
    let session = use_session();
    let reload = use_state(|| 0u32);
    let declined = use_state(|| false);
    let licence = use_state(|| None::<api::Answer<LicenceView>>);
    let roles = crate::hooks::use_fetch(0, api::access::my_roles);
    let status = crate::context::status::use_status();
    {
        let (licence, app, org) = (licence.clone(), p.app.to_string(), p.org.to_string());
        use_effect_with((l, *reload), move |(l, _)| {
            let l = *l;
            wasm_bindgen_futures::spawn_local(async move {
                licence.set(Some(api::documents::licence(l, &app, &org).await));
            });
        });
    }
    if let Err(h) = guard(&session) {
        return h;
    }
    let org_name = match &*roles {
        Some(Ok(m)) => m
            .grants
            .iter()
            .find(|g| g.application == p.app.as_str() && g.organization.id == p.org.as_str())
            .map(|g| g.organization.legal_name.clone())
            .unwrap_or_default(),
        _ => String::new(),
    };
    let body = match &*licence {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(v)) if !v.accepted => {
            let on_accepted = {
                let reload = reload.clone();
                Callback::from(move |()| reload.set(*reload + 1))
            };
            let on_decline = {
                let declined = declined.clone();
                // The source's decline leaves the screen: nothing is sent, nothing
                // changes, and the page says so (usability walk 3, journey 3).
                Callback::from(move |()| declined.set(true))
            };
            if *declined {
                let again = {
                    let declined = declined.clone();
                    Callback::from(move |_| declined.set(false))
                };
                html! {
                    <>
                        <p class="notice" role="status" id="licence-declined">{ t1(l, "lic-declined", "app", v.application_name.clone()) }</p>
                        <div class="actions">
                            <Link to={Route::MyRoles} classes="button"><span id="licence-declined-roles">{ t(l, "access-my-roles-title") }</span></Link>
                            <button type="button" class="secondary" id="licence-read-again" onclick={again}>{ t(l, "lic-read-again") }</button>
                        </div>
                    </>
                }
            } else {
                html! { <LicenceGate view={v.clone()} orgs={vec![p.org.to_string()]} {on_accepted} {on_decline} /> }
            }
        }
        Some(Ok(v)) => {
            // Closed for its maintenance (its weekly window or an outage): said here,
            // and neither the application nor its form is offered until it ends.
            let closed = status
                .as_ref()
                .and_then(|s| s.application(&p.app))
                .filter(|a| a.closed());
            html! {
                <>
                    if let Some(a) = closed {
                        <p class="notice" role="status" id="app-closed">{ crate::components::status_words::app_closed(l, a) }</p>
                    } else {
                        if let Some(url) = &v.url {
                            <div class="card" id="app-open-card">
                                <a class="button" id="app-open" href={url.clone()}>{ t1(l, "app-open", "app", v.application_name.clone()) }</a>
                                <p class="hint">{ t1(l, "app-open-hint", "app", v.application_name.clone()) }</p>
                            </div>
                        }
                        <DocumentForm app={p.app.clone()} org={p.org.clone()} />
                    }
                    <OrgSubmissions app={p.app.clone()} org={p.org.clone()} />
                </>
            }
        }
    };
    let title = match &*licence {
        Some(Ok(v)) => v.application_name.clone(),
        _ => String::new(),
    };
    html! {
        <section class="page">
            <h1 id="app-heading">{ title }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::SubmitADocument} />
            if !org_name.is_empty() {
                <p class="intro" id="app-org">{ t1(l, "doc-acting-for", "org", org_name) }</p>
            }
            { body }
        </section>
    }
}

/// A chosen file and what the shared rule says of it.
#[derive(Clone, PartialEq)]
struct Chosen {
    file: web_sys::File,
    name: String,
    size: u64,
    check: Result<(), FileRule>,
}

#[derive(Clone, Default, PartialEq)]
struct DocState {
    req: SubmissionInput,
    files: Vec<Chosen>,
    errors: FieldErrors,
    sent: bool,
    sending: bool,
}

/// The first bytes of a file, for [`check_file`].
async fn head(f: &web_sys::File) -> Vec<u8> {
    let Ok(blob) = f.slice_with_i32_and_i32(0, SNIFF_LEN as i32) else {
        return vec![];
    };
    match wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await {
        Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
        Err(_) => vec![],
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    app: AttrValue,
    org: AttrValue,
}

#[function_component(DocumentForm)]
fn document_form(p: &FormProps) -> Html {
    let l = use_locale();
    let navigator = use_navigator();
    let form = crate::hooks::use_fetch(0, api::documents::form);
    let st = use_state(|| DocState {
        req: SubmissionInput {
            application: p.app.to_string(),
            organization: p.org.to_string(),
            ..Default::default()
        },
        ..Default::default()
    });
    let alert_msg = use_state(|| None::<String>);
    let spec: SubmissionForm = match &*form {
        None => return loading(),
        Some(Err(e)) => return alert(&Some(e.message(l))),
        Some(Ok(f)) => f.clone(),
    };
    let types: Vec<String> = spec.types.iter().map(|t| t.id.clone()).collect();
    let s = (*st).clone();
    let live = {
        let ids: Vec<&str> = types.iter().map(String::as_str).collect();
        s.req.validate(&ids).err().unwrap_or_default()
    };
    let shown = |name: &str| {
        let live_one = if s.sent {
            field_error(l, &live, name, "doc")
        } else {
            None
        };
        live_one.or_else(|| field_error(l, &s.errors, name, "doc"))
    };
    let text = |set: fn(&mut SubmissionInput, String)| {
        let st = st.clone();
        Callback::from(move |v: String| {
            let mut x = (*st).clone();
            set(&mut x.req, v);
            x.errors.clear();
            st.set(x);
        })
    };
    let on_type = {
        let st = st.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut x = (*st).clone();
            x.req.doc_type = el.value();
            x.errors.remove("doc_type");
            st.set(x);
        })
    };
    let limit = spec.file_limit;
    let on_files = pick_files(&st, limit);
    let files_error = if s.files.len() > MAX_FILES {
        Some(t1(l, "doc-files-too_many", "max", MAX_FILES.to_string()))
    } else if s.files.is_empty() && s.sent {
        Some(t(l, "doc-files-required"))
    } else {
        s.errors
            .get("files")
            .and_then(|c| c.first())
            .map(|c| t1(l, &format!("doc-files-{c}"), "limit", limit_text(limit)))
    };
    let submit = send_submission(l, &st, &alert_msg, &navigator, &types);
    // A refused file can be taken out alone, rather than choosing every file again.
    let remove_file = |i: usize| {
        let st = st.clone();
        Callback::from(move |_: MouseEvent| {
            let mut x = (*st).clone();
            if i < x.files.len() {
                x.files.remove(i);
            }
            x.errors.remove("files");
            st.set(x);
        })
    };
    let refused = s.files.iter().any(|f| f.check.is_err());
    let files_described = describedby("doc-files", true, files_error.is_some(), None);
    html! {
        <form class="card" id="doc-form" novalidate=true onsubmit={submit}>
            <h2>{ t(l, "doc-title") }</h2>
            <p class="hint">{ t(l, "doc-receipt-rule") }</p>
            <Field id="doc-type" label={t(l, "doc-type")} error={shown("doc_type")}>
                <select id="doc-type" onchange={on_type} aria-invalid={shown("doc_type").is_some().to_string()}
                    aria-describedby={describedby("doc-type", false, shown("doc_type").is_some(), None)}>
                    <option value="" selected={s.req.doc_type.is_empty()}>{ t(l, "doc-type-choose") }</option>
                    { for spec.types.iter().map(|ty| html! {
                        <option value={ty.id.clone()} selected={s.req.doc_type == ty.id}>{ &ty.name }</option>
                    }) }
                </select>
            </Field>
            <Input id="doc-subject" label={t(l, "doc-subject")} value={s.req.subject.clone()}
                maxlength={AttrValue::from(shared::api::document::SUBJECT_MAX.to_string())}
                error={shown("subject")} oninput={text(|r, v| r.subject = v)} />
            <Input id="doc-reference" label={t(l, "doc-reference")} value={s.req.reference.clone()}
                hint={Some(t(l, "doc-reference-hint"))} optional_text={Some(t(l, "reg-optional"))}
                error={shown("reference")} oninput={text(|r, v| r.reference = v)} />
            <Field id="doc-files" label={t(l, "doc-files")}
                hint={Some(targs(l, "doc-files-hint", &[("limit", limit_text(limit)), ("max", MAX_FILES.to_string())]))}
                error={files_error.clone()}>
                <input type="file" id="doc-files" multiple=true onchange={on_files}
                    accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff"
                    aria-invalid={files_error.is_some().to_string()} aria-describedby={files_described} />
            </Field>
            if !s.files.is_empty() {
                { file_list(l, &s.files, limit, remove_file) }
            }
            { alert(&alert_msg) }
            // Next to the button, what stops it (a person does not scroll back up to look).
            if s.sent && refused {
                <p class="error" role="alert" id="doc-files-fix">{ t(l, "doc-files-fix") }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" id="doc-submit" disabled={s.sending}>
                    { t(l, if s.sending { "doc-sending" } else { "doc-submit" }) }
                </button>
            </div>
        </form>
    }
}

/// The organisation's submissions for this application (what the caller may see).
#[function_component(OrgSubmissions)]
fn org_submissions(p: &FormProps) -> Html {
    let l = use_locale();
    let list = crate::hooks::use_fetch(0, api::documents::submissions);
    let body = match &*list {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(v)) => {
            let mine: Vec<&SubmissionView> = v
                .iter()
                .filter(|s| s.application == p.app.as_str() && s.organization.id == p.org.as_str())
                .collect();
            if mine.is_empty() {
                html! { <p id="doc-none">{ t(l, "doc-none") }</p> }
            } else {
                html! {
                    <ul class="devices" id="doc-list">
                        { for mine.iter().map(|s| submission_line(l, s)) }
                    </ul>
                }
            }
        }
    };
    html! {
        <>
            <h2>{ t(l, "doc-list-title") }</h2>
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReceiptProps {
    pub reference: AttrValue,
}

/// A submission's receipt (`/submissions/{reference}`, also the link in its email):
/// the reference number, when it was received (ET), the receipt date and why it is
/// what it is, and each file with its SHA-256, to download.
#[function_component(SubmissionPage)]
pub fn submission_page(p: &ReceiptProps) -> Html {
    let l = use_locale();
    let session = use_session();
    let data = use_state(|| None::<api::Answer<SubmissionView>>);
    {
        let (data, reference) = (data.clone(), p.reference.to_string());
        use_effect_with(l, move |l| {
            let l = *l;
            wasm_bindgen_futures::spawn_local(async move {
                data.set(Some(api::documents::submission(l, &reference).await));
            });
        });
    }
    if let Err(h) = guard(&session) {
        return h;
    }
    let body = match &*data {
        None => loading(),
        Some(Err(e)) => alert(&Some(e.message(l))),
        Some(Ok(s)) => html! {
            <div class="card receipt" id="receipt" data-reference={s.reference.clone()}>
                // On paper the header is gone: the receipt names the portal it came from.
                <p class="print-only" id="receipt-portal">{ t1(l, "doc-printed-from", "app", s.application_name.clone()) }</p>
                <p class="notice" role="status" id="receipt-received">{ t(l, "doc-received") }</p>
                <dl class="facts">
                    <dt>{ t(l, "doc-reference-number") }</dt><dd id="receipt-reference"><strong>{ &s.reference }</strong></dd>
                    <dt>{ t(l, "doc-received-at") }</dt><dd id="receipt-time">{ &s.received_et }</dd>
                    <dt>{ t(l, "doc-receipt-date") }</dt><dd id="receipt-date">{ crate::format::fmt_day(l, &s.receipt_date) }</dd>
                    <dd class="hint" id="receipt-rule">{ t(l, shared::receipt::receipt_reason(s.received_at).key()) }</dd>
                    <dt>{ t(l, "doc-type") }</dt><dd>{ &s.doc_type_name }</dd>
                    <dt>{ t(l, "doc-subject") }</dt><dd>{ &s.subject }</dd>
                    if !s.claim_reference.is_empty() {
                        <dt>{ t(l, "doc-reference") }</dt><dd>{ &s.claim_reference }</dd>
                    }
                    <dt>{ t(l, "doc-organization") }</dt><dd>{ &s.organization.legal_name }</dd>
                    <dt>{ t(l, "doc-submitted-by") }</dt><dd>{ format!("{} ({})", s.submitted_by.name, s.submitted_by.user_id) }</dd>
                </dl>
                <h2>{ t(l, "doc-files") }</h2>
                <ul class="files" id="receipt-files">
                    { for s.files.iter().map(|f| html! {
                        <li data-kind={f.kind.code()}>
                            <a href={api::documents::file_url(&s.reference, f.index)} download={f.name.clone()}>{ &f.name }</a>
                            { " · " }{ size(f.size) }
                            <br /><small class="hash">{ "SHA-256 " }{ &f.sha256 }</small>
                        </li>
                    }) }
                </ul>
                <div class="actions">
                    <button type="button" class="secondary" id="receipt-print" onclick={Callback::from(|_| {
                        if let Some(w) = web_sys::window() {
                            let _ = w.print();
                        }
                    })}>{ t(l, "doc-print") }</button>
                </div>
                <p class="no-print"><Link to={Route::Application { app: s.application.clone(), org: s.organization.id.clone() }}>{ t(l, "doc-back") }</Link></p>
            </div>
        },
    };
    html! {
        <section class="page">
            <h1 id="receipt-heading">{ t(l, "doc-receipt-title") }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::SubmitADocument} />
            { body }
        </section>
    }
}

/// The chosen files: each file's first bytes and size checked by the shared rule.
fn pick_files(st: &UseStateHandle<DocState>, limit: u64) -> Callback<Event> {
    let st = st.clone();
    Callback::from(move |e: Event| {
        let el: web_sys::HtmlInputElement = e.target_unchecked_into();
        let Some(list) = el.files() else { return };
        let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        let st = st.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut chosen = vec![];
            for f in picked {
                let size = f.size() as u64;
                let check = check_file(size, &head(&f).await, limit).map(|_| ());
                chosen.push(Chosen {
                    name: f.name(),
                    file: f,
                    size,
                    check,
                });
            }
            let mut x = (*st).clone();
            x.files = chosen;
            x.errors.remove("files");
            st.set(x);
        });
    })
}

/// Sends the submission (fields, then files) once its rules pass; the receipt's page
/// follows, or what the server refused shows.
fn send_submission(
    l: shared::i18n::Locale,
    st: &UseStateHandle<DocState>,
    alert_msg: &UseStateHandle<Option<String>>,
    navigator: &Option<Navigator>,
    types: &[String],
) -> Callback<SubmitEvent> {
    let (st, alert_msg, navigator) = (st.clone(), alert_msg.clone(), navigator.clone());
    let types = types.to_vec();
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let mut x = (*st).clone();
        x.sent = true;
        let ids: Vec<&str> = types.iter().map(String::as_str).collect();
        let bad_file = x.files.is_empty()
            || x.files.len() > MAX_FILES
            || x.files.iter().any(|f| f.check.is_err());
        if x.req.validate(&ids).is_err() || bad_file || x.sending {
            st.set(x);
            return;
        }
        let Ok(body) = web_sys::FormData::new() else {
            return;
        };
        for (k, v) in [
            ("application", &x.req.application),
            ("organization", &x.req.organization),
            ("doc_type", &x.req.doc_type),
            ("subject", &x.req.subject),
            ("reference", &x.req.reference),
        ] {
            let _ = body.append_with_str(k, v);
        }
        for f in &x.files {
            let blob: &web_sys::Blob = f.file.unchecked_ref();
            let _ = body.append_with_blob_and_filename("file", blob, &f.name);
        }
        x.sending = true;
        st.set(x.clone());
        let (st, alert_msg, navigator) = (st.clone(), alert_msg.clone(), navigator.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match api::documents::submit(l, body).await {
                Ok(v) => {
                    if let Some(n) = &navigator {
                        n.push(&Route::Submission {
                            reference: v.reference,
                        });
                    }
                }
                Err(e) => {
                    x.sending = false;
                    x.errors = e.fields();
                    alert_msg.set(x.errors.is_empty().then(|| e.message(l)));
                    st.set(x);
                }
            }
        });
    })
}

/// The chosen files, each with its size, what the rule said of it, and a button to
/// take it out.
fn file_list(
    l: shared::i18n::Locale,
    files: &[Chosen],
    limit: u64,
    remove_file: impl Fn(usize) -> Callback<MouseEvent>,
) -> Html {
    html! {
            <ul class="files" id="doc-file-list">
        { for files.iter().enumerate().map(|(i, f)| {
            let err = f.check.err().map(|r| t1(l, &format!("doc-files-{}", r.code()), "limit", limit_text(limit)));
            html! {
                <li data-ok={err.is_none().to_string()} class={classes!(err.is_some().then_some("has-error"))}>
                    <span class="file-name">{ &f.name }</span>{ " · " }{ size(f.size) }
                    if let Some(e) = err { <span class="error" role="alert">{ format!(" · {e}") }</span> }
                    { " " }
                    <button type="button" class="link-button" id={format!("doc-remove-{i}")}
                        aria-label={t1(l, "doc-remove-file", "name", f.name.clone())} onclick={remove_file(i)}>
                        { t(l, "doc-remove") }
                    </button>
                </li>
            }
        }) }
    </ul>
        }
}
