//! Tests of `pg_store`.
use super::upper_bound;

#[test]
fn the_upper_bound_of_a_prefix_is_the_next_byte_string() {
    assert_eq!(upper_bound(b"org/FL/"), Some(b"org/FL0".to_vec()));
    assert_eq!(upper_bound(b"a\x00"), Some(b"a\x01".to_vec()));
    assert_eq!(upper_bound(b"a\xff\xff"), Some(b"b".to_vec()));
    assert_eq!(upper_bound(b"\xff"), None);
    assert_eq!(upper_bound(b""), None);
}
