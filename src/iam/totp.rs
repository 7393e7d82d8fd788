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
mod tests;
