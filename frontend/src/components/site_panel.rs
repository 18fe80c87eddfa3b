//! The site-preferences panel under the header: who you are, your location, your line
//! of business. It opens by itself until answered or set aside, and from the header's
//! button at any time. Nothing is required: an unanswered question hides nothing.
use crate::context::prefs::use_locale;
use crate::context::site::{use_site, Site};
use crate::i18n::t;
use shared::api::site::{SiteOptions, SitePrefs};
use yew::prelude::*;

fn pick(
    id: &'static str,
    label: String,
    any: String,
    choices: &[shared::api::site::Choice],
    value: &str,
    on: Callback<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
        on.emit(el.value())
    });
    html! {
        <div class="field">
            <label for={id}>{ label }</label>
            <select {id} {onchange}>
                <option value="" selected={value.is_empty()}>{ any }</option>
                { for choices.iter().map(|c| html! {
                    <option value={c.id.clone()} selected={value == c.id}>{ &c.name }</option>
                }) }
            </select>
        </div>
    }
}

/// The header's summary of the answers, which opens the panel.
#[function_component(SiteButton)]
pub fn site_button() -> Html {
    let l = use_locale();
    let Some(ctx) = use_site() else {
        return html! {};
    };
    let options = use_options();
    let p = &ctx.site.prefs;
    let name = |list: &[shared::api::site::Choice], id: &str| {
        list.iter().find(|c| c.id == id).map(|c| c.name.clone())
    };
    let summary: Vec<String> = match &*options {
        Some(o) => [
            name(&o.who, &p.who),
            name(&o.locations, &p.location),
            name(&o.lines, &p.line),
        ]
        .into_iter()
        .flatten()
        .collect(),
        None => vec![],
    };
    let text = if summary.is_empty() {
        t(l, "site-choose")
    } else {
        summary.join(" · ")
    };
    let onclick = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.set_open.emit(!ctx.open))
    };
    html! {
        <button type="button" class="link-button site-button" id="site-prefs-open"
            aria-expanded={ctx.open.to_string()} aria-controls="site-panel" {onclick}>
            { t(l, "site-you") }{ ": " }<span id="site-summary">{ text }</span>
        </button>
    }
}

/// The choices, fetched once per language.
#[hook]
fn use_options() -> UseStateHandle<Option<SiteOptions>> {
    let l = use_locale();
    let options = use_state(|| None);
    {
        let options = options.clone();
        use_effect_with(l, move |l| {
            let l = *l;
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(o) = crate::api::auth::site_options(l).await {
                    options.set(Some(o));
                }
            });
        });
    }
    options
}

#[function_component(SitePanel)]
pub fn site_panel() -> Html {
    let l = use_locale();
    let ctx = use_site();
    let options = use_options();
    let draft = use_state(SitePrefs::default);
    let current = ctx
        .as_ref()
        .map(|c| c.site.prefs.clone())
        .unwrap_or_default();
    let open = ctx.as_ref().is_some_and(|c| c.open);
    {
        // Each time it opens, it starts from the answers kept.
        let draft = draft.clone();
        use_effect_with((open, current.clone()), move |(open, cur)| {
            if *open {
                draft.set(cur.clone());
            }
        });
    }
    let (Some(ctx), Some(o), true) = (ctx, (*options).clone(), open) else {
        return html! {};
    };
    let set = |f: fn(&mut SitePrefs, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut d = (*draft).clone();
            f(&mut d, v);
            draft.set(d);
        })
    };
    let save = {
        let (ctx, draft) = (ctx.clone(), draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            ctx.set.emit(Site {
                prefs: (*draft).clone(),
                asked: true,
            });
            ctx.set_open.emit(false);
        })
    };
    let later = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            ctx.set.emit(Site {
                prefs: ctx.site.prefs.clone(),
                asked: true,
            });
            ctx.set_open.emit(false);
        })
    };
    let d = (*draft).clone();
    html! {
        <form class="site-panel" id="site-panel" aria-labelledby="site-panel-title" onsubmit={save}>
            <p id="site-panel-title"><strong>{ t(l, "site-title") }</strong></p>
            <p class="hint">{ t(l, "site-intro") }</p>
            <div class="site-fields">
                { pick("site-who", t(l, "site-who"), t(l, "site-any"), &o.who, &d.who, set(|p, v| p.who = v)) }
                { pick("site-location", t(l, "site-location"), t(l, "site-any"), &o.locations, &d.location, set(|p, v| p.location = v)) }
                { pick("site-line", t(l, "site-line"), t(l, "site-any"), &o.lines, &d.line, set(|p, v| p.line = v)) }
            </div>
            <div class="actions">
                <button type="submit" class="primary" id="site-save">{ t(l, "site-save") }</button>
                <button type="button" class="secondary" id="site-later" onclick={later}>{ t(l, "site-later") }</button>
            </div>
        </form>
    }
}
