//! `EnableMFADevice`: assigns a device to a user on two consecutive codes.

use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{AuthenticationCode, SerialNumber, UserName};
use crate::iam::{Caller, Iam};

/// A validated `EnableMFADevice` request.
#[derive(Debug)]
pub struct EnableMfaDevice {
    user: UserName,
    serial: SerialNumber,
    codes: (AuthenticationCode, AuthenticationCode),
}

impl Action for EnableMfaDevice {
    const NAME: &'static str = "EnableMFADevice";
    type Output = ();

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let user = r.required("UserName");
        let serial = r.required("SerialNumber");
        let first = r.required("AuthenticationCode1");
        let second = r.required("AuthenticationCode2");
        r.finish()?;
        Ok(Self {
            user: user?,
            serial: serial?,
            codes: (first?, second?),
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<()> {
        iam.enable_mfa_device(caller, &self.user, &self.serial, self.codes)
    }
}
