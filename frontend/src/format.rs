//! How dates, times and organisations are written on screen.
use shared::api::access::OrganizationSummary;
use shared::date::Date;
use shared::i18n::Locale;

/// Today's date in Eastern time, the reference of the shared date rules (the server
/// uses the same `shared::calendar`).
pub fn today() -> Date {
    shared::calendar::today((js_sys::Date::now() / 1000.0) as u64)
}

/// An instant in the browser's time zone, `YYYY-MM-DD HH:MM`.
pub fn fmt_time(secs: u64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
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
