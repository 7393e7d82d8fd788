//! STS `GetSessionToken`: temporary credentials, MFA-checked when a serial
//! number and token code are given.

use super::shapes::{Render, XmlWriter};
use super::{Action, Params, Service};
use crate::error::{Error, Result};
use crate::iam::names::{DurationSeconds, SerialNumber, TokenCode};
use crate::iam::{Caller, Iam, SessionCredentials};

/// A validated `GetSessionToken` request.
#[derive(Debug)]
pub struct GetSessionToken {
    duration: DurationSeconds,
    serial: Option<SerialNumber>,
    code: Option<TokenCode>,
}

/// `<GetSessionTokenResult>`.
#[derive(Debug)]
pub struct GetSessionTokenOutput(SessionCredentials);

impl Action for GetSessionToken {
    const NAME: &'static str = "GetSessionToken";
    const SERVICE: Service = Service::Sts;
    type Output = GetSessionTokenOutput;

    fn from_params(params: &Params) -> Result<Self> {
        let mut r = params.reader();
        let duration = r.optional("DurationSeconds");
        let serial = r.optional("SerialNumber");
        let code = r.optional("TokenCode");
        r.finish()?;
        Ok(Self {
            duration: duration?.unwrap_or_default(),
            serial: serial?,
            code: code?,
        })
    }

    fn run(self, iam: &Iam, caller: &Caller) -> Result<Self::Output> {
        let mfa = match (&self.serial, self.code) {
            (Some(serial), code) => Some((serial, code)),
            // A code without a device to check it against cannot validate.
            (None, Some(_)) => return Err(Error::sts_unable_to_validate()),
            (None, None) => None,
        };
        iam.get_session_token(caller, self.duration, mfa)
            .map(GetSessionTokenOutput)
    }
}

impl Render for GetSessionTokenOutput {
    fn render(&self, w: &mut XmlWriter) {
        let c = &self.0;
        w.open("Credentials");
        w.element("AccessKeyId", &c.access_key_id);
        w.element("SecretAccessKey", &c.secret_access_key);
        w.element("SessionToken", &c.session_token);
        w.timestamp("Expiration", c.expiration);
        w.close("Credentials");
    }
}
