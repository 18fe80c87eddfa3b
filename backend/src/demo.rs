//! `umbral serve --demo`: demo organisations, accounts, a form and requests, so a new
//! user can try every role in minutes. Loaded once into an empty database; the
//! generated passwords and TOTP secrets are written to `<data dir>/demo-accounts.txt`
//! (mode 0600) and printed at every start with `--demo`. Nothing here is a default
//! password: each demo database gets its own random ones.
use crate::crypto::mfa::enrol::base32;
use crate::crypto::secrets;
use crate::domain::access::HELP_DESK;
use crate::domain::Umbral;
use crate::store::Durability;
use crate::store::{
    Account, AccountStatus, Change, Device, Grant, IdentityRecord, Organization, Store, StoreError,
    Table,
};
use shared::api::access::{IdentityStatus, OrganizationFormInput, RoleRequestInput};
use shared::api::auth::{DeviceKind, DeviceStatus};
use shared::api::registration::Address;
use shared::i18n::Locale;
use shared::validate::password;
use std::path::Path;

pub const FILE: &str = "demo-accounts.txt";
const ANSWER: &str = "demo";

struct Person {
    user_id: &'static str,
    first: &'static str,
    last: &'static str,
    email: &'static str,
    locale: Locale,
    help_desk: bool,
    verified: bool,
}

const PEOPLE: &[Person] = &[
    Person {
        user_id: "helpdesk.demo",
        first: "Hana",
        last: "Helper",
        email: "helpdesk@umbral-demo.example",
        locale: Locale::En,
        help_desk: true,
        verified: false,
    },
    Person {
        user_id: "alan.approver",
        first: "Alan",
        last: "Approver",
        email: "alan@sunshine-demo.example",
        locale: Locale::En,
        help_desk: false,
        verified: true,
    },
    Person {
        user_id: "beatriz.biller",
        first: "Beatriz",
        last: "Biller",
        email: "beatriz@coqui-demo.example",
        locale: Locale::Es,
        help_desk: false,
        verified: true,
    },
    Person {
        user_id: "erin.enduser",
        first: "Erin",
        last: "Enduser",
        email: "erin@sunshine-demo.example",
        locale: Locale::En,
        help_desk: false,
        verified: false,
    },
    Person {
        user_id: "carlos.clerk",
        first: "Carlos",
        last: "Clerk",
        email: "carlos@sunshine-demo.example",
        locale: Locale::Es,
        help_desk: false,
        verified: false,
    },
    Person {
        user_id: "diego.diaz",
        first: "Diego",
        last: "Díaz",
        email: "diego@coqui-demo.example",
        locale: Locale::Es,
        help_desk: false,
        verified: false,
    },
    Person {
        user_id: "lucia.lopez",
        first: "Lucía",
        last: "López",
        email: "lucia@coqui-demo.example",
        locale: Locale::Es,
        help_desk: false,
        verified: false,
    },
    Person {
        user_id: "pedro.pagan",
        first: "Pedro",
        last: "Pagán",
        email: "pedro@coqui-demo.example",
        locale: Locale::Es,
        help_desk: false,
        verified: false,
    },
    Person {
        user_id: "mary.jones",
        first: "Mary",
        last: "Jones",
        email: "mary@gulfcoast-demo.example",
        locale: Locale::En,
        help_desk: false,
        verified: false,
    },
];

/// A random password that meets every rule for this person.
fn password_for(p: &Person) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut r = rand::rngs::OsRng;
    loop {
        let tail: String = (0..14)
            .map(|_| ALPHABET[r.gen_range(0..ALPHABET.len())] as char)
            .collect();
        let pw = format!("Kq7-{tail}");
        let ctx = password::Context {
            user_id: p.user_id,
            first_name: p.first,
            last_name: p.last,
        };
        if password::validate(&pw, ctx).is_ok() {
            return pw;
        }
    }
}

fn fl(line1: &str, city: &str, state: &str, zip: &str) -> Address {
    Address {
        line1: line1.into(),
        line2: None,
        city: city.into(),
        state: state.into(),
        zip: zip.into(),
    }
}

/// The demo's end users of Coquí were granted their role this many days before the
/// demo was loaded.
pub const DEMO_ROLE_AGE_DAYS: u64 = 330;

/// The mark `--demo` leaves in a database it created.
const DEMO_MARK: &str = "demo";

/// Loads the demo data unless it is there already; returns the text to print.
///
/// Only into an empty database, or one `--demo` made: demo accounts with printed
/// passwords, a help-desk account among them, must never appear in a database that
/// holds real accounts (F16).
pub async fn load(st: &Umbral, data_dir: &Path, now: u64) -> Result<String, String> {
    let file = data_dir.join(FILE);
    let e = |e: StoreError| e.to_string();
    let marked = st
        .store
        .get::<bool>(Table::Meta, DEMO_MARK)
        .await
        .map_err(e)?
        .unwrap_or(false);
    if !marked {
        let any = st
            .store
            .scan::<serde_json::Value>(Table::Accounts, "", 1)
            .await
            .map_err(e)?;
        if !any.is_empty() {
            return Err(format!(
                "--demo loads demo accounts only into an empty database, and {} already holds accounts; \
                 use another --data-dir for the demo",
                data_dir.display()
            ));
        }
        st.store
            .update::<bool, (), _>(Table::Meta, DEMO_MARK, Durability::Flushed, |_| {
                (Change::Put(true), ())
            })
            .await
            .map_err(e)?;
    }
    if st
        .store
        .account("helpdesk.demo")
        .await
        .map_err(e)?
        .is_some()
    {
        return std::fs::read_to_string(&file).map_err(|err| {
            format!(
                "the demo data exists but {} cannot be read: {err}",
                file.display()
            )
        });
    }
    let mut out = String::from(
        "Umbral demo accounts (passwords and authenticator secrets are random for this database;\n\
         add the secret to any authenticator app, or use `oathtool --totp -b SECRET`).\n\
         Security answer for every account: demo\n\n",
    );
    people(st, now, &mut out).await?;
    organizations(st, now, &mut out).await?;
    due_roles(st, now, &mut out).await?;
    pending_work(st, now, &mut out).await?;
    oidc_clients(st, now, &mut out).await?;
    write_private(&file, &out).map_err(|err| format!("cannot write {}: {err}", file.display()))?;
    Ok(out)
}

/// The demo's people, each with a random password and authenticator secret (printed).
async fn people(st: &Umbral, now: u64, out: &mut String) -> Result<(), String> {
    let e = |e: StoreError| e.to_string();
    let answer_hash = st
        .hasher
        .hash(ANSWER.into())
        .await
        .map_err(|e| e.to_string())?;
    for p in PEOPLE {
        let pw = password_for(p);
        let mut seed = [0u8; 20];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut seed);
        let device_id = secrets::id();
        let aad = secrets::totp_aad(&shared::validate::user_id::canonical(p.user_id), &device_id);
        let account = Account {
            date_of_birth: "1980-01-01".into(),
            address: fl("100 Riverside Ave", "Jacksonville", "FL", "32202"),
            phone: "9045550100".into(),
            password_hash: st
                .hasher
                .hash(pw.clone())
                .await
                .map_err(|e| e.to_string())?,
            security_question: "first_pet".into(),
            security_answer_hash: answer_hash.clone(),
            devices: vec![Device {
                id: device_id,
                kind: DeviceKind::Authenticator,
                label: "Demo app".into(),
                contact: None,
                pending_contact: None,
                sealed_secret: Some(st.keys.seal(&seed, &aad)),
                status: DeviceStatus::Active,
                created_at: now,
                verification: None,
            }],
            roles: if p.help_desk {
                vec![HELP_DESK.into()]
            } else {
                vec![]
            },
            email_verified: true,
            identity: IdentityRecord {
                status: if p.verified {
                    IdentityStatus::Verified
                } else {
                    IdentityStatus::Unverified
                },
                ..Default::default()
            },
            ..Account::new(
                p.user_id,
                p.first,
                p.last,
                p.email,
                p.locale,
                AccountStatus::Active,
                now,
            )
        };
        st.store.create_account(&account).await.map_err(e)?;
        out.push_str(&format!(
            "  {:<16} password {}  authenticator secret {}\n",
            p.user_id,
            pw,
            base32(&seed)
        ));
    }
    Ok(())
}

/// Two active organisations, each with its approver.
async fn organizations(st: &Umbral, now: u64, out: &mut String) -> Result<(), String> {
    let e = |e: StoreError| e.to_string();
    // Two active organisations with their approvers.
    for (id, name, tin, addr, approver, role) in [
        (
            "O-DEMO-SUNSHINE",
            "Sunshine Family Practice, P.A.",
            "591234567",
            fl("200 Bay St", "Jacksonville", "FL", "32202"),
            "alan.approver",
            "provider_office_approver",
        ),
        (
            "O-DEMO-COQUI",
            "Coquí Billing Services LLC",
            "660987654",
            fl("12 Calle Luna", "San Juan", "PR", "00901"),
            "beatriz.biller",
            "business_office_approver",
        ),
    ] {
        let org = Organization {
            id: id.into(),
            legal_name: name.into(),
            tin_sealed: st.keys.seal(tin.as_bytes(), &secrets::tin_aad(id)),
            tin_last4: tin[5..].into(),
            address: addr,
            phone: "9045550199".into(),
            active: false,
            created_by: approver.into(),
            created_at: now,
            submitter_id: None,
        };
        st.store
            .insert_new(Table::Organizations, id, &org)
            .await
            .map_err(e)?;
        st.store
            .insert_new(
                Table::Index,
                &crate::store::index::tin(&crate::store::index::tin_mac(&st.keys, tin)),
                &id.to_string(),
            )
            .await
            .map_err(e)?;
        let grant = Grant {
            application: "spot".into(),
            role: role.into(),
            organization: id.into(),
            granted_at: now,
            source: "demo".into(),
            certified_at: now,
            due_at: st.policy.due_after(now),
            reminded: vec![],
        };
        st.store
            .update::<Account, (), _>(
                Table::Accounts,
                approver,
                Durability::Flushed,
                |a| match a {
                    Some(mut a) => {
                        a.grants.push(grant.clone());
                        (Change::Put(a), ())
                    }
                    None => (Change::Keep, ()),
                },
            )
            .await
            .map_err(e)?;
        st.demo_activate(&org, approver)
            .await
            .map_err(|x| x.to_string())?;
    }
    out.push_str(
        "\n  alan.approver    Provider Office Approver of Sunshine Family Practice, P.A. (FL)\n\
         \x20 beatriz.biller   Business Office Approver of Coquí Billing Services LLC (PR)\n\
         \x20 helpdesk.demo    the help desk: /help-desk\n\
         \x20 erin.enduser     no roles yet: request End User at Sunshine (search \"sunshine\", FL)\n\
         \x20 carlos.clerk     has asked for End User at Sunshine: alan.approver decides it\n",
    );
    Ok(())
}

/// Three end users of Coquí whose roles are due for recertification in about a month.
async fn due_roles(st: &Umbral, now: u64, out: &mut String) -> Result<(), String> {
    // Three end users of Coquí whose roles were granted 330 days ago: due for
    // recertification in about a month, on Beatriz's list.
    let granted = now.saturating_sub(DEMO_ROLE_AGE_DAYS * 86_400);
    for who in ["diego.diaz", "lucia.lopez", "pedro.pagan"] {
        st.grant(
            &shared::validate::user_id::canonical(who),
            "spot",
            "end_user",
            "O-DEMO-COQUI",
            "demo",
            granted,
        )
        .await
        .map_err(|x| x.to_string())?;
    }
    out.push_str(
        "  diego.diaz, lucia.lopez, pedro.pagan  End Users of Coquí due for recertification:\n\
         \x20                  beatriz.biller keeps or removes them on /approvals\n",
    );
    Ok(())
}

/// Work waiting: an end user's request for the approver, an approved organisation form for a new approver, and a form in the help desk's queue.
async fn pending_work(st: &Umbral, now: u64, out: &mut String) -> Result<(), String> {
    let e = |e: StoreError| e.to_string();
    // A pending end-user request for the approver's dashboard.
    let carlos = st
        .store
        .account("carlos.clerk")
        .await
        .map_err(e)?
        .ok_or("carlos")?;
    let auth = crate::domain::auth::Authenticated {
        session_key: String::new(),
        session: crate::domain::auth::Session {
            account: carlos.key(),
            created_at: now,
            last_seen: now,
            auth_at: now,
            expires_at: now,
            generation: 0,
            mfa: None,
            recovered: false,
        },
        account: carlos,
    };
    st.request_role(
        &auth,
        RoleRequestInput {
            application: "spot".into(),
            role: "end_user".into(),
            organization_id: "O-DEMO-SUNSHINE".into(),
            reason: "Front desk: I check claim status for our patients.".into(),
        },
        now,
    )
    .await
    .map_err(|x| x.to_string())?;
    // A new organisation form, already approved, whose submitter ID Mary can use.
    let today = crate::clock::date_of(now);
    let form = OrganizationFormInput {
        legal_name: "Gulf Coast Pediatrics LLC".into(),
        tin: "59-7654321".into(),
        official_name: "Olivia Official".into(),
        official_title: "Managing Partner".into(),
        official_email: "olivia@gulfcoast-demo.example".into(),
        approver_name: "Mary Jones".into(),
        approver_email: "mary@gulfcoast-demo.example".into(),
        signature: "Olivia Official".into(),
        signed_on: format!("{:04}-{:02}-{:02}", today.year, today.month, today.day),
    };
    let receipt = st
        .submit_form(form.clone(), Locale::En, today, now)
        .await
        .map_err(|x| x.to_string())?;
    let hd = st
        .store
        .account("helpdesk.demo")
        .await
        .map_err(e)?
        .ok_or("hd")?;
    let hd_auth = crate::domain::auth::Authenticated {
        session_key: String::new(),
        session: auth.session.clone(),
        account: hd,
    };
    let decided = st
        .decide_form(
            &hd_auth,
            &receipt.reference,
            shared::api::access::DecisionInput::new(true, String::new()),
            now,
        )
        .await
        .map_err(|x| x.to_string())?;
    // And one more form waiting in the help desk's queue.
    st.submit_form(
        OrganizationFormInput {
            legal_name: "Seaside Dental Group".into(),
            tin: "59-1112223".into(),
            official_name: "Sofia Seaside".into(),
            official_email: "sofia@seaside-demo.example".into(),
            signature: "Sofia Seaside".into(),
            approver_name: "Sam Seaside".into(),
            approver_email: "sam@seaside-demo.example".into(),
            ..form
        },
        Locale::En,
        today,
        now,
    )
    .await
    .map_err(|x| x.to_string())?;
    out.push_str(&format!(
        "  mary.jones       new approver: identity Mary Beth Jones, born 1980-02-29, 1 Main St,\n\
         \x20                  Tampa FL 33602; creates Gulf Coast Pediatrics LLC, TIN 59-7654321,\n\
         \x20                  submitter ID {}\n",
        decided.submitter_id.unwrap_or_default()
    ));
    Ok(())
}

/// The demo's two OpenID Connect clients, the confidential one's secret printed.
async fn oidc_clients(st: &Umbral, now: u64, out: &mut String) -> Result<(), String> {
    // Applications signing in through Umbral (OpenID Connect): the demo's two clients.
    if st.apps.client("spot-demo-server").is_some() {
        let secret = st
            .rotate_client_secret("spot-demo-server", "helpdesk.demo", now)
            .await
            .map_err(|x| x.to_string())?;
        let iss = st.issuer();
        out.push_str(&format!(
            "\nSign in to SPOT through Umbral (OpenID Connect; discovery at\n\
             {iss}/.well-known/openid-configuration):\n\
             \x20 spot-demo         public client (PKCE S256), redirect URI http://127.0.0.1:8090/callback\n\
             \x20 spot-demo-server  confidential client, client secret {secret}\n\
             \x20 Try it: python3 scripts/oidc-demo-client.py --issuer {iss} (then open http://127.0.0.1:8090/)\n"
        ));
    }
    Ok(())
}

/// `--demo-bulk-orgs N`: N more active organisations, each with one approver and one
/// end user whose roles were granted [`DEMO_ROLE_AGE_DAYS`] ago, for the lifecycle's
/// load and crash tests (their reminders go out in one pass). Every bulk account has
/// the password `Bulk-Demo-Passw0rd!`; none has a device. Loaded once.
pub async fn load_bulk(st: &Umbral, n: usize, now: u64) -> Result<usize, String> {
    let e = |e: StoreError| e.to_string();
    if n == 0
        || st
            .store
            .account("bulk.approver.0")
            .await
            .map_err(e)?
            .is_some()
    {
        return Ok(0);
    }
    let hash = st
        .hasher
        .hash("Bulk-Demo-Passw0rd!".into())
        .await
        .map_err(|x| x.to_string())?;
    let granted = now.saturating_sub(DEMO_ROLE_AGE_DAYS * 86_400);
    for i in 0..n {
        let id = format!("O-BULK-{i:05}");
        let org = Organization {
            id: id.clone(),
            legal_name: format!("Bulk Clinic {i}"),
            tin_sealed: vec![],
            tin_last4: format!("{:04}", i % 10_000),
            address: fl("1 Bulk Way", "Tampa", "FL", "33602"),
            phone: "8135550100".into(),
            active: true,
            created_by: format!("bulk.approver.{i}"),
            created_at: now,
            submitter_id: None,
        };
        st.store
            .insert_new(Table::Organizations, &id, &org)
            .await
            .map_err(e)?;
        for (who, role, locale) in [
            ("approver", "provider_office_approver", Locale::Es),
            ("user", "end_user", Locale::En),
        ] {
            let user_id = format!("bulk.{who}.{i}");
            let account = Account {
                password_hash: hash.clone(),
                security_question: "first_pet".into(),
                security_answer_hash: hash.clone(),
                email_verified: true,
                ..Account::new(
                    &user_id,
                    "Bulk",
                    &format!("Person{i}"),
                    &format!("{who}{i}@bulk-demo.example"),
                    locale,
                    AccountStatus::Active,
                    now,
                )
            };
            st.store.create_account(&account).await.map_err(e)?;
            st.grant(&account.key(), "spot", role, &id, "demo-bulk", granted)
                .await
                .map_err(|x| x.to_string())?;
        }
    }
    Ok(n)
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let mut f = o.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}
