//! How dates, times and organisations are written on screen.
use shared::api::access::OrganizationSummary;
use shared::date::Date;
use shared::i18n::Locale;

/// Today's date in Eastern time, the reference of the shared date rules (the server
/// uses the same `shared::calendar`).
pub fn today() -> Date {
    shared::calendar::today((js_sys::Date::now() / 1000.0) as u64)
}

/// An instant as every time on screen is written: Eastern time with its zone, in the
/// reader's language ("Sun, Dec 6, 2026, 1:54 PM EST"), whatever the browser's own
/// zone; the server writes its times the same way (`shared::calendar::when`).
pub fn fmt_time(l: Locale, secs: u64) -> String {
    shared::calendar::when(l, secs)
}

/// A date that matters (a due date, a receipt date), with its weekday, from its ISO
/// form; anything else as it came.
pub fn fmt_day(l: Locale, iso: &str) -> String {
    Date::parse(iso).map_or_else(|| iso.to_string(), |d| shared::calendar::long_date(l, d))
}

/// An organisation on one line: name, city and state, masked TIN (its label in the
/// page's language).
pub fn org_line(l: Locale, o: &OrganizationSummary) -> String {
    format!(
        "{} · {}, {} · {}",
        o.legal_name,
        o.city,
        o.state,
        crate::i18n::t1(l, "org-tin", "tin", o.tin_masked.clone())
    )
}
