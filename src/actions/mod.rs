//! The protocol layer: one file per action, each turning [`Params`] into a
//! typed request, running it on [`Iam`], and describing its result's wire
//! shape. Nothing here touches the store, and nothing here knows HTTP.

pub mod params;
pub mod shapes;

pub mod create_access_key;
pub mod create_user;
pub mod create_virtual_mfa_device;
pub mod deactivate_mfa_device;
pub mod delete_access_key;
pub mod delete_user;
pub mod delete_virtual_mfa_device;
pub mod enable_mfa_device;
pub mod get_caller_identity;
pub mod get_mfa_device;
pub mod get_session_token;
pub mod get_user;
pub mod list_access_keys;
pub mod list_mfa_device_tags;
pub mod list_mfa_devices;
pub mod list_users;
pub mod list_virtual_mfa_devices;
pub mod resync_mfa_device;
pub mod tag_mfa_device;
pub mod untag_mfa_device;
pub mod update_access_key;

pub use params::Params;
pub use shapes::{Render, XmlWriter};

use crate::error::Result;
use crate::iam::{Caller, Iam};

/// The AWS service an action belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// IAM, API version 2010-05-08.
    Iam,
    /// STS, API version 2011-06-15.
    Sts,
}

impl Service {
    /// The service's API version, as sent in `Version`.
    #[must_use]
    pub fn version(self) -> &'static str {
        match self {
            Self::Iam => "2010-05-08",
            Self::Sts => "2011-06-15",
        }
    }

    /// The XML namespace of the service's responses.
    #[must_use]
    pub fn namespace(self) -> &'static str {
        match self {
            Self::Iam => "https://iam.amazonaws.com/doc/2010-05-08/",
            Self::Sts => "https://sts.amazonaws.com/doc/2011-06-15/",
        }
    }
}

/// One API operation: how it reads its parameters and what it does.
pub trait Action: Sized {
    /// The operation's name on the wire, spelled as AWS does.
    const NAME: &'static str;
    /// The service it belongs to.
    const SERVICE: Service = Service::Iam;
    /// What a success returns.
    type Output: Render;

    /// Reads and validates the parameters.
    ///
    /// # Errors
    ///
    /// `ValidationError` listing every violation.
    fn from_params(params: &Params) -> Result<Self>;

    /// Runs the operation for `caller`.
    ///
    /// # Errors
    ///
    /// Whatever the operation can fail with.
    fn run(self, iam: &Iam, caller: &Caller) -> Result<Self::Output>;
}
