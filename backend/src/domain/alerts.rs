//! Urgent alerts (the status issue; the source's status page lists "current alerts"
//! beside the maintenance schedule). The help desk posts an alert (title and body in
//! English and Spanish, an optional end); it shows on the status page and in the banner
//! of every screen until it ends, and it is emailed to every active account in that
//! account's language.
//!
//! The emailing is a background job ([`Umbral::fan_out_step`], run by `jobs`): it walks
//! the accounts in key order, a batch at a time, throttled to `--alert-rate` emails a
//! second, and saves its cursor and counts after each batch, so the console shows the
//! progress and a restart resumes where the last saved batch ended. Each recipient's
//! message has the deterministic id `alert-<alert>-<account>`, queued with
//! `enqueue_once`: the accounts of a batch interrupted by a crash are walked again, and
//! those already queued are found and not queued twice. Through the file outbox every
//! account gets exactly one email; over SMTP a crash between the server's acceptance and
//! the queue's record can repeat one message per crash (see `outbound`).
//!
//! Who gets it: accounts whose email is verified, not inactive, and not unsubscribed.
//! Every alert email carries a link with a signed token (HMAC of the account, no
//! expiry: it only switches alert emails) to a confirmation page that switches them
//! off with one click, and back on. Security emails (codes, resets, changes to the
//! account) never look at that switch.
//!
//! Ending an alert takes it off the page and stops its emailing: mail about a problem
//! that is over is noise.
use crate::crypto::secrets;
use crate::domain::access::{is_help_desk, DomainError};
use crate::domain::auth::Authenticated;
use crate::domain::Umbral;
use crate::store::{
    Account, AccountStatus, Alert, Batch, Change, Durability, Store, StoreError, Table,
};
use base64::Engine;
use shared::api::alert::*;
use shared::calendar::when;
use shared::i18n::Locale;

/// Accounts walked between two saves of the cursor.
pub const BATCH: usize = 50;

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
}

fn mac_data(account_key: &str) -> String {
    format!("alerts-unsubscribe:{account_key}")
}

/// The id of `alert`'s email to `account_key`: the same on every pass.
pub fn message_id(alert: &str, account_key: &str) -> String {
    format!("alert-{alert}-{account_key}")
}

impl Alert {
    fn title(&self, l: Locale) -> &str {
        match l {
            Locale::Es => &self.title_es,
            _ => &self.title_en,
        }
    }

    fn body(&self, l: Locale) -> &str {
        match l {
            Locale::Es => &self.body_es,
            _ => &self.body_en,
        }
    }

    pub fn is_current(&self, now: u64) -> bool {
        self.created_at <= now && self.end.is_none_or(|e| now < e)
    }
}

impl Umbral {
    /// Every alert, newest first.
    pub async fn alerts(&self) -> Result<Vec<Alert>, StoreError> {
        let mut v: Vec<Alert> = self
            .store
            .scan::<Alert>(Table::Alerts, "", usize::MAX)
            .await?
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        v.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        Ok(v)
    }

    /// The alerts showing at `now`, in `l`, newest first.
    pub async fn current_alerts(&self, l: Locale, now: u64) -> Vec<AlertView> {
        self.alerts()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|a| a.is_current(now))
            .map(|a| AlertView {
                id: a.id.clone(),
                title: a.title(l).to_string(),
                body: a.body(l).to_string(),
                posted_et: when(l, a.created_at),
                end_et: a.end.map(|e| when(l, e)),
                audience: a.audience.clone(),
            })
            .collect()
    }

    pub fn alert_admin_view(&self, l: Locale, a: &Alert, now: u64) -> AlertAdminView {
        let f = &a.fan_out;
        AlertAdminView {
            id: a.id.clone(),
            title_en: a.title_en.clone(),
            title_es: a.title_es.clone(),
            body_en: a.body_en.clone(),
            body_es: a.body_es.clone(),
            posted_et: when(l, a.created_at),
            end_et: a.end.map(|e| when(l, e)),
            current: a.is_current(now),
            posted_by: a.created_by.clone(),
            fan_out: FanOut {
                accounts: f.accounts.max(f.done),
                done: f.done,
                emailed: f.emailed,
                skipped: f.skipped,
                finished: f.finished_at.is_some(),
            },
            audience: a.audience.clone(),
        }
    }

    /// `POST /admin/alerts`: shows at once; the emailing starts in the background.
    pub async fn post_alert(
        &self,
        me: &Authenticated,
        input: AlertInput,
        now: u64,
    ) -> Result<Alert, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        let end = input.validate(now).map_err(DomainError::Invalid)?;
        input
            .audience
            .validate(&self.apps.location_ids())
            .map_err(DomainError::Invalid)?;
        let a = Alert {
            id: format!("ALR-{}", secrets::id().to_uppercase()),
            title_en: input.title_en.trim().into(),
            title_es: input.title_es.trim().into(),
            body_en: input.body_en.trim().into(),
            body_es: input.body_es.trim().into(),
            created_by: me.account.key(),
            created_at: now,
            end,
            audience: input.audience.clone(),
            fan_out: crate::store::FanOutState {
                accounts: self.store.count(Table::Accounts).await?,
                ..Default::default()
            },
        };
        self.store.insert_new(Table::Alerts, &a.id, &a).await?;
        self.audit(
            &me.account.key(),
            "alert_posted",
            Some(format!("{} {}", a.id, a.title_en)),
            now,
        )
        .await?;
        Ok(a)
    }

    /// `POST /admin/alerts/{id}/end`: off the page now, and no more emails.
    pub async fn end_alert(
        &self,
        me: &Authenticated,
        id: &str,
        now: u64,
    ) -> Result<Alert, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        let a =
            self.store
                .update::<Alert, Option<Alert>, _>(Table::Alerts, id, Durability::Flushed, |a| {
                    match a {
                        Some(mut a) => {
                            a.end = Some(a.end.unwrap_or(now).min(now));
                            (Change::Put(a.clone()), Some(a))
                        }
                        None => (Change::Keep, None),
                    }
                })
                .await?
                .ok_or(DomainError::NotFound)?;
        self.audit(&me.account.key(), "alert_ended", Some(a.id.clone()), now)
            .await?;
        Ok(a)
    }

    /// Whether `a` gets alert emails.
    pub fn wants_alerts(&self, a: &Account, now: u64) -> bool {
        a.email_verified
            && a.status != AccountStatus::PendingEmailVerification
            && !a.alerts_off
            && !self.policy.is_inactive(a, now)
    }

    /// Is `alert` for `a`? Its audience matches what the account said of itself (site
    /// preferences); an account that has not said gets every alert.
    pub fn alert_is_for(&self, alert: &Alert, a: &Account) -> bool {
        alert.audience.matches(&a.site)
    }

    /// One batch of the emailing of the oldest alert not finished: up to `limit`
    /// accounts after its cursor, each mailed at most once (`pace` apart, the throttle),
    /// then the cursor and counts saved. `now` is the job's instant for the batch (whether
    /// the alert is still current). Returns the emails queued now (nothing left to do:
    /// `None`).
    pub async fn fan_out_step(
        &self,
        limit: usize,
        pace: std::time::Duration,
        now: u64,
    ) -> Result<Option<usize>, StoreError> {
        let Some(alert) = self
            .alerts()
            .await?
            .into_iter()
            .rev()
            .find(|a| a.fan_out.finished_at.is_none())
        else {
            return Ok(None);
        };
        let start = alert.fan_out.cursor.clone();
        let batch: Vec<(String, Account)> = if alert.is_current(now) {
            self.store
                .scan_after(Table::Accounts, start.as_deref(), limit)
                .await?
        } else {
            vec![]
        };
        let (mut emailed, mut skipped, mut queued) = (0u64, 0u64, 0usize);
        for (key, a) in &batch {
            if !self.wants_alerts(a, now) || !self.alert_is_for(&alert, a) {
                skipped += 1;
                continue;
            }
            emailed += 1;
            let l = a.locale;
            let args = [
                ("title", alert.title(l).to_string()),
                ("body", alert.body(l).to_string()),
                ("status", format!("{}/status", self.policy.public_url)),
                (
                    "unsubscribe",
                    format!(
                        "{}/alerts/unsubscribe?token={}",
                        self.policy.public_url,
                        self.unsubscribe_token(key)
                    ),
                ),
            ];
            if self
                .notify_once(
                    a,
                    "msg-alert",
                    &args,
                    message_id(&alert.id, key),
                    alert.created_at,
                )
                .await?
            {
                queued += 1;
                if !pace.is_zero() {
                    tokio::time::sleep(pace).await;
                }
            }
        }
        let b = Batch::walked(start, &batch, limit, emailed, skipped, now);
        self.store
            .update::<Alert, (), _>(Table::Alerts, &alert.id, Durability::Flushed, |a| {
                let Some(mut a) = a else {
                    return (Change::Keep, ());
                };
                if a.fan_out.record(&b) {
                    (Change::Put(a), ())
                } else {
                    (Change::Keep, ())
                }
            })
            .await?;
        if b.finished_at.is_some() {
            tracing::info!(alert = %alert.id, "alert emailing finished");
        }
        Ok(Some(queued))
    }

    /// The token of `account_key`'s unsubscribe link.
    pub fn unsubscribe_token(&self, account_key: &str) -> String {
        let mac = self.keys.mac(&mac_data(account_key));
        format!("{}.{}", b64().encode(account_key), &mac[..32])
    }

    /// `POST /alerts/subscription`: switches the account's alert emails, audited. A
    /// token that does not check out is `NotFound`, like an unknown link.
    pub async fn set_alert_subscription(
        &self,
        input: SubscriptionInput,
        now: u64,
    ) -> Result<SubscriptionResult, DomainError> {
        let key = input
            .token
            .split_once('.')
            .and_then(|(k, mac)| {
                let key = String::from_utf8(b64().decode(k).ok()?).ok()?;
                let full = self.keys.mac(&mac_data(&key));
                let same = mac.len() == 32
                    && full.as_bytes()[..32]
                        .iter()
                        .zip(mac.as_bytes())
                        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
                        == 0;
                same.then_some(key)
            })
            .ok_or(DomainError::NotFound)?;
        let off = !input.subscribed;
        let changed = self
            .store
            .update::<Account, Option<bool>, _>(Table::Accounts, &key, Durability::Flushed, |a| {
                match a {
                    Some(mut a) if a.alerts_off != off => {
                        a.alerts_off = off;
                        (Change::Put(a), Some(true))
                    }
                    Some(_) => (Change::Keep, Some(false)),
                    None => (Change::Keep, None),
                }
            })
            .await?
            .ok_or(DomainError::NotFound)?;
        if changed {
            let event = if off {
                "alerts_unsubscribed"
            } else {
                "alerts_resubscribed"
            };
            self.audit(&key, event, None, now).await?;
        }
        Ok(SubscriptionResult {
            subscribed: input.subscribed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{umbral, T0};

    fn input() -> AlertInput {
        AlertInput {
            title_en: "Claims portal delays".into(),
            title_es: "Demoras en el portal de reclamaciones".into(),
            body_en: "Claim status may be late today.".into(),
            body_es: "El estado de las reclamaciones puede llegar tarde hoy.".into(),
            end: String::new(),
            audience: Default::default(),
        }
    }

    async fn help_desk(u: &Umbral, now: u64) -> Authenticated {
        let a = u.store.account("helpdesk.demo").await.unwrap().unwrap();
        Authenticated {
            session_key: String::new(),
            session: crate::domain::auth::Session {
                account: a.key(),
                created_at: now,
                last_seen: now,
                auth_at: now,
                expires_at: now + 60,
                generation: 0,
                mfa: None,
                recovered: false,
            },
            account: a,
        }
    }

    /// The alert emails in the outbox, by recipient.
    fn mailed(dir: &std::path::Path) -> std::collections::BTreeMap<String, usize> {
        let mut m = std::collections::BTreeMap::new();
        for f in std::fs::read_dir(dir.join("outbox")).unwrap() {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            if text.contains("/alerts/unsubscribe?token=") {
                let to = text
                    .lines()
                    .find_map(|l| l.strip_prefix("To: "))
                    .unwrap()
                    .to_string();
                *m.entry(to).or_insert(0) += 1;
            }
        }
        m
    }

    /// An alert for billing services reaches the accounts that said they are one, and
    /// those that have not said; not the provider.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_alert_with_an_audience_is_emailed_to_whom_it_matches() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        crate::demo::load(&u, dir.path(), T0).await.unwrap();
        let now = u.clock.now();
        for (who, said) in [
            ("alan.approver", "provider"),
            ("beatriz.biller", "billing_service"),
        ] {
            u.store
                .update::<Account, (), _>(Table::Accounts, who, Durability::Flushed, |a| {
                    let mut a = a.unwrap();
                    a.site.who = said.into();
                    (Change::Put(a), ())
                })
                .await
                .unwrap();
        }
        let mut i = input();
        i.audience.who = vec!["billing_service".into()];
        i.audience.locations = vec!["PR".into()];
        let hd = help_desk(&u, now).await;
        let mut bad = i.clone();
        bad.audience.locations = vec!["TX".into()];
        assert!(matches!(
            u.post_alert(&hd, bad, now).await,
            Err(DomainError::Invalid(e)) if e.contains_key("audience")
        ));
        let a = u.post_alert(&hd, i, now).await.unwrap();
        while u
            .fan_out_step(BATCH, Default::default(), u.clock.now())
            .await
            .unwrap()
            .is_some()
        {}
        u.deliver_due().await.unwrap();
        let m = mailed(dir.path());
        assert_eq!(m.get("beatriz@coqui-demo.example"), Some(&1));
        assert_eq!(m.get("alan@sunshine-demo.example"), None);
        assert_eq!(m.get("erin@sunshine-demo.example"), Some(&1), "{m:?}");
        let f = u
            .store
            .get::<Alert>(Table::Alerts, &a.id)
            .await
            .unwrap()
            .unwrap()
            .fan_out;
        assert!(f.skipped >= 1);
        // On the status page it carries its audience, for the page to sort by.
        assert_eq!(
            u.current_alerts(Locale::En, now).await[0].audience.who,
            vec!["billing_service"]
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_alert_reaches_every_subscribed_account_once_even_when_a_batch_is_walked_again() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        crate::demo::load(&u, dir.path(), T0).await.unwrap();
        crate::demo::load_bulk(&u, 30, T0).await.unwrap();
        let now = u.clock.now();
        let hd = help_desk(&u, now).await;
        // One account unsubscribes through its link; a forged token does nothing.
        let token = u.unsubscribe_token("bulk.user.3");
        let forged = format!("{}x", &token[..token.len() - 1]);
        assert!(matches!(
            u.set_alert_subscription(
                SubscriptionInput {
                    token: forged,
                    subscribed: false
                },
                now
            )
            .await,
            Err(DomainError::NotFound)
        ));
        u.set_alert_subscription(
            SubscriptionInput {
                token,
                subscribed: false,
            },
            now,
        )
        .await
        .unwrap();
        assert!(
            u.store
                .account("bulk.user.3")
                .await
                .unwrap()
                .unwrap()
                .alerts_off
        );

        let a = u.post_alert(&hd, input(), now).await.unwrap();
        assert_eq!(u.current_alerts(Locale::Es, now).await[0].title, a.title_es);
        // A first batch, then a crash before its cursor is saved: walk it again.
        u.fan_out_step(BATCH, Default::default(), u.clock.now())
            .await
            .unwrap();
        let saved = u
            .store
            .get::<Alert>(Table::Alerts, &a.id)
            .await
            .unwrap()
            .unwrap();
        u.store
            .update::<Alert, (), _>(Table::Alerts, &a.id, Durability::Flushed, |_| {
                (Change::Put(a.clone()), ())
            })
            .await
            .unwrap();
        let again = u
            .fan_out_step(BATCH, Default::default(), u.clock.now())
            .await
            .unwrap();
        assert_eq!(again, Some(0), "nothing queued twice");
        assert_eq!(
            u.store
                .get::<Alert>(Table::Alerts, &a.id)
                .await
                .unwrap()
                .unwrap(),
            saved
        );
        while let Some(n) = u
            .fan_out_step(7, Default::default(), u.clock.now())
            .await
            .unwrap()
        {
            let _ = n;
        }
        u.deliver_due().await.unwrap();
        let f = u
            .store
            .get::<Alert>(Table::Alerts, &a.id)
            .await
            .unwrap()
            .unwrap()
            .fan_out;
        assert!(f.finished_at.is_some());
        let accounts = u.store.count(Table::Accounts).await.unwrap();
        assert_eq!(f.done, accounts);
        assert_eq!(f.emailed + f.skipped, accounts);
        let m = mailed(dir.path());
        assert_eq!(m.len() as u64, f.emailed);
        assert!(m.values().all(|&n| n == 1), "{m:?}");
        assert!(!m.contains_key("user3@bulk-demo.example"));
        assert!(m.contains_key("user4@bulk-demo.example"));
        // In each account's language: the bulk approvers read Spanish.
        let es = std::fs::read_dir(dir.path().join("outbox"))
            .unwrap()
            .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
            .find(|t| t.contains("To: approver4@bulk-demo.example") && t.contains("/alerts/"))
            .unwrap();
        assert!(es.contains(&a.body_es) && es.contains("/alerts/unsubscribe?token="));
        // Ended: off the page.
        u.end_alert(&hd, &a.id, now + 10).await.unwrap();
        assert!(u.current_alerts(Locale::En, now + 10).await.is_empty());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_ended_alert_stops_its_emailing() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        crate::demo::load(&u, dir.path(), T0).await.unwrap();
        crate::demo::load_bulk(&u, 30, T0).await.unwrap();
        let now = u.clock.now();
        let hd = help_desk(&u, now).await;
        let a = u.post_alert(&hd, input(), now).await.unwrap();
        u.fan_out_step(10, Default::default(), u.clock.now())
            .await
            .unwrap();
        u.end_alert(&hd, &a.id, now).await.unwrap();
        assert_eq!(
            u.fan_out_step(10, Default::default(), u.clock.now())
                .await
                .unwrap(),
            Some(0)
        );
        let f = u
            .store
            .get::<Alert>(Table::Alerts, &a.id)
            .await
            .unwrap()
            .unwrap()
            .fan_out;
        assert_eq!(f.done, 10);
        assert!(f.finished_at.is_some());
        assert_eq!(
            u.fan_out_step(10, Default::default(), u.clock.now())
                .await
                .unwrap(),
            None
        );
    }
}
