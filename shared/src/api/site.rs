//! Site preferences. Every source page opens with three choices: who the reader is,
//! where they are, and their line of business. Umbral asks once, in a small panel,
//! keeps the answers in the browser and, when logged in, on the account
//! (`PUT /api/v1/me/site-preferences`), and lets them be changed from the header.
//!
//! Content carries an [`Audience`]: urgent alerts and role descriptions today. People
//! see what matches them first and can show everything; alert emails go only to the
//! accounts the audience matches (an account that has not said matches everything).
use super::error::FieldErrors;
use serde::{Deserialize, Serialize};

/// Who you are.
pub const WHO: &[&str] = &["provider", "billing_service", "other"];
/// Lines of business.
pub const LINES: &[&str] = &["part_a", "part_b"];

/// What a person said of themselves; an empty field was not answered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SitePrefs {
    /// One of [`WHO`], or empty.
    pub who: String,
    /// One of the configured locations (`GET /api/v1/site-options`), or empty.
    pub location: String,
    /// One of [`LINES`], or empty.
    pub line: String,
}

impl SitePrefs {
    /// Has anything been answered?
    pub fn is_set(&self) -> bool {
        !(self.who.is_empty() && self.location.is_empty() && self.line.is_empty())
    }

    /// Each answer is empty or one of the choices (`invalid` otherwise).
    pub fn validate(&self, locations: &[&str]) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::new();
        for (field, value, allowed) in [
            ("who", &self.who, WHO),
            ("location", &self.location, locations),
            ("line", &self.line, LINES),
        ] {
            if !value.is_empty() && !allowed.contains(&value.as_str()) {
                e.insert(field.into(), vec!["invalid".into()]);
            }
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(e)
        }
    }
}

/// Whom a piece of content is for. An empty list means everyone on that count.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Audience {
    pub who: Vec<String>,
    pub locations: Vec<String>,
    pub lines: Vec<String>,
}

impl Audience {
    pub fn is_everyone(&self) -> bool {
        self.who.is_empty() && self.locations.is_empty() && self.lines.is_empty()
    }

    /// Is this content for someone who said `p`? On each count, content for everyone
    /// matches, and so does a question the person has not answered: nobody is kept
    /// from content by what they did not say.
    pub fn matches(&self, p: &SitePrefs) -> bool {
        let ok = |tags: &[String], v: &str| {
            v.is_empty() || tags.is_empty() || tags.iter().any(|t| t == v)
        };
        ok(&self.who, &p.who) && ok(&self.locations, &p.location) && ok(&self.lines, &p.line)
    }

    /// Every tag is one of the choices (`audience` `invalid` otherwise).
    pub fn validate(&self, locations: &[&str]) -> Result<(), FieldErrors> {
        let bad = self.who.iter().any(|t| !WHO.contains(&t.as_str()))
            || self
                .locations
                .iter()
                .any(|t| !locations.contains(&t.as_str()))
            || self.lines.iter().any(|t| !LINES.contains(&t.as_str()));
        if bad {
            Err([("audience".to_string(), vec!["invalid".to_string()])].into())
        } else {
            Ok(())
        }
    }
}

/// One choice, named in the request's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Choice {
    pub id: String,
    pub name: String,
}

/// `GET /api/v1/site-options` (public): the choices of the panel.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteOptions {
    pub who: Vec<Choice>,
    pub locations: Vec<Choice>,
    pub lines: Vec<Choice>,
}

/// `items` with those for `p` first, keeping their order within each part; returns
/// how many match.
pub fn matching_first<T>(
    items: &mut Vec<T>,
    p: &SitePrefs,
    audience: impl Fn(&T) -> &Audience,
) -> usize {
    let (mut yes, no): (Vec<T>, Vec<T>) = items.drain(..).partition(|x| audience(x).matches(p));
    let n = yes.len();
    yes.extend(no);
    *items = yes;
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefs(who: &str, location: &str, line: &str) -> SitePrefs {
        SitePrefs {
            who: who.into(),
            location: location.into(),
            line: line.into(),
        }
    }

    fn aud(who: &[&str], locations: &[&str], lines: &[&str]) -> Audience {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
        Audience {
            who: v(who),
            locations: v(locations),
            lines: v(lines),
        }
    }

    #[test]
    fn content_matches_what_was_said_and_nothing_is_hidden_for_what_was_not() {
        let billers_in_pr = aud(&["billing_service"], &["PR"], &[]);
        for (p, want) in [
            (prefs("billing_service", "PR", "part_b"), true),
            (prefs("billing_service", "FL", "part_b"), false),
            (prefs("provider", "PR", ""), false),
            (prefs("", "PR", ""), true),
            (prefs("", "", ""), true),
            (prefs("billing_service", "", "part_a"), true),
        ] {
            assert_eq!(billers_in_pr.matches(&p), want, "{p:?}");
        }
        assert!(Audience::default().matches(&prefs("other", "USVI", "part_a")));
        assert!(Audience::default().is_everyone());
        let part_a = aud(&[], &[], &["part_a"]);
        assert!(!part_a.matches(&prefs("provider", "FL", "part_b")));
        assert!(part_a.matches(&prefs("provider", "FL", "part_a")));
    }

    #[test]
    fn answers_and_tags_must_be_choices() {
        let locs = ["FL", "PR", "USVI"];
        assert_eq!(prefs("provider", "FL", "part_a").validate(&locs), Ok(()));
        assert_eq!(SitePrefs::default().validate(&locs), Ok(()));
        let e = prefs("doctor", "TX", "part_c").validate(&locs).unwrap_err();
        assert_eq!(e.len(), 3);
        assert!(aud(&["provider"], &["USVI"], &["part_b"])
            .validate(&locs)
            .is_ok());
        assert!(aud(&[], &["TX"], &[]).validate(&locs).is_err());
    }

    #[test]
    fn matching_content_comes_first_in_its_order() {
        let mut items = vec![
            ("a", aud(&["provider"], &[], &[])),
            ("b", aud(&[], &[], &[])),
            ("c", aud(&["billing_service"], &[], &[])),
            ("d", aud(&["billing_service"], &["PR"], &[])),
        ];
        let n = matching_first(&mut items, &prefs("billing_service", "PR", ""), |x| &x.1);
        let order: Vec<&str> = items.iter().map(|x| x.0).collect();
        assert_eq!((n, order), (3, vec!["b", "c", "d", "a"]));
    }
}
