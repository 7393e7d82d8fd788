//! STS `GetCallerIdentity`: who signed the request.

use super::shapes::{Render, XmlWriter};
use super::{Action, Params, Service};
use crate::error::Result;
use crate::iam::{Caller, CallerIdentity, Iam};

/// A `GetCallerIdentity` request (it has no parameters).
#[derive(Debug)]
pub struct GetCallerIdentity;

/// `<GetCallerIdentityResult>`.
#[derive(Debug)]
pub struct GetCallerIdentityOutput(CallerIdentity);

impl Action for GetCallerIdentity {
    const NAME: &'static str = "GetCallerIdentity";
    const SERVICE: Service = Service::Sts;
    type Output = GetCallerIdentityOutput;

    fn from_params(_: &Params) -> Result<Self> {
        Ok(Self)
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<Self::Output> {
        iam.get_caller_identity(caller).map(GetCallerIdentityOutput)
    }
}

impl Render for GetCallerIdentityOutput {
    fn render(&self, w: &mut XmlWriter) {
        w.element("Arn", &self.0.arn);
        w.element("UserId", &self.0.user_id);
        w.element("Account", &self.0.account);
    }
}
