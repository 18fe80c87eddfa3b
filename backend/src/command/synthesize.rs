//! `umbral admin synthesize` (hidden; for `scripts/scale.sh`): an export of N made-up
//! accounts shaped like a real installation's, for measuring how Umbral's costs grow
//! with the number of accounts (issue 34). It writes a file and touches no store.
//!
//! The shape: names drawn from common Spanish and English names (so a search for
//! "garcia" finds thousands at a million), 90 % with an authenticator (its seed sealed
//! with the key as the server seals it), the rest with an email-code device; one in 20
//! holding an end-user role for one of N / 1,000 organisations, due across the coming
//! year with the reminders already sent that were due; last logins spread over the last
//! 40 days, so about a quarter are inactive (marked, as the job would have) and the ones
//! about to be are warned; three audit events each. Nothing is due at `now`, so a
//! lifecycle pass over it measures the steady state.
//!
//! One help-desk account, `scale.desk`, logs in with `--desk-password` and the
//! authenticator whose seed is [`DESK_SEED`], so the script can measure the search.
use crate::crypto::secrets::{totp_aad, Keys};
use crate::store::{
    derived, index, key_check, Account, AccountStatus, AuditEvent, Device, Grant, Organization,
    Table,
};
use shared::api::auth::{DeviceKind, DeviceStatus};
use std::io::Write;

/// The help-desk account's authenticator seed (20 bytes; base32 `OVWWE4TBNQWXGY3BNRSS25DFON2C243F`).
pub const DESK_SEED: &[u8; 20] = b"umbral-scale-test-se";

const FIRST: [&str; 16] = [
    "Ana", "José", "María", "Luis", "Carmen", "Juan", "Rosa", "Pedro", "Linda", "James", "Mary",
    "John", "Patricia", "Robert", "Jennifer", "Michael",
];
const LAST: [&str; 24] = [
    "García",
    "Rodríguez",
    "Martínez",
    "Hernández",
    "López",
    "González",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Gómez",
    "Díaz",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
];

const DAY: u64 = 86_400;

/// A small, fast, reproducible generator (SplitMix64): the same N gives the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Skewed towards the first items, as surnames are.
    fn skewed<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let a = self.below(items.len() as u64);
        let b = self.below(items.len() as u64);
        items[a.min(b) as usize]
    }
}

fn line(
    out: &mut impl Write,
    table: &str,
    key: &str,
    value: &impl serde::Serialize,
) -> Result<(), String> {
    let l = serde_json::json!({"table": table, "key": key, "value": value});
    writeln!(out, "{l}").map_err(|e| e.to_string())
}

/// Writes the export of `n` accounts to `out`, secrets sealed with `keys`, as of `now`.
pub fn write(
    out: &mut impl Write,
    n: u64,
    keys: &Keys,
    desk_password_hash: &str,
    now: u64,
) -> Result<(), String> {
    let mut rng = Rng(n);
    let orgs = (n / 1_000).max(1);
    let mut index_rows: std::collections::BTreeMap<String, String> = Default::default();
    let mut audit: Vec<(String, AuditEvent)> = vec![];
    let mut accounts = vec![];
    let mut emails = vec![];
    let mut owners = vec![];
    for i in 0..=n {
        let desk = i == n;
        let (first, last) = if desk {
            ("Scale", "Desk")
        } else {
            (rng.skewed(&FIRST), rng.skewed(&LAST))
        };
        let user_id = if desk {
            "scale.desk".to_string()
        } else {
            format!(
                "{}.{}{i}",
                shared::fold::name_key(first),
                shared::fold::name_key(last)
            )
            .replace(' ', "")
        };
        let email = format!("{user_id}@provider{}.example", i % 997);
        let created = now - 400 * DAY;
        let mut a = Account::new(
            &user_id,
            first,
            last,
            &email,
            Default::default(),
            AccountStatus::Active,
            created,
        );
        let key = a.key();
        a.password_hash = desk_password_hash.to_string();
        a.email_verified = true;
        let login = if desk {
            now - 60
        } else {
            now - rng.below(40 * DAY)
        };
        a.last_login_at = Some(login);
        if now >= login + 30 * DAY {
            a.inactive_at = Some(login + 30 * DAY);
        } else if now + 7 * DAY >= login + 30 * DAY {
            a.inactivity_warned_for = Some(login);
        }
        let authenticator = desk || rng.below(10) < 9;
        a.devices.push(device(
            authenticator,
            desk,
            &email,
            &key,
            keys,
            &mut rng,
            created,
        ));
        if desk {
            a.roles.push(crate::domain::access::HELP_DESK.into());
        } else if rng.below(20) == 0 {
            let org = format!("S-{:06}", rng.below(orgs));
            let due = shared::calendar::day_start(crate::clock::date_of(
                now + (1 + rng.below(364)) * DAY,
            ));
            let left = (due - now) / DAY;
            a.grants.push(Grant {
                application: "spot".into(),
                role: "end_user".into(),
                organization: org.clone(),
                granted_at: due - 365 * DAY,
                source: "synthesized".into(),
                certified_at: due - 365 * DAY,
                due_at: due,
                reminded: [30, 14, 7, 1]
                    .into_iter()
                    .filter(|&k| u64::from(k) >= left)
                    .collect(),
            });
            index_rows.insert(index::member(&org, &key), "null".into());
        }
        for (k, event) in ["account_created", "login", "login"].iter().enumerate() {
            audit.push((
                key.clone(),
                AuditEvent {
                    at: created + k as u64 * DAY,
                    event: event.to_string(),
                    detail: None,
                    client: Some("192.0.2.10".into()),
                },
            ));
        }
        let json = serde_json::to_vec(&a).map_err(|e| e.to_string())?;
        index_rows.extend(derived::entries(&key, &json).map_err(|e| e.to_string())?);
        emails.push(index::email(&a.email, &key));
        if !authenticator {
            owners.push((index::device_owner(false, &email), key.clone()));
        }
        accounts.push((key, a));
    }
    // In the order an export has them: tables in `Table::ALL` order, keys sorted.
    accounts.sort_by(|x, y| x.0.cmp(&y.0));
    for (key, a) in &accounts {
        line(out, Table::Accounts.name(), key, a)?;
    }
    owners.sort();
    for (o, key) in &owners {
        line(out, Table::DeviceOwners.name(), o, key)?;
    }
    emails.sort();
    for e in &emails {
        line(out, Table::EmailIndex.name(), e, &serde_json::Value::Null)?;
    }
    for o in 0..orgs {
        let id = format!("S-{o:06}");
        let org = organization(&id, o, now);
        line(out, Table::Organizations.name(), &id, &org)?;
    }
    for (k, v) in &index_rows {
        let v: serde_json::Value = serde_json::from_str(v).map_err(|e| e.to_string())?;
        line(out, Table::Index.name(), k, &v)?;
    }
    line(out, Table::Meta.name(), derived::BUILT, &n)?;
    line(
        out,
        Table::Meta.name(),
        key_check::FINGERPRINT,
        &keys.fingerprint(),
    )?;
    for (account, e) in &audit {
        line(out, "audit", account, e)?;
    }
    out.flush().map_err(|e| e.to_string())
}

/// Made-up organisation number `o`.
fn organization(id: &str, o: u64, now: u64) -> Organization {
    Organization::example(
        id,
        &format!("Synthetic Clinic {o}"),
        "scale.desk",
        now - 400 * DAY,
    )
}

/// The account's one device: an authenticator (its seed sealed as the server seals it;
/// [`DESK_SEED`] for the help desk) or an email-code device.
fn device(
    authenticator: bool,
    desk: bool,
    email: &str,
    key: &str,
    keys: &Keys,
    rng: &mut Rng,
    created: u64,
) -> Device {
    let device_id = "d1".to_string();
    Device {
        id: device_id.clone(),
        kind: if authenticator {
            DeviceKind::Authenticator
        } else {
            DeviceKind::Email
        },
        label: "Phone".into(),
        contact: (!authenticator).then(|| email.to_string()),
        pending_contact: None,
        sealed_secret: authenticator.then(|| {
            let seed: Vec<u8> = if desk {
                DESK_SEED.to_vec()
            } else {
                (0..20).map(|_| rng.next() as u8).collect()
            };
            keys.seal(&seed, &totp_aad(key, &device_id))
        }),
        status: DeviceStatus::Active,
        created_at: created,
        verification: None,
    }
}
