//! The sources' facts carry over, their wording does not (the developers' guide): no run
//! of 8 words in the project's own prose (comments of the Rust code, `docs/`, the README,
//! the help pages, the built-in catalogue) is one of the source documents', by the
//! fingerprints of `shared/data/source-shingles.txt` (`scripts/source-shingles.py`; the
//! catalogue's messages have their own test in `shared`).
use sha2::Digest;
use std::path::{Path, PathBuf};

/// Each word (ASCII letters and digits, lower case) with its line.
fn words(text: &str) -> Vec<(String, usize)> {
    let mut out = vec![];
    for (n, line) in text.lines().enumerate() {
        let clean: String = line
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect();
        out.extend(clean.split_whitespace().map(|w| (w.to_string(), n + 1)));
    }
    out
}

fn print(run: &str) -> String {
    let h = sha2::Sha256::digest(run.as_bytes());
    h.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

fn files(dir: &Path, ext: &[&str], out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p
            .extension()
            .is_some_and(|x| ext.contains(&x.to_str().unwrap_or("")))
        {
            out.push(p);
        }
    }
}

#[test]
fn no_prose_of_the_project_repeats_the_sources_wording() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let prints: std::collections::HashSet<String> =
        std::fs::read_to_string(root.join("shared/data/source-shingles.txt"))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
    assert!(prints.contains(&print("the quick brown fox jumps over the lazy")));
    let mut all = vec![];
    for d in ["shared/src", "backend/src", "frontend/src", "tests"] {
        files(&root.join(d), &["rs"], &mut all);
    }
    files(&root.join("docs"), &["md"], &mut all);
    files(&root.join("frontend/help"), &["html"], &mut all);
    files(&root.join("backend/data"), &["toml"], &mut all);
    all.push(root.join("README.md"));
    assert!(all.len() > 100, "{}", all.len());
    let mut found = vec![];
    for f in &all {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        // In Rust files, the comments only: code and its strings are not prose.
        let text = if f.extension().is_some_and(|x| x == "rs") {
            text.lines()
                .map(|l| {
                    if l.trim_start().starts_with("//") {
                        l
                    } else {
                        ""
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            text
        };
        let w = words(&text);
        for run in w.windows(8) {
            let s: Vec<&str> = run.iter().map(|(x, _)| x.as_str()).collect();
            if prints.contains(&print(&s.join(" "))) {
                found.push(format!(
                    "{}:{}",
                    f.strip_prefix(&root).unwrap_or(f).display(),
                    run[0].1
                ));
                break;
            }
        }
    }
    assert!(found.is_empty(), "in the sources' words: {found:#?}");
}
