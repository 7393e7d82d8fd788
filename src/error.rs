//! The crate's one error type, and the one table from error to IAM wire code,
//! HTTP status and fault side.
//!
//! Every failure a client can see is a variant named after the AWS error code
//! it is sent as, carrying the client-facing message in AWS's own words. The
//! constructors below hold those words, so an exact AWS string lives in one
//! place. `code`, `status` and `is_sender_fault` are exhaustive matches with
//! no wildcard: a new variant does not compile until it has all three.
//! Internal failures are `ServiceFailure`: the cause is kept for the log and
//! never sent to the client.

use axum::http::StatusCode;

/// A failed request, as IAM or STS reports it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A parameter breaks the service model's constraints (`ValidationError`).
    #[error("{0}")]
    Validation(String),
    /// A referenced user or device does not exist (`NoSuchEntity`).
    #[error("{0}")]
    NoSuchEntity(String),
    /// The entity exists already, or the device is in use (`EntityAlreadyExists`).
    #[error("{0}")]
    EntityAlreadyExists(String),
    /// The enrolment or resync codes are not a valid pair (`InvalidAuthenticationCode`).
    #[error("{0}")]
    InvalidAuthenticationCode(String),
    /// A per-user or per-device quota would be passed (`LimitExceeded`).
    #[error("{0}")]
    LimitExceeded(String),
    /// The entity still has subordinate entities (`DeleteConflict`).
    #[error("{0}")]
    DeleteConflict(String),
    /// Input that passes the model but not IAM's own rules (`InvalidInput`).
    #[error("{0}")]
    InvalidInput(String),
    /// STS refused the caller or its MFA code (`AccessDenied`).
    #[error("{0}")]
    AccessDenied(String),
    /// A request signed with an access key that is not valid (`InvalidClientTokenId`).
    #[error("{0}")]
    InvalidClientTokenId(String),
    /// A request signed with temporary credentials that have expired (`ExpiredToken`).
    #[error("{0}")]
    ExpiredToken(String),
    /// The `Action` names no operation of this service and version (`InvalidAction`).
    #[error("{0}")]
    InvalidAction(String),
    /// The request has no `Action` parameter (`MissingAction`).
    #[error("{0}")]
    MissingAction(String),
    /// The query string or form body cannot be read as awsQuery (`MalformedQueryString`).
    #[error("{0}")]
    MalformedQueryString(String),
    /// The request body is larger than the server accepts (`RequestEntityTooLarge`).
    #[error("{0}")]
    RequestEntityTooLarge(String),
    /// Anything that went wrong inside the server (`ServiceFailure`). The
    /// string is the internal cause: logged, never sent.
    #[error("{SERVICE_FAILURE_MESSAGE}")]
    ServiceFailure(String),
}

/// The message IAM's model gives for `ServiceFailure`.
const SERVICE_FAILURE_MESSAGE: &str =
    "The request processing has failed because of an unknown error, exception or failure.";

/// The result of anything that can fail with an [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The AWS error code sent in `<Code>`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "ValidationError",
            Self::NoSuchEntity(_) => "NoSuchEntity",
            Self::EntityAlreadyExists(_) => "EntityAlreadyExists",
            Self::InvalidAuthenticationCode(_) => "InvalidAuthenticationCode",
            Self::LimitExceeded(_) => "LimitExceeded",
            Self::DeleteConflict(_) => "DeleteConflict",
            Self::InvalidInput(_) => "InvalidInput",
            Self::AccessDenied(_) => "AccessDenied",
            Self::InvalidClientTokenId(_) => "InvalidClientTokenId",
            Self::ExpiredToken(_) => "ExpiredToken",
            Self::InvalidAction(_) => "InvalidAction",
            Self::MissingAction(_) => "MissingAction",
            Self::MalformedQueryString(_) => "MalformedQueryString",
            Self::RequestEntityTooLarge(_) => "RequestEntityTooLarge",
            Self::ServiceFailure(_) => "ServiceFailure",
        }
    }

    /// The HTTP status of the response, as the service model gives it.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Validation(_)
            | Self::InvalidInput(_)
            | Self::InvalidAction(_)
            | Self::MissingAction(_)
            | Self::MalformedQueryString(_) => StatusCode::BAD_REQUEST,
            Self::NoSuchEntity(_) => StatusCode::NOT_FOUND,
            Self::EntityAlreadyExists(_) | Self::LimitExceeded(_) | Self::DeleteConflict(_) => {
                StatusCode::CONFLICT
            }
            Self::InvalidAuthenticationCode(_)
            | Self::AccessDenied(_)
            | Self::InvalidClientTokenId(_)
            | Self::ExpiredToken(_) => StatusCode::FORBIDDEN,
            Self::RequestEntityTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::ServiceFailure(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Whether the client is at fault (`<Type>Sender</Type>`) rather than the
    /// server (`<Type>Receiver</Type>`).
    #[must_use]
    pub fn is_sender_fault(&self) -> bool {
        match self {
            Self::Validation(_)
            | Self::NoSuchEntity(_)
            | Self::EntityAlreadyExists(_)
            | Self::InvalidAuthenticationCode(_)
            | Self::LimitExceeded(_)
            | Self::DeleteConflict(_)
            | Self::InvalidInput(_)
            | Self::AccessDenied(_)
            | Self::InvalidClientTokenId(_)
            | Self::ExpiredToken(_)
            | Self::InvalidAction(_)
            | Self::MissingAction(_)
            | Self::MalformedQueryString(_)
            | Self::RequestEntityTooLarge(_) => true,
            Self::ServiceFailure(_) => false,
        }
    }

    /// The message sent to the client in `<Message>`.
    #[must_use]
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// An internal failure; `cause` goes to the log only.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::ServiceFailure(cause.to_string())
    }

    // AWS's own sentences, one constructor each.

    /// `NoSuchEntity`: no user of that name.
    #[must_use]
    pub fn no_such_user(name: &str) -> Self {
        Self::NoSuchEntity(format!("The user with name {name} cannot be found."))
    }

    /// `NoSuchEntity`: no MFA device with that serial number.
    #[must_use]
    pub fn no_such_device(serial: &str) -> Self {
        Self::NoSuchEntity(format!(
            "MFA Device with serial number {serial} does not exist."
        ))
    }

    /// `NoSuchEntity`: the device exists but is not the user's.
    #[must_use]
    pub fn device_invalid_for_user() -> Self {
        Self::NoSuchEntity("MFA Device invalid for user.".to_owned())
    }

    /// `EntityAlreadyExists`: `CreateUser` with a name taken (case-insensitively).
    #[must_use]
    pub fn user_exists(name: &str) -> Self {
        Self::EntityAlreadyExists(format!("User with name {name} already exists."))
    }

    /// `EntityAlreadyExists`: `CreateVirtualMFADevice` with a path and name taken.
    #[must_use]
    pub fn device_exists() -> Self {
        Self::EntityAlreadyExists("MFA device already exists.".to_owned())
    }

    /// `InvalidInput`: `CreateVirtualMFADevice` with a path and name whose
    /// serial number no other MFA action would accept (`serialNumberType`:
    /// at most 256 characters of `[\w+=/:,.@-]`), because it is too long
    /// (`too_long`) or holds a character paths allow and serials do not.
    /// AWS's text is not recorded; these are ours.
    #[must_use]
    pub fn unusable_serial(too_long: bool) -> Self {
        Self::InvalidInput(if too_long {
            "The serial number of the MFA device (its ARN, with path and name) must be at most \
             256 characters."
                .to_owned()
        } else {
            "The serial number of the MFA device (its ARN, with path and name) must contain only \
             alphanumeric characters and/or the following: +=/:,.@_-"
                .to_owned()
        })
    }

    /// `EntityAlreadyExists`: the device is already assigned to this same user.
    #[must_use]
    pub fn device_already_enabled_for(user: &str) -> Self {
        Self::EntityAlreadyExists(format!("MFA Device for user {user} already exists."))
    }

    /// `EntityAlreadyExists`: the device is assigned to another user.
    #[must_use]
    pub fn device_in_use() -> Self {
        Self::EntityAlreadyExists("MFA Device is already in use.".to_owned())
    }

    /// `InvalidAuthenticationCode`: the two codes are not an acceptable pair.
    #[must_use]
    pub fn invalid_authentication_code() -> Self {
        Self::InvalidAuthenticationCode("Authentication code for device is not valid.".to_owned())
    }

    /// `LimitExceeded`: a ninth MFA device for one user. AWS's text is not
    /// recorded; this follows the shape of its other quota messages.
    #[must_use]
    pub fn mfa_devices_per_user(limit: usize) -> Self {
        Self::LimitExceeded(format!(
            "Cannot exceed quota for MFADevicesPerUser: {limit}."
        ))
    }

    /// `LimitExceeded`: a resource would carry more than 50 tags.
    #[must_use]
    pub fn too_many_tags() -> Self {
        Self::LimitExceeded("The number of tags has reached the maximum limit.".to_owned())
    }

    /// `DeleteConflict`: `DeleteVirtualMFADevice` on an assigned device.
    #[must_use]
    pub fn device_in_use_delete() -> Self {
        Self::DeleteConflict("MFA VirtualDevice in use. Must deactivate first.".to_owned())
    }

    /// `DeleteConflict`: `DeleteUser` while the user holds an MFA device.
    #[must_use]
    pub fn user_has_mfa_devices() -> Self {
        Self::DeleteConflict(
            "Cannot delete entity, must remove tokens from principal first.".to_owned(),
        )
    }

    /// `AccessDenied`: STS found no unused matching code in its window.
    /// (AWS's text ends with a space.)
    #[must_use]
    pub fn sts_invalid_code() -> Self {
        Self::AccessDenied(
            "MultiFactorAuthentication failed with invalid MFA one time pass code. ".to_owned(),
        )
    }

    /// `AccessDenied`: the device is not the caller's, not yet visible to
    /// STS, or its verification budget is spent. (Two spaces, as AWS.)
    #[must_use]
    pub fn sts_unable_to_validate() -> Self {
        Self::AccessDenied(
            "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your \
             MFA serial number is valid and associated with this user."
                .to_owned(),
        )
    }

    /// `AccessDenied`: `GetSessionToken` signed with session credentials.
    #[must_use]
    pub fn session_credentials_not_allowed() -> Self {
        Self::AccessDenied("Cannot call GetSessionToken with session credentials".to_owned())
    }

    /// `InvalidClientTokenId`: an inactive key, or a wrong session token.
    #[must_use]
    pub fn invalid_client_token() -> Self {
        Self::InvalidClientTokenId(
            "The security token included in the request is invalid.".to_owned(),
        )
    }

    /// `ExpiredToken`: session credentials past their expiration.
    #[must_use]
    pub fn expired_token() -> Self {
        Self::ExpiredToken("The security token included in the request is expired".to_owned())
    }

    /// `NoSuchEntity`: an access key that is not the user's.
    #[must_use]
    pub fn no_such_access_key(id: &str) -> Self {
        Self::NoSuchEntity(format!("The Access Key with id {id} cannot be found."))
    }

    /// `LimitExceeded`: a third access key.
    #[must_use]
    pub fn access_keys_per_user(limit: usize) -> Self {
        Self::LimitExceeded(format!(
            "Cannot exceed quota for AccessKeysPerUser: {limit}"
        ))
    }

    /// `DeleteConflict`: `DeleteUser` while the user holds access keys.
    #[must_use]
    pub fn user_has_access_keys() -> Self {
        Self::DeleteConflict("Cannot delete entity, must delete access keys first.".to_owned())
    }

    /// `ValidationError`: a `Marker` this server did not issue.
    #[must_use]
    pub fn invalid_marker() -> Self {
        Self::Validation("Invalid Marker.".to_owned())
    }

    /// `ValidationError`: `GetMFADevice` on a virtual device, which AWS
    /// serves for FIDO security keys only.
    #[must_use]
    pub fn get_mfa_device_not_supported() -> Self {
        Self::Validation(
            "The MFA device serial number sent in the request is invalid or not supported by \
             this API. Currently, only hardware FIDO security keys are supported. Please use \
             the compatible device or API."
                .to_owned(),
        )
    }

    /// `InvalidAction`: an action this service and version do not have.
    #[must_use]
    pub fn invalid_action(action: &str, version: Option<&str>) -> Self {
        let version = version.unwrap_or("NO_VERSION_SPECIFIED");
        Self::InvalidAction(format!(
            "Could not find operation {action} for version {version}"
        ))
    }

    /// `MissingAction`: the request names no action.
    #[must_use]
    pub fn missing_action() -> Self {
        Self::MissingAction("The request must contain the parameter Action.".to_owned())
    }
}

#[cfg(test)]
mod tests;
