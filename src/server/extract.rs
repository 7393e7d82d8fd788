//! Reading a request: its awsQuery parameters (query string and form body)
//! and the access key it was signed with (`SigV4` `Authorization` header or a
//! presigned `X-Amz-Credential`). Signatures are not verified.

use axum::body::Body;
use axum::http::{HeaderMap, Request, header};

use crate::actions::{Params, Service};
use crate::error::{Error, Result};

/// What the server needs from one HTTP request.
#[derive(Debug)]
pub struct Incoming {
    /// The decoded parameters.
    pub params: Params,
    /// The access key id of the request's credential, if signed.
    pub access_key_id: Option<String>,
    /// The session token sent with temporary credentials, if any.
    pub session_token: Option<String>,
    /// The service named by the credential's scope, if signed.
    pub scope_service: Option<String>,
}

impl Incoming {
    /// The service the request is for: STS when it says STS's version or is
    /// signed for `sts`, IAM otherwise.
    #[must_use]
    pub fn service(&self) -> Service {
        let by_version = self.params.version() == Some(Service::Sts.version());
        let by_scope = self.scope_service.as_deref() == Some("sts");
        if by_version || (by_scope && self.params.version().is_none()) {
            Service::Sts
        } else {
            Service::Iam
        }
    }
}

/// Reads the parameters and credential of `request`, with a body of at
/// most `max_body` bytes.
///
/// # Errors
///
/// `RequestEntityTooLarge` past the limit; `MalformedQueryString` for a
/// parameter repeated with different values.
pub async fn read(request: Request<Body>, max_body: usize) -> Result<Incoming> {
    let (parts, body) = request.into_parts();
    let too_large =
        || Error::RequestEntityTooLarge(format!("Request body must be at most {max_body} bytes."));
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > max_body) {
        return Err(too_large());
    }
    let body = axum::body::to_bytes(body, max_body)
        .await
        .map_err(|_| too_large())?;
    let params = Params::decode(parts.uri.query(), &body)?;
    let credential = credential_of(&parts.headers, &params);
    let scope = credential
        .as_deref()
        .map(|c| c.split('/').collect::<Vec<_>>());
    let session_token = parts
        .headers
        .get("x-amz-security-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| params.get("X-Amz-Security-Token").map(str::to_owned));
    Ok(Incoming {
        access_key_id: scope
            .as_ref()
            .and_then(|s| s.first())
            .filter(|k| !k.is_empty())
            .map(|k| (*k).to_owned()),
        scope_service: scope
            .as_ref()
            .and_then(|s| s.get(3))
            .map(|s| (*s).to_owned()),
        session_token,
        params,
    })
}

/// The `Credential=` value of a `SigV4` `Authorization` header, or the
/// `X-Amz-Credential` parameter of a presigned request.
fn credential_of(headers: &HeaderMap, params: &Params) -> Option<String> {
    let from_header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|auth| {
            auth.split([',', ' '])
                .find_map(|part| part.trim().strip_prefix("Credential="))
                .map(str::to_owned)
        });
    from_header.or_else(|| params.get("X-Amz-Credential").map(str::to_owned))
}

#[cfg(test)]
mod tests;
