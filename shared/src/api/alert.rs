//! Urgent alerts: `/api/v1/admin/alerts` (the help desk posts, lists and ends them),
//! their place on the public status page and in the banner, and the one-click
//! unsubscribe (`POST /api/v1/alerts/subscription`) of the link in every alert email.
//!
//! An alert is emailed to every active account in its language, in the background; the
//! console shows the progress. Unsubscribing stops alert emails, never security emails
//! (codes, resets, changes to the account).
use super::error::FieldErrors;
use super::outage::parse_et;
use crate::validate::contact::{self, FieldRule};
use crate::validate::fields::put;
use serde::{Deserialize, Serialize};

/// Longest title, per language.
pub const TITLE_MAX: usize = 120;
/// Longest body, per language.
pub const BODY_MAX: usize = 2000;

/// `POST /api/v1/admin/alerts`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AlertInput {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub title_en: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub title_es: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    pub body_en: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    pub body_es: String,
    /// Optional: `YYYY-MM-DD HH:MM`, Eastern time; empty, the alert shows until ended.
    pub end: String,
    /// Whom it is for (empty lists: everyone): shown first to them, emailed only to
    /// the accounts it matches (and those that have not said).
    pub audience: super::site::Audience,
}

impl AlertInput {
    /// The end instant, if any, and every rule broken: each title and body `required`
    /// (in both languages) or too long, `end` `invalid` or `in_past` (at or before `now`).
    pub fn validate(&self, now: u64) -> Result<Option<u64>, FieldErrors> {
        let mut e = FieldErrors::new();
        put(&mut e, "title_en", contact::text(&self.title_en, TITLE_MAX));
        put(&mut e, "title_es", contact::text(&self.title_es, TITLE_MAX));
        put(&mut e, "body_en", body(&self.body_en));
        put(&mut e, "body_es", body(&self.body_es));
        let end = if self.end.trim().is_empty() {
            None
        } else {
            match parse_et(&self.end) {
                None => {
                    put(&mut e, "end", Err(FieldRule::Invalid));
                    None
                }
                Some(t) if t <= now => {
                    e.insert("end".into(), vec!["in_past".into()]);
                    None
                }
                Some(t) => Some(t),
            }
        };
        if e.is_empty() {
            Ok(end)
        } else {
            Err(e)
        }
    }
}

/// A body may hold line breaks (paragraphs); other control characters are refused.
fn body(s: &str) -> Result<(), FieldRule> {
    let flat: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    contact::text(&flat, BODY_MAX)
}

pub use super::status::AlertView;

/// How far the emailing of an alert has gone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FanOut {
    /// Accounts when the alert was posted.
    pub accounts: u64,
    /// Accounts looked at so far.
    pub done: u64,
    /// Emails queued (each active, subscribed account once).
    pub emailed: u64,
    /// Accounts passed over: unsubscribed, inactive, or not yet verified.
    pub skipped: u64,
    pub finished: bool,
}

/// An alert in the help desk's console: both languages, and the progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertAdminView {
    pub id: String,
    pub title_en: String,
    pub title_es: String,
    pub body_en: String,
    pub body_es: String,
    pub posted_et: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_et: Option<String>,
    /// Showing now (not ended).
    pub current: bool,
    pub posted_by: String,
    pub fan_out: FanOut,
    #[serde(default)]
    pub audience: super::site::Audience,
}

/// `POST /api/v1/alerts/subscription`: the token of the email's link, and whether the
/// account wants alert emails (`false` from the link, `true` to undo).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SubscriptionInput {
    pub token: String,
    pub subscribed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubscriptionResult {
    pub subscribed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AlertInput {
        AlertInput {
            title_en: "Claims portal delays".into(),
            title_es: "Demoras en el portal".into(),
            body_en: "Claim status may be late today.\nWe are working on it.".into(),
            body_es: "El estado de las reclamaciones puede llegar tarde hoy.".into(),
            end: String::new(),
            audience: Default::default(),
        }
    }

    #[test]
    fn an_alert_needs_both_languages_and_a_future_end_if_any() {
        let now = crate::calendar::instant(crate::date::Date::parse("2026-11-23").unwrap(), 9, 0);
        assert_eq!(input().validate(now), Ok(None));
        let mut a = input();
        a.end = "2026-11-23 17:30".into();
        assert_eq!(
            a.validate(now),
            Ok(Some(crate::calendar::instant(
                crate::date::Date::parse("2026-11-23").unwrap(),
                17,
                30
            )))
        );
        a.end = "2026-11-23 08:59".into();
        assert_eq!(a.validate(now).unwrap_err()["end"], vec!["in_past"]);
        a.end = "soon".into();
        a.title_es.clear();
        a.body_en = "x\u{7}".into();
        let e = a.validate(now).unwrap_err();
        assert_eq!(e["end"], vec!["invalid"]);
        assert_eq!(e["title_es"], vec!["required"]);
        assert_eq!(e["body_en"], vec!["invalid"]);
        a = input();
        a.title_en = "x".repeat(TITLE_MAX + 1);
        assert!(a.validate(now).unwrap_err().contains_key("title_en"));
    }
}
