//! Unit tests of `preload`.

use super::*;
use crate::iam::ids::Ids;
use crate::iam::{ManualClock, Settings};

fn iam() -> Iam {
    let clock = Arc::new(ManualClock::frozen_at(
        "2026-01-01T00:00:00Z".parse().unwrap(),
    ));
    Iam::new(Settings::default(), clock, Ids::from_seed(1))
}

#[test]
fn a_good_file_creates_users_keys_and_enabled_devices() {
    let file = read(
        "accounts:\n  - id: \"111122223333\"\n    users:\n      - name: alice\n        access_keys:\n          - {id: AKIAALICE00000000001, secret: s3cr3t}\n    devices:\n      - name: alice-phone\n        seed: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n        user: alice\n",
    )
    .unwrap();
    let iam = iam();
    iam.preload(&file).unwrap();
    let codes = iam
        .mfa_codes("111122223333", "arn:aws:iam::111122223333:mfa/alice-phone")
        .unwrap();
    // The RFC key at 2026-01-01T00:00:00Z, Unix 1,767,225,600.
    let totp = totp::Totp::new(b"12345678901234567890");
    assert_eq!(totp::step(1_767_225_600), 58_907_520);
    assert_eq!(codes.code2, format!("{:06}", totp.code(58_907_520)));
    assert_eq!(codes.code1, format!("{:06}", totp.code(58_907_519)));
    assert_eq!(codes.seconds_left, 30);
    assert_eq!(
        iam.resolve_caller(Some("AKIAALICE00000000001"), None)
            .unwrap()
            .user_name(),
        Some("alice")
    );
}

#[test]
fn a_bad_value_is_reported_with_its_line_and_field() {
    let file =
        read("accounts:\n  - id: \"111122223333\"\n    users:\n      - name: \"jösé\"\n").unwrap();
    let error = iam().preload(&file).unwrap_err();
    assert!(error.starts_with("line 4, column 15: accounts[0].users[0].name: The specified value for userName is invalid."), "{error}");
    let file = read(
        "accounts:\n  - id: \"111122223333\"\n    devices:\n      - name: d\n        user: ghost\n",
    )
    .unwrap();
    let error = iam().preload(&file).unwrap_err();
    assert!(
        error.starts_with("line 5, column 15: accounts[0].devices[0].user:"),
        "{error}"
    );
}

#[test]
fn malformed_yaml_and_unknown_fields_name_their_line() {
    let error = read("accounts:\n  - id: \"1\"\n    userz: []\n").unwrap_err();
    assert!(error.contains("userz") && error.contains('3'), "{error}");
    assert!(read("accounts: [\n").is_err());
}
