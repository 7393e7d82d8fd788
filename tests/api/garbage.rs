//! Garbage in every parameter of every action: always a clean 4xx
//! `ErrorResponse` with a request id, never a 5xx, a hang or a dropped
//! connection, and the server keeps serving.

use crate::helpers::TestApp;

/// Every action with the parameters it reads.
const ACTIONS: &[(&str, &str, &[&str])] = &[
    (
        "2010-05-08",
        "CreateUser",
        &[
            "UserName",
            "Path",
            "PermissionsBoundary",
            "Tags.member.1.Key",
            "Tags.member.1.Value",
        ],
    ),
    ("2010-05-08", "GetUser", &["UserName"]),
    ("2010-05-08", "DeleteUser", &["UserName"]),
    (
        "2010-05-08",
        "ListUsers",
        &["PathPrefix", "Marker", "MaxItems"],
    ),
    (
        "2010-05-08",
        "CreateVirtualMFADevice",
        &[
            "VirtualMFADeviceName",
            "Path",
            "Tags.member.1.Key",
            "Tags.member.1.Value",
        ],
    ),
    (
        "2010-05-08",
        "EnableMFADevice",
        &[
            "UserName",
            "SerialNumber",
            "AuthenticationCode1",
            "AuthenticationCode2",
        ],
    ),
    (
        "2010-05-08",
        "ResyncMFADevice",
        &[
            "UserName",
            "SerialNumber",
            "AuthenticationCode1",
            "AuthenticationCode2",
        ],
    ),
    (
        "2010-05-08",
        "DeactivateMFADevice",
        &["UserName", "SerialNumber"],
    ),
    ("2010-05-08", "DeleteVirtualMFADevice", &["SerialNumber"]),
    (
        "2010-05-08",
        "ListMFADevices",
        &["UserName", "Marker", "MaxItems"],
    ),
    (
        "2010-05-08",
        "ListVirtualMFADevices",
        &["AssignmentStatus", "Marker", "MaxItems"],
    ),
    ("2010-05-08", "GetMFADevice", &["SerialNumber", "UserName"]),
    (
        "2010-05-08",
        "TagMFADevice",
        &["SerialNumber", "Tags.member.1.Key", "Tags.member.1.Value"],
    ),
    (
        "2010-05-08",
        "UntagMFADevice",
        &["SerialNumber", "TagKeys.member.1"],
    ),
    (
        "2010-05-08",
        "ListMFADeviceTags",
        &["SerialNumber", "Marker", "MaxItems"],
    ),
    ("2010-05-08", "CreateAccessKey", &["UserName"]),
    (
        "2010-05-08",
        "ListAccessKeys",
        &["UserName", "Marker", "MaxItems"],
    ),
    (
        "2010-05-08",
        "UpdateAccessKey",
        &["UserName", "AccessKeyId", "Status"],
    ),
    (
        "2010-05-08",
        "DeleteAccessKey",
        &["UserName", "AccessKeyId"],
    ),
    (
        "2011-06-15",
        "GetSessionToken",
        &["DurationSeconds", "SerialNumber", "TokenCode"],
    ),
];

/// Values no parameter accepts, as raw (already percent-encoded) text:
/// empty, bytes that are not UTF-8, control characters, 10 KB, a
/// right-to-left override and an emoji, markup.
fn garbage() -> Vec<String> {
    vec![
        String::new(),
        "%FF%FE%FD".to_owned(),
        "%00%01%1B".to_owned(),
        "x".repeat(10_000),
        "%E2%80%AE%F0%9F%92%A3".to_owned(),
        "%3Cscript%3E".to_owned(),
    ]
}

/// Odd values that some parameters do accept (`-1` is a valid user name):
/// any answer but a server error.
const ODD: &[&str] = &["-1", "99999999999999999999999999", "0", "%20"];

#[tokio::test]
async fn garbage_in_any_parameter_of_any_action_is_a_clean_client_error() {
    let app = TestApp::spawn().await;
    for (version, action, params) in ACTIONS {
        for param in *params {
            for value in garbage() {
                // Every other parameter of the action is absent or valid-looking,
                // so the garbage one must be what is refused, or a missing one.
                let body = format!("Action={action}&Version={version}&{param}={value}");
                let reply = app.post_raw(body.clone()).await;
                assert!(
                    (400..500).contains(&reply.status),
                    "{body:.120}: {} {}",
                    reply.status,
                    reply.body
                );
                assert!(
                    reply.body.starts_with("<ErrorResponse"),
                    "{body:.120}: {}",
                    reply.body
                );
                assert!(!reply.code().is_empty(), "{body:.120}");
                assert_eq!(reply.request_id, reply.text("RequestId"), "{body:.120}");
            }
        }
    }
    for (version, action, params) in ACTIONS {
        for param in *params {
            for value in ODD {
                let body = format!("Action={action}&Version={version}&{param}={value}");
                let reply = app.post_raw(body.clone()).await;
                assert!(
                    reply.status < 500,
                    "{body}: {} {}",
                    reply.status,
                    reply.body
                );
                assert_eq!(reply.request_id, reply.text("RequestId"), "{body}");
            }
        }
    }
    assert_eq!(app.call("ListUsers", &[]).await.status, 200);
}

#[tokio::test]
async fn a_malformed_body_or_query_is_a_clean_client_error() {
    let app = TestApp::spawn().await;
    for body in [
        "&&&==&",
        "Action",
        "Action=&Version=",
        "%%%%",
        "Action=ListUsers&Version=2010-05-08&Action=GetUser",
        "Action=ListUsers&Version=2010-05-08&MaxItems=1&MaxItems=2",
    ] {
        let reply = app.post_raw(body).await;
        assert!(
            (400..500).contains(&reply.status),
            "{body}: {} {}",
            reply.status,
            reply.body
        );
        assert!(reply.body.starts_with("<ErrorResponse"), "{body}");
    }
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let reply = app.post_raw(binary).await;
    assert!((400..500).contains(&reply.status), "{}", reply.body);
    assert_eq!(app.call("ListUsers", &[]).await.status, 200);
}
