//! Scheduled outages (see `domain::status`): the help desk creates, edits and ends them
//! in its console, or an operator on the command line when the portal itself is down.
//! Every change is audited (on the help-desk account, or on `operator` for the command
//! line). An outage of `login` or `portal` closes the password step like the weekly
//! window; an outage of one MFA channel disables that channel's devices: a passcode
//! request or an enrolment for it answers 503 `channel_unavailable`.
use crate::crypto::secrets;
use crate::domain::access::{is_help_desk, DomainError};
use crate::domain::auth::Authenticated;
use crate::domain::Umbral;
use crate::store::{Change, Durability, Outage, Store, Table};
use shared::api::outage::{OutageInput, OutageView};
use shared::api::status::Period;
use shared::calendar::eastern;
use shared::i18n::Locale;

/// The audit trail of changes made on the command line.
pub const OPERATOR: &str = "operator";

/// Who changes an outage: a help-desk session, or the command line.
pub enum By<'a> {
    HelpDesk(&'a Authenticated),
    Operator,
}

impl By<'_> {
    fn key(&self) -> Result<String, DomainError> {
        match self {
            By::HelpDesk(me) if is_help_desk(&me.account) => Ok(me.account.key()),
            By::HelpDesk(_) => Err(DomainError::Forbidden),
            By::Operator => Ok(OPERATOR.into()),
        }
    }
}

impl Umbral {
    /// Every outage not over by `now`, soonest first.
    pub async fn outages_from(&self, now: u64) -> Result<Vec<Outage>, DomainError> {
        let mut v: Vec<Outage> = self
            .store
            .scan::<Outage>(Table::Outages, "", usize::MAX)
            .await?
            .into_iter()
            .map(|(_, o)| o)
            .filter(|o| o.end > now)
            .collect();
        v.sort_by_key(|o| (o.start, o.id.clone()));
        Ok(v)
    }

    /// The end of the outage of `component` in progress at `now`, if any (a degraded
    /// one closes nothing and does not count).
    pub async fn component_down(&self, component: &str, now: u64) -> Option<u64> {
        let outages = self.outages_from(now).await.unwrap_or_default();
        Self::component_down_in(&outages, component, now)
    }

    /// [`Self::component_down`] with the outages already read (`outages_from(now)`).
    pub fn component_down_in(outages: &[Outage], component: &str, now: u64) -> Option<u64> {
        outages
            .iter()
            .filter(|o| {
                !o.degraded && o.start <= now && o.components.iter().any(|c| c == component)
            })
            .map(|o| o.end)
            .max()
    }

    /// The outages of `component` in progress at `now`, the longest first.
    pub async fn outages_of(&self, component: &str, now: u64) -> Vec<Outage> {
        let mut v: Vec<Outage> = self
            .outages_from(now)
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|o| o.start <= now && o.components.iter().any(|c| c == component))
            .collect();
        v.sort_by_key(|o| std::cmp::Reverse(o.end));
        v
    }

    pub fn outage_view(&self, l: Locale, o: &Outage, now: u64) -> OutageView {
        OutageView {
            id: o.id.clone(),
            period: Period {
                start: o.start,
                end: o.end,
                start_et: shared::calendar::when(l, o.start),
                end_et: shared::calendar::when(l, o.end),
            },
            components: o.components.clone(),
            message: message(o, l),
            message_en: o.message_en.clone(),
            message_es: o.message_es.clone(),
            current: o.start <= now && now < o.end,
            degraded: o.degraded,
        }
    }

    pub async fn create_outage(
        &self,
        by: By<'_>,
        input: OutageInput,
        now: u64,
    ) -> Result<Outage, DomainError> {
        let who = by.key()?;
        let (start, end) = input
            .validate(&self.apps.ids())
            .map_err(DomainError::Invalid)?;
        let o = Outage {
            id: format!("OUT-{}", secrets::id().to_uppercase()),
            start,
            end,
            components: input.components.clone(),
            message_en: input.message_en.trim().into(),
            message_es: input.message_es.trim().into(),
            created_by: who.clone(),
            created_at: now,
            degraded: input.degraded,
            // People whose every device is of a channel it closes are told by email
            // (the notice job, `domain::outage_notice`).
            notice: (end > now && needs_notice(&input.components, input.degraded))
                .then(Default::default),
        };
        self.store.insert_new(Table::Outages, &o.id, &o).await?;
        self.audit(&who, "outage_created", Some(describe(&o)), now)
            .await?;
        Ok(o)
    }

    pub async fn update_outage(
        &self,
        by: By<'_>,
        id: &str,
        input: OutageInput,
        now: u64,
    ) -> Result<Outage, DomainError> {
        let who = by.key()?;
        let (start, end) = input
            .validate(&self.apps.ids())
            .map_err(DomainError::Invalid)?;
        let o = self
            .store
            .update::<Outage, Option<Outage>, _>(Table::Outages, id, Durability::Flushed, |o| {
                match o {
                    Some(mut o) => {
                        o.start = start;
                        o.end = end;
                        o.components = input.components.clone();
                        o.message_en = input.message_en.trim().into();
                        o.message_es = input.message_es.trim().into();
                        o.degraded = input.degraded;
                        (Change::Put(o.clone()), Some(o))
                    }
                    None => (Change::Keep, None),
                }
            })
            .await?
            .ok_or(DomainError::NotFound)?;
        self.audit(&who, "outage_changed", Some(describe(&o)), now)
            .await?;
        Ok(o)
    }

    /// Ends an outage now (one not started yet is cancelled: it ends before it starts).
    pub async fn end_outage(&self, by: By<'_>, id: &str, now: u64) -> Result<Outage, DomainError> {
        let who = by.key()?;
        let o = self
            .store
            .update::<Outage, Option<Outage>, _>(Table::Outages, id, Durability::Flushed, |o| {
                match o {
                    Some(mut o) => {
                        o.end = o.end.min(now);
                        o.start = o.start.min(o.end);
                        (Change::Put(o.clone()), Some(o))
                    }
                    None => (Change::Keep, None),
                }
            })
            .await?
            .ok_or(DomainError::NotFound)?;
        self.audit(&who, "outage_ended", Some(describe(&o)), now)
            .await?;
        Ok(o)
    }
}

/// The components an outage can close that are code channels (device kinds).
pub const CHANNELS: [&str; 4] = ["email", "sms", "voice", "authenticator"];

/// The channels of `components` that are code channels.
pub fn channels_of(components: &[String]) -> Vec<&str> {
    CHANNELS
        .into_iter()
        .filter(|c| components.iter().any(|x| x == c))
        .collect()
}

/// Whether an outage of `components` (closing, not degraded) needs a notice.
pub fn needs_notice(components: &[String], degraded: bool) -> bool {
    !degraded && !channels_of(components).is_empty()
}

fn describe(o: &Outage) -> String {
    format!(
        "{} {} to {} ({}){}",
        o.id,
        eastern(o.start).label(),
        eastern(o.end).label(),
        o.components.join(", "),
        if o.degraded { ", degraded" } else { "" }
    )
}

/// An outage's message in `l`.
pub fn message(o: &Outage, l: Locale) -> String {
    match l {
        Locale::Es => o.message_es.clone(),
        _ => o.message_en.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::auth::AuthError;
    use crate::domain::testing::{umbral, T0};
    use crate::store::{Account, Device};
    use shared::api::auth::{DeviceKind, DeviceStatus, LoginRequest, PasscodeRequest};

    fn input(start: u64, end: u64, components: &[&str]) -> OutageInput {
        OutageInput {
            start: eastern(start).label()[..16].to_string(),
            end: eastern(end).label()[..16].to_string(),
            components: components.iter().map(|c| c.to_string()).collect(),
            message_en: "Text message codes are unavailable.".into(),
            message_es: "Los códigos por mensaje de texto no están disponibles.".into(),
            degraded: false,
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_outage_of_one_channel_greys_out_exactly_that_channel_and_the_default_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        let u = umbral(dir.path());
        crate::demo::load(&u, dir.path(), T0).await.unwrap();
        let pw = std::fs::read_to_string(dir.path().join("demo-accounts.txt"))
            .unwrap()
            .lines()
            .find(|l| l.trim_start().starts_with("erin.enduser"))
            .and_then(|l| l.split_whitespace().nth(2).map(str::to_string))
            .unwrap();
        // Erin has her app (her default) and a phone for texts.
        let app = u
            .store
            .account("erin.enduser")
            .await
            .unwrap()
            .unwrap()
            .devices[0]
            .id
            .clone();
        u.store
            .update::<Account, (), _>(Table::Accounts, "erin.enduser", Durability::Flushed, |a| {
                let mut a = a.unwrap();
                a.devices.push(Device {
                    id: "phone".into(),
                    kind: DeviceKind::Sms,
                    label: String::new(),
                    contact: Some("9045550111".into()),
                    pending_contact: None,
                    sealed_secret: None,
                    status: DeviceStatus::Active,
                    created_at: T0,
                    verification: None,
                });
                a.default_device = a.devices.first().map(|d| d.id.clone());
                (Change::Put(a), ())
            })
            .await
            .unwrap();
        // Texts are out from 10 minutes ago for two hours (minutes are the unit typed).
        let now = u.clock.now();
        let start = now - now % 60 - 600;
        let o = u
            .create_outage(By::Operator, input(start, start + 7200, &["sms"]), now)
            .await
            .unwrap();
        assert_eq!(u.component_down("sms", now).await, Some(o.end));
        assert_eq!(u.component_down("authenticator", now).await, None);
        let req = || LoginRequest {
            user_id: "erin.enduser".into(),
            password: pw.clone(),
        };
        let ch = u.login(req(), now).await.unwrap();
        let phone = ch.devices.iter().find(|d| d.id == "phone").unwrap();
        assert_eq!(phone.unavailable_until, Some(o.end));
        assert_eq!(
            ch.devices
                .iter()
                .find(|d| d.id == app)
                .unwrap()
                .unavailable_until,
            None
        );
        assert_eq!(ch.default_device.as_deref(), Some(app.as_str()));
        let asked = u
            .request_passcode(
                &ch.challenge,
                PasscodeRequest {
                    device_id: "phone".into(),
                },
                now,
            )
            .await;
        assert!(
            matches!(asked, Err(AuthError::ChannelUnavailable { until, .. }) if until == o.end)
        );
        // The app's channel goes out too: the default moves to what is left (nothing).
        u.create_outage(
            By::Operator,
            input(start, start + 3600, &["authenticator"]),
            now,
        )
        .await
        .unwrap();
        let ch = u.login(req(), now).await.unwrap();
        assert_eq!(ch.default_device, None);
        // Ended early: all available again, and the trail says who did what.
        u.end_outage(By::Operator, &o.id, now).await.unwrap();
        assert_eq!(u.component_down("sms", now).await, None);
        let trail = u.store.audit_trail(OPERATOR, 10).await.unwrap();
        assert!(trail.iter().any(|e| e.event == "outage_ended"));
        // The help desk only: an ordinary session may not.
        let mary = u.store.account("mary.jones").await.unwrap().unwrap();
        let me = Authenticated {
            session_key: String::new(),
            session: crate::domain::auth::Session {
                account: mary.key(),
                created_at: now,
                last_seen: now,
                auth_at: now,
                expires_at: now + 60,
                generation: 0,
                mfa: None,
                recovered: false,
            },
            account: mary,
        };
        assert!(matches!(
            u.create_outage(By::HelpDesk(&me), input(start, start + 60, &["sms"]), now)
                .await,
            Err(DomainError::Forbidden)
        ));
    }
}
