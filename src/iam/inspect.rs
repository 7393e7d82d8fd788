//! What the control API shows: the codes an authenticator app would show
//! for a device right now, and a dump of an account's state for debugging.

use jiff::Timestamp;
use serde::Serialize;

use super::Iam;
use super::account::Account;
use super::totp::{self, STEP_SECONDS, Totp};
use super::users::user_arn;
use crate::error::{Error, Result};

/// The two latest codes of a device at the emulator's clock and the device's
/// skew, ready for `EnableMFADevice` or `ResyncMFADevice`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MfaCodes {
    /// The code of the previous step.
    pub code1: String,
    /// The code of the current step.
    pub code2: String,
    /// Seconds until the current step ends.
    pub seconds_left: i64,
}

/// A JSON-ready dump of accounts.
#[derive(Debug, Clone, Serialize)]
pub struct StateDump {
    /// The emulator's current time.
    pub now: String,
    /// Each account, by id.
    pub accounts: Vec<AccountDump>,
}

/// One account's users and devices.
#[derive(Debug, Clone, Serialize)]
pub struct AccountDump {
    /// The 12-digit id.
    pub id: String,
    /// Users by name.
    pub users: Vec<UserDump>,
    /// Virtual MFA devices by serial.
    pub devices: Vec<DeviceDump>,
}

/// A user.
#[derive(Debug, Clone, Serialize)]
pub struct UserDump {
    /// Name.
    pub name: String,
    /// ARN.
    pub arn: String,
    /// `AIDA…`.
    pub id: String,
    /// Serials of its enabled devices.
    pub mfa_devices: Vec<String>,
    /// Its access key ids, with their secrets when asked for.
    pub access_keys: Vec<KeyDump>,
    /// Tags, key to value.
    pub tags: Vec<(String, String)>,
}

/// An access key.
#[derive(Debug, Clone, Serialize)]
pub struct KeyDump {
    /// `AKIA…`.
    pub id: String,
    /// `Active` or `Inactive`.
    pub status: &'static str,
    /// The secret, only with `secrets=true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// A virtual MFA device and its sync state.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceDump {
    /// Serial (ARN).
    pub serial: String,
    /// The owner's name, if enabled.
    pub user: Option<String>,
    /// When it was enabled.
    pub enable_date: Option<String>,
    /// Steps between the server's clock and the device's.
    pub skew: i64,
    /// Counter of the last accepted enrolment/resync pair's second code.
    pub last_pair: Option<i64>,
    /// Counters STS has accepted.
    pub sts_used: Vec<i64>,
    /// The base32 seed, only with `secrets=true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
    /// Tags, key to value.
    pub tags: Vec<(String, String)>,
}

/// The account an ARN names (`arn:aws:iam::<account>:...`).
#[must_use]
pub fn account_of_arn(arn: &str) -> Option<&str> {
    let account = arn.strip_prefix("arn:aws:iam::")?.split(':').next()?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

impl Iam {
    /// The codes an authenticator app shows for `serial` now.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` for an unknown device.
    pub fn mfa_codes(&self, account: &str, serial: &str) -> Result<MfaCodes> {
        let now = self.now().as_second();
        let (secret, skew) = self.store.read(account, |state| {
            state
                .devices
                .get(serial)
                .map(|device| (std::sync::Arc::clone(&device.secret), device.sync.skew))
                .ok_or_else(|| Error::no_such_device(serial))
        })?;
        let totp = Totp::new(&secret);
        let step = totp::step(now) + skew;
        let code = |n: i64| {
            u64::try_from(n).map_or_else(|_| String::new(), |n| format!("{:06}", totp.code(n)))
        };
        Ok(MfaCodes {
            code1: code(step - 1),
            code2: code(step),
            seconds_left: STEP_SECONDS - now.rem_euclid(STEP_SECONDS),
        })
    }

    /// Every account (or one), with secrets only when `secrets` is set.
    #[must_use]
    pub fn dump(&self, account: Option<&str>, secrets: bool) -> StateDump {
        let ids = match account {
            Some(id) => vec![id.to_owned()],
            None => self.account_ids(),
        };
        StateDump {
            now: super::clock::iso8601(self.now()),
            accounts: ids
                .into_iter()
                .map(|id| {
                    self.store
                        .read(&id, |state| dump_account(&id, state, secrets))
                })
                .collect(),
        }
    }
}

fn dump_account(id: &str, state: &Account, secrets: bool) -> AccountDump {
    let date = |at: Timestamp| super::clock::iso8601(at);
    let users = state
        .users
        .iter()
        .map(|(key, user)| UserDump {
            name: user.name.to_string(),
            arn: user_arn(id, &user.path, &user.name),
            id: user.id.to_string(),
            mfa_devices: user.mfa_devices.keys().map(str::to_owned).collect(),
            access_keys: state
                .access_keys
                .iter()
                .filter(|(_, k)| k.user.as_deref() == Some(key.as_str()))
                .map(|(key_id, k)| KeyDump {
                    id: key_id.clone(),
                    status: k.status.as_str(),
                    secret: secrets.then(|| k.secret.clone()),
                })
                .collect(),
            tags: tag_pairs(&user.tags),
        })
        .collect();
    let devices = state
        .devices
        .iter()
        .map(|(serial, device)| {
            let owner = device
                .assignment
                .as_ref()
                .and_then(|a| state.users.get(&a.user));
            DeviceDump {
                serial: serial.clone(),
                user: owner.map(|u| u.name.to_string()),
                enable_date: owner
                    .and_then(|u| u.mfa_devices.get(serial))
                    .map(|at| date(*at)),
                skew: device.sync.skew,
                last_pair: device.sync.last_pair,
                sts_used: device.sync.used.clone(),
                seed: secrets.then(|| totp::to_base32(&device.secret)),
                tags: tag_pairs(&device.tags),
            }
        })
        .collect();
    AccountDump {
        id: id.to_owned(),
        users,
        devices,
    }
}

fn tag_pairs(tags: &super::tags::TagSet) -> Vec<(String, String)> {
    tags.to_vec()
        .into_iter()
        .map(|t| (t.key.as_str().to_owned(), t.value.as_str().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests;
