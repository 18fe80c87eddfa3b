//! Folding names for search: one comparison form for every search of names (the
//! organisation search, the help desk's account search, the application picker, the
//! state pickers' order). No dependencies, so any module may use it.

/// The form of a name that searches compare: lower case, accents dropped ("Coquí" and
/// "coqui" are one word, as most phone keyboards type it), the dots and apostrophes inside
/// a word dropped ("P.A." is "pa", "O'Neill" is "oneill"), every other mark a space, single
/// spaces. The sources (`idm-user-guide.md`, "Request a role", step 14) have the person
/// type the organisation's legal business name and search; a search that depends on how
/// the name was accented or punctuated sends them to create a duplicate.
pub fn name_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            '.' | '\'' | '\u{2019}' | '\u{2bc}' => {}
            c if c.is_alphanumeric() => push_folded(&mut out, c),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `c` without its accent (Latin letters used in Spanish, English and their neighbours).
fn push_folded(out: &mut String, c: char) {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ß' => return out.push_str("ss"),
        'æ' => return out.push_str("ae"),
        'œ' => return out.push_str("oe"),
        c => c,
    };
    out.push(base);
}

/// Whether a search for `query` finds `name`: every word typed appears somewhere in the
/// name, in any order, with case, accents and punctuation ignored on both sides ("billing
/// coqui" finds "Coquí Billing Services LLC"; "L.L.C." finds "LLC"). The organisation
/// search and the help desk's account search both use it, so every list searches alike.
pub fn search_matches(query: &str, name: &str) -> bool {
    let q = name_key(query);
    !q.is_empty() && {
        let name = name_key(name);
        q.split(' ').all(|w| name.contains(w))
    }
}
