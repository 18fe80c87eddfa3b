//! The site-preferences panel: who you are, your location, your line of business. The
//! header's button opens it under the header at any time. Until answered or set aside it
//! is also offered by itself, on the home page only and after the page's own content, so
//! it never pushes a form down or off the first screen (the login and application sign-in
//! pages never show it by itself: usability walk 3, #3). Nothing is required: an
//! unanswered question hides nothing.
use crate::context::prefs::use_locale;
use crate::context::site::{use_site, Site};
use crate::i18n::t;
use crate::route::Route;
use shared::api::site::SitePrefs;
use yew::prelude::*;
use yew_router::prelude::use_route;

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
    let options = ctx.options.clone();
    let p = &ctx.site.prefs;
    let name = |list: &[shared::api::site::Choice], id: &str| {
        list.iter().find(|c| c.id == id).map(|c| c.name.clone())
    };
    let summary: Vec<String> = match options.as_deref() {
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

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// The offer at the end of the home page, rather than the panel under the header.
    #[prop_or_default]
    pub invite: bool,
}

#[function_component(SitePanel)]
pub fn site_panel(p: &PanelProps) -> Html {
    let l = use_locale();
    let ctx = use_site();
    let route = use_route::<Route>();
    let on_home = matches!(route, Some(Route::Home));
    let draft = use_state(SitePrefs::default);
    let current = ctx
        .as_ref()
        .map(|c| c.site.prefs.clone())
        .unwrap_or_default();
    let open = ctx.as_ref().is_some_and(|c| {
        if p.invite {
            on_home && !c.site.asked && !c.open
        } else {
            c.open
        }
    });
    {
        // Each time it opens, it starts from the answers kept.
        let draft = draft.clone();
        use_effect_with((open, current.clone()), move |(open, cur)| {
            if *open {
                draft.set(cur.clone());
            }
        });
    }
    let (Some(ctx), Some(o), true) = (ctx.clone(), ctx.and_then(|c| c.options), open) else {
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
        <form class={classes!("site-panel", p.invite.then_some("site-invite"))} id="site-panel" aria-labelledby="site-panel-title" onsubmit={save}>
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
