//! Tests of `access`.
use super::*;

fn today() -> Date {
    Date::new(2026, 11, 23).unwrap()
}

fn form() -> OrganizationFormInput {
    OrganizationFormInput {
        legal_name: "Sunshine Family Practice, P.A.".into(),
        tin: "59-1234567".into(),
        official_name: "Olivia Official".into(),
        official_title: "Practice Administrator".into(),
        official_email: "olivia@sunshine.example".into(),
        approver_name: "Alan Approver".into(),
        approver_email: "alan@sunshine.example".into(),
        signature: "olivia  official".into(),
        signed_on: "2026-11-20".into(),
    }
}

#[test]
fn a_complete_form_passes_and_each_field_is_checked() {
    assert_eq!(form().validate(today()), FieldErrors::new());
    let mut f = form();
    f.signature = "Someone Else".into();
    f.signed_on = "2026-11-24".into();
    f.tin = "12".into();
    f.approver_name = "Alan".into();
    let e = f.validate(today());
    assert_eq!(e["signature"], ["signature_mismatch"]);
    assert_eq!(e["signed_on"], ["in_future"]);
    assert_eq!(e["tin"], ["invalid"]);
    assert_eq!(e["approver_name"], ["invalid"]);
    f.signed_on = "2026-10-01".into();
    assert_eq!(f.validate(today())["signed_on"], ["too_old"]);
    let empty = OrganizationFormInput::default().validate(today());
    assert_eq!(empty.len(), 9);
}

#[test]
fn decisions_need_a_reason_to_deny() {
    let mut d = DecisionInput::new(false, " ".into());
    assert_eq!(d.validate()["reason"], ["required"]);
    d.decision = Decision::Approve;
    assert!(d.validate().is_empty());
    // On the wire: the same words as before, and unknown or missing ones are rules
    // broken (422), not unreadable bodies (400).
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        r#"{"decision":"approve","reason":" "}"#
    );
    let d: DecisionInput = serde_json::from_str(r#"{"decision":"maybe"}"#).unwrap();
    assert_eq!(d.validate()["decision"], ["invalid"]);
    let d: DecisionInput = serde_json::from_str(r#"{"reason":"x"}"#).unwrap();
    assert_eq!(d.validate()["decision"], ["required"]);
}

#[test]
fn identity_retries_need_the_confirmation() {
    let mut i = IdentityInput {
        first_name: "Mary".into(),
        middle_name: Some("Beth".into()),
        last_name: "Jones".into(),
        date_of_birth: "1980-02-29".into(),
        address: Address {
            line1: "1 Main St".into(),
            line2: None,
            city: "Jacksonville".into(),
            state: "FL".into(),
            zip: "32202".into(),
        },
        terms_accepted: true,
        confirmed_contact: false,
    };
    assert!(i.validate(today(), false).is_empty());
    assert_eq!(i.validate(today(), true)["confirmed_contact"], ["required"]);
    i.terms_accepted = false;
    assert_eq!(i.validate(today(), false)["terms_accepted"], ["required"]);
}
