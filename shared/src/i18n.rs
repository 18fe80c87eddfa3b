//! Message lookup over `locales/{en,es}/*.ftl` (Fluent). The catalogs are compiled
//! in, so the SPA and the server show the same words for the same rule codes.
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

/// Arguments to a message with placeables.
pub type Args<'a> = FluentArgs<'a>;
use serde::{Deserialize, Serialize};

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

    fn sources(self) -> &'static [&'static str] {
        match self {
            Locale::En => &[include_str!("../locales/en/main.ftl")],
            Locale::Es => &[include_str!("../locales/es/main.ftl")],
        }
    }
}

/// Both languages' bundles, built once.
pub struct Catalog {
    en: FluentBundle<FluentResource>,
    es: FluentBundle<FluentResource>,
}

fn bundle(locale: Locale) -> FluentBundle<FluentResource> {
    let lang = match locale {
        Locale::En => unic_langid::langid!("en-US"),
        Locale::Es => unic_langid::langid!("es"),
    };
    let mut b = FluentBundle::new_concurrent(vec![lang]);
    // Unicode isolation marks around placeables would show up in inputs and test assertions.
    b.set_use_isolating(false);
    for src in locale.sources() {
        let res = FluentResource::try_new((*src).to_string()).expect("catalog parses (tested)");
        b.add_resource(res).expect("no duplicate keys (tested)");
    }
    b
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            en: bundle(Locale::En),
            es: bundle(Locale::Es),
        }
    }
}

impl Catalog {
    fn get(&self, l: Locale) -> &FluentBundle<FluentResource> {
        match l {
            Locale::En => &self.en,
            Locale::Es => &self.es,
        }
    }

    pub fn has(&self, l: Locale, key: &str) -> bool {
        self.get(l).has_message(key)
    }

    /// The message `key` in `l`; a missing key shows the key itself (and a test forbids that).
    pub fn text(&self, l: Locale, key: &str) -> String {
        self.format(l, key, None)
    }

    pub fn format(&self, l: Locale, key: &str, args: Option<&FluentArgs>) -> String {
        let b = self.get(l);
        let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut errors = vec![];
        b.format_pattern(pattern, args, &mut errors).into_owned()
    }

    /// A message with named string arguments.
    pub fn with(&self, l: Locale, key: &str, values: &[(&str, String)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(name.to_string(), value.clone());
        }
        self.format(l, key, Some(&args))
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
        l.sources()
            .iter()
            .flat_map(|src| {
                let res = FluentResource::try_new((*src).to_string()).expect("parses");
                res.entries()
                    .filter_map(|e| match e {
                        fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::password::PasswordRule;
    use crate::validate::user_id::UserIdRule;
    use crate::validate::RuleCode;

    #[test]
    fn catalogs_parse_without_errors() {
        for l in Locale::ALL {
            for src in l.sources() {
                if let Err((_, errs)) = FluentResource::try_new((*src).to_string()) {
                    panic!("{l:?}: {errs:?}");
                }
            }
        }
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
        ];
        let c = Catalog::default();
        let untranslated: Vec<_> = Catalog::keys(Locale::En)
            .into_iter()
            .filter(|k| !same_ok.contains(&k.as_str()) && !k.starts_with("state-"))
            .filter(|k| c.text(Locale::En, k) == c.text(Locale::Es, k))
            .collect();
        assert!(untranslated.is_empty(), "{untranslated:?}");
    }

    #[test]
    fn every_rule_code_has_a_message() {
        let c = Catalog::default();
        for l in Locale::ALL {
            for r in UserIdRule::ALL {
                assert!(
                    c.has(l, &format!("user_id-{}", r.code())),
                    "{l:?} user_id {r:?}"
                );
            }
            for r in PasswordRule::LIVE
                .into_iter()
                .chain([PasswordRule::Reused, PasswordRule::ChangedTooRecently])
            {
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
