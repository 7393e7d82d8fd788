//! Unit tests of `inspect`.

use super::*;

#[test]
fn the_account_is_read_from_an_mfa_arn() {
    assert_eq!(
        account_of_arn("arn:aws:iam::111122223333:mfa/a/b"),
        Some("111122223333")
    );
    assert_eq!(account_of_arn("arn:aws:iam::12:mfa/a"), None);
    assert_eq!(account_of_arn("GAHT12345678"), None);
}
