//! The IAM and STS domain: plain synchronous Rust, no HTTP, no XML.
//!
//! [`Iam`] holds the store of accounts, the clock and the id generator, and
//! has one method per operation. Each method takes validated values (see
//! [`names`]) and runs as one atomic read-check-write on the caller's
//! account; the only exception, the TOTP pair search of enable and resync,
//! is done between a read and a write that re-checks what it read, so that
//! 2,000 HMACs never run under the account's lock.

pub mod account;
pub mod bootstrap;
pub mod clock;
pub mod code_cache;
pub mod credentials;
pub mod ids;
pub mod inspect;
pub mod names;
pub mod page;
pub mod preload;
pub mod tags;
pub mod totp;

pub mod mfa;
mod sts;
mod users;

use std::sync::Arc;

use jiff::Timestamp;

pub use account::{Account, SyncState};
pub use clock::{Clock, ManualClock, SystemClock};
pub use credentials::AccessKeySummary;
pub use mfa::{DeviceSummary, MfaDeviceSummary, NewVirtualMfaDevice};
pub use sts::{CallerIdentity, SessionCredentials};
pub use users::UserSummary;

use crate::store::Store;
use ids::Ids;

/// The account used when a request's credentials name none.
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";

/// The rules of the emulation that can be changed from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The account of requests whose access key is not a 12-digit account id.
    pub default_account: String,
    /// How many steps behind the device's adjusted step an enrolment or
    /// resync pair may end (AWS: 998).
    pub pair_window_behind: i64,
    /// How many steps ahead (AWS: 1,000).
    pub pair_window_ahead: i64,
    /// The most MFA devices one user may hold (AWS: 8).
    pub max_devices_per_user: usize,
    /// How long a new or removed device binding takes to reach STS (AWS:
    /// about 10 s; here 0 unless configured).
    pub sts_propagation_delay: jiff::SignedDuration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            default_account: DEFAULT_ACCOUNT_ID.to_owned(),
            pair_window_behind: 998,
            pair_window_ahead: 1000,
            max_devices_per_user: 8,
            sts_propagation_delay: jiff::SignedDuration::ZERO,
        }
    }
}

/// Who sends a request: an account, and a principal in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The 12-digit account id.
    pub account: String,
    /// The principal.
    pub principal: Principal,
    /// Whether the request was signed with temporary session credentials.
    pub via_session: bool,
}

/// The identity behind a request within its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// The account's root user.
    Root,
    /// An IAM user, by the name it was created with.
    User(String),
}

impl Caller {
    /// The root user of `account`.
    #[must_use]
    pub fn root(account: &str) -> Self {
        Self {
            account: account.to_owned(),
            principal: Principal::Root,
            via_session: false,
        }
    }

    /// The user an action is about: the one named in the request, else the
    /// calling user; `None` when neither (the root user calling for itself).
    #[must_use]
    pub fn named_or_self(&self, named: Option<&names::UserName>) -> Option<names::UserName> {
        use names::Parse as _;
        named.cloned().or_else(|| {
            self.user_name()
                .and_then(|own| names::UserName::parse(own).ok())
        })
    }

    /// The caller's user name; `None` for the root user.
    #[must_use]
    pub fn user_name(&self) -> Option<&str> {
        match &self.principal {
            Principal::Root => None,
            Principal::User(name) => Some(name),
        }
    }
}

/// The emulated IAM service: state, time and randomness.
#[derive(Debug)]
pub struct Iam {
    store: Store<Account>,
    clock: Arc<ManualClock>,
    ids: Ids,
    settings: Settings,
    keys: credentials::KeyIndex,
    codes: code_cache::CodeCache,
}

impl Iam {
    /// A service with no accounts yet.
    #[must_use]
    pub fn new(settings: Settings, clock: Arc<ManualClock>, ids: Ids) -> Self {
        Self {
            store: Store::new(),
            clock,
            ids,
            settings,
            keys: credentials::KeyIndex::default(),
            codes: code_cache::CodeCache::default(),
        }
    }

    /// The current instant of the service's clock.
    #[must_use]
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// The clock, to set, move or freeze.
    #[must_use]
    pub fn clock(&self) -> &Arc<ManualClock> {
        &self.clock
    }

    /// The settings in force.
    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// A new request id.
    #[must_use]
    pub fn request_id(&self) -> uuid::Uuid {
        self.ids.request_id()
    }

    /// The caller a key id the server did not issue stands for: a 12-digit
    /// key id is that account's root; anything else, or none, the default
    /// account's. See [`Iam::resolve_caller`] for issued keys.
    #[must_use]
    pub fn caller(&self, access_key_id: Option<&str>) -> Caller {
        match access_key_id {
            Some(id) if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) => {
                Caller::root(id)
            }
            _ => Caller::root(&self.settings.default_account),
        }
    }

    /// Forgets one account, or all of them.
    pub fn reset(&self, account: Option<&str>) {
        self.store.reset(account);
        self.keys
            .retain_accounts(|id| account.is_some_and(|forgotten| forgotten != id));
    }

    /// The ids of the accounts that hold state.
    #[must_use]
    pub fn account_ids(&self) -> Vec<String> {
        self.store.account_ids()
    }

    /// Runs `f` on a snapshot-free read of the account, for inspection.
    pub fn inspect<T>(&self, account: &str, f: impl FnOnce(&Account) -> T) -> T {
        self.store.read(account, f)
    }
}
