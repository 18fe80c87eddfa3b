//! Sessions: the cookie's token to an account, idle and absolute expiry, the
//! reauthentication window, logout, the activity trail and the sweep of expired records.
use super::*;
use crate::domain::Umbral;
use crate::store::{Account, Change, Durability, Session, Store, StoreError, Table};
use shared::api::auth::*;

impl Umbral {
    /// The session behind a cookie's token, refreshed; expired sessions are removed.
    pub async fn authenticate(&self, token: &str, now: u64) -> Result<Authenticated, AuthError> {
        let key = crate::store::index::session(&self.keys, token);
        let s: Session = self
            .store
            .get(Table::Sessions, &key)
            .await?
            .ok_or(AuthError::Unauthenticated)?;
        if now >= s.expires_at {
            self.end_session(&key).await?;
            return Err(AuthError::SessionExpired);
        }
        // A lock stops new logins; it does not end sessions already proved with a
        // passcode, or anyone who can lock an account could log its owner (a help-desk
        // agent, say) out at will (F4). A password reset or change ends them.
        let a = self
            .store
            .get::<Account>(Table::Accounts, &s.account)
            .await?;
        let Some(a) = a.filter(|a| a.session_generation == s.generation) else {
            self.end_session(&key).await?;
            return Err(AuthError::SessionExpired);
        };
        let (idle, max) = (self.policy.session_idle_secs, self.policy.session_max_secs);
        let s = self
            .store
            .update::<Session, Option<Session>, _>(
                Table::Sessions,
                &key,
                Durability::Buffered,
                |s| match s {
                    None => (Change::Keep, None),
                    Some(mut s) => {
                        s.last_seen = now;
                        s.expires_at = (now + idle).min(s.created_at + max);
                        (Change::Put(s.clone()), Some(s))
                    }
                },
            )
            .await?
            .ok_or(AuthError::Unauthenticated)?;
        Ok(Authenticated {
            session_key: key,
            session: s,
            account: a,
        })
    }

    /// Adding or removing a device, or changing a number or address, needs a login
    /// within the reauthentication window.
    pub fn require_recent_login(&self, auth: &Authenticated, now: u64) -> Result<(), AuthError> {
        if now.saturating_sub(auth.session.auth_at) >= self.policy.reauth_secs {
            Err(AuthError::ReauthRequired)
        } else {
            Ok(())
        }
    }

    pub(crate) async fn end_session(&self, key: &str) -> Result<(), StoreError> {
        self.store
            .update::<Session, (), _>(Table::Sessions, key, Durability::Flushed, |_| {
                (Change::Delete, ())
            })
            .await
    }

    pub async fn logout(&self, auth: &Authenticated, now: u64) -> Result<(), AuthError> {
        self.end_session(&auth.session_key).await?;
        self.audit(&auth.account.key(), "logout", None, now).await?;
        Ok(())
    }

    pub async fn activity(&self, a: &Account) -> Result<Vec<Activity>, AuthError> {
        Ok(self
            .store
            .audit_trail(&a.key(), 50)
            .await?
            .into_iter()
            .map(|e| Activity {
                at: e.at,
                event: e.event,
                detail: e.detail,
            })
            .collect())
    }

    /// Removes expired challenges, sessions, links, receipts and what the OpenID Connect
    /// provider keeps (authorization requests, codes, refresh tokens, ended grants).
    pub async fn sweep(&self, now: u64) -> Result<usize, StoreError> {
        let mut n = 0;
        for t in [
            Table::Challenges,
            Table::Sessions,
            Table::Links,
            Table::Receipts,
            Table::OidcRequests,
            Table::OidcCodes,
            Table::OidcRefresh,
            Table::OidcGrants,
        ] {
            n += self.store.sweep_expired(t, now).await?;
        }
        Ok(n)
    }
}
