//! The configuration file (`--config FILE`, `UMBRAL_CONFIG`): TOML whose keys are the
//! long names of the command's flags (`listen = "127.0.0.1:8080"`, `database-url = ...`,
//! `trusted-proxy = ["10.0.0.0/24"]`; `_` may stand for `-`). A setting in the file is
//! the weakest: the environment overrides it and a flag overrides both, so the file is
//! read into the environment variables the command does not already have, before the
//! command line is parsed, and clap does the rest with its one set of rules. A key that
//! names no flag of the command, or a flag with no variable (`--demo`), is refused with
//! the file's name, so a typo never goes unnoticed.
use clap::CommandFactory;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The file named by `--config FILE` / `--config=FILE` on `args`, else `UMBRAL_CONFIG`.
pub fn named(args: &[OsString]) -> Option<PathBuf> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let a = a.to_string_lossy();
        if a == "--config" {
            return it.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--config=") {
            return Some(PathBuf::from(p));
        }
    }
    std::env::var_os("UMBRAL_CONFIG").map(PathBuf::from)
}

/// The environment variables the file at `path` sets for the command `args` runs
/// (`umbral serve ...`, `umbral admin export ...`), by key.
pub fn settings(path: &Path, args: &[OsString]) -> Result<Vec<(String, String)>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the configuration file {}: {e}", path.display()))?;
    #[cfg(unix)]
    if let Ok(m) = std::fs::metadata(path) {
        use std::os::unix::fs::PermissionsExt;
        if m.permissions().mode() & 0o004 != 0 {
            eprintln!(
                "umbral: warning: {} can be read by every user of this machine, and it may hold \
                 the database password: chmod o-r it",
                path.display()
            );
        }
    }
    parse(&text, &path.display().to_string(), args)
}

fn parse(text: &str, name: &str, args: &[OsString]) -> Result<Vec<(String, String)>, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e| format!("the configuration file {name} is not valid TOML: {e}"))?;
    let root = crate::config::Cli::command();
    // The subcommand named on the command line (`serve`, or `admin` then `export`).
    let mut cmd = &root;
    for a in args.iter().skip(1) {
        match cmd.find_subcommand(a) {
            Some(sub) => cmd = sub,
            None => break,
        }
    }
    let serve = root.find_subcommand("serve").expect("umbral serve");
    let mut out = vec![];
    for (key, value) in &table {
        let long = key.replace('_', "-");
        let named = |c: &clap::Command| {
            c.get_arguments()
                .find(|a| a.get_long() == Some(long.as_str()))
                .cloned()
        };
        let Some(arg) = named(cmd) else {
            // One file serves the server and the admin commands: a server's setting is
            // no concern of an admin command.
            if named(serve).is_some() {
                continue;
            }
            return Err(format!(
                "{name}: `{key}` is not a setting of `umbral {}` (see its --help)",
                cmd.get_name()
            ));
        };
        let env = arg
            .get_env()
            .ok_or_else(|| format!("{name}: `{key}` can only be given on the command line"))?;
        let text = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Array(items) => items
                .iter()
                .map(|v| match v {
                    toml::Value::String(s) => Ok(s.clone()),
                    toml::Value::Integer(i) => Ok(i.to_string()),
                    _ => Err(format!(
                        "{name}: `{key}` must be a list of strings or numbers"
                    )),
                })
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
            _ => {
                return Err(format!(
                    "{name}: `{key}` must be a string, number, boolean or list"
                ))
            }
        };
        out.push((env.to_string_lossy().into_owned(), text));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<OsString> {
        s.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn keys_are_the_flags_long_names_and_become_their_variables() {
        let text = r#"
            listen = "0.0.0.0:8080"
            database_url = "postgres://umbral@db/umbral"
            database-pool = 8
            insecure-http = true
            trusted-proxy = ["10.0.0.0/24", "192.0.2.7"]
        "#;
        let got = parse(text, "u.toml", &args("umbral serve --listen 127.0.0.1:1")).unwrap();
        let want = [
            ("UMBRAL_DATABASE_POOL", "8"),
            ("UMBRAL_DATABASE_URL", "postgres://umbral@db/umbral"),
            ("UMBRAL_INSECURE_HTTP", "true"),
            ("UMBRAL_LISTEN", "0.0.0.0:8080"),
            ("UMBRAL_TRUSTED_PROXIES", "10.0.0.0/24,192.0.2.7"),
        ];
        let got: Vec<(&str, &str)> = got.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(got, want);
        // An admin command takes its own flags from the same file, and passes over the
        // server's.
        let got = parse(
            "data-dir = \"/var/lib/umbral\"\nlisten = \"127.0.0.1:8080\"",
            "u.toml",
            &args("umbral admin export"),
        )
        .unwrap();
        assert_eq!(
            got,
            [("UMBRAL_DATA_DIR".to_string(), "/var/lib/umbral".to_string())]
        );
    }

    #[test]
    fn an_unknown_or_command_line_only_key_is_refused_with_the_files_name() {
        let e = parse(
            "lissen = \"x\"",
            "/etc/umbral/umbral.toml",
            &args("umbral serve"),
        )
        .unwrap_err();
        assert!(
            e.contains("/etc/umbral/umbral.toml") && e.contains("lissen"),
            "{e}"
        );
        let e = parse("demo = true", "u.toml", &args("umbral serve")).unwrap_err();
        assert!(e.contains("only be given on the command line"), "{e}");
        let e = parse("listen = [", "u.toml", &args("umbral serve")).unwrap_err();
        assert!(e.contains("not valid TOML"), "{e}");
        assert_eq!(
            named(&args("umbral serve --config /x.toml")),
            Some("/x.toml".into())
        );
        assert_eq!(
            named(&args("umbral serve --config=/y.toml")),
            Some("/y.toml".into())
        );
    }
}
