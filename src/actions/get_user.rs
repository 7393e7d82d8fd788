//! `GetUser`: a user by name, or the caller.

use super::shapes::{Render, XmlWriter, write_user};
use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::UserName;
use crate::iam::{Caller, Iam, UserSummary};

/// A validated `GetUser` request.
#[derive(Debug)]
pub struct GetUser {
    name: Option<UserName>,
}

/// `<GetUserResult>`.
#[derive(Debug)]
pub struct GetUserOutput(UserSummary);

impl Action for GetUser {
    const NAME: &'static str = "GetUser";
    type Output = GetUserOutput;

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let name = r.optional("UserName");
        r.finish()?;
        Ok(Self { name: name? })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<Self::Output> {
        iam.get_user(caller, self.name.as_ref()).map(GetUserOutput)
    }
}

impl Render for GetUserOutput {
    fn render(&self, w: &mut XmlWriter) {
        w.open("User");
        write_user(w, &self.0);
        w.close("User");
    }
}
