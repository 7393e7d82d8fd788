//! RFC 4226 / RFC 6238 codes (HMAC-SHA1, 6 digits, 30 s steps) and seed decoding.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

pub(crate) const STEP_SECONDS: u64 = 30;

/// HOTP value of `counter` as a number below 1,000,000.
#[allow(
    clippy::expect_used,
    reason = "HMAC accepts keys of any length, so this cannot fail"
)]
pub(crate) fn hotp(key: &[u8], counter: u64) -> u32 {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let bin = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    bin % 1_000_000
}

/// The 6-digit code of `counter`, zero padded.
pub(crate) fn code(key: &[u8], counter: u64) -> String {
    format!("{:06}", hotp(key, counter))
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The current TOTP step.
pub(crate) fn step_now() -> u64 {
    unix_now() / STEP_SECONDS
}

/// `Base32StringSeed` (base64 of the base32 text) to the raw HMAC key.
pub(crate) fn decode_seed(base64_text: &str) -> Option<Vec<u8>> {
    let text = base64::engine::general_purpose::STANDARD
        .decode(base64_text.trim())
        .ok()?;
    let text = std::str::from_utf8(&text).ok()?;
    base32::decode(
        base32::Alphabet::Rfc4648 { padding: false },
        text.trim_end_matches('='),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vectors() {
        let key = b"12345678901234567890";
        // RFC 6238 appendix B (8 digits) truncated to 6.
        assert_eq!(hotp(key, 59 / 30), 287_082);
        assert_eq!(hotp(key, 1_111_111_109 / 30), 81_804);
        assert_eq!(hotp(key, 1_234_567_890 / 30), 5_924);
        assert_eq!(code(key, 1_234_567_890 / 30), "005924");
    }

    #[test]
    fn seed_round_trip() {
        let key: Vec<u8> = (0u8..40).collect();
        let b32 = base32::encode(base32::Alphabet::Rfc4648 { padding: false }, &key);
        assert_eq!(b32.len(), 64);
        let wire = base64::engine::general_purpose::STANDARD.encode(b32);
        assert_eq!(decode_seed(&wire), Some(key));
    }
}
