//! Preloaded state: a YAML or JSON file (`--init`) that creates accounts,
//! users with access keys, virtual devices with given seeds, and
//! assignments, before the server listens.
//!
//! Every value is read with its position, so a bad file stops the server
//! with a message naming the line, the column and the field, whether the
//! file is malformed YAML or valid YAML with a value IAM would refuse.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::account::{Account, Assignment, SyncState, User, VirtualMfaDevice, user_key};
use super::credentials::AccessKey;
use super::names::{
    AccessKeyId, DeviceName, IamPath, KeyStatus, NewUserName, Parse, TagKey, TagValue,
};
use super::tags::{Tag, TagSet};
use super::{Iam, mfa::device_serial, totp};

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitFile {
    /// The accounts to create.
    #[serde(default)]
    pub accounts: Vec<AccountSpec>,
}

/// One account.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSpec {
    /// Its 12-digit id.
    pub id: Spanned<String>,
    /// Its users.
    #[serde(default)]
    pub users: Vec<UserSpec>,
    /// Its virtual MFA devices.
    #[serde(default)]
    pub devices: Vec<DeviceSpec>,
}

/// One user.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserSpec {
    /// Name.
    pub name: Spanned<String>,
    /// Path, `/` by default.
    pub path: Option<Spanned<String>>,
    /// Tags, key to value.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Access keys with fixed ids and secrets.
    #[serde(default)]
    pub access_keys: Vec<KeySpec>,
}

/// One access key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySpec {
    /// The key id, e.g. `AKIAALICE00000000001`.
    pub id: Spanned<String>,
    /// The secret.
    pub secret: Spanned<String>,
    /// `Active` (default) or `Inactive`.
    pub status: Option<Spanned<String>>,
}

/// One virtual MFA device.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceSpec {
    /// Name.
    pub name: Spanned<String>,
    /// Path, `/` by default.
    pub path: Option<Spanned<String>>,
    /// The base32 secret an authenticator app is given; random if absent.
    pub seed: Option<Spanned<String>>,
    /// Tags, key to value.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The user it is enabled for, if any (enabled at startup, skew 0).
    pub user: Option<Spanned<String>>,
}

/// Where a bad value stands and what is wrong with it.
fn at<T>(value: &Spanned<T>, field: &str, problem: &str) -> String {
    let place = value.referenced;
    format!(
        "line {}, column {}: {field}: {problem}",
        place.line(),
        place.column()
    )
}

/// Parses a spanned string as `T`, naming the field on failure.
fn parse<T: Parse>(value: &Spanned<String>, field: &str, aws_field: &str) -> Result<T, String> {
    T::parse(&value.value).map_err(|violations| {
        let problem: Vec<String> = violations
            .iter()
            .map(|v| v.sentence(aws_field).unwrap_or_else(|| v.constraint()))
            .collect();
        at(value, field, &problem.join("; "))
    })
}

fn tags(
    map: &BTreeMap<String, String>,
    owner: &Spanned<String>,
    field: &str,
) -> Result<TagSet, String> {
    let mut tags = Vec::new();
    for (key, value) in map {
        let key = TagKey::parse(key).map_err(|_| {
            at(
                owner,
                field,
                &format!("tag key {key:?} is not a valid tag key"),
            )
        })?;
        let value = TagValue::parse(value).map_err(|_| {
            at(
                owner,
                field,
                &format!("tag value {value:?} is not a valid tag value"),
            )
        })?;
        tags.push(Tag { key, value });
    }
    let mut set = TagSet::default();
    set.merge(&tags)
        .map_err(|e| at(owner, field, &e.to_string()))?;
    Ok(set)
}

/// Reads an init file.
///
/// # Errors
///
/// The parser's message, with line and column, for malformed YAML or JSON
/// or a field of the wrong type or name.
pub fn read(text: &str) -> Result<InitFile, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

impl Iam {
    /// Creates what `file` describes.
    ///
    /// # Errors
    ///
    /// A message naming the line, column and field of the first value that
    /// IAM would refuse, or that repeats or references something wrongly.
    pub fn preload(&self, file: &InitFile) -> Result<(), String> {
        for (a, spec) in file.accounts.iter().enumerate() {
            let id = &spec.id.value;
            if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(at(
                    &spec.id,
                    &format!("accounts[{a}].id"),
                    "an account id is 12 digits",
                ));
            }
            let mut account = Account::default();
            for (u, user) in spec.users.iter().enumerate() {
                self.preload_user(&mut account, user, &format!("accounts[{a}].users[{u}]"))?;
            }
            for (d, device) in spec.devices.iter().enumerate() {
                self.preload_device(
                    &mut account,
                    id,
                    device,
                    &format!("accounts[{a}].devices[{d}]"),
                )?;
            }
            let keys: Vec<String> = account.access_keys.keys().cloned().collect();
            self.store.write(id, |state| *state = account);
            for key in keys {
                self.keys.insert(&key, id);
            }
        }
        Ok(())
    }

    /// Adds one user, with its access keys, to `account`.
    fn preload_user(
        &self,
        account: &mut Account,
        user: &UserSpec,
        here: &str,
    ) -> Result<(), String> {
        let now = self.now();
        let name: NewUserName = parse(&user.name, &format!("{here}.name"), "userName")?;
        let path = match &user.path {
            Some(path) => parse::<IamPath>(path, &format!("{here}.path"), "path")?,
            None => IamPath::root(),
        };
        let key = user_key(name.as_str());
        if account.users.contains_key(&key) {
            return Err(at(
                &user.name,
                &format!("{here}.name"),
                "a user of this name is already defined",
            ));
        }
        for (k, spec) in user.access_keys.iter().enumerate() {
            let field = format!("{here}.access_keys[{k}]");
            let key_id: AccessKeyId = parse(&spec.id, &format!("{field}.id"), "accessKeyId")?;
            let status = match &spec.status {
                Some(status) => parse(status, &format!("{field}.status"), "status")?,
                None => KeyStatus::Active,
            };
            if account.access_keys.contains_key(key_id.as_str()) {
                return Err(at(
                    &spec.id,
                    &format!("{field}.id"),
                    "this access key id is already defined",
                ));
            }
            let access_key = AccessKey {
                user: Some(key.clone()),
                secret: spec.secret.value.clone(),
                status,
                create_date: now,
            };
            account
                .access_keys
                .insert(key_id.as_str().to_owned(), access_key);
        }
        let created = User {
            name: name.as_str().into(),
            path: path.as_str().into(),
            id: self.ids.user_id().into(),
            create_date: now,
            tags: tags(&user.tags, &user.name, &format!("{here}.tags"))?,
            permissions_boundary: None,
            mfa_devices: super::account::EnabledDevices::default(),
        };
        account.users.insert(key, created);
        Ok(())
    }

    /// Adds one device to `account`, enabled for its user when it names one.
    fn preload_device(
        &self,
        account: &mut Account,
        id: &str,
        device: &DeviceSpec,
        here: &str,
    ) -> Result<(), String> {
        let now = self.now();
        let name: DeviceName = parse(
            &device.name,
            &format!("{here}.name"),
            "virtualMFADeviceName",
        )?;
        let path = match &device.path {
            Some(path) => parse::<IamPath>(path, &format!("{here}.path"), "path")?,
            None => IamPath::root(),
        };
        let serial = device_serial(id, path.as_str(), name.as_str());
        if account.devices.contains_key(&serial) {
            return Err(at(
                &device.name,
                &format!("{here}.name"),
                "a device with this path and name is already defined",
            ));
        }
        let secret: Vec<u8> = match &device.seed {
            Some(seed) => totp::from_base32(&seed.value).ok_or_else(|| {
                at(
                    seed,
                    &format!("{here}.seed"),
                    "not a base32 secret (A-Z, 2-7)",
                )
            })?,
            None => self.ids.mfa_seed().to_vec(),
        };
        let tags = tags(&device.tags, &device.name, &format!("{here}.tags"))?;
        let assignment = match &device.user {
            None => None,
            Some(owner) => {
                let key = user_key(&owner.value);
                let Some(user) = account.users.get_mut(&key) else {
                    return Err(at(
                        owner,
                        &format!("{here}.user"),
                        "no user of this name is defined in this account",
                    ));
                };
                if user.mfa_devices.len() >= self.settings.max_devices_per_user {
                    return Err(at(
                        owner,
                        &format!("{here}.user"),
                        "this user already holds the most MFA devices allowed",
                    ));
                }
                user.mfa_devices.insert(serial.clone(), now);
                Some(Assignment { user: key })
            }
        };
        let created = VirtualMfaDevice {
            secret: Arc::from(secret),
            tags,
            assignment,
            previous: None,
            sync: SyncState::default(),
        };
        account.devices.insert(serial, created);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
