//! `DeleteAccessKey`.

use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{AccessKeyId, UserName};
use crate::iam::{Caller, Iam};

/// A validated `DeleteAccessKey` request.
#[derive(Debug)]
pub struct DeleteAccessKey {
    user: Option<UserName>,
    key_id: AccessKeyId,
}

impl Action for DeleteAccessKey {
    const NAME: &'static str = "DeleteAccessKey";
    type Output = ();

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let user = r.optional("UserName");
        let key_id = r.required("AccessKeyId");
        r.finish()?;
        Ok(Self {
            user: user?,
            key_id: key_id?,
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<()> {
        iam.delete_access_key(caller, self.user.as_ref(), &self.key_id)
    }
}
