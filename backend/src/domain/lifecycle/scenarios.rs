//! The lifecycle on the demo data, with the clock moved: reminders, expiry,
//! recertification, inactivity and reactivation.
use super::*;
use crate::domain::access::DomainError;
use crate::domain::auth::{AuthError, Authenticated, Session};
use crate::domain::testing::{umbral, T0};
use crate::domain::Umbral;
use crate::store::Store;
use shared::api::auth::LoginRequest;
use shared::api::recert::{RecertDecision, RecertInput, RecertItem};

type U = Umbral;

async fn demo(dir: &std::path::Path) -> U {
    let u = umbral(dir);
    crate::demo::load(&u, dir, T0).await.unwrap();
    u
}

async fn me(u: &U, user_id: &str) -> Authenticated {
    let a = u.store.account(user_id).await.unwrap().unwrap();
    let now = u.clock.now();
    Authenticated {
        session_key: String::new(),
        session: Session {
            account: a.key(),
            created_at: now,
            last_seen: now,
            auth_at: now,
            expires_at: now + 3600,
            generation: a.session_generation,
            mfa: None,
            recovered: false,
        },
        account: a,
    }
}

/// Messages in the outbox whose subject line contains `needle`, to `to`.
fn mails(u: &U, to: &str, needle: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(u.courier.outbox.dir())
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            let name = p.file_name()?.to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None;
            }
            std::fs::read_to_string(&p).ok()
        })
        .filter(|t| t.contains(&format!("To: {to}")))
        .filter(|t| {
            t.lines()
                .find(|l| l.starts_with("Subject:"))
                .is_some_and(|s| decode_subject(s).contains(needle))
        })
        .collect();
    v.sort();
    v
}

/// The subject, decoded from RFC 2047 base64 if it is encoded.
fn decode_subject(line: &str) -> String {
    use base64::Engine;
    let s = line.trim_start_matches("Subject:").trim();
    match s
        .strip_prefix("=?UTF-8?B?")
        .and_then(|x| x.strip_suffix("?="))
    {
        Some(b) => base64::engine::general_purpose::STANDARD
            .decode(b)
            .map(|v| String::from_utf8_lossy(&v).into_owned())
            .unwrap_or_default(),
        None => s.to_string(),
    }
}

/// The due date of the demo's Coquí end users.
async fn coqui_due(u: &U) -> u64 {
    let a = u.store.account("diego.diaz").await.unwrap().unwrap();
    u.policy.due(&a.grants[0])
}

fn set_clock(u: &U, at: u64) {
    let now = u.clock.now();
    assert!(at >= now, "the clock only moves forward");
    u.clock.advance(at - now);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_go_at_30_14_7_and_1_days_once_each_and_stop_after_recertification() {
    let dir = tempfile::tempdir().unwrap();
    let u = demo(dir.path()).await;
    let due = coqui_due(&u).await;
    assert_eq!(
        crate::clock::date_of(due).to_string(),
        crate::clock::date_of(T0 - 330 * DAY + 365 * DAY).to_string()
    );
    // Beatriz writes in Spanish: "Recertificación pendiente".
    let to = "beatriz@coqui-demo.example";
    let subject = "Recertificación pendiente";
    set_clock(&u, due - 30 * DAY - 1);
    assert_eq!(u.recert_pass(u.clock.now()).await.unwrap().reminders, 0);
    let mut expected = 0;
    for k in [30u64, 14, 7, 1] {
        set_clock(&u, due - k * DAY);
        let pass = u.recert_pass(u.clock.now()).await.unwrap();
        expected += 1;
        assert_eq!(
            pass.reminders, 1,
            "one email for the three, {k} days before"
        );
        assert_eq!(u.recert_pass(u.clock.now()).await.unwrap().reminders, 0);
        let all = mails(&u, to, subject);
        assert_eq!(all.len(), expected);
        let last = all
            .iter()
            .find(|m| {
                m.contains(&format!("days left: {k})"))
                    || m.contains(&format!("días restantes: {k})"))
            })
            .expect("this reminder");
        for who in ["lucia.lopez", "pedro.pagan"] {
            assert!(last.contains(who), "{who} listed");
        }
        // Diego is kept 14 days before: not reminded after that.
        assert_eq!(last.contains("diego.diaz"), k >= 14, "{k} days: {last}");
        if k == 14 {
            // Beatriz keeps Diego: he is in no later reminder.
            let r = u
                .recertify(
                    &me(&u, "beatriz.biller").await,
                    RecertInput {
                        items: vec![RecertItem {
                            user_id: "diego.diaz".into(),
                            organization_id: "O-DEMO-COQUI".into(),
                            application: "spot".into(),
                            role: "end_user".into(),
                            decision: RecertDecision::Keep,
                            reason: String::new(),
                        }],
                    },
                    u.clock.now(),
                )
                .await
                .unwrap();
            assert_eq!((r.kept, r.removed), (1, 0));
        }
    }
    // Diego's new due date is a year from the recertification.
    let d = u.store.account("diego.diaz").await.unwrap().unwrap();
    assert!(u.policy.due(&d.grants[0]) > due + 300 * DAY);
}

/// Time boundaries (issue 28): at its due date a role is expired for every rule that
/// reads the date, before the job runs: the approver's list no longer offers it (its
/// keep would answer 404), and the person may ask for it again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_the_due_instant_a_role_is_expired_for_every_rule_before_the_job_runs() {
    let dir = tempfile::tempdir().unwrap();
    let u = demo(dir.path()).await;
    let due = coqui_due(&u).await;
    set_clock(&u, due);
    let beatriz = me(&u, "beatriz.biller").await;
    assert!(u
        .recertifications(&beatriz, Default::default(), u.clock.now())
        .await
        .unwrap()
        .is_empty());
    let lucia = me(&u, "lucia.lopez").await;
    let g = lucia.account.grants[0].clone();
    let keep = RecertInput {
        items: vec![RecertItem {
            user_id: "lucia.lopez".into(),
            application: g.application.clone(),
            role: g.role.clone(),
            organization_id: g.organization.clone(),
            decision: RecertDecision::Keep,
            reason: String::new(),
        }],
    };
    assert!(matches!(
        u.recertify(&beatriz, keep, u.clock.now()).await,
        Err(DomainError::NotFound)
    ));
    let again = shared::api::access::RoleRequestInput {
        application: g.application.clone(),
        role: g.role.clone(),
        organization_id: g.organization.clone(),
        reason: "I still file claims for this office.".into(),
    };
    u.request_role(&lucia, again, u.clock.now())
        .await
        .expect("asking again for an expired role, before the job ran");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_expires_on_its_due_date_and_not_a_second_earlier() {
    let dir = tempfile::tempdir().unwrap();
    let u = demo(dir.path()).await;
    let due = coqui_due(&u).await;
    set_clock(&u, due - 1);
    assert_eq!(u.recert_pass(u.clock.now()).await.unwrap().expired, 0);
    let beatriz = me(&u, "beatriz.biller").await;
    assert_eq!(
        u.recertifications(&beatriz, Default::default(), u.clock.now())
            .await
            .unwrap()
            .len(),
        3
    );
    set_clock(&u, due);
    assert_eq!(u.recert_pass(u.clock.now()).await.unwrap().expired, 3);
    assert_eq!(u.recert_pass(u.clock.now()).await.unwrap().expired, 0);
    let lucia = u.store.account("lucia.lopez").await.unwrap().unwrap();
    assert!(lucia.grants.is_empty());
    assert_eq!(lucia.expired_grants.len(), 1);
    assert!(lucia.expired_grants[0].settled);
    assert_eq!(
        mails(&u, "lucia@coqui-demo.example", "Su rol ha vencido").len(),
        1
    );
    // The trails of the person and of the approver record it.
    for who in ["lucia.lopez", "beatriz.biller"] {
        let key = shared::validate::user_id::canonical(who);
        assert!(u
            .store
            .audit_trail(&key, 50)
            .await
            .unwrap()
            .iter()
            .any(|e| e.event == "role_expired"
                && e.detail.as_deref().unwrap_or("").contains("lucia.lopez")));
    }
    // "My roles" shows it expired.
    let access = u
        .my_access(
            &me(&u, "lucia.lopez").await,
            Default::default(),
            u.clock.now(),
        )
        .await
        .unwrap();
    assert!(access.grants.is_empty());
    assert_eq!(access.expired.len(), 1);
    assert_eq!(access.expired[0].status, GrantStatus::Expired);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approver_removes_with_a_reason_and_cannot_touch_what_is_not_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let u = demo(dir.path()).await;
    set_clock(&u, coqui_due(&u).await - 20 * DAY);
    let item = |who: &str, decision, reason: &str| RecertItem {
        user_id: who.into(),
        organization_id: "O-DEMO-COQUI".into(),
        application: "spot".into(),
        role: "end_user".into(),
        decision,
        reason: reason.into(),
    };
    let beatriz = me(&u, "beatriz.biller").await;
    // A removal without its reason changes nothing.
    let bad = u
        .recertify(
            &beatriz,
            RecertInput {
                items: vec![
                    item("diego.diaz", RecertDecision::Keep, ""),
                    item("pedro.pagan", RecertDecision::Remove, " "),
                ],
            },
            u.clock.now(),
        )
        .await;
    assert!(matches!(bad, Err(DomainError::Invalid(e)) if e.contains_key("items.1.reason")));
    // Alan approves for Sunshine, not Coquí: not found, nothing changes.
    let alan = me(&u, "alan.approver").await;
    let other = u
        .recertify(
            &alan,
            RecertInput {
                items: vec![item("diego.diaz", RecertDecision::Remove, "no")],
            },
            u.clock.now(),
        )
        .await;
    assert!(matches!(other, Err(DomainError::NotFound)));
    assert_eq!(
        u.store
            .account("diego.diaz")
            .await
            .unwrap()
            .unwrap()
            .grants
            .len(),
        1
    );
    let done = u
        .recertify(
            &beatriz,
            RecertInput {
                items: vec![
                    item("diego.diaz", RecertDecision::Keep, ""),
                    item("lucia.lopez", RecertDecision::Keep, ""),
                    item("pedro.pagan", RecertDecision::Remove, "Ya no trabaja aquí"),
                ],
            },
            u.clock.now(),
        )
        .await
        .unwrap();
    assert_eq!((done.kept, done.removed), (2, 1));
    assert!(u
        .recertifications(&beatriz, Default::default(), u.clock.now())
        .await
        .unwrap()
        .is_empty());
    let pedro = mails(&u, "pedro@coqui-demo.example", "Se retiró su rol");
    assert_eq!(pedro.len(), 1);
    assert!(pedro[0].contains("Ya no trabaja aqu"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_approver_expiring_flags_the_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let u = demo(dir.path()).await;
    let hd = me(&u, "helpdesk.demo").await;
    assert!(u.orphaned(&hd).await.unwrap().is_empty());
    let alan = u.store.account("alan.approver").await.unwrap().unwrap();
    set_clock(&u, u.policy.due(&alan.grants[0]));
    u.recert_pass(u.clock.now()).await.unwrap();
    let flagged: Vec<String> = u
        .orphaned(&hd)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    assert!(
        flagged.contains(&"O-DEMO-SUNSHINE".to_string()),
        "{flagged:?}"
    );
}

async fn login(u: &U, user_id: &str) -> Result<(), AuthError> {
    let pw = std::fs::read_to_string(u.courier.outbox.dir().join("../demo-accounts.txt"))
        .unwrap()
        .lines()
        .find(|l| l.trim_start().starts_with(user_id))
        .and_then(|l| l.split_whitespace().nth(2).map(str::to_string))
        .unwrap();
    u.login(
        LoginRequest {
            user_id: user_id.into(),
            password: pw,
        },
        u.clock.now(),
    )
    .await
    .map(|_| ())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inactivity_comes_at_30_days_not_29_with_one_warning_and_a_reset_lifts_it() {
    let dir = tempfile::tempdir().unwrap();
    let u = demo(dir.path()).await;
    let to = "erin@sunshine-demo.example";
    set_clock(&u, T0 + 23 * DAY - 1);
    assert_eq!(u.inactivity_pass(u.clock.now()).await.unwrap().warned, 0);
    set_clock(&u, T0 + 23 * DAY);
    let p = u.inactivity_pass(u.clock.now()).await.unwrap();
    assert!(p.warned >= 1);
    assert_eq!(u.inactivity_pass(u.clock.now()).await.unwrap().warned, 0);
    assert_eq!(mails(&u, to, "Log in to keep").len(), 1);
    set_clock(&u, T0 + 30 * DAY - 1);
    assert_eq!(u.inactivity_pass(u.clock.now()).await.unwrap().marked, 0);
    set_clock(&u, T0 + 30 * DAY);
    // The job has not run: the login checks the rule itself. A wrong password still
    // says only that the credentials are wrong.
    assert!(matches!(
        u.login(
            LoginRequest {
                user_id: "erin.enduser".into(),
                password: "Wrong-Password-1".into()
            },
            u.clock.now()
        )
        .await,
        Err(AuthError::InvalidCredentials)
    ));
    assert!(matches!(
        login(&u, "erin.enduser").await,
        Err(AuthError::Inactive)
    ));
    assert!(u
        .store
        .account("erin.enduser")
        .await
        .unwrap()
        .unwrap()
        .inactive_at
        .is_some());
    assert_eq!(mails(&u, to, "is inactive").len(), 1);
    u.inactivity_pass(u.clock.now()).await.unwrap();
    assert_eq!(mails(&u, to, "is inactive").len(), 1, "told once");
    // Help desk reactivates: the password works again (and the passcode is still asked).
    u.reactivate(
        &me(&u, "helpdesk.demo").await,
        "erin.enduser",
        u.clock.now(),
    )
    .await
    .unwrap();
    login(&u, "erin.enduser").await.unwrap();
}
