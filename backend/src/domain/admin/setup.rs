//! The first help-desk account, made on the command line, and the page its one-time
//! link opens to set a password and a security question.
use super::SETUP_LINK_SECS;
use crate::crypto::secrets;
use crate::domain::access::{DomainError, HELP_DESK};
use crate::domain::auth::PasswordSource;
use crate::domain::auth::{Link, LinkKind};
use crate::domain::{catalog, Umbral};
use crate::store::Durability;
use crate::store::{Account, AccountStatus, Change, Store, StoreError, Table};
use shared::api::access::*;
use shared::i18n::Locale;

impl Umbral {
    /// `umbral admin create-help-desk`: an account with the help-desk role and no
    /// usable password, and a one-time link (24 hours) to set one. No default passwords.
    pub async fn create_help_desk(
        &self,
        user_id: &str,
        email: &str,
        first_name: &str,
        last_name: &str,
        now: u64,
    ) -> Result<String, String> {
        let mut e = shared::api::error::FieldErrors::new();
        if let Err(r) = shared::validate::user_id::validate(user_id) {
            e.insert(
                "user-id".into(),
                r.iter()
                    .map(|r| shared::validate::RuleCode::code(*r).into())
                    .collect(),
            );
        }
        for (f, v) in [("first-name", first_name), ("last-name", last_name)] {
            if let Err(r) = shared::validate::person::name(v) {
                e.insert(f.into(), vec![r.code().into()]);
            }
        }
        if let Err(r) = shared::validate::contact::email(email) {
            e.insert("email".into(), vec![r.code().into()]);
        }
        if !e.is_empty() {
            let l = Locale::En;
            return Err(e
                .iter()
                .map(|(f, codes)| {
                    let kind = if f == "user-id" { "user_id" } else { "field" };
                    let msgs: Vec<String> =
                        codes.iter().map(|c| catalog().rule(l, kind, c)).collect();
                    format!("--{f}: {}", msgs.join(" "))
                })
                .collect::<Vec<_>>()
                .join("\n"));
        }
        let token = match self
            .add_help_desk(user_id, email, first_name, last_name, Locale::En, now)
            .await
        {
            Ok((_, token)) => token,
            Err(DomainError::Store(StoreError::Conflict)) => {
                return Err(format!("the user ID {user_id} is already taken"))
            }
            Err(e) => return Err(e.to_string()),
        };
        Ok(format!(
            "{}/setup-account?token={token}",
            self.policy.public_url
        ))
    }

    pub async fn setup_info(&self, token: &str, now: u64) -> Result<SetupInfo, DomainError> {
        let (_, _, a) = self.link(LinkKind::AccountSetup, token, now).await?;
        Ok(SetupInfo {
            user_id: a.user_id,
            first_name: a.first_name,
            last_name: a.last_name,
        })
    }

    /// A help-desk account with no usable password, in `locale`, and the token of its
    /// one-time setup link (24 hours): the command line's `create-help-desk` and the
    /// console's invitation. `Store(Conflict)` when the user ID is taken.
    pub(crate) async fn add_help_desk(
        &self,
        user_id: &str,
        email: &str,
        first_name: &str,
        last_name: &str,
        locale: Locale,
        now: u64,
    ) -> Result<(Account, String), DomainError> {
        // An argon2id hash of 256 random bits that nobody knows: no password works
        // until the link sets one.
        let unusable = self
            .hasher
            .hash(secrets::token())
            .await
            .map_err(crate::domain::auth::AuthError::from)?;
        let account = Account {
            password_hash: unusable.clone(),
            security_answer_hash: unusable,
            roles: vec![HELP_DESK.into()],
            ..Account::new(
                user_id.trim(),
                first_name.trim(),
                last_name.trim(),
                email.trim(),
                locale,
                AccountStatus::PendingEmailVerification,
                now,
            )
        };
        self.store.create_account(&account).await?;
        let token = secrets::token();
        let link = Link {
            kind: LinkKind::AccountSetup,
            account: account.key(),
            expires_at: now + SETUP_LINK_SECS,
            used: false,
            tries_left: 1,
            epoch: account.link_epoch,
        };
        self.store
            .insert_new(
                Table::Links,
                &crate::store::index::link(&self.keys, &token),
                &link,
            )
            .await?;
        self.audit(&account.key(), "help_desk_account_created", None, now)
            .await?;
        Ok((account, token))
    }

    /// Sets the first password and the security question of a command-line account.
    pub async fn complete_setup(
        &self,
        token: &str,
        input: SetupCompletion,
        now: u64,
    ) -> Result<(), DomainError> {
        let (lk, _, a) = self.link(LinkKind::AccountSetup, token, now).await?;
        let e = input.validate(Self::password_ctx(&a));
        if !e.is_empty() {
            return Err(DomainError::Invalid(e));
        }
        Self::refuse_common(&a, &input.new_password)?;
        self.use_link(&lk).await?;
        let answer = self
            .hasher
            .hash(shared::api::registration::normalize_answer(
                &input.security_answer,
            ))
            .await
            .map_err(crate::domain::auth::AuthError::from)?;
        let question = input.security_question.clone();
        self.set_password(&a.key(), input.new_password, PasswordSource::Setup, now)
            .await?;
        self.store
            .update::<Account, (), _>(Table::Accounts, &a.key(), Durability::Flushed, |acc| {
                match acc {
                    Some(mut acc) => {
                        acc.security_question = question.clone();
                        acc.security_answer_hash = answer.clone();
                        // The unusable placeholder is not a real previous password.
                        acc.password_history.clear();
                        (Change::Put(acc), ())
                    }
                    None => (Change::Keep, ()),
                }
            })
            .await?;
        self.audit(&a.key(), "account_set_up", None, now).await?;
        Ok(())
    }
}

impl Umbral {
    /// Whether the installation has a help desk, for the first-run hint: one key of the
    /// role index (`store::derived`), whatever the number of accounts.
    pub async fn has_help_desk(&self) -> Result<bool, StoreError> {
        let prefix = crate::store::index::account_role_prefix(crate::domain::access::HELP_DESK);
        Ok(!self
            .store
            .keys_page(Table::Index, &prefix, None, 1)
            .await?
            .is_empty())
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::testing;
    use crate::store::{Account, AccountStatus, Store};

    async fn account(u: &crate::domain::Umbral, id: &str, help_desk: bool) {
        let mut a = Account::new(
            id,
            "Ann",
            "Lee",
            &format!("{id}@example.org"),
            Default::default(),
            AccountStatus::Active,
            0,
        );
        if help_desk {
            a.roles.push(crate::domain::access::HELP_DESK.to_string());
        }
        u.store.create_account(&a).await.unwrap();
    }

    #[tokio::test]
    async fn a_help_desk_is_found_among_many_accounts_by_its_role() {
        let dir = tempfile::tempdir().unwrap();
        let u = testing::umbral(dir.path());
        assert!(!u.has_help_desk().await.unwrap());
        for i in 0..600 {
            account(&u, &format!("user{i:04}"), false).await;
        }
        assert!(!u.has_help_desk().await.unwrap());
        account(&u, "zz.helpdesk", true).await;
        assert!(u.has_help_desk().await.unwrap());
    }
}
