//! `DeleteVirtualMFADevice`: removes an unassigned device.

use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::SerialNumber;
use crate::iam::{Caller, Iam};

/// A validated `DeleteVirtualMFADevice` request.
#[derive(Debug)]
pub struct DeleteVirtualMfaDevice {
    serial: SerialNumber,
}

impl Action for DeleteVirtualMfaDevice {
    const NAME: &'static str = "DeleteVirtualMFADevice";
    type Output = ();

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let serial = r.required("SerialNumber");
        r.finish()?;
        Ok(Self { serial: serial? })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<()> {
        iam.delete_virtual_mfa_device(caller, &self.serial)
    }
}
