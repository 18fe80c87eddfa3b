//! Message lookup over `locales/{en,es}/*.ftl` (Fluent syntax), so the SPA and the server
//! show the same words for the same rule codes. `build.rs` compiles the catalogs into the
//! strings below at build time: no Fluent parser or resolver ships in the SPA or the server,
//! and nothing is parsed when a page loads. The `.ftl` files stay the one source.
use serde::{Deserialize, Serialize};

use std::sync::OnceLock;

/// Each language's messages as one string (see `build.rs`): `key US pattern RS`, sorted by
/// key, a variable in a pattern written `GS name GS`.
mod compiled {
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}
const US: char = '\u{1f}';
const RS: char = '\u{1e}';
const GS: char = '\u{1d}';

/// A language's `(key, pattern)` pairs, sorted by key, found once.
fn split(table: &'static str) -> Vec<(&'static str, &'static str)> {
    table
        .split_terminator(RS)
        .filter_map(|record| record.split_once(US))
        .collect()
}

/// The parts of a pattern: text at even places, variable names at odd ones.
fn parts(pattern: &'static str) -> impl Iterator<Item = (bool, &'static str)> {
    pattern.split(GS).enumerate().map(|(i, p)| (i % 2 == 1, p))
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Es,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Es];

    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "es" => Some(Locale::Es),
            _ => None,
        }
    }

    /// The best supported locale for an `Accept-Language` header, by q-value.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(f32, Locale)> = None;
        for item in accept_language.split(',') {
            let mut it = item.split(';');
            let tag = it.next().unwrap_or("");
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(l) = Locale::from_tag(tag) {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, l));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    /// The messages of a locale, sorted by key: the front module's, and the rest when
    /// a module's `catalog_for_*` was called first.
    fn table(self) -> &'static [(&'static str, &'static str)] {
        static EN: OnceLock<Vec<(&str, &str)>> = OnceLock::new();
        static ES: OnceLock<Vec<(&str, &str)>> = OnceLock::new();
        let (cell, own, rest) = match self {
            Locale::En => (&EN, compiled::EN, REST.get().map(|r| r[0])),
            Locale::Es => (&ES, compiled::ES, REST.get().map(|r| r[1])),
        };
        cell.get_or_init(|| {
            let mut v = split(own);
            if let Some(rest) = rest {
                v.extend(split(rest));
                v.sort_unstable_by_key(|(k, _)| *k);
            }
            v
        })
    }
}

/// The messages no front-module screen shows (in the SPA; the server's build has them
/// all in the main tables), once a module's `catalog_for_*` adds them.
static REST: OnceLock<[&'static str; 2]> = OnceLock::new();

/// Adds the messages of the public module's screens to the catalog (its first thing).
/// Each module other than the front one calls its own function, so it links only its
/// own table; the front module (the site's first load) calls none (its 200 KiB budget).
pub fn catalog_for_public() {
    let _ = REST.set([compiled::EN_REST_PUBLIC, compiled::ES_REST_PUBLIC]);
}

/// Adds the messages of a signed-in person's screens to the catalog.
pub fn catalog_for_account() {
    let _ = REST.set([compiled::EN_REST_ACCOUNT, compiled::ES_REST_ACCOUNT]);
}

/// Adds the messages of the help desk's console to the catalog.
pub fn catalog_for_help_desk() {
    let _ = REST.set([compiled::EN_REST_HELP_DESK, compiled::ES_REST_HELP_DESK]);
}

/// Both languages' messages (compiled in; building one costs nothing).
#[derive(Default)]
pub struct Catalog;

impl Catalog {
    fn get(&self, l: Locale, key: &str) -> Option<&'static str> {
        let table = l.table();
        table
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .ok()
            .map(|i| table[i].1)
    }

    pub fn has(&self, l: Locale, key: &str) -> bool {
        self.get(l, key).is_some()
    }

    /// The message `key` in `l`; a missing key shows the key itself (and a test forbids that).
    pub fn text(&self, l: Locale, key: &str) -> String {
        self.with(l, key, &[])
    }

    /// A message with named string arguments. A variable with no value shows as
    /// `{$name}`, as Fluent shows it.
    pub fn with(&self, l: Locale, key: &str, values: &[(&str, String)]) -> String {
        let Some(pattern) = self.get(l, key) else {
            return key.to_string();
        };
        let mut out = String::new();
        for (variable, part) in parts(pattern) {
            if !variable {
                out.push_str(part);
            } else if let Some((_, v)) = values.iter().find(|(n, _)| *n == part) {
                out.push_str(v);
            } else {
                out.push_str("{$");
                out.push_str(part);
                out.push('}');
            }
        }
        out
    }

    /// The message for a rule `code` of a field kind, e.g. `("password", "too_short")`.
    pub fn rule(&self, l: Locale, kind: &str, code: &str) -> String {
        let specific = format!("{kind}-{code}");
        if self.has(l, &specific) {
            self.text(l, &specific)
        } else {
            self.text(l, &format!("field-{code}"))
        }
    }

    /// Every message key of a locale, for the catalogs' own tests.
    pub fn keys(l: Locale) -> Vec<String> {
        l.table().iter().map(|(k, _)| k.to_string()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::password::PasswordRule;
    use crate::validate::user_id::UserIdRule;
    use crate::validate::RuleCode;

    /// The compiled tables read exactly as the Fluent resolver reads the `.ftl` files
    /// (isolation marks off), every message of both languages, with every variable set.
    #[test]
    fn the_compiled_catalog_reads_as_fluent_does() {
        use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
        let c = Catalog;
        let mut with_vars = 0;
        for (l, src, lang) in [
            (Locale::En, include_str!("../locales/en/main.ftl"), "en-US"),
            (Locale::Es, include_str!("../locales/es/main.ftl"), "es"),
        ] {
            let mut b = FluentBundle::new(vec![lang.parse().unwrap()]);
            b.set_use_isolating(false);
            b.add_resource(FluentResource::try_new(src.to_string()).unwrap())
                .unwrap();
            let keys = Catalog::keys(l);
            assert!(keys.len() > 500, "{}", keys.len());
            for key in keys {
                let pattern = b.get_message(&key).unwrap().value().unwrap();
                let names: Vec<&str> = parts(c.get(l, &key).unwrap())
                    .filter(|(variable, _)| *variable)
                    .map(|(_, name)| name)
                    .collect();
                let values: Vec<(&str, String)> =
                    names.iter().map(|n| (*n, format!("<{n} value>"))).collect();
                let mut args = FluentArgs::new();
                for (n, v) in &values {
                    args.set(*n, v.clone());
                }
                with_vars += usize::from(!values.is_empty());
                let mut errors = vec![];
                let fluent = b.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{l:?} {key}: {errors:?}");
                assert_eq!(c.with(l, &key, &values), fluent, "{l:?} {key}");
                if values.is_empty() {
                    assert_eq!(c.text(l, &key), fluent, "{l:?} {key}");
                }
            }
        }
        assert!(with_vars > 20, "{with_vars}");
        assert_eq!(c.with(Locale::En, "nope-nope", &[]), "nope-nope");
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let mut en = Catalog::keys(Locale::En);
        let mut es = Catalog::keys(Locale::Es);
        en.sort();
        es.sort();
        let missing_es: Vec<_> = en.iter().filter(|k| !es.contains(k)).collect();
        let missing_en: Vec<_> = es.iter().filter(|k| !en.contains(k)).collect();
        assert!(
            missing_es.is_empty() && missing_en.is_empty(),
            "es lacks {missing_es:?}; en lacks {missing_en:?}"
        );
    }

    /// Every key the SPA names literally (`t(l, "…")`, `t1(l, "…", …)`,
    /// `targs(l, "…", …)`) is in the catalogue: a typo would show the key itself.
    #[test]
    fn every_key_the_spa_names_exists() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = vec![];
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src"),
            &mut files,
        );
        assert!(files.len() > 20);
        let keys = Catalog::keys(Locale::En);
        let mut missing = vec![];
        let mut seen = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for call in ["t(l, \"", "t1(l, \"", "targs(l, \""] {
                for (i, _) in text.match_indices(call) {
                    let before = text[..i].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' {
                        continue;
                    }
                    let rest = &text[i + call.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    seen += 1;
                    if !keys.iter().any(|k| k == key) {
                        missing.push(format!("{}: {key}", f.display()));
                    }
                }
            }
        }
        assert!(seen > 200, "{seen}");
        assert!(missing.is_empty(), "{missing:#?}");
    }

    /// The runs of 8 words of `text` (ASCII letters and digits, lower case, anything
    /// else a separator) and their fingerprints, as `scripts/source-shingles.py` makes
    /// them: the first 12 hex digits of their SHA-256.
    fn wording_prints(text: &str) -> Vec<(String, String)> {
        use sha2::Digest;
        let words: Vec<String> = text
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect::<String>()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        words
            .windows(8)
            .map(|w| {
                let run = w.join(" ");
                let hash = sha2::Sha256::digest(run.as_bytes());
                let hex: String = hash.iter().take(6).map(|b| format!("{b:02x}")).collect();
                (run, hex)
            })
            .collect()
    }

    /// The sources' facts carry over, their wording does not: no run of 8 words of any
    /// message, in either language, is one of the source documents' (whose fingerprints,
    /// not words, are in `shared/data/source-shingles.txt`). The canary phrase proves
    /// the words are cut and hashed as the script does.
    #[test]
    fn no_message_repeats_the_sources_wording() {
        let prints: std::collections::HashSet<&str> = include_str!("../data/source-shingles.txt")
            .lines()
            .collect();
        assert!(prints.len() > 1000, "the fingerprints are missing");
        let canary = wording_prints("The quick brown fox jumps over the lazy dog.");
        assert!(canary.iter().all(|(_, h)| prints.contains(h.as_str())));
        let c = Catalog;
        let mut found = vec![];
        for l in Locale::ALL {
            for k in Catalog::keys(l) {
                if let Some((run, _)) = wording_prints(&c.text(l, &k))
                    .into_iter()
                    .find(|(_, h)| prints.contains(h.as_str()))
                {
                    found.push(format!("{k} ({}): \"…{run}…\"", l.tag()));
                }
            }
        }
        assert!(
            found.is_empty(),
            "messages in the sources' words: {found:#?}"
        );
    }

    #[test]
    fn spanish_is_really_translated() {
        // A key left in English in the Spanish file is a missing translation. A few
        // strings are the same in both languages by nature (names, codes).
        let same_ok = [
            "app-name",
            "lang-en",
            "lang-es",
            "text-size-small",
            "text-size-medium",
            "text-size-large",
            // "TIN" in both (the Spanish review's one term for the number).
            "org-tin",
        ];
        let c = Catalog;
        let untranslated: Vec<_> = Catalog::keys(Locale::En)
            .into_iter()
            .filter(|k| !same_ok.contains(&k.as_str()) && !k.starts_with("state-"))
            .filter(|k| c.text(Locale::En, k) == c.text(Locale::Es, k))
            .collect();
        assert!(untranslated.is_empty(), "{untranslated:?}");
    }

    #[test]
    fn every_rule_code_has_a_message() {
        let c = Catalog;
        for l in Locale::ALL {
            for r in UserIdRule::ALL {
                assert!(
                    c.has(l, &format!("user_id-{}", r.code())),
                    "{l:?} user_id {r:?}"
                );
            }
            for r in PasswordRule::LIVE.into_iter().chain([
                PasswordRule::Reused,
                PasswordRule::ChangedTooRecently,
                PasswordRule::Common,
            ]) {
                assert!(
                    c.has(l, &format!("password-{}", r.code())),
                    "{l:?} password {r:?}"
                );
            }
            for code in [
                "required",
                "invalid",
                "in_future",
                "too_young",
                "too_old",
                "taken",
                "mismatch",
            ] {
                assert!(c.has(l, &format!("field-{code}")), "{l:?} field {code}");
            }
            for q in crate::api::security_question::CODES {
                assert!(c.has(l, &format!("sq-{q}")), "{l:?} sq {q}");
            }
            for e in crate::api::error::ErrorCode::ALL {
                assert!(c.has(l, &e.message_key()), "{l:?} error {e}");
            }
        }
    }

    #[test]
    fn negotiates_accept_language() {
        assert_eq!(Locale::negotiate("es-PR,es;q=0.9,en;q=0.8"), Locale::Es);
        assert_eq!(Locale::negotiate("fr, en;q=0.5, es;q=0.7"), Locale::Es);
        assert_eq!(Locale::negotiate("de"), Locale::En);
        assert_eq!(Locale::negotiate(""), Locale::En);
    }
}
