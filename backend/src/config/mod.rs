//! Flags and `UMBRAL_*` environment variables, in one struct.
pub mod file;

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "umbral",
    version,
    about = "Umbral: a self-hostable identity and access portal"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// A TOML file of settings: each key a flag's long name (`listen`, `database-url`,
    /// `trusted-proxy = [...]`). The environment and the command line override it.
    #[arg(long, env = "UMBRAL_CONFIG", global = true)]
    pub config: Option<std::path::PathBuf>,
    /// `text` (the default, for people) or `json`: one JSON object a line (time, level,
    /// message, and the request's id, route and client from its span), for a log
    /// collector.
    #[arg(long, env = "UMBRAL_LOG_FORMAT", global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the SPA and the JSON API on one port.
    Serve(Box<ServeConfig>),
    /// Administration on the command line. On sled, stop the server first (its database
    /// allows one process at a time); on PostgreSQL the commands run beside the servers.
    /// Each needs the servers' store and key (--data-dir or --database-url, and
    /// --secret-key-file where the key is not in the data directory).
    #[command(subcommand)]
    Admin(Box<AdminCommand>),
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Make a help-desk account and print a one-time link (24 hours) to set its password.
    CreateHelpDesk(CreateHelpDesk),
    /// Scheduled outages, for when the portal itself is down (audited as `operator`).
    #[command(subcommand)]
    Outage(OutageCommand),
    /// Write the whole store as JSON lines (secrets stay sealed; `secret.key` is not
    /// in it), to move an installation between sled and PostgreSQL. With sled, stop
    /// the server first.
    Export {
        /// The file to write (standard output when absent).
        #[arg(long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Read an export into a new, empty store (sled in --data-dir, or PostgreSQL).
    Import {
        /// The file to read.
        #[arg(long)]
        input: PathBuf,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Apply the PostgreSQL schema migrations this binary carries and the database has
    /// not seen (`serve` also applies them at start).
    Migrate {
        #[arg(long, env = "UMBRAL_DATABASE_URL", hide_env_values = true)]
        database_url: String,
    },
    /// Write an export of made-up accounts for measuring scale (`scripts/scale.sh`).
    #[command(hide = true)]
    Synthesize {
        /// How many accounts (plus the help-desk account `scale.desk`).
        #[arg(long)]
        accounts: u64,
        /// The file to write.
        #[arg(long)]
        output: PathBuf,
        /// The key to seal the authenticators' seeds with (created when absent).
        #[arg(long)]
        secret_key_file: PathBuf,
        /// The password of `scale.desk` (every made-up account has it too).
        #[arg(long)]
        desk_password: String,
    },
    /// Make a new OpenID Connect signing key the one in use; the old one stays in the
    /// JWKS for an hour, so tokens it signed keep verifying until they expire.
    OidcRotateKey {
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum OutageCommand {
    /// Schedule an outage: times in Eastern time, `YYYY-MM-DD HH:MM`.
    Add {
        #[arg(long)]
        start: String,
        #[arg(long)]
        end: String,
        /// Comma-separated: login, portal, email, sms, voice, authenticator, or an
        /// application's id (`spot`).
        #[arg(long, value_delimiter = ',')]
        components: Vec<String>,
        /// The catalogue whose applications the outage may name (the server's).
        #[arg(long, env = "UMBRAL_CATALOG")]
        catalog: Option<PathBuf>,
        #[arg(long)]
        message_en: String,
        #[arg(long)]
        message_es: String,
        /// Degraded, not unavailable: shown on the status page, nothing closed.
        #[arg(long)]
        degraded: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// List outages in progress or to come.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// End an outage now.
    End {
        id: String,
        #[command(flatten)]
        store: StoreArgs,
    },
}

/// Where a server or an admin command finds its data: the database and the key that
/// seals its secrets.
#[derive(Args, Debug, Clone)]
pub struct StoreArgs {
    /// Directory of the sled database, the outbox, the submitted documents and (unless
    /// --secret-key-file names another place) the secret key. On PostgreSQL the
    /// documents are in the database and each instance may have a directory of its own.
    #[arg(long, env = "UMBRAL_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Keep everything in PostgreSQL instead of the embedded sled database
    /// (postgres://user:password@host:port/database?sslmode=require). The schema is
    /// applied at start. Several instances may share one database.
    #[arg(long, env = "UMBRAL_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// The file of the 64-byte key that seals the database's secrets (default:
    /// `secret.key` in the data directory, made at first start). Every instance and
    /// admin command on one database needs this same key: the database records its
    /// fingerprint and refuses to start with another.
    #[arg(long, env = "UMBRAL_SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,
    /// Memory for sled's page cache, in MiB: most of the server's resident memory on a
    /// large sled database (sled's own default, 1024, let a million accounts take
    /// about 400 MiB). Unused with PostgreSQL.
    #[arg(long, env = "UMBRAL_CACHE_MIB", default_value_t = 128)]
    pub cache_mib: u64,
}

impl StoreArgs {
    /// Where the key is: the file named, or `secret.key` in the data directory.
    pub fn key_path(&self) -> PathBuf {
        self.secret_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join(crate::crypto::secrets::FILE))
    }
}

#[derive(Args, Debug, Clone)]
pub struct CreateHelpDesk {
    #[arg(long)]
    pub user_id: String,
    #[arg(long)]
    pub email: String,
    #[arg(long, default_value = "Help")]
    pub first_name: String,
    #[arg(long, default_value = "Desk")]
    pub last_name: String,
    #[command(flatten)]
    pub store: StoreArgs,
    /// The address users reach Umbral at, for the link (the servers' --public-url).
    #[arg(
        long,
        env = "UMBRAL_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,
}

/// Whether the server runs on plain http for other machines: an `http://` address
/// whose host is not loopback. Browsers keep `Secure` (and `__Host-`) cookies only from
/// https or from the machine itself, so there nobody could log in; such an address is
/// refused unless `--insecure-http` chose it.
pub fn plain_http(public_url: &str, insecure_http: bool) -> Result<bool, String> {
    let Some(rest) = public_url.strip_prefix("http://") else {
        return Ok(false);
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback || insecure_http {
        if insecure_http {
            tracing::warn!(%public_url, "serving over plain http (--insecure-http): nothing is encrypted; every screen says so");
        }
        return Ok(insecure_http);
    }
    Err(format!(
        "Umbral would be reached at {public_url} over plain http, where browsers refuse its \
         login cookies (they need https, or the machine itself): nobody could log in. Put a \
         TLS reverse proxy in front and set --public-url https://..., or for a trial on a \
         network you trust add --insecure-http (nothing is then encrypted, and every screen \
         says so)"
    ))
}

type Gateways = (
    Option<crate::delivery::gateway::Gateway>,
    Option<crate::delivery::gateway::Gateway>,
);

/// Where the Debian package puts the SPA.
pub const INSTALLED_DIST: &str = "/usr/share/umbral/dist";

impl ServeConfig {
    /// The SPA served: `--dist`, else `./dist` if it exists, else the installed one.
    pub fn dist_dir(&self) -> PathBuf {
        if let Some(d) = &self.dist {
            return d.clone();
        }
        let here = PathBuf::from("./dist");
        if !here.exists() && std::path::Path::new(INSTALLED_DIST).exists() {
            return PathBuf::from(INSTALLED_DIST);
        }
        here
    }

    /// `--public-url`, or `http://<listen>` when there is none; no trailing slash.
    pub fn effective_public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
            .trim_end_matches('/')
            .to_string()
    }

    /// The gateways for texts and for calls: a webhook if one is set for the channel,
    /// else Twilio if configured, else none (the outbox).
    pub fn gateways(&self) -> Result<Gateways, String> {
        use crate::delivery::gateway::Gateway;
        let twilio = match &self.twilio_account_sid {
            Some(sid) => Some(Gateway::twilio(
                &self.twilio_base_url,
                sid,
                self.twilio_auth_token.as_deref().unwrap_or(""),
                self.twilio_from.as_deref().unwrap_or(""),
            )?),
            None => None,
        };
        let pick = |hook: &Option<String>| -> Result<Option<Gateway>, String> {
            match hook {
                Some(url) => Ok(Some(Gateway::webhook(
                    url,
                    self.webhook_secret.as_deref().unwrap_or(""),
                )?)),
                None => Ok(twilio.clone()),
            }
        };
        Ok((pick(&self.sms_webhook)?, pick(&self.voice_webhook)?))
    }
}

#[derive(Args, Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "UMBRAL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Connections to PostgreSQL this instance keeps at most.
    #[arg(long, env = "UMBRAL_DATABASE_POOL", default_value_t = 16)]
    pub database_pool: u32,
    /// Milliseconds a request waits for a PostgreSQL connection before it is answered
    /// 503 `unavailable` (with Retry-After): while the database is down or restarting,
    /// requests fail fast instead of piling up.
    #[arg(long, env = "UMBRAL_DATABASE_TIMEOUT_MS", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(100..=60_000))]
    pub database_timeout_ms: u64,
    /// The built SPA (trunk's output): `./dist` when there is one (a checkout), else
    /// the one the Debian package installs (/usr/share/umbral/dist).
    #[arg(long, env = "UMBRAL_DIST")]
    pub dist: Option<PathBuf>,
    /// Consecutive failed passwords or passcodes from one client address that lock
    /// that client out of the account.
    #[arg(long, env = "UMBRAL_LOCKOUT_THRESHOLD", default_value_t = 5)]
    pub lockout_threshold: u32,
    /// Minutes such a lock lasts (an emailed unlock link or the help desk ends it sooner).
    #[arg(long, env = "UMBRAL_LOCKOUT_MINUTES", default_value_t = 30)]
    pub lockout_minutes: u64,
    /// Consecutive failures from all clients together that lock the account for
    /// everyone until it is unlocked.
    #[arg(long, env = "UMBRAL_HARD_LOCKOUT_THRESHOLD", default_value_t = 100)]
    pub hard_lockout_threshold: u32,
    /// Most client connections open at once; more are closed as they arrive.
    #[arg(long, env = "UMBRAL_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Most connections open at once from one client address (an IPv4 address or an
    /// IPv6 /64); more from it are closed as they arrive, so one client cannot take
    /// every slot. Trusted proxies are not counted: there, the proxy must limit.
    #[arg(long, env = "UMBRAL_MAX_CONNECTIONS_PER_CLIENT", default_value_t = 64)]
    pub max_connections_per_client: usize,
    /// Seconds a client has to send a request's headers before its connection is
    /// closed (408): a client dribbling its headers holds no slot longer than this.
    #[arg(long, env = "UMBRAL_HEADER_TIMEOUT_SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub header_timeout_secs: u64,
    /// Seconds that requests in progress get to finish after SIGTERM before their
    /// connections are closed.
    #[arg(long, env = "UMBRAL_SHUTDOWN_GRACE_SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(0..=600))]
    pub shutdown_grace_secs: u64,
    /// Multiplies every rate limit (per client address, account and destination):
    /// raise it for many users behind one address.
    #[arg(long, env = "UMBRAL_RATE_LIMIT_SCALE", default_value_t = 1)]
    pub rate_limit_scale: u32,
    /// Seconds without a request after which a session ends.
    #[arg(long, env = "UMBRAL_SESSION_IDLE_SECS", default_value_t = 30 * 60)]
    pub session_idle_secs: u64,
    /// Seconds after login at which a session ends whatever happens.
    #[arg(long, env = "UMBRAL_SESSION_MAX_SECS", default_value_t = 12 * 3600)]
    pub session_max_secs: u64,
    /// Seconds since login within which device changes are allowed.
    #[arg(long, env = "UMBRAL_REAUTH_SECS", default_value_t = 10 * 60)]
    pub reauth_secs: u64,
    /// Seconds an emailed reset or unlock link stays valid.
    #[arg(long, env = "UMBRAL_LINK_TTL_SECS", default_value_t = 30 * 60)]
    pub link_ttl_secs: u64,
    /// Seconds a delivered passcode stays valid.
    #[arg(long, env = "UMBRAL_CODE_TTL_SECS", default_value_t = 10 * 60)]
    pub code_ttl_secs: u64,
    /// The address users reach Umbral at, for links in emails (default: http://<listen>).
    #[arg(long, env = "UMBRAL_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Serve other machines over plain http (a trial on a network you trust): without
    /// it such an address (an http public URL, or listening beyond loopback without
    /// one) is refused at start, since browsers keep Umbral's Secure cookies only over
    /// https or from the machine itself. With it the cookies lose `Secure` and the
    /// `__Host-` prefix, and every screen warns that nothing is encrypted.
    #[arg(long, env = "UMBRAL_INSECURE_HTTP")]
    pub insecure_http: bool,
    /// Send email through this SMTP server: smtps://host (TLS), smtp://host:587
    /// (STARTTLS required), smtp://host?tls=opportunistic, or smtp://host:25?tls=none
    /// (unencrypted, by explicit choice only); user:password@ before the host. Without
    /// it, email goes to <data dir>/outbox/.
    #[arg(long, env = "UMBRAL_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Send text messages as a signed JSON POST to this URL (see the README's
    /// "Texts and calls"). Without it (and without Twilio) they go to the outbox.
    #[arg(long, env = "UMBRAL_SMS_WEBHOOK")]
    pub sms_webhook: Option<String>,
    /// Place voice calls through a signed JSON POST to this URL.
    #[arg(long, env = "UMBRAL_VOICE_WEBHOOK")]
    pub voice_webhook: Option<String>,
    /// The HMAC-SHA256 key that signs webhook requests (16 characters or more).
    #[arg(long, env = "UMBRAL_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,
    /// Send texts and calls through Twilio's REST API (or a service that copies it)
    /// with this account SID, unless a webhook is set for the channel.
    #[arg(long, env = "UMBRAL_TWILIO_ACCOUNT_SID")]
    pub twilio_account_sid: Option<String>,
    #[arg(long, env = "UMBRAL_TWILIO_AUTH_TOKEN", hide_env_values = true)]
    pub twilio_auth_token: Option<String>,
    /// The sending number, in E.164 (+19045550100).
    #[arg(long, env = "UMBRAL_TWILIO_FROM")]
    pub twilio_from: Option<String>,
    #[arg(
        long,
        env = "UMBRAL_TWILIO_BASE_URL",
        default_value = "https://api.twilio.com"
    )]
    pub twilio_base_url: String,
    /// Applications and roles (TOML); the built-in catalogue is SPOT's.
    #[arg(long, env = "UMBRAL_CATALOG")]
    pub catalog: Option<PathBuf>,
    /// Reference identities for the built-in identity verifier (TOML). Without it
    /// nobody is verified automatically; the help desk verifies manually.
    #[arg(long, env = "UMBRAL_IDENTITY_FILE")]
    pub identity_file: Option<PathBuf>,
    /// Load demo organisations and accounts into an empty database (and the demo
    /// identities, unless --identity-file is given); print their credentials.
    #[arg(long)]
    pub demo: bool,
    /// With --demo: this many more organisations, each with an approver and an end
    /// user due for recertification (for load and crash tests of the lifecycle).
    #[arg(long, env = "UMBRAL_DEMO_BULK_ORGS", default_value_t = 0, hide = true)]
    pub demo_bulk_orgs: usize,
    /// A reverse proxy in front of Umbral whose `X-Forwarded-For` header names the
    /// client: an address or a range (`10.0.0.0/8`, `fd00::/8`); repeat, or separate
    /// with commas. Without it the peer's address is the client's and the header is
    /// ignored (a request carrying one from another peer is logged, once a minute).
    #[arg(
        long = "trusted-proxy",
        env = "UMBRAL_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<crate::net::IpRange>,
    /// Days after a role was granted or recertified at which it expires unless
    /// recertified again.
    #[arg(long, env = "UMBRAL_RECERT_DAYS", default_value_t = 365)]
    pub recert_days: u64,
    /// Days before a due date at which the approvers are reminded (comma-separated).
    #[arg(
        long,
        env = "UMBRAL_RECERT_REMINDER_DAYS",
        value_delimiter = ',',
        default_value = "30,14,7,1"
    )]
    pub recert_reminder_days: Vec<u32>,
    /// Days without a login after which an account is inactive.
    #[arg(long, env = "UMBRAL_INACTIVE_DAYS", default_value_t = 30)]
    pub inactive_days: u64,
    /// Days before that at which the account is warned by email.
    #[arg(long, env = "UMBRAL_INACTIVITY_WARNING_DAYS", default_value_t = 7)]
    pub inactivity_warning_days: u64,
    /// Umbral's own weekly maintenance window in Eastern time (`sun 02:00-03:00`), or
    /// `off` (the default: Umbral's rare maintenance is a scheduled outage). Login
    /// answers 503 `maintenance` during it (the help desk excepted).
    #[arg(long, env = "UMBRAL_MAINTENANCE_WEEKLY", default_value = "off")]
    pub maintenance_weekly: String,
    /// The weekly window of each application of the catalogue that names none of its
    /// own (`maintenance = ...` in its `[[application]]`), in Eastern time: SPOT's
    /// `thu 21:00-23:00` by default, or `off`. During it signing in to the application
    /// and its forms answer 503 `application_maintenance`; Umbral stays open.
    #[arg(
        long,
        env = "UMBRAL_APP_MAINTENANCE_WEEKLY",
        default_value = "thu 21:00-23:00"
    )]
    pub app_maintenance_weekly: String,
    /// The help desk's phone number, shown on the status page and in messages.
    #[arg(long, env = "UMBRAL_HELP_DESK_PHONE", default_value = "")]
    pub help_desk_phone: String,
    /// The help desk's email address.
    #[arg(long, env = "UMBRAL_HELP_DESK_EMAIL", default_value = "")]
    pub help_desk_email: String,
    /// The help desk's hours, as free text (`Monday-Friday 8 a.m.-5 p.m. ET`).
    #[arg(long, env = "UMBRAL_HELP_DESK_HOURS", default_value = "")]
    pub help_desk_hours: String,
    /// Urgent-alert emails queued per second at most, so a mail server is not flooded
    /// (0: no limit).
    #[arg(long, env = "UMBRAL_ALERT_RATE", default_value_t = 20)]
    pub alert_rate: u32,
    /// Largest file a document submission may carry, in MiB (each file; up to 10 files).
    #[arg(long, env = "UMBRAL_UPLOAD_LIMIT_MIB", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub upload_limit_mib: u64,
    /// Document submissions one account may make in any 24 hours.
    #[arg(long, env = "UMBRAL_UPLOADS_PER_DAY", default_value_t = 20)]
    pub uploads_per_day: u32,
    /// Bytes of documents one account may send in any 24 hours, in MiB.
    #[arg(long, env = "UMBRAL_UPLOAD_MIB_PER_DAY", default_value_t = 500)]
    pub upload_mib_per_day: u64,
    /// Uploads are refused (507) unless this much disk (MiB) stays free after the
    /// largest request.
    #[arg(long, env = "UMBRAL_UPLOAD_MIN_FREE_MIB", default_value_t = 1024)]
    pub upload_min_free_mib: u64,
    /// Seconds between lifecycle passes (reminders, expiries, inactivity).
    #[arg(long, env = "UMBRAL_LIFECYCLE_EVERY_SECS", default_value_t = 300)]
    pub lifecycle_every_secs: u64,
    /// FOR TESTS ONLY, UNSAFE IN PRODUCTION: read the time from this file (seconds
    /// since the Unix epoch) instead of the system clock, so a test harness can move
    /// it. Whoever can write the file controls every expiry.
    #[arg(long, env = "UMBRAL_UNSAFE_TEST_CLOCK", hide = true)]
    pub unsafe_test_clock: Option<PathBuf>,
    /// The From address of email.
    #[arg(
        long,
        env = "UMBRAL_MAIL_FROM",
        default_value = "Umbral <no-reply@umbral.invalid>"
    )]
    pub mail_from: String,
}

#[cfg(test)]
mod tests {
    use super::plain_http;

    #[test]
    fn plain_http_beyond_this_machine_is_refused_unless_chosen() {
        for ok in [
            "https://umbral.example.org",
            "http://127.0.0.1:8080",
            "http://localhost:8080/",
            "http://[::1]:8080",
        ] {
            assert_eq!(plain_http(ok, false), Ok(false), "{ok}");
        }
        for lan in [
            "http://192.168.1.10:8080",
            "http://0.0.0.0:8080",
            "http://umbral.lan",
            "http://[fd00::1]:80",
        ] {
            let e = plain_http(lan, false).unwrap_err();
            assert!(e.contains(lan) && e.contains("--insecure-http"), "{e}");
            assert_eq!(plain_http(lan, true), Ok(true), "{lan}");
        }
    }
}
