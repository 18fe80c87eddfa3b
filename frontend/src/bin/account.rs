//! The signed-in module: a logged-in person's own screens (`Bundle::Account`).
use frontend::pages::account_details::AccountDetails;
use frontend::pages::application::{ApplicationPage, SubmissionPage};
use frontend::pages::approvals::Approvals;
use frontend::pages::not_found::NotFound;
use frontend::pages::profile::{ChangePassword, Devices, ProfilePage};
use frontend::pages::role_request::RoleRequestPage;
use frontend::pages::roles::MyRoles;
use frontend::route::Route;
use shared::bundle::Bundle;
use yew::prelude::*;

fn switch(route: Route) -> Html {
    match route {
        Route::Profile => html! { <ProfilePage /> },
        Route::Devices => html! { <Devices /> },
        Route::ChangePassword => html! { <ChangePassword /> },
        Route::AccountDetails => html! { <AccountDetails /> },
        Route::MyRoles => html! { <MyRoles /> },
        Route::RoleRequest => html! { <RoleRequestPage /> },
        Route::Approvals => html! { <Approvals /> },
        Route::Application { app, org } => html! { <ApplicationPage app={app} org={org} /> },
        Route::Submission { reference } => html! { <SubmissionPage reference={reference} /> },
        // Another module's routes never reach here (`route::switch`).
        _ => html! { <NotFound /> },
    }
}

fn main() {
    // This module shows screens beyond the front one's: the whole catalog.
    shared::i18n::whole_catalog();
    frontend::start(Bundle::Account, switch);
}
