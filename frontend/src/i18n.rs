//! The shared Fluent catalogs, built once per page load.
use shared::i18n::{Catalog, Locale};
use std::sync::OnceLock;

pub fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(Catalog::default)
}

pub fn t(l: Locale, key: &str) -> String {
    catalog().text(l, key)
}

pub fn t1(l: Locale, key: &str, name: &'static str, value: impl Into<String>) -> String {
    targs(l, key, &[(name, value.into())])
}

/// A message with several named arguments.
pub fn targs(l: Locale, key: &str, values: &[(&'static str, String)]) -> String {
    let mut args = shared::i18n::Args::new();
    for (name, value) in values {
        args.set(*name, value.clone());
    }
    catalog().format(l, key, Some(&args))
}
