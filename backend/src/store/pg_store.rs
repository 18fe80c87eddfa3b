//! PostgreSQL implementation of [`Store`] (issue 15): several `umbral` processes on one
//! database. The schema is `backend/migrations/*.sql`, embedded in the binary and
//! applied at start (or by `umbral admin migrate`) under an advisory lock, so two
//! instances starting together apply it once.
//!
//! Every compare-and-swap of the sled store is here one transaction or one conditional
//! statement, and so holds across processes:
//! - [`Store::update`] reads the row and its version (`xmin`) and writes only if the
//!   row is still that version (a missing row is created by an `INSERT … ON CONFLICT
//!   DO NOTHING`); otherwise it reads again and `f` runs again, so a counter
//!   incremented by 50 parallel requests on two instances ends at 50;
//! - [`Store::accept_totp_step`] is one upsert whose `WHERE` only lets a newer step in:
//!   of 20 parallel submissions of one code, one row is affected;
//! - [`Store::insert_new`] is `INSERT … ON CONFLICT DO NOTHING`: one caller claims a key.
//!
//! Durability: a commit returns once PostgreSQL has flushed its write-ahead log
//! (`synchronous_commit` as the server has it, `on` by default), so an acknowledged
//! write survives a crash of Umbral or of PostgreSQL. [`Durability::Buffered`] writes
//! go through a second pool whose connections have `synchronous_commit = off`, the
//! same trade as sled's unflushed write.
use super::{Account, AuditEvent, Change, DecideJson, Durability, Store, StoreError, Table};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgPool, Row};
use std::str::FromStr;
use std::time::Duration;
use tokio::sync::Mutex;
mod breaker;
pub mod counters;
mod keys;
mod text;
use keys::{key_string, upper_bound};

/// The versioned migrations, in order. Never edit one that has shipped: add the next.
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("../../migrations/0001_initial.sql"),
    ),
    (
        2,
        "throttle",
        include_str!("../../migrations/0002_throttle.sql"),
    ),
    (
        3,
        "documents",
        include_str!("../../migrations/0003_documents.sql"),
    ),
];

/// How long a statement waits for a connection by default (`--database-timeout-ms`).
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_millis(1000);

/// Advisory lock keys (any two constants of Umbral's own).
const MIGRATION_LOCK: i64 = 0x756d_6272_616c_0001;
const LEADER_LOCK: i64 = 0x756d_6272_616c_0002;
/// How often a follower tries to become the leader.
const LEADER_RETRY: Duration = Duration::from_secs(3);

pub struct PgStore {
    pool: PgPool,
    /// Connections with `synchronous_commit = off`, for [`Durability::Buffered`]
    /// writes: committed and visible at once, flushed by PostgreSQL within a moment
    /// (and by the next flushed commit on any connection, as the log is one sequence).
    buffered: PgPool,
    /// The connection holding the leader lock, while this instance holds it.
    leader: Mutex<Option<sqlx::PgConnection>>,
    /// When this instance last tried the lock and found it taken.
    lost_at: std::sync::Mutex<Option<std::time::Instant>>,
    options: PgConnectOptions,
    /// Fails statements fast while the database is out of reach (`AnyStore` consults it).
    pub(super) breaker: breaker::Breaker,
}

/// A failure as the store reports it: [`StoreError::Unavailable`] when it is the
/// database being out of reach (`keys::is_unreachable`), else `Backend`.
fn backend<E: std::fmt::Display + 'static>(e: E) -> StoreError {
    match (&e as &dyn std::any::Any).downcast_ref::<sqlx::Error>() {
        Some(e) if keys::is_unreachable(e) => StoreError::Unavailable(e.to_string()),
        _ => StoreError::Backend(e.to_string()),
    }
}

fn name(t: Table) -> &'static str {
    t.name()
}

fn json<T: Serialize + ?Sized>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(backend)
}

fn parse<T: DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(backend)
}

impl PgStore {
    /// Connects (a pool of `max_connections`) and applies the migrations this
    /// database has not seen yet.
    pub async fn connect(url: &str, max_connections: u32) -> Result<PgStore, StoreError> {
        PgStore::connect_with(url, max_connections, ACQUIRE_TIMEOUT).await
    }

    /// As [`PgStore::connect`], waiting at most `acquire_timeout` for a connection on
    /// each statement: when the database is down, a request is answered (503) within
    /// about that long rather than held.
    pub async fn connect_with(
        url: &str,
        max_connections: u32,
        acquire_timeout: Duration,
    ) -> Result<PgStore, StoreError> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Backend(format!("the database URL is not valid: {e}")))?
            .application_name("umbral");
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(2))
            .min_connections(1)
            .acquire_timeout(acquire_timeout)
            .connect_with(options.clone())
            .await
            .map_err(|e| StoreError::Backend(format!("cannot connect to PostgreSQL: {e}")))?;
        let buffered = PgPoolOptions::new()
            .max_connections((max_connections / 4).max(2))
            .min_connections(0)
            .acquire_timeout(acquire_timeout)
            .connect_with(options.clone().options([("synchronous_commit", "off")]))
            .await
            .map_err(|e| StoreError::Backend(format!("cannot connect to PostgreSQL: {e}")))?;
        let store = PgStore {
            pool,
            buffered,
            leader: Mutex::new(None),
            lost_at: std::sync::Mutex::new(None),
            options,
            breaker: Default::default(),
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Every connection of the main pool is open and in use: a wait for one that timed
    /// out was load, not the database being gone.
    pub(super) fn saturated(&self) -> bool {
        self.pool.size() >= self.pool.options().get_max_connections() && self.pool.num_idle() == 0
    }

    /// Applies the migrations not yet applied, each in its own transaction, under an
    /// advisory lock; returns the versions it applied. Refuses a database whose schema
    /// is newer than this binary's.
    pub async fn migrate(&self) -> Result<Vec<i32>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS umbral_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())",
        )
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let done: Vec<i32> = sqlx::query("SELECT version FROM umbral_migrations")
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?
            .iter()
            .map(|r| r.get::<i32, _>(0))
            .collect();
        let newest = MIGRATIONS.last().map_or(0, |m| m.0);
        if let Some(v) = done.iter().find(|v| **v > newest) {
            return Err(StoreError::Backend(format!(
                "database schema {v} is newer than this server understands ({newest}); upgrade umbral"
            )));
        }
        let mut applied = vec![];
        for (version, label, sql) in MIGRATIONS {
            if done.contains(version) {
                continue;
            }
            sqlx::raw_sql(sql)
                .execute(&mut *tx)
                .await
                .map_err(|e| StoreError::Backend(format!("migration {version} ({label}): {e}")))?;
            sqlx::query("INSERT INTO umbral_migrations (version, name) VALUES ($1, $2)")
                .bind(version)
                .bind(label)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            applied.push(*version);
        }
        tx.commit().await.map_err(backend)?;
        for v in &applied {
            tracing::info!(version = v, "applied a PostgreSQL migration");
        }
        Ok(applied)
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The connections with `synchronous_commit = off`.
    pub fn buffered_pool(&self) -> &PgPool {
        &self.buffered
    }
}

impl Store for PgStore {
    async fn create_account(&self, account: &Account) -> Result<(), StoreError> {
        let key = account.key();
        let value = json(account)?;
        let email_key = super::index::email(&account.email, &key);
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let inserted = sqlx::query(
            "INSERT INTO accounts (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key.as_bytes())
        .bind(&value)
        .execute(&mut *tx)
        .await
        .map_err(backend)?
        .rows_affected();
        if inserted == 0 {
            return Err(StoreError::Conflict);
        }
        let (_, added) = super::derived::changes(&key, None, Some(value.as_bytes()))?;
        sqlx::query(
            "INSERT INTO index_keys (key, value)
             SELECT k, v::jsonb FROM unnest($1::bytea[], $2::text[]) AS r(k, v)
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        )
        .bind(added.iter().map(|(k, _)| k.as_bytes()).collect::<Vec<_>>())
        .bind(added.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        sqlx::query(
            "INSERT INTO email_index (key, value) VALUES ($1, 'null') ON CONFLICT (key) DO NOTHING",
        )
        .bind(email_key.as_bytes())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn account(&self, user_id: &str) -> Result<Option<Account>, StoreError> {
        let key = shared::validate::user_id::canonical(user_id);
        self.get(Table::Accounts, &key).await
    }

    async fn move_email(&self, account_key: &str, old: &str, new: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query("DELETE FROM email_index WHERE key = $1")
            .bind(super::index::email(old, account_key).into_bytes())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query(
            "INSERT INTO email_index (key, value) VALUES ($1, 'null') ON CONFLICT (key) DO NOTHING",
        )
        .bind(super::index::email(new, account_key).into_bytes())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn accept_totp_step(&self, device: &str, step: u64) -> Result<bool, StoreError> {
        let step = i64::try_from(step).map_err(backend)?;
        // Concurrent upserts of one device serialise on its row; each re-checks the
        // `WHERE` against the row the one before it wrote.
        let n = sqlx::query(
            "INSERT INTO totp_steps (device, step) VALUES ($1, $2)
             ON CONFLICT (device) DO UPDATE SET step = EXCLUDED.step
             WHERE totp_steps.step < EXCLUDED.step",
        )
        .bind(device)
        .bind(step)
        .execute(&self.pool)
        .await
        .map_err(backend)?
        .rows_affected();
        Ok(n == 1)
    }

    async fn get<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        self.get_text(table, key)
            .await?
            .map(|v| parse(&v))
            .transpose()
    }

    async fn get_many<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        keys: &[&str],
    ) -> Result<Vec<T>, StoreError> {
        self.get_many_text(table, keys)
            .await?
            .iter()
            .map(|v| parse(v))
            .collect()
    }

    async fn insert_new<T: Serialize + Sync>(
        &self,
        table: Table,
        key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        self.insert_text(table, key, json(value)?).await
    }

    async fn insert_new_audited<T: Serialize + Sync>(
        &self,
        table: Table,
        key: &str,
        value: &T,
        account_key: &str,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        self.insert_audited_text(table, key, json(value)?, account_key, json(event)?)
            .await
    }

    async fn remove(&self, table: Table, key: &str) -> Result<bool, StoreError> {
        if table == Table::Accounts {
            // Through `update`, which removes the account's derived entries with it.
            let mut was = false;
            self.update_json(table, key, Durability::Flushed, &mut |v| {
                was = v.is_some();
                Ok(if was { Change::Delete } else { Change::Keep })
            })
            .await?;
            return Ok(was);
        }
        let sql = format!("DELETE FROM {} WHERE key = $1", name(table));
        let n = sqlx::query(&sql)
            .bind(key.as_bytes())
            .execute(&self.pool)
            .await
            .map_err(backend)?
            .rows_affected();
        Ok(n == 1)
    }

    async fn update_json(
        &self,
        table: Table,
        key: &str,
        durability: Durability,
        decide: &mut DecideJson<'_>,
    ) -> Result<(), StoreError> {
        // Optimistic, as sled's compare-and-swap: read the row and its version (`xmin`,
        // the transaction that wrote this version of the row), let `decide` say, then
        // write only if the row is still that version. Two statements, each its own
        // transaction; a writer that lost the race reads again and `decide` runs again.
        // (`SELECT … FOR UPDATE` in a transaction did the same in five round trips.)
        let pool = match durability {
            Durability::Flushed => &self.pool,
            Durability::Buffered => &self.buffered,
        };
        loop {
            let row = self.read_versioned(pool, table, key).await?;
            let new = match decide(row.as_ref().map(|(v, _)| v.as_bytes()))? {
                Change::Keep => return Ok(()),
                Change::Put(v) => Some(String::from_utf8(v).map_err(backend)?),
                Change::Delete => None,
            };
            if self.write_versioned(pool, table, key, row, new).await? {
                return Ok(());
            }
            // Another writer got there first: read what it left and decide again.
        }
    }

    async fn scan<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<(String, T)>, StoreError> {
        self.scan_text(table, Some(prefix), None, limit)
            .await?
            .into_iter()
            .map(|(k, v)| Ok((k, parse(&v)?)))
            .collect()
    }

    async fn scan_after<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, T)>, StoreError> {
        self.scan_text(table, None, after, limit)
            .await?
            .into_iter()
            .map(|(k, v)| Ok((k, parse(&v)?)))
            .collect()
    }

    async fn keys_page(
        &self,
        table: Table,
        prefix: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<String>, StoreError> {
        let sql = format!(
            "SELECT key FROM {} WHERE key >= $1 AND ($2::bytea IS NULL OR key < $2)
             AND ($3::bytea IS NULL OR key > $3) ORDER BY key LIMIT $4",
            name(table)
        );
        Ok(sqlx::query(&sql)
            .bind(prefix.as_bytes())
            .bind(upper_bound(prefix.as_bytes()))
            .bind(after.map(str::as_bytes))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .into_iter()
            .map(|r| key_string(r.get(0)))
            .collect())
    }

    async fn scan_from<T: DeserializeOwned + Send>(
        &self,
        table: Table,
        prefix: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, T)>, StoreError> {
        self.scan_text(table, Some(prefix), after, limit)
            .await?
            .into_iter()
            .map(|(k, v)| Ok((k, parse(&v)?)))
            .collect()
    }

    async fn put_rows(&self, table: Table, rows: &[(String, String)]) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO {} (key, value) SELECT k, v::jsonb FROM unnest($1::bytea[], $2::text[]) AS r(k, v)
             ON CONFLICT (key) DO NOTHING",
            name(table)
        );
        sqlx::query(&sql)
            .bind(rows.iter().map(|(k, _)| k.as_bytes()).collect::<Vec<_>>())
            .bind(rows.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn put_audit(&self, events: &[(String, AuditEvent)]) -> Result<(), StoreError> {
        // `WITH ORDINALITY` keeps the events' order in their sequence numbers.
        sqlx::query(
            "INSERT INTO audit (account, event)
             SELECT a, e::jsonb FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(a, e, n)
             ORDER BY n",
        )
        .bind(events.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>())
        .bind(
            events
                .iter()
                .map(|(_, e)| json(e))
                .collect::<Result<Vec<_>, _>>()?,
        )
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn count(&self, table: Table) -> Result<u64, StoreError> {
        let sql = format!("SELECT count(*) FROM {}", name(table));
        let n: i64 = sqlx::query(&sql)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?
            .get(0);
        Ok(n.max(0) as u64)
    }

    async fn keys_with_prefix(
        &self,
        table: Table,
        prefix: &str,
    ) -> Result<Vec<String>, StoreError> {
        let sql = format!(
            "SELECT key FROM {} WHERE key >= $1 AND ($2::bytea IS NULL OR key < $2) ORDER BY key",
            name(table)
        );
        Ok(sqlx::query(&sql)
            .bind(prefix.as_bytes())
            .bind(upper_bound(prefix.as_bytes()))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .into_iter()
            .map(|r| key_string(r.get(0)))
            .collect())
    }

    async fn sweep_expired(&self, table: Table, now: u64) -> Result<usize, StoreError> {
        // One statement: a row refreshed meanwhile (a later `expires_at`) no longer
        // matches when PostgreSQL re-checks it, so a concurrent refresh wins, as in sled.
        let sql = format!("DELETE FROM {} WHERE expires_at < $1", name(table));
        let n = sqlx::query(&sql)
            .bind(i64::try_from(now).unwrap_or(i64::MAX))
            .execute(&self.pool)
            .await
            .map_err(backend)?
            .rows_affected();
        Ok(n as usize)
    }

    async fn audit(&self, account_key: &str, event: &AuditEvent) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO audit (account, event) VALUES ($1, $2::jsonb)")
            .bind(account_key)
            .bind(json(event)?)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn audit_trail(
        &self,
        account_key: &str,
        limit: usize,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        sqlx::query("SELECT event::text FROM audit WHERE account = $1 ORDER BY seq DESC LIMIT $2")
            .bind(account_key)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(|r| parse(r.get::<&str, _>(0)))
            .collect()
    }

    async fn is_healthy(&self) -> bool {
        tokio::time::timeout(
            Duration::from_secs(2),
            sqlx::query("SELECT 1").execute(&self.pool),
        )
        .await
        .is_ok_and(|r| r.is_ok())
    }

    fn is_shared(&self) -> bool {
        true
    }

    async fn totp_steps(&self) -> Result<Vec<(String, u64)>, StoreError> {
        Ok(
            sqlx::query("SELECT device, step FROM totp_steps ORDER BY device")
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?
                .iter()
                .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1).max(0) as u64))
                .collect(),
        )
    }

    async fn audit_all(&self) -> Result<Vec<(String, AuditEvent)>, StoreError> {
        sqlx::query("SELECT account, event::text FROM audit ORDER BY account COLLATE \"C\", seq")
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(|r| Ok((r.get::<String, _>(0), parse(r.get::<&str, _>(1))?)))
            .collect()
    }

    fn flush(&self) -> Result<(), StoreError> {
        // Every acknowledged write was committed, and a commit is durable.
        Ok(())
    }

    /// Background jobs run on one instance at a time: the one holding a session-level
    /// advisory lock on its own connection. If that instance dies, PostgreSQL ends its
    /// session and frees the lock, and another instance takes over at its next tick.
    async fn is_leader(&self) -> bool {
        let mut held = self.leader.lock().await;
        if let Some(c) = held.as_mut() {
            if c.ping().await.is_ok() {
                return true;
            }
            *held = None;
        }
        // The jobs of a follower ask every couple of seconds; it tries the lock again
        // at most every LEADER_RETRY, not with a new connection at every question.
        if self
            .lost_at
            .lock()
            .expect("not poisoned")
            .is_some_and(|t| t.elapsed() < LEADER_RETRY)
        {
            return false;
        }
        let Ok(mut c) = sqlx::PgConnection::connect_with(&self.options).await else {
            return false;
        };
        let got = sqlx::query("SELECT pg_try_advisory_lock($1)")
            .bind(LEADER_LOCK)
            .fetch_one(&mut c)
            .await
            .is_ok_and(|r| r.get::<bool, _>(0));
        if got {
            tracing::info!("this instance now runs the background jobs");
            *held = Some(c);
            *self.lost_at.lock().expect("not poisoned") = None;
        } else {
            *self.lost_at.lock().expect("not poisoned") = Some(std::time::Instant::now());
        }
        got
    }
}

#[cfg(test)]
mod tests;
