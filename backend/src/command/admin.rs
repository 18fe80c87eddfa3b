//! The `umbral admin` commands: each opens the store and the key the servers use, does
//! one thing, flushes and exits. On sled the server must be stopped (one process per
//! database); on PostgreSQL they run beside the servers.
use super::{load_catalog, open_keys, open_store};
use crate::clock::Clock;
use crate::config::{CreateHelpDesk, StoreArgs};
use crate::domain::applications::Applications;
use crate::domain::identity::ReferenceFileVerifier;
use crate::store;
use crate::store::Store;

/// How long a command waits for a connection: nobody is waiting on it but its operator.
const ADMIN_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

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
pub(super) async fn export(output: Option<&std::path::Path>, at: &StoreArgs) -> Result<(), String> {
    let store = open_store(at, 2, ADMIN_WAIT).await?;
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
pub(super) async fn import(input: &std::path::Path, at: &StoreArgs) -> Result<(), String> {
    let f =
        std::fs::File::open(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let store = open_store(at, 4, ADMIN_WAIT).await?;
    let n = store::transfer::import(&store, std::io::BufReader::new(f))
        .await
        .map_err(|e| format!("import failed: {e}"))?;
    let kind = store.kind();
    drop(store);
    // The server's next start then finds sled's page-table snapshot current.
    if at.database_url.is_none() {
        store::sled_store::SledStore::checkpoint(&at.data_dir)
            .map_err(|e| format!("import done, but cannot reopen the database: {e}"))?;
    }
    eprintln!(
        "Imported {} records, {} TOTP steps and {} audit events into {kind}.",
        n.records, n.totp_steps, n.audit_events,
    );
    Ok(())
}

/// `umbral admin synthesize` (hidden): made-up accounts for `scripts/scale.sh`.
pub(super) fn synthesize(
    n: u64,
    output: &std::path::Path,
    key_file: &std::path::Path,
    desk_password: &str,
) -> Result<(), String> {
    let keys = crate::crypto::secrets::Keys::load(key_file, true)
        .map_err(|e| format!("cannot read or create {}: {e}", key_file.display()))?;
    let f =
        create_private(output).map_err(|e| format!("cannot create {}: {e}", output.display()))?;
    let mut w = std::io::BufWriter::new(f);
    let hash = crate::crypto::hashing::hash_blocking(desk_password);
    super::synthesize::write(&mut w, n, &keys, &hash, crate::clock::now_secs())?;
    eprintln!(
        "Wrote {n} made-up accounts and scale.desk to {}.",
        output.display()
    );
    Ok(())
}

/// `umbral admin migrate`: the schema, without starting a server.
pub(super) async fn migrate(url: &str) -> Result<(), String> {
    let s = store::pg_store::PgStore::connect(url, 2)
        .await
        .map_err(|e| e.to_string())?;
    // `connect` applied what was missing; say where the database stands.
    let newest = store::pg_store::MIGRATIONS.last().map_or(0, |m| m.0);
    drop(s);
    println!("The database is at schema {newest}.");
    Ok(())
}

/// The state of an `umbral admin` command: the database, the key (checked against the
/// one the database records), the outbox, the system clock.
async fn offline_state(
    at: &StoreArgs,
    policy: crate::domain::Policy,
) -> Result<crate::domain::Umbral, String> {
    let store = open_store(at, 2, ADMIN_WAIT).await?;
    let keys = open_keys(&store, at).await?;
    let dir = &at.data_dir;
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

/// `umbral admin outage ...`: on the database directly.
pub(super) async fn outage(c: crate::config::OutageCommand) -> Result<(), String> {
    use crate::config::OutageCommand as O;
    use crate::domain::outages::By;
    let at = match &c {
        O::Add { store, .. } | O::List { store } | O::End { store, .. } => store.clone(),
    };
    let mut st = offline_state(&at, Default::default()).await?;
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

pub(super) async fn rotate_key(at: &StoreArgs) -> Result<(), String> {
    let st = offline_state(at, Default::default()).await?;
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

pub(super) async fn create_help_desk(c: CreateHelpDesk) -> Result<(), String> {
    let st = offline_state(
        &c.store,
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
