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

    /// A YAML or JSON file of accounts, users, keys and devices (with fixed
    /// seeds) to create before listening.
    #[arg(long, env = "IAM_MFA_EMULATOR_INIT")]
    pub init: Option<std::path::PathBuf>,

    /// Start the clock at this instant (RFC 3339) instead of the system time.
    #[arg(long, env = "IAM_MFA_EMULATOR_CLOCK_START")]
    pub clock_start: Option<jiff::Timestamp>,

    /// Start with the clock frozen (see the control API to move it).
    #[arg(long, env = "IAM_MFA_EMULATOR_CLOCK_FROZEN")]
    pub clock_frozen: bool,

    /// Bearer token the control API (`/_emulator/`) requires.
    #[arg(long, env = "IAM_MFA_EMULATOR_CONTROL_TOKEN")]
    pub control_token: Option<String>,

    /// Serve the control API without a token on a non-loopback address.
    #[arg(long, env = "IAM_MFA_EMULATOR_CONTROL_OPEN")]
    pub control_open: bool,
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
            init: None,
            clock_start: None,
            clock_frozen: false,
            control_token: None,
            control_open: false,
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

    /// Refuses settings that would expose the control API: on an address
    /// other than loopback it needs a token, or `--control-open`.
    ///
    /// # Errors
    ///
    /// A message saying what to add.
    pub fn check(&self) -> Result<(), String> {
        if !self.listen.ip().is_loopback() && self.control_token.is_none() && !self.control_open {
            return Err(format!(
                "refusing to serve the control API unprotected on {}: give --control-token \
                 TOKEN, or --control-open to allow anyone who reaches the port to reset state \
                 and move the clock",
                self.listen
            ));
        }
        Ok(())
    }

    /// The clock these flags ask for: the system time, or a start instant,
    /// running or frozen.
    #[must_use]
    pub fn clock(&self) -> Arc<ManualClock> {
        let clock = ManualClock::system();
        if let Some(at) = self.clock_start {
            clock.set(at);
        }
        clock.freeze(self.clock_frozen);
        Arc::new(clock)
    }

    /// Builds the service and loads `--init`, before anything listens.
    ///
    /// # Errors
    ///
    /// A message naming the file, line and field of a bad init file.
    pub fn load(&self) -> Result<Arc<Iam>, String> {
        let iam = self.build(self.clock());
        if let Some(path) = &self.init {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let file =
                crate::iam::preload::read(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            iam.preload(&file)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(iam)
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
