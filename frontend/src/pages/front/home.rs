//! The home page.
use crate::components::share::ShareLink;
use crate::context::prefs::use_locale;
use crate::i18n::t;
use crate::route::{Link, Route};
use yew::prelude::*;

#[function_component(Home)]
pub fn home() -> Html {
    let l = use_locale();
    html! {
        <section class="card">
            <h1>{ t(l, "home-title") }</h1>
            <p>{ t(l, "home-intro") }</p>
            <div class="tiles">
                <div class="tile">
                    <h2>{ t(l, "home-register") }</h2>
                    <p>{ t(l, "home-register-hint") }</p>
                    <Link to={Route::Register} classes="button primary">{ t(l, "home-register") }</Link>
                </div>
                <div class="tile">
                    <h2>{ t(l, "home-login") }</h2>
                    <p>{ t(l, "home-login-soon") }</p>
                    <Link to={Route::Login} classes="button primary"><span id="home-login">{ t(l, "home-login") }</span></Link>
                </div>
                <div class="tile">
                    <h2>{ t(l, "access-org-form-title") }</h2>
                    <p>{ t(l, "home-org-form-hint") }</p>
                    <Link to={Route::OrganizationForm} classes="button"><span id="home-org-form">{ t(l, "access-org-form-title") }</span></Link>
                    <p><Link to={Route::RoleDescriptions}><span id="home-roles">{ t(l, "access-descriptions-link") }</span></Link></p>
                    <p><Link to={Route::Status}><span id="home-status">{ t(l, "status-link") }</span></Link></p>
                </div>
            </div>
            <ShareLink page="home" />
        </section>
    }
}
