//! The signed-in module: a logged-in person's own screens (`Bundle::Account`): its screens, and the `switch` that draws one for a route.
//! `frontend/src/bin/account.rs` starts it; `shared::bundle::Bundle::for_path` says which
//! paths are its own, and `route::Route::bundle` agrees (a test checks).
pub mod account_details;
pub mod application;
pub mod approvals;
pub mod my_roles;
pub mod profile;
pub mod role_request;

use super::not_found::NotFound;
use crate::route::Route;
use account_details::AccountDetails;
use application::{ApplicationPage, SubmissionPage};
use approvals::Approvals;
use my_roles::MyRoles;
use profile::{ChangePassword, Devices, ProfilePage};
use role_request::RoleRequestPage;
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

/// The module's `main`.
pub fn start() {
    // This module shows screens beyond the front one's: its part of the rest of the catalog.
    shared::i18n::catalog_for_account();
    crate::start(Bundle::Account, switch);
}
