//! Unit tests of `ids`.

use super::*;

#[test]
fn ids_have_the_shapes_aws_uses() {
    let ids = Ids::from_entropy();
    let user = ids.user_id();
    assert_eq!(user.len(), 21);
    assert!(user.starts_with("AIDA"));
    assert!(
        user.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    );
    assert_eq!(ids.access_key_id().len(), 20);
    assert!(ids.temporary_access_key_id().starts_with("ASIA"));
    assert_eq!(ids.secret_access_key().len(), 40);
    assert_eq!(ids.request_id().get_version_num(), 4);
}

#[test]
fn the_same_seed_gives_the_same_sequence() {
    let (a, b) = (Ids::from_seed(7), Ids::from_seed(7));
    assert_eq!(a.mfa_seed(), b.mfa_seed());
    assert_eq!(a.user_id(), b.user_id());
    assert_eq!(a.request_id(), b.request_id());
    assert_ne!(Ids::from_seed(8).user_id(), Ids::from_seed(7).user_id());
}
