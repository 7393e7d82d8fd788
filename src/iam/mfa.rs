//! Virtual MFA device operations: create, enable, resync, deactivate,
//! delete, list, tag, and `GetMFADevice`.
//!
//! Enable and resync share one mechanism (`Iam::verify_pair`): read what
//! the pair is checked against, search the window outside the lock, then
//! write only if the device is still as it was read. A change in between
//! (a concurrent enable, a deletion) sends the operation round again, so
//! its checks answer for the state it finally commits to.

use std::sync::Arc;

use jiff::Timestamp;

use super::account::{Account, Assignment, SyncState, VirtualMfaDevice, user_key};
use super::bootstrap::{otpauth_uri, qr_png};
use super::names::{
    AssignmentStatus, AuthenticationCode, DeviceName, IamPath, Marker, MaxItems, Parse as _,
    SerialNumber, TagKey, UserName,
};
use super::page::{Page, paginate, paginate_sorted};
use super::tags::{Tag, TagSet};
use super::totp;
use super::users::UserSummary;
use super::{Caller, Iam};
use crate::error::{Error, Result};

/// What `CreateVirtualMFADevice` returns: the only time the secret is shown.
#[derive(Debug, Clone)]
pub struct NewVirtualMfaDevice {
    /// The device's ARN.
    pub serial: String,
    /// The secret as 64 base32 characters.
    pub base32_seed: String,
    /// A PNG of the QR code of the `otpauth://` URI.
    pub qr_png: Vec<u8>,
    /// The tags given at creation.
    pub tags: Vec<Tag>,
}

/// A virtual device as `ListVirtualMFADevices` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceSummary {
    /// The device's ARN.
    pub serial: String,
    /// When it was enabled, if it is.
    pub enable_date: Option<Timestamp>,
    /// Its owner, if it is enabled.
    pub user: Option<UserSummary>,
}

/// An enabled device as `ListMFADevices` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaDeviceSummary {
    /// The owner's name.
    pub user_name: String,
    /// The device's ARN.
    pub serial: String,
    /// When it was enabled.
    pub enable_date: Timestamp,
}

/// What a pair is checked against: the device's secret and clock as read.
#[derive(Debug, Clone)]
struct PairBasis {
    secret: Arc<[u8]>,
    sync: SyncState,
}

impl PairBasis {
    fn of(device: &VirtualMfaDevice) -> Self {
        Self {
            secret: Arc::clone(&device.secret),
            sync: device.sync.clone(),
        }
    }

    /// Whether a pair found against `self` still holds for `other`: the
    /// same device (one deleted and created again has a new secret) with
    /// the same clock. What STS records meanwhile (used codes, its budget)
    /// does not bear on the pair, so it must not send the check round again:
    /// a burst of STS calls would otherwise exhaust the attempts.
    fn is_same_as(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.secret, &other.secret)
            && self.sync.skew == other.sync.skew
            && self.sync.last_pair == other.sync.last_pair
    }
}

/// How often a pair check is retried when the device changes under it.
const PAIR_ATTEMPTS: usize = 3;

/// A device's ARN.
#[must_use]
pub fn device_serial(account: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:mfa{path}{name}")
}

impl Iam {
    /// `CreateVirtualMFADevice`: a new, unassigned device with a fresh
    /// 40-byte secret.
    ///
    /// # Errors
    ///
    /// `EntityAlreadyExists` when the path and name are taken; tag errors.
    pub fn create_virtual_mfa_device(
        &self,
        caller: &Caller,
        path: Option<IamPath>,
        name: &DeviceName,
        tags: &[Tag],
    ) -> Result<NewVirtualMfaDevice> {
        let path = path.unwrap_or_else(IamPath::root);
        let serial = device_serial(&caller.account, path.as_str(), name.as_str());
        // The model bounds the path (512) but not the name, and lets paths
        // hold characters serials may not, while every other action takes
        // the serial as `serialNumberType`: such a serial would name a
        // device nobody could enable or delete. AWS's answer here is not
        // recorded; `InvalidInput` is ours.
        if SerialNumber::parse(&serial).is_err() {
            return Err(Error::unusable_serial(serial.chars().count() > 256));
        }
        let mut tag_set = TagSet::default();
        tag_set.merge(tags)?;
        let taken = |account: &Account| account.devices.contains_key(&serial);
        // A cheap look first, so that a duplicate costs no QR code; the
        // write below checks again.
        if self.store.read(&caller.account, taken) {
            return Err(Error::device_exists());
        }
        let secret = self.ids.mfa_seed();
        // The secret and its QR code are made before the insert, outside the
        // lock, so that a failure to draw cannot leave behind a device whose
        // seed nobody saw.
        let base32_seed = totp::to_base32(&secret);
        let uri = otpauth_uri(name.as_str(), &caller.account, &base32_seed);
        let qr_png = qr_png(&uri)?;
        self.store.write(&caller.account, |account: &mut Account| {
            if taken(account) {
                return Err(Error::device_exists());
            }
            account.devices.insert(
                serial.clone(),
                VirtualMfaDevice {
                    secret: Arc::from(secret.as_slice()),
                    tags: tag_set.clone(),
                    assignment: None,
                    previous: None,
                    sync: SyncState::default(),
                },
            );
            Ok(())
        })?;
        Ok(NewVirtualMfaDevice {
            serial,
            qr_png,
            base32_seed,
            tags: tag_set.to_vec(),
        })
    }

    /// `EnableMFADevice`: the checks of the MFA model in its order, then
    /// the pair, then the assignment.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` for an unknown user or device, `EntityAlreadyExists`
    /// for an assigned device, `LimitExceeded` past 8 devices,
    /// `InvalidAuthenticationCode` for a pair that is not valid.
    pub fn enable_mfa_device(
        &self,
        caller: &Caller,
        user: &UserName,
        serial: &SerialNumber,
        codes: (AuthenticationCode, AuthenticationCode),
    ) -> Result<()> {
        let limit = self.settings.max_devices_per_user;
        let check = |account: &Account| -> Result<PairBasis> {
            let owner = account.user(user)?;
            let device = account.device(serial)?;
            if let Some(assignment) = &device.assignment {
                return Err(if assignment.user == user_key(&owner.name) {
                    Error::device_already_enabled_for(&owner.name)
                } else {
                    Error::device_in_use()
                });
            }
            if owner.mfa_devices.len() >= limit {
                return Err(Error::mfa_devices_per_user(limit));
            }
            Ok(PairBasis::of(device))
        };
        self.verify_pair(caller, codes, check, |account, sync, now| {
            let key = user_key(user.as_str());
            let device = account.device_mut(serial)?;
            device.sync = sync;
            device.assignment = Some(Assignment { user: key.clone() });
            if let Some(owner) = account.users.get_mut(&key) {
                owner.mfa_devices.insert(serial.as_str().to_owned(), now);
            }
            Ok(())
        })
    }

    /// `ResyncMFADevice`: a new pair for an enabled device moves its skew.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` unless the device is the user's,
    /// `InvalidAuthenticationCode` for a pair that is not valid.
    pub fn resync_mfa_device(
        &self,
        caller: &Caller,
        user: &UserName,
        serial: &SerialNumber,
        codes: (AuthenticationCode, AuthenticationCode),
    ) -> Result<()> {
        let check = |account: &Account| -> Result<PairBasis> {
            // A device that exists but is not this user's answers
            // "invalid for user", like one that does not exist at all.
            let user = account.user(user)?;
            match account.devices.get(serial.as_str()) {
                Some(device)
                    if device
                        .assignment
                        .as_ref()
                        .is_some_and(|a| a.user == user_key(&user.name)) =>
                {
                    Ok(PairBasis::of(device))
                }
                _ => Err(Error::device_invalid_for_user()),
            }
        };
        self.verify_pair(caller, codes, check, |account, sync, _| {
            account.device_mut(serial)?.sync = sync;
            Ok(())
        })
    }

    /// The shared core of enable and resync: `check` reads (and re-reads
    /// under the write lock) what the pair is verified against; `commit`
    /// applies the new sync state.
    fn verify_pair(
        &self,
        caller: &Caller,
        (first, second): (AuthenticationCode, AuthenticationCode),
        check: impl Fn(&Account) -> Result<PairBasis>,
        commit: impl Fn(&mut Account, SyncState, Timestamp) -> Result<()>,
    ) -> Result<()> {
        let now = self.now();
        let server_step = totp::step(now.as_second());
        for _ in 0..PAIR_ATTEMPTS {
            let basis = self.store.read(&caller.account, &check)?;
            let counter = self
                .codes
                .find_pair(
                    &basis.secret,
                    (first.value(), second.value()),
                    server_step + basis.sync.skew,
                    self.settings.pair_window_behind,
                    self.settings.pair_window_ahead,
                    basis.sync.last_pair,
                )
                .ok_or_else(Error::invalid_authentication_code)?;
            let committed = self.store.write(&caller.account, |account| {
                let current = check(account)?;
                if !current.is_same_as(&basis) {
                    return Ok(false);
                }
                // STS's part of the state as it is now, not as first read.
                let sync = SyncState {
                    skew: counter - server_step,
                    last_pair: Some(counter),
                    ..current.sync
                };
                commit(account, sync, now)?;
                Ok(true)
            })?;
            if committed {
                return Ok(());
            }
        }
        Err(Error::internal(
            "the MFA device changed under every pair check",
        ))
    }

    /// `DeactivateMFADevice`: the device goes back to unassigned, keeping its
    /// secret, tags and sync state.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` for an unknown user or device, or a device that is not
    /// the user's.
    pub fn deactivate_mfa_device(
        &self,
        caller: &Caller,
        user: Option<&UserName>,
        serial: &SerialNumber,
    ) -> Result<()> {
        let now = self.now();
        let Some(user) = caller.named_or_self(user) else {
            // Without a user name the caller means itself; the root user
            // holds no virtual devices here.
            return self.store.read(&caller.account, |account| {
                account.device(serial)?;
                Err(Error::device_invalid_for_user())
            });
        };
        self.store.write(&caller.account, |account| {
            let (owner, _) = account.owned_device(&user, serial)?;
            let key = user_key(&owner.name);
            if let Some(owner) = account.users.get_mut(&key) {
                owner.mfa_devices.remove(serial.as_str());
            }
            let device = account.device_mut(serial)?;
            device.assignment = None;
            device.previous = Some(Box::new((key, now)));
            Ok(())
        })
    }

    /// `DeleteVirtualMFADevice`.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` for an unknown device, `DeleteConflict` while it is
    /// assigned.
    pub fn delete_virtual_mfa_device(&self, caller: &Caller, serial: &SerialNumber) -> Result<()> {
        self.store.write(&caller.account, |account| {
            if account.device(serial)?.assignment.is_some() {
                return Err(Error::device_in_use_delete());
            }
            account.devices.remove(serial.as_str());
            Ok(())
        })
    }

    /// `ListMFADevices`: the devices enabled for a user (the caller when no
    /// user is named; the root user has none here).
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` for an unknown user; `Invalid Marker.`.
    pub fn list_mfa_devices(
        &self,
        caller: &Caller,
        user: Option<&UserName>,
        marker: Option<&Marker>,
        max_items: MaxItems,
    ) -> Result<Page<MfaDeviceSummary>> {
        self.store.read(&caller.account, |account| {
            let Some(name) = caller.named_or_self(user) else {
                // The root user holds no virtual devices here: an empty list.
                return paginate_sorted::<Timestamp, _>(&[], marker, max_items, |_, _| None);
            };
            let owner = account.user(&name)?;
            paginate_sorted(
                owner.mfa_devices.as_slice(),
                marker,
                max_items,
                |serial, enable_date| {
                    Some(MfaDeviceSummary {
                        user_name: owner.name.to_string(),
                        serial: serial.to_owned(),
                        enable_date: *enable_date,
                    })
                },
            )
        })
    }

    /// `ListVirtualMFADevices`, by serial number.
    ///
    /// # Errors
    ///
    /// `Invalid Marker.`.
    pub fn list_virtual_mfa_devices(
        &self,
        caller: &Caller,
        status: AssignmentStatus,
        marker: Option<&Marker>,
        max_items: MaxItems,
    ) -> Result<Page<DeviceSummary>> {
        self.store.read(&caller.account, |account| {
            paginate(&account.devices, marker, max_items, |serial, device| {
                let owner = device
                    .assignment
                    .as_ref()
                    .and_then(|assignment| account.users.get(&assignment.user));
                let keep = match status {
                    AssignmentStatus::Any => true,
                    AssignmentStatus::Assigned => device.assignment.is_some(),
                    AssignmentStatus::Unassigned => device.assignment.is_none(),
                };
                keep.then(|| DeviceSummary {
                    serial: serial.to_owned(),
                    enable_date: owner.and_then(|owner| owner.mfa_devices.get(serial).copied()),
                    user: owner.map(|owner| UserSummary::brief(&caller.account, owner)),
                })
            })
        })
    }

    /// `TagMFADevice`: adds or overwrites tags, all or nothing.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity`, `InvalidInput` for duplicate keys, `LimitExceeded`
    /// past 50 tags.
    pub fn tag_mfa_device(
        &self,
        caller: &Caller,
        serial: &SerialNumber,
        tags: &[Tag],
    ) -> Result<()> {
        self.store.write(&caller.account, |account| {
            let device = account.device_mut(serial)?;
            device.tags.merge(tags)
        })
    }

    /// `UntagMFADevice`: removes tags by key (ignoring case).
    ///
    /// # Errors
    ///
    /// `NoSuchEntity`.
    pub fn untag_mfa_device(
        &self,
        caller: &Caller,
        serial: &SerialNumber,
        keys: &[TagKey],
    ) -> Result<()> {
        self.store.write(&caller.account, |account| {
            account.device_mut(serial)?.tags.remove(keys);
            Ok(())
        })
    }

    /// `ListMFADeviceTags`, sorted by key.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity`; `Invalid Marker.`.
    pub fn list_mfa_device_tags(
        &self,
        caller: &Caller,
        serial: &SerialNumber,
        marker: Option<&Marker>,
        max_items: MaxItems,
    ) -> Result<Page<Tag>> {
        self.store.read(&caller.account, |account| {
            let device = account.device(serial)?;
            paginate(device.tags.as_map(), marker, max_items, |_, tag| {
                Some(tag.clone())
            })
        })
    }

    /// `GetMFADevice`: AWS serves it for FIDO security keys only, so a virtual
    /// device gets AWS's "not supported by this API" answer.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` for an unknown serial, `ValidationError` for a virtual
    /// device.
    pub fn get_mfa_device(&self, caller: &Caller, serial: &SerialNumber) -> Result<()> {
        self.store.read(&caller.account, |account| {
            account.device(serial)?;
            Err(Error::get_mfa_device_not_supported())
        })
    }
}

#[cfg(test)]
mod tests;
