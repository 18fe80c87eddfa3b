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

/// The message for the first rule a field breaks, looked up as `<kind>-<code>`, then
/// `field-<code>`.
pub fn field_error(
    l: Locale,
    errors: &shared::api::error::FieldErrors,
    field: &str,
    kind: &str,
) -> Option<String> {
    errors
        .get(field)
        .and_then(|codes| codes.first())
        .map(|code| catalog().rule(l, kind, code))
}

/// A device as people name it: its label, or its kind; then the masked number.
pub fn device_name(l: Locale, d: &shared::api::auth::DeviceView) -> String {
    let name = if d.label.is_empty() {
        t(l, &format!("device-kind-short-{}", d.kind.code()))
    } else {
        d.label.clone()
    };
    if d.masked.is_empty() {
        name
    } else {
        format!("{name} · {}", d.masked)
    }
}
