//! `GetMFADevice`: AWS serves it for FIDO security keys only, which this
//! server does not have, so it answers as AWS does for virtual devices.

use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{NewUserName, SerialNumber};
use crate::iam::{Caller, Iam};

/// A validated `GetMFADevice` request.
#[derive(Debug)]
pub struct GetMfaDevice {
    serial: SerialNumber,
}

impl Action for GetMfaDevice {
    const NAME: &'static str = "GetMFADevice";
    type Output = ();

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let serial = r.required("SerialNumber");
        // Validated (`userNameType`, 1–64) though no device here can use it.
        let _user: Result<Option<NewUserName>> = r.optional("UserName");
        r.finish()?;
        Ok(Self { serial: serial? })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<()> {
        iam.get_mfa_device(caller, &self.serial)
    }
}
