//! `DeactivateMFADevice`: takes a device from its user, keeping the device.

use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{SerialNumber, UserName};
use crate::iam::{Caller, Iam};

/// A validated `DeactivateMFADevice` request.
#[derive(Debug)]
pub struct DeactivateMfaDevice {
    user: Option<UserName>,
    serial: SerialNumber,
}

impl Action for DeactivateMfaDevice {
    const NAME: &'static str = "DeactivateMFADevice";
    type Output = ();

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let user = r.optional("UserName");
        let serial = r.required("SerialNumber");
        r.finish()?;
        Ok(Self {
            user: user?,
            serial: serial?,
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<()> {
        iam.deactivate_mfa_device(caller, self.user.as_ref(), &self.serial)
    }
}
