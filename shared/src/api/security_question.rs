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

/// The question (`required`, or `invalid` unless one of [`CODES`]) and its answer
/// (`required`, at most [`ANSWER_MAX`]): registration, account setup and the profile.
pub fn validate(e: &mut super::error::FieldErrors, question: &str, answer: &str) {
    use crate::validate::contact::{self, FieldRule};
    use crate::validate::fields::put;
    if !is_known(question) {
        let rule = if question.is_empty() {
            FieldRule::Required
        } else {
            FieldRule::Invalid
        };
        put(e, "security_question", Err(rule));
    }
    put(e, "security_answer", contact::text(answer, ANSWER_MAX));
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecurityQuestion {
    pub code: String,
    pub text: String,
}
