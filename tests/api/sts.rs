//! STS on the same port: `GetCallerIdentity`, and `GetSessionToken` with
//! the MFA check AWS makes.

use iam_mfa_emulator::Config;

use crate::helpers::{ACCOUNT, Device, Reply, TestApp};

const INVALID_CODE: &str = "MultiFactorAuthentication failed with invalid MFA one time pass code. ";
const UNABLE: &str = "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.";

/// Credentials a test signs with: an access key id and, for temporary
/// credentials, the session token.
#[derive(Clone, Default)]
struct Creds {
    key: Option<String>,
    token: Option<String>,
}

/// Calls an STS action, signed for `sts` when `creds` has a key.
async fn sts(app: &TestApp, action: &str, params: &[(&str, &str)], creds: &Creds) -> Reply {
    let mut form = vec![("Action", action), ("Version", "2011-06-15")];
    form.extend_from_slice(params);
    signed(app, &form, creds, "sts").await
}

/// Calls an IAM action signed with `creds`.
async fn iam(app: &TestApp, action: &str, params: &[(&str, &str)], creds: &Creds) -> Reply {
    let mut form = vec![("Action", action), ("Version", "2010-05-08")];
    form.extend_from_slice(params);
    signed(app, &form, creds, "iam").await
}

async fn signed(app: &TestApp, form: &[(&str, &str)], creds: &Creds, service: &str) -> Reply {
    app.post_signed(form, creds.key.as_deref(), creds.token.as_deref(), service)
        .await
}

/// Asserts an STS error: status, code, exact message, STS's namespace.
#[track_caller]
fn assert_sts_error(reply: &Reply, status: u16, code: &str, message: &str) {
    assert_eq!(
        (
            reply.status,
            reply.code().as_str(),
            reply.message().as_str()
        ),
        (status, code, message),
        "{}",
        reply.body
    );
    assert!(
        reply.body.starts_with(
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
        ),
        "{}",
        reply.body
    );
    assert_eq!(reply.request_id, reply.text("RequestId"));
}

/// A user with an access key, and a device enabled for it now.
async fn user_with_device(app: &TestApp, name: &str) -> (Creds, Device) {
    app.create_user(name).await;
    let key = app.call("CreateAccessKey", &[("UserName", name)]).await;
    assert_eq!(key.status, 200, "{}", key.body);
    let device = app.create_device(&format!("{name}-phone")).await;
    app.enable_now(name, &device).await;
    let creds = Creds {
        key: key.text("AccessKeyId"),
        token: None,
    };
    (creds, device)
}

async fn session_with_code(app: &TestApp, creds: &Creds, device: &Device, code: &str) -> Reply {
    sts(
        app,
        "GetSessionToken",
        &[("SerialNumber", &device.serial), ("TokenCode", code)],
        creds,
    )
    .await
}

#[tokio::test]
async fn get_caller_identity_names_the_root_of_the_default_account_when_unsigned() {
    let app = TestApp::spawn().await;
    let reply = sts(&app, "GetCallerIdentity", &[], &Creds::default()).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.starts_with(
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    ));
    assert_eq!(reply.text("Account").as_deref(), Some(ACCOUNT));
    assert_eq!(
        reply.text("Arn"),
        Some(format!("arn:aws:iam::{ACCOUNT}:root"))
    );
    assert_eq!(reply.text("UserId").as_deref(), Some(ACCOUNT));
}

#[tokio::test]
async fn a_request_signed_with_an_issued_key_acts_as_its_user() {
    let app = TestApp::spawn().await;
    let (creds, device) = user_with_device(&app, "alice").await;
    let who = sts(&app, "GetCallerIdentity", &[], &creds).await;
    assert_eq!(
        who.text("Arn"),
        Some(format!("arn:aws:iam::{ACCOUNT}:user/alice"))
    );
    assert!(who.text("UserId").unwrap().starts_with("AIDA"));
    let user = iam(&app, "GetUser", &[], &creds).await;
    assert_eq!(user.text("UserName").as_deref(), Some("alice"));
    let devices = iam(&app, "ListMFADevices", &[], &creds).await;
    assert_eq!(devices.all("SerialNumber"), vec![device.serial]);
}

#[tokio::test]
async fn get_session_token_without_mfa_returns_temporary_credentials() {
    let app = TestApp::spawn().await;
    let (creds, _) = user_with_device(&app, "alice").await;
    let reply = sts(&app, "GetSessionToken", &[], &creds).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let key = reply.text("AccessKeyId").unwrap();
    assert!(key.starts_with("ASIA") && key.len() == 20, "{key}");
    assert_eq!(reply.text("SecretAccessKey").unwrap().len(), 40);
    assert!(!reply.text("SessionToken").unwrap().is_empty());
    // 43,200 s after the frozen 2026-03-01T12:00:10Z.
    assert_eq!(
        reply.text("Expiration").as_deref(),
        Some("2026-03-02T00:00:10Z")
    );
    let root = sts(
        &app,
        "GetSessionToken",
        &[("DurationSeconds", "7200")],
        &Creds::default(),
    )
    .await;
    assert_eq!(
        root.text("Expiration").as_deref(),
        Some("2026-03-01T13:00:10Z")
    );
}

#[tokio::test]
async fn get_session_token_accepts_codes_two_steps_either_side_and_refuses_three() {
    let app = TestApp::spawn().await;
    let (creds, device) = user_with_device(&app, "alice").await;
    app.advance(600);
    let t = app.step();
    for offset in [-3, 3] {
        let reply = session_with_code(&app, &creds, &device, &device.code(t + offset)).await;
        assert_sts_error(&reply, 403, "AccessDenied", INVALID_CODE);
    }
    for offset in -2..=2 {
        let reply = session_with_code(&app, &creds, &device, &device.code(t + offset)).await;
        assert_eq!(reply.status, 200, "offset {offset}: {}", reply.body);
    }
}

#[tokio::test]
async fn a_used_code_is_refused_but_an_unused_earlier_one_still_works() {
    let app = TestApp::spawn().await;
    let (creds, device) = user_with_device(&app, "alice").await;
    app.advance(600);
    let t = app.step();
    let now = session_with_code(&app, &creds, &device, &device.code(t)).await;
    assert_eq!(now.status, 200, "{}", now.body);
    assert_sts_error(
        &session_with_code(&app, &creds, &device, &device.code(t)).await,
        403,
        "AccessDenied",
        INVALID_CODE,
    );
    let earlier = session_with_code(&app, &creds, &device, &device.code(t - 1)).await;
    assert_eq!(earlier.status, 200, "{}", earlier.body);
}

#[tokio::test]
async fn the_tenth_verification_in_a_three_minute_window_is_refused_until_the_next() {
    let app = TestApp::spawn().await;
    let (creds, device) = user_with_device(&app, "alice").await;
    // 12:12:00 starts a 3-minute UTC window (floor(unix / 180)).
    app.advance(710);
    let t = app.step();
    for _ in 0..9 {
        session_with_code(&app, &creds, &device, "000000").await;
    }
    assert_sts_error(
        &session_with_code(&app, &creds, &device, &device.code(t)).await,
        403,
        "AccessDenied",
        UNABLE,
    );
    app.advance(179);
    assert_sts_error(
        &session_with_code(&app, &creds, &device, &device.code(app.step())).await,
        403,
        "AccessDenied",
        UNABLE,
    );
    app.advance(1);
    let next = session_with_code(&app, &creds, &device, &device.code(app.step())).await;
    assert_eq!(next.status, 200, "{}", next.body);
}

#[tokio::test]
async fn another_users_device_is_refused() {
    let app = TestApp::spawn().await;
    let (_, alices) = user_with_device(&app, "alice").await;
    let (bobs_creds, _) = user_with_device(&app, "bob").await;
    app.advance(60);
    assert_sts_error(
        &session_with_code(&app, &bobs_creds, &alices, &alices.code(app.step())).await,
        403,
        "AccessDenied",
        UNABLE,
    );
    let unknown = Device {
        serial: format!("arn:aws:iam::{ACCOUNT}:mfa/nobody"),
        secret: alices.secret.clone(),
    };
    assert_sts_error(
        &session_with_code(&app, &bobs_creds, &unknown, "123456").await,
        403,
        "AccessDenied",
        UNABLE,
    );
}

#[tokio::test]
async fn root_may_use_any_assigned_device_of_its_account() {
    let app = TestApp::spawn().await;
    let (_, device) = user_with_device(&app, "alice").await;
    app.advance(60);
    let reply = session_with_code(&app, &Creds::default(), &device, &device.code(app.step())).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let unassigned = app.create_device("spare").await;
    assert_sts_error(
        &session_with_code(
            &app,
            &Creds::default(),
            &unassigned,
            &unassigned.code(app.step()),
        )
        .await,
        403,
        "AccessDenied",
        UNABLE,
    );
}

#[tokio::test]
async fn an_out_of_sync_device_is_refused_until_it_is_resynced() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let key = app.call("CreateAccessKey", &[("UserName", "alice")]).await;
    let creds = Creds {
        key: key.text("AccessKeyId"),
        token: None,
    };
    let device = app.create_device("alice-phone").await;
    // Codes read from the app 50 steps (25 minutes) before the request: AWS
    // still enables the device, but its clock now looks 50 steps behind.
    let late = app
        .enable("alice", &device, &device.pair(app.step() - 50))
        .await;
    assert_eq!(late.status, 200, "{}", late.body);
    app.advance(30);
    assert_sts_error(
        &session_with_code(&app, &creds, &device, &device.code(app.step())).await,
        403,
        "AccessDenied",
        INVALID_CODE,
    );
    let resync = app
        .call(
            "ResyncMFADevice",
            &[
                ("UserName", "alice"),
                ("SerialNumber", &device.serial),
                ("AuthenticationCode1", &device.code(app.step() - 1)),
                ("AuthenticationCode2", &device.code(app.step())),
            ],
        )
        .await;
    assert_eq!(resync.status, 200, "{}", resync.body);
    app.advance(30);
    let reply = session_with_code(&app, &creds, &device, &device.code(app.step())).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[tokio::test]
async fn a_new_binding_reaches_sts_only_after_the_configured_delay() {
    let config = Config {
        sts_propagation_delay: jiff::SignedDuration::from_secs(10),
        ..Config::default()
    };
    let app = TestApp::spawn_with(&config).await;
    let (creds, device) = user_with_device(&app, "alice").await;
    app.advance(9);
    assert_sts_error(
        &session_with_code(&app, &creds, &device, &device.code(app.step())).await,
        403,
        "AccessDenied",
        UNABLE,
    );
    app.advance(1);
    let reply = session_with_code(&app, &creds, &device, &device.code(app.step() + 1)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let deactivated = app
        .call(
            "DeactivateMFADevice",
            &[("UserName", "alice"), ("SerialNumber", &device.serial)],
        )
        .await;
    assert_eq!(deactivated.status, 200);
    let lingering = session_with_code(&app, &creds, &device, &device.code(app.step() + 2)).await;
    assert_eq!(lingering.status, 200, "{}", lingering.body);
    app.advance(10);
    assert_sts_error(
        &session_with_code(&app, &creds, &device, &device.code(app.step())).await,
        403,
        "AccessDenied",
        UNABLE,
    );
}

#[tokio::test]
async fn temporary_credentials_act_as_the_user_until_they_expire() {
    let app = TestApp::spawn().await;
    let (creds, device) = user_with_device(&app, "alice").await;
    app.advance(60);
    let reply = sts(
        &app,
        "GetSessionToken",
        &[
            ("SerialNumber", &device.serial),
            ("TokenCode", &device.code(app.step())),
            ("DurationSeconds", "900"),
        ],
        &creds,
    )
    .await;
    let session = Creds {
        key: reply.text("AccessKeyId"),
        token: reply.text("SessionToken"),
    };
    let who = sts(&app, "GetCallerIdentity", &[], &session).await;
    assert_eq!(
        who.text("Arn"),
        Some(format!("arn:aws:iam::{ACCOUNT}:user/alice"))
    );
    assert_sts_error(
        &sts(&app, "GetSessionToken", &[], &session).await,
        403,
        "AccessDenied",
        "Cannot call GetSessionToken with session credentials",
    );
    let wrong = Creds {
        key: session.key.clone(),
        token: Some("forged".to_owned()),
    };
    assert_sts_error(
        &sts(&app, "GetCallerIdentity", &[], &wrong).await,
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
    );
    app.advance(900);
    assert_sts_error(
        &sts(&app, "GetCallerIdentity", &[], &session).await,
        403,
        "ExpiredToken",
        "The security token included in the request is expired",
    );
}

#[tokio::test]
async fn get_session_token_validates_its_parameters() {
    let app = TestApp::spawn().await;
    let reply = sts(
        &app,
        "GetSessionToken",
        &[("DurationSeconds", "899"), ("TokenCode", "12a456")],
        &Creds::default(),
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "ValidationError")
    );
    assert_eq!(
        reply.message(),
        "2 validation errors detected: Value at 'durationSeconds' failed to satisfy constraint: \
         Member must have value greater than or equal to 900; Value at 'tokenCode' failed to \
         satisfy constraint: Member must satisfy regular expression pattern: [\\d]*"
    );
    let unknown = sts(&app, "AssumeRoleWithMagic", &[], &Creds::default()).await;
    assert_sts_error(
        &unknown,
        400,
        "InvalidAction",
        "Could not find operation AssumeRoleWithMagic for version 2011-06-15",
    );
}
