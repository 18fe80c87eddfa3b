//! Passkeys and security keys as an MFA device (issue 27), through webauthn-rs, the
//! crate Kanidm uses.
//!
//! The sources' rule stands: the password first, then a second factor, at every login.
//! A passkey is that second factor, and the strongest one: the browser signs the
//! server's challenge for this site only (a phishing page's origin gets nothing it can
//! use), and user verification is required (the phone's fingerprint, face or PIN), which
//! is what NIST SP 800-63B-4 asks AAL2 to offer.
//!
//! - The relying party is the site of `--public-url`: its host is the RP ID and the URL
//!   the one origin accepted. (Browsers refuse an IP address as an RP ID: a deployment
//!   reached at `http://127.0.0.1` offers passkeys only once it has a name.)
//! - Adding one needs a login within the reauthentication window, like any device. The
//!   registration state waits in the account record for five minutes; the browser's
//!   answer takes it, so it is used once.
//! - At the passcode step, the login challenge holds the assertion state; the signed
//!   answer opens the session through the same `finish_login` as a passcode. A wrong or
//!   foreign answer counts toward the lock like a wrong passcode. A signature counter that
//!   does not move forward means two copies of the key exist (a cloned key): refused,
//!   audited, and the owner is told.
use super::*;
use crate::crypto::secrets;
use crate::domain::Umbral;
use crate::store::{Account, Challenge, Change, Device, Durability, PasskeyRecord, PendingPasskey};
use crate::store::{Store, Table};
use shared::api::auth::*;
use webauthn_rs::prelude::{
    PublicKeyCredential, RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
    WebauthnError,
};

/// How long the browser has to answer a registration.
const REGISTRATION_SECS: u64 = 5 * 60;

fn options(v: impl serde::Serialize) -> Result<WebAuthnOptions, AuthError> {
    let json = serde_json::to_value(v).map_err(|_| AuthError::PasskeysOff)?;
    let public_key = json.get("publicKey").ok_or(AuthError::PasskeysOff)?;
    Ok(WebAuthnOptions {
        public_key: serde_json::value::to_raw_value(public_key)
            .map_err(|_| AuthError::PasskeysOff)?,
    })
}

impl Umbral {
    /// The relying party of `--public-url`.
    fn webauthn(&self) -> Result<Webauthn, AuthError> {
        let origin = Url::parse(&self.policy.public_url).map_err(|_| AuthError::PasskeysOff)?;
        let rp_id = origin.host_str().ok_or(AuthError::PasskeysOff)?.to_string();
        WebauthnBuilder::new(&rp_id, &origin)
            .and_then(|b| b.rp_name("Umbral").build())
            .map_err(|e| {
                tracing::warn!(error = %e, "passkeys unavailable for this public URL");
                AuthError::PasskeysOff
            })
    }

    /// The WebAuthn user handle: stable for the account, and not its user ID (which the
    /// authenticator would store in the clear).
    fn passkey_user(&self, key: &str) -> Uuid {
        let mac = self.keys.mac(&format!("webauthn-user:{key}"));
        let mut b = [0u8; 16];
        for (i, c) in mac.bytes().take(16).enumerate() {
            b[i] = c;
        }
        Uuid::from_bytes(b)
    }

    /// `POST /me/passkeys`: the options for `navigator.credentials.create`.
    pub async fn start_passkey(
        &self,
        auth: &Authenticated,
        now: u64,
    ) -> Result<WebAuthnOptions, AuthError> {
        self.require_recent_login(auth, now)?;
        let a = &auth.account;
        if a.devices.len() >= MAX_DEVICES {
            return Err(AuthError::TooManyDevices);
        }
        let wa = self.webauthn()?;
        let exclude = a
            .passkeys
            .iter()
            .map(|p| p.passkey.cred_id().clone())
            .collect();
        let name = format!("{} {}", a.first_name, a.last_name);
        let (ccr, state) = wa
            .start_passkey_registration(
                self.passkey_user(&a.key()),
                &a.user_id,
                &name,
                Some(exclude),
            )
            .map_err(|_| AuthError::PasskeysOff)?;
        let pending = PendingPasskey {
            state,
            expires_at: now + REGISTRATION_SECS,
        };
        self.change_account(&a.key(), |acc| acc.pending_passkey = Some(pending.clone()))
            .await?;
        options(ccr)
    }

    /// `POST /me/passkeys/verification`: the browser's new credential becomes a device.
    pub async fn finish_passkey(
        &self,
        auth: &Authenticated,
        req: NewPasskey,
        now: u64,
    ) -> Result<DeviceView, AuthError> {
        self.require_recent_login(auth, now)?;
        let label = req
            .label
            .as_deref()
            .map(str::trim)
            .unwrap_or("")
            .to_string();
        if label.chars().count() > 40 {
            return Err(field("label", "too_long"));
        }
        let key = auth.account.key();
        // The registration state is taken (used once) whatever the answer.
        let pending = self
            .store
            .update::<Account, Option<PendingPasskey>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |acc| match acc {
                    Some(mut acc) if acc.pending_passkey.is_some() => {
                        let p = acc.pending_passkey.take();
                        (Change::Put(acc), p)
                    }
                    _ => (Change::Keep, None),
                },
            )
            .await?
            .filter(|p| p.expires_at >= now)
            .ok_or(AuthError::WrongStep)?;
        let wa = self.webauthn()?;
        let reg: RegisterPublicKeyCredential = serde_json::from_str(req.credential.get())
            .map_err(|_| field("credential", "invalid"))?;
        let passkey = match wa.finish_passkey_registration(&reg, &pending.state) {
            Ok(p) => p,
            Err(e) => {
                tracing::info!(error = %e, "passkey registration refused");
                self.audit(
                    &key,
                    "device_verification_failed",
                    Some("passkey".into()),
                    now,
                )
                .await?;
                return Err(field("credential", "invalid"));
            }
        };
        let id = secrets::id();
        let device = Device {
            id: id.clone(),
            kind: DeviceKind::Passkey,
            label: label.clone(),
            contact: None,
            pending_contact: None,
            sealed_secret: None,
            status: DeviceStatus::Active,
            created_at: now,
            verification: None,
        };
        let record = PasskeyRecord {
            device_id: id.clone(),
            passkey,
        };
        let updated = self
            .store
            .update::<Account, Result<Account, AuthError>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |acc| match acc {
                    None => (Change::Keep, Err(AuthError::Unauthenticated)),
                    Some(acc) if acc.devices.len() >= MAX_DEVICES => {
                        (Change::Keep, Err(AuthError::TooManyDevices))
                    }
                    // The same key registered twice (excluded, but a browser may ignore it).
                    Some(acc)
                        if acc
                            .passkeys
                            .iter()
                            .any(|p| p.passkey.cred_id() == record.passkey.cred_id()) =>
                    {
                        (Change::Keep, Err(field("credential", "invalid")))
                    }
                    Some(mut acc) => {
                        acc.devices.push(device.clone());
                        acc.passkeys.push(record.clone());
                        (Change::Put(acc.clone()), Ok(acc))
                    }
                },
            )
            .await??;
        self.audit(&key, "device_added", Some("passkey".into()), now)
            .await?;
        let name = if label.is_empty() {
            devices::kind_name(updated.locale, DeviceKind::Passkey)
        } else {
            label
        };
        self.notify(&updated, "msg-device-added", &[("device", name)])
            .await?;
        Ok(device_view(&device))
    }

    /// `POST /sessions/{c}/passkey-challenge`: the options for `navigator.credentials.get`,
    /// for every passkey of the account; the state waits in the login challenge.
    pub async fn passkey_challenge(
        &self,
        token: &str,
        now: u64,
    ) -> Result<WebAuthnOptions, AuthError> {
        let (ck, c, a) = self.challenge(token, now).await?;
        if Self::next_step(&a, &c) != Next::Passcode {
            return Err(AuthError::WrongStep);
        }
        let keys: Vec<_> = a
            .passkeys
            .iter()
            .filter(|p| a.active_devices().any(|d| d.id == p.device_id))
            .map(|p| p.passkey.clone())
            .collect();
        if keys.is_empty() {
            return Err(field("device_id", "invalid"));
        }
        let (rcr, state) = self
            .webauthn()?
            .start_passkey_authentication(&keys)
            .map_err(|_| AuthError::PasskeysOff)?;
        self.set_passkey_state(&ck, Some(state)).await?;
        options(rcr)
    }

    async fn set_passkey_state(
        &self,
        ck: &str,
        state: Option<webauthn_rs::prelude::PasskeyAuthentication>,
    ) -> Result<(), AuthError> {
        self.store
            .update::<Challenge, Result<(), AuthError>, _>(
                Table::Challenges,
                ck,
                Durability::Flushed,
                |c| match c {
                    None => (Change::Keep, Err(AuthError::ChallengeExpired)),
                    Some(mut c) => {
                        c.passkey = state.clone();
                        (Change::Put(c), Ok(()))
                    }
                },
            )
            .await?
    }

    /// `POST /sessions/{c}/passkey`: the signed assertion ends the login with a session.
    pub async fn passkey_login(
        &self,
        token: &str,
        input: PasskeyAssertion,
        now: u64,
    ) -> Result<(String, Profile), AuthError> {
        let (ck, c, a) = self.challenge(token, now).await?;
        if Self::next_step(&a, &c) != Next::Passcode {
            return Err(AuthError::WrongStep);
        }
        let state = c.passkey.clone().ok_or(AuthError::WrongStep)?;
        let key = a.key();
        let attempt = self.reserve(&key, now).await?;
        // One assertion per challenge of the browser's: spent, right or wrong.
        self.set_passkey_state(&ck, None).await?;
        let checked = serde_json::from_str::<PublicKeyCredential>(input.credential.get())
            .map_err(|_| None)
            .and_then(|cred| {
                self.webauthn()
                    .map_err(|_| None)?
                    .finish_passkey_authentication(&cred, &state)
                    .map_err(Some)
            });
        let result = match checked {
            Ok(r) => r,
            Err(e) => {
                let cloned = matches!(e, Some(WebauthnError::CredentialPossibleCompromise));
                let event = if cloned {
                    "passkey_clone_suspected"
                } else {
                    "passkey_failed"
                };
                self.failed(attempt, event, now).await?;
                if cloned {
                    tracing::warn!(account = %key, "a passkey's signature counter went back");
                    self.notify(&a, "msg-passkey-cloned", &[]).await?;
                }
                return Err(AuthError::InvalidPasscode);
            }
        };
        // The counter moves forward in the record, so a copy of the key that signs with
        // an older count is caught next time.
        let device_id = self
            .store
            .update::<Account, Option<String>, _>(
                Table::Accounts,
                &key,
                Durability::Flushed,
                |acc| match acc {
                    None => (Change::Keep, None),
                    Some(mut acc) => {
                        let Some(rec) = acc
                            .passkeys
                            .iter_mut()
                            .find(|p| p.passkey.cred_id() == result.cred_id())
                        else {
                            return (Change::Keep, None);
                        };
                        rec.passkey.update_credential(&result);
                        let id = rec.device_id.clone();
                        (Change::Put(acc), Some(id))
                    }
                },
            )
            .await?;
        let Some(device_id) = device_id.filter(|id| a.active_devices().any(|d| &d.id == id)) else {
            self.failed(attempt, "passkey_failed", now).await?;
            return Err(AuthError::InvalidPasscode);
        };
        self.finish_login(&ck, &key, SecondFactor::Device(&device_id), now)
            .await
    }
}
