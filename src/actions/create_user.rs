//! `CreateUser`: a new user with a path, tags and an optional boundary.

use super::shapes::{Render, XmlWriter, write_user};
use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::{Arn, IamPath, NewUserName};
use crate::iam::tags::Tag;
use crate::iam::{Caller, Iam, UserSummary};

/// A validated `CreateUser` request.
#[derive(Debug)]
pub struct CreateUser {
    name: NewUserName,
    path: Option<IamPath>,
    tags: Vec<Tag>,
    permissions_boundary: Option<Arn>,
}

/// `<CreateUserResult>`.
#[derive(Debug)]
pub struct CreateUserOutput(UserSummary);

impl Action for CreateUser {
    const NAME: &'static str = "CreateUser";
    type Output = CreateUserOutput;

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let name = r.required("UserName");
        let path = r.optional("Path");
        let tags = r.tags("Tags");
        let permissions_boundary = r.optional("PermissionsBoundary");
        r.finish()?;
        Ok(Self {
            name: name?,
            path: path?,
            tags: tags?.unwrap_or_default(),
            permissions_boundary: permissions_boundary?,
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<Self::Output> {
        iam.create_user(
            caller,
            &self.name,
            self.path,
            &self.tags,
            self.permissions_boundary,
        )
        .map(CreateUserOutput)
    }
}

impl Render for CreateUserOutput {
    fn render(&self, w: &mut XmlWriter) {
        w.open("User");
        write_user(w, &self.0);
        w.close("User");
    }
}
