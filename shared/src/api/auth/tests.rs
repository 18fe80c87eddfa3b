//! Tests of `auth`.
use super::*;

#[test]
fn codes_are_six_digits_spaces_allowed() {
    assert_eq!(code("123456"), Ok(()));
    assert_eq!(code("123 456"), Ok(()));
    assert_eq!(code(""), Err(contact::FieldRule::Required));
    assert_eq!(code("12345"), Err(contact::FieldRule::Invalid));
    assert_eq!(code("12345a"), Err(contact::FieldRule::Invalid));
    assert_eq!(code("1234567"), Err(contact::FieldRule::Invalid));
    assert_eq!(normalize_code(" 123 456 "), "123456");
}

#[test]
fn new_devices_need_the_right_contact() {
    let mut d = NewDevice {
        kind: "sms".into(),
        ..Default::default()
    };
    assert_eq!(d.validate()["phone"], vec!["required"]);
    d.phone = Some("(813) 555-0100".into());
    assert!(d.validate().is_empty());
    d.kind = "email".into();
    assert_eq!(d.validate()["email"], vec!["required"]);
    d.kind = "pager".into();
    assert_eq!(d.validate()["kind"], vec!["invalid"]);
    d.kind = "authenticator".into();
    d.label = Some("x".repeat(41));
    assert_eq!(d.validate()["label"], vec!["invalid"]);
}

#[test]
fn masks_show_only_the_end() {
    assert_eq!(mask_phone("8135550100"), "(***) ***-0100");
    assert_eq!(mask_email("mary@example.com"), "m***@example.com");
}
