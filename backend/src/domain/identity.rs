//! Remote identity proofing (approver instructions, steps 11 to 14) behind
//! [`IdentityVerifier`], so a deployment can plug in a real service.
//!
//! Source `002_…`: the person gives their legal name (a two-word first name split over
//! the first and middle name fields), date of birth and current home address, and the
//! verification service compares them with what it holds. The built-in verifier checks
//! exactly those fields
//! against a reference file of identities (`UMBRAL_IDENTITY_FILE`). When they do not
//! match it answers with a review reference number, which the user quotes to the
//! verification service; the retry and manual-verification rules live in
//! `domain::access`.
use serde::Deserialize;
use shared::api::access::IdentityInput;
use shared::validate::organization::name_key;

/// What the verifier concluded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Verified,
    NotVerified { reference: String },
}

pub trait IdentityVerifier: Send + Sync + 'static {
    fn verify(&self, claim: &IdentityInput) -> Verdict;
    /// Whether anything can be verified at all. Without it, proofing goes straight to
    /// the help desk's manual verification instead of failing twice first.
    fn configured(&self) -> bool {
        true
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KnownIdentity {
    pub first_name: String,
    #[serde(default)]
    pub middle_name: String,
    pub last_name: String,
    pub date_of_birth: String,
    pub line1: String,
    pub city: String,
    pub state: String,
    pub zip: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdentityFile {
    #[serde(default, rename = "identity")]
    identities: Vec<KnownIdentity>,
}

/// The built-in verifier over a reference file. With no file, nobody is verified
/// automatically and everyone goes through the help desk's manual verification.
#[derive(Default)]
pub struct ReferenceFileVerifier {
    known: Vec<KnownIdentity>,
}

pub const DEMO_IDENTITIES: &str = include_str!("../../data/demo-identities.toml");

impl ReferenceFileVerifier {
    pub fn parse(text: &str) -> Result<Self, String> {
        let f: IdentityFile = toml::from_str(text).map_err(|e| e.to_string())?;
        Ok(ReferenceFileVerifier {
            known: f.identities,
        })
    }

    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }
}

fn same(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// The first five digits of a ZIP or ZIP+4.
fn zip5(z: &str) -> &str {
    z.trim().get(..5).unwrap_or(z.trim())
}

/// Whether two names are the same name (case, accents, spaces and punctuation aside).
pub fn same_name(a: &str, b: &str) -> bool {
    same(a, b)
}

impl IdentityVerifier for ReferenceFileVerifier {
    fn configured(&self) -> bool {
        !self.is_empty()
    }

    fn verify(&self, c: &IdentityInput) -> Verdict {
        let hit = self.known.iter().any(|k| {
            same(&k.first_name, &c.first_name)
                && same(&k.middle_name, c.middle_name.as_deref().unwrap_or(""))
                && same(&k.last_name, &c.last_name)
                && k.date_of_birth.trim() == c.date_of_birth.trim()
                && same(&k.line1, &c.address.line1)
                && same(&k.city, &c.address.city)
                && k.state.trim().eq_ignore_ascii_case(c.address.state.trim())
                && zip5(&k.zip) == zip5(&c.address.zip)
        });
        if hit {
            Verdict::Verified
        } else {
            Verdict::NotVerified {
                reference: reference_number(),
            }
        }
    }
}

/// `RRN-1234-5678`: ten random digits, quoted to the verification service.
pub fn reference_number() -> String {
    use rand::Rng;
    let mut r = rand::thread_rng();
    format!(
        "RRN-{:04}-{:04}",
        r.gen_range(0..10_000u32),
        r.gen_range(0..10_000u32)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::api::registration::Address;

    fn claim() -> IdentityInput {
        IdentityInput {
            first_name: "Mary".into(),
            middle_name: Some("Beth".into()),
            last_name: "Approver".into(),
            date_of_birth: "1975-04-12".into(),
            address: Address {
                line1: "100 Riverside Ave.".into(),
                line2: None,
                city: "jacksonville".into(),
                state: "fl".into(),
                zip: "32202-1234".into(),
            },
            terms_accepted: true,
            confirmed_contact: false,
        }
    }

    #[test]
    fn matches_every_field_loosely_in_case_and_punctuation_only() {
        let v = ReferenceFileVerifier::parse(
            r#"
            [[identity]]
            first_name = "Mary"
            middle_name = "Beth"
            last_name = "Approver"
            date_of_birth = "1975-04-12"
            line1 = "100 Riverside Ave"
            city = "Jacksonville"
            state = "FL"
            zip = "32202"
        "#,
        )
        .unwrap();
        assert_eq!(v.verify(&claim()), Verdict::Verified);
        for change in [
            |c: &mut IdentityInput| c.middle_name = None,
            |c: &mut IdentityInput| c.first_name = "Mary Beth".into(),
            |c: &mut IdentityInput| c.date_of_birth = "1975-04-13".into(),
            |c: &mut IdentityInput| c.address.line1 = "200 Riverside Ave".into(),
            |c: &mut IdentityInput| c.address.zip = "32203".into(),
        ] {
            let mut c = claim();
            change(&mut c);
            match v.verify(&c) {
                Verdict::NotVerified { reference } => {
                    assert!(reference.starts_with("RRN-") && reference.len() == 13)
                }
                Verdict::Verified => panic!("{c:?} should not verify"),
            }
        }
    }

    #[test]
    fn the_demo_file_parses_and_no_file_verifies_nobody() {
        assert!(!ReferenceFileVerifier::parse(DEMO_IDENTITIES)
            .unwrap()
            .is_empty());
        assert!(matches!(
            ReferenceFileVerifier::default().verify(&claim()),
            Verdict::NotVerified { .. }
        ));
    }
}
