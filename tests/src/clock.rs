//! Time: the server's test clock, TOTP codes and their 30-second steps.
use crate::*;
use std::path::PathBuf;
use std::time::Duration;

/// The code an authenticator app shows at `unix_secs` for a base32 secret.
pub fn totp_at(secret_b32: &str, unix_secs: u64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret_b32.to_string())
        .to_bytes()
        .expect("base32 secret");
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes)
        .expect("valid TOTP")
        .generate(unix_secs)
}

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The server's time: the test clock's file when there is one, else the real time.
pub fn time_of(clock: Option<&std::path::Path>) -> u64 {
    match clock {
        Some(path) => read_clock(path),
        None => now(),
    }
}

/// Before a TOTP code is computed for the server: with a test clock the time stands
/// still, so nothing to wait for; with the real one, [`away_from_step_edge`].
pub fn step_margin(clock: Option<&std::path::Path>, margin: u64) {
    if clock.is_none() {
        away_from_step_edge(margin);
    }
}

fn read_clock(path: &std::path::Path) -> u64 {
    std::fs::read_to_string(path)
        .expect("clock file")
        .trim()
        .parse()
        .expect("seconds")
}

/// Waits until at least `margin` seconds remain in the current 30-second TOTP step,
/// so a code computed now is still current when the server checks it.
pub fn away_from_step_edge(margin: u64) {
    while 30 - now() % 30 < margin {
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The server's test clock (`UMBRAL_UNSAFE_TEST_CLOCK`): a file this process writes
/// and the server reads at every call. With `UMBRAL_LIFECYCLE_EVERY_SECS=1` the
/// lifecycle job runs every second, and writes the time of each finished pass to
/// `<file>.done`, so [`TestClock::pass`] knows when one ran at the time it set.
pub struct TestClock {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestClock {
    /// A clock at `secs`.
    pub fn at(secs: u64) -> TestClock {
        let dir = tempfile::tempdir().expect("temp dir");
        let c = TestClock {
            path: dir.path().join("clock"),
            _dir: dir,
        };
        c.set(secs);
        c
    }

    /// The settings that give a server this clock and a one-second lifecycle job.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "UMBRAL_UNSAFE_TEST_CLOCK",
                self.path.to_string_lossy().into_owned(),
            ),
            ("UMBRAL_LIFECYCLE_EVERY_SECS", "1".into()),
        ]
    }

    pub fn now(&self) -> u64 {
        read_clock(&self.path)
    }

    /// The file the server reads.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Sets the time (atomically: a temporary file renamed over the clock).
    pub fn set(&self, secs: u64) {
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, secs.to_string()).expect("write clock");
        std::fs::rename(&tmp, &self.path).expect("set clock");
    }

    pub fn advance(&self, secs: u64) {
        self.set(self.now() + secs);
    }

    /// The time of the last finished lifecycle pass.
    pub fn last_pass(&self) -> Option<u64> {
        self.pass_file("done")
    }

    fn pass_file(&self, suffix: &str) -> Option<u64> {
        std::fs::read_to_string(self.path.with_extension(suffix))
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// Waits until a pass of the outbound queue (every 2 seconds) at the clock's
    /// current time (or later) finished: whatever was due by then has been attempted.
    pub fn delivered(&self) {
        let t = self.now();
        wait_until(
            "a pass of the outbound queue at the test clock's time",
            || self.pass_file("delivered").is_some_and(|d| d >= t),
        );
    }

    /// Waits until a lifecycle pass at the clock's current time (or later) finished.
    pub fn pass(&self) {
        let t = self.now();
        wait_until("a lifecycle pass at the test clock's time", || {
            self.last_pass().is_some_and(|d| d >= t)
        });
    }
}
