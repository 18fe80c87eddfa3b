//! The throttle's counts in PostgreSQL (schema 2, UNLOGGED tables), one statement each,
//! so every instance draws on the same buckets and counts the same tries
//! (`domain::throttle` keeps the rules; this only stores).
use super::{backend, PgStore};
use crate::store::StoreError;
use sqlx::Row;

impl PgStore {
    /// A count's statement through the breaker (`breaker.rs`): refused at once while the
    /// database is out of reach, so the throttle falls back on this instance's counts
    /// without waiting for a connection first.
    async fn guarded<T>(
        &self,
        statement: impl std::future::Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        self.breaker.admit()?;
        let r = statement.await;
        self.breaker.saw(&r, self.saturated());
        r
    }

    /// One token from the GCRA bucket `key` (at most `burst` at once, one more every
    /// `period_ms`), at `now_ms`: `None` when taken, else the seconds to wait.
    pub async fn take_token(
        &self,
        key: &str,
        burst: u32,
        period_ms: u64,
        now_ms: u64,
    ) -> Result<Option<u64>, StoreError> {
        self.guarded(self.take_token_sql(key, burst, period_ms, now_ms))
            .await
    }

    /// One try of `client` at `user` reserved at `now` (seconds): `Ok(last)` (`last`:
    /// this is the try whose failure locks), or `Err(wait)` while `threshold` failures
    /// lock that client out for `lockout_secs` after the last of them.
    pub async fn reserve_try(
        &self,
        user: &str,
        client: &str,
        threshold: u32,
        lockout_secs: u64,
        now: u64,
    ) -> Result<Result<bool, u64>, StoreError> {
        self.guarded(self.reserve_try_sql(user, client, threshold, lockout_secs, now))
            .await
    }

    /// A reserved try given back (its secret was right, or never checked).
    pub async fn refund_try(&self, user: &str, client: &str) -> Result<(), StoreError> {
        self.guarded(self.refund_try_sql(user, client)).await
    }

    /// The tries of `client` at `user` forgotten, or of every client when `None`.
    pub async fn forgive_tries(&self, user: &str, client: Option<&str>) -> Result<(), StoreError> {
        self.guarded(self.forgive_tries_sql(user, client)).await
    }

    /// Whether some client has `threshold` failures at `user` within `lockout_secs`.
    pub async fn locked_somewhere(
        &self,
        user: &str,
        threshold: u32,
        lockout_secs: u64,
        now: u64,
    ) -> Result<bool, StoreError> {
        self.guarded(self.locked_somewhere_sql(user, threshold, lockout_secs, now))
            .await
    }

    /// Those of `users` that some client has locked (as [`Self::locked_somewhere`]),
    /// in one statement: for a page of the help desk's list.
    pub async fn locked_among(
        &self,
        users: &[String],
        threshold: u32,
        lockout_secs: u64,
        now: u64,
    ) -> Result<Vec<String>, StoreError> {
        self.guarded(self.locked_among_sql(users, threshold, lockout_secs, now))
            .await
    }

    /// Forgets buckets that are full again and tries that no longer lock anyone.
    pub async fn prune_counts(&self, lockout_secs: u64, now: u64) -> Result<(), StoreError> {
        self.guarded(self.prune_counts_sql(lockout_secs, now)).await
    }

    async fn take_token_sql(
        &self,
        key: &str,
        burst: u32,
        period_ms: u64,
        now_ms: u64,
    ) -> Result<Option<u64>, StoreError> {
        let (period, now) = (period_ms as i64, now_ms as i64);
        let window = period.saturating_mul(i64::from(burst.max(1)));
        // Taken when the new arrival time is within `burst` periods of now; a refused
        // request leaves the bucket as it was.
        let taken = sqlx::query(
            "INSERT INTO throttle_buckets AS b (key, tat) VALUES ($1, $2 + $3)
             ON CONFLICT (key) DO UPDATE SET tat = GREATEST(b.tat, $2) + $3
             WHERE GREATEST(b.tat, $2) + $3 - $2 <= $4
             RETURNING tat",
        )
        .bind(key)
        .bind(now)
        .bind(period)
        .bind(window)
        .fetch_optional(&self.buffered)
        .await
        .map_err(backend)?;
        if taken.is_some() {
            return Ok(None);
        }
        let tat: i64 = sqlx::query("SELECT tat FROM throttle_buckets WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.buffered)
            .await
            .map_err(backend)?
            .map_or(now, |r| r.get(0));
        let wait_ms = (tat + period - window - now).max(0) as u64;
        Ok(Some(wait_ms / 1000 + 1))
    }

    async fn reserve_try_sql(
        &self,
        user: &str,
        client: &str,
        threshold: u32,
        lockout_secs: u64,
        now: u64,
    ) -> Result<Result<bool, u64>, StoreError> {
        let (t, lock, now) = (i64::from(threshold.max(1)), lockout_secs as i64, now as i64);
        let row = sqlx::query(
            "INSERT INTO throttle_tries AS x (user_key, client, failures, last) VALUES ($1, $2, 1, $3)
             ON CONFLICT (user_key, client) DO UPDATE SET
                 failures = CASE WHEN x.failures >= $4 THEN 1 ELSE x.failures + 1 END,
                 last = $3
             WHERE NOT (x.failures >= $4 AND $3 < x.last + $5)
             RETURNING failures",
        )
        .bind(user)
        .bind(client)
        .bind(now)
        .bind(t)
        .bind(lock)
        .fetch_optional(&self.buffered)
        .await
        .map_err(backend)?;
        if let Some(r) = row {
            return Ok(Ok(i64::from(r.get::<i32, _>(0)) == t));
        }
        let last: i64 =
            sqlx::query("SELECT last FROM throttle_tries WHERE user_key = $1 AND client = $2")
                .bind(user)
                .bind(client)
                .fetch_optional(&self.buffered)
                .await
                .map_err(backend)?
                .map_or(now, |r| r.get(0));
        Ok(Err((last + lock - now).max(1) as u64))
    }

    async fn refund_try_sql(&self, user: &str, client: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE throttle_tries SET failures = failures - 1
             WHERE user_key = $1 AND client = $2 AND failures > 0",
        )
        .bind(user)
        .bind(client)
        .execute(&self.buffered)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn forgive_tries_sql(&self, user: &str, client: Option<&str>) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM throttle_tries WHERE user_key = $1 AND ($2::text IS NULL OR client = $2)",
        )
        .bind(user)
        .bind(client)
        .execute(&self.buffered)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn locked_somewhere_sql(
        &self,
        user: &str,
        threshold: u32,
        lockout_secs: u64,
        now: u64,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "SELECT EXISTS (SELECT 1 FROM throttle_tries
                            WHERE user_key = $1 AND failures >= $2 AND $3 < last + $4)",
        )
        .bind(user)
        .bind(i64::from(threshold.max(1)) as i32)
        .bind(now as i64)
        .bind(lockout_secs as i64)
        .fetch_one(&self.buffered)
        .await
        .map_err(backend)?
        .get(0))
    }

    async fn locked_among_sql(
        &self,
        users: &[String],
        threshold: u32,
        lockout_secs: u64,
        now: u64,
    ) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query(
            "SELECT DISTINCT user_key FROM throttle_tries
             WHERE user_key = ANY($1) AND failures >= $2 AND $3 < last + $4",
        )
        .bind(users)
        .bind(i64::from(threshold.max(1)) as i32)
        .bind(now as i64)
        .bind(lockout_secs as i64)
        .fetch_all(&self.buffered)
        .await
        .map_err(backend)?
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect())
    }

    async fn prune_counts_sql(&self, lockout_secs: u64, now: u64) -> Result<(), StoreError> {
        let now_ms = (now as i64).saturating_mul(1000);
        sqlx::query("DELETE FROM throttle_buckets WHERE tat < $1")
            .bind(now_ms)
            .execute(&self.buffered)
            .await
            .map_err(backend)?;
        sqlx::query("DELETE FROM throttle_tries WHERE failures <= 0 OR last + $1 <= $2")
            .bind(lockout_secs as i64)
            .bind(now as i64)
            .execute(&self.buffered)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
