//! The other screens of someone not logged in (`Bundle::Public`).
use frontend::pages::account_help::{AccountHelp, LinkPage};
use frontend::pages::organization_form::OrganizationFormPage;
use frontend::pages::roles::RoleDescriptions;
use frontend::pages::setup_account::SetupAccount;
use frontend::pages::sign_in::{SignIn, SignOut};
use frontend::pages::status::StatusPage;
use frontend::pages::unsubscribe::Unsubscribe;
use frontend::pages::{not_found::NotFound, register::Register};
use frontend::route::Route;
use shared::bundle::Bundle;
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

fn main() {
    // This module shows screens beyond the front one's: the whole catalog.
    shared::i18n::whole_catalog();
    frontend::start(Bundle::Public, switch);
}
