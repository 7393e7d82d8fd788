//! Unit tests of `extract`.

use super::*;

async fn incoming(request: Request<Body>) -> Incoming {
    read(request, 1024).await.unwrap()
}

#[tokio::test]
async fn the_access_key_and_service_come_from_the_sigv4_scope() {
    let request = Request::post("/")
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=111122223333/20260101/eu-central-1/sts/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, Signature=abc",
        )
        .body(Body::from("Action=GetCallerIdentity"))
        .unwrap();
    let incoming = incoming(request).await;
    assert_eq!(incoming.access_key_id.as_deref(), Some("111122223333"));
    assert_eq!(incoming.scope_service.as_deref(), Some("sts"));
    assert_eq!(incoming.service(), Service::Sts);
}

#[tokio::test]
async fn a_presigned_credential_is_read_from_the_query() {
    let request = Request::get(
        "/?Action=ListUsers&Version=2010-05-08&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fiam%2Faws4_request",
    )
    .body(Body::empty())
    .unwrap();
    let incoming = incoming(request).await;
    assert_eq!(incoming.access_key_id.as_deref(), Some("AKIAEXAMPLE"));
    assert_eq!(incoming.service(), Service::Iam);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let request = Request::post("/")
        .body(Body::from(vec![b'a'; 2048]))
        .unwrap();
    assert_eq!(
        read(request, 1024).await.unwrap_err().code(),
        "RequestEntityTooLarge"
    );
}
