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
    // A client route of the same module gets the same page.
    let (_, _, routed) = fetch(&s, "/login", "identity");
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

/// The SPA is one module per page (`shared::bundle`): each client route gets the page of
/// the module that draws it, whose wasm is that module's, every page carries the static
/// shell, is never cached, and its inline loader script is allowed by the policy.
#[test]
fn each_route_gets_its_modules_page() {
    let s = Server::start();
    let wasm_of = |html: &str| {
        html.split('"')
            .find(|p| p.ends_with("_bg.wasm"))
            .unwrap_or_else(|| panic!("no wasm named in {html}"))
            .trim_start_matches('/')
            .to_string()
    };
    let mut seen = std::collections::HashMap::new();
    for (path, module) in [
        ("/", "front-"),
        ("/login", "front-"),
        ("/no/such/page", "front-"),
        ("/register", "public-"),
        ("/role-descriptions", "public-"),
        ("/status", "public-"),
        ("/reset-password", "public-"),
        ("/sign-in", "public-"),
        ("/profile", "account-"),
        ("/profile/devices", "account-"),
        ("/roles/new", "account-"),
        ("/approvals", "account-"),
        ("/apps/A-DOCS/O-1", "account-"),
        ("/help-desk", "help-desk-"),
    ] {
        let r = ureq::get(&s.url(path)).call().unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
        let csp = r.header("content-security-policy").unwrap().to_string();
        let html = r.into_string().unwrap();
        assert!(html.contains("id=\"shell\""), "{path}: {html}");
        let wasm = wasm_of(&html);
        assert!(wasm.starts_with(module), "{path}: {wasm}");
        // The page's inline loader is allowed by its hash.
        let start = html
            .find("<script type=\"module\"")
            .expect("an inline loader");
        let body_start = start + html[start..].find('>').unwrap() + 1;
        let body_end = body_start + html[body_start..].find("</script>").unwrap();
        use base64::Engine;
        use sha2::Digest;
        let digest = sha2::Sha256::digest(&html.as_bytes()[body_start..body_end]);
        let hash = base64::engine::general_purpose::STANDARD.encode(digest);
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{path}: {csp}");
        let (st, _, bytes) = fetch(&s, &format!("/{wasm}"), "identity");
        assert_eq!(st, 200);
        assert!(bytes.starts_with(b"\0asm"), "{path}");
        seen.insert(module, wasm);
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
}

/// The help pages (`shared::help`): every topic in both languages, served as plain HTML
/// with the right `lang`, its title, a link to the same page in the other language and
/// only links that lead somewhere (another help page, or a screen of the SPA); the
/// English and Spanish pages of a topic have the same sections.
#[test]
fn every_help_page_is_served_in_both_languages_and_its_links_lead_somewhere() {
    use shared::help::Topic;
    use shared::i18n::Locale;
    let s = Server::start();
    for t in Topic::ALL {
        let mut sections = vec![];
        for l in Locale::ALL {
            let path = t.path(l);
            let (code, headers, body) = fetch(&s, &path, "identity");
            assert_eq!(code, 200, "{path}");
            assert!(headers["content-type"].starts_with("text/html"), "{path}");
            let page = String::from_utf8(body).unwrap();
            assert!(
                page.contains(&format!("<html lang=\"{}\">", l.tag())),
                "{path}"
            );
            assert!(page.contains("<h1>") && page.contains("<title>"), "{path}");
            let other = Locale::ALL.into_iter().find(|o| *o != l).unwrap();
            assert!(
                page.contains(&format!("href=\"{}\"", t.path(other))),
                "{path}"
            );
            sections.push(page.matches("<h2>").count() + page.matches("<li>").count());
            let links = page
                .split("href=\"")
                .skip(1)
                .filter_map(|x| x.split('"').next())
                .map(str::to_string);
            for link in links {
                let target = if link.starts_with('/') {
                    link.clone()
                } else {
                    format!("/help/{}/{link}", l.tag())
                };
                let (code, _, _) = fetch(&s, &target, "identity");
                assert_eq!(code, 200, "{path} links to {link}");
                if target.starts_with("/help/") {
                    assert!(
                        Topic::ALL
                            .iter()
                            .any(|t| Locale::ALL.iter().any(|l| target == t.path(*l)))
                            || target == "/help/help.css",
                        "{path} links to {link}, not a help page"
                    );
                }
            }
        }
        assert_eq!(sections[0], sections[1], "{}: en and es differ", t.slug());
    }
}
