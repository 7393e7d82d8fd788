//! `CreateAccessKey`: a long-term key for a user (or the calling root).

use super::shapes::{Render, XmlWriter};
use super::{Action, Params};
use crate::error::Result;
use crate::iam::names::UserName;
use crate::iam::{AccessKeySummary, Caller, Iam};

/// A validated `CreateAccessKey` request.
#[derive(Debug)]
pub struct CreateAccessKey {
    user: Option<UserName>,
}

/// `<CreateAccessKeyResult>`.
#[derive(Debug)]
pub struct CreateAccessKeyOutput(AccessKeySummary);

impl Action for CreateAccessKey {
    const NAME: &'static str = "CreateAccessKey";
    type Output = CreateAccessKeyOutput;

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let user = r.optional("UserName");
        r.finish()?;
        Ok(Self { user: user? })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<Self::Output> {
        iam.create_access_key(caller, self.user.as_ref())
            .map(CreateAccessKeyOutput)
    }
}

impl Render for CreateAccessKeyOutput {
    fn render(&self, w: &mut XmlWriter) {
        let key = &self.0;
        w.open("AccessKey");
        w.optional("UserName", key.user_name.as_deref());
        w.element("AccessKeyId", &key.id);
        w.element("Status", key.status.as_str());
        w.optional("SecretAccessKey", key.secret.as_deref());
        w.timestamp("CreateDate", key.create_date);
        w.close("AccessKey");
    }
}
