//! The official AWS SDK for Rust against the server: if `aws-sdk-iam` and
//! `aws-sdk-sts` cannot tell it from AWS, neither can the code they serve.

use aws_credential_types::Credentials;
use aws_sdk_iam::config::{BehaviorVersion, Region};
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_iam::operation::enable_mfa_device::EnableMFADeviceError;
use aws_sdk_iam::primitives::Blob;
use aws_sdk_iam::types::{AssignmentStatusType, Tag};

use crate::helpers::{ACCOUNT, Device, TestApp};

fn credentials(key: &str, secret: &str, token: Option<String>) -> Credentials {
    Credentials::new(key, secret, token, None, "tests")
}

fn iam_client(app: &TestApp, creds: Credentials) -> aws_sdk_iam::Client {
    let config = aws_sdk_iam::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(creds)
        .endpoint_url(app.server.url())
        .build();
    aws_sdk_iam::Client::from_conf(config)
}

fn sts_client(app: &TestApp, creds: Credentials) -> aws_sdk_sts::Client {
    let config = aws_sdk_sts::Config::builder()
        .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
        .region(aws_sdk_sts::config::Region::new("eu-central-1"))
        .credentials_provider(creds)
        .endpoint_url(app.server.url())
        .build();
    aws_sdk_sts::Client::from_conf(config)
}

fn dummy() -> Credentials {
    credentials(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        None,
    )
}

/// The HTTP status and AWS code of an SDK error.
fn status_and_code<E: ProvideErrorMetadata>(
    error: &SdkError<E, aws_sdk_iam::config::http::HttpResponse>,
) -> (u16, String) {
    let status = error.raw_response().map_or(0, |r| r.status().as_u16());
    (status, error.code().unwrap_or_default().to_owned())
}

/// A device created through the SDK: the blob fields decoded as an SDK
/// user would, the seed fed to an independent TOTP crate.
fn device_of(serial: &str, seed: Option<&Blob>) -> Device {
    let text = String::from_utf8(seed.unwrap().as_ref().to_vec()).unwrap();
    assert_eq!(text.len(), 64, "{text}");
    Device {
        serial: serial.to_owned(),
        secret: base32::decode(base32::Alphabet::Rfc4648 { padding: false }, &text).unwrap(),
    }
}

fn qr_text(png_bytes: &[u8]) -> String {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes.to_vec()));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    grids[0].decode().unwrap().1
}

/// `EnableMFADevice` through the SDK with the device's codes of `step - 1`
/// and `step`, as an authenticator app shows them.
async fn enable(
    iam: &aws_sdk_iam::Client,
    user: &str,
    device: &Device,
    step: i64,
) -> Result<(), SdkError<EnableMFADeviceError, aws_sdk_iam::config::http::HttpResponse>> {
    let (c1, c2) = device.pair(step);
    iam.enable_mfa_device()
        .user_name(user)
        .serial_number(&device.serial)
        .authentication_code1(c1)
        .authentication_code2(c2)
        .send()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn the_rust_sdk_runs_the_whole_mfa_lifecycle() {
    let app = TestApp::spawn().await;
    let iam = iam_client(&app, dummy());
    let user = iam
        .create_user()
        .user_name("alice")
        .path("/team/")
        .send()
        .await
        .unwrap();
    let user = user.user().unwrap();
    assert_eq!(
        user.arn(),
        format!("arn:aws:iam::{ACCOUNT}:user/team/alice")
    );
    assert!(user.user_id().starts_with("AIDA"));

    let created = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("alice-phone")
        .tags(Tag::builder().key("env").value("ci").build().unwrap())
        .send()
        .await
        .unwrap();
    let created = created.virtual_mfa_device().unwrap();
    let device = device_of(created.serial_number(), created.base32_string_seed());
    let base32 =
        String::from_utf8(created.base32_string_seed().unwrap().as_ref().to_vec()).unwrap();
    assert_eq!(
        qr_text(created.qr_code_png().unwrap().as_ref()),
        format!(
            "otpauth://totp/Amazon%20Web%20Services:alice-phone@{ACCOUNT}?secret={base32}&issuer=Amazon%20Web%20Services"
        )
    );
    assert_eq!(created.tags().len(), 1);

    enable(&iam, "alice", &device, app.step()).await.unwrap();
    let listed = iam
        .list_mfa_devices()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.mfa_devices().len(), 1);
    assert_eq!(listed.mfa_devices()[0].serial_number(), device.serial);
    assert!(!listed.is_truncated());
    let assigned = iam
        .list_virtual_mfa_devices()
        .assignment_status(AssignmentStatusType::Assigned)
        .send()
        .await
        .unwrap();
    let entry = &assigned.virtual_mfa_devices()[0];
    assert_eq!(entry.user().unwrap().user_name(), "alice");
    assert!(entry.enable_date().is_some());
    assert!(entry.base32_string_seed().is_none() && entry.qr_code_png().is_none());

    app.advance(60);
    let (r1, r2) = device.pair(app.step());
    iam.resync_mfa_device()
        .user_name("alice")
        .serial_number(&device.serial)
        .authentication_code1(&r1)
        .authentication_code2(&r2)
        .send()
        .await
        .unwrap();
    iam.tag_mfa_device()
        .serial_number(&device.serial)
        .tags(Tag::builder().key("owner").value("alice").build().unwrap())
        .send()
        .await
        .unwrap();
    let tags = iam
        .list_mfa_device_tags()
        .serial_number(&device.serial)
        .send()
        .await
        .unwrap();
    let keys: Vec<&str> = tags.tags().iter().map(Tag::key).collect();
    assert_eq!(keys, ["env", "owner"]);
    iam.untag_mfa_device()
        .serial_number(&device.serial)
        .tag_keys("env")
        .send()
        .await
        .unwrap();
    iam.deactivate_mfa_device()
        .user_name("alice")
        .serial_number(&device.serial)
        .send()
        .await
        .unwrap();
    iam.delete_virtual_mfa_device()
        .serial_number(&device.serial)
        .send()
        .await
        .unwrap();
    iam.delete_user().user_name("alice").send().await.unwrap();
    let users = iam.list_users().send().await.unwrap();
    assert!(users.users().is_empty());
}

#[tokio::test]
async fn every_modelled_error_arrives_as_the_sdks_typed_error() {
    let app = TestApp::spawn().await;
    let iam = iam_client(&app, dummy());
    let missing = iam.get_user().user_name("ghost").send().await.unwrap_err();
    assert_eq!(status_and_code(&missing), (404, "NoSuchEntity".to_owned()));
    assert!(missing.into_service_error().is_no_such_entity_exception());

    iam.create_user().user_name("alice").send().await.unwrap();
    let twice = iam
        .create_user()
        .user_name("ALICE")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        twice.message(),
        Some("User with name ALICE already exists.")
    );
    assert!(
        twice
            .into_service_error()
            .is_entity_already_exists_exception()
    );

    let created = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("d0")
        .send()
        .await
        .unwrap();
    let created = created.virtual_mfa_device().unwrap();
    let device = device_of(created.serial_number(), created.base32_string_seed());
    let wrong = iam
        .enable_mfa_device()
        .user_name("alice")
        .serial_number(&device.serial)
        .authentication_code1("000000")
        .authentication_code2("000000")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        status_and_code(&wrong),
        (403, "InvalidAuthenticationCode".to_owned())
    );
    assert!(
        wrong
            .into_service_error()
            .is_invalid_authentication_code_exception()
    );

    // Eight devices, then the ninth is over the quota.
    let mut devices = vec![device];
    for i in 1..9 {
        let name = format!("d{i}");
        let created = iam
            .create_virtual_mfa_device()
            .virtual_mfa_device_name(&name)
            .send()
            .await
            .unwrap();
        let created = created.virtual_mfa_device().unwrap();
        devices.push(device_of(
            created.serial_number(),
            created.base32_string_seed(),
        ));
    }
    for device in &devices[..8] {
        enable(&iam, "alice", device, app.step()).await.unwrap();
    }
    let ninth = enable(&iam, "alice", &devices[8], app.step())
        .await
        .unwrap_err();
    assert!(ninth.into_service_error().is_limit_exceeded_exception());

    let conflict = iam
        .delete_user()
        .user_name("alice")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        status_and_code(&conflict),
        (409, "DeleteConflict".to_owned())
    );
    assert!(conflict.into_service_error().is_delete_conflict_exception());
    let in_use = iam
        .delete_virtual_mfa_device()
        .serial_number(&devices[0].serial)
        .send()
        .await
        .unwrap_err();
    assert!(in_use.into_service_error().is_delete_conflict_exception());

    let invalid = iam
        .list_users()
        .path_prefix("no-slash")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        status_and_code(&invalid),
        (400, "ValidationError".to_owned())
    );
}

#[tokio::test]
async fn the_sdks_paginators_walk_every_page() {
    let app = TestApp::spawn().await;
    let iam = iam_client(&app, dummy());
    for i in 0..7 {
        iam.create_user()
            .user_name(format!("user{i}"))
            .send()
            .await
            .unwrap();
        iam.create_virtual_mfa_device()
            .virtual_mfa_device_name(format!("dev{i}"))
            .send()
            .await
            .unwrap();
    }
    let users: Vec<_> = iam
        .list_users()
        .max_items(2)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    let names: Vec<&str> = users
        .iter()
        .map(aws_sdk_iam::types::User::user_name)
        .collect();
    assert_eq!(
        names,
        [
            "user0", "user1", "user2", "user3", "user4", "user5", "user6"
        ]
    );
    let pages: Vec<_> = iam
        .list_virtual_mfa_devices()
        .max_items(3)
        .into_paginator()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    let serials: usize = pages.iter().map(|p| p.virtual_mfa_devices().len()).sum();
    assert_eq!(serials, 7);
}

#[tokio::test]
async fn the_sts_sdk_gets_mfa_session_credentials_that_then_sign_requests() {
    let app = TestApp::spawn().await;
    let iam = iam_client(&app, dummy());
    iam.create_user().user_name("alice").send().await.unwrap();
    let key = iam
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let key = key.access_key().unwrap();
    let created = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name("phone")
        .send()
        .await
        .unwrap();
    let created = created.virtual_mfa_device().unwrap();
    let device = device_of(created.serial_number(), created.base32_string_seed());
    enable(&iam, "alice", &device, app.step()).await.unwrap();
    app.advance(60);

    let sts = sts_client(
        &app,
        credentials(key.access_key_id(), key.secret_access_key(), None),
    );
    let refused = sts
        .get_session_token()
        .serial_number(&device.serial)
        .token_code("000000")
        .send()
        .await
        .unwrap_err();
    assert_eq!(status_and_code(&refused), (403, "AccessDenied".to_owned()));
    let session = sts
        .get_session_token()
        .serial_number(&device.serial)
        .token_code(device.code(app.step()))
        .duration_seconds(900)
        .send()
        .await
        .unwrap();
    let creds = session.credentials().unwrap();
    assert!(creds.access_key_id().starts_with("ASIA"));
    let temporary = sts_client(
        &app,
        credentials(
            creds.access_key_id(),
            creds.secret_access_key(),
            Some(creds.session_token().to_owned()),
        ),
    );
    let me = temporary.get_caller_identity().send().await.unwrap();
    assert_eq!(
        me.arn(),
        Some(format!("arn:aws:iam::{ACCOUNT}:user/alice").as_str())
    );
    assert_eq!(me.account(), Some(ACCOUNT));
}
