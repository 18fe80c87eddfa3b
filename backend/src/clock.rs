//! The one place that reads the wall clock.
//!
//! Everything else takes the time as a value (`now: u64`, seconds since the Unix epoch),
//! so the domain is tested at any instant. A [`Clock`] lives in the server state; tests
//! make a [`Clock::fixed`] one and move it with [`Clock::advance`], and every handler and
//! background job then sees that time.
use shared::date::Date;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Seconds since the Unix epoch, now.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The server's clock: the system's, or a fixed one that only moves when told.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed: Option<Arc<AtomicU64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock { fixed: None }
    }

    /// A clock stopped at `secs`, shared by every clone.
    pub fn fixed(secs: u64) -> Clock {
        Clock {
            fixed: Some(Arc::new(AtomicU64::new(secs))),
        }
    }

    /// Moves a fixed clock forward (does nothing to the system clock).
    pub fn advance(&self, secs: u64) {
        if let Some(f) = &self.fixed {
            f.fetch_add(secs, Ordering::SeqCst);
        }
    }

    /// Seconds since the Unix epoch.
    pub fn now(&self) -> u64 {
        match &self.fixed {
            Some(f) => f.load(Ordering::SeqCst),
            None => now_secs(),
        }
    }

    /// Today's date in UTC, the reference for ages and form dates.
    pub fn today(&self) -> Date {
        date_of(self.now())
    }
}

/// The UTC date of an instant.
pub fn date_of(secs: u64) -> Date {
    Date::from_days_since_epoch((secs / 86_400) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_told_and_clones_share_it() {
        let c = Clock::fixed(86_400 * 365);
        let other = c.clone();
        assert_eq!(c.now(), 86_400 * 365);
        other.advance(86_400);
        assert_eq!(c.now(), 86_400 * 366);
        assert_eq!(c.today(), Date::from_days_since_epoch(366));
    }

    #[test]
    fn the_system_clock_is_after_2025() {
        assert!(Clock::system().now() > 1_735_689_600);
    }
}
