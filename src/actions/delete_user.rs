//! `DeleteUser`: refused while the user still holds anything.

use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::UserName;
use crate::iam::{Caller, Iam};

/// A validated `DeleteUser` request.
#[derive(Debug)]
pub struct DeleteUser {
    name: UserName,
}

impl Action for DeleteUser {
    const NAME: &'static str = "DeleteUser";
    type Output = ();

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let name = r.required("UserName");
        r.finish()?;
        Ok(Self { name: name? })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<()> {
        iam.delete_user(caller, &self.name)
    }
}
