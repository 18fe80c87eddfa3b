//! Recovery codes: the look-up secrets a person keeps on paper for the day every MFA
//! device is lost (issue 27; NIST SP 800-63B 5.1.2, "look-up secrets").
//!
//! A code is ten characters of Crockford's base-32 alphabet (digits and capitals without
//! I, L, O and U), 50 bits from the operating system's generator, shown in groups of
//! four, four and two (`7KQ2-9XMD-4F`) so it can be read out and typed from a sheet. What
//! a person types is forgiven the way Crockford intends: any case, hyphens and spaces
//! anywhere, `O` read as zero and `I` or `L` as one. The SPA and the server use the same
//! [`normalize`], so a code the form accepts is one the server looks up.

/// The alphabet, 32 symbols: 5 bits each.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a code: 10 × 5 = 50 bits.
pub const LEN: usize = 10;
/// Codes in a set.
pub const SET_SIZE: usize = 10;

/// The code as stored and compared (upper case, no separators), or `None` when it cannot
/// be a recovery code.
pub fn normalize(input: &str) -> Option<String> {
    let mut out = String::with_capacity(LEN);
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '\t' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        out.push(c);
    }
    (out.len() == LEN).then_some(out)
}

/// A normalised code as printed: `XXXX-XXXX-XX`.
pub fn display(code: &str) -> String {
    let (a, rest) = code.split_at(code.len().min(4));
    let (b, c) = rest.split_at(rest.len().min(4));
    [a, b, c]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-")
}

/// A code from ten random bytes' worth of 5-bit symbols (`bytes` from the caller's
/// generator: `shared` does no I/O).
pub fn from_random(bytes: [u8; LEN]) -> String {
    bytes
        .iter()
        .map(|b| ALPHABET[(b & 31) as usize] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_codes_are_forgiven_as_crockford_intends() {
        assert_eq!(normalize("7KQ2-9XMD-4F").as_deref(), Some("7KQ29XMD4F"));
        assert_eq!(normalize(" 7kq2 9xmd 4f ").as_deref(), Some("7KQ29XMD4F"));
        assert_eq!(normalize("oIL2-9XMD-4F").as_deref(), Some("01129XMD4F"));
        // U is not in the alphabet, nor anything outside ASCII.
        assert_eq!(normalize("7KQ2-9XMD-4U"), None);
        assert_eq!(normalize("7KQ2-9XMD-4É"), None);
        // Too short, too long.
        assert_eq!(normalize("7KQ2-9XMD-4"), None);
        assert_eq!(normalize("7KQ2-9XMD-4FF"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn codes_print_in_groups_and_come_back_whole() {
        let c = from_random([0, 1, 2, 3, 31, 32, 63, 200, 17, 9]);
        assert_eq!(c.len(), LEN);
        assert!(c.bytes().all(|b| ALPHABET.contains(&b)));
        let shown = display(&c);
        assert_eq!(shown.len(), LEN + 2);
        assert_eq!(shown.matches('-').count(), 2);
        assert_eq!(normalize(&shown), Some(c));
    }
}
