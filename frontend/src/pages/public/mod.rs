//! The other screens of someone not logged in (`Bundle::Public`): its screens, and the `switch` that draws one for a route.
//! `frontend/src/bin/public.rs` starts it; `shared::bundle::Bundle::for_path` says which
//! paths are its own, and `route::Route::bundle` agrees (a test checks).
pub mod account_help;
pub mod organization_form;
pub mod register;
pub mod role_descriptions;
pub mod setup_account;
pub mod sign_in;
pub mod status;
pub mod unsubscribe;

use super::not_found::NotFound;
use crate::route::Route;
use account_help::{AccountHelp, LinkPage};
use organization_form::OrganizationFormPage;
use register::Register;
use role_descriptions::RoleDescriptions;
use setup_account::SetupAccount;
use shared::bundle::Bundle;
use sign_in::{SignIn, SignOut};
use status::StatusPage;
use unsubscribe::Unsubscribe;
use yew::prelude::*;

fn switch(route: Route) -> Html {
    match route {
        Route::Unsubscribe => html! { <Unsubscribe /> },
        Route::Register => html! { <Register /> },
        Route::AccountHelp => html! { <AccountHelp /> },
        Route::ResetPassword => html! { <LinkPage reset={true} /> },
        Route::Unlock => html! { <LinkPage reset={false} /> },
        Route::RoleDescriptions => html! { <RoleDescriptions /> },
        Route::OrganizationForm => html! { <OrganizationFormPage /> },
        Route::SetupAccount => html! { <SetupAccount /> },
        Route::Status => html! { <StatusPage /> },
        Route::SignIn => html! { <SignIn /> },
        Route::SignOut => html! { <SignOut /> },
        // Another module's routes never reach here (`route::switch`).
        _ => html! { <NotFound /> },
    }
}

/// The module's `main`.
pub fn start() {
    // This module shows screens beyond the front one's: its part of the rest of the catalog.
    shared::i18n::catalog_for_public();
    crate::start(Bundle::Public, switch);
}
