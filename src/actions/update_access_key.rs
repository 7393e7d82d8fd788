//! `UpdateAccessKey`: makes a key active or inactive.

use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{AccessKeyId, KeyStatus, UserName};
use crate::iam::{Caller, Iam};

/// A validated `UpdateAccessKey` request.
#[derive(Debug)]
pub struct UpdateAccessKey {
    user: Option<UserName>,
    key_id: AccessKeyId,
    status: KeyStatus,
}

impl Action for UpdateAccessKey {
    const NAME: &'static str = "UpdateAccessKey";
    type Output = ();

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let user = r.optional("UserName");
        let key_id = r.required("AccessKeyId");
        let status = r.required("Status");
        r.finish()?;
        Ok(Self {
            user: user?,
            key_id: key_id?,
            status: status?,
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<()> {
        iam.update_access_key(caller, self.user.as_ref(), &self.key_id, self.status)
    }
}
