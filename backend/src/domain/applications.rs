//! The catalogue of applications and their roles, loaded from TOML (`UMBRAL_CATALOG`)
//! or the built-in one modelled on SPOT (`backend/data/catalog.toml`).
//!
//! Source `002_…` (approver instructions): an approver asks for the approver role alone,
//! because it carries end-user access with it. An approver role therefore counts as holding every
//! non-approver role of the same application for the same organisation.
use serde::Deserialize;
use shared::api::access::{Application, RoleInfo};
use shared::i18n::Locale;
use std::collections::HashSet;

pub const BUILT_IN: &str = include_str!("../../data/catalog.toml");
/// The sample licence the built-in catalogue names (`licence = "sample-licence.toml"`).
pub const BUILT_IN_LICENCE: &str = include_str!("../../data/sample-licence.toml");
const BUILT_IN_LICENCE_FILE: &str = "sample-licence.toml";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub es: String,
}

impl Text {
    pub fn get(&self, l: Locale) -> &str {
        match l {
            Locale::En => &self.en,
            Locale::Es => &self.es,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: Text,
    pub description: Text,
    #[serde(default)]
    pub approver: bool,
    #[serde(default)]
    pub requires_identity: bool,
    /// Whom the role is for (site preferences), shown first to them.
    #[serde(default)]
    pub audience: shared::api::site::Audience,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    pub id: String,
    pub name: Text,
    pub description: Text,
    #[serde(rename = "role")]
    pub roles: Vec<Role>,
    /// A licence file (relative to the catalogue's folder) the user must accept before
    /// first using the application, and again whenever its version changes.
    #[serde(default, rename = "licence")]
    pub licence_file: Option<String>,
    #[serde(skip)]
    pub licence: Option<Licence>,
    /// The OpenID Connect clients that sign people in to this application through
    /// Umbral (`[[application.client]]`).
    #[serde(default, rename = "client")]
    pub clients: Vec<OidcClient>,
    /// The application's own address (`url = "https://spot.example.org/"`): "Open"
    /// after its licence goes there, and it signs the person in through Umbral. None:
    /// Umbral's own pages for it (the document form) are all there is.
    #[serde(default)]
    pub url: Option<String>,
    /// Its weekly maintenance window in Eastern time (`maintenance = "thu 21:00-23:00"`
    /// or `"off"`); when absent, the configured default (`UMBRAL_APP_MAINTENANCE_WEEKLY`,
    /// SPOT's Thursday evening). Resolved into [`Self::weekly`].
    #[serde(default)]
    pub maintenance: Option<String>,
    /// The window in force: during it signing in to the application and its forms are
    /// closed, Umbral is not.
    #[serde(skip)]
    pub weekly: Option<shared::calendar::WeeklyWindow>,
}

/// An application's OpenID Connect client (issue 14): exact redirect URIs, PKCE S256
/// always, and a client secret only for confidential clients (stored as its SHA-256;
/// the help desk can set a new one).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcClient {
    pub client_id: String,
    /// Compared exactly (no prefix, case or trailing-slash leniency).
    pub redirect_uris: Vec<String>,
    /// Where RP-initiated logout may return to.
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    /// A confidential client authenticates at the token endpoint with its secret
    /// (`client_secret_basic` or `client_secret_post`); a public one with PKCE alone.
    #[serde(default)]
    pub confidential: bool,
    /// The secret's SHA-256 (64 hex digits), for a confidential client; a secret the
    /// help desk sets later replaces it.
    #[serde(default)]
    pub secret_sha256: Option<String>,
    /// The scopes it may ask for (`openid` always).
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// Only people holding a live role of the application may sign in (default yes).
    #[serde(default = "yes")]
    pub require_role: bool,
}

fn default_scopes() -> Vec<String> {
    ["openid", "profile", "email"].map(String::from).to_vec()
}

fn yes() -> bool {
    true
}

/// Scopes a client may be allowed (`offline_access` is implied: every sign-in gets a
/// rotating refresh token bound to the person's role).
pub const SCOPES: [&str; 4] = ["openid", "profile", "email", "roles"];

/// A redirect URI a client may register: absolute, no fragment, no credentials, and
/// `https` unless it points at this machine (RFC 9700 section 2.1, RFC 8252 section 7.3).
pub fn redirect_uri_ok(u: &str) -> bool {
    let Some((scheme, rest)) = u.split_once("://") else {
        return false;
    };
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host_only = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let loopback = matches!(host_only, "127.0.0.1" | "localhost" | "[::1]");
    !u.contains('#')
        && !host.contains('@')
        && !host_only.is_empty()
        && u.len() <= 2000
        && !u.chars().any(|c| c.is_whitespace() || c.is_control())
        && (scheme == "https" || (scheme == "http" && loopback))
}

/// A versioned licence, from its own TOML file: `version`, `title` and `text`, each
/// text in English and Spanish. Source `002_…`: the application opens only once its
/// licence is accepted; declining leaves the screen.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub version: String,
    pub title: Text,
    pub text: Text,
}

/// A location of the site preferences ("Select your location").
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub id: String,
    pub name: Text,
}

/// A kind of document that can be submitted.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentType {
    pub id: String,
    pub name: Text,
}

impl App {
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applications {
    #[serde(rename = "application")]
    pub apps: Vec<App>,
    /// What documents can be submitted (`[[document_type]]`); none, no submissions.
    #[serde(default, rename = "document_type")]
    pub document_types: Vec<DocumentType>,
    /// The locations people choose from (`[[location]]`).
    #[serde(default, rename = "location")]
    pub locations: Vec<Location>,
}

impl Default for Applications {
    fn default() -> Self {
        Applications::parse(BUILT_IN, |f| {
            if f == BUILT_IN_LICENCE_FILE {
                Ok(BUILT_IN_LICENCE.to_string())
            } else {
                Err(format!("the built-in catalogue has no file {f}"))
            }
        })
        .expect("the built-in catalogue is valid")
    }
}

/// An application's and a role's names, as [`Applications::names`] finds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleNames {
    pub application: String,
    pub role: String,
    /// The role approves others' requests for its organisation.
    pub approver: bool,
}

impl Applications {
    /// The client `client_id` and its application.
    pub fn client(&self, client_id: &str) -> Option<(&App, &OidcClient)> {
        self.apps.iter().find_map(|a| {
            a.clients
                .iter()
                .find(|c| c.client_id == client_id)
                .map(|c| (a, c))
        })
    }

    /// `--demo`: the SPOT application gets a public client (`spot-demo`, PKCE, returning to
    /// `http://127.0.0.1:8090/callback`) and a confidential one (`spot-demo-server`, whose
    /// secret the demo sets and writes to its accounts file), unless the catalogue has
    /// clients already.
    pub fn add_demo_clients(&mut self) {
        if self.apps.iter().any(|a| !a.clients.is_empty()) {
            return;
        }
        let Some(app) = self.apps.first_mut() else {
            return;
        };
        // "Open SPOT" goes to the demo's stand-in for it (`scripts/oidc-demo-client.py`).
        app.url
            .get_or_insert_with(|| "http://127.0.0.1:8090/".into());
        let redirect = vec![
            "http://127.0.0.1:8090/callback".to_string(),
            "http://localhost:8090/callback".to_string(),
        ];
        let logout = vec![
            "http://127.0.0.1:8090/".to_string(),
            "http://localhost:8090/".to_string(),
        ];
        for (id, confidential) in [("spot-demo", false), ("spot-demo-server", true)] {
            app.clients.push(OidcClient {
                client_id: id.into(),
                redirect_uris: redirect.clone(),
                post_logout_redirect_uris: logout.clone(),
                confidential,
                secret_sha256: None,
                scopes: SCOPES.map(String::from).to_vec(),
                require_role: true,
            });
        }
    }

    /// Parses and checks a catalogue; `read` gives the text of a licence file it names.
    /// The error says what to fix.
    pub fn parse(
        text: &str,
        read: impl Fn(&str) -> Result<String, String>,
    ) -> Result<Applications, String> {
        let mut c: Applications = toml::from_str(text).map_err(|e| e.to_string())?;
        c.read_licences(read)?;
        c.check_locations()?;
        c.check_document_types()?;
        if c.apps.is_empty() {
            return Err("the catalogue lists no [[application]]".into());
        }
        c.check_clients()?;
        c.check_applications()?;
        Ok(c)
    }

    /// Reads and checks the licence each application names (its version, and a title
    /// and a text in both languages).
    fn read_licences(
        &mut self,
        read: impl Fn(&str) -> Result<String, String>,
    ) -> Result<(), String> {
        for a in self.apps.iter_mut() {
            if let Some(f) = &a.licence_file {
                let l: Licence = toml::from_str(&read(f)?)
                    .map_err(|e| format!("the licence {f} of {:?}: {e}", a.id))?;
                let v = l.version.trim();
                if v.is_empty()
                    || v.len() > 40
                    || !v
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-' | '_'))
                {
                    return Err(format!(
                        "the licence {f}: version {:?} must be 1 to 40 of A-Z, a-z, 0-9, '.', '-' and '_'",
                        l.version
                    ));
                }
                for t in [&l.title, &l.text] {
                    if t.en.trim().is_empty() || t.es.trim().is_empty() {
                        return Err(format!(
                            "the licence {f} needs a title and a text in en and es"
                        ));
                    }
                }
                a.licence = Some(l);
            }
        }
        Ok(())
    }

    /// The locations (ids and names in both languages), and the role audiences that
    /// name them.
    fn check_locations(&self) -> Result<(), String> {
        let mut loc_ids = HashSet::new();
        for l in &self.locations {
            if l.id.is_empty()
                || l.id.len() > 10
                || !l
                    .id
                    .chars()
                    .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit())
                || !loc_ids.insert(l.id.clone())
                || l.name.en.trim().is_empty()
                || l.name.es.trim().is_empty()
            {
                return Err(format!(
                    "location {:?}: an id of 1 to 10 of A-Z and 0-9, used once, and a name in en and es",
                    l.id
                ));
            }
        }
        let locs: Vec<&str> = self.locations.iter().map(|l| l.id.as_str()).collect();
        for a in &self.apps {
            for r in &a.roles {
                if r.audience.validate(&locs).is_err() {
                    return Err(format!(
                        "role {:?} of {:?}: its audience names a choice that does not exist",
                        r.id, a.id
                    ));
                }
            }
        }
        Ok(())
    }

    /// The document types: ids used once, names in both languages.
    fn check_document_types(&self) -> Result<(), String> {
        let mut type_ids = HashSet::new();
        for t in &self.document_types {
            if t.id.is_empty()
                || t.id.len() > 40
                || !t
                    .id
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
                || !type_ids.insert(&t.id)
                || t.name.en.trim().is_empty()
                || t.name.es.trim().is_empty()
            {
                return Err(format!(
                    "document type {:?}: an id of 1 to 40 of a-z, 0-9 and _, used once, and a name in en and es",
                    t.id
                ));
            }
        }
        Ok(())
    }

    /// The OpenID Connect clients: ids, redirect URIs, scopes and secrets.
    fn check_clients(&self) -> Result<(), String> {
        let mut client_ids = HashSet::new();
        for a in &self.apps {
            for cl in &a.clients {
                let id = &cl.client_id;
                if id.is_empty()
                    || id.len() > 64
                    || !id
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'))
                    || !client_ids.insert(id.clone())
                {
                    return Err(format!(
                        "client {id:?} of {:?}: a client_id of 1 to 64 of A-Z, a-z, 0-9, '-', '_' and '.', used once",
                        a.id
                    ));
                }
                if cl.redirect_uris.is_empty() {
                    return Err(format!("client {id:?} needs at least one redirect URI"));
                }
                for u in cl.redirect_uris.iter().chain(&cl.post_logout_redirect_uris) {
                    if !redirect_uri_ok(u) {
                        return Err(format!(
                            "client {id:?}: {u:?} must be an absolute https URI without a fragment (http only on 127.0.0.1, [::1] or localhost)"
                        ));
                    }
                }
                if !cl.scopes.iter().any(|s| s == "openid")
                    || cl.scopes.iter().any(|s| !SCOPES.contains(&s.as_str()))
                {
                    return Err(format!(
                        "client {id:?}: scopes must include openid and be among {SCOPES:?}"
                    ));
                }
                match (&cl.secret_sha256, cl.confidential) {
                    (Some(h), true)
                        if h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()) => {}
                    (None, true) => {}
                    (Some(_), true) => {
                        return Err(format!(
                            "client {id:?}: secret_sha256 must be 64 hex digits (`printf %s SECRET | sha256sum`)"
                        ))
                    }
                    (Some(_), false) => {
                        return Err(format!(
                            "client {id:?} is public (PKCE only): it has no secret"
                        ))
                    }
                    (None, false) => {}
                }
            }
        }
        Ok(())
    }

    /// The applications: their maintenance windows and addresses, ids, and roles (one
    /// at least an approver's).
    fn check_applications(&mut self) -> Result<(), String> {
        let mut app_ids = HashSet::new();
        for a in self.apps.iter_mut() {
            a.weekly = match &a.maintenance {
                None => Some(Default::default()),
                Some(w) => shared::calendar::WeeklyWindow::parse(w)
                    .map_err(|e| format!("application {:?}: maintenance {e}", a.id))?,
            };
            if let Some(u) = &a.url {
                if !redirect_uri_ok(u) {
                    return Err(format!(
                        "application {:?}: url {u:?} must be an absolute https address (http only on 127.0.0.1, [::1] or localhost)",
                        a.id
                    ));
                }
            }
            // Outages name applications and Umbral's parts alike.
            if shared::api::status::COMPONENTS.contains(&a.id.as_str()) {
                return Err(format!(
                    "application id {:?} is the name of one of Umbral's own components: choose another",
                    a.id
                ));
            }
        }
        for a in &self.apps {
            let id_ok = |id: &str| {
                !id.is_empty()
                    && id.len() <= 40
                    && id
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
            };
            if !id_ok(&a.id) {
                return Err(format!(
                    "application id {:?}: use 1 to 40 of a-z, 0-9 and _",
                    a.id
                ));
            }
            if !app_ids.insert(&a.id) {
                return Err(format!("application id {:?} appears twice", a.id));
            }
            let mut role_ids = HashSet::new();
            for r in &a.roles {
                if !id_ok(&r.id) || !role_ids.insert(&r.id) {
                    return Err(format!(
                        "application {:?}: role id {:?} is empty, malformed or repeated",
                        a.id, r.id
                    ));
                }
                for t in [&r.name, &r.description] {
                    if t.en.trim().is_empty() || t.es.trim().is_empty() {
                        return Err(format!(
                            "role {:?} of {:?} needs a name and a description in en and es",
                            r.id, a.id
                        ));
                    }
                }
            }
            if !a.roles.iter().any(|r| r.approver) {
                return Err(format!(
                    "application {:?} has no approver role: nobody could approve its end users",
                    a.id
                ));
            }
        }
        Ok(())
    }

    /// Gives every application that names no window of its own `default` (the
    /// configuration's `UMBRAL_APP_MAINTENANCE_WEEKLY`).
    pub fn default_weekly(&mut self, default: Option<shared::calendar::WeeklyWindow>) {
        for a in self.apps.iter_mut().filter(|a| a.maintenance.is_none()) {
            a.weekly = default;
        }
    }

    /// The applications' ids (which outages may name as components).
    pub fn ids(&self) -> Vec<&str> {
        self.apps.iter().map(|a| a.id.as_str()).collect()
    }

    pub fn location_ids(&self) -> Vec<&str> {
        self.locations.iter().map(|l| l.id.as_str()).collect()
    }

    /// The licence of application `app`, if it has one.
    pub fn licence(&self, app: &str) -> Option<&Licence> {
        self.app(app).and_then(|a| a.licence.as_ref())
    }

    pub fn document_type(&self, id: &str) -> Option<&DocumentType> {
        self.document_types.iter().find(|t| t.id == id)
    }

    pub fn app(&self, id: &str) -> Option<&App> {
        self.apps.iter().find(|a| a.id == id)
    }

    /// `(application name, role name, approver?)` in `l`, or the IDs when unknown
    /// (a role removed from the catalogue after it was granted).
    /// Whether `role` of `app` is an approver role (unknown ones are not).
    pub fn is_approver(&self, app: &str, role: &str) -> bool {
        self.app(app)
            .and_then(|a| a.role(role))
            .is_some_and(|r| r.approver)
    }

    /// What an application and one of its roles are called in `l` (their ids when the
    /// catalogue no longer has them), and whether the role approves others.
    pub fn names(&self, l: Locale, app: &str, role: &str) -> RoleNames {
        let (application, role, approver) = match self.app(app) {
            Some(a) => match a.role(role) {
                Some(r) => (a.name.get(l).into(), r.name.get(l).into(), r.approver),
                None => (a.name.get(l).into(), role.into(), false),
            },
            None => (app.into(), role.into(), false),
        };
        RoleNames {
            application,
            role,
            approver,
        }
    }

    pub fn view(&self, l: Locale) -> Vec<Application> {
        self.apps
            .iter()
            .map(|a| Application {
                id: a.id.clone(),
                name: a.name.get(l).into(),
                description: a.description.get(l).into(),
                roles: a
                    .roles
                    .iter()
                    .map(|r| RoleInfo {
                        id: r.id.clone(),
                        name: r.name.get(l).into(),
                        description: r.description.get(l).into(),
                        approver: r.approver,
                        requires_identity: r.requires_identity,
                        audience: r.audience.clone(),
                    })
                    .collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
