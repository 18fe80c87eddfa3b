//! The recertification list, phone first: each role due within 60 days, most urgent
//! first, with Keep / Remove (a removal needs its reason, which is emailed), "Keep all"
//! for the undecided, and one button that saves every decision made. Used by approvers
//! on `/approvals` (end users) and by the help desk (approvers).
use crate::api;
use crate::components::form::alert;
use crate::context::prefs::use_locale;
use crate::i18n::{field_error, t, targs};
use shared::api::error::FieldErrors;
use shared::api::recert::*;
use std::collections::BTreeMap;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub items: Vec<DueGrant>,
    /// The help desk recertifying approvers.
    #[prop_or_default]
    pub admin: bool,
    pub on_done: Callback<()>,
}

#[derive(Clone, Default, PartialEq)]
struct Choice {
    decision: Option<RecertDecision>,
    reason: String,
}

/// A stable id fragment for a row.
fn row_id(d: &DueGrant) -> String {
    format!("{}-{}", d.person.user_id, d.grant.organization.id)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

#[function_component(RecertList)]
pub fn recert_list(p: &Props) -> Html {
    let l = use_locale();
    let choices = use_state(BTreeMap::<usize, Choice>::new);
    let errors = use_state(FieldErrors::new);
    let status = use_state(|| None::<String>);
    let failure = use_state(|| None::<String>);
    let busy = use_state(|| false);
    if p.items.is_empty() {
        return html! {
            <>
                if let Some(s) = &*status { <p class="success" role="status" id="recert-saved">{ s }</p> }
                <p id="no-recert">{ t(l, "recert-none") }</p>
            </>
        };
    }
    let set = {
        let choices = choices.clone();
        move |i: usize, f: Box<dyn Fn(&mut Choice)>| {
            let mut c = (*choices).clone();
            f(c.entry(i).or_default());
            choices.set(c);
        }
    };
    let keep_all = {
        let choices = choices.clone();
        let n = p.items.len();
        Callback::from(move |_| {
            let mut c = (*choices).clone();
            for i in 0..n {
                let e = c.entry(i).or_default();
                if e.decision.is_none() {
                    e.decision = Some(RecertDecision::Keep);
                }
            }
            choices.set(c);
        })
    };
    // The items with a decision, in list order, and their rows.
    let chosen: Vec<(usize, RecertItem)> = p
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let c = choices.get(&i)?;
            Some((
                i,
                RecertItem {
                    user_id: d.person.user_id.clone(),
                    organization_id: d.grant.organization.id.clone(),
                    application: d.grant.application.clone(),
                    role: d.grant.role.clone(),
                    decision: c.decision?,
                    reason: c.reason.clone(),
                },
            ))
        })
        .collect();
    let count = chosen.len();
    let submit = {
        let (errors, status, failure, busy, choices) = (
            errors.clone(),
            status.clone(),
            failure.clone(),
            busy.clone(),
            choices.clone(),
        );
        let on_done = p.on_done.clone();
        let admin = p.admin;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy || chosen.is_empty() {
                return;
            }
            let input = RecertInput {
                items: chosen.iter().map(|(_, it)| it.clone()).collect(),
            };
            // Errors come keyed by the position among the chosen: map back to rows.
            let rows: Vec<usize> = chosen.iter().map(|(i, _)| *i).collect();
            let by_row = move |e: FieldErrors| by_row(&rows, e);
            let local = input.validate();
            if !local.is_empty() {
                errors.set(by_row(local));
                return;
            }
            busy.set(true);
            let (errors, status, failure, busy, choices, on_done) = (
                errors.clone(),
                status.clone(),
                failure.clone(),
                busy.clone(),
                choices.clone(),
                on_done.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::access::recertify(l, admin, &input).await {
                    Ok(r) => {
                        errors.set(FieldErrors::new());
                        failure.set(None);
                        choices.set(BTreeMap::new());
                        status.set(Some(targs(
                            l,
                            "recert-saved",
                            &[
                                ("kept", r.kept.to_string()),
                                ("removed", r.removed.to_string()),
                            ],
                        )));
                        on_done.emit(());
                    }
                    Err(e) => {
                        let f = e.fields();
                        if f.is_empty() {
                            failure.set(Some(e.message(l)));
                        } else {
                            errors.set(by_row(f));
                        }
                    }
                }
                busy.set(false);
            });
        })
    };
    html! {
        <form id="recert-form" onsubmit={submit} novalidate=true>
            if let Some(s) = &*status { <p class="success" role="status" id="recert-saved">{ s }</p> }
            { alert(&failure) }
            <ul class="devices" id="recert-list">
                { for p.items.iter().enumerate().map(|(i, d)| recert_row(l, i, d, choices.get(&i).cloned().unwrap_or_default(), &set, &errors)) }
            </ul>
            <div class="actions">
                <button type="button" class="secondary" id="recert-keep-all" onclick={keep_all}>{ t(l, "recert-keep-all") }</button>
                <button type="submit" class="primary" id="recert-submit" disabled={count == 0 || *busy}>{ targs(l, "recert-submit", &[("count", count.to_string())]) }</button>
            </div>
        </form>
    }
}

/// Errors come keyed by the position among the chosen items (`items.<j>.reason`): keyed
/// again by the row they belong to (`<row>.reason`).
fn by_row(rows: &[usize], e: FieldErrors) -> FieldErrors {
    e.into_iter()
        .map(|(k, v)| {
            let k = k
                .strip_prefix("items.")
                .and_then(|r| r.split_once('.'))
                .and_then(|(j, f)| Some(format!("{}.{f}", rows.get(j.parse::<usize>().ok()?)?)))
                .unwrap_or(k);
            (k, v)
        })
        .collect()
}

/// One role due: whose, which, when; keep or remove, and the reason for a removal.
fn recert_row(
    l: shared::i18n::Locale,
    i: usize,
    d: &DueGrant,
    c: Choice,
    set: &(impl Fn(usize, Box<dyn Fn(&mut Choice)>) + Clone + 'static),
    errors: &UseStateHandle<FieldErrors>,
) -> Html {
    let id = row_id(d);
    let urgent = d.grant.days_left <= 7;
    let keep = {
        let set = set.clone();
        Callback::from(move |_: Event| {
            set(i, Box::new(|c| c.decision = Some(RecertDecision::Keep)))
        })
    };
    let remove = {
        let set = set.clone();
        Callback::from(move |_: Event| {
            set(i, Box::new(|c| c.decision = Some(RecertDecision::Remove)))
        })
    };
    let reason = {
        let (set, errors) = (set.clone(), errors.clone());
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let v = el.value();
            let key = format!("{i}.reason");
            if errors.contains_key(&key) {
                let mut e = (*errors).clone();
                e.remove(&key);
                errors.set(e);
            }
            set(i, Box::new(move |c| c.reason = v.clone()))
        })
    };
    let err = field_error(l, errors, &format!("{i}.reason"), "recert-reason");
    html! {
        <li class={classes!("card", "recert", urgent.then_some("urgent"))} key={id.clone()} data-user={d.person.user_id.clone()}>
            <p><strong>{ &d.person.name }</strong>{ " · " }{ &d.person.user_id }</p>
            <p>{ &d.grant.role_name }{ " · " }{ &d.grant.organization.legal_name }</p>
            <p class="due">{ targs(l, "recert-due", &[("date", crate::format::fmt_day(l, &d.grant.due_on)), ("days", d.grant.days_left.to_string())]) }</p>
            <fieldset class="choice">
                <legend class="visually-hidden">{ targs(l, "recert-decision-for", &[("name", d.person.name.clone())]) }</legend>
                <label for={format!("keep-{id}")}>
                    <input type="radio" name={format!("d-{id}")} id={format!("keep-{id}")} checked={c.decision == Some(RecertDecision::Keep)} onchange={keep} />
                    { " " }{ t(l, "recert-keep") }
                </label>
                <label for={format!("remove-{id}")}>
                    <input type="radio" name={format!("d-{id}")} id={format!("remove-{id}")} checked={c.decision == Some(RecertDecision::Remove)} onchange={remove} />
                    { " " }{ t(l, "recert-remove") }
                </label>
            </fieldset>
            if c.decision == Some(RecertDecision::Remove) {
                <div class={classes!("field", err.is_some().then_some("has-error"))}>
                    <label for={format!("reason-{id}")}>{ t(l, "recert-reason") }</label>
                    <input id={format!("reason-{id}")} type="text" value={c.reason.clone()} maxlength="500"
                        aria-invalid={err.is_some().to_string()} aria-describedby={format!("reason-{id}-hint")} oninput={reason} />
                    <p class="hint" id={format!("reason-{id}-hint")}>{ t(l, "recert-reason-hint") }</p>
                    if let Some(e) = err { <p class="error" id={format!("reason-{id}-error")}>{ e }</p> }
                </div>
            }
        </li>
    }
}
