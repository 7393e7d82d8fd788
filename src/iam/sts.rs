//! STS: `GetCallerIdentity`, and `GetSessionToken` with the MFA check AWS
//! makes (see the MFA model): a budget of 9 verifications per device per
//! 3-minute UTC window, the device bound to the caller (visible after the
//! configured propagation delay), and an unused code within ±2 steps of the
//! device's adjusted step. STS never moves the skew.

use jiff::{SignedDuration, Timestamp};

use super::account::{Account, VirtualMfaDevice, user_key};
use super::credentials::Session;
use super::names::{DurationSeconds, SerialNumber, TokenCode};
use super::totp::{self, Totp};
use super::users::user_arn;
use super::{Caller, Iam, Principal};
use crate::error::{Error, Result};

/// Verifications STS allows per device per budget window.
const BUDGET: u8 = 9;
/// The budget window, in seconds (UTC-aligned).
const BUDGET_WINDOW_SECONDS: i64 = 180;
/// Steps either side of the device's adjusted step STS accepts.
const STS_REACH: i64 = 2;
/// How long root's session credentials live at most.
const ROOT_MAX_SECONDS: i64 = 3600;
/// How far back used counters are remembered: beyond the enrolment window,
/// a resync cannot bring them back into reach.
const USED_MEMORY_STEPS: i64 = 2_000;

/// Who the caller is, as `GetCallerIdentity` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    /// The 12-digit account id.
    pub account: String,
    /// The caller's ARN.
    pub arn: String,
    /// `AIDA…` for a user, the account id for root.
    pub user_id: String,
}

/// Temporary credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCredentials {
    /// `ASIA…`.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token.
    pub session_token: String,
    /// When they expire.
    pub expiration: Timestamp,
}

impl Account {
    /// Whether STS sees `device` bound to `caller` at `now`: a binding is
    /// visible `delay` after it is made, and a removed one stays visible for
    /// `delay` after its removal.
    fn is_bound_for_sts(
        &self,
        serial: &str,
        device: &VirtualMfaDevice,
        caller: &Caller,
        now: Timestamp,
        delay: SignedDuration,
    ) -> bool {
        let is_callers = |user: &str| match &caller.principal {
            // Lenient root (ours): any device of the account.
            Principal::Root => true,
            Principal::User(name) => user == user_key(name),
        };
        let visible_since = |at: Timestamp| at.saturating_add(delay).is_ok_and(|seen| seen <= now);
        let current = device.assignment.as_ref().is_some_and(|assignment| {
            is_callers(&assignment.user)
                && self
                    .users
                    .get(&assignment.user)
                    .and_then(|owner| owner.mfa_devices.get(serial))
                    .is_some_and(|enabled| visible_since(*enabled))
        });
        let lingering = device
            .previous
            .as_ref()
            .is_some_and(|previous| is_callers(&previous.0) && !visible_since(previous.1));
        current || lingering
    }
}

impl Iam {
    /// `GetCallerIdentity`.
    ///
    /// # Errors
    ///
    /// `ServiceFailure` if the caller's user vanished under its request.
    pub fn get_caller_identity(&self, caller: &Caller) -> Result<CallerIdentity> {
        match &caller.principal {
            Principal::Root => Ok(CallerIdentity {
                account: caller.account.clone(),
                arn: format!("arn:aws:iam::{}:root", caller.account),
                user_id: caller.account.clone(),
            }),
            Principal::User(name) => self.store.read(&caller.account, |account| {
                let user = account
                    .users
                    .get(&user_key(name))
                    .ok_or_else(|| Error::internal("the caller's user is gone"))?;
                Ok(CallerIdentity {
                    account: caller.account.clone(),
                    arn: user_arn(&caller.account, &user.path, &user.name),
                    user_id: user.id.to_string(),
                })
            }),
        }
    }

    /// `GetSessionToken`, with the MFA check when `mfa` is given.
    ///
    /// # Errors
    ///
    /// `AccessDenied` with AWS's messages when the MFA check fails or the
    /// caller already uses session credentials.
    pub fn get_session_token(
        &self,
        caller: &Caller,
        duration: DurationSeconds,
        mfa: Option<(&SerialNumber, Option<TokenCode>)>,
    ) -> Result<SessionCredentials> {
        if caller.via_session {
            return Err(Error::session_credentials_not_allowed());
        }
        let now = self.now();
        if let Some((serial, code)) = mfa {
            self.verify_sts_code(caller, serial, code, now)?;
        }
        let seconds = match caller.principal {
            Principal::Root => duration.get().min(ROOT_MAX_SECONDS),
            Principal::User(_) => duration.get(),
        };
        let expiration = now
            .saturating_add(SignedDuration::from_secs(seconds))
            .map_err(Error::internal)?;
        let credentials = SessionCredentials {
            access_key_id: self.ids.temporary_access_key_id(),
            secret_access_key: self.ids.secret_access_key(),
            session_token: self.ids.session_token(),
            expiration,
        };
        self.store.write(&caller.account, |account: &mut Account| {
            account
                .sessions
                .retain(|_, session| session.expiration > now);
            account.sessions.insert(
                credentials.access_key_id.clone(),
                Session {
                    principal: caller.principal.clone(),
                    token: credentials.session_token.clone(),
                    expiration,
                },
            );
        });
        self.keys
            .insert(&credentials.access_key_id, &caller.account);
        Ok(credentials)
    }

    /// The MFA model's STS checks, in order; every attempt on a known device
    /// spends budget, good or bad (observed on AWS).
    fn verify_sts_code(
        &self,
        caller: &Caller,
        serial: &SerialNumber,
        code: Option<TokenCode>,
        now: Timestamp,
    ) -> Result<()> {
        let window = now.as_second().div_euclid(BUDGET_WINDOW_SECONDS);
        let server_step = totp::step(now.as_second());
        let delay = self.settings.sts_propagation_delay;
        self.store.write(&caller.account, |account: &mut Account| {
            let device = account
                .devices
                .get(serial.as_str())
                .ok_or_else(Error::sts_unable_to_validate)?;
            let bound = account.is_bound_for_sts(serial.as_str(), device, caller, now, delay);
            let device = account.device_mut(serial)?;
            let sync = &mut device.sync;
            if sync.budget.0 != window {
                sync.budget = (window, 0);
            }
            if sync.budget.1 >= BUDGET {
                return Err(Error::sts_unable_to_validate());
            }
            sync.budget.1 += 1;
            let Some(code) = code.filter(|_| bound) else {
                return Err(Error::sts_unable_to_validate());
            };
            let adjusted = server_step + sync.skew;
            let matched = Totp::new(&device.secret)
                .find_code(code.value(), adjusted, STS_REACH, |n| {
                    sync.used.contains(&n)
                })
                .ok_or_else(Error::sts_invalid_code)?;
            sync.used.retain(|&n| n > adjusted - USED_MEMORY_STEPS);
            sync.used.push(matched);
            Ok(())
        })
    }
}
