//! Security questions offered at registration step 4 ("Select Question and Answer").
use serde::{Deserialize, Serialize};

/// Longest security answer.
pub const ANSWER_MAX: usize = 100;

/// The codes of the questions; their text is in the catalogs under `sq-<code>`.
pub const CODES: &[&str] = &[
    "first_pet",
    "birth_city",
    "first_school",
    "childhood_friend",
    "first_car",
    "mother_maiden",
];

pub fn is_known(code: &str) -> bool {
    CODES.contains(&code)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecurityQuestion {
    pub code: String,
    pub text: String,
}
