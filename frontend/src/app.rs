//! The app: the providers (preferences, session, status), the page frame and the router's
//! switch. Everything else lives in `context/`, `route.rs` and `pages/`.
use crate::components::header::Header;
use crate::components::help_desk::HelpDeskLine;
use crate::components::site_panel::SitePanel;
use crate::context::prefs::{use_locale, PrefsProvider};
use crate::context::session::SessionProvider;
use crate::context::site::SiteProvider;
use crate::context::status::StatusProvider;
use crate::i18n::t;
use crate::pages::account_details::AccountDetails;
use crate::pages::account_help::{AccountHelp, LinkPage};
use crate::pages::application::{ApplicationPage, SubmissionPage};
use crate::pages::approvals::Approvals;
use crate::pages::help_desk::HelpDesk;
use crate::pages::login::Login;
use crate::pages::organization_form::OrganizationFormPage;
use crate::pages::profile::{ChangePassword, Devices, ProfilePage};
use crate::pages::role_request::RoleRequestPage;
use crate::pages::roles::{MyRoles, RoleDescriptions};
use crate::pages::setup_account::SetupAccount;
use crate::pages::sign_in::{SignIn, SignOut};
use crate::pages::status::{StatusBanner, StatusPage};
use crate::pages::unsubscribe::Unsubscribe;
use crate::pages::{home::Home, not_found::NotFound, register::Register};
use crate::route::Route;
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
            </main>
            <footer class="site-footer">
                <p>{ t(l, "footer-note") }</p>
                <p><Link<Route> to={Route::Status}><span id="footer-status">{ t(l, "status-link") }</span></Link<Route>></p>
                <HelpDeskLine />
            </footer>
        </>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Unsubscribe => html! { <Unsubscribe /> },
        Route::Register => html! { <Register /> },
        Route::Login => html! { <Login /> },
        Route::Profile => html! { <ProfilePage /> },
        Route::Devices => html! { <Devices /> },
        Route::ChangePassword => html! { <ChangePassword /> },
        Route::AccountDetails => html! { <AccountDetails /> },
        Route::AccountHelp => html! { <AccountHelp /> },
        Route::ResetPassword => html! { <LinkPage reset={true} /> },
        Route::Unlock => html! { <LinkPage reset={false} /> },
        Route::MyRoles => html! { <MyRoles /> },
        Route::RoleRequest => html! { <RoleRequestPage /> },
        Route::RoleDescriptions => html! { <RoleDescriptions /> },
        Route::Approvals => html! { <Approvals /> },
        Route::HelpDesk => html! { <HelpDesk /> },
        Route::OrganizationForm => html! { <OrganizationFormPage /> },
        Route::SetupAccount => html! { <SetupAccount /> },
        Route::Status => html! { <StatusPage /> },
        Route::Application { app, org } => html! { <ApplicationPage app={app} org={org} /> },
        Route::Submission { reference } => html! { <SubmissionPage reference={reference} /> },
        Route::SignIn => html! { <SignIn /> },
        Route::SignOut => html! { <SignOut /> },
        Route::NotFound => html! { <NotFound /> },
    }
}
