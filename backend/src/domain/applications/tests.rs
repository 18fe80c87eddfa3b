//! The catalogue's parsing and checks.
use super::*;

#[test]
fn the_built_in_catalogue_is_spot_with_three_roles() {
    let c = Applications::default();
    let spot = c.app("spot").unwrap();
    let ids: Vec<_> = spot.roles.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "end_user",
            "provider_office_approver",
            "business_office_approver"
        ]
    );
    assert!(spot.role("provider_office_approver").unwrap().approver);
    assert!(!spot.role("end_user").unwrap().requires_identity);
    let es = c.view(Locale::Es);
    assert_eq!(es[0].roles[0].name, "Usuario final");
    // SPOT is behind the sample licence; the document types are listed.
    let l = c.licence("spot").unwrap();
    assert!(!l.version.is_empty() && l.text.es.contains("licencia"));
    assert!(c.document_type("other").is_some());
}

#[test]
fn bad_catalogues_say_what_to_fix() {
    let no_approver = r#"
        [[application]]
        id = "x"
        name = { en = "X", es = "X" }
        description = { en = "X", es = "X" }
        [[application.role]]
        id = "user"
        name = { en = "User", es = "Usuario" }
        description = { en = "d", es = "d" }
    "#;
    let none = |f: &str| Err(format!("no {f}"));
    assert!(Applications::parse(no_approver, none)
        .unwrap_err()
        .contains("no approver role"));
    assert!(Applications::parse("application = 3", none).is_err());
    let no_spanish = BUILT_IN.replacen("es = \"Usuario final\"", "es = \"\"", 1);
    assert!(
        Applications::parse(&no_spanish, |_| Ok(BUILT_IN_LICENCE.into()))
            .unwrap_err()
            .contains("en and es")
    );
    // The licence file it names must exist and be complete.
    assert_eq!(
        Applications::parse(BUILT_IN, none).unwrap_err(),
        "no sample-licence.toml"
    );
    let unversioned = BUILT_IN_LICENCE.replacen("version = ", "version = \"a b\"\n# ", 1);
    assert!(Applications::parse(BUILT_IN, |_| Ok(unversioned.clone()))
        .unwrap_err()
        .contains("version"));
    let twice = format!(
        "{BUILT_IN}\n[[document_type]]\nid = \"other\"\nname = {{ en = \"O\", es = \"O\" }}\n"
    );
    assert!(Applications::parse(&twice, |_| Ok(BUILT_IN_LICENCE.into()))
        .unwrap_err()
        .contains("document type"));
}

/// Each application has its own weekly window (SPOT's by default, the configured
/// one when it names none, or its own) and its own address; both are checked.
#[test]
fn each_application_has_its_window_and_address() {
    use shared::calendar::WeeklyWindow;
    let lic = |_: &str| Ok(BUILT_IN_LICENCE.to_string());
    let c = Applications::default();
    let spot = c.app("spot").unwrap();
    assert_eq!(spot.weekly, Some(WeeklyWindow::default()));
    assert_eq!(spot.url, None);
    let own = BUILT_IN.replacen(
        "licence = \"sample-licence.toml\"",
        "licence = \"sample-licence.toml\"\nmaintenance = \"sat 22:00-23:30\"\nurl = \"https://spot.example.org/\"",
        1,
    );
    let mut c = Applications::parse(&own, lic).unwrap();
    c.default_weekly(None);
    let spot = c.app("spot").unwrap();
    assert_eq!(spot.weekly, WeeklyWindow::parse("sat 22:00-23:30").unwrap());
    assert_eq!(spot.url.as_deref(), Some("https://spot.example.org/"));
    // With no window of its own, the configured default applies ("off" here).
    let mut c = Applications::default();
    c.default_weekly(None);
    assert_eq!(c.app("spot").unwrap().weekly, None);
    for (bad, says) in [
        ("maintenance = \"thursday evening\"", "maintenance"),
        ("url = \"http://spot.example.org/\"", "url"),
        ("url = \"javascript:alert(1)\"", "url"),
    ] {
        let text = BUILT_IN.replacen(
            "licence = \"sample-licence.toml\"",
            &format!("licence = \"sample-licence.toml\"\n{bad}"),
            1,
        );
        let e = Applications::parse(&text, lic).unwrap_err();
        assert!(e.contains(says), "{bad}: {e}");
    }
    // An id an outage could not tell from one of Umbral's own parts.
    let login = BUILT_IN.replacen("id = \"spot\"", "id = \"login\"", 1);
    assert!(Applications::parse(&login, lic)
        .unwrap_err()
        .contains("Umbral's own components"));
}
