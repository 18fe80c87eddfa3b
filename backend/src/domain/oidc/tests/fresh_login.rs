//! `prompt=login` and `max_age`: a sign-in that wants a login newer than the session's.
use super::*;

#[tokio::test]
async fn prompt_login_and_max_age_want_a_fresh_login() {
    let (_d, u) = fixture();
    world(&u).await;
    let earlier = u.clock.now();
    u.clock.advance(120);
    let id = u
        .authorize(
            AuthorizeParams {
                prompt: Some("login".into()),
                ..params("spot-demo")
            },
            u.clock.now(),
        )
        .await
        .unwrap();
    assert!(
        u.sign_in_view(&id, Locale::En, u.clock.now())
            .await
            .unwrap()
            .fresh_login
    );
    assert!(matches!(
        u.complete_sign_in(&me(&u, "erin", earlier).await, &id, u.clock.now())
            .await,
        Err(OidcError::LoginRequired)
    ));
    assert!(u
        .complete_sign_in(&me(&u, "erin", u.clock.now()).await, &id, u.clock.now())
        .await
        .is_ok());
    let id = u
        .authorize(
            AuthorizeParams {
                max_age: Some("60".into()),
                ..params("spot-demo")
            },
            u.clock.now(),
        )
        .await
        .unwrap();
    assert!(matches!(
        u.complete_sign_in(&me(&u, "erin", earlier).await, &id, u.clock.now())
            .await,
        Err(OidcError::LoginRequired)
    ));
    // A request works once.
    let id = u
        .authorize(params("spot-demo"), u.clock.now())
        .await
        .unwrap();
    assert!(u
        .complete_sign_in(&me(&u, "erin", earlier).await, &id, u.clock.now())
        .await
        .is_ok());
    assert!(matches!(
        u.complete_sign_in(&me(&u, "erin", earlier).await, &id, u.clock.now())
            .await,
        Err(OidcError::NotFound)
    ));
}
