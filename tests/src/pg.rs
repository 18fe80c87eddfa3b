//! The throwaway PostgreSQL cluster of `scripts/test.sh`.
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

/// The throwaway PostgreSQL cluster `scripts/test.sh` started (`scripts/pg.sh`), as
/// its administrative URL.
pub fn pg_admin_url() -> String {
    std::env::var("UMBRAL_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "UMBRAL_TEST_DATABASE_URL is not set: start a throwaway PostgreSQL with \
             `export UMBRAL_TEST_DATABASE_URL=$(scripts/pg.sh start /tmp/umbral-pg)` \
             (scripts/test.sh does this)"
        )
    })
}

/// Runs one SQL statement with psql on the cluster's database `db`; its output, one
/// value per line.
pub fn psql(db: &str, sql: &str) -> String {
    let admin = pg_admin_url();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    let out = Command::new("psql")
        .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d"])
        .arg(format!("{base}/{db}"))
        .args(["-c", sql])
        .output()
        .expect("psql runs (Debian's postgresql-client, installed with postgresql)");
    assert!(
        out.status.success(),
        "psql: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A new, empty database on the test cluster; returns its URL.
pub fn pg_database() -> String {
    let name = format!(
        "umbral_e2e_{}_{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    psql("postgres", &format!("CREATE DATABASE {name}"));
    let admin = pg_admin_url();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}

/// A throwaway cluster of one test's own, for a test that stops PostgreSQL on purpose
/// (`scripts/pg.sh` crash and restart); stopped and removed when dropped.
pub struct Cluster {
    dir: std::path::PathBuf,
    admin: String,
}

impl Cluster {
    /// A new cluster in a temporary directory named after `what`.
    pub fn start(what: &str) -> Cluster {
        let dir = std::env::temp_dir().join(format!("umbral-{what}-pg-{}", std::process::id()));
        let admin = Cluster::pg_sh("start", &dir);
        Cluster { dir, admin }
    }

    /// A new database `name` on it; its URL.
    pub fn database(&self, name: &str) -> String {
        let out = Command::new("psql")
            .args(["-X", "-q", "-d", &self.admin, "-c"])
            .arg(format!("CREATE DATABASE {name}"))
            .output()
            .expect("psql runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        format!("{}/{name}", self.admin.rsplit_once('/').unwrap().0)
    }

    /// PostgreSQL stopped as a power cut would (`pg_ctl stop -m immediate`).
    pub fn crash(&self) {
        Cluster::pg_sh("crash", &self.dir);
    }

    /// Started again after [`Cluster::crash`] (recovery replays the write-ahead log).
    pub fn restart(&self) {
        Cluster::pg_sh("restart", &self.dir);
    }

    fn pg_sh(what: &str, dir: &std::path::Path) -> String {
        let out = Command::new(crate::workspace_root().join("scripts/pg.sh"))
            .arg(what)
            .arg(dir)
            .output()
            .expect("scripts/pg.sh runs");
        assert!(
            out.status.success(),
            "pg.sh {what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(crate::workspace_root().join("scripts/pg.sh"))
            .arg("stop")
            .arg(&self.dir)
            .status();
    }
}
