//! Background work, on the server's [`Clock`](crate::clock::Clock).
//!
//! Each job is a function of the state and the time that does one pass and says what it
//! did, so tests call it directly at any instant; [`spawn`] runs them on a timer:
//! - every minute, the sweep of expired login challenges, sessions, links and
//!   receipts, of throttle counts that no longer limit anyone, and of outbox files
//!   whose codes and links have expired;
//! - every two seconds, the outbound queue;
//! - every `--lifecycle-every-secs` (300) and at start, the lifecycle pass
//!   (`domain::lifecycle`): recertification reminders and expiries, inactivity
//!   warnings and marks. Each step is safe to run twice, so a crash in the middle of a
//!   pass loses nothing and repeats nothing the next pass does again.
//!
//! With the test clock (`UMBRAL_UNSAFE_TEST_CLOCK`), each lifecycle pass ends by writing
//! the time it ran at to `<clock file>.done`, and each pass of the outbound queue to
//! `<clock file>.delivered`, so a test knows when a pass at the time it set is complete.
use crate::domain::Umbral;
use crate::store::Store;
use std::sync::Arc;
use std::time::Duration;

/// How often the expiry sweep runs.
pub const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// One pass of the expiry sweep: how many expired records it removed.
pub async fn sweep(st: &Umbral) -> usize {
    let now = st.clock.now();
    st.throttle.prune(now).await;
    let keep = st.policy.link_ttl_secs.max(st.policy.code_ttl_secs);
    if let Err(e) = st.courier.outbox.prune(keep) {
        tracing::warn!(error = %e, "pruning the outbox failed");
    }
    match st.sweep(now).await {
        Ok(n) => {
            if n > 0 {
                tracing::debug!(removed = n, "swept expired records");
            }
            n
        }
        Err(e) => {
            tracing::warn!(error = %e, "sweeping expired records failed");
            0
        }
    }
}

/// One lifecycle pass at the clock's time.
pub async fn lifecycle(st: &Umbral) -> Lifecycle {
    let now = st.clock.now();
    let started = std::time::Instant::now();
    let mut done = Lifecycle::default();
    match st.recert_pass(now).await {
        Ok(p) => done.recert = p,
        Err(e) => tracing::warn!(error = %e, "the recertification pass failed"),
    }
    match st.inactivity_pass(now).await {
        Ok(p) => done.inactivity = p,
        Err(e) => tracing::warn!(error = %e, "the inactivity pass failed"),
    }
    // Several instances on one data directory: what a crashed instance left of an
    // upload is removed here once stale, since no start-up may remove a young one.
    if st.store.is_shared() {
        match st.submission_dirs().await {
            Ok(keep) => match st
                .documents
                .sweep(&keep, crate::store::vault::STALE_AFTER)
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::warn!(removed = n, "removed stale unfinished uploads"),
                Err(e) => tracing::warn!(error = %e, "sweeping stale uploads failed"),
            },
            Err(e) => tracing::warn!(error = %e, "cannot read the submissions"),
        }
    }
    let ms = started.elapsed().as_millis() as u64;
    if done != Lifecycle::default() {
        tracing::info!(
            reminders = done.recert.reminders,
            expired = done.recert.expired,
            warned = done.inactivity.warned,
            inactive = done.inactivity.marked,
            ms,
            "lifecycle pass"
        );
    } else {
        tracing::debug!(ms, "lifecycle pass, nothing due");
    }
    passed(st, "done", now);
    done
}

/// With the test clock only: writes `now` to `<clock file>.<suffix>` (atomically), the
/// time a pass ran at, for the test waiting on it.
fn passed(st: &Umbral, suffix: &str, now: u64) {
    if let Some(path) = st.clock.file_path() {
        let mut file = path.as_os_str().to_owned();
        file.push(".");
        file.push(suffix);
        let tmp = format!("{}.tmp", file.to_string_lossy());
        if let Err(e) =
            std::fs::write(&tmp, now.to_string()).and_then(|()| std::fs::rename(&tmp, &file))
        {
            tracing::warn!(error = %e, "cannot write the test clock's pass file");
        }
    }
}

/// What a lifecycle pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Lifecycle {
    pub recert: crate::domain::lifecycle::RecertPass,
    pub inactivity: crate::domain::lifecycle::InactivityPass,
}

/// How often the outbound queue is looked at for messages due another attempt.
pub const DELIVER_EVERY: Duration = Duration::from_secs(2);

/// One pass of the outbound queue (see `domain::outbound`): how many were sent.
pub async fn deliver(st: &Umbral) -> usize {
    let now = st.clock.now();
    let sent = match st.deliver_due().await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "the outbound queue could not be read");
            0
        }
    };
    passed(st, "delivered", now);
    sent
}

/// How often the alert job looks for an alert to email when there is none.
const ALERTS_EVERY: Duration = Duration::from_secs(2);

/// Emails urgent alerts (see `domain::alerts`), a batch at a time, at most
/// `policy.alert_rate` emails a second. Runs for ever.
async fn fan_out(st: &Umbral) {
    let batch = crate::domain::alerts::BATCH;
    let pace = match st.policy.alert_rate {
        0 => Duration::ZERO,
        rate => Duration::from_secs_f64(1.0 / f64::from(rate)),
    };
    loop {
        if !st.store.is_leader().await {
            tokio::time::sleep(ALERTS_EVERY).await;
            continue;
        }
        match st.fan_out_step(batch, pace, st.clock.now()).await {
            Ok(Some(_)) => {}
            // No alert to email: the notices of code-channel outages, then a rest.
            Ok(None) => match st.outage_notice_step(batch, st.clock.now()).await {
                Ok(Some(_)) => {}
                Ok(None) => tokio::time::sleep(ALERTS_EVERY).await,
                Err(e) => {
                    tracing::error!(error = %e, "outage notice failed; trying again");
                    tokio::time::sleep(ALERTS_EVERY).await;
                }
            },
            Err(e) => {
                tracing::error!(error = %e, "alert emailing failed; trying again");
                tokio::time::sleep(ALERTS_EVERY).await;
            }
        }
    }
}

/// Starts every job on its timer. They stop with the runtime. On a store several
/// instances share, only the leader (`Store::is_leader`) runs them; the others check
/// at each tick and take over when the leader is gone. The outbound queue is
/// looked at once at once, so messages a crash left behind go out at start.
pub fn spawn(st: Arc<Umbral>, lifecycle_every: Duration) {
    if let Some(path) = st.clock.file_path().map(std::path::Path::to_path_buf) {
        // Said once at start is easily missed (security review 3, G14): every minute.
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                tracing::warn!(file = %path.display(), "UNSAFE: the time is read from a test file (UMBRAL_UNSAFE_TEST_CLOCK); never use this in production");
            }
        });
    }
    let l = st.clone();
    tokio::spawn(async move {
        let mut tick = on_time(&l, lifecycle_every);
        loop {
            tick.next().await;
            if l.store.is_leader().await {
                lifecycle(&l).await;
            }
        }
    });
    let a = st.clone();
    tokio::spawn(async move { fan_out(&a).await });
    let q = st.clone();
    tokio::spawn(async move {
        let mut tick = on_time(&q, DELIVER_EVERY);
        loop {
            tick.next().await;
            if q.store.is_leader().await {
                deliver(&q).await;
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        loop {
            tick.tick().await;
            if st.store.is_leader().await {
                sweep(&st).await;
            } else {
                // Each instance's own rate-limit memory is its own to prune.
                st.throttle.prune(st.clock.now()).await;
            }
        }
    });
}

/// A job's timer: every `every`, and with the test clock also as soon as a test sets
/// the clock to another time, so a test that moves the clock need not wait out the
/// period for the pass it is waiting on (the period alone still runs passes between).
fn on_time(st: &Arc<Umbral>, every: Duration) -> Ticks {
    let mut period = tokio::time::interval(every);
    period.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    Ticks {
        st: st.clone(),
        period,
        seen: None,
    }
}

struct Ticks {
    st: Arc<Umbral>,
    period: tokio::time::Interval,
    /// The test clock's time at the last tick (`None` with the real clock).
    seen: Option<u64>,
}

impl Ticks {
    async fn next(&mut self) {
        if self.st.clock.file_path().is_none() {
            self.period.tick().await;
            return;
        }
        let mut poll = tokio::time::interval(Duration::from_millis(50));
        loop {
            tokio::select! {
                _ = self.period.tick() => break,
                _ = poll.tick() => {
                    if self.seen.is_some_and(|t| t != self.st.clock.now()) {
                        break;
                    }
                }
            }
        }
        self.seen = Some(self.st.clock.now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::umbral;
    use crate::store::{Session, Table};

    #[tokio::test]
    async fn the_sweep_removes_what_has_expired_by_the_clock() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        let now = u.clock.now();
        for (key, expires_at) in [("old", now + 60), ("new", now + 3600)] {
            let s = Session {
                account: "ann".into(),
                created_at: now,
                last_seen: now,
                auth_at: now,
                expires_at,
                generation: 0,
                mfa: None,
                recovered: false,
            };
            u.store.insert_new(Table::Sessions, key, &s).await.unwrap();
        }
        assert_eq!(sweep(&u).await, 0);
        u.clock.advance(61);
        assert_eq!(sweep(&u).await, 1);
        assert!(u
            .store
            .get::<Session>(Table::Sessions, "old")
            .await
            .unwrap()
            .is_none());
        assert!(u
            .store
            .get::<Session>(Table::Sessions, "new")
            .await
            .unwrap()
            .is_some());
    }
}
