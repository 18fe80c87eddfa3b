//! "Send a link to this page" (offered on every source page, whose form takes several
//! addresses with semicolons between them): `POST /api/v1/page-links`. The email carries only the
//! page's title and its Umbral link, with a fixed sentence in the sender's language; never
//! text the sender typed, so Umbral cannot be used to relay spam.
use super::error::FieldErrors;
use crate::validate::contact::is_email;
use serde::{Deserialize, Serialize};

/// At most this many addresses in one request from a logged-in person.
pub const MAX_ADDRESSES: usize = 10;
/// At most this many from someone not logged in: an anonymous sender is no mail relay
/// (security review 3, G12).
pub const MAX_ADDRESSES_ANONYMOUS: usize = 3;

/// The pages that can be sent: (key, path). The title is the message `share-page-<key>`.
pub const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("status", "/status"),
    ("role-descriptions", "/role-descriptions"),
    ("organization-form", "/organization-form"),
    ("register", "/register"),
];

/// The path of the page `key`, if it can be sent.
pub fn page_path(key: &str) -> Option<&'static str> {
    PAGES.iter().find(|(k, _)| *k == key).map(|(_, p)| *p)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PageLinkInput {
    /// One of [`PAGES`]' keys.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^(home|status|role-descriptions|organization-form|register)$")
    )]
    pub page: String,
    /// Email addresses separated by semicolons.
    #[cfg_attr(feature = "openapi", schema(min_length = 3))]
    pub addresses: String,
}

impl PageLinkInput {
    /// The addresses, each once (case-insensitively), or the rules broken: `addresses`
    /// `required`, `use_semicolons` (a comma between addresses), `invalid` (one is not an
    /// email address), `too_many` (over [`MAX_ADDRESSES`]), `too_many_anonymous` (over
    /// [`MAX_ADDRESSES_ANONYMOUS`] when not `signed_in`); `page` `invalid`.
    pub fn validate(&self, signed_in: bool) -> Result<Vec<String>, FieldErrors> {
        let mut e = FieldErrors::new();
        if page_path(&self.page).is_none() {
            e.insert("page".into(), vec!["invalid".into()]);
        }
        let mut list: Vec<String> = vec![];
        for a in self
            .addresses
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            if !list.iter().any(|x| x.eq_ignore_ascii_case(a)) {
                list.push(a.to_string());
            }
        }
        let code = if list.is_empty() {
            Some("required")
        } else if list.len() > MAX_ADDRESSES {
            Some("too_many")
        } else if !signed_in && list.len() > MAX_ADDRESSES_ANONYMOUS {
            Some("too_many_anonymous")
        } else if list.iter().any(|a| a.contains(',')) {
            Some("use_semicolons")
        } else if !list.iter().all(|a| is_email(a)) {
            Some("invalid")
        } else {
            None
        };
        if let Some(c) = code {
            e.insert("addresses".into(), vec![c.into()]);
        }
        if e.is_empty() {
            Ok(list)
        } else {
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(a: &str) -> PageLinkInput {
        PageLinkInput {
            page: "status".into(),
            addresses: a.into(),
        }
    }

    fn code(a: &str) -> String {
        input(a).validate(true).unwrap_err()["addresses"][0].clone()
    }

    #[test]
    fn addresses_are_separated_by_semicolons_at_most_ten_each_checked() {
        assert_eq!(
            input(" ana@example.com ; Bo@Example.org;; ana@EXAMPLE.com;").validate(true),
            Ok(vec!["ana@example.com".into(), "Bo@Example.org".into()])
        );
        assert_eq!(code(""), "required");
        assert_eq!(code(" ; ; "), "required");
        assert_eq!(code("ana@example.com, bo@example.org"), "use_semicolons");
        assert_eq!(code("ana@example.com; not-an-address"), "invalid");
        let ten: Vec<String> = (0..10).map(|i| format!("p{i}@example.com")).collect();
        assert_eq!(input(&ten.join(";")).validate(true).unwrap().len(), 10);
        let eleven: Vec<String> = (0..11).map(|i| format!("p{i}@example.com")).collect();
        assert_eq!(code(&eleven.join(";")), "too_many");
        let three: Vec<String> = (0..3).map(|i| format!("p{i}@example.com")).collect();
        assert_eq!(input(&three.join(";")).validate(false).unwrap().len(), 3);
        let four: Vec<String> = (0..4).map(|i| format!("p{i}@example.com")).collect();
        assert_eq!(
            input(&four.join(";")).validate(false).unwrap_err()["addresses"],
            vec!["too_many_anonymous"]
        );
        let mut bad = input("ana@example.com");
        bad.page = "https://evil.example".into();
        assert_eq!(bad.validate(true).unwrap_err()["page"], vec!["invalid"]);
    }
}
