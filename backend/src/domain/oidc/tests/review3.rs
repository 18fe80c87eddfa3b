//! The third security review's G1 (`security-review-3.md`): an anonymous authorization
//! request costs the provider no storage.
use super::*;

/// Security review 3, G1: an anonymous authorization request costs no storage. A
/// thousand of them leave the store as it was; the handle opens only as sealed, only
/// until it expires, and gives one code.
#[tokio::test]
async fn authorize_stores_nothing_and_its_handle_is_sealed_expires_and_works_once() {
    let (_d, u) = fixture();
    world(&u).await;
    let before = u.store.count(Table::OidcRequests).await.unwrap();
    let mut handles = std::collections::HashSet::new();
    for _ in 0..1000 {
        let mut p = params("spot-demo");
        p.state = Some("s".repeat(1024));
        p.nonce = Some("n".repeat(512));
        let h = u.authorize(p, u.clock.now()).await.unwrap();
        assert!(h.len() < 4096, "a handle fits in a URL: {}", h.len());
        handles.insert(h);
    }
    assert_eq!(handles.len(), 1000, "every handle is distinct");
    assert_eq!(u.store.count(Table::OidcRequests).await.unwrap(), before);

    // The handle cannot be altered or forged: any flipped byte, a handle sealed for
    // another purpose, or garbage is "not found".
    let h = u
        .authorize(params("spot-demo"), u.clock.now())
        .await
        .unwrap();
    let mut raw = URL_SAFE_NO_PAD.decode(&h).unwrap();
    let mid = raw.len() / 2;
    raw[mid] ^= 1;
    let forged = URL_SAFE_NO_PAD.encode(&raw);
    assert!(matches!(
        u.sign_in_view(&forged, Locale::En, u.clock.now()).await,
        Err(OidcError::NotFound)
    ));
    let other = URL_SAFE_NO_PAD.encode(u.keys.seal(b"{}", "tin:x"));
    assert!(matches!(
        u.sign_in_view(&other, Locale::En, u.clock.now()).await,
        Err(OidcError::NotFound)
    ));
    assert!(matches!(
        u.sign_in_view("not-a-handle", Locale::En, u.clock.now())
            .await,
        Err(OidcError::NotFound)
    ));

    // It works once: the second tab's request for a code is refused, and the mark is
    // the only thing stored.
    let erin = me(&u, "erin", u.clock.now()).await;
    u.complete_sign_in(&erin, &h, u.clock.now()).await.unwrap();
    assert!(matches!(
        u.complete_sign_in(&erin, &h, u.clock.now()).await,
        Err(OidcError::NotFound)
    ));
    assert!(matches!(
        u.sign_in_view(&h, Locale::En, u.clock.now()).await,
        Err(OidcError::NotFound)
    ));
    assert_eq!(
        u.store.count(Table::OidcRequests).await.unwrap(),
        before + 1
    );

    // It expires at the instant its life ends, with nothing swept.
    let late = u
        .authorize(params("spot-demo"), u.clock.now())
        .await
        .unwrap();
    u.clock.advance(REQUEST_TTL_SECS - 1);
    assert!(u
        .sign_in_view(&late, Locale::En, u.clock.now())
        .await
        .is_ok());
    u.clock.advance(1);
    assert!(matches!(
        u.sign_in_view(&late, Locale::En, u.clock.now()).await,
        Err(OidcError::NotFound)
    ));
    // The used mark is tidied once its request would have expired.
    u.sweep(u.clock.now() + 1).await.unwrap();
    assert_eq!(u.store.count(Table::OidcRequests).await.unwrap(), before);
}
