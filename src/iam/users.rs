//! User operations: create, get, delete, list.

use jiff::Timestamp;

use super::account::{Account, User, user_key};
use super::names::{Arn, IamPath, Marker, MaxItems, NewUserName, PathPrefix, UserName};
use super::page::{Page, paginate};
use super::tags::{Tag, TagSet};
use super::{Caller, Iam};
use crate::error::{Error, Result};

/// A user as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    /// The name; `None` for an account's root user.
    pub name: Option<String>,
    /// The path; `None` for root.
    pub path: Option<String>,
    /// `AIDA…`, or the account id for root.
    pub id: String,
    /// `arn:aws:iam::<account>:user<path><name>`, or `…:root`.
    pub arn: String,
    /// When it was created.
    pub create_date: Timestamp,
    /// Its tags, sorted by key (shown by `GetUser` and `CreateUser` only).
    pub tags: Vec<Tag>,
    /// The permissions boundary ARN, if any.
    pub permissions_boundary: Option<String>,
}

impl UserSummary {
    pub(crate) fn of(account: &str, user: &User) -> Self {
        Self {
            name: Some(user.name.to_string()),
            path: Some(user.path.to_string()),
            id: user.id.to_string(),
            arn: user_arn(account, &user.path, &user.name),
            create_date: user.create_date,
            tags: user.tags.to_vec(),
            permissions_boundary: user.permissions_boundary.as_deref().map(str::to_owned),
        }
    }

    /// The user as lists show users: without its tags and boundary (which
    /// are not even copied).
    pub(crate) fn brief(account: &str, user: &User) -> Self {
        Self {
            name: Some(user.name.to_string()),
            path: Some(user.path.to_string()),
            id: user.id.to_string(),
            arn: user_arn(account, &user.path, &user.name),
            create_date: user.create_date,
            tags: Vec::new(),
            permissions_boundary: None,
        }
    }
}

/// A user's ARN.
#[must_use]
pub(crate) fn user_arn(account: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:user{path}{name}")
}

/// The creation instant root users are shown with (accounts here have no
/// real creation date).
const ROOT_CREATE_DATE: Timestamp = Timestamp::UNIX_EPOCH;

impl Iam {
    /// `CreateUser`.
    ///
    /// # Errors
    ///
    /// `EntityAlreadyExists` when the name is taken ignoring case,
    /// `InvalidInput`/`LimitExceeded` for bad tags.
    pub fn create_user(
        &self,
        caller: &Caller,
        name: &NewUserName,
        path: Option<IamPath>,
        tags: &[Tag],
        permissions_boundary: Option<Arn>,
    ) -> Result<UserSummary> {
        let mut tag_set = TagSet::default();
        tag_set.merge(tags)?;
        let now = self.now();
        self.store.write(&caller.account, |account: &mut Account| {
            let key = user_key(name.as_str());
            if account.users.contains_key(&key) {
                return Err(Error::user_exists(name.as_str()));
            }
            let user = User {
                name: name.as_str().into(),
                path: path.unwrap_or_else(IamPath::root).as_str().into(),
                id: self.ids.user_id().into(),
                create_date: now,
                tags: tag_set,
                permissions_boundary: permissions_boundary.map(|arn| arn.as_str().into()),
                mfa_devices: super::account::EnabledDevices::default(),
            };
            let summary = UserSummary::of(&caller.account, &user);
            account.users.insert(key, user);
            Ok(summary)
        })
    }

    /// `GetUser`: the named user, or the caller when no name is given.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` when the user does not exist.
    pub fn get_user(&self, caller: &Caller, name: Option<&UserName>) -> Result<UserSummary> {
        let Some(name) = caller.named_or_self(name) else {
            // Only the root user calls without being a user.
            return Ok(UserSummary {
                name: None,
                path: None,
                id: caller.account.clone(),
                arn: format!("arn:aws:iam::{}:root", caller.account),
                create_date: ROOT_CREATE_DATE,
                tags: Vec::new(),
                permissions_boundary: None,
            });
        };
        self.store.read(&caller.account, |account| {
            account
                .user(&name)
                .map(|user| UserSummary::of(&caller.account, user))
        })
    }

    /// `DeleteUser`.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` when the user does not exist, `DeleteConflict` while it
    /// holds an MFA device.
    pub fn delete_user(&self, caller: &Caller, name: &UserName) -> Result<()> {
        self.store.write(&caller.account, |account| {
            let user = account.user(name)?;
            if account.has_access_keys(&user_key(&user.name)) {
                return Err(Error::user_has_access_keys());
            }
            if !user.mfa_devices.is_empty() {
                return Err(Error::user_has_mfa_devices());
            }
            account.users.remove(&user_key(name.as_str()));
            Ok(())
        })
    }

    /// `ListUsers`: users whose path starts with `path_prefix`, by name.
    ///
    /// # Errors
    ///
    /// `ValidationError` for a marker this server did not issue.
    pub fn list_users(
        &self,
        caller: &Caller,
        path_prefix: Option<&PathPrefix>,
        marker: Option<&Marker>,
        max_items: MaxItems,
    ) -> Result<Page<UserSummary>> {
        let prefix = path_prefix.map_or("/", PathPrefix::as_str);
        self.store.read(&caller.account, |account| {
            paginate(&account.users, marker, max_items, |_, user| {
                user.path
                    .starts_with(prefix)
                    .then(|| UserSummary::brief(&caller.account, user))
            })
        })
    }
}
