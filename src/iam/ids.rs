//! Every random value the server makes: MFA seeds, user ids, access keys,
//! session tokens and request ids, from one generator.
//!
//! The generator is a `ChaCha12` stream (`StdRng`), a cryptographic RNG,
//! seeded from the operating system, or from a number given on the command
//! line, in which case every run that sends the same requests gets the same
//! seeds, ids and keys.

use std::sync::{Mutex, PoisonError};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The source of random ids and secrets.
#[derive(Debug)]
pub struct Ids {
    rng: Mutex<StdRng>,
}

const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const SECRET_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

impl Ids {
    /// Seeded from the operating system's entropy.
    #[must_use]
    pub fn from_entropy() -> Self {
        Self::with_rng(rand::make_rng())
    }

    /// Seeded from `seed`: the same seed gives the same sequence.
    #[must_use]
    pub fn from_seed(seed: u64) -> Self {
        Self::with_rng(StdRng::seed_from_u64(seed))
    }

    fn with_rng(rng: StdRng) -> Self {
        Self {
            rng: Mutex::new(rng),
        }
    }

    fn fill(&self, bytes: &mut [u8]) {
        // Filling bytes cannot leave the RNG torn, so a poisoned lock is usable.
        self.rng
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .fill_bytes(bytes);
    }

    fn text(&self, alphabet: &[u8], len: usize) -> String {
        let mut bytes = vec![0u8; len];
        self.fill(&mut bytes);
        // 256 is not a multiple of 36 or 64 for every alphabet; the slight bias
        // of a modulo does not matter for identifiers.
        bytes
            .iter()
            .map(|b| char::from(alphabet[usize::from(*b) % alphabet.len()]))
            .collect()
    }

    /// A virtual MFA seed: 40 random bytes, as AWS makes them.
    #[must_use]
    pub fn mfa_seed(&self) -> [u8; 40] {
        let mut seed = [0u8; 40];
        self.fill(&mut seed);
        seed
    }

    /// A user id: `AIDA` and 17 upper-case letters and digits.
    #[must_use]
    pub fn user_id(&self) -> String {
        format!("AIDA{}", self.text(UPPER_ALNUM, 17))
    }

    /// A long-term access key id: `AKIA` and 16 upper-case letters and digits.
    #[must_use]
    pub fn access_key_id(&self) -> String {
        format!("AKIA{}", self.text(UPPER_ALNUM, 16))
    }

    /// A temporary access key id: `ASIA` and 16 upper-case letters and digits.
    #[must_use]
    pub fn temporary_access_key_id(&self) -> String {
        format!("ASIA{}", self.text(UPPER_ALNUM, 16))
    }

    /// A secret access key: 40 characters of the base64 alphabet.
    #[must_use]
    pub fn secret_access_key(&self) -> String {
        self.text(SECRET_ALPHABET, 40)
    }

    /// A session token.
    #[must_use]
    pub fn session_token(&self) -> String {
        format!("IQoJb3JpZ2luX2Vj{}", self.text(SECRET_ALPHABET, 280))
    }

    /// A request id: a version-4 UUID.
    #[must_use]
    pub fn request_id(&self) -> uuid::Uuid {
        let mut bytes = [0u8; 16];
        self.fill(&mut bytes);
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }
}

#[cfg(test)]
mod tests;
