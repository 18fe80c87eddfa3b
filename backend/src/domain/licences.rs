//! The licence gate (see `shared::api::licence` for the source's words).
//!
//! Acceptances are kept per person, application, organisation and version
//! (`Table::Acceptances`), never changed or deleted: a new version adds a row. The
//! check that matters is [`Umbral::require_licence`], which every use of a gated
//! application calls (today the document submission; the OIDC sign-in next).
use crate::domain::access::{is_help_desk, DomainError};
use crate::domain::auth::Authenticated;
use crate::domain::Umbral;
use crate::store::{index, Acceptance, Account, Organization, Store, StoreError, Table};
use shared::api::licence::{csv_field, AcceptanceView, LicenceAcceptance, LicenceView, CSV_HEADER};
use shared::i18n::Locale;

/// `2026-11-24 18:00:07 EST`: an instant in Eastern time, to the second.
pub fn et_seconds(secs: u64) -> String {
    let e = shared::calendar::eastern(secs);
    format!(
        "{} {:02}:{:02}:{:02} {}",
        e.date,
        e.hour,
        e.minute,
        secs % 60,
        if e.daylight { "EDT" } else { "EST" }
    )
}

impl Umbral {
    /// Does `a` hold a role of `app` in `org`, live at `now`?
    pub(crate) fn holds_role(&self, a: &Account, app: &str, org: &str, now: u64) -> bool {
        a.grants
            .iter()
            .any(|g| g.organization == org && g.application == app && now < self.policy.due(g))
    }

    async fn acceptance(
        &self,
        account: &str,
        app: &str,
        org: &str,
        version: &str,
    ) -> Result<Option<Acceptance>, StoreError> {
        self.store
            .get(
                Table::Acceptances,
                &index::acceptance(app, account, org, version),
            )
            .await
    }

    /// `GET /applications/{app}/licence`: the licence to show to someone who holds a role
    /// of `app` for `org` (others: `NotFound`, as for an unknown application).
    pub async fn licence_view(
        &self,
        me: &Authenticated,
        app: &str,
        org: &str,
        l: Locale,
        now: u64,
    ) -> Result<LicenceView, DomainError> {
        let a = self.apps.app(app).ok_or(DomainError::NotFound)?;
        if !self.holds_role(&me.account, app, org, now) {
            return Err(DomainError::NotFound);
        }
        let key = me.account.key();
        let Some(lic) = &a.licence else {
            return Ok(LicenceView {
                application: app.into(),
                application_name: a.name.get(l).into(),
                version: String::new(),
                title: String::new(),
                text: String::new(),
                accepted: true,
                accepted_at: None,
                earlier_version: None,
                url: a.url.clone(),
            });
        };
        let current = self.acceptance(&key, app, org, &lic.version).await?;
        let earlier = if current.is_none() {
            self.store
                .scan::<Acceptance>(
                    Table::Acceptances,
                    &index::acceptances_of(app, &key, org),
                    100,
                )
                .await?
                .into_iter()
                .max_by_key(|(_, x)| x.at)
                .map(|(_, x)| x.version)
        } else {
            None
        };
        Ok(LicenceView {
            application: app.into(),
            application_name: a.name.get(l).into(),
            version: lic.version.clone(),
            title: lic.title.get(l).trim().into(),
            text: lic.text.get(l).trim().into(),
            accepted: current.is_some(),
            accepted_at: current.map(|c| c.at),
            earlier_version: earlier,
            url: a.url.clone(),
        })
    }

    /// `POST /applications/{app}/licence`: records the acceptance of the version shown,
    /// durably, and audits it. Accepting again changes nothing; a version that is no
    /// longer current is `LicenceChanged`.
    pub async fn accept_licence(
        &self,
        me: &Authenticated,
        app: &str,
        input: LicenceAcceptance,
        now: u64,
    ) -> Result<Acceptance, DomainError> {
        let org = input.organization.trim();
        if self.apps.app(app).is_none() || !self.holds_role(&me.account, app, org, now) {
            return Err(DomainError::NotFound);
        }
        let Some(lic) = self.apps.licence(app) else {
            return Err(DomainError::NotFound);
        };
        if input.version.trim() != lic.version {
            return Err(DomainError::LicenceChanged);
        }
        let key = me.account.key();
        if let Some(a) = self.acceptance(&key, app, org, &lic.version).await? {
            return Ok(a);
        }
        let a = Acceptance {
            account: key.clone(),
            application: app.into(),
            version: lic.version.clone(),
            organization: org.into(),
            at: now,
            client: crate::domain::notify::current_client(),
        };
        match self
            .store
            .insert_new(
                Table::Acceptances,
                &index::acceptance(app, &key, org, &lic.version),
                &a,
            )
            .await
        {
            Ok(()) => {}
            // Two tabs accepted at once: the first one counts.
            Err(StoreError::Conflict) => {
                return self
                    .acceptance(&key, app, org, &lic.version)
                    .await?
                    .ok_or(DomainError::NotFound)
            }
            Err(e) => return Err(e.into()),
        }
        self.audit(
            &key,
            "licence_accepted",
            Some(format!("{app} {} for {org}", lic.version)),
            now,
        )
        .await?;
        Ok(a)
    }

    /// Refuses the use of `app` for `org` until its current licence is accepted.
    pub(crate) async fn require_licence(
        &self,
        a: &Account,
        app: &str,
        org: &str,
    ) -> Result<(), DomainError> {
        match self.apps.licence(app) {
            None => Ok(()),
            Some(lic) => match self.acceptance(&a.key(), app, org, &lic.version).await? {
                Some(_) => Ok(()),
                None => Err(DomainError::LicenceRequired),
            },
        }
    }

    /// `GET /admin/licence-acceptances`: every acceptance of `app` (all applications
    /// when empty), newest first. Help desk only.
    pub async fn acceptances(
        &self,
        me: &Authenticated,
        app: &str,
    ) -> Result<Vec<AcceptanceView>, DomainError> {
        if !is_help_desk(&me.account) {
            return Err(DomainError::Forbidden);
        }
        let prefix = if app.is_empty() {
            String::new()
        } else {
            index::acceptances_prefix(app)
        };
        let mut rows: Vec<Acceptance> = self
            .store
            .scan::<Acceptance>(Table::Acceptances, &prefix, usize::MAX)
            .await?
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        rows.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.account.cmp(&b.account)));
        let mut out = Vec::with_capacity(rows.len());
        for a in rows {
            let who = self
                .store
                .get::<Account>(Table::Accounts, &a.account)
                .await
                .ok()
                .flatten();
            let org = self
                .store
                .get::<Organization>(Table::Organizations, &a.organization)
                .await
                .ok()
                .flatten();
            out.push(AcceptanceView {
                user_id: who
                    .as_ref()
                    .map_or(a.account.clone(), |w| w.user_id.clone()),
                name: who.as_ref().map_or(String::new(), |w| {
                    format!("{} {}", w.first_name, w.last_name)
                }),
                email: who.as_ref().map_or(String::new(), |w| w.email.clone()),
                application: a.application,
                version: a.version,
                organization: a.organization,
                organization_name: org.map_or(String::new(), |o| o.legal_name),
                accepted_at: a.at,
                accepted_et: et_seconds(a.at),
            });
        }
        Ok(out)
    }

    /// The same, as CSV (header [`CSV_HEADER`], one line per acceptance, CRLF).
    pub async fn acceptances_csv(
        &self,
        me: &Authenticated,
        app: &str,
    ) -> Result<String, DomainError> {
        let mut out = String::from(CSV_HEADER);
        out.push_str("\r\n");
        for r in self.acceptances(me, app).await? {
            let t = r.accepted_at % 86_400;
            let utc = format!(
                "{}T{:02}:{:02}:{:02}Z",
                crate::clock::date_of(r.accepted_at),
                t / 3600,
                t / 60 % 60,
                t % 60
            );
            let fields = [
                r.user_id,
                r.name,
                r.email,
                r.application,
                r.version,
                r.organization,
                r.organization_name,
                utc,
                r.accepted_et,
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
        Ok(out)
    }
}
