//! The new organisation form (public), the organisation search end users use, creating
//! an organisation with a submitter ID, and activating it when its first approver is in.
use super::*;
use crate::crypto::secrets;
use crate::domain::auth::Authenticated;
use crate::domain::Umbral;
use crate::store::{
    index, Change, Durability, OrgForm, Organization, Store, StoreError, SubmitterRecord, Table,
};
use shared::api::access::*;
use shared::api::error::FieldErrors;
use shared::date::Date;
use shared::i18n::Locale;
use shared::validate::organization::{name_key, search_matches, tin_digits};

/// New-organisation forms that may wait for the help desk for one TIN at once from one
/// sender (one client address, or one official's email).
pub const PENDING_FORMS_PER_TIN: usize = 3;

impl Umbral {
    pub async fn submit_form(
        &self,
        input: OrganizationFormInput,
        l: Locale,
        today: Date,
        now: u64,
    ) -> Result<FormReceipt, DomainError> {
        check(input.validate(today))?;
        let digits = tin_digits(&input.tin).unwrap_or_default();
        let tin_mac = self.tin_mac(&digits);
        // At most a few forms wait for the same TIN from one sender: an anonymous sender
        // cannot flood the help desk's queue with one organisation (F7). A sender is the
        // client address and, separately, the official's email: forms others sent for
        // a TIN never block the real official's own form (security review 3, G11),
        // which an overall cap per TIN did. The answer says only that forms for this TIN
        // are waiting, about a TIN the sender typed.
        let sender = self.keys.mac(&format!(
            "form-sender:{}",
            crate::domain::notify::client_key()
        ));
        let email = input.official_email.trim().to_lowercase();
        let ids: Vec<String> = self
            .store
            .keys_with_prefix(Table::Index, &index::form_tin_prefix(&tin_mac))
            .await?
            .iter()
            .map(|k| index::tail(k).to_string())
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let waiting: Vec<OrgForm> = self.store.get_many(Table::OrgForms, &refs).await?;
        let mine = |f: &&OrgForm| {
            f.status == RequestStatus::Pending
                && (f.sender == sender || f.official_email.trim().to_lowercase() == email)
        };
        if waiting.iter().filter(mine).count() >= PENDING_FORMS_PER_TIN {
            return Err(field("tin", "forms_pending"));
        }
        let id = format!("F-{}", secrets::id().to_uppercase());
        let form = OrgForm {
            id: id.clone(),
            legal_name: input.legal_name.trim().into(),
            tin_sealed: self.keys.seal(digits.as_bytes(), &secrets::tin_aad(&id)),
            tin_last4: digits[5..].into(),
            tin_mac: tin_mac.clone(),
            official_name: input.official_name.trim().into(),
            official_title: input.official_title.trim().into(),
            official_email: input.official_email.trim().into(),
            approver_name: input.approver_name.trim().into(),
            approver_email: input.approver_email.trim().into(),
            signature: input.signature.trim().into(),
            signed_on: input.signed_on.trim().into(),
            locale: l,
            status: RequestStatus::Pending,
            submitted_at: now,
            decided_by: None,
            decided_at: None,
            decision_reason: None,
            submitter_id: None,
            sender,
        };
        self.store.insert_new(Table::OrgForms, &id, &form).await?;
        self.ix_put(&index::form_tin(&tin_mac, &id), &id).await?;
        self.ix_put(&index::queue(index::Queue::Forms, &id), &id)
            .await?;
        self.audit(
            &format!("form:{id}"),
            "organization_form_submitted",
            None,
            now,
        )
        .await?;
        // A fixed receipt with the reference only: the form's free text is not echoed
        // to an address nobody has proved (F7), and one address gets at most a few.
        if self
            .throttle
            .send_to_destination(&form.official_email, crate::domain::throttle::By::Other)
            .await
            .is_ok()
        {
            self.mail(
                l,
                &form.official_email,
                "msg-form-received",
                &[("reference", id.clone())],
            )
            .await?;
        }
        Ok(FormReceipt { reference: id })
    }

    /// The end user's search (source `004_…`: by legal business name and state, results
    /// only once asked for): active organisations of `state`
    /// whose name holds every word typed, in any order, accents, case and punctuation
    /// ignored (`shared::validate::organization::search_matches`). An index entry written
    /// before accents were folded is folded again here, so it is found alike.
    pub async fn search_organizations(
        &self,
        name: &str,
        state: &str,
    ) -> Result<Vec<OrganizationSummary>, DomainError> {
        let mut e = FieldErrors::new();
        let q = name_key(name);
        if q.chars().count() < 2 {
            e.insert(
                "name".into(),
                vec![if q.is_empty() {
                    "required"
                } else {
                    "too_short"
                }
                .into()],
            );
        }
        if let Err(r) = shared::validate::contact::state(state) {
            e.insert("state".into(), vec![r.code().into()]);
        }
        check(e)?;
        let keys = self
            .store
            .keys_with_prefix(Table::Index, &index::org_name_prefix(state.trim()))
            .await?;
        let mut out = vec![];
        for k in keys {
            let Some((key, id)) = index::org_name_parts(&k) else {
                continue;
            };
            if search_matches(&q, key) {
                if let Ok(o) = self.org(id).await {
                    out.push(summary(&o));
                }
                if out.len() == SEARCH_LIMIT {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Step 15, "Create an Organization". The caller must have passed identity
    /// proofing and hold a submitter ID issued to their email for this TIN.
    pub async fn create_organization(
        &self,
        me: &Authenticated,
        input: NewOrganization,
        now: u64,
    ) -> Result<OrganizationSummary, DomainError> {
        check(input.validate())?;
        if me.account.identity.status != IdentityStatus::Verified {
            return Err(DomainError::IdentityRequired);
        }
        let digits = tin_digits(&input.tin).unwrap_or_default();
        let mac = self.tin_mac(&digits);
        let sid = input.submitter_id.trim().to_ascii_uppercase();
        let me_key = me.account.key();
        let email = me.account.email.to_lowercase();
        let usable = |r: &SubmitterRecord| {
            r.used_by.is_none() && r.approver_email.to_lowercase() == email && r.tin_mac == mac
        };
        match self
            .store
            .get::<SubmitterRecord>(Table::SubmitterIds, &sid)
            .await?
        {
            Some(r) if usable(&r) => {}
            _ => {
                self.audit(&me_key, "submitter_id_refused", None, now)
                    .await?;
                return Err(field("submitter_id", "not_recognised"));
            }
        }
        // Only the holder of a submitter ID issued for this TIN learns whether an
        // organisation has it (F9: the TIN or SSN is not an oracle for anyone else).
        if self
            .store
            .get::<String>(Table::Index, &index::tin(&mac))
            .await?
            .is_some()
        {
            return Err(DomainError::OrganizationExists);
        }
        let id = format!("O-{}", secrets::id().to_uppercase());
        match self
            .store
            .insert_new(Table::Index, &index::tin(&mac), &id)
            .await
        {
            Err(StoreError::Conflict) => return Err(DomainError::OrganizationExists),
            r => r?,
        }
        // Claim the submitter ID: of two racing claims exactly one wins.
        let claimed = self
            .store
            .update::<SubmitterRecord, bool, _>(
                Table::SubmitterIds,
                &sid,
                Durability::Flushed,
                |r| match r {
                    Some(mut r) if usable(&r) => {
                        r.used_by = Some(me_key.clone());
                        (Change::Put(r), true)
                    }
                    _ => (Change::Keep, false),
                },
            )
            .await?;
        if !claimed {
            self.ix_del(&index::tin(&mac)).await?;
            return Err(field("submitter_id", "not_recognised"));
        }
        let mut address = input.address.clone();
        address.state = address.state.trim().into();
        let org = Organization {
            id: id.clone(),
            legal_name: input.legal_name.trim().into(),
            tin_sealed: self.keys.seal(digits.as_bytes(), &secrets::tin_aad(&id)),
            tin_last4: digits[5..].into(),
            address,
            phone: shared::validate::contact::phone_digits(&input.phone).unwrap_or_default(),
            active: false,
            created_by: me_key.clone(),
            created_at: now,
            submitter_id: Some(sid),
        };
        self.store
            .insert_new(Table::Organizations, &id, &org)
            .await?;
        self.audit(&me_key, "organization_created", Some(id), now)
            .await?;
        Ok(summary(&org))
    }

    pub(crate) async fn activate(&self, org: &Organization) -> Result<(), DomainError> {
        self.store
            .update::<Organization, (), _>(
                Table::Organizations,
                &org.id,
                Durability::Flushed,
                |o| match o {
                    Some(mut o) => {
                        o.active = true;
                        (Change::Put(o), ())
                    }
                    None => (Change::Keep, ()),
                },
            )
            .await?;
        self.ix_put(
            &index::org_name(&org.address.state, &name_key(&org.legal_name), &org.id),
            &org.id,
        )
        .await?;
        Ok(())
    }

    /// Marks an organisation active with `approver` as its member (demo data).
    pub async fn demo_activate(
        &self,
        org: &Organization,
        approver: &str,
    ) -> Result<(), DomainError> {
        self.activate(org).await?;
        self.ix_put(&index::member(&org.id, approver), approver)
            .await?;
        Ok(())
    }
}
