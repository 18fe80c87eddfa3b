//! The notice of a code channel's outage. The source's status page
//! (`003_f083b489ecc9e44c.txt`, the additional maintenance schedule) announces that
//! passcodes by one channel (email, there) will be unavailable for some days and that
//! whoever has no other kind of device cannot log in meanwhile, and recommends more than
//! one kind. Umbral says it by email to exactly those people, when the outage is
//! scheduled: every account whose active MFA devices are all of the kinds the outage
//! closes, urging them to add another kind before it starts (issue 29).
//!
//! The emailing is a background job like an alert's ([`Umbral::outage_notice_step`], run
//! by `jobs` after the alerts): the accounts in key order, a batch at a time, the cursor
//! saved on the outage after each batch, each recipient's message with the deterministic
//! id `outage-<outage>-<account>`, so a restart resumes and nobody is mailed twice. A
//! degraded outage (nothing closed), one of login or the portal only, or one already over
//! sends nothing. Changing an outage later sends nothing more: its first notice stands,
//! and the status page shows the change.
use crate::domain::outages::channels_of;
use crate::domain::Umbral;
use crate::store::{
    Account, AccountStatus, Batch, Change, Durability, Outage, Store, StoreError, Table,
};
use shared::api::auth::DeviceKind;

/// Whether `a` could not log in while `closed` channels are out: it has active devices
/// and every one of them is of a closed kind (a passkey is never closed by an outage).
pub fn stranded_by(a: &Account, closed: &[&str]) -> bool {
    let mut any = false;
    for d in a.active_devices() {
        any = true;
        if d.kind == DeviceKind::Passkey || !closed.contains(&d.kind.code()) {
            return false;
        }
    }
    any
}

impl Umbral {
    /// One batch of the notice of the oldest outage whose notice is not finished: up to
    /// `limit` accounts after its cursor, each stranded one mailed once. Returns the
    /// emails queued (nothing to do: `None`).
    pub async fn outage_notice_step(
        &self,
        limit: usize,
        now: u64,
    ) -> Result<Option<usize>, StoreError> {
        let mut pending: Vec<Outage> = self
            .store
            .scan::<Outage>(Table::Outages, "", usize::MAX)
            .await?
            .into_iter()
            .map(|(_, o)| o)
            .filter(|o| o.notice.as_ref().is_some_and(|n| n.finished_at.is_none()))
            .collect();
        pending.sort_by_key(|o| o.created_at);
        let Some(o) = pending.into_iter().next() else {
            return Ok(None);
        };
        let start = o.notice.as_ref().and_then(|n| n.cursor.clone());
        let closed = channels_of(&o.components);
        // An outage that is over, or no longer closes a channel, needs no more notice.
        let batch: Vec<(String, Account)> = if o.end > now && !o.degraded && !closed.is_empty() {
            self.store
                .scan_after(Table::Accounts, start.as_deref(), limit)
                .await?
        } else {
            vec![]
        };
        let (mut emailed, mut skipped, mut queued) = (0u64, 0u64, 0usize);
        for (key, a) in &batch {
            let reachable = a.email_verified
                && a.status != AccountStatus::PendingEmailVerification
                && !self.policy.is_inactive(a, now);
            if !reachable || !stranded_by(a, &closed) {
                skipped += 1;
                continue;
            }
            emailed += 1;
            let l = a.locale;
            let channels = closed
                .iter()
                .map(|c| crate::domain::catalog().text(l, &format!("status-component-{c}")))
                .collect::<Vec<_>>()
                .join(", ");
            let args = [
                ("channels", channels),
                ("start", shared::calendar::when(l, o.start)),
                ("end", shared::calendar::when(l, o.end)),
                (
                    "link",
                    format!("{}/profile/devices", self.policy.public_url),
                ),
            ];
            if self
                .notify_once(
                    a,
                    "msg-channel-outage",
                    &args,
                    format!("outage-{}-{key}", o.id),
                    o.created_at,
                )
                .await?
            {
                queued += 1;
            }
        }
        let b = Batch::walked(start, &batch, limit, emailed, skipped, now);
        self.store
            .update::<Outage, (), _>(Table::Outages, &o.id, Durability::Flushed, |x| {
                let Some(mut x) = x else {
                    return (Change::Keep, ());
                };
                if x.notice.as_mut().is_some_and(|n| n.record(&b)) {
                    (Change::Put(x), ())
                } else {
                    (Change::Keep, ())
                }
            })
            .await?;
        Ok(Some(queued))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::outages::By;
    use crate::domain::testing::umbral;
    use crate::store::Device;
    use shared::api::auth::DeviceStatus;
    use shared::api::outage::OutageInput;

    fn device(kind: DeviceKind, id: &str) -> Device {
        Device {
            id: id.into(),
            kind,
            label: String::new(),
            contact: None,
            pending_contact: None,
            sealed_secret: None,
            status: DeviceStatus::Active,
            created_at: 0,
            verification: None,
        }
    }

    async fn person(u: &Umbral, id: &str, kinds: &[DeviceKind]) {
        let mut a = Account::new(
            id,
            id,
            "Test",
            &format!("{id}@example.org"),
            shared::i18n::Locale::En,
            AccountStatus::Active,
            u.clock.now(),
        );
        a.email_verified = true;
        a.devices = kinds
            .iter()
            .enumerate()
            .map(|(i, k)| device(*k, &format!("d{i}")))
            .collect();
        u.store.create_account(&a).await.unwrap();
    }

    /// The messages in the file outbox: (recipient, whole text).
    fn outbox(u: &Umbral) -> Vec<(String, String)> {
        std::fs::read_dir(u.courier.outbox.dir())
            .unwrap()
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .filter_map(|t| {
                let to = t.lines().find_map(|l| l.strip_prefix("To: "))?.to_string();
                Some((to, t))
            })
            .collect()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn only_people_with_no_other_kind_of_device_are_told_once() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        use DeviceKind::*;
        person(&u, "only.email", &[Email]).await;
        person(&u, "two.emails", &[Email, Email]).await;
        person(&u, "email.and.app", &[Email, Authenticator]).await;
        person(&u, "email.and.passkey", &[Email, Passkey]).await;
        person(&u, "only.sms", &[Sms]).await;
        person(&u, "no.device", &[]).await;
        let now = u.clock.now();
        let label = |t| shared::calendar::eastern(t).label()[..16].to_string();
        let start = now - now % 60 + 86_400;
        let o = u
            .create_outage(
                By::Operator,
                OutageInput {
                    start: label(start),
                    end: label(start + 3 * 86_400),
                    components: vec!["email".into()],
                    message_en: "Email codes are down.".into(),
                    message_es: "Los códigos por correo no funcionan.".into(),
                    degraded: false,
                },
                now,
            )
            .await
            .unwrap();
        assert!(o.notice.is_some(), "a channel outage is announced");
        // Two batches of 4 in key order (email.and.app … only.email | only.sms,
        // two.emails): every account walked, the cursor kept between them.
        assert_eq!(
            u.outage_notice_step(4, u.clock.now()).await.unwrap(),
            Some(1)
        );
        assert_eq!(
            u.outage_notice_step(4, u.clock.now()).await.unwrap(),
            Some(1)
        );
        assert_eq!(u.outage_notice_step(4, u.clock.now()).await.unwrap(), None);
        let told: Vec<String> = outbox(&u).into_iter().map(|(to, _)| to).collect();
        assert_eq!(told.len(), 2, "{told:?}");
        for who in ["only.email", "two.emails"] {
            assert!(
                told.contains(&format!("{who}@example.org")),
                "{who}: {told:?}"
            );
        }
        let body = outbox(&u)
            .into_iter()
            .find(|(to, _)| to == "only.email@example.org")
            .unwrap()
            .1;
        assert!(body.contains("/profile/devices"), "{body}");
        assert!(
            body.contains(&shared::calendar::when(Default::default(), start)),
            "{body}"
        );
        let saved: Outage = u.store.get(Table::Outages, &o.id).await.unwrap().unwrap();
        let n = saved.notice.unwrap();
        assert_eq!((n.done, n.emailed, n.skipped), (6, 2, 4));
        assert!(n.finished_at.is_some());

        // A degraded outage, or one of login only, sends nothing.
        for (components, degraded) in [(vec!["email"], true), (vec!["login"], false)] {
            let o = u
                .create_outage(
                    By::Operator,
                    OutageInput {
                        start: label(start),
                        end: label(start + 3600),
                        components: components.iter().map(|c| c.to_string()).collect(),
                        message_en: "Slow.".into(),
                        message_es: "Lento.".into(),
                        degraded,
                    },
                    now,
                )
                .await
                .unwrap();
            assert!(o.notice.is_none());
        }
        assert_eq!(u.outage_notice_step(4, u.clock.now()).await.unwrap(), None);
    }
}
