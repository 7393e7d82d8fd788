//! `TagMFADevice`: adds or overwrites a device's tags.

use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::SerialNumber;
use crate::iam::tags::Tag;
use crate::iam::{Caller, Iam};

/// A validated `TagMFADevice` request.
#[derive(Debug)]
pub struct TagMfaDevice {
    serial: SerialNumber,
    tags: Vec<Tag>,
}

impl Action for TagMfaDevice {
    const NAME: &'static str = "TagMFADevice";
    type Output = ();

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let serial = r.required("SerialNumber");
        let tags = r.tags("Tags");
        let tags = r.require_list("Tags", tags);
        r.finish()?;
        Ok(Self {
            serial: serial?,
            tags: tags?,
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<()> {
        iam.tag_mfa_device(caller, &self.serial, &self.tags)
    }
}
