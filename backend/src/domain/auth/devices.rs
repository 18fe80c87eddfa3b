//! MFA devices: add (authenticator, SMS, voice, email), verify, resend, edit, remove.
//! A phone number or address belongs to one account, claimed when it is verified.
use super::*;
use crate::crypto::mfa::enrol::{base32, otpauth_uri, qr_data_uri};
use crate::crypto::secrets;
use crate::domain::{catalog, Umbral};
use crate::store::{Account, Change, Device, Durability, Store, StoreError, Table};
use shared::api::auth::*;
use shared::i18n::Locale;

/// How many times in 24 hours an account is told that a number or address it names is
/// another account's device (see `refuse_if_taken`).
pub const TAKEN_ANSWERS_PER_DAY: usize = 5;
const DAY_SECS: u64 = 86_400;

pub(crate) fn owner_key(kind: DeviceKind, contact: &str) -> String {
    crate::store::index::device_owner(kind.uses_phone(), contact)
}

pub(crate) fn normalize_contact(
    kind: DeviceKind,
    phone: Option<&str>,
    email: Option<&str>,
) -> Option<String> {
    match kind {
        DeviceKind::Authenticator | DeviceKind::Passkey => None,
        DeviceKind::Email => email.map(|e| e.trim().to_lowercase()),
        _ => phone.and_then(|p| shared::validate::contact::phone_digits(p.trim())),
    }
}

pub(crate) fn mask(kind: DeviceKind, contact: &str) -> String {
    if kind.uses_phone() {
        mask_phone(contact)
    } else {
        mask_email(contact)
    }
}

pub fn device_view(d: &Device) -> DeviceView {
    DeviceView {
        id: d.id.clone(),
        kind: d.kind,
        label: d.label.clone(),
        masked: d
            .contact
            .as_deref()
            .map(|c| mask(d.kind, c))
            .unwrap_or_default(),
        status: d.status,
        pending_masked: d.pending_contact.as_deref().map(|c| mask(d.kind, c)),
        unavailable_until: None,
    }
}

pub(crate) fn kind_name(l: Locale, k: DeviceKind) -> String {
    catalog().text(l, &format!("device-kind-{}", k.code()))
}

impl Umbral {
    /// During a login: enrolment is open only to an account with no active device,
    /// after its email is verified, so a stolen password cannot add a device.
    pub async fn challenge_enrolment(
        &self,
        token: &str,
        now: u64,
    ) -> Result<(String, Account), AuthError> {
        let (ck, c, a) = self.challenge(token, now).await?;
        if Self::next_step(&a, &c) != Next::EnrollDevice {
            return Err(AuthError::WrongStep);
        }
        Ok((ck, a))
    }

    pub(crate) async fn owned_by_other(
        &self,
        kind: DeviceKind,
        contact: &str,
        key: &str,
    ) -> Result<bool, AuthError> {
        Ok(self
            .store
            .get::<String>(Table::DeviceOwners, &owner_key(kind, contact))
            .await?
            .is_some_and(|owner| owner != key))
    }

    /// A number or address that is another account's device is refused plainly, so the
    /// person knows to use another one or call the help desk (issue 27: a silent "code
    /// sent" whose every code then failed was a support trap). What that tells is
    /// rationed: an account learns it at most [`TAKEN_ANSWERS_PER_DAY`] times in any 24
    /// hours, and past that every number or address it names is answered 429 until the
    /// oldest answer is a day old, taken or not, so the limit itself tells nothing. The
    /// count is kept on the account, so it holds across restarts and instances.
    async fn refuse_if_taken(
        &self,
        key: &str,
        kind: DeviceKind,
        contact: &str,
        now: u64,
    ) -> Result<(), AuthError> {
        let taken = self.owned_by_other(kind, contact, key).await?;
        let day_ago = now.saturating_sub(DAY_SECS);
        let name = if kind == DeviceKind::Email {
            "email"
        } else {
            "phone"
        };
        self.store
            .update::<Account, Result<(), AuthError>, _>(
                Table::Accounts,
                key,
                Durability::Flushed,
                |acc| match acc {
                    None => (Change::Keep, Err(AuthError::Unauthenticated)),
                    Some(mut acc) => {
                        acc.taken_answers.retain(|t| *t > day_ago);
                        if acc.taken_answers.len() >= TAKEN_ANSWERS_PER_DAY {
                            let oldest = acc.taken_answers.iter().min().copied().unwrap_or(now);
                            let wait = (oldest + DAY_SECS).saturating_sub(now).max(1);
                            (Change::Keep, Err(AuthError::TooMany(wait)))
                        } else if taken {
                            acc.taken_answers.push(now);
                            (Change::Put(acc), Err(field(name, "taken_device")))
                        } else {
                            (Change::Keep, Ok(()))
                        }
                    }
                },
            )
            .await?
    }

    /// Adds a pending device; a delivered kind gets a code at its number or address.
    pub async fn add_device(
        &self,
        a: &Account,
        req: NewDevice,
        now: u64,
    ) -> Result<DeviceCreated, AuthError> {
        invalid(req.validate())?;
        // A passkey is made by the browser (`passkeys`), not with a code.
        let kind = DeviceKind::from_code(&req.kind)
            .filter(|k| *k != DeviceKind::Passkey)
            .ok_or_else(|| field("kind", "invalid"))?;
        if let Some(until) = self.component_down(kind.code(), now).await {
            return Err(AuthError::ChannelUnavailable { until, now });
        }
        let key = a.key();
        let contact = normalize_contact(kind, req.phone.as_deref(), req.email.as_deref());
        if let Some(c) = &contact {
            self.refuse_if_taken(&key, kind, c, now).await?;
        }
        let id = secrets::id();
        let mut created = DeviceCreated {
            id: id.clone(),
            status: DeviceStatus::Pending,
            otpauth_uri: None,
            secret: None,
            qr_svg: None,
        };
        let mut code = None;
        let (sealed_secret, verification) = if kind == DeviceKind::Authenticator {
            let mut seed = [0u8; 20];
            rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut seed);
            let b32 = base32(&seed);
            let uri = otpauth_uri(&a.user_id, &b32);
            created.qr_svg = qr_data_uri(&uri);
            created.otpauth_uri = Some(uri);
            created.secret = Some(b32);
            (
                Some(self.keys.seal(&seed, &secrets::totp_aad(&a.key(), &id))),
                None,
            )
        } else {
            let c = secrets::code();
            let sent = self.sent_code(&id, &c, now);
            code = Some(c);
            (None, Some(sent))
        };
        let device = Device {
            id: id.clone(),
            kind,
            label: req
                .label
                .as_deref()
                .map(str::trim)
                .unwrap_or("")
                .to_string(),
            contact: contact.clone(),
            pending_contact: None,
            sealed_secret,
            status: DeviceStatus::Pending,
            created_at: now,
            verification,
        };
        self.store
            .update::<Account, Result<(), AuthError>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |acc| match acc {
                    None => (Change::Keep, Err(AuthError::Unauthenticated)),
                    Some(acc) if acc.devices.len() >= MAX_DEVICES => {
                        (Change::Keep, Err(AuthError::TooManyDevices))
                    }
                    Some(mut acc) => {
                        acc.devices.push(device.clone());
                        (Change::Put(acc), Ok(()))
                    }
                },
            )
            .await??;
        if let (Some(c), Some(to)) = (code, contact) {
            self.send_device_code(a, kind, &to, &c).await?;
        }
        Ok(created)
    }

    /// Sends a device's verification code, within the quotas. A number or address that
    /// is already another account's device is answered exactly like a free one, but
    /// nothing is sent to it: its owner is not disturbed, and the caller learns
    /// nothing, since the code it never got fails like a wrong one (F9). The asking
    /// account's own quota is taken either way; the destination's (its budget for
    /// others, review 3, G3) only when something is sent, so naming another person's
    /// number spends nothing of theirs.
    async fn send_device_code(
        &self,
        a: &Account,
        kind: DeviceKind,
        to: &str,
        code: &str,
    ) -> Result<(), AuthError> {
        if !kind.is_delivered() {
            return Ok(());
        }
        self.throttle
            .send_to_account(&a.key())
            .await
            .map_err(|r| AuthError::TooMany(r.0))?;
        if self.owned_by_other(kind, to, &a.key()).await? {
            tracing::info!("device code withheld: the destination is another account's device");
            return Ok(());
        }
        self.throttle
            .send_to_destination(to, crate::domain::throttle::By::Other)
            .await
            .map_err(|r| AuthError::TooMany(r.0))?;
        Ok(self.deliver_code(a.locale, kind, to, code).await?)
    }

    /// Sends a new verification code to a pending device or pending number.
    pub async fn resend_device_code(
        &self,
        a: &Account,
        id: &str,
        now: u64,
    ) -> Result<(), AuthError> {
        let d = a.device(id).ok_or(AuthError::NotFound)?;
        let to = match (&d.pending_contact, d.status) {
            (Some(p), _) => p.clone(),
            (None, DeviceStatus::Pending) if d.kind.is_delivered() => {
                d.contact.clone().unwrap_or_default()
            }
            _ => return Err(AuthError::WrongStep),
        };
        let c = secrets::code();
        let sent = self.sent_code(id, &c, now);
        self.store
            .update::<Account, (), _>(Table::Accounts, &a.key(), Durability::Flushed, |acc| {
                match acc {
                    None => (Change::Keep, ()),
                    Some(mut acc) => {
                        if let Some(d) = acc.device_mut(id) {
                            d.verification = Some(sent.clone());
                        }
                        (Change::Put(acc), ())
                    }
                }
            })
            .await?;
        self.send_device_code(a, d.kind, &to, &c).await
    }

    /// Verifies a pending device (or a device's new number) with a code from it. The
    /// number or address is claimed for this account at this moment, atomically.
    pub async fn verify_device(
        &self,
        a: &Account,
        id: &str,
        input: CodeInput,
        now: u64,
    ) -> Result<DeviceView, AuthError> {
        invalid(input.validate())?;
        let key = a.key();
        let d = a.device(id).ok_or(AuthError::NotFound)?.clone();
        if d.status == DeviceStatus::Active && d.pending_contact.is_none() {
            return Err(AuthError::WrongStep);
        }
        let code = normalize_code(&input.code);
        let check = if d.kind == DeviceKind::Authenticator {
            if self.totp_ok(a, &d, &code, now).await? {
                CodeCheck::Ok
            } else {
                CodeCheck::Wrong
            }
        } else {
            let keys = &self.keys;
            self.store
                .update::<Account, CodeCheck, _>(
                    Table::Accounts,
                    &key,
                    Durability::Flushed,
                    |acc| match acc {
                        None => (Change::Keep, CodeCheck::Dead),
                        Some(mut acc) => match acc.device_mut(id) {
                            None => (Change::Keep, CodeCheck::Dead),
                            Some(dev) => {
                                let r = check_sent(keys, &mut dev.verification, id, &code, now);
                                (Change::Put(acc), r)
                            }
                        },
                    },
                )
                .await?
        };
        if !matches!(check, CodeCheck::Ok) {
            self.audit(
                &key,
                "device_verification_failed",
                Some(d.kind.code().into()),
                now,
            )
            .await?;
            return Err(check.field_error());
        }
        let new_contact = d.pending_contact.clone().or(d.contact.clone());
        if let Some(c) = &new_contact {
            let ok = match self
                .store
                .insert_new(Table::DeviceOwners, &owner_key(d.kind, c), &key)
                .await
            {
                Ok(()) => true,
                Err(StoreError::Conflict) => !self.owned_by_other(d.kind, c, &key).await?,
                Err(e) => return Err(e.into()),
            };
            if !ok {
                // Only reachable by a code that was never sent: answered as wrong.
                return Err(field("code", "incorrect"));
            }
        }
        let old_contact = d.contact.clone();
        let changed_contact = d.pending_contact.is_some();
        let updated = self
            .store
            .update::<Account, Option<Account>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |acc| match acc {
                    None => (Change::Keep, None),
                    Some(mut acc) => {
                        if let Some(dev) = acc.device_mut(id) {
                            dev.status = DeviceStatus::Active;
                            dev.contact = new_contact.clone();
                            dev.pending_contact = None;
                            dev.verification = None;
                        }
                        (Change::Put(acc.clone()), Some(acc))
                    }
                },
            )
            .await?
            .ok_or(AuthError::NotFound)?;
        if changed_contact {
            if let Some(old) = old_contact.filter(|o| Some(o) != new_contact.as_ref()) {
                self.release_contact(&updated, d.kind, &old).await?;
            }
        }
        let event = if changed_contact {
            "device_changed"
        } else {
            "device_added"
        };
        self.audit(&key, event, Some(d.kind.code().into()), now)
            .await?;
        let label = if d.label.is_empty() {
            kind_name(a.locale, d.kind)
        } else {
            d.label.clone()
        };
        let msg = if changed_contact {
            "msg-device-changed"
        } else {
            "msg-device-added"
        };
        self.notify(&updated, msg, &[("device", label)]).await?;
        let dev = updated.device(id).ok_or(AuthError::NotFound)?;
        Ok(device_view(dev))
    }

    /// Frees a number or address once no device of the account uses it.
    pub(crate) async fn release_contact(
        &self,
        a: &Account,
        kind: DeviceKind,
        contact: &str,
    ) -> Result<(), AuthError> {
        let ok = owner_key(kind, contact);
        let still_used = a.devices.iter().any(|d| {
            [&d.contact, &d.pending_contact]
                .iter()
                .any(|c| c.as_deref().is_some_and(|c| owner_key(d.kind, c) == ok))
        });
        if !still_used {
            let key = a.key();
            self.store
                .update::<String, (), _>(Table::DeviceOwners, &ok, Durability::Flushed, |owner| {
                    match owner {
                        Some(o) if o == key => (Change::Delete, ()),
                        _ => (Change::Keep, ()),
                    }
                })
                .await?;
        }
        Ok(())
    }

    /// Verifying the first device during a login proves the device and ends the login.
    pub async fn verify_first_device(
        &self,
        token: &str,
        id: &str,
        input: CodeInput,
        now: u64,
    ) -> Result<(String, Profile), AuthError> {
        let (ck, a) = self.challenge_enrolment(token, now).await?;
        self.verify_device(&a, id, input, now).await?;
        self.finish_login(&ck, &a.key(), SecondFactor::Device(id), now)
            .await
    }

    pub async fn edit_device(
        &self,
        auth: &Authenticated,
        id: &str,
        edit: DeviceEdit,
        now: u64,
    ) -> Result<DeviceView, AuthError> {
        let a = &auth.account;
        let d = a.device(id).ok_or(AuthError::NotFound)?.clone();
        invalid(edit.validate(d.kind))?;
        let key = a.key();
        let new_contact = normalize_contact(d.kind, edit.phone.as_deref(), edit.email.as_deref())
            .filter(|c| Some(c) != d.contact.as_ref());
        if let Some(c) = &new_contact {
            self.require_recent_login(auth, now)?;
            self.refuse_if_taken(&key, d.kind, c, now).await?;
        }
        let code = new_contact.as_ref().map(|_| secrets::code());
        let sent = code.as_ref().map(|c| self.sent_code(id, c, now));
        let label = edit.label.as_deref().map(|l| l.trim().to_string());
        let updated = self
            .store
            .update::<Account, Option<Account>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |acc| match acc {
                    None => (Change::Keep, None),
                    Some(mut acc) => {
                        if let Some(dev) = acc.device_mut(id) {
                            if let Some(l) = &label {
                                dev.label = l.clone();
                            }
                            if new_contact.is_some() {
                                dev.pending_contact = new_contact.clone();
                                dev.verification = sent.clone();
                            }
                        }
                        (Change::Put(acc.clone()), Some(acc))
                    }
                },
            )
            .await?
            .ok_or(AuthError::NotFound)?;
        if label.is_some() {
            self.audit(&key, "device_renamed", Some(d.kind.code().into()), now)
                .await?;
        }
        if let (Some(c), Some(to)) = (code, &new_contact) {
            self.send_device_code(a, d.kind, to, &c).await?;
        }
        Ok(device_view(updated.device(id).ok_or(AuthError::NotFound)?))
    }

    pub async fn remove_device(
        &self,
        auth: &Authenticated,
        id: &str,
        now: u64,
    ) -> Result<(), AuthError> {
        self.require_recent_login(auth, now)?;
        let key = auth.account.key();
        let target = id.to_string();
        let (removed, updated) = self
            .store
            .update::<Account, Result<(Device, Account), AuthError>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |acc| {
                    let Some(mut acc) = acc else {
                        return (Change::Keep, Err(AuthError::NotFound));
                    };
                    let Some(pos) = acc.devices.iter().position(|d| d.id == target) else {
                        return (Change::Keep, Err(AuthError::NotFound));
                    };
                    let d = acc.devices[pos].clone();
                    if d.status == DeviceStatus::Active && acc.active_devices().count() == 1 {
                        return (Change::Keep, Err(AuthError::LastDevice));
                    }
                    acc.devices.remove(pos);
                    acc.passkeys.retain(|p| p.device_id != target);
                    if acc.default_device.as_deref() == Some(target.as_str()) {
                        acc.default_device = None;
                    }
                    (Change::Put(acc.clone()), Ok((d, acc)))
                },
            )
            .await??;
        for c in [&removed.contact, &removed.pending_contact]
            .into_iter()
            .flatten()
        {
            self.release_contact(&updated, removed.kind, c).await?;
        }
        self.audit(
            &key,
            "device_removed",
            Some(removed.kind.code().into()),
            now,
        )
        .await?;
        if removed.status == DeviceStatus::Active {
            let l = updated.locale;
            let label = if removed.label.is_empty() {
                kind_name(l, removed.kind)
            } else {
                removed.label.clone()
            };
            self.notify(&updated, "msg-device-removed", &[("device", label)])
                .await?;
        }
        Ok(())
    }
}
