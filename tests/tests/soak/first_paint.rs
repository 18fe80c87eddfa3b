//! The first load on a slow line (issue 16): headless chromium throttled through the
//! DevTools protocol to 1.6 Mbps with 150 ms of latency and no cache, opening `/login`
//! on the release server. It measures the first contentful paint (the static shell of
//! `index.html`) and the time until the login form's user ID field exists and takes
//! input, then the cumulative layout shift of every public page on that line with an
//! urgent alert posted (its banner is what pushed the login form down, usability walk 3,
//! #3): at most 0.1, Google's "good". Run alone for the figures:
//! `cargo test --release -p tests --test first_paint -- --nocapture`.
use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::time::Duration;
use tests::{Driver, Server};

#[tokio::test(flavor = "multi_thread")]
async fn first_paint_and_a_usable_login_form_on_a_slow_line() {
    let s = Server::start_demo();
    // An urgent alert, so every page has a banner to draw.
    let accounts = tests::demo_accounts(&s.data);
    let (pw, secret) = &accounts["helpdesk.demo"];
    let mut hd = tests::Client::new(&s);
    hd.login_with_app("helpdesk.demo", pw, secret);
    let (st, a) = hd.post(
        "/admin/alerts",
        json!({"title_en": "Claim status delayed", "title_es": "Estado de reclamaciones con demora",
               "body_en": "Claim status may be a day late.", "body_es": "El estado de las reclamaciones puede llegar un día tarde."}),
    );
    assert_eq!(st, 201, "{a}");
    let d = Driver::start();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--window-size=375,812"]
        }),
    );
    let c = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", d.port))
        .await
        .expect("chromedriver session");
    let session = c.session_id().await.unwrap().expect("a session id");
    tests::cdp(&d, &session, "Network.enable", json!({}));
    tests::cdp(
        &d,
        &session,
        "Network.setCacheDisabled",
        json!({"cacheDisabled": true}),
    );
    // 1.6 Mbps down and up (200,000 bytes a second), 150 ms of latency.
    tests::cdp(
        &d,
        &session,
        "Network.emulateNetworkConditions",
        json!({"offline": false, "latency": 150, "downloadThroughput": 200000, "uploadThroughput": 200000}),
    );
    // Notes, from the page's own clock, when the user ID field appears.
    tests::cdp(
        &d,
        &session,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "new MutationObserver((_, o) => { if (document.getElementById('user_id')) { window.__usable = performance.now(); o.disconnect(); } }).observe(document, {childList: true, subtree: true});\
                           window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});"}),
    );
    c.goto(&s.url("/login")).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#user_id"))
        .await
        .expect("the login form");
    // It takes input.
    c.find(Locator::Css("#user_id"))
        .await
        .unwrap()
        .send_keys("ann.example")
        .await
        .unwrap();
    let t = c
        .execute(
            "const p = performance.getEntriesByName('first-contentful-paint')[0];\
             return [p ? p.startTime : -1, window.__usable || -1, document.getElementById('user_id').value];",
            vec![],
        )
        .await
        .unwrap();
    let (fcp, usable) = (t[0].as_f64().unwrap(), t[1].as_f64().unwrap());
    assert_eq!(t[2], json!("ann.example"));
    eprintln!("first load at 1.6 Mbps / 150 ms: first contentful paint {fcp:.0} ms, login form usable {usable:.0} ms");
    // The shell paints before the wasm: the goal of 1 s holds.
    assert!(
        fcp > 0.0 && fcp <= 1000.0,
        "first contentful paint {fcp} ms"
    );
    // The goal is 3 s; this guards against the SPA growing back (the README has the figure).
    assert!(usable > fcp && usable <= 6000.0, "usable after {usable} ms");
    // Nothing moves once drawn: every public page, on the same line, with the alert's
    // banner. The shift is summed over the whole load (stricter than CLS's windows).
    let mut worst = vec![];
    for (path, ready) in [
        ("/login", "#user_id"),
        ("/", "#main h1"),
        ("/register", "#first_name"),
        ("/account-help", "#main h1"),
        ("/status", "#status-now"),
        ("/role-descriptions", "#main h1"),
    ] {
        c.goto(&s.url(path)).await.unwrap();
        c.wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(ready))
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        c.wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("#status-banner"))
            .await
            .unwrap_or_else(|e| panic!("{path}: the alert's banner: {e}"));
        // Late arrivals (the preferences' choices, the session check) have landed: the
        // site options are in and no response has completed for 800 ms.
        settle(&c).await;
        let cls = c.execute("return window.__cls;", vec![]).await.unwrap();
        let cls = cls.as_f64().unwrap();
        eprintln!("{path}: cumulative layout shift {cls:.3}");
        worst.push((path, cls));
    }
    for (path, cls) in &worst {
        assert!(
            *cls <= 0.1,
            "{path}: cumulative layout shift {cls:.3} (every page: {worst:?})"
        );
    }
    c.close().await.unwrap();
}

/// Waits until the page's site options have arrived and no resource has finished
/// loading for 800 ms (at most 8 s): what arrives late has been drawn.
async fn settle(c: &fantoccini::Client) {
    let count = || async {
        c.execute(
            "const e = performance.getEntriesByType('resource'); \
             return [e.length, e.some(r => r.name.includes('/api/v1/site-options'))];",
            vec![],
        )
        .await
        .unwrap()
    };
    let start = std::time::Instant::now();
    let mut last = count().await;
    let mut quiet_since = std::time::Instant::now();
    while start.elapsed() < Duration::from_secs(8) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = count().await;
        if now != last {
            last = now;
            quiet_since = std::time::Instant::now();
        } else if last[1] == serde_json::json!(true)
            && quiet_since.elapsed() >= Duration::from_millis(800)
        {
            return;
        }
    }
}
