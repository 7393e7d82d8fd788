//! Unit tests of `totp`.

use super::*;

#[derive(serde::Deserialize)]
struct Vectors {
    rfc_key_ascii: String,
    rfc_key_base32: String,
    rfc4226_hotp_6: Vec<Hotp>,
    rfc6238_sha1: Vec<Timed>,
    aws_shaped: AwsShaped,
}
#[derive(serde::Deserialize)]
struct Hotp {
    counter: u64,
    code: String,
}
#[derive(serde::Deserialize)]
struct Timed {
    unix_time: i64,
    counter: i64,
    code_6: String,
}
#[derive(serde::Deserialize)]
struct AwsShaped {
    seed_base32: String,
    seed_hex: String,
    base32_string_seed_on_the_wire: String,
    codes: Vec<TimedCode>,
}
#[derive(serde::Deserialize)]
struct TimedCode {
    unix_time: i64,
    counter: i64,
    code: String,
}

/// The shared vectors, kept beside the project; a copy of the RFC rows is
/// compiled in so the test still runs where that folder is absent.
fn vectors() -> Vectors {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/spec/totp-vectors.json"
    );
    let text = std::fs::read_to_string(shared)
        .unwrap_or_else(|_| include_str!("../../../tests/data/totp-vectors.json").to_owned());
    serde_json::from_str(&text).unwrap()
}

#[test]
fn hotp_matches_every_rfc_4226_vector() {
    let v = vectors();
    let totp = Totp::new(v.rfc_key_ascii.as_bytes());
    for case in &v.rfc4226_hotp_6 {
        assert_eq!(format!("{:06}", totp.code(case.counter)), case.code);
    }
    assert_eq!(
        from_base32(&v.rfc_key_base32).unwrap(),
        v.rfc_key_ascii.as_bytes()
    );
}

#[test]
fn totp_matches_every_rfc_6238_sha1_vector() {
    let v = vectors();
    let totp = Totp::new(v.rfc_key_ascii.as_bytes());
    for case in &v.rfc6238_sha1 {
        assert_eq!(step(case.unix_time), case.counter);
        let code = totp.code(u64::try_from(case.counter).unwrap());
        assert_eq!(format!("{code:06}"), case.code_6, "t={}", case.unix_time);
    }
}

#[test]
fn an_aws_shaped_seed_round_trips_and_gives_its_codes() {
    use base64::Engine as _;
    let v = vectors().aws_shaped;
    let seed: Vec<u8> = (0..v.seed_hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&v.seed_hex[i..i + 2], 16).unwrap())
        .collect();
    assert_eq!(seed.len(), 40);
    assert_eq!(to_base32(&seed), v.seed_base32);
    let wire = base64::engine::general_purpose::STANDARD.encode(to_base32(&seed));
    assert_eq!(wire, v.base32_string_seed_on_the_wire);
    let totp = Totp::new(&seed);
    for case in &v.codes {
        assert_eq!(step(case.unix_time), case.counter);
        let code = totp.code(u64::try_from(case.counter).unwrap());
        assert_eq!(format!("{code:06}"), case.code);
    }
}

#[test]
fn codes_match_the_hmac_crate_for_keys_of_every_length() {
    use hmac::{Hmac, KeyInit, Mac};
    for len in [0, 1, 20, 40, 63, 64, 65, 100] {
        let key: Vec<u8> = (0..len)
            .map(|i| u8::try_from(i * 7 % 256).unwrap())
            .collect();
        let totp = Totp::new(&key);
        for counter in [0u64, 1, 59_000_000, u64::MAX] {
            let mut mac = Hmac::<Sha1>::new_from_slice(&key).unwrap();
            mac.update(&counter.to_be_bytes());
            let d = mac.finalize().into_bytes();
            let o = usize::from(d[19] & 0x0f);
            let bin = u32::from_be_bytes([d[o] & 0x7f, d[o + 1], d[o + 2], d[o + 3]]);
            assert_eq!(
                totp.code(counter),
                bin % 1_000_000,
                "key {len}, counter {counter}"
            );
        }
    }
}

#[test]
fn a_pair_is_found_only_in_order_and_consecutive() {
    let totp = Totp::new(b"12345678901234567890");
    let t = 1_000_000;
    let code = |n: i64| totp.code(u64::try_from(n).unwrap());
    assert_eq!(
        totp.find_pair(code(t - 1), code(t), t, 998, 1000, None),
        Some(t)
    );
    assert_eq!(
        totp.find_pair(code(t), code(t - 1), t, 998, 1000, None),
        None
    );
    assert_eq!(totp.find_pair(code(t), code(t), t, 998, 1000, None), None);
    assert_eq!(
        totp.find_pair(code(t - 2), code(t), t, 998, 1000, None),
        None
    );
}

#[test]
fn the_pair_window_runs_from_998_behind_to_1000_ahead() {
    let totp = Totp::new(b"12345678901234567890");
    let t = 5_000_000;
    let code = |n: i64| totp.code(u64::try_from(n).unwrap());
    let pair = |c: i64| totp.find_pair(code(c - 1), code(c), t, 998, 1000, None);
    assert_eq!(pair(t - 998), Some(t - 998));
    assert_eq!(pair(t - 999), None);
    assert_eq!(pair(t + 1000), Some(t + 1000));
    assert_eq!(pair(t + 1001), None);
}

#[test]
fn a_pair_must_be_newer_than_the_last_accepted_one() {
    let totp = Totp::new(b"12345678901234567890");
    let t = 5_000_000;
    let code = |n: i64| totp.code(u64::try_from(n).unwrap());
    assert_eq!(
        totp.find_pair(code(t - 1), code(t), t, 998, 1000, Some(t)),
        None
    );
    assert_eq!(
        totp.find_pair(code(t - 1), code(t), t, 998, 1000, Some(t - 1)),
        None
    );
    // The pair that shares the last accepted code is refused too.
    assert_eq!(
        totp.find_pair(code(t), code(t + 1), t, 998, 1000, Some(t)),
        None
    );
    assert_eq!(
        totp.find_pair(code(t + 1), code(t + 2), t, 998, 1000, Some(t)),
        Some(t + 2)
    );
}

#[test]
fn a_single_code_is_found_within_reach_unless_used() {
    let totp = Totp::new(b"12345678901234567890");
    let t = 5_000_000;
    let code = |n: i64| totp.code(u64::try_from(n).unwrap());
    assert_eq!(totp.find_code(code(t + 2), t, 2, |_| false), Some(t + 2));
    assert_eq!(totp.find_code(code(t - 3), t, 2, |_| false), None);
    assert_eq!(totp.find_code(code(t), t, 2, |n| n == t), None);
}
