//! The `umbral` binary's commands: `serve` and the `admin` ones, each wiring the layers
//! below together from the command line's settings.
//!
//! They are in the library, and `main.rs` only calls [`main`], because a binary crate
//! compiles again every generic function and async body of the library that it reaches
//! (serde for every record, the store's read-modify-write, the server's futures): as a
//! binary of its own this file cost the build 40 s of CPU. The library's unit tests leave
//! it out (`cfg(not(test))` in `lib.rs`); the end-to-end tiers run it.
use crate::clock::Clock;
use crate::config::{AdminCommand, Cli, Command, ServeConfig, StoreArgs};
use crate::domain::applications::Applications;
use crate::domain::identity::{ReferenceFileVerifier, DEMO_IDENTITIES};
use crate::store::any::AnyStore;
use crate::store::Store;
use crate::{http, store};
use clap::Parser;

mod admin;
mod synthesize;
use std::sync::Arc;
use std::time::Duration;

/// Runs the command named on the command line, on a multi-threaded runtime.
pub fn main() -> std::process::ExitCode {
    // The configuration file becomes the environment variables not already set, before
    // any thread exists (setting the environment is only sound then).
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(path) = crate::config::file::named(&args) {
        match crate::config::file::settings(&path, &args) {
            Ok(vars) => {
                for (k, v) in vars {
                    if std::env::var_os(&k).is_none() {
                        std::env::set_var(k, v);
                    }
                }
            }
            Err(e) => {
                eprintln!("umbral: {e}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(run()),
        Err(e) => {
            eprintln!("umbral: cannot start the runtime: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> std::process::ExitCode {
    let cli = Cli::parse();
    // A server logs what it does; an admin command prints its result and logs only
    // warnings and errors, unless UMBRAL_LOG asks for more.
    let default = match cli.command {
        Command::Serve(_) => "info",
        Command::Admin(_) => "warn",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("UMBRAL_LOG")
        .unwrap_or_else(|_| default.into());
    match cli.log_format {
        crate::config::LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
        // The request's span (id, method, route, client) on every line it wrote, the
        // event's fields at the top level.
        crate::config::LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .init(),
    }
    let result = match cli.command {
        Command::Serve(cfg) => serve(*cfg).await,
        Command::Admin(c) => match *c {
            AdminCommand::CreateHelpDesk(c) => admin::create_help_desk(c).await,
            AdminCommand::Outage(c) => admin::outage(c).await,
            AdminCommand::OidcRotateKey { store } => admin::rotate_key(&store).await,
            AdminCommand::Migrate { database_url } => admin::migrate(&database_url).await,
            AdminCommand::Export { output, store } => {
                admin::export(output.as_deref(), &store).await
            }
            AdminCommand::Import { input, store } => admin::import(&input, &store).await,
            AdminCommand::Synthesize {
                accounts,
                output,
                secret_key_file,
                desk_password,
            } => admin::synthesize(accounts, &output, &secret_key_file, &desk_password),
        },
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("umbral: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

/// PostgreSQL when a URL is given, else sled in the data directory.
async fn open_store(at: &StoreArgs, pool: u32, wait: Duration) -> Result<AnyStore, String> {
    let dir = &at.data_dir;
    crate::delivery::private_dir(dir)
        .map_err(|e| format!("cannot create data directory {}: {e}", dir.display()))?;
    AnyStore::open(at.database_url.as_deref(), dir, at.cache_mib, pool, wait)
        .await
        .map_err(|e| match at.database_url {
            Some(_) => format!("cannot open the PostgreSQL database: {e}"),
            None => format!(
                "cannot open the database in {}: {e} (is an umbral server running on it? stop it first)",
                dir.display()
            ),
        })
}

/// The key that seals the store's secrets, checked against the one the database
/// records (`store::key_check`).
async fn open_keys(
    store: &AnyStore,
    at: &StoreArgs,
) -> Result<crate::crypto::secrets::Keys, String> {
    store::key_check::open_keys(store, &at.key_path()).await
}

fn read(path: &std::path::Path, what: &str) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the {what} {}: {e}", path.display()))
}

/// The catalogue at `path` (`UMBRAL_CATALOG`), or the built-in one.
fn load_catalog(path: Option<&std::path::Path>) -> Result<Applications, String> {
    match path {
        Some(p) => Applications::parse(&read(p, "catalogue")?, |f| {
            let path = p.parent().unwrap_or(std::path::Path::new(".")).join(f);
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        })
        .map_err(|e| format!("the catalogue {} is not valid: {e}", p.display())),
        None => Ok(Applications::default()),
    }
}

async fn serve(cfg: ServeConfig) -> Result<(), String> {
    let state = build_state(&cfg).await?;
    prepare(&state, &cfg, state.clock.now()).await?;
    crate::jobs::spawn(
        state.clone(),
        std::time::Duration::from_secs(cfg.lifecycle_every_secs.max(1)),
    );
    let opts = http::HttpOptions {
        trusted_proxies: cfg.trusted_proxies.clone(),
        public_url: cfg.public_url.clone(),
        insecure_http: state.policy.insecure_http,
    };
    let app = http::router(state.clone(), &cfg.dist_dir(), opts);
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .map_err(|e| {
            format!(
                "cannot listen on {}: {e} (choose another with --listen)",
                cfg.listen
            )
        })?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%addr, data_dir = %cfg.store.data_dir.display(), "Umbral is listening on http://{addr}");
    let limits = http::serve::Limits {
        connections: cfg.max_connections,
        per_client: cfg.max_connections_per_client,
        uncounted: cfg.trusted_proxies.clone(),
        header_read: std::time::Duration::from_secs(cfg.header_timeout_secs),
        grace: std::time::Duration::from_secs(cfg.shutdown_grace_secs),
        ..Default::default()
    };
    http::serve::serve(listener, app, limits, shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    state.store.flush().map_err(|e| e.to_string())?;
    tracing::info!("store flushed; bye");
    Ok(())
}

/// The server's state from its configuration: the store, the catalogue, the identity
/// verifier, the key, delivery, the policies, the clock and the document vault.
async fn build_state(cfg: &ServeConfig) -> Result<Arc<crate::domain::Umbral>, String> {
    let wait = Duration::from_millis(cfg.database_timeout_ms);
    let store = open_store(&cfg.store, cfg.database_pool, wait).await?;
    tracing::info!(store = store.kind(), "store open");
    let mut apps = load_catalog(cfg.catalog.as_deref())?;
    apps.default_weekly(
        shared::calendar::WeeklyWindow::parse(&cfg.app_maintenance_weekly)
            .map_err(|e| format!("UMBRAL_APP_MAINTENANCE_WEEKLY {e}"))?,
    );
    if cfg.demo {
        apps.add_demo_clients();
    }
    let verifier = match (&cfg.identity_file, cfg.demo) {
        (Some(p), _) => ReferenceFileVerifier::parse(&read(p, "identity file")?)
            .map_err(|e| format!("the identity file {} is not valid: {e}", p.display()))?,
        (None, true) => ReferenceFileVerifier::parse(DEMO_IDENTITIES)?,
        (None, false) => ReferenceFileVerifier::default(),
    };
    if verifier.is_empty() {
        tracing::info!(
            "no identity file: every identity proofing goes to the help desk's manual verification"
        );
    }
    let keys = open_keys(&store, &cfg.store).await?;
    let started = std::time::Instant::now();
    match store::derived::build(&store).await {
        Ok(Some(n)) => tracing::info!(
            accounts = n,
            ms = started.elapsed().as_millis() as u64,
            "indexed the accounts for search and the lifecycle job"
        ),
        Ok(None) => {}
        Err(e) => return Err(format!("cannot index the accounts: {e}")),
    }
    let outbox = crate::delivery::FileOutbox::new(&cfg.store.data_dir, &cfg.mail_from)
        .map_err(|e| format!("cannot create the outbox: {e}"))?;
    let smtp = match &cfg.smtp_url {
        Some(url) => Some(crate::delivery::Smtp::new(url, &cfg.mail_from)?),
        None => None,
    };
    let (sms, voice) = cfg.gateways()?;
    let policy = policy(cfg)?;
    let clock = match &cfg.unsafe_test_clock {
        Some(path) => {
            let c = Clock::file(path.clone())?;
            tracing::warn!(file = %path.display(), "UNSAFE: the time is read from a file (UMBRAL_UNSAFE_TEST_CLOCK); never use this in production");
            c
        }
        None => Clock::system(),
    };
    let mut throttle = crate::domain::throttle::Throttle::new(crate::domain::throttle::Limits {
        scale: cfg.rate_limit_scale,
        lockout_threshold: cfg.lockout_threshold,
        lockout_secs: cfg.lockout_minutes * 60,
        ..Default::default()
    });
    // On PostgreSQL every instance counts in the database (domain::throttle).
    if let AnyStore::Postgres(pg) = &store {
        throttle = throttle.shared(pg.clone());
    }
    let documents = {
        let limit = cfg.upload_limit_mib * 1024 * 1024;
        // On PostgreSQL the documents are in the database: instances share no files.
        let mut v = match &store {
            AnyStore::Postgres(pg) => {
                crate::store::vault::Vault::in_database(pg, &cfg.store.data_dir, limit)
                    .await
                    .map_err(|e| format!("cannot open the documents in the database: {e}"))?
            }
            _ => crate::store::vault::Vault::open(&cfg.store.data_dir, limit)
                .map_err(|e| format!("cannot open the document folder: {e}"))?,
        };
        v.quotas = crate::store::vault::Quotas {
            per_day: cfg.uploads_per_day,
            bytes_per_day: cfg.upload_mib_per_day.saturating_mul(1 << 20),
            min_free_bytes: cfg.upload_min_free_mib.saturating_mul(1 << 20),
            ..Default::default()
        };
        v
    };
    let state = Arc::new(crate::domain::Umbral {
        store,
        hasher: Default::default(),
        keys,
        courier: crate::delivery::Courier {
            outbox,
            smtp,
            sms,
            voice,
        },
        policy,
        apps,
        verifier: Box::new(verifier),
        clock,
        throttle,
        documents,
    });
    Ok(state)
}

/// The policies the configuration sets.
fn policy(cfg: &ServeConfig) -> Result<crate::domain::Policy, String> {
    let public_url = cfg.effective_public_url();
    Ok(crate::domain::Policy {
        insecure_http: crate::config::plain_http(&public_url, cfg.insecure_http)?,
        hard_lockout_threshold: cfg.hard_lockout_threshold,
        session_idle_secs: cfg.session_idle_secs,
        session_max_secs: cfg.session_max_secs,
        reauth_secs: cfg.reauth_secs,
        link_ttl_secs: cfg.link_ttl_secs,
        code_ttl_secs: cfg.code_ttl_secs,
        weekly: shared::calendar::WeeklyWindow::parse(&cfg.maintenance_weekly)
            .map_err(|e| format!("UMBRAL_MAINTENANCE_WEEKLY {e}"))?,
        help_desk: shared::api::status::HelpDeskContact {
            phone: cfg.help_desk_phone.trim().to_string(),
            email: cfg.help_desk_email.trim().to_string(),
            hours: cfg.help_desk_hours.trim().to_string(),
        },
        recert_days: cfg.recert_days.max(1),
        reminder_days: cfg.recert_reminder_days.clone(),
        inactive_days: cfg.inactive_days.max(1),
        inactivity_warning_days: cfg.inactivity_warning_days,
        alert_rate: cfg.alert_rate,
        public_url,
        ..Default::default()
    })
}

/// How to make the first help-desk account, for this store: on sled with the server
/// stopped (one process per database), on PostgreSQL beside it; the same key, and
/// the link made for the address users reach.
fn first_help_desk_hint(cfg: &ServeConfig, public_url: &str) -> String {
    let at = &cfg.store;
    let key = match &at.secret_key_file {
        Some(f) => format!(" --secret-key-file {}", f.display()),
        None => String::new(),
    };
    match at.database_url {
        None => format!(
            "stop the server, run `umbral admin create-help-desk --user-id ID --email ADDRESS \
             --data-dir {}{key} --public-url {public_url}` and start the server again; open \
             the link it prints to set the password",
            at.data_dir.display()
        ),
        Some(_) => format!(
            "run `umbral admin create-help-desk --user-id ID --email ADDRESS --database-url \
             \"$UMBRAL_DATABASE_URL\" --secret-key-file {} --public-url {public_url}` (the \
             server can keep running) and open the link it prints to set the password",
            at.key_path().display()
        ),
    }
}

/// Before serving, at `now`: what a crash left (unfinished uploads, interrupted
/// decisions) is dealt with, a missing help desk is pointed out, the OpenID Connect
/// signing key made, and the demo data loaded when asked.
async fn prepare(state: &crate::domain::Umbral, cfg: &ServeConfig, now: u64) -> Result<(), String> {
    // Uploads a crash or restart cut short leave nothing behind.
    let keep = state
        .submission_dirs()
        .await
        .map_err(|e| format!("cannot read the submissions: {e}"))?;
    // With sled this process is the only one on the data directory: whatever an upload
    // left there is a crash's, gone at once. On a shared store another instance may be
    // receiving an upload into the same directory: only what is stale goes (and the
    // leader's lifecycle pass removes the rest once stale).
    let min_age = if state.store.is_shared() {
        crate::store::vault::STALE_AFTER
    } else {
        std::time::Duration::ZERO
    };
    match state.documents.sweep(&keep, min_age).await {
        Ok(0) => {}
        Ok(n) => tracing::warn!(removed = n, "removed unfinished uploads"),
        Err(e) => return Err(format!("cannot clean the document folder: {e}")),
    }
    // Decisions whose consequences a crash interrupted are completed before serving.
    match state.repair(now).await {
        Ok(0) => {}
        Ok(n) => tracing::warn!(completed = n, "completed interrupted decisions"),
        Err(e) => return Err(format!("cannot complete interrupted decisions: {e}")),
    }
    let has_help_desk = state.has_help_desk().await.unwrap_or(true);
    if !has_help_desk && !cfg.demo {
        tracing::warn!(
            "no help-desk account yet: {}",
            first_help_desk_hint(cfg, &state.policy.public_url)
        );
    }
    if state.apps.apps.iter().any(|a| !a.clients.is_empty()) {
        state
            .ensure_signing_key(now)
            .await
            .map_err(|e| format!("cannot make the OpenID Connect signing key: {e}"))?;
    }
    if cfg.demo {
        let text = crate::demo::load(state, &cfg.store.data_dir, now).await?;
        crate::demo::load_bulk(state, cfg.demo_bulk_orgs, now).await?;
        println!("{text}");
    }
    Ok(())
}
