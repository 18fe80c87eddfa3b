//! Every secondary key and prefix, in one list, so a second store backend has one list
//! of indexes to create and nobody else spells a key.
//!
//! Keys are text joined with NUL (`\0`), which no user ID, email, TIN hash, state code
//! or generated ID contains, so a prefix ending in NUL selects exactly one group. The
//! value of an index entry is the ID it points to (the last part of the key).

const SEP: char = '\0';

fn join(parts: &[&str]) -> String {
    parts.join("\0")
}

fn prefix(parts: &[&str]) -> String {
    let mut p = join(parts);
    p.push(SEP);
    p
}

// ---- Records found by a secret: the key is the secret's MAC ----
//
// A session, an emailed link, a login challenge, an OpenID Connect code, refresh token or
// authorization request is stored under the MAC of the token its holder presents, so
// the database holds nothing a thief could present.

use crate::crypto::secrets::Keys;

/// `Table::Sessions`: the session whose cookie is `token`.
pub fn session(keys: &Keys, token: &str) -> String {
    keys.mac(&format!("s:{token}"))
}

/// `Table::Links`: the emailed link (reset, unlock, setup) carrying `token`.
pub fn link(keys: &Keys, token: &str) -> String {
    keys.mac(&format!("l:{token}"))
}

/// `Table::Challenges`: the login in progress named `token`.
pub fn challenge(keys: &Keys, token: &str) -> String {
    keys.mac(&format!("c:{token}"))
}

/// The OpenID Connect authorization code `code`.
pub fn oidc_code(keys: &Keys, code: &str) -> String {
    keys.mac(&format!("code:{code}"))
}

/// `Table::OidcRefresh`: the refresh token `token`.
pub fn refresh_token(keys: &Keys, token: &str) -> String {
    keys.mac(&format!("rt:{token}"))
}

/// An application's authorization request waiting for the person's login.
pub fn auth_request(keys: &Keys, id: &str) -> String {
    keys.mac(&format!("ar:{id}"))
}

/// The MAC of a TIN's nine digits, as every TIN index holds it (never the digits).
pub fn tin_mac(keys: &Keys, digits: &str) -> String {
    keys.mac(&format!("tin:{digits}"))
}

/// The last part of a key: the ID an entry points to.
pub fn tail(key: &str) -> &str {
    key.rsplit(SEP).next().unwrap_or(key)
}

// ---- `Table::EmailIndex`: accounts by email ----

/// An account's entry: lower-case address, then the account key.
pub fn email(address: &str, account_key: &str) -> String {
    join(&[&address.trim().to_lowercase(), account_key])
}

/// Every account registered with `address`.
pub fn email_prefix(address: &str) -> String {
    prefix(&[&address.trim().to_lowercase()])
}

// ---- `Table::DeviceOwners`: a phone number or email address to its one account ----

/// `phone:<ten digits>` or `email:<lower-case address>`.
pub fn device_owner(uses_phone: bool, contact: &str) -> String {
    if uses_phone {
        format!("phone:{contact}")
    } else {
        format!("email:{contact}")
    }
}

// ---- `Table::Index`: the access side ----

/// An organisation by the keyed hash of its TIN (uniqueness).
pub fn tin(mac: &str) -> String {
    join(&["org-tin", mac])
}

/// A pending new-organisation form, by the keyed hash of its TIN.
pub fn form_tin(mac: &str, form: &str) -> String {
    join(&["form-tin", mac, form])
}

pub fn form_tin_prefix(mac: &str) -> String {
    prefix(&["form-tin", mac])
}

/// Active organisations in a state, by name key.
pub fn org_name_prefix(state: &str) -> String {
    prefix(&["org-name", state])
}

pub fn org_name(state: &str, name_key: &str, id: &str) -> String {
    join(&["org-name", state, name_key, id])
}

/// The name key and organisation ID of an [`org_name`] key.
pub fn org_name_parts(key: &str) -> Option<(&str, &str)> {
    let mut parts = key.split(SEP).skip(2);
    Some((parts.next()?, parts.next()?))
}

/// An account holding a role for an organisation.
pub fn member(org: &str, account: &str) -> String {
    join(&["member", org, account])
}

pub fn members_prefix(org: &str) -> String {
    prefix(&["member", org])
}

/// A role request by its organisation.
pub fn req_org(org: &str, id: &str) -> String {
    join(&["req-org", org, id])
}

pub fn req_org_prefix(org: &str) -> String {
    prefix(&["req-org", org])
}

/// A role request by its requester.
pub fn req_user(account: &str, id: &str) -> String {
    join(&["req-user", account, id])
}

pub fn req_user_prefix(account: &str) -> String {
    prefix(&["req-user", account])
}

/// The lock that makes `already_pending` race-free: one pending request per account,
/// application, role and organisation.
pub fn pending(account: &str, app: &str, role: &str, org: &str) -> String {
    join(&["pending", account, app, role, org])
}

/// A help-desk queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queue {
    /// New organisation forms.
    Forms,
    /// Approver role requests.
    Roles,
    /// Manual identity verification.
    Identity,
    /// Approver hand-overs.
    Handovers,
    /// Organisations left with no approver (the last one expired or was removed).
    Orphaned,
}

impl Queue {
    fn name(self) -> &'static str {
        match self {
            Queue::Forms => "forms",
            Queue::Roles => "roles",
            Queue::Identity => "identity",
            Queue::Handovers => "handovers",
            Queue::Orphaned => "orphaned",
        }
    }
}

pub fn queue(q: Queue, id: &str) -> String {
    join(&["queue", q.name(), id])
}

pub fn queue_prefix(q: Queue) -> String {
    prefix(&["queue", q.name()])
}

// ---- `Table::Index`: submissions ----

/// A submission, under its organisation, by time received (20 digits) then reference.
pub fn submission_by_org(org: &str, received_at: u64, reference: &str) -> String {
    join(&["sub-org", org, &format!("{received_at:020}"), reference])
}

pub fn submissions_by_org_prefix(org: &str) -> String {
    prefix(&["sub-org", org])
}

/// A submission, under its submitter's account.
pub fn submission_by_account(account: &str, received_at: u64, reference: &str) -> String {
    join(&["sub-by", account, &format!("{received_at:020}"), reference])
}

pub fn submissions_by_account_prefix(account: &str) -> String {
    prefix(&["sub-by", account])
}

/// The instant received and the reference, read back from a key of
/// [`submission_by_org`] or [`submission_by_account`].
pub fn submission_of_key(key: &str) -> (u64, String) {
    let mut parts = key.rsplit(SEP);
    let reference = parts.next().unwrap_or("").to_string();
    let at = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0);
    (at, reference)
}

// ---- `Table::Acceptances` ----

/// An acceptance: the application, the account, the organisation (empty when none),
/// then the licence version.
pub fn acceptance(app: &str, account: &str, org: &str, version: &str) -> String {
    join(&[app, account, org, version])
}

/// Every acceptance of `app`'s licence (the help desk's export).
pub fn acceptances_prefix(app: &str) -> String {
    prefix(&[app])
}

/// Every acceptance by `account` of `app`'s licence for `org`, whatever the version.
pub fn acceptances_of(app: &str, account: &str, org: &str) -> String {
    prefix(&[app, account, org])
}

// ---- `Table::Index`: OpenID Connect ----

/// A sign-in grant of an account (its refresh family), by account.
pub fn oidc_grant(account_key: &str, grant: &str) -> String {
    join(&["oidc-grant", account_key, grant])
}

/// Every sign-in grant of an account.
pub fn oidc_grant_prefix(account_key: &str) -> String {
    prefix(&["oidc-grant", account_key])
}

// ---- `Table::Index`: accounts, kept by the store itself (see `store::derived`) ----
//
// These entries are derived from each account record and written by the store in the
// same atomic step as the record, so the help desk's search and the lifecycle job find
// what they need by a range of keys, never by reading every account (issue 34).

/// A word an account is found by (from its name, user ID or email's local part).
pub fn account_term(term: &str, account: &str) -> String {
    join(&["acct-term", term, account])
}

/// Every term starting with `start` (a partial word: no separator after it).
pub fn account_terms_from(start: &str) -> String {
    format!("acct-term{SEP}{start}")
}

/// The term and the account of an [`account_term`] key.
pub fn account_term_parts(key: &str) -> Option<(&str, &str)> {
    let mut parts = key.split(SEP).skip(1);
    Some((parts.next()?, parts.next()?))
}

/// An account holding a portal role (`help_desk`).
pub fn account_role(role: &str, account: &str) -> String {
    join(&["acct-role", role, account])
}

pub fn account_role_prefix(role: &str) -> String {
    prefix(&["acct-role", role])
}

/// A role of an account due on `due` (0: a grant stored before due dates, whose date
/// the policy computes), with the smallest reminder already sent for it (9999: none).
pub fn role_due(due: u64, least_reminded: u32, account: &str) -> String {
    join(&[
        "life-due",
        &format!("{due:020}"),
        &format!("{least_reminded:04}"),
        account,
    ])
}

pub fn roles_due_prefix() -> String {
    prefix(&["life-due"])
}

/// The due date, least reminder and account of a [`role_due`] key.
pub fn role_due_parts(key: &str) -> Option<(u64, u32, &str)> {
    let mut parts = key.split(SEP).skip(1);
    Some((
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?,
    ))
}

/// A role of an account by application and role, then due date (0 as in [`role_due`]):
/// how the help desk finds the approvers due without reading every role due.
pub fn role_due_by_role(app: &str, role: &str, due: u64, account: &str) -> String {
    join(&["life-due-role", app, role, &format!("{due:020}"), account])
}

pub fn role_due_by_role_prefix(app: &str, role: &str) -> String {
    prefix(&["life-due-role", app, role])
}

/// The due date and account of a [`role_due_by_role`] key.
pub fn role_due_by_role_parts(key: &str) -> Option<(u64, &str)> {
    let mut parts = key.rsplit(SEP);
    let account = parts.next()?;
    Some((parts.next()?.parse().ok()?, account))
}

/// An account with an expired role whose consequences are not all done yet.
pub fn unsettled(account: &str) -> String {
    join(&["life-unsettled", account])
}

pub fn unsettled_prefix() -> String {
    prefix(&["life-unsettled"])
}

/// An account not marked inactive, by its last sign of life, apart by whether it was
/// warned for that period already.
pub fn active_since(warned: bool, since: u64, account: &str) -> String {
    join(&[
        "life-active",
        if warned { "warned" } else { "unwarned" },
        &format!("{since:020}"),
        account,
    ])
}

pub fn active_prefix(warned: bool) -> String {
    prefix(&["life-active", if warned { "warned" } else { "unwarned" }])
}

/// An account marked inactive, newest first.
pub fn inactive_since(at: u64, account: &str) -> String {
    join(&["life-inactive", &format!("{:020}", u64::MAX - at), account])
}

pub fn inactive_prefix() -> String {
    prefix(&["life-inactive"])
}

/// A role that expired unrecertified, newest first.
pub fn expired_role(at: u64, account: &str) -> String {
    join(&["life-expired", &format!("{:020}", u64::MAX - at), account])
}

pub fn expired_roles_prefix() -> String {
    prefix(&["life-expired"])
}

/// The instant (20 digits; stored newest first for [`inactive_since`] and
/// [`expired_role`]) and the account of a `life-*` key with one instant.
pub fn instant_parts(key: &str) -> Option<(u64, &str)> {
    let mut parts = key.rsplit(SEP);
    let account = parts.next()?;
    let at: u64 = parts.next()?.parse().ok()?;
    let at = if key.starts_with("life-inactive") || key.starts_with("life-expired") {
        u64::MAX - at
    } else {
        at
    };
    Some((at, account))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_selects_its_group_only() {
        assert!(member("O-1", "ann").starts_with(&members_prefix("O-1")));
        assert!(!member("O-10", "ann").starts_with(&members_prefix("O-1")));
        assert!(email("Ann@X.org", "ann").starts_with(&email_prefix("ann@x.org ")));
        assert!(queue(Queue::Roles, "R-1").starts_with(&queue_prefix(Queue::Roles)));
        assert_eq!(tail(&req_user("ann", "R-7")), "R-7");
        assert_eq!(
            org_name_parts(&org_name("FL", "sunshine", "O-1")),
            Some(("sunshine", "O-1"))
        );
    }

    /// The sled databases written before this module existed keep working: the
    /// formats are the ones `domain::access::ix` and `sled_store` used.
    #[test]
    fn formats_are_unchanged() {
        assert_eq!(tin("m"), "org-tin\0m");
        assert_eq!(org_name("FL", "k", "O"), "org-name\0FL\0k\0O");
        assert_eq!(pending("a", "p", "r", "o"), "pending\0a\0p\0r\0o");
        assert_eq!(queue(Queue::Forms, "F"), "queue\0forms\0F");
        assert_eq!(email("A@b.c", "a"), "a@b.c\0a");
        assert_eq!(device_owner(true, "8135550100"), "phone:8135550100");
    }
}
