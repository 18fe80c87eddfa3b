//! An application's own maintenance (usability walk 3, "where Umbral still differs"):
//! SPOT's Thursday window closes signing in to SPOT and its document form, at the
//! instant of each step, and nothing of Umbral's own.
use super::*;
use crate::domain::auth::AuthError;
use crate::domain::outages::By;
use shared::api::document::SubmissionInput;
use shared::api::outage::OutageInput;
use shared::api::status::ComponentState;

fn submission() -> SubmissionInput {
    SubmissionInput {
        application: "spot".into(),
        organization: "O-1".into(),
        doc_type: "adr_response".into(),
        subject: "ADR response, claim 42".into(),
        reference: "clm-2027-42".into(),
    }
}

fn closed_until(e: &OidcError) -> Option<u64> {
    match e {
        OidcError::Closed(AuthError::ApplicationMaintenance { until, .. }) => Some(*until),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spot_s_weekly_window_closes_signing_in_to_spot_and_its_form_not_umbral() {
    let (_d, mut u) = fixture();
    // Thursday 14 January 2027, 20:59:55 ET: five seconds before SPOT's window.
    let nine = shared::calendar::instant(shared::date::Date::parse("2027-01-14").unwrap(), 21, 0);
    u.clock = crate::clock::Clock::fixed(nine - 5);
    world(&u).await;
    let erin = me(&u, "erin", nine - 5).await;
    let id = u
        .authorize(params("spot-demo"), u.clock.now())
        .await
        .unwrap();
    let view = u
        .sign_in_view(&id, Locale::En, u.clock.now())
        .await
        .unwrap();
    assert_eq!(view.closed_until, None, "open at 20:59:55");
    assert!(u.may_submit(&erin, &submission(), nine - 5).await.is_ok());

    // Ten seconds later the page drawn before still asks, and is refused at its instant.
    u.clock.advance(10);
    let now = nine + 5;
    let e = u
        .complete_sign_in(&erin, &id, u.clock.now())
        .await
        .unwrap_err();
    assert_eq!(closed_until(&e), Some(nine + 2 * 3600), "{e:?}");
    assert_eq!(e.code(), "temporarily_unavailable");
    let view = u
        .sign_in_view(&id, Locale::En, u.clock.now())
        .await
        .unwrap();
    assert_eq!(view.closed_until, Some(nine + 2 * 3600));
    match u.may_submit(&erin, &submission(), now).await {
        Err(crate::domain::access::DomainError::Auth(AuthError::ApplicationMaintenance {
            until,
            ..
        })) => assert_eq!(until, nine + 2 * 3600),
        other => panic!("a document during SPOT's window: {other:?}"),
    }

    // Umbral itself stays open: no maintenance, its login and components available;
    // the status page shows SPOT closed until 23:00 with its window.
    assert_eq!(u.maintenance_at(now).await, None);
    let s = u.status(Locale::Es, now).await;
    assert!(s.available && s.weekly.is_none(), "{s:?}");
    assert!(s
        .components
        .iter()
        .all(|c| c.state == ComponentState::Available));
    let spot = s.application("spot").unwrap();
    assert_eq!(
        (spot.state, spot.until),
        (ComponentState::Unavailable, Some(nine + 2 * 3600))
    );
    assert!(spot.closed() && s.banner());
    let w = spot.weekly.as_ref().unwrap();
    assert_eq!(
        (w.weekday, w.start.as_str(), w.end.as_str()),
        (4, "21:00", "23:00")
    );
    assert_eq!(w.next.start_et, "jue. 21 ene. 2027, 9:00 p. m. EST");
    assert_eq!(
        spot.name,
        "SPOT - Herramienta segura en línea para proveedores"
    );

    // At 23:00 SPOT opens again: a new request gets its code, the form takes documents.
    u.clock.advance(2 * 3600 - 5);
    let id = u
        .authorize(params("spot-demo"), u.clock.now())
        .await
        .unwrap();
    assert!(u.complete_sign_in(&erin, &id, u.clock.now()).await.is_ok());
    assert!(u
        .may_submit(&erin, &submission(), nine + 2 * 3600)
        .await
        .is_ok());
    assert!(!u.status(Locale::En, nine + 2 * 3600).await.banner());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_of_an_application_closes_it_and_a_degraded_one_only_shows() {
    let (_d, u) = fixture();
    world(&u).await;
    let now = u.clock.now();
    let label = |t: u64| shared::calendar::eastern(t).label()[..16].to_string();
    let start = now - now % 60 - 600;
    let outage = |components: Vec<String>, degraded| OutageInput {
        start: label(start),
        end: label(start + 3600),
        components,
        message_en: "SPOT is being upgraded.".into(),
        message_es: "Estamos actualizando SPOT.".into(),
        degraded,
    };
    // The catalogue's applications are components; an unknown id is not.
    let e = u
        .create_outage(By::Operator, outage(vec!["payroll".into()], false), now)
        .await
        .unwrap_err();
    assert!(
        matches!(e, crate::domain::access::DomainError::Invalid(_)),
        "{e:?}"
    );
    let slow = u
        .create_outage(By::Operator, outage(vec!["spot".into()], true), now)
        .await
        .unwrap();
    let erin = me(&u, "erin", now).await;
    assert!(u.may_submit(&erin, &submission(), now).await.is_ok());
    let s = u.status(Locale::En, now).await;
    let spot = s.application("spot").unwrap();
    assert_eq!(spot.state, ComponentState::Degraded);
    assert_eq!(spot.message.as_deref(), Some("SPOT is being upgraded."));
    u.end_outage(By::Operator, &slow.id, now).await.unwrap();

    u.create_outage(By::Operator, outage(vec!["spot".into()], false), now)
        .await
        .unwrap();
    let id = u
        .authorize(params("spot-demo"), u.clock.now())
        .await
        .unwrap();
    let e = u
        .complete_sign_in(&erin, &id, u.clock.now())
        .await
        .unwrap_err();
    assert_eq!(closed_until(&e), Some(start + 3600), "{e:?}");
    assert!(u.may_submit(&erin, &submission(), now).await.is_err());
    // Login stays open: the outage names SPOT only.
    assert_eq!(u.maintenance_at(now).await, None);
    let s = u.status(Locale::Es, now).await;
    assert!(s.available);
    let spot = s.application("spot").unwrap();
    assert_eq!(
        (spot.state, spot.message.as_deref()),
        (
            ComponentState::Unavailable,
            Some("Estamos actualizando SPOT.")
        )
    );
}
