//! A postal address, as registration, organisations and forms all carry it, with its
//! one validation.
use super::error::FieldErrors;
use crate::validate::contact;
use crate::validate::fields::put;
use serde::{Deserialize, Serialize};

pub const ADDRESS_MAX: usize = 100;
pub const CITY_MAX: usize = 50;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Address {
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    pub city: String,
    pub state: String,
    pub zip: String,
}

impl Address {
    /// As stored: every part trimmed, an empty second line dropped.
    pub fn trimmed(&self) -> Address {
        Address {
            line1: self.line1.trim().to_string(),
            line2: self
                .line2
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            city: self.city.trim().to_string(),
            state: self.state.trim().to_string(),
            zip: self.zip.trim().to_string(),
        }
    }
}

/// Address fields, validated under `prefix` (`address.`).
pub fn validate_address(e: &mut FieldErrors, prefix: &str, a: &Address) {
    put(
        e,
        &format!("{prefix}line1"),
        contact::text(&a.line1, ADDRESS_MAX),
    );
    put(
        e,
        &format!("{prefix}line2"),
        contact::optional_text(a.line2.as_deref().unwrap_or(""), ADDRESS_MAX),
    );
    put(
        e,
        &format!("{prefix}city"),
        contact::text(&a.city, CITY_MAX),
    );
    put(e, &format!("{prefix}state"), contact::state(&a.state));
    put(e, &format!("{prefix}zip"), contact::zip(&a.zip));
}
