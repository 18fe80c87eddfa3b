//! PostgreSQL's statements on JSON text, behind the generic `Store` methods.
use super::keys::{connection_lost, is_retryable, key_string, upper_bound};
use super::{backend, name, PgStore};
use crate::store::{StoreError, Table};
use sqlx::Row;

/// A read, tried once more on a fresh connection when the one it ran on was lost under
/// it (PostgreSQL restarted, a connection cut): reading twice changes nothing.
async fn once_more<T, F, Fut>(read: F) -> Result<T, sqlx::Error>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, sqlx::Error>>,
{
    match read().await {
        Err(e) if connection_lost(&e) => {
            tracing::warn!(error = %e, "a database connection was lost under a read; reading again");
            read().await
        }
        r => r,
    }
}

/// Runs `update`'s write: rows affected, or with the derived entries bound after its
/// own parameters, the count its `WITH` returns.
async fn run<'q>(
    pool: &sqlx::PgPool,
    q: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    derived: bool,
    gone: &'q [&'q [u8]],
    added: &'q [&'q [u8]],
    values: &'q [&'q str],
) -> Result<u64, sqlx::Error> {
    if derived {
        let n: i64 = q
            .bind(gone)
            .bind(added)
            .bind(values)
            .fetch_one(pool)
            .await?
            .get(0);
        Ok(n.max(0) as u64)
    } else {
        Ok(q.execute(pool).await?.rows_affected())
    }
}

/// The statements behind the `Store` methods, on JSON text: not generic, so each is
/// compiled once however many record types the domain reads and writes (the generic
/// methods only parse and serialise around them).
impl PgStore {
    pub(super) async fn get_text(
        &self,
        table: Table,
        key: &str,
    ) -> Result<Option<String>, StoreError> {
        let sql = format!("SELECT value::text FROM {} WHERE key = $1", name(table));
        let read = || {
            sqlx::query(&sql)
                .bind(key.as_bytes())
                .fetch_optional(&self.pool)
        };
        Ok(once_more(read)
            .await
            .map_err(backend)?
            .map(|row| row.get::<String, _>(0)))
    }

    /// The values of `keys` that exist, in the order asked.
    pub(super) async fn get_many_text(
        &self,
        table: Table,
        keys: &[&str],
    ) -> Result<Vec<String>, StoreError> {
        if keys.is_empty() {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT key, value::text FROM {} WHERE key = ANY($1)",
            name(table)
        );
        let wanted: Vec<&[u8]> = keys.iter().map(|k| k.as_bytes()).collect();
        let rows = sqlx::query(&sql)
            .bind(&wanted)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let mut found: std::collections::HashMap<Vec<u8>, String> = rows
            .iter()
            .map(|r| (r.get::<Vec<u8>, _>(0), r.get::<String, _>(1)))
            .collect();
        Ok(keys
            .iter()
            .filter_map(|k| found.remove(k.as_bytes()))
            .collect())
    }

    pub(super) async fn insert_text(
        &self,
        table: Table,
        key: &str,
        value: String,
    ) -> Result<(), StoreError> {
        let sql = format!(
            "INSERT INTO {} (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING",
            name(table)
        );
        let n = sqlx::query(&sql)
            .bind(key.as_bytes())
            .bind(value)
            .execute(&self.pool)
            .await
            .map_err(backend)?
            .rows_affected();
        if n == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict)
        }
    }

    pub(super) async fn insert_audited_text(
        &self,
        table: Table,
        key: &str,
        value: String,
        account_key: &str,
        event: String,
    ) -> Result<(), StoreError> {
        // One statement: the audit row is written only if the insert was (a data-
        // modifying `WITH` runs once and completes, read or not), in one commit.
        let sql = format!(
            "WITH ins AS (INSERT INTO {} (key, value) VALUES ($1, $2::jsonb)
                          ON CONFLICT (key) DO NOTHING RETURNING 1),
                  trail AS (INSERT INTO audit (account, event) SELECT $3, $4::jsonb FROM ins)
             SELECT count(*) FROM ins",
            name(table)
        );
        let n: i64 = sqlx::query(&sql)
            .bind(key.as_bytes())
            .bind(value)
            .bind(account_key)
            .bind(event)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?
            .get(0);
        if n == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict)
        }
    }

    /// Keys and values in key order: those starting with `prefix`, or those after
    /// `after` (the first page: `None`), at most `limit`.
    pub(super) async fn scan_text(
        &self,
        table: Table,
        prefix: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = match (prefix, after) {
            (Some(prefix), Some(after)) => {
                let sql = format!(
                    "SELECT key, value::text FROM {} WHERE key > $1 AND key >= $2 AND ($3::bytea IS NULL OR key < $3) ORDER BY key LIMIT $4",
                    name(table)
                );
                sqlx::query(&sql)
                    .bind(after.as_bytes())
                    .bind(prefix.as_bytes())
                    .bind(upper_bound(prefix.as_bytes()))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
            }
            (Some(prefix), None) => {
                let sql = format!(
                    "SELECT key, value::text FROM {} WHERE key >= $1 AND ($2::bytea IS NULL OR key < $2) ORDER BY key LIMIT $3",
                    name(table)
                );
                sqlx::query(&sql)
                    .bind(prefix.as_bytes())
                    .bind(upper_bound(prefix.as_bytes()))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
            }
            (None, _) => {
                let sql = format!(
                    "SELECT key, value::text FROM {} WHERE $1::bytea IS NULL OR key > $1 ORDER BY key LIMIT $2",
                    name(table)
                );
                sqlx::query(&sql)
                    .bind(after.map(str::as_bytes))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(backend)?;
        Ok(rows
            .iter()
            .map(|r| (key_string(r.get(0)), r.get::<String, _>(1)))
            .collect())
    }

    /// `update`'s read: the row's value and its version (`xmin`, the transaction that
    /// wrote this version of the row).
    pub(super) async fn read_versioned(
        &self,
        pool: &sqlx::PgPool,
        table: Table,
        key: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        let sql = format!(
            "SELECT value::text, xmin::text FROM {} WHERE key = $1",
            name(table)
        );
        let read = || sqlx::query(&sql).bind(key.as_bytes()).fetch_optional(pool);
        Ok(once_more(read)
            .await
            .map_err(backend)?
            .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1))))
    }

    /// `update`'s write: `new` (or a delete, `None`) only if the row is still the
    /// version `read` saw (absent, or `(value, xmin)`). False when another writer got
    /// there first or the write should be tried again.
    pub(super) async fn write_versioned(
        &self,
        pool: &sqlx::PgPool,
        table: Table,
        key: &str,
        read: Option<(String, String)>,
        new: Option<String>,
    ) -> Result<bool, StoreError> {
        let t = name(table);
        // An account's derived entries (`store::derived`) change in the same statement
        // as the record, and only if its write happened.
        let (gone, added) = if table == Table::Accounts {
            crate::store::derived::changes(
                key,
                read.as_ref().map(|(v, _)| v.as_bytes()),
                new.as_deref().map(str::as_bytes),
            )?
        } else {
            (vec![], vec![])
        };
        let with_entries = |write: &str, first: usize| {
            if gone.is_empty() && added.is_empty() {
                return write.to_string();
            }
            format!(
                "WITH up AS ({write} RETURNING 1),
                      gone AS (DELETE FROM index_keys WHERE key = ANY(${first}::bytea[])
                               AND EXISTS (SELECT 1 FROM up)),
                      added AS (INSERT INTO index_keys (key, value)
                                SELECT k, v::jsonb FROM unnest(${}::bytea[], ${}::text[]) AS r(k, v)
                                WHERE EXISTS (SELECT 1 FROM up)
                                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value)
                 SELECT count(*) FROM up",
                first + 1,
                first + 2
            )
        };
        let gone: Vec<&[u8]> = gone.iter().map(|k| k.as_bytes()).collect();
        let values: Vec<&str> = added.iter().map(|(_, v)| v.as_str()).collect();
        let added: Vec<&[u8]> = added.iter().map(|(k, _)| k.as_bytes()).collect();
        let derived = !gone.is_empty() || !added.is_empty();
        let written = match (read, new) {
            (None, Some(v)) => {
                let sql = with_entries(
                    &format!(
                        "INSERT INTO {t} (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING"
                    ),
                    3,
                );
                run(
                    pool,
                    sqlx::query(&sql).bind(key.as_bytes()).bind(v),
                    derived,
                    &gone,
                    &added,
                    &values,
                )
                .await
            }
            (Some((_, version)), Some(v)) => {
                let sql = with_entries(
                    &format!(
                        "UPDATE {t} SET value = $2::jsonb WHERE key = $1 AND xmin = $3::text::xid"
                    ),
                    4,
                );
                let q = sqlx::query(&sql).bind(key.as_bytes()).bind(v).bind(version);
                run(pool, q, derived, &gone, &added, &values).await
            }
            (Some((_, version)), None) => {
                let sql = with_entries(
                    &format!("DELETE FROM {t} WHERE key = $1 AND xmin = $2::text::xid"),
                    3,
                );
                let q = sqlx::query(&sql).bind(key.as_bytes()).bind(version);
                run(pool, q, derived, &gone, &added, &values).await
            }
            (None, None) => return Ok(true),
        };
        match written {
            Ok(n) => Ok(n == 1),
            Err(e) if is_retryable(&e) => Ok(false),
            Err(e) => Err(backend(e)),
        }
    }
}
