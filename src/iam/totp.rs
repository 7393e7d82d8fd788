//! TOTP as AWS virtual MFA uses it (RFC 6238: HMAC-SHA1, six digits, 30 s
//! steps from the Unix epoch), and the searches the API needs: a pair of
//! consecutive codes within the enrolment window, and a single unused code
//! within the STS window.
//!
//! Everything here is pure: time comes in as a step number, so tests need no
//! clock. The HMAC is keyed once per search and its keyed state cloned for
//! each counter, and each counter's code is computed at most once, because a
//! miss walks the whole window (about 2,000 counters).

use sha1::block_api::compress;
use sha1::{Digest as _, Sha1};

/// Seconds per TOTP step.
pub const STEP_SECONDS: i64 = 30;

/// The step (counter) of a Unix time: `floor(t / 30)`.
#[must_use]
pub fn step(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// SHA-1's initial state.
const H0: [u32; 5] = [
    0x6745_2301,
    0xEFCD_AB89,
    0x98BA_DCFE,
    0x1032_5476,
    0xC3D2_E1F0,
];

/// A key ready to compute codes: HMAC-SHA1 keyed once.
///
/// HMAC(k, m) = H((k ^ opad) || H((k ^ ipad) || m)). The two padded keys
/// are one SHA-1 block each, so their states are computed once here; a
/// code then costs exactly two compressions (the 8-byte counter and the
/// 20-byte inner digest each fit one padded block). This is the cost that
/// decides how fast a full miss of the 2,000-counter window is, and
/// `sha1` uses the CPU's SHA extensions for it where there are any.
#[derive(Clone)]
pub struct Totp {
    inner: [u32; 5],
    outer: [u32; 5],
}

impl std::fmt::Debug for Totp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Totp(..)")
    }
}

/// One message block holding `bytes`, SHA-1 padded, after one block of key.
fn padded_block(bytes: &[u8]) -> [u8; 64] {
    let mut block = [0u8; 64];
    block[..bytes.len()].copy_from_slice(bytes);
    block[bytes.len()] = 0x80;
    // The bit length counts the key block before this one.
    let bits = (64 + bytes.len() as u64) * 8;
    block[56..].copy_from_slice(&bits.to_be_bytes());
    block
}

impl Totp {
    /// Keys HMAC-SHA1 with `secret` (a key longer than a block is hashed
    /// first, as RFC 2104 says).
    #[must_use]
    pub fn new(secret: &[u8]) -> Self {
        let mut key = [0u8; 64];
        if secret.len() > 64 {
            key[..20].copy_from_slice(&Sha1::digest(secret));
        } else {
            key[..secret.len()].copy_from_slice(secret);
        }
        let (mut inner, mut outer) = (H0, H0);
        compress(&mut inner, &[key.map(|b| b ^ 0x36)]);
        compress(&mut outer, &[key.map(|b| b ^ 0x5c)]);
        Self { inner, outer }
    }

    /// The six-digit HOTP value of `counter` (RFC 4226 dynamic truncation).
    #[must_use]
    pub fn code(&self, counter: u64) -> u32 {
        let mut inner = self.inner;
        compress(&mut inner, &[padded_block(&counter.to_be_bytes())]);
        let mut digest = [0u8; 20];
        for (chunk, word) in digest.chunks_exact_mut(4).zip(inner) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        let mut outer = self.outer;
        compress(&mut outer, &[padded_block(&digest)]);
        for (chunk, word) in digest.chunks_exact_mut(4).zip(outer) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        let offset = usize::from(digest[19] & 0x0f);
        let bin = u32::from_be_bytes([
            digest[offset] & 0x7f,
            digest[offset + 1],
            digest[offset + 2],
            digest[offset + 3],
        ]);
        bin % 1_000_000
    }

    /// The code of a signed step; steps before the epoch have no code.
    #[must_use]
    pub fn code_at(&self, step: i64) -> Option<u32> {
        u64::try_from(step).ok().map(|counter| self.code(counter))
    }

    /// Finds the counter `c` of a valid enrolment pair: `code(c - 1) == first`
    /// and `code(c) == second`, with `center - behind <= c <= center + ahead`
    /// and `c - 1 > after` when `after` is given. Walks outwards from
    /// `center`, so the match closest to it wins (the earlier one on a tie).
    #[must_use]
    pub fn find_pair(
        &self,
        first: u32,
        second: u32,
        center: i64,
        behind: i64,
        ahead: i64,
        after: Option<i64>,
    ) -> Option<i64> {
        find_pair_in(
            |c| self.code_at(c),
            first,
            second,
            center,
            behind,
            ahead,
            after,
        )
    }

    /// Finds a counter within `center ± reach` whose code is `code` and that
    /// `is_used` does not reject, nearest to `center` first.
    #[must_use]
    pub fn find_code(
        &self,
        code: u32,
        center: i64,
        reach: i64,
        is_used: impl Fn(i64) -> bool,
    ) -> Option<i64> {
        let candidates = std::iter::once(0).chain((1..=reach).flat_map(|d| [-d, d]));
        candidates
            .map(|offset| center.saturating_add(offset))
            .find(|&n| !is_used(n) && self.code_at(n) == Some(code))
    }
}

/// The pair search over any source of codes (computed, or remembered):
/// see [`Totp::find_pair`]. Each counter's code is asked for at most once,
/// except `c - 1`, asked only when `c` matched the second code.
#[must_use]
pub fn find_pair_in(
    code: impl Fn(i64) -> Option<u32>,
    first: u32,
    second: u32,
    center: i64,
    behind: i64,
    ahead: i64,
    after: Option<i64>,
) -> Option<i64> {
    let (lowest, highest) = pair_bounds(center, behind, ahead, after)?;
    let reach = behind.max(ahead);
    std::iter::once(0)
        .chain((1..=reach).flat_map(|d| [-d, d]))
        .map(|offset| center.saturating_add(offset))
        .filter(|c| (lowest..=highest).contains(c))
        .find(|&c| code(c) == Some(second) && code(c - 1) == Some(first))
}

/// The counters `c` (second code of a pair) a search may accept:
/// `center - behind ..= center + ahead`, above `after + 1`, and at least 1
/// (so `c - 1` is a counter); `None` when that leaves nothing.
#[must_use]
pub fn pair_bounds(center: i64, behind: i64, ahead: i64, after: Option<i64>) -> Option<(i64, i64)> {
    let lowest = after.map_or(i64::MIN, |last| last.saturating_add(2));
    let lowest = lowest.max(center.saturating_sub(behind)).max(1);
    let highest = center.saturating_add(ahead);
    (lowest <= highest).then_some((lowest, highest))
}

/// The base32 text of a secret (RFC 4648 alphabet, no padding), as shown to
/// users and put in QR codes.
#[must_use]
pub fn to_base32(secret: &[u8]) -> String {
    base32::encode(base32::Alphabet::Rfc4648 { padding: false }, secret)
}

/// The secret a base32 text encodes (case-insensitive, padding optional).
#[must_use]
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    base32::decode(base32::Alphabet::Rfc4648 { padding: false }, &cleaned)
}

#[cfg(test)]
mod tests {
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
            .unwrap_or_else(|_| include_str!("../../tests/data/totp-vectors.json").to_owned());
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
}
