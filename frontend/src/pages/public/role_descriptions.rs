//! The role descriptions: each application's roles and what each is for, public, the
//! ones for the visitor's kind of organisation first.
use crate::api::{self};
use crate::components::for_you::ForYouList;
use crate::components::form::{alert, loading};
use crate::components::share::ShareLink;
use crate::context::prefs::use_locale;
use crate::context::site::use_site_prefs;
use crate::hooks::use_fetch;
use crate::i18n::t;
use yew::prelude::*;

#[function_component(RoleDescriptions)]
pub fn role_descriptions() -> Html {
    let l = use_locale();
    let apps = use_fetch(0, api::access::applications);
    let site = use_site_prefs();
    html! {
        <section class="page">
            <h1 id="roles-heading">{ t(l, "access-descriptions-title") }</h1>
            <p class="intro">{ t(l, "access-descriptions-intro") }</p>
            { match &*apps {
                None => loading(),
                Some(Err(e)) => alert(&Some(e.message(l))),
                Some(Ok(apps)) => apps.iter().map(|a| html! {
                    <div class="card">
                        <h2>{ &a.name }</h2>
                        <p>{ &a.description }</p>
                        <ForYouList id={format!("roles-{}", a.id)} class="role-list"
                            items={a.roles.iter().map(|r| (r.audience.matches(&site), html! {
                                <li data-role={r.id.clone()}>
                                    <strong>{ &r.name }</strong>
                                    <p>{ &r.description }</p>
                                </li>
                            })).collect::<Vec<_>>()} />
                    </div>
                }).collect::<Html>(),
            } }
            // Drawn with the descriptions, not pushed down by them.
            if matches!(&*apps, Some(Ok(_))) {
                <ShareLink page="role-descriptions" />
            }
        </section>
    }
}
