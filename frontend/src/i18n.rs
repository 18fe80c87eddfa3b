//! The shared catalogs (compiled from the `.ftl` files by `shared`'s build script).
use shared::i18n::{Catalog, Locale};

pub fn catalog() -> &'static Catalog {
    &Catalog
}

pub fn t(l: Locale, key: &str) -> String {
    catalog().text(l, key)
}

pub fn t1(l: Locale, key: &str, name: &'static str, value: impl Into<String>) -> String {
    targs(l, key, &[(name, value.into())])
}

/// A message with several named arguments.
pub fn targs(l: Locale, key: &str, values: &[(&'static str, String)]) -> String {
    catalog().with(l, key, values)
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
