//! The one place that reads the wall clock.
//!
//! Everything else takes the time as a value (`now: u64`, seconds since the Unix epoch),
//! so the domain is tested at any instant. A [`Clock`] lives in the server state; tests
//! make a [`Clock::fixed`] one and move it with [`Clock::advance`], and every handler and
//! background job then sees that time.
//!
//! One convention, everywhere: the clock is read where work begins, once, and the
//! instant goes down as `now`. A handler reads it for its request (`st.clock.now()` in
//! `http/`), a job for its pass or batch (`jobs.rs`), a command for its run
//! (`command.rs`); every `Umbral` method that applies a time rule takes `now` and never
//! reads the clock itself, so a request's checks (a role's due date, a token's expiry,
//! a maintenance window) all hold at the same instant and a test names that instant. The
//! two exceptions are work whose own steps take time: the steps of an upload
//! (`domain/documents.rs`: a role or window is checked again when the last file
//! arrives, minutes later) and the outbound queue (`domain/outbound.rs`: a message is
//! stamped when queued and when each delivery attempt ends).
//!
//! End-to-end tests of the release binary move its time with [`Clock::file`]: the server
//! started with `UMBRAL_UNSAFE_TEST_CLOCK=<file>` reads the time from that file (seconds
//! since the Unix epoch) at every call. Only a process that can write the file can move
//! it, never a request: the flag is unsafe for production. Because one variable left in
//! a unit file would hand every expiry to whoever can write that file, the server
//! (security review 3, G14) refuses a clock file or folder that another user could
//! write or that it does not own, warns in its log every minute while it runs on the
//! test clock, reports `"clock": "test"` on `/health` and on the status page, and stops
//! (exit status 70) rather than freeze time if the file disappears.
use shared::date::Date;
use std::path::PathBuf;
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
    /// The test clock's file; `fixed` then holds the last time read from it.
    file: Option<Arc<PathBuf>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock stopped at `secs`, shared by every clone.
    pub fn fixed(secs: u64) -> Clock {
        Clock {
            fixed: Some(Arc::new(AtomicU64::new(secs))),
            file: None,
        }
    }

    /// A clock read from `path` at every call (see the module's note). The file must
    /// hold a time now; later, a file that cannot be read or parsed (a write in
    /// progress) leaves the last time read.
    pub fn file(path: PathBuf) -> Result<Clock, String> {
        private_to_us(&path)?;
        let secs = read_secs(&path).ok_or_else(|| {
            format!(
                "UMBRAL_UNSAFE_TEST_CLOCK: {} does not hold seconds since the Unix epoch",
                path.display()
            )
        })?;
        Ok(Clock {
            fixed: Some(Arc::new(AtomicU64::new(secs))),
            file: Some(Arc::new(path)),
        })
    }

    /// Is this the test clock read from a file?
    pub fn file_path(&self) -> Option<&std::path::Path> {
        self.file.as_deref().map(|p| p.as_path())
    }

    /// Moves a fixed clock forward (does nothing to the system clock).
    pub fn advance(&self, secs: u64) {
        if let Some(f) = &self.fixed {
            f.fetch_add(secs, Ordering::SeqCst);
        }
    }

    /// Seconds since the Unix epoch.
    pub fn now(&self) -> u64 {
        match (&self.fixed, &self.file) {
            (Some(f), Some(path)) => {
                match std::fs::read_to_string(path.as_path()) {
                    Ok(text) => {
                        if let Ok(secs) = text.trim().parse() {
                            f.store(secs, Ordering::SeqCst);
                        }
                    }
                    // A file removed would stop time for every expiry without a word:
                    // stop the server instead, loudly.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        tracing::error!(file = %path.display(), "the test clock's file is gone: stopping");
                        eprintln!(
                            "umbral: the test clock's file {} is gone: stopping",
                            path.display()
                        );
                        std::process::exit(70);
                    }
                    Err(_) => {}
                }
                f.load(Ordering::SeqCst)
            }
            (Some(f), None) => f.load(Ordering::SeqCst),
            _ => now_secs(),
        }
    }

    /// Today's date in Eastern time, the reference for ages, form dates and due dates
    /// (`shared::calendar`, the calendar the SPA uses too).
    pub fn today(&self) -> Date {
        date_of(self.now())
    }
}

/// A clock file must be the server's own: owned by its user, in a folder owned by its
/// user, neither writable by the group or others (so no other local user can move time).
fn private_to_us(path: &std::path::Path) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    for p in [path, dir.as_path()] {
        let m = std::fs::metadata(p)
            .map_err(|e| format!("UMBRAL_UNSAFE_TEST_CLOCK: cannot read {}: {e}", p.display()))?;
        if m.uid() != me {
            return Err(format!(
                "UMBRAL_UNSAFE_TEST_CLOCK: {} belongs to another user; refusing a clock others control",
                p.display()
            ));
        }
        if m.mode() & 0o022 != 0 {
            return Err(format!(
                "UMBRAL_UNSAFE_TEST_CLOCK: {} is writable by other users (mode {:o}); refusing a clock others can move",
                p.display(),
                m.mode() & 0o7777
            ));
        }
    }
    Ok(())
}

fn read_secs(path: &std::path::Path) -> Option<u64> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// The Eastern-time date of an instant.
pub fn date_of(secs: u64) -> Date {
    shared::calendar::today(secs)
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
        // 1971-01-02 00:00 UTC is still 1 January in New York.
        assert_eq!(c.today(), Date::from_days_since_epoch(365));
    }

    #[test]
    fn the_test_clock_follows_its_file_and_keeps_the_last_good_time() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("clock");
        assert!(Clock::file(p.clone()).is_err(), "no file, no clock");
        std::fs::write(&p, "1800000000\n").unwrap();
        let c = Clock::file(p.clone()).unwrap();
        assert_eq!(c.now(), 1_800_000_000);
        std::fs::write(&p, "1800086400").unwrap();
        assert_eq!(c.clone().now(), 1_800_086_400);
        std::fs::write(&p, "").unwrap();
        assert_eq!(c.now(), 1_800_086_400);
        assert_eq!(c.file_path(), Some(p.as_path()));
        assert_eq!(Clock::system().file_path(), None);
    }

    #[test]
    fn a_clock_file_or_folder_others_can_write_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("clock");
        std::fs::write(&p, "1800000000").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        assert!(Clock::file(p.clone()).is_ok());
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o666)).unwrap();
        let e = Clock::file(p.clone()).unwrap_err();
        assert!(e.contains("writable by other users"), "{e}");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o620)).unwrap();
        assert!(Clock::file(p.clone()).is_err(), "group-writable");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        assert!(Clock::file(p.clone()).is_err(), "a folder anyone can write");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    }

    #[test]
    fn the_system_clock_is_after_2025() {
        assert!(Clock::system().now() > 1_735_689_600);
    }
}
