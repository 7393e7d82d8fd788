//! The awsQuery envelope around every action: GET and POST, unknown or
//! missing actions and versions, the body limit, and the request id.

use crate::helpers::TestApp;

#[tokio::test]
async fn a_get_with_the_parameters_in_the_query_string_works_like_a_post() {
    let app = TestApp::spawn().await;
    app.get("Action=CreateUser&Version=2010-05-08&UserName=alice")
        .await
        .assert_ok();
    let device = app.create_device("phone").await;
    let (first, second) = device.pair(app.step());
    let serial: String = form_urlencoded::byte_serialize(device.serial.as_bytes()).collect();
    let reply = app
        .get(&format!(
            "Action=EnableMFADevice&Version=2010-05-08&UserName=alice&SerialNumber={serial}\
             &AuthenticationCode1={first}&AuthenticationCode2={second}"
        ))
        .await;
    reply.assert_ok();
    assert!(reply.body.starts_with("<EnableMFADeviceResponse"));
    let listed = app
        .get("Action=ListMFADevices&Version=2010-05-08&UserName=alice")
        .await;
    assert_eq!(listed.all("SerialNumber"), [device.serial]);
    // Errors come back the same way.
    app.get("Action=GetUser&Version=2010-05-08&UserName=nobody")
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            "The user with name nobody cannot be found.",
        );
}

#[tokio::test]
async fn an_unknown_action_is_invalid_action_naming_it_and_the_version() {
    let app = TestApp::spawn().await;
    app.call("Frobnicate", &[]).await.assert_error(
        400,
        "InvalidAction",
        "Could not find operation Frobnicate for version 2010-05-08",
    );
    // Action names are case-sensitive, as in AWS.
    app.call("enablemfadevice", &[]).await.assert_error(
        400,
        "InvalidAction",
        "Could not find operation enablemfadevice for version 2010-05-08",
    );
}

#[tokio::test]
async fn a_missing_or_wrong_version_is_invalid_action() {
    let app = TestApp::spawn().await;
    app.post_form(&[("Action", "ListUsers")], None)
        .await
        .assert_error(
            400,
            "InvalidAction",
            "Could not find operation ListUsers for version NO_VERSION_SPECIFIED",
        );
    app.post_form(&[("Action", "ListUsers"), ("Version", "2011-01-01")], None)
        .await
        .assert_error(
            400,
            "InvalidAction",
            "Could not find operation ListUsers for version 2011-01-01",
        );
}

#[tokio::test]
async fn a_request_without_an_action_is_missing_action() {
    let app = TestApp::spawn().await;
    for reply in [
        app.post_form(&[("Version", "2010-05-08"), ("UserName", "a")], None)
            .await,
        app.post_form(&[("Action", ""), ("Version", "2010-05-08")], None)
            .await,
        app.post_raw("").await,
        app.get("Version=2010-05-08").await,
    ] {
        reply.assert_error(
            400,
            "MissingAction",
            "The request must contain the parameter Action.",
        );
    }
}

#[tokio::test]
async fn a_body_over_256_kib_is_refused_with_an_error_response() {
    let app = TestApp::spawn().await;
    let head = "Action=ListUsers&Version=2010-05-08&Pad=";
    let at_limit = format!("{head}{}", "a".repeat(256 * 1024 - head.len()));
    assert_eq!(at_limit.len(), 262_144);
    app.post_raw(at_limit).await.assert_ok();

    let over = format!("{head}{}", "a".repeat(256 * 1024 - head.len() + 1));
    app.post_raw(over).await.assert_error(
        413,
        "RequestEntityTooLarge",
        "Request body must be at most 262144 bytes.",
    );
}

#[tokio::test]
async fn every_reply_carries_a_fresh_request_id_in_header_and_body() {
    let app = TestApp::spawn().await;
    let ok = app.call("ListUsers", &[]).await;
    ok.assert_ok();
    let failed = app.call("GetUser", &[("UserName", "nobody")]).await;
    failed.assert_error(
        404,
        "NoSuchEntity",
        "The user with name nobody cannot be found.",
    );
    let invalid = app.call("Nope", &[]).await;
    invalid.assert_error_envelope();
    let ids = [ok.request_id, failed.request_id, invalid.request_id].map(Option::unwrap);
    for id in &ids {
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(id.matches('-').count(), 4, "{id}");
    }
    assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
}

#[tokio::test]
async fn markup_in_an_echoed_value_is_escaped_in_the_error_message() {
    let app = TestApp::spawn().await;
    let reply = app.call("<Frob&nicate>", &[]).await;
    reply.assert_error(
        400,
        "InvalidAction",
        "Could not find operation <Frob&nicate> for version 2010-05-08",
    );
    assert!(
        reply.body.contains("&lt;Frob&amp;nicate&gt;"),
        "{}",
        reply.body
    );
}
