//! Finding things by what a person types: the application field of the role request.
//! Names are compared in their folded form (`validate::organization::name_key`: case,
//! accents and punctuation ignored), as the organisation and account searches do.
use crate::api::access::Application;
use crate::validate::organization::name_key;

/// What a person typed in the application field, read as an answer: the application
/// whose ID or name it is or, failing that, the one application whose name, a run of
/// words of its name, or its description starts with it. "SPOT", "spot", "Secure
/// Provider" and "the secure provider portal" all pick SPOT; a start two applications
/// share picks neither (`ambiguous`), so the person types more. The source of the rule
/// is usability walk 3, #4: a datalist entry that had to be matched exactly was refused
/// as "required" under a field that said SPOT. Errors are field rule codes.
pub fn pick_application<'a>(
    typed: &str,
    apps: &'a [Application],
) -> Result<&'a Application, &'static str> {
    let q = name_key(typed);
    if q.is_empty() {
        return Err("required");
    }
    if let Some(a) = apps
        .iter()
        .find(|a| name_key(&a.id) == q || name_key(&a.name) == q)
    {
        return Ok(a);
    }
    let words = q.split(' ').count();
    let starts = |a: &Application| {
        let name = name_key(&a.name);
        let name_words: Vec<&str> = name.split(' ').collect();
        name_words
            .windows(words.min(name_words.len()).max(1))
            .any(|w| w.join(" ").starts_with(&q))
            || name_key(&a.description).starts_with(&q)
    };
    let mut found = apps.iter().filter(|a| starts(a));
    match (found.next(), found.next()) {
        (Some(a), None) => Ok(a),
        (Some(_), Some(_)) => Err("ambiguous"),
        (None, _) => Err("not_found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(id: &str, name: &str, description: &str) -> Application {
        Application {
            id: id.into(),
            name: name.into(),
            description: description.into(),
            roles: vec![],
        }
    }

    #[test]
    fn an_application_is_picked_by_any_unambiguous_start_of_its_name() {
        let apps = [
            app(
                "spot",
                "SPOT - Secure Provider Online Tool",
                "The secure provider portal: claims.",
            ),
            app(
                "pecos",
                "PECOS - Provider Enrollment",
                "Enrolment of providers.",
            ),
            app("ehr", "EHR Portal", "Secure records."),
        ];
        let pick = |typed: &str| pick_application(typed, &apps).map(|a| a.id.as_str());
        for typed in [
            "SPOT",
            "spot",
            "Spot ",
            "SPOT - Secure Provider Online Tool",
            "secure provider online",
            "the secure provider",
            "online tool",
            "spo",
        ] {
            assert_eq!(pick(typed), Ok("spot"), "{typed}");
        }
        assert_eq!(pick("PECOS"), Ok("pecos"));
        assert_eq!(pick("enrol"), Ok("pecos"));
        assert_eq!(pick("Portál"), Ok("ehr"));
        // "Provider" starts a word of two names.
        assert_eq!(pick("provider"), Err("ambiguous"));
        assert_eq!(pick("medicaid"), Err("not_found"));
        assert_eq!(pick("  "), Err("required"));
    }
}
