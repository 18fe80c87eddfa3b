//! The app: the providers (preferences, session, status), the page frame and the router's
//! switch (`route::switch`: each module's own screens are listed in its binary, `src/bin/`).
//! Everything else lives in `context/`, `route.rs` and `pages/`.
use crate::components::header::Header;
use crate::components::help_desk::HelpDeskLine;
use crate::components::site_panel::SitePanel;
use crate::components::status_banner::StatusBanner;
use crate::context::prefs::{use_locale, PrefsProvider};
use crate::context::session::SessionProvider;
use crate::context::site::SiteProvider;
use crate::context::status::StatusProvider;
use crate::i18n::t;
use crate::route::{switch, Link, Route};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! {
        <PrefsProvider>
            <SessionProvider>
                <SiteProvider>
                    <StatusProvider>
                        <BrowserRouter>
                            <Frame />
                        </BrowserRouter>
                    </StatusProvider>
                </SiteProvider>
            </SessionProvider>
        </PrefsProvider>
    }
}

#[function_component(Frame)]
fn frame() -> Html {
    let l = use_locale();
    html! {
        <>
            <a class="skip" href="#main">{ t(l, "skip-to-content") }</a>
            <Header />
            <SitePanel />
            <StatusBanner />
            <main id="main" tabindex="-1">
                <Switch<Route> render={switch} />
                <SitePanel invite=true />
            </main>
            <footer class="site-footer">
                <p>{ t(l, "footer-note") }</p>
                <p><Link to={Route::Status}><span id="footer-status">{ t(l, "status-link") }</span></Link>
                    { " · " }<a id="footer-help" href={shared::help::Topic::Index.path(l)}>{ t(l, "footer-help") }</a></p>
                <HelpDeskLine />
            </footer>
        </>
    }
}
