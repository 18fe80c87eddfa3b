//! Signing in to an application through Umbral (OpenID Connect): the request, the code,
//! RP-initiated logout, and the applications a person is signed in to.
use super::{delete, get, post, post_nothing_json, seg, Answer};
use shared::api::oidc::*;
use shared::i18n::Locale;

pub async fn sign_in_view(l: Locale, request: &str) -> Answer<SignInView> {
    get(l, &format!("/sign-in/{}", seg(request))).await
}

/// The code: where the browser goes next.
pub async fn sign_in(l: Locale, request: &str) -> Answer<SignInDone> {
    post_nothing_json(l, &format!("/sign-in/{}", seg(request))).await
}

/// Back to the application without signing in (`error=access_denied`).
pub async fn cancel(l: Locale, request: &str) -> Answer<SignInDone> {
    post_nothing_json(l, &format!("/sign-in/{}/cancel", seg(request))).await
}

pub async fn sign_out(l: Locale, body: &SignOutInput) -> Answer<SignOutDone> {
    post(l, "/sign-out", body).await
}

pub async fn my_applications(l: Locale) -> Answer<Vec<SignedInApp>> {
    get(l, "/me/applications").await
}

pub async fn sign_out_of(l: Locale, grant: &str) -> Answer<()> {
    delete(l, &format!("/me/applications/{}", seg(grant))).await
}
