//! The server's configuration: command-line flags, each with an environment
//! variable, and the defaults documented in the README.

use std::net::SocketAddr;
use std::sync::Arc;

use clap::Parser;
use jiff::SignedDuration;

use crate::iam::ids::Ids;
use crate::iam::{DEFAULT_ACCOUNT_ID, Iam, ManualClock, Settings};

/// iam-mfa-emulator: AWS IAM's MFA API and STS, emulated for tests.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(
        long,
        env = "IAM_MFA_EMULATOR_LISTEN",
        default_value = "127.0.0.1:4566"
    )]
    pub listen: SocketAddr,

    /// Account of requests whose access key id is not a 12-digit account id.
    #[arg(long, env = "IAM_MFA_EMULATOR_ACCOUNT_ID", default_value = DEFAULT_ACCOUNT_ID, value_parser = parse_account_id)]
    pub account_id: String,

    /// Steps behind the device's adjusted time an enable/resync pair may end.
    #[arg(
        long,
        env = "IAM_MFA_EMULATOR_PAIR_WINDOW_BEHIND",
        default_value_t = 998
    )]
    pub pair_window_behind: u32,

    /// Steps ahead of the device's adjusted time an enable/resync pair may end.
    #[arg(
        long,
        env = "IAM_MFA_EMULATOR_PAIR_WINDOW_AHEAD",
        default_value_t = 1000
    )]
    pub pair_window_ahead: u32,

    /// Makes every seed, id, key and request id reproducible from this number.
    #[arg(long, env = "IAM_MFA_EMULATOR_RANDOM_SEED")]
    pub random_seed: Option<u64>,

    /// How long a new or removed MFA binding takes to reach STS, e.g. `10s`
    /// (AWS shows about 10 s).
    #[arg(long, env = "IAM_MFA_EMULATOR_STS_PROPAGATION_DELAY", default_value = "0s", value_parser = parse_duration)]
    pub sts_propagation_delay: SignedDuration,
}

fn parse_duration(value: &str) -> Result<SignedDuration, String> {
    let duration: SignedDuration = value
        .parse()
        .map_err(|e| format!("not a duration such as 10s or 2m: {e}"))?;
    if duration.is_negative() {
        return Err("a duration cannot be negative".to_owned());
    }
    Ok(duration)
}

fn parse_account_id(value: &str) -> Result<String, String> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(value.to_owned())
    } else {
        Err("an account id is 12 digits".to_owned())
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 4566)),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            pair_window_behind: 998,
            pair_window_ahead: 1000,
            random_seed: None,
            sts_propagation_delay: SignedDuration::ZERO,
        }
    }
}

impl Config {
    /// The emulation rules these flags set.
    #[must_use]
    pub fn settings(&self) -> Settings {
        Settings {
            default_account: self.account_id.clone(),
            pair_window_behind: i64::from(self.pair_window_behind),
            pair_window_ahead: i64::from(self.pair_window_ahead),
            sts_propagation_delay: self.sts_propagation_delay,
            ..Settings::default()
        }
    }

    /// A service configured by these flags, on `clock`.
    #[must_use]
    pub fn build(&self, clock: Arc<ManualClock>) -> Arc<Iam> {
        let ids = self
            .random_seed
            .map_or_else(Ids::from_entropy, Ids::from_seed);
        Arc::new(Iam::new(self.settings(), clock, ids))
    }
}
