//! How the built SPA is served (issue 16): the static shell in `index.html` (painted
//! before the wasm arrives), brotli or gzip chosen by `Accept-Encoding`, `index.html`
//! never cached and hashed assets immutable.
use std::io::Read;
use tests::Server;

fn fetch(
    s: &Server,
    path: &str,
    encoding: &str,
) -> (u16, std::collections::HashMap<String, String>, Vec<u8>) {
    let r = ureq::get(&s.url(path))
        .set("Accept-Encoding", encoding)
        .call()
        .unwrap();
    let mut headers = std::collections::HashMap::new();
    for h in ["content-encoding", "cache-control", "vary", "content-type"] {
        if let Some(v) = r.header(h) {
            headers.insert(h.to_string(), v.to_string());
        }
    }
    let status = r.status();
    let mut body = vec![];
    r.into_reader().read_to_end(&mut body).unwrap();
    (status, headers, body)
}

#[test]
fn the_spa_is_served_precompressed_with_its_shell_and_cache_rules() {
    let s = Server::start();
    let (st, h, body) = fetch(&s, "/", "identity");
    assert_eq!(st, 200);
    assert_eq!(h.get("cache-control").map(String::as_str), Some("no-cache"));
    let html = String::from_utf8(body).unwrap();
    assert!(
        html.contains("id=\"shell\"") && html.contains("Cargando"),
        "{html}"
    );
    // A client route gets the same page.
    let (_, _, routed) = fetch(&s, "/status", "identity");
    assert_eq!(String::from_utf8(routed).unwrap(), html);

    let wasm = html
        .split('"')
        .find(|p| p.ends_with("_bg.wasm"))
        .expect("the wasm is named in index.html")
        .to_string();
    let wasm = if wasm.starts_with('/') {
        wasm
    } else {
        format!("/{wasm}")
    };
    let (_, plain_h, plain) = fetch(&s, &wasm, "identity");
    assert!(plain.starts_with(b"\0asm"));
    assert_eq!(
        plain_h.get("cache-control").map(String::as_str),
        Some("public, max-age=31536000, immutable")
    );
    let (_, br_h, br) = fetch(&s, &wasm, "gzip, deflate, br");
    assert_eq!(br_h.get("content-encoding").map(String::as_str), Some("br"));
    assert!(br_h
        .get("vary")
        .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")));
    let (_, gz_h, gz) = fetch(&s, &wasm, "gzip");
    assert_eq!(
        gz_h.get("content-encoding").map(String::as_str),
        Some("gzip")
    );
    assert!(
        br.len() < gz.len() && gz.len() < plain.len(),
        "{} {} {}",
        br.len(),
        gz.len(),
        plain.len()
    );
    let (_, h, _) = fetch(&s, "/", "br");
    assert_eq!(h.get("content-encoding").map(String::as_str), Some("br"));
    // The stylesheet is a hashed asset too.
    let css = html
        .split('"')
        .find(|p| p.ends_with(".css"))
        .expect("the stylesheet is named in index.html")
        .trim_start_matches('/')
        .to_string();
    let (_, h, _) = fetch(&s, &format!("/{css}"), "br");
    assert_eq!(
        h.get("cache-control").map(String::as_str),
        Some("public, max-age=31536000, immutable"),
        "{css}"
    );
}
