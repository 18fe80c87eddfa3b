//! "Send a link to this page" against the release binary (issue 13): the answer is the
//! same for any valid addresses; the email holds the page's title and link in the
//! sender's language and nothing the sender typed; bad lists are refused with the
//! source's rule, in Spanish; one client address is throttled.
use serde_json::json;
use tests::{Client, Outbox, Server};

#[test]
fn a_page_link_is_sent_with_nothing_typed_in_it_and_a_client_is_throttled() {
    // The real per-address limits (the harness scales them up for other tests).
    let s = Server::builder()
        .env(&[("UMBRAL_RATE_LIMIT_SCALE", "1")])
        .start();
    let mut c = Client::new(&s);
    c.lang = "es";
    let mut ob = Outbox::new(&s);
    let (st, a) = c.post(
        "/page-links",
        json!({"page": "status", "addresses": "ana@example.com; bo@example.org"}),
    );
    let (st2, b) = c.post(
        "/page-links",
        json!({"page": "status", "addresses": "nobody-at-all@example.net"}),
    );
    assert_eq!((st, st2), (202, 202));
    assert_eq!(a, b, "the same answer whatever the addresses");
    for to in [
        "ana@example.com",
        "bo@example.org",
        "nobody-at-all@example.net",
    ] {
        let body = ob.next_to(to);
        assert!(
            body.contains("Estado del sistema y mantenimiento programado"),
            "{body}"
        );
        assert!(
            body.contains("/status\r\n") || body.contains("/status\n"),
            "{body}"
        );
        assert!(body.contains("Umbral no escribió nada más"), "{body}");
    }
    // The source's rule; nothing sent.
    for (addresses, want) in [
        ("ana@example.com, bo@example.org", "use_semicolons"),
        ("ana@example.com; no", "invalid"),
        ("", "required"),
    ] {
        let (st, e) = c.post(
            "/page-links",
            json!({"page": "status", "addresses": addresses}),
        );
        assert_eq!(
            (st, &e["error"]["fields"]["addresses"][0]),
            (422, &json!(want)),
            "{e}"
        );
    }
    let eleven: Vec<String> = (0..11).map(|i| format!("p{i}@example.com")).collect();
    let (st, e) = c.post(
        "/page-links",
        json!({"page": "status", "addresses": eleven.join(";")}),
    );
    assert_eq!(
        (st, &e["error"]["fields"]["addresses"][0]),
        (422, &json!("too_many"))
    );
    // A page that is not Umbral's is refused: no link to anywhere else.
    let (st, e) = c.post(
        "/page-links",
        json!({"page": "https://evil.example/", "addresses": "ana@example.com"}),
    );
    assert_eq!(
        (st, &e["error"]["fields"]["page"][0]),
        (422, &json!("invalid"))
    );
    // One address: 10 at once, then throttled with Retry-After.
    let mut codes = vec![];
    for i in 0..12 {
        let (st, _) = c.post(
            "/page-links",
            json!({"page": "home", "addresses": format!("q{i}@example.com")}),
        );
        codes.push(st);
    }
    assert!(codes.contains(&429), "{codes:?}");
    assert!(ob.all().iter().all(|m| !m.contains("evil.example")));
}
