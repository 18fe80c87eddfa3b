//! The `umbral` binary's commands: `serve` and the `admin` ones, each wiring the layers
//! below together from the command line's settings.
//!
//! They are in the library, and `main.rs` only calls [`main`], because a binary crate
//! compiles again every generic function and async body of the library that it reaches
//! (serde for every record, the store's read-modify-write, the server's futures): as a
//! binary of its own this file cost the build 40 s of CPU. The library's unit tests leave
//! it out (`cfg(not(test))` in `lib.rs`); the end-to-end tiers run it.
use crate::clock::Clock;
use crate::config::{AdminCommand, Cli, Command, CreateHelpDesk, ServeConfig};
use crate::domain::applications::Applications;
use crate::domain::identity::{ReferenceFileVerifier, DEMO_IDENTITIES};
use crate::store::any::AnyStore;
use crate::store::Store;
use crate::{http, store};
use clap::Parser;
use std::sync::Arc;

/// Runs the command named on the command line, on a multi-threaded runtime.
pub fn main() -> std::process::ExitCode {
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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("UMBRAL_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(cfg) => serve(*cfg).await,
        Command::Admin(AdminCommand::CreateHelpDesk(c)) => create_help_desk(c).await,
        Command::Admin(AdminCommand::Outage(c)) => outage(c).await,
        Command::Admin(AdminCommand::OidcRotateKey {
            data_dir,
            database_url,
        }) => rotate_key(&data_dir, database_url.as_deref()).await,
        Command::Admin(AdminCommand::Migrate { database_url }) => migrate(&database_url).await,
        Command::Admin(AdminCommand::Export {
            output,
            data_dir,
            database_url,
        }) => export(output.as_deref(), &data_dir, database_url.as_deref()).await,
        Command::Admin(AdminCommand::Import {
            input,
            data_dir,
            database_url,
        }) => import(&input, &data_dir, database_url.as_deref()).await,
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

/// PostgreSQL when a URL is given, else sled in `dir`.
async fn open_store(
    dir: &std::path::Path,
    database_url: Option<&str>,
    pool: u32,
) -> Result<AnyStore, String> {
    crate::delivery::private_dir(dir)
        .map_err(|e| format!("cannot create data directory {}: {e}", dir.display()))?;
    AnyStore::open(database_url, dir, pool)
        .await
        .map_err(|e| match database_url {
            Some(_) => format!("cannot open the PostgreSQL database: {e}"),
            None => format!(
                "cannot open the database in {}: {e} (is an umbral server running on it? stop it first)",
                dir.display()
            ),
        })
}

/// A new file that only this user can read or write; refuses to replace an existing one.
fn create_private(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// `umbral admin export`.
async fn export(
    output: Option<&std::path::Path>,
    dir: &std::path::Path,
    url: Option<&str>,
) -> Result<(), String> {
    let store = open_store(dir, url, 2).await?;
    let n = match output {
        Some(path) => {
            // The export holds every account's hashes and personal data: readable by the
            // server's user alone (mode 0600, whatever the umask), and never written over
            // an existing file, whose mode and readers we could not vouch for (security
            // review 3, G13).
            let f = create_private(path)
                .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            let mut w = std::io::BufWriter::new(f);
            let n = store::transfer::export(&store, &mut w).await;
            w.into_inner()
                .map_err(|e| e.to_string())?
                .sync_all()
                .map_err(|e| e.to_string())?;
            n
        }
        None => store::transfer::export(&store, &mut std::io::stdout().lock()).await,
    }
    .map_err(|e| format!("export failed: {e}"))?;
    eprintln!(
        "Exported {} records, {} TOTP steps and {} audit events from {}.",
        n.records,
        n.totp_steps,
        n.audit_events,
        store.kind()
    );
    Ok(())
}

/// `umbral admin import`.
async fn import(
    input: &std::path::Path,
    dir: &std::path::Path,
    url: Option<&str>,
) -> Result<(), String> {
    let f =
        std::fs::File::open(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let store = open_store(dir, url, 4).await?;
    let n = store::transfer::import(&store, std::io::BufReader::new(f))
        .await
        .map_err(|e| format!("import failed: {e}"))?;
    eprintln!(
        "Imported {} records, {} TOTP steps and {} audit events into {}.",
        n.records,
        n.totp_steps,
        n.audit_events,
        store.kind()
    );
    Ok(())
}

/// `umbral admin migrate`: the schema, without starting a server.
async fn migrate(url: &str) -> Result<(), String> {
    let s = store::pg_store::PgStore::connect(url, 2)
        .await
        .map_err(|e| e.to_string())?;
    // `connect` applied what was missing; say where the database stands.
    let newest = store::pg_store::MIGRATIONS.last().map_or(0, |m| m.0);
    drop(s);
    println!("The database is at schema {newest}.");
    Ok(())
}

fn read(path: &std::path::Path, what: &str) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the {what} {}: {e}", path.display()))
}

/// The state of an `umbral admin` command: the database (the server must be stopped),
/// the key, the outbox, the system clock.
async fn offline_state(
    dir: &std::path::Path,
    database_url: Option<&str>,
    policy: crate::domain::Policy,
) -> Result<crate::domain::Umbral, String> {
    let store = open_store(dir, database_url, 2).await?;
    let keys = crate::crypto::secrets::Keys::load_or_create(dir)
        .map_err(|e| format!("cannot read or create the secret key file: {e}"))?;
    let outbox = crate::delivery::FileOutbox::new(dir, "umbral")
        .map_err(|e| format!("cannot create the outbox: {e}"))?;
    Ok(crate::domain::Umbral {
        store,
        hasher: Default::default(),
        keys,
        courier: crate::delivery::Courier::outbox_only(outbox),
        policy,
        apps: Applications::default(),
        verifier: Box::new(ReferenceFileVerifier::default()),
        clock: Clock::system(),
        throttle: Default::default(),
        documents: crate::store::vault::Vault::open(dir, shared::api::document::DEFAULT_FILE_LIMIT)
            .map_err(|e| format!("cannot open the document folder: {e}"))?,
    })
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

/// `umbral admin outage ...`: on the database directly, with the server stopped.
async fn outage(c: crate::config::OutageCommand) -> Result<(), String> {
    use crate::config::OutageCommand as O;
    use crate::domain::outages::By;
    let (dir, url) = match &c {
        O::Add {
            data_dir,
            database_url,
            ..
        }
        | O::List {
            data_dir,
            database_url,
        }
        | O::End {
            data_dir,
            database_url,
            ..
        } => (data_dir.clone(), database_url.clone()),
    };
    let mut st = offline_state(&dir, url.as_deref(), Default::default()).await?;
    if let O::Add {
        catalog: Some(p), ..
    } = &c
    {
        // An outage may name the catalogue's applications.
        st.apps = load_catalog(Some(p))?;
    }
    let st = st;
    let now = st.clock.now();
    let show = |o: &crate::store::Outage| {
        let v = st.outage_view(Default::default(), o, now);
        println!(
            "{}  {} to {}  {}  {}",
            v.id,
            v.period.start_et,
            v.period.end_et,
            v.components.join(","),
            v.message_en
        );
    };
    match c {
        O::Add {
            start,
            end,
            components,
            message_en,
            message_es,
            degraded,
            ..
        } => {
            let input = shared::api::outage::OutageInput {
                start,
                end,
                components,
                message_en,
                message_es,
                degraded,
            };
            let o = st
                .create_outage(By::Operator, input, now)
                .await
                .map_err(|e| match e {
                    crate::domain::access::DomainError::Invalid(f) => {
                        format!("not scheduled: {f:?}")
                    }
                    e => e.to_string(),
                })?;
            show(&o);
        }
        O::List { .. } => {
            for o in st.outages_from(now).await.map_err(|e| e.to_string())? {
                show(&o);
            }
        }
        O::End { id, .. } => {
            let o = st
                .end_outage(By::Operator, &id, now)
                .await
                .map_err(|e| e.to_string())?;
            show(&o);
        }
    }
    st.store.flush().map_err(|e| e.to_string())
}

async fn rotate_key(data_dir: &std::path::Path, url: Option<&str>) -> Result<(), String> {
    let st = offline_state(data_dir, url, Default::default()).await?;
    let k = st
        .rotate_signing_key(st.clock.now())
        .await
        .map_err(|e| e.to_string())?;
    st.store.flush().map_err(|e| e.to_string())?;
    println!(
        "New signing key {} in use; the previous one stays in the JWKS for an hour.",
        k.kid
    );
    Ok(())
}

async fn create_help_desk(c: CreateHelpDesk) -> Result<(), String> {
    let st = offline_state(
        &c.data_dir,
        c.database_url.as_deref(),
        crate::domain::Policy {
            public_url: c.public_url.trim_end_matches('/').to_string(),
            ..Default::default()
        },
    )
    .await?;
    let link = st
        .create_help_desk(
            &c.user_id,
            &c.email,
            &c.first_name,
            &c.last_name,
            st.clock.now(),
        )
        .await?;
    st.store.flush().map_err(|e| e.to_string())?;
    println!(
        "Help-desk account {} created. Open this link within 24 hours to set its password:\n{link}",
        c.user_id.trim()
    );
    Ok(())
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
    };
    let app = http::router(state.clone(), &cfg.dist, opts);
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .map_err(|e| {
            format!(
                "cannot listen on {}: {e} (choose another with --listen)",
                cfg.listen
            )
        })?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%addr, data_dir = %cfg.data_dir.display(), "Umbral is listening on http://{addr}");
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
    let store = open_store(
        &cfg.data_dir,
        cfg.database_url.as_deref(),
        cfg.database_pool,
    )
    .await?;
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
    let keys = crate::crypto::secrets::Keys::load_or_create(&cfg.data_dir)
        .map_err(|e| format!("cannot read or create the secret key file: {e}"))?;
    let outbox = crate::delivery::FileOutbox::new(&cfg.data_dir, &cfg.mail_from)
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
        throttle: crate::domain::throttle::Throttle::new(crate::domain::throttle::Limits {
            scale: cfg.rate_limit_scale,
            lockout_threshold: cfg.lockout_threshold,
            lockout_secs: cfg.lockout_minutes * 60,
            ..Default::default()
        }),
        documents: {
            let mut v =
                crate::store::vault::Vault::open(&cfg.data_dir, cfg.upload_limit_mib * 1024 * 1024)
                    .map_err(|e| format!("cannot open the document folder: {e}"))?;
            v.quotas = crate::store::vault::Quotas {
                per_day: cfg.uploads_per_day,
                bytes_per_day: cfg.upload_mib_per_day.saturating_mul(1 << 20),
                min_free_bytes: cfg.upload_min_free_mib.saturating_mul(1 << 20),
                ..Default::default()
            };
            v
        },
    });
    Ok(state)
}

/// The policies the configuration sets.
fn policy(cfg: &ServeConfig) -> Result<crate::domain::Policy, String> {
    Ok(crate::domain::Policy {
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
        public_url: cfg
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", cfg.listen))
            .trim_end_matches('/')
            .to_string(),
        ..Default::default()
    })
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
    match state.documents.sweep(&keep, min_age) {
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
    let has_help_desk = state
        .store
        .scan::<crate::store::Account>(crate::store::Table::Accounts, "", usize::MAX)
        .await
        .map(|v| {
            v.iter()
                .any(|(_, a)| crate::domain::access::is_help_desk(a))
        })
        .unwrap_or(true);
    if !has_help_desk && !cfg.demo {
        tracing::warn!(
            "no help-desk account yet: stop the server and run `umbral admin create-help-desk --user-id ID --email ADDRESS --data-dir {}` for a one-time setup link",
            cfg.data_dir.display()
        );
    }
    if state.apps.apps.iter().any(|a| !a.clients.is_empty()) {
        state
            .ensure_signing_key(now)
            .await
            .map_err(|e| format!("cannot make the OpenID Connect signing key: {e}"))?;
    }
    if cfg.demo {
        let text = crate::demo::load(state, &cfg.data_dir, now).await?;
        crate::demo::load_bulk(state, cfg.demo_bulk_orgs, now).await?;
        println!("{text}");
    }
    Ok(())
}
