//! The one list of actions: an action name to its type, then the same
//! steps for each (read parameters, run, write the envelope).

use crate::actions::{
    Action, Service, create_access_key::CreateAccessKey, create_user::CreateUser,
    create_virtual_mfa_device::CreateVirtualMfaDevice, deactivate_mfa_device::DeactivateMfaDevice,
    delete_access_key::DeleteAccessKey, delete_user::DeleteUser,
    delete_virtual_mfa_device::DeleteVirtualMfaDevice, enable_mfa_device::EnableMfaDevice,
    get_caller_identity::GetCallerIdentity, get_mfa_device::GetMfaDevice,
    get_session_token::GetSessionToken, get_user::GetUser, list_access_keys::ListAccessKeys,
    list_mfa_device_tags::ListMfaDeviceTags, list_mfa_devices::ListMfaDevices,
    list_users::ListUsers, list_virtual_mfa_devices::ListVirtualMfaDevices,
    resync_mfa_device::ResyncMfaDevice, tag_mfa_device::TagMfaDevice,
    untag_mfa_device::UntagMfaDevice, update_access_key::UpdateAccessKey,
};
use crate::error::{Error, Result};
use crate::iam::{Caller, Iam};

use super::extract::Incoming;
use super::xml;

/// The names of every action served, by service, for documentation and the
/// control API.
pub const ACTIONS: &[(Service, &str)] = &[
    (Service::Iam, CreateUser::NAME),
    (Service::Iam, GetUser::NAME),
    (Service::Iam, DeleteUser::NAME),
    (Service::Iam, ListUsers::NAME),
    (Service::Iam, CreateVirtualMfaDevice::NAME),
    (Service::Iam, EnableMfaDevice::NAME),
    (Service::Iam, ResyncMfaDevice::NAME),
    (Service::Iam, DeactivateMfaDevice::NAME),
    (Service::Iam, DeleteVirtualMfaDevice::NAME),
    (Service::Iam, ListMfaDevices::NAME),
    (Service::Iam, ListVirtualMfaDevices::NAME),
    (Service::Iam, GetMfaDevice::NAME),
    (Service::Iam, TagMfaDevice::NAME),
    (Service::Iam, UntagMfaDevice::NAME),
    (Service::Iam, ListMfaDeviceTags::NAME),
    (Service::Iam, CreateAccessKey::NAME),
    (Service::Iam, ListAccessKeys::NAME),
    (Service::Iam, UpdateAccessKey::NAME),
    (Service::Iam, DeleteAccessKey::NAME),
    (Service::Sts, GetCallerIdentity::NAME),
    (Service::Sts, GetSessionToken::NAME),
];

/// Runs the request's action and returns the XML body of its success.
///
/// # Errors
///
/// `MissingAction`, `InvalidAction`, or whatever the action fails with.
pub fn dispatch(iam: &Iam, incoming: &Incoming, request_id: &str) -> Result<String> {
    let params = &incoming.params;
    let action = params.action().ok_or_else(Error::missing_action)?;
    let service = incoming.service();
    if params.version() != Some(service.version()) {
        return Err(Error::invalid_action(action, params.version()));
    }
    let caller = iam.resolve_caller(
        incoming.access_key_id.as_deref(),
        incoming.session_token.as_deref(),
    )?;
    let call = Call {
        iam,
        incoming,
        caller: &caller,
        request_id,
    };
    match service {
        Service::Iam => match action {
            CreateUser::NAME => call.run::<CreateUser>(),
            GetUser::NAME => call.run::<GetUser>(),
            DeleteUser::NAME => call.run::<DeleteUser>(),
            ListUsers::NAME => call.run::<ListUsers>(),
            CreateVirtualMfaDevice::NAME => call.run::<CreateVirtualMfaDevice>(),
            EnableMfaDevice::NAME => call.run::<EnableMfaDevice>(),
            ResyncMfaDevice::NAME => call.run::<ResyncMfaDevice>(),
            DeactivateMfaDevice::NAME => call.run::<DeactivateMfaDevice>(),
            DeleteVirtualMfaDevice::NAME => call.run::<DeleteVirtualMfaDevice>(),
            ListMfaDevices::NAME => call.run::<ListMfaDevices>(),
            ListVirtualMfaDevices::NAME => call.run::<ListVirtualMfaDevices>(),
            GetMfaDevice::NAME => call.run::<GetMfaDevice>(),
            TagMfaDevice::NAME => call.run::<TagMfaDevice>(),
            UntagMfaDevice::NAME => call.run::<UntagMfaDevice>(),
            ListMfaDeviceTags::NAME => call.run::<ListMfaDeviceTags>(),
            CreateAccessKey::NAME => call.run::<CreateAccessKey>(),
            ListAccessKeys::NAME => call.run::<ListAccessKeys>(),
            UpdateAccessKey::NAME => call.run::<UpdateAccessKey>(),
            DeleteAccessKey::NAME => call.run::<DeleteAccessKey>(),
            _ => Err(Error::invalid_action(action, params.version())),
        },
        Service::Sts => match action {
            GetCallerIdentity::NAME => call.run::<GetCallerIdentity>(),
            GetSessionToken::NAME => call.run::<GetSessionToken>(),
            _ => Err(Error::invalid_action(action, params.version())),
        },
    }
}

/// One request on its way through an action.
struct Call<'a> {
    iam: &'a Iam,
    incoming: &'a Incoming,
    caller: &'a Caller,
    request_id: &'a str,
}

impl Call<'_> {
    fn run<A: Action>(&self) -> Result<String> {
        let input = A::from_params(&self.incoming.params)?;
        let output = input.run(self.iam, self.caller)?;
        Ok(xml::success::<A>(&output, self.request_id))
    }
}
