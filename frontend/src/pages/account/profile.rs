//! My profile: who I am, recent activity, "Manage MFA and recovery devices" (list, add
//! another, edit, remove: MFA registration guide steps 2-4) and change password.
use crate::api::auth::{DeviceScope, DeviceVerified};
use crate::api::{self, CallError};
use crate::components::device_form::DeviceForm;
use crate::components::input::Input;
use crate::components::recovery_codes::RecoveryCodesCard;
use crate::components::rule_list::RuleList;
use crate::context::prefs::use_locale;
use crate::context::session::{guard, on_session_end, refresh, use_session, SessionCtx};
use crate::format::fmt_time;
use crate::hooks::form::{edit, submitter, use_form, Form};
use crate::i18n::{device_name, field_error, t, t1};
use crate::route::{Link, Route};
use shared::api::account_role::AccountRole;
use shared::api::auth::{
    Activity, CodeInput, DeviceEdit, DeviceKind, DeviceStatus, DeviceView, PasswordChange, Profile,
};
use shared::api::error::ErrorCode;
use shared::api::error::FieldErrors;
use shared::i18n::Locale;
use shared::validate::password;
use yew::prelude::*;

#[function_component(ProfilePage)]
pub fn profile_page() -> Html {
    let l = use_locale();
    let session = use_session();
    let activity = use_state(Vec::<Activity>::new);
    {
        let activity = activity.clone();
        let session = session.clone();
        let logged_in = session.profile.is_some();
        use_effect_with(logged_in, move |logged_in| {
            if *logged_in {
                wasm_bindgen_futures::spawn_local(async move {
                    match api::auth::activity(l).await {
                        Ok(a) => activity.set(a),
                        Err(e) => {
                            on_session_end(&session, &e);
                        }
                    }
                });
            }
        });
    }
    let p = match guard(&session) {
        Ok(p) => p,
        Err(h) => return h,
    };
    let active = p
        .devices
        .iter()
        .filter(|d| d.status == DeviceStatus::Active)
        .count();
    html! {
        <section class="page">
            <h1 id="profile-heading">{ t1(l, "profile-welcome", "name", p.first_name.clone()) }</h1>
            if p.recovered {
                <p class="banner" role="status" id="recovered-banner">{ t(l, "recovery-recovered") }{ " " }
                    <Link to={Route::Devices} classes="link"><span id="recovered-devices">{ t(l, "profile-devices") }</span></Link></p>
            }
            if active == 1 {
                <p class="banner" role="status" id="one-device-banner">{ t(l, "devices-one-banner") }</p>
            }
            if p.recovery_codes_left == 0 && !p.recovered {
                <p class="banner" role="status" id="no-codes-banner">{ t(l, "recovery-nudge") }{ " " }
                    <Link to={Route::Devices} classes="link"><span id="no-codes-make">{ t(l, "recovery-make") }</span></Link></p>
            }
            <dl class="card facts">
                <dt>{ t(l, "profile-user-id") }</dt><dd id="profile-user-id">{ &p.user_id }</dd>
                <dt>{ t(l, "profile-email") }</dt><dd>{ &p.email }</dd>
            </dl>
            <div class="tiles">
                <Link to={Route::Devices} classes="tile" ><span id="manage-devices">{ t(l, "profile-devices") }</span></Link>
                <Link to={Route::ChangePassword} classes="tile"><span id="change-password">{ t(l, "profile-password") }</span></Link>
                <Link to={Route::AccountDetails} classes="tile"><span id="account-details">{ t(l, "details-title") }</span></Link>
                <Link to={Route::MyRoles} classes="tile"><span id="my-roles">{ t(l, "access-my-roles-title") }</span></Link>
                <Link to={Route::RoleRequest} classes="tile"><span id="role-request">{ t(l, "access-request-role") }</span></Link>
                if p.is(AccountRole::Approver) {
                    <Link to={Route::Approvals} classes="tile"><span id="approvals">{ t(l, "access-approvals") }</span></Link>
                }
                if p.is(AccountRole::HelpDesk) {
                    <Link to={Route::HelpDesk} classes="tile"><span id="help-desk">{ t(l, "access-help-desk") }</span></Link>
                }
            </div>
            <p class="hint">{ t(l, "profile-session") }</p>
            <crate::components::signed_in_apps::SignedInApps />
            <h2>{ t(l, "profile-activity") }</h2>
            <ul class="activity" id="activity">
                { for activity.iter().map(|a| html! {
                    <li data-event={a.event.clone()}>
                        <time>{ fmt_time(l, a.at) }</time>{ " " }
                        <span>{ t(l, &format!("activity-{}", a.event)) }</span>
                    </li>
                }) }
            </ul>
        </section>
    }
}

#[derive(Clone, Default, PartialEq)]
enum Mode {
    #[default]
    List,
    Adding,
    Added(String),
    Editing(String),
    Removing(String),
}

#[derive(Clone, Default, PartialEq)]
struct DevState {
    mode: Mode,
    edit: DeviceEdit,
    code: String,
    awaiting_code: bool,
    errors: FieldErrors,
    alert: Option<String>,
    notice: Option<String>,
}

fn kind_label(l: Locale, d: &DeviceView) -> String {
    t(l, &format!("device-kind-short-{}", d.kind.code()))
}

#[function_component(Devices)]
pub fn devices() -> Html {
    let l = use_locale();
    let session = use_session();
    let st = use_state(DevState::default);
    let p = match guard(&session) {
        Ok(p) => p,
        Err(h) => return h,
    };
    let s = &*st;

    let fail = {
        let st = st.clone();
        let session = session.clone();
        Callback::from(move |e: CallError| {
            if on_session_end(&session, &e) {
                return;
            }
            let mut s = (*st).clone();
            s.errors = e.fields();
            s.alert = Some(if e.is(ErrorCode::ReauthenticationRequired) {
                t(l, "devices-reauth")
            } else {
                e.message(l)
            });
            st.set(s);
        })
    };

    let to_mode = |m: Mode| to_mode(&st, m);

    let alert = s
        .alert
        .as_ref()
        .map(|a| html! { <p class="alert" role="alert" id="devices-alert">{ a }</p> });
    let notice = s
        .notice
        .as_ref()
        .map(|a| html! { <p class="notice" role="status" id="devices-notice">{ a }</p> });

    let body = match &s.mode {
        Mode::Adding => {
            let on_done = {
                let st = st.clone();
                let session = session.clone();
                Callback::from(move |v: DeviceVerified| {
                    let name = match v {
                        DeviceVerified::Device(d) => device_name(l, &d),
                        DeviceVerified::LoggedIn(_) => String::new(),
                    };
                    st.set(DevState {
                        mode: Mode::Added(name),
                        ..Default::default()
                    });
                    let session = session.clone();
                    wasm_bindgen_futures::spawn_local(async move { refresh(l, &session).await });
                })
            };
            let on_error = {
                let fail = fail.clone();
                Callback::from(move |e: CallError| {
                    if e.is_session_end() || e.is(ErrorCode::ReauthenticationRequired) {
                        fail.emit(e)
                    }
                })
            };
            html! {
                <>
                    <h2>{ t(l, "devices-add") }</h2>
                    <DeviceForm locale={l} scope={DeviceScope::Profile} {on_done} {on_error} on_cancel={Some({ let st = st.clone(); Callback::from(move |_: ()| st.set(DevState::default())) })} />
                </>
            }
        }
        Mode::Added(name) => html! {
            <div class="card" id="device-added" role="status">
                <h2>{ t(l, "devices-added-title") }</h2>
                <p>{ t1(l, "devices-added-body", "device", name.clone()) }</p>
                <button type="button" class="primary" id="devices-back" onclick={to_mode(Mode::List)}>{ t(l, "devices-back") }</button>
            </div>
        },
        _ => {
            let rows = p
                .devices
                .iter()
                .map(|d| device_row(l, d, &p, &st, &session, &fail));
            html! {
                <>
                    <ul class="devices" id="device-list">{ for rows }</ul>
                    <div class="actions">
                        <button type="button" class="primary" id="add-device" onclick={to_mode(Mode::Adding)}>{ t(l, "devices-add") }</button>
                    </div>
                    <crate::components::passkey_add::PasskeyAdd />
                </>
            }
        }
    };
    let active = p
        .devices
        .iter()
        .filter(|d| d.status == DeviceStatus::Active)
        .count();
    html! {
        <section class="page">
            <h1 id="devices-heading">{ t(l, "devices-title") }</h1>
            <crate::components::help_link::HelpLink topic={shared::help::Topic::Devices} />
            <p>{ t(l, "devices-intro") }</p>
            if p.recovered {
                <p class="banner" role="status" id="recovered-banner">{ t(l, "recovery-recovered") }</p>
            }
            if active == 1 {
                <p class="banner" role="status" id="one-device-banner">{ t(l, "devices-one-banner") }</p>
            }
            { for alert }
            { for notice }
            { body }
            if s.mode == Mode::List { <RecoveryCodesCard /> }
        </section>
    }
}

#[function_component(ChangePassword)]
pub fn change_password() -> Html {
    let l = use_locale();
    let session = use_session();
    let st = use_form(PasswordChange::default);
    // Asked of the server as the person types (the dictionaries stay there).
    let who = session
        .profile
        .as_ref()
        .map(|p| {
            vec![
                p.user_id.clone(),
                p.first_name.clone(),
                p.last_name.clone(),
                p.email.clone(),
            ]
        })
        .unwrap_or_default();
    let local_ok = session.profile.as_ref().is_some_and(|p| {
        password::validate(
            &st.req.new_password,
            password::Context {
                user_id: &p.user_id,
                first_name: &p.first_name,
                last_name: &p.last_name,
            },
        )
        .is_ok()
    });
    let common = crate::hooks::use_common_check(st.req.new_password.clone(), who, local_ok);
    let p = match guard(&session) {
        Ok(p) => p,
        Err(h) => return h,
    };
    let s = &*st;
    let ctx = password::Context {
        user_id: &p.user_id,
        first_name: &p.first_name,
        last_name: &p.last_name,
    };
    let rules = crate::components::rule_list::password_rules(&s.req.new_password, ctx, common);
    let live = s.req.validate(ctx);
    let submit = {
        let st = st.clone();
        let (user_id, first, last) = (p.user_id.clone(), p.first_name.clone(), p.last_name.clone());
        submitter(
            &st.clone(),
            &session,
            l,
            move |r: &PasswordChange| {
                r.validate(password::Context {
                    user_id: &user_id,
                    first_name: &first,
                    last_name: &last,
                })
            },
            move |r| async move { api::auth::change_password(l, &r).await },
            move |(), _| {
                st.set(Form {
                    done: Some(String::new()),
                    ..Default::default()
                })
            },
        )
    };
    let set = |field: &'static str, f: fn(&mut PasswordChange, String)| edit(&st, field, f);
    html! {
        <section class="page narrow">
            <h1 id="password-heading">{ t(l, "password-title") }</h1>
            if s.done.is_some() { <p class="notice" role="status" id="password-done">{ t(l, "password-done") }</p> }
            if let Some(a) = &s.alert { <p class="alert" role="alert">{ a }</p> }
            <form class="card" id="password-form" onsubmit={submit} novalidate=true>
                <crate::components::error_summary::FormErrorSummary form_id="password-form" attempt={s.attempts} />
                <Input id="current_password" label={t(l, "password-current")} kind="password" value={s.req.current_password.clone()}
                    autocomplete={Some(AttrValue::Static("current-password"))}
                    error={s.message(l, &live, "current_password", "current_password")} oninput={set("current_password", |r, v| r.current_password = v)} />
                <Input id="new_password" label={t(l, "password-new")} kind="password" value={s.req.new_password.clone()}
                    autocomplete={Some(AttrValue::Static("new-password"))} describedby_extra={Some(AttrValue::Static("new_password-rules"))}
                    error={if s.submitted { s.message(l, &live, "new_password", "password") } else { None }} oninput={set("new_password", |r, v| r.new_password = v)} />
                <RuleList id="new_password-rules" locale={l} kind="password" {rules} />
                <div class="actions">
                    <button type="submit" class="primary" id="password-submit" disabled={s.busy}>{ t(l, "password-submit") }</button>
                </div>
            </form>
            <p><Link to={Route::Profile} classes="link">{ t(l, "nav-profile") }</Link></p>
        </section>
    }
}

/// A mode's button: the list, adding, editing or removing one device.
fn to_mode(st: &UseStateHandle<DevState>, m: Mode) -> Callback<MouseEvent> {
    let st = st.clone();
    Callback::from(move |_: MouseEvent| {
        st.set(DevState {
            mode: m.clone(),
            ..Default::default()
        })
    })
}

/// One device in the list: its name, kind, masked destination and tags, and its
/// edit and remove buttons (or the edit form, or the removal's confirmation).
fn device_row(
    l: Locale,
    d: &DeviceView,
    p: &Profile,
    st: &UseStateHandle<DevState>,
    session: &SessionCtx,
    fail: &Callback<CallError>,
) -> Html {
    let s = &**st;
    let to_mode = |m: Mode| to_mode(st, m);
    let id = d.id.clone();
    let editing = s.mode == Mode::Editing(id.clone());
    let removing = s.mode == Mode::Removing(id.clone());
    let is_default = p.default_device.as_deref() == Some(d.id.as_str());
    let title = if d.label.is_empty() {
        kind_label(l, d)
    } else {
        d.label.clone()
    };
    let remove_yes = {
        let (st, session, fail, id) = (st.clone(), session.clone(), fail.clone(), id.clone());
        Callback::from(move |_| {
            let (st, session, fail, id) = (st.clone(), session.clone(), fail.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::auth::remove_device(l, &id).await {
                    Ok(()) => {
                        st.set(DevState {
                            notice: Some(t(l, "devices-removed")),
                            ..Default::default()
                        });
                        refresh(l, &session).await;
                    }
                    Err(e) => fail.emit(e),
                }
            });
        })
    };
    let edit_form = editing.then(|| edit_device_form(l, d, st, session, fail));
    let start_edit = {
        let st = st.clone();
        let (id, label) = (id.clone(), d.label.clone());
        Callback::from(move |_| {
            st.set(DevState {
                mode: Mode::Editing(id.clone()),
                edit: DeviceEdit {
                    label: Some(label.clone()),
                    ..Default::default()
                },
                ..Default::default()
            })
        })
    };
    html! {
        <li class="device card" data-device-id={d.id.clone()} data-kind={d.kind.code()}>
            <div class="device-head">
                <strong class="device-title">{ title }</strong>
                if !d.label.is_empty() { <span class="device-kind">{ kind_label(l, d) }</span> }
                if !d.masked.is_empty() { <span class="device-masked">{ &d.masked }</span> }
                if d.status == DeviceStatus::Pending { <span class="tag warn">{ t(l, "devices-pending") }</span> }
                if is_default { <span class="tag">{ t(l, "devices-default") }</span> }
            </div>
            if removing {
                <div class="confirm" role="alertdialog" aria-labelledby={format!("confirm-{}", d.id)}>
                    <p id={format!("confirm-{}", d.id)}>{ t1(l, "devices-remove-confirm", "device", device_name(l, d)) }</p>
                    <div class="actions">
                        <button type="button" class="danger" id="remove-yes" onclick={remove_yes}>{ t(l, "devices-remove-yes") }</button>
                        <button type="button" class="secondary" onclick={to_mode(Mode::List)}>{ t(l, "devices-cancel") }</button>
                    </div>
                </div>
            } else if let Some(f) = edit_form {
                { f }
            } else {
                <div class="actions">
                    if d.status == DeviceStatus::Active {
                        <button type="button" class="secondary edit" onclick={start_edit}
                            aria-label={format!("{} {}", t(l, "devices-edit"), device_name(l, d))}>{ t(l, "devices-edit") }</button>
                    }
                    <button type="button" class="danger remove" onclick={to_mode(Mode::Removing(id.clone()))}
                        aria-label={format!("{} {}", t(l, "devices-remove"), device_name(l, d))}>{ t(l, "devices-remove") }</button>
                </div>
            }
        </li>
    }
}

/// A device's edit form: its label, and a new phone number or email address (a code
/// sent there confirms it).
fn edit_device_form(
    l: Locale,
    d: &DeviceView,
    st: &UseStateHandle<DevState>,
    session: &SessionCtx,
    fail: &Callback<CallError>,
) -> Html {
    let s = &**st;
    let to_mode = |m: Mode| to_mode(st, m);
    let id = d.id.clone();
    let save = {
        let (st, session, fail, id) = (st.clone(), session.clone(), fail.clone(), id.clone());
        let kind = d.kind;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut s = (*st).clone();
            // Empty optional inputs mean "no change".
            let mut edit = s.edit.clone();
            edit.phone = edit.phone.filter(|p| !p.trim().is_empty());
            edit.email = edit.email.filter(|p| !p.trim().is_empty());
            if s.awaiting_code {
                let input = CodeInput {
                    code: s.code.clone(),
                };
                s.errors = input.validate();
                if !s.errors.is_empty() {
                    st.set(s);
                    return;
                }
                let (st, session, fail, id) =
                    (st.clone(), session.clone(), fail.clone(), id.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match api::auth::verify_device(l, &id, &input).await {
                        Ok(d) => {
                            st.set(DevState {
                                notice: Some(t1(
                                    l,
                                    "devices-changed-body",
                                    "device",
                                    device_name(l, &d),
                                )),
                                ..Default::default()
                            });
                            refresh(l, &session).await;
                        }
                        Err(e) => fail.emit(e),
                    }
                });
                return;
            }
            s.errors = edit.validate(kind);
            if !s.errors.is_empty() {
                st.set(s);
                return;
            }
            let (st, session, fail, id) = (st.clone(), session.clone(), fail.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::auth::edit_device(l, &id, &edit).await {
                    Ok(d) if d.pending_masked.is_some() => {
                        let mut s = (*st).clone();
                        s.awaiting_code = true;
                        s.errors.clear();
                        s.alert = None;
                        s.notice = Some(t1(
                            l,
                            "devices-code-sent",
                            "contact",
                            d.pending_masked.unwrap_or_default(),
                        ));
                        st.set(s);
                    }
                    Ok(_) => {
                        st.set(DevState::default());
                        refresh(l, &session).await;
                    }
                    Err(e) => fail.emit(e),
                }
            });
        })
    };
    let set = |f: fn(&mut DevState, String)| {
        let st = st.clone();
        Callback::from(move |v: String| {
            let mut s = (*st).clone();
            f(&mut s, v);
            s.errors.clear();
            st.set(s);
        })
    };
    html! {
        <form class="edit-device" id="edit-device-form" onsubmit={save} novalidate=true>
            if s.awaiting_code {
                <Input id="edit-code" label={t(l, "code-label")} hint={Some(t(l, "code-hint"))} value={s.code.clone()}
                    inputmode={Some(AttrValue::Static("numeric"))} autocomplete={Some(AttrValue::Static("one-time-code"))}
                    error={field_error(l, &s.errors, "code", "code")} oninput={set(|s, v| s.code = v)} />
            } else {
                <Input id="edit-label" label={t(l, "devices-label")} value={s.edit.label.clone().unwrap_or_default()}
                    maxlength={Some(AttrValue::Static("40"))}
                    error={field_error(l, &s.errors, "label", "field")} oninput={set(|s, v| s.edit.label = Some(v))} />
                if d.kind.uses_phone() {
                    <Input id="edit-phone" label={t(l, "devices-new-phone")} kind="tel" value={s.edit.phone.clone().unwrap_or_default()}
                        hint={Some(t(l, "devices-phone-hint"))}
                        error={field_error(l, &s.errors, "phone", "phone")} oninput={set(|s, v| s.edit.phone = Some(v))} />
                }
                if d.kind == DeviceKind::Email {
                    <Input id="edit-email" label={t(l, "devices-new-email")} kind="email" value={s.edit.email.clone().unwrap_or_default()}
                        error={field_error(l, &s.errors, "email", "email")} oninput={set(|s, v| s.edit.email = Some(v))} />
                }
            }
            <div class="actions">
                <button type="submit" class="primary" id="edit-save">{ if s.awaiting_code { t(l, "devices-verify") } else { t(l, "devices-save") } }</button>
                <button type="button" class="secondary" onclick={to_mode(Mode::List)}>{ t(l, "devices-cancel") }</button>
            </div>
        </form>
    }
}
