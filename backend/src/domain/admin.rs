//! The help desk: its queues (new organisation forms, approver role requests, manual
//! identity verification, hand-overs), account search with unlock and the audit
//! trail, and the first help-desk account made on the command line.
//!
//! Every function here checks [`is_help_desk`] itself, so a handler that forgot
//! would still refuse (403). Every action is audited on the help-desk account and on
//! the account or form it touched.
use super::access::{identity_view, is_help_desk, person, DomainError};
use super::auth::Authenticated;
use super::lifecycle::walk::{cursor_key, cursor_text};
use super::{catalog, Umbral};
use crate::store::{index, Durability};
use crate::store::{
    Account, AccountStatus, Change, Handover, OrgForm, RoleRequest, Store, StoreError,
    SubmitterRecord, Table,
};
use shared::api::access::*;
use shared::api::auth::Activity;
use shared::i18n::Locale;
use shared::validate::organization::mask_tin;

#[cfg(test)]
mod search_tests;
mod setup;
mod team;
#[cfg(test)]
mod team_tests;

/// Accounts an account search returns at most.
pub const ACCOUNT_SEARCH_LIMIT: usize = 25;

/// Terms a page of the account search reads at most before it answers with what it
/// found and where to go on (a short word typed with a rare one, "an zz", could
/// otherwise read every account whose name starts with "an").
pub const ACCOUNT_SEARCH_WALK: usize = 2_000;

/// Terms read per step of the search.
const SEARCH_BATCH: usize = 500;

/// A setup link made on the command line lives a day: the first help-desk person
/// may not be at the keyboard when the operator runs the command.
pub const SETUP_LINK_SECS: u64 = 24 * 3600;

fn require(me: &Authenticated) -> Result<(), DomainError> {
    if is_help_desk(&me.account) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// `SUB-` and eight characters from an alphabet without look-alikes (no 0/O, 1/I).
pub fn new_submitter_id() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut r = rand::rngs::OsRng;
    let s: String = (0..8)
        .map(|_| ALPHABET[r.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("SUB-{s}")
}

impl Umbral {
    fn form_view(&self, f: &OrgForm, full_tin: bool) -> FormView {
        let tin = if full_tin {
            self.keys
                .open(&f.tin_sealed, &crate::crypto::secrets::tin_aad(&f.id))
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default()
        } else {
            mask_tin(&f.tin_last4)
        };
        FormView {
            id: f.id.clone(),
            legal_name: f.legal_name.clone(),
            tin,
            official_name: f.official_name.clone(),
            official_title: f.official_title.clone(),
            official_email: f.official_email.clone(),
            approver_name: f.approver_name.clone(),
            approver_email: f.approver_email.clone(),
            signature: f.signature.clone(),
            signed_on: f.signed_on.clone(),
            status: f.status,
            submitted_at: f.submitted_at,
            submitter_id: f.submitter_id.clone(),
            decision_reason: f.decision_reason.clone(),
        }
    }

    async fn queue_ids(&self, q: index::Queue) -> Result<Vec<String>, StoreError> {
        Ok(self
            .store
            .keys_with_prefix(Table::Index, &index::queue_prefix(q))
            .await?
            .iter()
            .map(|k| index::tail(k).to_string())
            .collect())
    }

    /// Pending new organisation forms, TINs masked.
    pub async fn form_queue(&self, me: &Authenticated) -> Result<Vec<FormView>, DomainError> {
        require(me)?;
        let ids = self.queue_ids(index::Queue::Forms).await?;
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut v: Vec<FormView> = self
            .store
            .get_many::<OrgForm>(Table::OrgForms, &ids)
            .await?
            .iter()
            .map(|f| self.form_view(f, false))
            .collect();
        v.sort_by_key(|f| f.submitted_at);
        Ok(v)
    }

    /// One form with its TIN in full: the only place a TIN is shown whole. The
    /// viewing is audited.
    pub async fn form_detail(
        &self,
        me: &Authenticated,
        id: &str,
        now: u64,
    ) -> Result<FormView, DomainError> {
        require(me)?;
        let f: OrgForm = self
            .store
            .get(Table::OrgForms, id)
            .await?
            .ok_or(DomainError::NotFound)?;
        self.audit(&me.account.key(), "form_viewed", Some(f.id.clone()), now)
            .await?;
        Ok(self.form_view(&f, true))
    }

    /// Approves a form (issuing a submitter ID, emailed to the approver: the
    /// "approval communication") or rejects it with a reason (emailed to the official
    /// and the approver).
    pub async fn decide_form(
        &self,
        me: &Authenticated,
        id: &str,
        input: DecisionInput,
        now: u64,
    ) -> Result<FormView, DomainError> {
        require(me)?;
        let e = input.validate();
        if !e.is_empty() {
            return Err(DomainError::Invalid(e));
        }
        let approve = input.approve() == Some(true);
        let sid = approve.then(new_submitter_id);
        let me_key = me.account.key();
        let reason = Some(input.reason.trim().to_string()).filter(|s| !s.is_empty());
        let f = self
            .store
            .update::<OrgForm, Result<OrgForm, DomainError>, _>(
                Table::OrgForms,
                id,
                Durability::Flushed,
                |f| match f {
                    Some(mut f) if f.status == RequestStatus::Pending => {
                        f.status = if approve {
                            RequestStatus::Approved
                        } else {
                            RequestStatus::Denied
                        };
                        f.decided_by = Some(me_key.clone());
                        f.decided_at = Some(now);
                        f.decision_reason = reason.clone();
                        f.submitter_id = sid.clone();
                        (Change::Put(f.clone()), Ok(f))
                    }
                    Some(_) => (Change::Keep, Err(DomainError::AlreadyDecided)),
                    None => (Change::Keep, Err(DomainError::NotFound)),
                },
            )
            .await??;
        self.apply_form(&f).await?;
        let event = if approve {
            "form_approved"
        } else {
            "form_rejected"
        };
        self.audit(&me_key, event, Some(f.id.clone()), now).await?;
        self.audit(
            &format!("form:{}", f.id),
            event,
            Some(me.account.user_id.clone()),
            now,
        )
        .await?;
        let l = f.locale;
        let args = [
            ("org", f.legal_name.clone()),
            ("name", f.approver_name.clone()),
            ("submitter", sid.clone().unwrap_or_default()),
            (
                "reason",
                f.decision_reason
                    .clone()
                    .unwrap_or_else(|| catalog().text(l, "msg-no-reason")),
            ),
            ("link", format!("{}/register", self.policy.public_url)),
        ];
        if approve {
            self.send(
                crate::delivery::Channel::Email,
                l,
                &f.approver_email,
                catalog().with(l, "msg-form-approved-subject", &args),
                catalog().with(l, "msg-form-approved-body", &args),
            )
            .await?;
        } else {
            for to in [&f.official_email, &f.approver_email] {
                self.send(
                    crate::delivery::Channel::Email,
                    l,
                    to,
                    catalog().with(l, "msg-form-rejected-subject", &args),
                    catalog().with(l, "msg-form-rejected-body", &args),
                )
                .await?;
            }
        }
        Ok(self.form_view(&f, false))
    }

    /// Issues the submitter ID of an approved form and takes the form off the queue.
    /// Safe to run twice.
    async fn apply_form(&self, f: &OrgForm) -> Result<(), DomainError> {
        if let (RequestStatus::Approved, Some(sid)) = (f.status, &f.submitter_id) {
            let record = SubmitterRecord {
                form: f.id.clone(),
                approver_email: f.approver_email.clone(),
                tin_mac: f.tin_mac.clone(),
                used_by: None,
            };
            match self
                .store
                .insert_new(Table::SubmitterIds, sid, &record)
                .await
            {
                Ok(()) | Err(StoreError::Conflict) => {}
                Err(e) => return Err(e.into()),
            }
        }
        self.ix_del(&index::queue(index::Queue::Forms, &f.id))
            .await?;
        self.ix_del(&index::form_tin(&f.tin_mac, &f.id)).await?;
        Ok(())
    }

    /// Decided forms still queued (a crash between the decision and its consequences).
    pub(crate) async fn repair_forms(&self) -> Result<usize, DomainError> {
        let mut n = 0;
        for id in self.queue_ids(index::Queue::Forms).await? {
            if let Some(f) = self.store.get::<OrgForm>(Table::OrgForms, &id).await? {
                if f.status != RequestStatus::Pending {
                    self.apply_form(&f).await?;
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    /// Pending approver role requests.
    pub async fn role_queue(
        &self,
        me: &Authenticated,
        l: Locale,
    ) -> Result<Vec<RoleRequestView>, DomainError> {
        require(me)?;
        let ids = self.queue_ids(index::Queue::Roles).await?;
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut v: Vec<RoleRequestView> = Vec::new();
        for r in self
            .store
            .get_many::<RoleRequest>(Table::RoleRequests, &ids)
            .await?
        {
            if let Some(view) = self.request_view(l, &r).await {
                v.push(view);
            }
        }
        v.sort_by_key(|r| r.created_at);
        Ok(v)
    }

    pub async fn identity_queue(
        &self,
        me: &Authenticated,
    ) -> Result<Vec<IdentityCase>, DomainError> {
        require(me)?;
        let ids = self.queue_ids(index::Queue::Identity).await?;
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        Ok(self
            .store
            .get_many::<Account>(Table::Accounts, &ids)
            .await?
            .into_iter()
            .filter(|a| a.identity.status == IdentityStatus::ManualRequested)
            .map(|a| IdentityCase {
                person: person(&a),
                reference: a.identity.reference.clone(),
                attempts: a.identity.attempts,
                requested_at: a.identity.updated_at,
            })
            .collect())
    }

    /// Grants or refuses a manual identity verification.
    pub async fn decide_identity(
        &self,
        me: &Authenticated,
        user_id: &str,
        input: DecisionInput,
        now: u64,
    ) -> Result<IdentityView, DomainError> {
        require(me)?;
        let e = input.validate();
        if !e.is_empty() {
            return Err(DomainError::Invalid(e));
        }
        let approve = input.approve() == Some(true);
        let key = shared::validate::user_id::canonical(user_id);
        let a = self
            .store
            .update::<Account, Result<Account, DomainError>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |a| match a {
                    Some(mut a) if a.identity.status == IdentityStatus::ManualRequested => {
                        a.identity.status = if approve {
                            IdentityStatus::Verified
                        } else {
                            IdentityStatus::ManualRefused
                        };
                        a.identity.updated_at = now;
                        (Change::Put(a.clone()), Ok(a))
                    }
                    Some(_) => (Change::Keep, Err(DomainError::AlreadyDecided)),
                    None => (Change::Keep, Err(DomainError::NotFound)),
                },
            )
            .await??;
        self.store
            .update::<String, (), _>(
                Table::Index,
                &index::queue(index::Queue::Identity, &key),
                Durability::Flushed,
                |_| (Change::Delete, ()),
            )
            .await?;
        let event = if approve {
            "identity_verified_manually"
        } else {
            "identity_refused_manually"
        };
        self.audit(&key, event, Some(me.account.user_id.clone()), now)
            .await?;
        self.audit(&me.account.key(), event, Some(a.user_id.clone()), now)
            .await?;
        self.notify(
            &a,
            if approve {
                "msg-identity-approved"
            } else {
                "msg-identity-refused"
            },
            &[("link", format!("{}/roles/new", self.policy.public_url))],
        )
        .await?;
        Ok(identity_view(&a))
    }

    pub async fn handover_queue(
        &self,
        me: &Authenticated,
    ) -> Result<Vec<HandoverView>, DomainError> {
        require(me)?;
        let ids = self.queue_ids(index::Queue::Handovers).await?;
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut v = Vec::new();
        for h in self
            .store
            .get_many::<Handover>(Table::Handovers, &ids)
            .await?
        {
            if let Some(view) = self.handover_view(&h).await {
                v.push(view);
            }
        }
        Ok(v)
    }

    /// An account as the help desk's lists show it, its status at `now`.
    pub(crate) async fn account_summary(&self, a: &Account, l: Locale, now: u64) -> AccountSummary {
        let locked = self.throttle.is_locked_somewhere(&a.key(), now).await;
        self.summary_of(a, locked, l, now).await
    }

    /// Accounts as the help desk's lists show them, their locks asked in one question.
    pub(crate) async fn account_summaries(
        &self,
        accounts: &[Account],
        l: Locale,
        now: u64,
    ) -> Vec<AccountSummary> {
        let keys: Vec<String> = accounts.iter().map(Account::key).collect();
        let locked = self.throttle.locked_among(&keys, now).await;
        let mut out = Vec::with_capacity(accounts.len());
        for (a, k) in accounts.iter().zip(&keys) {
            out.push(self.summary_of(a, locked.contains(k), l, now).await);
        }
        out
    }

    /// An account as the help desk's lists show it; `locked`: by some client address.
    async fn summary_of(&self, a: &Account, locked: bool, l: Locale, now: u64) -> AccountSummary {
        let mut grants = Vec::new();
        for g in &a.grants {
            grants.extend(self.grant_view(l, g, now).await);
        }
        AccountSummary {
            person: person(a),
            // Locked for everyone, or for some client address (see `throttle`): either
            // way the help desk can unlock it.
            status: match a.status {
                AccountStatus::Locked => "locked",
                _ if locked => "locked",
                _ if self.policy.is_inactive(a, now) => "inactive",
                AccountStatus::PendingEmailVerification => "pending_email_verification",
                AccountStatus::Active => "active",
            }
            .into(),
            roles: a.roles.clone(),
            identity: a.identity.status,
            grants,
            created_at: a.created_at,
            last_login_at: a.last_login_at,
            inactive_on: crate::clock::date_of(
                a.inactive_at.unwrap_or(self.policy.inactive_from(a)),
            )
            .to_string(),
        }
    }

    /// A page of the accounts a help-desk search for `q` finds: every word typed must
    /// appear in the user ID, email or name, in any order, with case, accents and
    /// punctuation ignored, as the organisation search compares ("munoz ana" finds Ana
    /// Muñoz; "ana.rivera" finds the user ID Ana.Rivera); and the longest word must
    /// begin a word of the name, of the user ID or of the email before its `@`.
    ///
    /// That last rule is what makes the search an index walk (`store::derived`): the
    /// accounts come from the terms starting with the longest word, in term order, five
    /// hundred entries at a time, filtered on what each entry carries; only the accounts
    /// shown are read. A page holds at most
    /// [`ACCOUNT_SEARCH_LIMIT`] accounts and reads at most [`ACCOUNT_SEARCH_WALK`] terms,
    /// so its cost is bounded whatever the number of accounts; `next` says where to
    /// go on when there may be more.
    pub async fn search_accounts(
        &self,
        me: &Authenticated,
        q: &str,
        after: Option<&str>,
        l: Locale,
        now: u64,
    ) -> Result<AccountPage, DomainError> {
        require(me)?;
        let folded = shared::fold::name_key(q);
        let invalid =
            |why: &str| DomainError::Invalid([("q".to_string(), vec![why.to_string()])].into());
        if folded.chars().count() < 2 {
            return Err(invalid("too_short"));
        }
        // The longest word walks the index (the first of the longest on a tie).
        let driver = folded
            .split(' ')
            .fold("", |best, w| if w.len() > best.len() { w } else { best });
        let prefix = index::account_terms_from(driver);
        let mut cursor = match after {
            Some(c) => Some(
                cursor_key(c)
                    .filter(|k| k.starts_with(&prefix))
                    .ok_or_else(|| invalid("invalid"))?,
            ),
            None => None,
        };
        let mut page = AccountPage::default();
        let mut found: Vec<String> = vec![];
        let mut walked = 0;
        let words: Vec<&str> = folded.split(' ').collect();
        loop {
            // Each term entry carries its account's terms and email domain
            // (`store::derived`): the filter needs no account read.
            let entries = self
                .store
                .scan_from::<(String, String)>(
                    Table::Index,
                    &prefix,
                    cursor.as_deref(),
                    SEARCH_BATCH,
                )
                .await?;
            for (k, (terms, domain)) in &entries {
                walked += 1;
                cursor = Some(k.clone());
                let Some((term, account)) = index::account_term_parts(k) else {
                    continue;
                };
                // Each account once: at the first of its terms the walk meets.
                let first = terms.split(' ').find(|t| t.starts_with(driver));
                let hay = format!("{terms} {domain}");
                if first == Some(term) && words.iter().all(|w| hay.contains(w)) {
                    found.push(account.to_string());
                    if found.len() == ACCOUNT_SEARCH_LIMIT {
                        break;
                    }
                }
            }
            let done = found.len() == ACCOUNT_SEARCH_LIMIT || walked >= ACCOUNT_SEARCH_WALK;
            if done || entries.len() < SEARCH_BATCH {
                // Stopped before the end of the terms, unless at their very last one.
                let at_end = entries.len() < SEARCH_BATCH
                    && cursor.as_deref() == entries.last().map(|(k, _)| k.as_str());
                if done && !at_end {
                    page.next = cursor.as_deref().map(cursor_text);
                }
                break;
            }
        }
        let keys: Vec<&str> = found.iter().map(String::as_str).collect();
        let accounts = self
            .store
            .get_many::<Account>(Table::Accounts, &keys)
            .await?;
        page.accounts = self.account_summaries(&accounts, l, now).await;
        Ok(page)
    }

    pub async fn account_detail(
        &self,
        me: &Authenticated,
        user_id: &str,
        l: Locale,
        now: u64,
    ) -> Result<AdminAccount, DomainError> {
        require(me)?;
        let a = self
            .store
            .account(user_id)
            .await?
            .ok_or(DomainError::NotFound)?;
        let activity = self
            .store
            .audit_trail(&a.key(), 100)
            .await?
            .into_iter()
            .map(|e| Activity {
                at: e.at,
                event: e.event,
                detail: e.detail,
            })
            .collect();
        self.audit(
            &me.account.key(),
            "account_viewed",
            Some(a.user_id.clone()),
            now,
        )
        .await?;
        Ok(AdminAccount {
            account: self.account_summary(&a, l, now).await,
            activity,
            support: Self::support_view(&a, me, now),
        })
    }

    pub async fn admin_unlock(
        &self,
        me: &Authenticated,
        user_id: &str,
        l: Locale,
        now: u64,
    ) -> Result<AccountSummary, DomainError> {
        require(me)?;
        let key = shared::validate::user_id::canonical(user_id);
        let a = self
            .store
            .update::<Account, Option<Account>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |a| match a {
                    Some(mut a) => {
                        Self::unlock_in_place(&mut a);
                        (Change::Put(a.clone()), Some(a))
                    }
                    None => (Change::Keep, None),
                },
            )
            .await?
            .ok_or(DomainError::NotFound)?;
        self.throttle.forgive_all(&key).await;
        self.audit(
            &key,
            "account_unlocked_by_help_desk",
            Some(me.account.user_id.clone()),
            now,
        )
        .await?;
        self.audit(
            &me.account.key(),
            "unlocked_account",
            Some(a.user_id.clone()),
            now,
        )
        .await?;
        Ok(self.account_summary(&a, l, now).await)
    }
}
