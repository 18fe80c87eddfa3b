//! How the lifecycle finds what is due without reading every account: walks of the
//! index entries the store derives from each account (`store::derived`), ordered by
//! due date or by last sign of life, that stop where the instant passes the bound.
use crate::domain::access::DomainError;
use crate::domain::Umbral;
use crate::store::{index, Account, Store, StoreError, Table};

/// Index keys read per step of [`Umbral::walk`].
const WALK_PAGE: usize = 500;

/// A page's cursor as the API carries it: the index key in hexadecimal (it holds
/// NUL separators).
pub(crate) fn cursor_text(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The index key of a cursor from [`cursor_text`], if it is one.
pub(crate) fn cursor_key(text: &str) -> Option<String> {
    if !text.len().is_multiple_of(2) || text.len() > 1_000 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

impl Umbral {
    /// The keys of `Table::Index` starting with `prefix`, in order, up to the first for
    /// which `past` says the walk has gone far enough, and at most `cap`: how the
    /// lifecycle reads only what is due (`store::derived`).
    pub(crate) async fn walk(
        &self,
        prefix: &str,
        past: impl Fn(&str) -> bool,
        cap: usize,
    ) -> Result<Vec<String>, StoreError> {
        self.walk_after(prefix, None, past, cap).await
    }

    /// [`Self::walk`] from the key after `after` (a page's cursor).
    pub(crate) async fn walk_after(
        &self,
        prefix: &str,
        after: Option<&str>,
        past: impl Fn(&str) -> bool,
        cap: usize,
    ) -> Result<Vec<String>, StoreError> {
        let mut out = vec![];
        let mut after = after.map(str::to_string);
        loop {
            let step = WALK_PAGE.min(cap.saturating_sub(out.len()).saturating_add(1));
            let page = self
                .store
                .keys_page(Table::Index, prefix, after.as_deref(), step)
                .await?;
            for k in &page {
                if out.len() >= cap || past(k) {
                    return Ok(out);
                }
                out.push(k.clone());
            }
            if page.len() < step {
                return Ok(out);
            }
            after = page.last().cloned();
        }
    }

    /// The keys of the help desk's accounts, from the role index.
    pub(crate) async fn help_desk_keys(&self) -> Result<Vec<String>, StoreError> {
        let prefix = index::account_role_prefix(crate::domain::access::HELP_DESK);
        Ok(self
            .walk(&prefix, |_| false, usize::MAX)
            .await?
            .iter()
            .map(|k| index::tail(k).to_string())
            .collect())
    }

    /// The accounts with a role due on or before `until` (or stored before due dates,
    /// whose date the policy computes): a walk of the due-date index, never of every
    /// account. With `pick`, only the keys it accepts (due date, least reminder sent).
    pub(super) async fn holders_due(
        &self,
        until: u64,
        pick: impl Fn(u64, u32) -> bool,
    ) -> Result<Vec<Account>, DomainError> {
        let mut keys: Vec<String> = self
            .walk(
                &index::roles_due_prefix(),
                |k| index::role_due_parts(k).is_none_or(|(due, _, _)| due > until),
                usize::MAX,
            )
            .await?
            .iter()
            .filter_map(|k| index::role_due_parts(k))
            .filter(|&(due, least, _)| due == 0 || pick(due, least))
            .map(|(_, _, a)| a.to_string())
            .collect();
        keys.sort();
        keys.dedup();
        Ok(self.accounts_of(&keys).await?)
    }

    /// The keys of the accounts holding an approver role (of the catalogue) due on or
    /// before `until`: only those roles' due dates are walked
    /// (`index::role_due_by_role`), so the help desk's list costs what it shows, not
    /// every role due in the installation.
    pub(super) async fn approver_roles_due(&self, until: u64) -> Result<Vec<String>, StoreError> {
        let mut keys = vec![];
        for app in &self.apps.apps {
            for role in app.roles.iter().filter(|r| r.approver) {
                let prefix = index::role_due_by_role_prefix(&app.id, &role.id);
                let past =
                    |k: &str| index::role_due_by_role_parts(k).is_none_or(|(due, _)| due > until);
                keys.extend(
                    self.walk(&prefix, past, usize::MAX)
                        .await?
                        .iter()
                        .filter_map(|k| index::role_due_by_role_parts(k))
                        .map(|(_, a)| a.to_string()),
                );
            }
        }
        keys.sort();
        keys.dedup();
        Ok(keys)
    }

    /// The accounts stored under `keys` (those that exist), read a page at a time.
    pub(crate) async fn accounts_of(&self, keys: &[String]) -> Result<Vec<Account>, StoreError> {
        let mut out = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(500) {
            let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
            out.extend(
                self.store
                    .get_many::<Account>(Table::Accounts, &refs)
                    .await?,
            );
        }
        Ok(out)
    }
}
