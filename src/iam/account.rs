//! The state of one account: its users and virtual MFA devices, and the
//! lookups every operation starts with.
//!
//! A device's assignment is kept on both sides (the device names its user,
//! the user lists its devices) so that counting a user's devices and listing
//! them do not scan the account; the two sides change together, in one
//! closure under the account's lock.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::Timestamp;

use super::credentials::{AccessKey, Session};
use super::names::{SerialNumber, UserName};
use super::tags::TagSet;
use crate::error::{Error, Result};

/// Everything one account holds.
#[derive(Debug, Default)]
pub struct Account {
    /// Users by case-folded name (IAM names are unique ignoring case).
    pub(crate) users: BTreeMap<String, User>,
    /// Virtual MFA devices by serial number.
    pub(crate) devices: BTreeMap<String, VirtualMfaDevice>,
    /// Long-term access keys by key id.
    pub(crate) access_keys: BTreeMap<String, AccessKey>,
    /// Temporary credentials from `GetSessionToken`, by key id.
    pub(crate) sessions: BTreeMap<String, Session>,
}

/// An IAM user.
#[derive(Debug, Clone)]
pub struct User {
    /// The name with the case it was created with.
    pub name: Box<str>,
    /// The path, `/` by default.
    pub path: Box<str>,
    /// `AIDA…`.
    pub id: Box<str>,
    /// When it was created.
    pub create_date: Timestamp,
    /// Its tags.
    pub tags: TagSet,
    /// The permissions boundary ARN given at creation, if any.
    pub permissions_boundary: Option<Box<str>>,
    /// The MFA devices enabled for it, with their enable dates.
    pub mfa_devices: EnabledDevices,
}

/// The MFA devices enabled for one user, sorted by serial number, with
/// their enable dates. A user holds at most 8, so a sorted vector: a tree
/// would allocate a whole node for the first one, for every user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnabledDevices(Vec<(String, Timestamp)>);

impl EnabledDevices {
    fn position(&self, serial: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(s, _)| s.as_str().cmp(serial))
    }

    /// How many devices are enabled.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The enable date of `serial`, if it is one of them.
    #[must_use]
    pub fn get(&self, serial: &str) -> Option<&Timestamp> {
        self.position(serial).ok().map(|i| &self.0[i].1)
    }

    /// Whether `serial` is one of them.
    #[must_use]
    pub fn contains_key(&self, serial: &str) -> bool {
        self.position(serial).is_ok()
    }

    /// Adds (or re-dates) `serial`.
    pub fn insert(&mut self, serial: String, enabled: Timestamp) {
        match self.position(&serial) {
            Ok(i) => self.0[i].1 = enabled,
            Err(i) => {
                // Exactly as many slots as devices: most users hold one.
                self.0.reserve_exact(1);
                self.0.insert(i, (serial, enabled));
            }
        }
    }

    /// Removes `serial`.
    pub fn remove(&mut self, serial: &str) {
        if let Ok(i) = self.position(serial) {
            self.0.remove(i);
        }
    }

    /// The serial numbers, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(serial, _)| serial.as_str())
    }

    /// The entries, sorted by serial number.
    #[must_use]
    pub fn as_slice(&self) -> &[(String, Timestamp)] {
        &self.0
    }
}

/// A virtual MFA device.
#[derive(Debug, Clone)]
pub struct VirtualMfaDevice {
    /// The TOTP secret (40 bytes for devices this server creates).
    pub secret: Arc<[u8]>,
    /// Its tags.
    pub tags: TagSet,
    /// The user it is enabled for, if any.
    pub assignment: Option<Assignment>,
    /// The user it was last taken from and when, which STS still sees for
    /// the configured propagation delay (boxed: rarely set, and every
    /// device carries the field).
    pub previous: Option<Box<(String, Timestamp)>>,
    /// What the server remembers of the device's clock; kept across
    /// deactivation, as AWS does.
    pub sync: SyncState,
}

/// A device's owner; the enable date is kept in the owner's
/// [`User::mfa_devices`].
#[derive(Debug, Clone)]
pub struct Assignment {
    /// The owner's case-folded name (its key in [`Account::users`]).
    pub user: String,
}

/// The server's view of a device's clock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncState {
    /// Whole steps from the server's step to the device's step.
    pub skew: i64,
    /// The counter of the second code of the last accepted enrolment or
    /// resync pair.
    pub last_pair: Option<i64>,
    /// Counters STS has accepted and that may still fall in its window.
    pub used: Vec<i64>,
    /// The 3-minute window the STS budget counts in, and what it spent.
    pub budget: (i64, u8),
}

/// The case-folded key of a user name.
pub(crate) fn user_key(name: &str) -> String {
    name.to_ascii_lowercase()
}

impl Account {
    /// Every user with its key (the case-folded name), in key order: for
    /// inspection by tests and tools.
    pub fn users(&self) -> impl Iterator<Item = (&str, &User)> {
        self.users.iter().map(|(key, user)| (key.as_str(), user))
    }

    /// Every virtual MFA device with its serial number, in serial order: for
    /// inspection by tests and tools.
    pub fn devices(&self) -> impl Iterator<Item = (&str, &VirtualMfaDevice)> {
        self.devices
            .iter()
            .map(|(serial, device)| (serial.as_str(), device))
    }

    /// The user named `name` (ignoring case).
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` when there is none.
    pub fn user(&self, name: &UserName) -> Result<&User> {
        self.users
            .get(&user_key(name.as_str()))
            .ok_or_else(|| Error::no_such_user(name.as_str()))
    }

    /// The device with serial `serial`.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` when there is none.
    pub fn device(&self, serial: &SerialNumber) -> Result<&VirtualMfaDevice> {
        self.devices
            .get(serial.as_str())
            .ok_or_else(|| Error::no_such_device(serial.as_str()))
    }

    /// Mutable access to a device that a check has just found.
    pub(crate) fn device_mut(&mut self, serial: &SerialNumber) -> Result<&mut VirtualMfaDevice> {
        self.devices
            .get_mut(serial.as_str())
            .ok_or_else(|| Error::no_such_device(serial.as_str()))
    }

    /// The user `name` and its device `serial`, checked in AWS's order: the
    /// user exists, the device exists, the device is that user's.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` with the message of the first check that fails.
    pub fn owned_device(
        &self,
        name: &UserName,
        serial: &SerialNumber,
    ) -> Result<(&User, &VirtualMfaDevice)> {
        let user = self.user(name)?;
        let device = self.device(serial)?;
        match &device.assignment {
            Some(assignment) if assignment.user == user_key(&user.name) => Ok((user, device)),
            _ => Err(Error::device_invalid_for_user()),
        }
    }
}
