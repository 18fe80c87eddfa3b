//! The help desk's own team in the console: who is on it (invited or their last
//! login), *Remove from the help desk* for the others, and the invitation form, checked
//! as typed with the rules the server applies.
use crate::api;
use crate::components::form::{alert, loading};
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::context::session::use_session;
use crate::hooks::form::{edit, submitter, use_form, Form};
use crate::hooks::use_fetch;
use crate::i18n::{t, t1};
use shared::api::team::{TeamInvite, TeamMember};
use shared::i18n::Locale;
use yew::prelude::*;

#[function_component(Team)]
pub fn team() -> Html {
    let l = use_locale();
    let reload = use_state(|| 0u32);
    let list = use_fetch(*reload, api::admin::team);
    let session = use_session();
    let form = use_form(TeamInvite::default);
    let notice = use_state(|| None::<String>);
    let alert_msg = use_state(|| None::<String>);
    let f = (*form).clone();
    let live = f.req.validate();
    let shown = |name: &str, kind: &str| f.message(l, &live, name, kind);
    let submit = {
        let (st, reload, notice) = (form.clone(), reload.clone(), notice.clone());
        submitter(
            &form,
            &session,
            l,
            |r: &TeamInvite| r.validate(),
            move |r| async move { api::admin::invite(l, &r).await },
            move |m: TeamMember, _| {
                notice.set(Some(t1(l, "hd-team-invite-sent", "email", m.email)));
                st.set(Form::default());
                reload.set(*reload + 1);
            },
        )
    };
    let remove = |m: &TeamMember| {
        let (reload, notice, alert_msg) = (reload.clone(), notice.clone(), alert_msg.clone());
        let (user_id, name) = (m.user_id.clone(), m.name.clone());
        Callback::from(move |_| {
            let (reload, notice, alert_msg) = (reload.clone(), notice.clone(), alert_msg.clone());
            let (user_id, name) = (user_id.clone(), name.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::remove_from_team(l, &user_id).await {
                    Ok(()) => {
                        alert_msg.set(None);
                        notice.set(Some(t1(l, "hd-team-removed", "name", name)));
                        reload.set(*reload + 1);
                    }
                    Err(e) => alert_msg.set(Some(refusal(l, &e))),
                }
            });
        })
    };
    html! {
        <div id="team">
            <p class="hint">{ t(l, "hd-team-intro") }</p>
            { alert(&alert_msg) }
            if let Some(n) = &*notice { <p class="notice" id="team-notice" role="status">{ n }</p> }
            { match &*list {
                None => loading(),
                Some(Err(e)) => alert(&Some(e.message(l))),
                Some(Ok(v)) => html! {
                    <ul class="devices" id="team-list">
                        { for v.iter().map(|m| html! {
                            <li class="card" data-user={m.user_id.clone()}>
                                <p><strong>{ &m.name }</strong>{ " · " }{ &m.user_id }
                                    if m.you { { " (" }{ t(l, "hd-team-you") }{ ")" } }</p>
                                <p>{ &m.email }</p>
                                <p class="hint">{ match &m.last_login_et {
                                    Some(at) => t1(l, "hd-team-last-login", "at", at.clone()),
                                    None => t(l, "hd-team-invited"),
                                } }</p>
                                if !m.you && v.len() > 1 {
                                    <div class="actions"><button type="button" class="danger" id={format!("team-remove-{}", m.user_id.replace('.', "-"))} onclick={remove(m)}>{ t(l, "hd-team-remove") }</button></div>
                                }
                            </li>
                        }) }
                    </ul>
                },
            } }
            <details class="card">
                <summary>{ t(l, "hd-team-invite") }</summary>
                <form id="team-form" onsubmit={submit} novalidate=true>
                    <p class="hint">{ t(l, "hd-team-invite-hint") }</p>
                    <Input id="team-user-id" label={t(l, "hd-team-user-id")} value={f.req.user_id.clone()} error={shown("user_id", "user_id")} autocomplete={AttrValue::Static("off")} oninput={edit(&form, "user_id", |r, v| r.user_id = v)} />
                    <Input id="team-first-name" label={t(l, "hd-team-first-name")} value={f.req.first_name.clone()} error={shown("first_name", "hd-team")} autocomplete={AttrValue::Static("off")} oninput={edit(&form, "first_name", |r, v| r.first_name = v)} />
                    <Input id="team-last-name" label={t(l, "hd-team-last-name")} value={f.req.last_name.clone()} error={shown("last_name", "hd-team")} autocomplete={AttrValue::Static("off")} oninput={edit(&form, "last_name", |r, v| r.last_name = v)} />
                    <Input id="team-email" kind={AttrValue::Static("email")} label={t(l, "hd-team-email")} value={f.req.email.clone()} error={shown("email", "hd-team")} autocomplete={AttrValue::Static("off")} oninput={edit(&form, "email", |r, v| r.email = v)} />
                    { alert(&f.alert) }
                    <div class="actions">
                        <button type="submit" class="primary" id="team-submit" disabled={f.busy}>{ t(l, "hd-team-invite-send") }</button>
                    </div>
                </form>
            </details>
        </div>
    }
}

/// Why a removal was refused: yourself, the last member, or what the server said.
fn refusal(l: Locale, e: &api::CallError) -> String {
    let (fields, said) = e.for_form(l);
    match fields.get("user_id").and_then(|c| c.first()) {
        Some(code) if code == "own" || code == "last" => t(l, &format!("hd-team-{code}")),
        _ => said.unwrap_or_else(|| e.message(l)),
    }
}
