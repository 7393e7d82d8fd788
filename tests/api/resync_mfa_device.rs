//! `ResyncMFADevice`: a new pair moves the device's skew; the check order
//! and the pair rule are enable's.

use crate::helpers::{ACCOUNT, Device, TestApp};

const NOT_VALID: &str = "Authentication code for device is not valid.";

#[tokio::test]
async fn resync_mfa_device_accepts_a_newer_pair_of_an_enabled_device() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    app.enable_now("alice", &device).await;
    app.advance(300);
    let reply = app.resync("alice", &device, &device.pair(app.step())).await;
    reply.assert_ok();
    assert!(reply.body.starts_with(
        "<ResyncMFADeviceResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata>"
    ));
    // The assignment and its enable date are unchanged.
    let listed = app.call("ListMFADevices", &[("UserName", "alice")]).await;
    assert_eq!(
        listed.all("SerialNumber"),
        std::slice::from_ref(&device.serial)
    );
    assert_eq!(
        listed.text("EnableDate").as_deref(),
        Some("2026-03-01T12:00:10Z")
    );
}

#[tokio::test]
async fn resync_mfa_device_refuses_replayed_old_and_bad_pairs() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    let t = app.step();
    app.enable("alice", &device, &device.pair(t))
        .await
        .assert_ok();
    app.advance(120);
    let now = app.step();
    for (what, pair) in [
        ("the enrolment pair", device.pair(t)),
        ("a pair sharing its last code", device.pair(t + 1)),
        ("an older pair", device.pair(t - 3)),
        ("wrong codes", ("123456".to_owned(), "654321".to_owned())),
        ("reversed codes", (device.code(now), device.code(now - 1))),
    ] {
        let reply = app.resync("alice", &device, &pair).await;
        assert_eq!(reply.status, 403, "{what}: {}", reply.body);
        reply.assert_error(403, "InvalidAuthenticationCode", NOT_VALID);
    }
    let pair = device.pair(now);
    app.resync("alice", &device, &pair).await.assert_ok();
    // The pair just accepted is spent.
    app.resync("alice", &device, &pair).await.assert_error(
        403,
        "InvalidAuthenticationCode",
        NOT_VALID,
    );
}

#[tokio::test]
async fn resync_mfa_device_to_the_past_moves_the_window_with_it() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    app.enable_now("alice", &device).await;
    app.advance(100 * 30);
    let now = app.step();

    // The device's clock runs 20 steps behind: resync with its codes.
    app.resync("alice", &device, &device.pair(now - 20))
        .await
        .assert_ok();
    app.deactivate("alice", &device).await.assert_ok();

    // The window is now centred 20 steps back: it ends at +980, where a
    // device with no skew would still reach +1000.
    app.enable("alice", &device, &device.pair(now + 981))
        .await
        .assert_error(403, "InvalidAuthenticationCode", NOT_VALID);
    app.enable("alice", &device, &device.pair(now + 980))
        .await
        .assert_ok();

    let control = app.create_device("control").await;
    app.enable("alice", &control, &control.pair(now + 981))
        .await
        .assert_ok();
}

#[tokio::test]
async fn resync_mfa_device_refuses_a_device_that_is_not_the_users() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    app.create_user("bob").await;
    let device = app.create_device("phone").await;
    let pair = device.pair(app.step());
    // Not assigned at all.
    app.resync("alice", &device, &pair).await.assert_error(
        404,
        "NoSuchEntity",
        "MFA Device invalid for user.",
    );
    app.enable("bob", &device, &pair).await.assert_ok();
    app.advance(60);
    // Bob's device, alice's name, valid codes: still not hers.
    app.resync("alice", &device, &device.pair(app.step()))
        .await
        .assert_error(404, "NoSuchEntity", "MFA Device invalid for user.");
    // An unknown serial gets the same answer.
    let ghost = Device {
        serial: format!("arn:aws:iam::{ACCOUNT}:mfa/ghost"),
        secret: vec![0; 20],
    };
    app.resync("alice", &ghost, &pair).await.assert_error(
        404,
        "NoSuchEntity",
        "MFA Device invalid for user.",
    );
}

#[tokio::test]
async fn resync_mfa_device_refuses_an_unknown_user_first() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    app.resync(
        "nobody",
        &device,
        &("123456".to_owned(), "654321".to_owned()),
    )
    .await
    .assert_error(
        404,
        "NoSuchEntity",
        "The user with name nobody cannot be found.",
    );
}

#[tokio::test]
async fn resync_mfa_device_validates_its_parameters() {
    let app = TestApp::spawn().await;
    app.call(
        "ResyncMFADevice",
        &[
            ("UserName", "alice"),
            ("SerialNumber", "arn:aws:iam::123456789012:mfa/phone"),
            ("AuthenticationCode1", "12345a"),
        ],
    )
    .await
    .assert_error(
        400,
        "ValidationError",
        "2 validation errors detected: Value at 'authenticationCode1' failed to satisfy \
         constraint: Member must satisfy regular expression pattern: [\\d]+; Value at \
         'authenticationCode2' failed to satisfy constraint: Member must not be null",
    );
}
