//! `POST /api/v1/registrations`: the three registration steps in one body.
use super::error::FieldErrors;
use crate::date::Date;
use crate::validate::fields::{put, put_all};
use crate::validate::{contact, password, person, user_id};
use serde::{Deserialize, Serialize};

/// Missing fields read as empty, so the server answers `required` for them (422)
/// rather than refusing the whole body; a field of the wrong JSON type is malformed (400).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RegistrationRequest {
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    pub last_name: String,
    pub date_of_birth: String,
    pub email: String,
    pub terms_accepted: bool,
    pub address: Address,
    pub phone: String,
    pub user_id: String,
    pub password: String,
    pub security_question: String,
    pub security_answer: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationCreated {
    pub user_id: String,
}

/// The three steps, as the SPA walks them; each step validates only its own fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Personal,
    Contact,
    Credentials,
}

pub use super::address::{Address, ADDRESS_MAX, CITY_MAX};
pub use super::security_question::ANSWER_MAX;

impl RegistrationRequest {
    /// Every violated rule of the fields of `step`, keyed by field name.
    pub fn validate_step(&self, step: Step, today: Date) -> FieldErrors {
        let mut e = FieldErrors::new();
        match step {
            Step::Personal => {
                put(&mut e, "first_name", person::name(&self.first_name));
                put(
                    &mut e,
                    "middle_name",
                    person::optional_name(self.middle_name.as_deref().unwrap_or("")),
                );
                put(&mut e, "last_name", person::name(&self.last_name));
                put(
                    &mut e,
                    "date_of_birth",
                    person::date_of_birth(&self.date_of_birth, today),
                );
                put(&mut e, "email", contact::email(&self.email));
                if !self.terms_accepted {
                    put(&mut e, "terms_accepted", Err(contact::FieldRule::Required));
                }
            }
            Step::Contact => {
                super::address::validate_address(&mut e, "address.", &self.address);
                put(&mut e, "phone", contact::phone(&self.phone));
            }
            Step::Credentials => {
                put_all(&mut e, "user_id", user_id::validate(&self.user_id));
                put_all(
                    &mut e,
                    "password",
                    password::validate(
                        &self.password,
                        password::Context {
                            user_id: &self.user_id,
                            first_name: &self.first_name,
                            last_name: &self.last_name,
                        },
                    ),
                );
                crate::api::security_question::validate(
                    &mut e,
                    &self.security_question,
                    &self.security_answer,
                );
            }
        }
        e
    }

    /// Every violated rule of every field: what the server answers with 422.
    pub fn validate(&self, today: Date) -> FieldErrors {
        let mut all = FieldErrors::new();
        for step in [Step::Personal, Step::Contact, Step::Credentials] {
            all.extend(self.validate_step(step, today));
        }
        all
    }
}

/// Security answers are compared after trimming, folding case and collapsing inner spaces.
pub fn normalize_answer(a: &str) -> String {
    a.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A registration that passes every rule: the example in docs and the base of tests.
pub fn example() -> RegistrationRequest {
    RegistrationRequest {
        first_name: "Mary".into(),
        middle_name: Some("Beth".into()),
        last_name: "Jones".into(),
        date_of_birth: "1980-04-02".into(),
        email: "mary.jones@example.com".into(),
        terms_accepted: true,
        address: Address {
            line1: "1 Main St".into(),
            line2: None,
            city: "Jacksonville".into(),
            state: "FL".into(),
            zip: "32202".into(),
        },
        phone: "904-555-0123".into(),
        user_id: "mjones80".into(),
        password: "Correct-Horse-7-Battery".into(),
        security_question: "first_pet".into(),
        security_answer: "Rex".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RegistrationRequest {
        example()
    }

    #[test]
    fn a_good_registration_passes() {
        assert!(sample()
            .validate(Date::new(2026, 11, 22).unwrap())
            .is_empty());
    }

    #[test]
    fn every_field_is_reported_with_dotted_names() {
        let mut r = sample();
        r.address.zip = "1".into();
        r.terms_accepted = false;
        r.password = "short".into();
        let e = r.validate(Date::new(2026, 11, 22).unwrap());
        assert_eq!(e["address.zip"], vec!["invalid"]);
        assert_eq!(e["terms_accepted"], vec!["required"]);
        assert!(e["password"].contains(&"too_short".to_string()));
        assert_eq!(e.len(), 3);
    }

    #[test]
    fn json_shape_round_trips() {
        let j = serde_json::to_value(sample()).unwrap();
        assert_eq!(j["address"]["zip"], "32202");
        let back: RegistrationRequest = serde_json::from_value(j).unwrap();
        assert_eq!(back, sample());
    }

    #[test]
    fn answers_normalize() {
        assert_eq!(
            normalize_answer("  Rex   the Dog "),
            normalize_answer("rex THE dog")
        );
    }
}
