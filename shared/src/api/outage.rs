//! Scheduled outages: `/api/v1/admin/outages` (the help desk) and the command line
//! (`umbral admin outage ...`, for when the portal itself is down). Source `003_…`:
//! besides the weekly window, the status page lists every other planned maintenance
//! that keeps people from logging in. Start and end are typed in Eastern time and stored as instants.
use super::error::FieldErrors;
use crate::validate::contact::{self, FieldRule};
use crate::validate::fields::put;
use serde::{Deserialize, Serialize};

/// Longest outage message, per language.
pub const MESSAGE_MAX: usize = 500;

/// `YYYY-MM-DD HH:MM` in Eastern time -> the instant.
pub fn parse_et(s: &str) -> Option<u64> {
    let (d, t) = s.trim().split_once(' ')?;
    let date = crate::date::Date::parse(d.trim())?;
    let (h, m) = t.trim().split_once(':')?;
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && m.to_string().len() <= 2).then(|| crate::calendar::instant(date, h, m))
}

/// `POST /api/v1/admin/outages` and `PUT /api/v1/admin/outages/{id}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OutageInput {
    /// `YYYY-MM-DD HH:MM`, Eastern time.
    pub start: String,
    pub end: String,
    /// Some of `login`, `portal`, `email`, `sms`, `voice`, `authenticator` (Umbral's),
    /// and the ids of the catalogue's applications (closing signing in to that
    /// application and its forms, not Umbral).
    pub components: Vec<String>,
    pub message_en: String,
    pub message_es: String,
    /// The components work, slowly or in part: the status shows them degraded with the
    /// message, and nothing is closed (login stays open, devices stay usable).
    pub degraded: bool,
}

impl OutageInput {
    /// The start and end instants, and every rule broken: `start`/`end` `required` or
    /// `invalid`, `end` `before_start`, `components` `required` or `invalid`, each
    /// message `required` (both languages) or too long. `applications` are the ids of
    /// the catalogue's applications, which are components too.
    pub fn validate(&self, applications: &[&str]) -> Result<(u64, u64), FieldErrors> {
        let mut e = FieldErrors::new();
        let when = |s: &str| {
            if s.trim().is_empty() {
                Err(FieldRule::Required)
            } else {
                parse_et(s).ok_or(FieldRule::Invalid)
            }
        };
        let start = when(&self.start);
        let end = when(&self.end);
        put(&mut e, "start", start.map(|_| ()));
        put(&mut e, "end", end.map(|_| ()));
        if let (Ok(s), Ok(t)) = (start, end) {
            if t <= s {
                e.insert("end".into(), vec!["before_start".into()]);
            }
        }
        if self.components.is_empty() {
            put(&mut e, "components", Err(FieldRule::Required));
        } else if self.components.iter().any(|c| {
            !(super::status::COMPONENTS.contains(&c.as_str()) || applications.contains(&c.as_str()))
        }) {
            put(&mut e, "components", Err(FieldRule::Invalid));
        }
        put(
            &mut e,
            "message_en",
            contact::text(&self.message_en, MESSAGE_MAX),
        );
        put(
            &mut e,
            "message_es",
            contact::text(&self.message_es, MESSAGE_MAX),
        );
        match (start, end) {
            (Ok(s), Ok(t)) if e.is_empty() => Ok((s, t)),
            _ => Err(e),
        }
    }
}

pub use super::status::OutageView;

#[cfg(test)]
mod tests {
    use super::*;

    fn input(start: &str, end: &str) -> OutageInput {
        OutageInput {
            start: start.into(),
            end: end.into(),
            components: vec!["email".into()],
            message_en: "Email codes are unavailable.".into(),
            message_es: "Los códigos por correo no están disponibles.".into(),
            degraded: false,
        }
    }

    #[test]
    fn an_outage_is_typed_in_eastern_time_and_checked() {
        // The source's example: Friday 2 September 21:00 ET to Tuesday 6 September 07:00 ET.
        let (s, e) = input("2022-09-02 21:00", "2022-09-06 07:00")
            .validate(&["spot"])
            .unwrap();
        assert_eq!(crate::calendar::eastern(s).label(), "2022-09-02 21:00 EDT");
        assert_eq!(e - s, (3 * 24 + 10) * 3600);
        let err = input("2022-09-06 07:00", "2022-09-02 21:00")
            .validate(&["spot"])
            .unwrap_err();
        assert_eq!(err["end"], vec!["before_start".to_string()]);
        let mut bad = input("tomorrow", "");
        bad.components = vec!["fax".into()];
        bad.message_es.clear();
        let err = bad.validate(&["spot"]).unwrap_err();
        assert_eq!(err["start"], vec!["invalid".to_string()]);
        assert_eq!(err["end"], vec!["required".to_string()]);
        assert_eq!(err["components"], vec!["invalid".to_string()]);
        assert_eq!(err["message_es"], vec!["required".to_string()]);
        // An application of the catalogue is a component; one it does not have is not.
        let mut app = input("2022-09-02 21:00", "2022-09-03 01:00");
        app.components = vec!["spot".into(), "login".into()];
        assert!(app.validate(&["spot"]).is_ok());
        assert_eq!(
            app.validate(&[]).unwrap_err()["components"],
            vec!["invalid".to_string()]
        );
    }
}
