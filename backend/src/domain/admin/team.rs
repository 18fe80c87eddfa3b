//! The help desk's own team (issue 30): the list, inviting a colleague from the console
//! with the same one-time setup link as `umbral admin create-help-desk` (emailed to the
//! colleague, never shown to the inviter), and taking the help-desk role away. Both
//! changes need a login within the reauthentication window, as a device change does:
//! they decide who may run every account. Nobody removes their own role (someone else
//! must), and the last member cannot be removed, so the console always has someone.
use crate::domain::access::{check, field, is_help_desk, DomainError, HELP_DESK};
use crate::domain::auth::Authenticated;
use crate::domain::Umbral;
use crate::store::{Account, Change, Durability, Store, StoreError, Table};
use shared::api::team::{TeamInvite, TeamMember};
use shared::i18n::Locale;

fn member(a: &Account, me: &Account) -> TeamMember {
    TeamMember {
        user_id: a.user_id.clone(),
        name: format!("{} {}", a.first_name, a.last_name),
        email: a.email.clone(),
        invited: a.last_login_at.is_none(),
        last_login_et: a
            .last_login_at
            .map(|t| shared::calendar::eastern(t).label()),
        you: a.key() == me.key(),
    }
}

impl Umbral {
    /// Whoever holds the help-desk role now, from the role index.
    async fn help_desk_accounts(&self) -> Result<Vec<Account>, StoreError> {
        let keys = self.help_desk_keys().await?;
        let mut team: Vec<Account> = self
            .accounts_of(&keys)
            .await?
            .into_iter()
            .filter(|a| a.roles.iter().any(|r| r == HELP_DESK))
            .collect();
        // By last name, then first, as every search folds them (accents, case).
        team.sort_by_cached_key(|a| {
            (
                shared::fold::name_key(&a.last_name),
                shared::fold::name_key(&a.first_name),
                a.key(),
            )
        });
        Ok(team)
    }

    /// `GET /admin/team`.
    pub async fn team(&self, me: &Authenticated) -> Result<Vec<TeamMember>, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        Ok(self
            .help_desk_accounts()
            .await?
            .iter()
            .map(|a| member(a, &me.account))
            .collect())
    }

    /// `POST /admin/team`: a colleague's account with the help-desk role, in the
    /// inviter's language, and its setup link emailed to them.
    pub async fn invite_help_desk(
        &self,
        me: &Authenticated,
        input: TeamInvite,
        l: Locale,
        now: u64,
    ) -> Result<TeamMember, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        check(input.validate())?;
        self.require_recent_login(me, now)?;
        let (a, token) = match self
            .add_help_desk(
                &input.user_id,
                &input.email,
                &input.first_name,
                &input.last_name,
                l,
                now,
            )
            .await
        {
            Err(DomainError::Store(StoreError::Conflict)) => return Err(field("user_id", "taken")),
            r => r?,
        };
        let link = format!("{}/setup-account?token={token}", self.policy.public_url);
        let by = format!("{} {}", me.account.first_name, me.account.last_name);
        self.notify(&a, "msg-team-invite", &[("link", link), ("by", by)])
            .await?;
        self.audit(
            &me.account.key(),
            "help_desk_invited",
            Some(a.user_id.clone()),
            now,
        )
        .await?;
        Ok(member(&a, &me.account))
    }

    /// `DELETE /admin/team/{user_id}`: the help-desk role ends (the account and its
    /// other roles stay); their console closes at their next request. Refused for
    /// yourself and for the last member. Two members removing each other at once
    /// cannot empty the team: whoever finds nobody left after their change puts it back
    /// and is refused.
    pub async fn remove_help_desk(
        &self,
        me: &Authenticated,
        user_id: &str,
        now: u64,
    ) -> Result<(), DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        self.require_recent_login(me, now)?;
        let a = self
            .store
            .account(user_id.trim())
            .await?
            .filter(|a| a.roles.iter().any(|r| r == HELP_DESK))
            .ok_or(DomainError::NotFound)?;
        if a.key() == me.account.key() {
            return Err(field("user_id", "own"));
        }
        if self.help_desk_accounts().await?.len() < 2 {
            return Err(field("user_id", "last"));
        }
        let role = |keep: bool| {
            move |acc: Option<Account>| match acc {
                Some(mut acc) => {
                    acc.roles.retain(|r| r != HELP_DESK);
                    if keep {
                        acc.roles.push(HELP_DESK.into());
                    }
                    (Change::Put(acc), ())
                }
                None => (Change::Keep, ()),
            }
        };
        let key = a.key();
        self.store
            .update::<Account, (), _>(Table::Accounts, &key, Durability::Flushed, role(false))
            .await?;
        if self.help_desk_accounts().await?.is_empty() {
            self.store
                .update::<Account, (), _>(Table::Accounts, &key, Durability::Flushed, role(true))
                .await?;
            return Err(field("user_id", "last"));
        }
        self.audit(
            &me.account.key(),
            "help_desk_removed",
            Some(a.user_id.clone()),
            now,
        )
        .await?;
        self.audit(
            &key,
            "help_desk_role_ended",
            Some(me.account.user_id.clone()),
            now,
        )
        .await?;
        let by = format!("{} {}", me.account.first_name, me.account.last_name);
        self.notify(&a, "msg-team-removed", &[("by", by)]).await?;
        Ok(())
    }
}
