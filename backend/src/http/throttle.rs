//! The per-client-address brake of `domain::throttle`, applied by route: every request
//! that checks a secret, sends a message or makes something anonymous takes a token
//! from its client's bucket first, before any account is looked up, so the `429` with
//! `Retry-After` is the same for known and unknown user IDs.
use super::error::ApiError;
use super::extractors::ClientAddr;
use super::AppState;
use crate::domain::throttle::{client_key, Action};
use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The bucket a route draws on, if any (routes as matched under `/api/v1`).
pub fn action(method: &Method, route: &str) -> Option<Action> {
    let route = route.strip_prefix("/api/v1").unwrap_or(route);
    let write = method != Method::GET && method != Method::HEAD;
    Some(match route {
        "/sessions" if write => Action::Login,
        "/sessions/{c}/passcode"
        | "/sessions/{c}/recovery-code"
        | "/sessions/{c}/passkey"
        | "/sessions/{c}/passkey-challenge"
        | "/me/passkeys"
        | "/me/passkeys/verification"
        | "/admin/accounts/{user_id}/caller-verification"
        | "/sessions/{c}/email-verification"
        | "/sessions/{c}/devices/{id}/verification"
        | "/me/devices/{id}/verification"
        | "/me/password"
        | "/me/security-question"
        | "/me/email/verification" => Action::Code,
        "/sessions/{c}/email-code"
        | "/sessions/{c}/passcode-request"
        | "/sessions/{c}/devices/{id}/code"
        | "/me/devices/{id}/code"
        | "/admin/accounts/{user_id}/caller-codes"
        | "/me/email" => Action::Send,
        "/sessions/{c}/devices" | "/me/devices" | "/me/devices/{id}"
            if *method == Method::POST || *method == Method::PATCH =>
        {
            Action::Send
        }
        "/password-resets"
        | "/password-resets/{t}"
        | "/unlocks"
        | "/unlocks/{t}"
        | "/user-id-reminders"
        | "/account-setups/{token}"
        | "/alerts/subscription" => Action::Recovery,
        "/page-links" if write => Action::Share,
        "/password-checks" => Action::PasswordCheck,
        "/registrations" if write => Action::Registration,
        "/organization-forms" | "/organizations" if write => Action::OrgForm,
        // The provider's own endpoints, at the root.
        "/oauth2/authorize" => Action::Authorize,
        "/oauth2/token" => Action::Token,
        _ => return None,
    })
}

pub async fn limit(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string());
    if let Some(a) = route.and_then(|r| action(req.method(), &r)) {
        let client = client_key(req.extensions().get::<ClientAddr>().and_then(|c| c.0));
        if let Err(wait) = st.throttle.client(a, &client).await {
            tracing::info!(action = ?a, "client over its rate limit");
            return ApiError::too_many(wait.0).into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_draw_on_their_buckets() {
        let post = Method::POST;
        assert_eq!(action(&post, "/api/v1/sessions"), Some(Action::Login));
        assert_eq!(action(&Method::DELETE, "/api/v1/sessions/current"), None);
        assert_eq!(
            action(&post, "/api/v1/sessions/{c}/passcode"),
            Some(Action::Code)
        );
        assert_eq!(action(&post, "/api/v1/me/devices"), Some(Action::Send));
        assert_eq!(action(&Method::GET, "/api/v1/me/devices"), None);
        assert_eq!(
            action(&Method::PATCH, "/api/v1/me/devices/{id}"),
            Some(Action::Send)
        );
        assert_eq!(
            action(&Method::GET, "/api/v1/password-resets/{t}"),
            Some(Action::Recovery)
        );
        assert_eq!(
            action(&post, "/api/v1/registrations"),
            Some(Action::Registration)
        );
        assert_eq!(
            action(&post, "/api/v1/organization-forms"),
            Some(Action::OrgForm)
        );
        assert_eq!(action(&Method::GET, "/api/v1/me"), None);
        assert_eq!(
            action(&Method::GET, "/oauth2/authorize"),
            Some(Action::Authorize)
        );
        assert_eq!(action(&post, "/oauth2/authorize"), Some(Action::Authorize));
        assert_eq!(action(&post, "/oauth2/token"), Some(Action::Token));
        assert_eq!(action(&Method::GET, "/oauth2/jwks"), None);
    }
}
