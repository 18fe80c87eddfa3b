//! chromedriver and Debian's chromium, and axe-core in a page.
use crate::*;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A DevTools command through chromedriver's `goog/cdp/execute`, in the browser
/// session `session`.
pub fn cdp(d: &Driver, session: &str, cmd: &str, params: serde_json::Value) -> serde_json::Value {
    ureq::post(&format!(
        "http://127.0.0.1:{}/session/{session}/goog/cdp/execute",
        d.port
    ))
    .send_json(serde_json::json!({"cmd": cmd, "params": params}))
    .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    .into_json()
    .unwrap()
}

/// A running chromedriver, killed on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    pub fn start() -> Driver {
        let port = free_port();
        let child =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver (apt-get install chromium-driver)");
        wait_until("chromedriver", || {
            ureq::get(&format!("http://127.0.0.1:{port}/status"))
                .call()
                .is_ok()
        });
        Driver { child, port }
    }
}

impl Driver {
    /// A new headless chromium window of `width` x `height` CSS pixels, through this
    /// chromedriver (Debian's `chromium`, or `CHROMIUM`).
    pub async fn window(&self, width: u32, height: u32) -> fantoccini::Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--lang=en-US",
                         format!("--window-size={width},{height}")]
            }),
        );
        let c = fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", self.port))
        .await
        .expect("chromedriver session");
        c.set_window_size(width, height).await.expect("window size");
        c
    }
}

/// The first element matching the CSS selector `sel`, waiting up to 15 s. Any error while
/// looking is retried, not only "no such element": when a link leads to another module of
/// the SPA the browser loads a new page, and chromedriver answers a command caught in
/// that load with "aborted by navigation".
pub async fn element(c: &fantoccini::Client, sel: &str) -> fantoccini::elements::Element {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        match c.find(fantoccini::Locator::Css(sel)).await {
            Ok(e) => return e,
            Err(e) if Instant::now() >= deadline => panic!("no element {sel}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Waits until the page has stopped changing: no change to the DOM for 150 ms (at most
/// 3 s). On loopback the SPA's requests answer in milliseconds and each answer redraws
/// something, so a quiet DOM is a page whose late arrivals have been drawn.
pub async fn settle(c: &fantoccini::Client) {
    let _ = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             let last = performance.now(); const start = last; \
             const seen = new MutationObserver(() => { last = performance.now(); }); \
             seen.observe(document.documentElement, \
               {subtree: true, childList: true, attributes: true, characterData: true}); \
             (function check() { const now = performance.now(); \
               if (now - last >= 150 || now - start > 3000) { seen.disconnect(); done(true); } \
               else { setTimeout(check, 25); } })();",
            vec![],
        )
        .await;
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// axe-core's script (npm, pinned, installed by `scripts/test.sh`).
pub fn axe_source() -> String {
    let path = std::env::var("UMBRAL_AXE_JS").unwrap_or_else(|_| {
        let tools = std::env::var("UMBRAL_TOOLS_DIR")
            .unwrap_or_else(|_| format!("{}/.cache/umbral-tools", std::env::var("HOME").unwrap()));
        format!("{tools}/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (scripts/test.sh installs axe-core)"))
}

/// axe's violations (the WCAG 2.0 and 2.1 A and AA rules) on the page, as `rule: selectors`
/// lines, and any visible text that is a message key (a message missing from the catalog
/// the page's module carries).
pub async fn axe_violations(c: &fantoccini::Client, axe: &str) -> Vec<String> {
    // Loaded once per page: a route change inside a module keeps it, a new page drops it.
    let loaded = c
        .execute("return typeof window.axe !== 'undefined';", vec![])
        .await
        .expect("axe present?");
    if loaded != serde_json::Value::Bool(true) {
        c.execute(axe, vec![]).await.expect("axe loads");
    }
    let r: serde_json::Value = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, \
               resultTypes: ['violations']})\
                .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))\
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe runs");
    let mut found: Vec<String> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    // No message key on screen (a missing message shows its key): visible text that is
    // nothing but `word-word…` in lower case, as every key is, beginning as the catalog's
    // keys do (so an identifier such as a client ID `spot-demo` is not taken for one).
    let prefixes: std::collections::BTreeSet<String> =
        shared::i18n::Catalog::keys(shared::i18n::Locale::En)
            .iter()
            .filter_map(|k| k.split_once('-').map(|(p, _)| p.to_string()))
            .collect();
    let keys: serde_json::Value = c
        .execute(
            "const prefixes = new Set(arguments[0]); const out = [];
             const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
             while (w.nextNode()) { const t = w.currentNode.textContent.trim();
               const e = w.currentNode.parentElement;
               if (/^[a-z][a-z0-9_]*(-[a-z0-9_]+)+$/.test(t) && prefixes.has(t.split('-')[0])
                   && e && e.getClientRects().length > 0
                   && !e.closest('script, style, code, [hidden]')) out.push(t); }
             return out;",
            vec![serde_json::json!(prefixes)],
        )
        .await
        .expect("the key check runs");
    for k in keys.as_array().into_iter().flatten() {
        found.push(format!("message key on screen: {k}"));
    }
    found
}
