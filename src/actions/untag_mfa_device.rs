//! `UntagMFADevice`: removes tags from a device by key.

use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{SerialNumber, TagKey};
use crate::iam::{Caller, Iam};

/// A validated `UntagMFADevice` request.
#[derive(Debug)]
pub struct UntagMfaDevice {
    serial: SerialNumber,
    keys: Vec<TagKey>,
}

impl Action for UntagMfaDevice {
    const NAME: &'static str = "UntagMFADevice";
    type Output = ();

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let serial = r.required("SerialNumber");
        let keys = r.tag_keys("TagKeys");
        let keys = r.require_list("TagKeys", keys);
        r.finish()?;
        Ok(Self {
            serial: serial?,
            keys: keys?,
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<()> {
        iam.untag_mfa_device(caller, &self.serial, &self.keys)
    }
}
