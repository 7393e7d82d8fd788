//! Credentials: IAM access keys, STS session credentials, and who a request
//! signed with one of them acts as.
//!
//! Keys live in their account's state; a global index from key id to
//! account lets a request's credential find its account, since only the key
//! id travels in the signature. Keys the server did not issue keep the
//! lenient rule: a 12-digit key id is that account's root, anything else the
//! default account's root, so tests with dummy credentials work.

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

use jiff::Timestamp;

use super::account::{Account, user_key};
use super::names::{AccessKeyId, KeyStatus, Marker, MaxItems, UserName};
use super::page::{Page, paginate};
use super::{Caller, Iam, Principal};
use crate::error::{Error, Result};

/// The most access keys a user (or root) holds, as in AWS.
pub const MAX_ACCESS_KEYS: usize = 2;

/// A long-term access key.
#[derive(Debug, Clone)]
pub struct AccessKey {
    /// The owner's case-folded user name; `None` for the root user.
    pub user: Option<String>,
    /// The secret access key.
    pub secret: String,
    /// Active or inactive.
    pub status: KeyStatus,
    /// When it was created.
    pub create_date: Timestamp,
}

/// Temporary credentials from `GetSessionToken`.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who they act as: the principal that asked for them.
    pub principal: Principal,
    /// The session token that must accompany the key.
    pub token: String,
    /// When they stop working.
    pub expiration: Timestamp,
}

/// An access key as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKeySummary {
    /// The owner's name; `None` for the root user.
    pub user_name: Option<String>,
    /// `AKIA…`.
    pub id: String,
    /// Active or inactive.
    pub status: KeyStatus,
    /// The secret, shown only when the key is created.
    pub secret: Option<String>,
    /// When it was created.
    pub create_date: Timestamp,
}

/// Key id → account id, for every key and session the server issued.
#[derive(Debug, Default)]
pub(crate) struct KeyIndex {
    accounts: RwLock<HashMap<String, String>>,
}

impl KeyIndex {
    pub(crate) fn insert(&self, key_id: &str, account: &str) {
        self.accounts
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key_id.to_owned(), account.to_owned());
    }

    pub(crate) fn remove(&self, key_id: &str) {
        self.accounts
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key_id);
    }

    fn account_of(&self, key_id: &str) -> Option<String> {
        self.accounts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key_id)
            .cloned()
    }

    pub(crate) fn retain_accounts(&self, keep: impl Fn(&str) -> bool) {
        self.accounts
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|_, account| keep(account));
    }
}

impl Account {
    /// The principal an issued key acts as, `None` when the account does not
    /// know the key.
    fn resolve_key(
        &self,
        key_id: &str,
        token: Option<&str>,
        now: Timestamp,
    ) -> Option<Result<(Principal, bool)>> {
        if let Some(key) = self.access_keys.get(key_id) {
            if key.status == KeyStatus::Inactive {
                return Some(Err(Error::invalid_client_token()));
            }
            let principal = match &key.user {
                None => Principal::Root,
                Some(user) => match self.users.get(user) {
                    Some(user) => Principal::User(user.name.to_string()),
                    None => return Some(Err(Error::invalid_client_token())),
                },
            };
            return Some(Ok((principal, false)));
        }
        let session = self.sessions.get(key_id)?;
        if token != Some(session.token.as_str()) {
            return Some(Err(Error::invalid_client_token()));
        }
        if now >= session.expiration {
            return Some(Err(Error::expired_token()));
        }
        Some(Ok((session.principal.clone(), true)))
    }

    /// The user an access-key call is about: the named one, or the caller.
    fn key_owner(&self, caller: &Caller, user: Option<&UserName>) -> Result<Option<String>> {
        match (user, caller.user_name()) {
            (Some(name), _) => Ok(Some(user_key(&self.user(name)?.name))),
            (None, Some(own)) => Ok(Some(user_key(own))),
            (None, None) => Ok(None),
        }
    }

    fn owned_key(&self, owner: Option<&String>, key_id: &AccessKeyId) -> Result<()> {
        match self.access_keys.get(key_id.as_str()) {
            Some(key) if key.user.as_ref() == owner => Ok(()),
            _ => Err(Error::no_such_access_key(key_id.as_str())),
        }
    }

    /// Whether the user (by folded name) holds access keys.
    pub(crate) fn has_access_keys(&self, user: &str) -> bool {
        self.access_keys
            .values()
            .any(|key| key.user.as_deref() == Some(user))
    }
}

impl Iam {
    /// The caller a request's credential stands for.
    ///
    /// # Errors
    ///
    /// `InvalidClientTokenId` for an inactive issued key or a wrong session
    /// token, `ExpiredToken` for expired session credentials.
    pub fn resolve_caller(
        &self,
        access_key_id: Option<&str>,
        session_token: Option<&str>,
    ) -> Result<Caller> {
        let Some(key_id) = access_key_id else {
            return Ok(Caller::root(&self.settings.default_account));
        };
        if let Some(account) = self.keys.account_of(key_id) {
            let now = self.now();
            let resolved = self.store.read(&account, |state| {
                state.resolve_key(key_id, session_token, now)
            });
            if let Some(resolved) = resolved {
                let (principal, via_session) = resolved?;
                return Ok(Caller {
                    account,
                    principal,
                    via_session,
                });
            }
        }
        Ok(self.caller(Some(key_id)))
    }

    /// `CreateAccessKey`: for the named user, or the caller.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` for an unknown user, `LimitExceeded` past 2 keys.
    pub fn create_access_key(
        &self,
        caller: &Caller,
        user: Option<&UserName>,
    ) -> Result<AccessKeySummary> {
        let now = self.now();
        let id = self.ids.access_key_id();
        let secret = self.ids.secret_access_key();
        let summary = self.store.write(&caller.account, |account: &mut Account| {
            let owner = account.key_owner(caller, user)?;
            let held = account
                .access_keys
                .values()
                .filter(|k| k.user == owner)
                .count();
            if held >= MAX_ACCESS_KEYS {
                return Err(Error::access_keys_per_user(MAX_ACCESS_KEYS));
            }
            let key = AccessKey {
                user: owner,
                secret: secret.clone(),
                status: KeyStatus::Active,
                create_date: now,
            };
            let summary = summarize(account, &id, &key, true);
            account.access_keys.insert(id.clone(), key);
            Ok(summary)
        })?;
        self.keys.insert(&id, &caller.account);
        Ok(summary)
    }

    /// `ListAccessKeys`: the keys of the named user, or the caller's.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` for an unknown user; `Invalid Marker.`.
    pub fn list_access_keys(
        &self,
        caller: &Caller,
        user: Option<&UserName>,
        marker: Option<&Marker>,
        max_items: MaxItems,
    ) -> Result<Page<AccessKeySummary>> {
        self.store.read(&caller.account, |account| {
            let owner = account.key_owner(caller, user)?;
            paginate(&account.access_keys, marker, max_items, |id, key| {
                (key.user == owner).then(|| summarize(account, id, key, false))
            })
        })
    }

    /// `UpdateAccessKey`: makes a key active or inactive.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` for an unknown user or a key that is not theirs.
    pub fn update_access_key(
        &self,
        caller: &Caller,
        user: Option<&UserName>,
        key_id: &AccessKeyId,
        status: KeyStatus,
    ) -> Result<()> {
        self.store.write(&caller.account, |account| {
            let owner = account.key_owner(caller, user)?;
            account.owned_key(owner.as_ref(), key_id)?;
            if let Some(key) = account.access_keys.get_mut(key_id.as_str()) {
                key.status = status;
            }
            Ok(())
        })
    }

    /// `DeleteAccessKey`.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` for an unknown user or a key that is not theirs.
    pub fn delete_access_key(
        &self,
        caller: &Caller,
        user: Option<&UserName>,
        key_id: &AccessKeyId,
    ) -> Result<()> {
        self.store.write(&caller.account, |account| {
            let owner = account.key_owner(caller, user)?;
            account.owned_key(owner.as_ref(), key_id)?;
            account.access_keys.remove(key_id.as_str());
            Ok(())
        })?;
        self.keys.remove(key_id.as_str());
        Ok(())
    }
}

fn summarize(account: &Account, id: &str, key: &AccessKey, with_secret: bool) -> AccessKeySummary {
    AccessKeySummary {
        user_name: key
            .user
            .as_ref()
            .and_then(|user| account.users.get(user))
            .map(|user| user.name.to_string()),
        id: id.to_owned(),
        status: key.status,
        secret: with_secret.then(|| key.secret.clone()),
        create_date: key.create_date,
    }
}
