//! The help desk's account search: find a caller by name, user ID or email; read the
//! account's trail; unlock it, sign the person out of every application, open the
//! support panel, or remove an approver (with a reason).
use super::support::SupportPanel;
use crate::api;
use crate::components::input::Input;
use crate::context::prefs::use_locale;
use crate::format::fmt_time;
use crate::i18n::{field_error, t, t1};
use shared::api::access::*;
use shared::api::error::FieldErrors;
use shared::api::recert::RemovalInput;
use yew::prelude::*;

#[derive(Clone, Default, PartialEq)]
struct Removal {
    key: String,
    reason: String,
    errors: FieldErrors,
    result: Option<String>,
}

#[derive(Properties, PartialEq)]
pub(super) struct Props {
    /// A refusal to show at the top of the console.
    pub on_alert: Callback<String>,
    /// A done notice for the top of the console.
    pub on_done: Callback<String>,
}

#[function_component(Accounts)]
pub(super) fn accounts(p: &Props) -> Html {
    let l = use_locale();
    let q = use_state(String::new);
    let found = use_state(|| None::<Vec<AccountSummary>>);
    // Where the next page of the search starts, and the words it was for.
    let next = use_state(|| None::<(String, String)>);
    let trail = use_state(|| None::<AdminAccount>);
    let removal = use_state(Removal::default);
    let fetch = |more: bool| {
        let (q, found, next) = (q.clone(), found.clone(), next.clone());
        let on_alert = p.on_alert.clone();
        move || fetch_page(l, more, &q, &found, &next, &on_alert)
    };
    let search = {
        let run = fetch(false);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run();
        })
    };
    let more = {
        let run = fetch(true);
        Callback::from(move |_: MouseEvent| run())
    };
    let unlock = |user_id: String| {
        let (found, on_alert, on_done) = (found.clone(), p.on_alert.clone(), p.on_done.clone());
        Callback::from(move |_| {
            let (found, on_alert, on_done, user_id) = (
                found.clone(),
                on_alert.clone(),
                on_done.clone(),
                user_id.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::unlock_account(l, &user_id).await {
                    Ok(a) => {
                        on_done.emit(t1(
                            l,
                            "access-decided-unlocked",
                            "name",
                            a.person.name.clone(),
                        ));
                        let mut v = (*found).clone().unwrap_or_default();
                        for x in v.iter_mut() {
                            if x.person.user_id == a.person.user_id {
                                *x = a.clone();
                            }
                        }
                        found.set(Some(v));
                    }
                    Err(e) => on_alert.emit(e.message(l)),
                }
            });
        })
    };
    let signed_out = use_state(|| None::<(String, u32)>);
    let sign_out_all = |user_id: String| {
        let (signed_out, on_alert) = (signed_out.clone(), p.on_alert.clone());
        Callback::from(move |_| {
            let (signed_out, on_alert, user_id) =
                (signed_out.clone(), on_alert.clone(), user_id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::revoke_sign_ins(l, &user_id).await {
                    Ok(r) => signed_out.set(Some((user_id, r.revoked))),
                    Err(e) => on_alert.emit(e.message(l)),
                }
            });
        })
    };
    let show_trail = |user_id: String| {
        let (trail, on_alert) = (trail.clone(), p.on_alert.clone());
        Callback::from(move |_| {
            let (trail, on_alert, user_id) = (trail.clone(), on_alert.clone(), user_id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::admin::account_detail(l, &user_id).await {
                    Ok(a) => trail.set(Some(a)),
                    Err(e) => on_alert.emit(e.message(l)),
                }
            });
        })
    };
    // The account card's support panel opens with the account's detail (issue 27).
    let support = use_state(|| None::<String>);
    let open_support = |user_id: String| {
        let (support, show) = (support.clone(), show_trail(user_id.clone()));
        Callback::from(move |e: MouseEvent| {
            support.set(Some(user_id.clone()));
            show.emit(e);
        })
    };
    let remove_approver =
        |org: String, user_id: String| remove_approver(l, &removal, &p.on_alert, org, user_id);
    html! {
        <>
            <form onsubmit={search} novalidate=true>
                <Input id="account-q" label={t(l, "access-accounts-search")} hint={Some(t(l, "access-accounts-search-hint"))} value={(*q).clone()} oninput={{ let q = q.clone(); Callback::from(move |v| q.set(v)) }} />
                <div class="actions"><button type="submit" class="secondary" id="account-search">{ t(l, "access-search") }</button></div>
            </form>
            if let Some(v) = &*found {
                <ul class="devices" id="accounts">
                    { for v.iter().map(|a| html! {
                        <li class="card">
                            <p><strong>{ &a.person.name }</strong>{ " · " }{ &a.person.user_id }{ " · " }{ &a.person.email }</p>
                            <p>{ t(l, &format!("access-account-{}", a.status)) }</p>
                            { for a.grants.iter().map(|g| grant_row(l, a, g, &removal, remove_approver(g.organization.id.clone(), a.person.user_id.clone()))) }
                            <div class="actions">
                                <button type="button" class="secondary" onclick={show_trail(a.person.user_id.clone())}>{ t(l, "profile-activity") }</button>
                                if a.status == "locked" {
                                    <button type="button" class="secondary" onclick={unlock(a.person.user_id.clone())}>{ t(l, "access-unlock") }</button>
                                }
                                <button type="button" class="secondary" id={format!("sign-out-all-{}", a.person.user_id.replace('.', "-"))} onclick={sign_out_all(a.person.user_id.clone())}>{ t(l, "hd-sign-out-all") }</button>
                                <button type="button" class="secondary" id={format!("support-{}", a.person.user_id.replace('.', "-"))} onclick={open_support(a.person.user_id.clone())}>{ t(l, "support-title") }</button>
                            </div>
                            if let Some(tr) = trail.as_ref().filter(|tr| tr.account.person.user_id == a.person.user_id && support.as_deref() == Some(a.person.user_id.as_str())) {
                                <SupportPanel locale={l} user_id={a.person.user_id.clone()} view={tr.support.clone()} on_change={{
                                    let reload = show_trail(a.person.user_id.clone());
                                    Callback::from(move |_| reload.emit(MouseEvent::new("click").expect("an event")))
                                }} />
                            }
                            if let Some((_, n)) = signed_out.as_ref().filter(|(u, _)| *u == a.person.user_id) {
                                <p class="success" role="status" id="signed-out-all">{ t1(l, "hd-signed-out-all", "n", n.to_string()) }</p>
                            }
                            if let Some(tr) = trail.as_ref().filter(|tr| tr.account.person.user_id == a.person.user_id) {
                                { activity(l, tr) }
                            }
                        </li>
                    }) }
                </ul>
                if v.is_empty() {
                    <p id="accounts-none">{ t(l, if next.is_some() { "access-accounts-none-yet" } else { "access-accounts-none" }) }</p>
                }
                if next.is_some() {
                    <div class="actions"><button type="button" class="secondary" id="accounts-more" onclick={more}>{ t(l, "access-accounts-more") }</button></div>
                }
            }
        </>
    }
}

/// Runs a new search (`more` false) or fetches the page after the one shown.
fn fetch_page(
    l: shared::i18n::Locale,
    more: bool,
    q: &UseStateHandle<String>,
    found: &UseStateHandle<Option<Vec<AccountSummary>>>,
    next: &UseStateHandle<Option<(String, String)>>,
    on_alert: &Callback<String>,
) {
    let (found, next, on_alert) = (found.clone(), next.clone(), on_alert.clone());
    let (words, after) = match (more, (*next).clone()) {
        (true, Some((words, after))) => (words, Some(after)),
        _ => ((**q).clone(), None),
    };
    wasm_bindgen_futures::spawn_local(async move {
        match api::admin::search_accounts(l, &words, after.as_deref()).await {
            Ok(page) => {
                let mut v = match after {
                    Some(_) => (*found).clone().unwrap_or_default(),
                    None => vec![],
                };
                v.extend(page.accounts);
                found.set(Some(v));
                next.set(page.next.map(|n| (words, n)));
            }
            Err(e) => on_alert.emit(e.message(l)),
        }
    });
}

/// One role of a found account; an approver's can be removed, with a reason.
fn grant_row(
    l: shared::i18n::Locale,
    a: &AccountSummary,
    g: &RoleGrantView,
    removal: &UseStateHandle<Removal>,
    remove: Callback<SubmitEvent>,
) -> Html {
    let key = format!("{}/{}", a.person.user_id, g.organization.id);
    let open = removal.key == key;
    let toggle = {
        let (removal, key) = (removal.clone(), key.clone());
        Callback::from(move |_| {
            removal.set(Removal {
                key: key.clone(),
                ..Default::default()
            })
        })
    };
    let reason = {
        let removal = removal.clone();
        Callback::from(move |v: String| {
            let mut r = (*removal).clone();
            r.reason = v;
            r.errors.clear();
            removal.set(r);
        })
    };
    html! {
        <div class="grant">
            <p>{ &g.role_name }{ " · " }{ &g.organization.legal_name }</p>
            if g.approver && !open {
                <button type="button" class="danger" id={format!("remove-approver-{}", a.person.user_id.replace('.', "-"))} onclick={toggle}>{ t(l, "hd-remove-approver") }</button>
            }
            if g.approver && open {
                <form id="remove-approver-form" onsubmit={remove} novalidate=true>
                    if let Some(m) = &removal.result { <p class="success" role="status" id="approver-removed">{ m }</p> }
                    <Input id="removal-reason" label={t(l, "recert-reason")} value={removal.reason.clone()} hint={Some(t(l, "recert-reason-hint"))}
                        error={field_error(l, &removal.errors, "reason", "recert-reason")} oninput={reason} />
                    <div class="actions"><button type="submit" class="danger" id="removal-submit">{ t(l, "hd-remove-approver") }</button></div>
                </form>
            }
        </div>
    }
}

/// A found account's recent trail, newest first.
fn activity(l: shared::i18n::Locale, tr: &AdminAccount) -> Html {
    html! {
        <ul class="activity" id="account-activity">
                                    { for tr.activity.iter().map(|e| html! {
                                        <li data-event={e.event.clone()}>
                                            <time>{ fmt_time(l, e.at) }</time>{ " " }
                                            <span>{ t(l, &format!("activity-{}", e.event)) }</span>
                                            if let Some(d) = &e.detail { <small>{ " · " }{ d }</small> }
                                        </li>
                                    }) }
                                </ul>
    }
}

/// Removes `user_id`'s approver role for `org`, with the reason typed (checked by the
/// `shared` rule first); says whether the organisation is left with no approver.
fn remove_approver(
    l: shared::i18n::Locale,
    removal: &UseStateHandle<Removal>,
    on_alert: &Callback<String>,
    org: String,
    user_id: String,
) -> Callback<SubmitEvent> {
    let (removal, on_alert) = (removal.clone(), on_alert.clone());
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let mut r = (*removal).clone();
        let input = RemovalInput {
            reason: r.reason.clone(),
        };
        r.errors = input.validate();
        if !r.errors.is_empty() {
            removal.set(r);
            return;
        }
        let (removal, on_alert, org, user_id) = (
            removal.clone(),
            on_alert.clone(),
            org.clone(),
            user_id.clone(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            match api::admin::remove_approver(l, &org, &user_id, &input).await {
                Ok(res) => {
                    let key = if res.orphaned {
                        "hd-removed-orphaned"
                    } else {
                        "hd-removed"
                    };
                    let mut r = (*removal).clone();
                    r.result = Some(t(l, key));
                    removal.set(r);
                }
                Err(e) => {
                    let f = e.fields();
                    if f.is_empty() {
                        on_alert.emit(e.message(l));
                    } else {
                        let mut r = (*removal).clone();
                        r.errors = f;
                        removal.set(r);
                    }
                }
            }
        });
    })
}
