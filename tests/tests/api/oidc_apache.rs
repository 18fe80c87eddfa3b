//! A real relying party in front of a page: Apache with mod_auth_openidc (Debian's
//! packages) gating a page on a role.
use super::oidc::*;
use serde_json::json;
use tests::*;

/// Apache with mod_auth_openidc (Debian's `apache2` and `libapache2-mod-auth-openidc`,
/// installed by `scripts/test.sh`) on 127.0.0.1:8090, the demo client's registered
/// callback, in front of one page gated by `Require claim` on the `roles` claim.
struct Apache {
    child: std::process::Child,
    dir: tempfile::TempDir,
}

impl Apache {
    fn start(umbral: &Server, secret: &str, require: &str) -> Apache {
        use std::os::unix::fs::PermissionsExt;
        let bin =
            std::env::var("UMBRAL_TEST_APACHE").unwrap_or_else(|_| "/usr/sbin/apache2".into());
        let modules = "/usr/lib/apache2/modules";
        assert!(
            std::path::Path::new(&format!("{modules}/mod_auth_openidc.so")).exists(),
            "mod_auth_openidc is missing: scripts/test.sh installs Debian's libapache2-mod-auth-openidc"
        );
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::create_dir(root.join("htdocs")).unwrap();
        std::fs::write(root.join("htdocs/page.html"), "the approvers' page\n").unwrap();
        let run_as = if unsafe_is_root() {
            "User nobody\nGroup nogroup\n"
        } else {
            ""
        };
        let conf = format!(
            r#"ServerRoot "{root}"
ServerName 127.0.0.1
Listen 127.0.0.1:8090
PidFile "{root}/httpd.pid"
ErrorLog "{root}/error.log"
LogLevel warn auth_openidc:info
{run_as}LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authn_core_module {modules}/mod_authn_core.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule auth_openidc_module {modules}/mod_auth_openidc.so
DocumentRoot "{root}/htdocs"
OIDCProviderMetadataURL {issuer}/.well-known/openid-configuration
OIDCClientID spot-demo-server
OIDCClientSecret {secret}
OIDCRedirectURI http://127.0.0.1:8090/callback
OIDCCryptoPassphrase {pass}
OIDCScope "openid profile email"
OIDCPKCEMethod S256
<Location "/">
    AuthType openid-connect
    Require claim {require}
</Location>
"#,
            root = root.display(),
            issuer = umbral.url(""),
            pass = "a-passphrase-for-the-test-only-0123456789",
        );
        std::fs::write(root.join("httpd.conf"), conf).unwrap();
        let child = std::process::Command::new(&bin)
            .arg("-f")
            .arg(root.join("httpd.conf"))
            .arg("-DFOREGROUND")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{bin}: {e} (scripts/test.sh installs Debian's apache2)"));
        let a = Apache { child, dir };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", 8090)).is_ok() {
                return a;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("Apache did not start: {}", a.log());
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Apache {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

fn unsafe_is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// One person through Apache: the page, the redirect to Umbral, the person's sign-in
/// there (logged in through the API, as the SPA does), the callback, and the page again
/// with Apache's session. Returns the last answer's status and body.
fn through_apache(s: &Server, user_id: &str) -> (u16, String) {
    let (pw, totp) = demo_accounts(&s.data)[user_id].clone();
    let mut person = Client::new(s);
    person.login_with_app(user_id, &pw, &totp);
    // The licence of the application for each of the person's organisations.
    let (_, mine) = person.get("/me/roles");
    for g in mine["grants"].as_array().unwrap() {
        let org = g["organization"]["id"].as_str().unwrap().to_string();
        let (_, l) = person.get(&format!("/applications/spot/licence?organization={org}"));
        if l["accepted"] != json!(true) {
            let (st, v) = person.post(
                "/applications/spot/licence",
                json!({"version": l["version"], "organization": org}),
            );
            assert_eq!(st, 200, "{v}");
        }
    }
    let mut jar: Vec<String> = vec![];
    let cookie = |jar: &Vec<String>| jar.join("; ");
    let r = answer(agent().get("http://127.0.0.1:8090/page.html").call());
    assert_eq!(r.status(), 302, "Apache sends the browser to Umbral");
    jar.extend(set_cookies(&r));
    let to_umbral = r.header("location").unwrap().to_string();
    assert!(
        to_umbral.starts_with(&s.url("/oauth2/authorize?")),
        "{to_umbral}"
    );
    let r = answer(agent().get(&to_umbral).call());
    assert_eq!(r.status(), 303);
    let handle = r
        .header("location")
        .unwrap()
        .strip_prefix("/sign-in?request=")
        .unwrap()
        .to_string();
    let (st, done) = person.post(&format!("/sign-in/{handle}"), json!({}));
    assert_eq!(st, 200, "{done}");
    let callback = done["redirect"].as_str().unwrap();
    assert!(
        callback.starts_with("http://127.0.0.1:8090/callback?code="),
        "{callback}"
    );
    let r = answer(agent().get(callback).set("Cookie", &cookie(&jar)).call());
    jar.extend(set_cookies(&r));
    if r.status() != 302 {
        let st = r.status();
        return (st, r.into_string().unwrap_or_default());
    }
    let back = r.header("location").unwrap().to_string();
    assert!(back.ends_with("/page.html"), "{back}");
    let r = answer(
        agent()
            .get("http://127.0.0.1:8090/page.html")
            .set("Cookie", &cookie(&jar))
            .call(),
    );
    let st = r.status();
    (st, r.into_string().unwrap_or_default())
}

/// Issue 28: a relying party that only matches strings gates on a role. Apache's
/// mod_auth_openidc reads the plain-string `roles` claim; `Require claim` lets the
/// Sunshine approver see the page and refuses an end user of another organisation.
#[test]
fn apache_mod_auth_openidc_gates_a_page_on_a_role() {
    let s = Server::start_demo();
    let secret = demo_secret(&s);
    let apache = Apache::start(
        &s,
        &secret,
        "roles:spot:provider_office_approver:O-DEMO-SUNSHINE",
    );
    let (st, body) = through_apache(&s, "alan.approver");
    assert_eq!(st, 200, "{body}\n{}", apache.log());
    assert_eq!(body, "the approvers' page\n");
    let (st, body) = through_apache(&s, "diego.diaz");
    assert!(st == 401 || st == 403, "{st} {body}\n{}", apache.log());
    assert!(!body.contains("the approvers' page"));
}
