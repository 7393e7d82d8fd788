//! `DeactivateMFADevice`: the device goes back to unassigned and keeps its
//! tags and seed.

use crate::helpers::{ACCOUNT, TestApp};

#[tokio::test]
async fn deactivate_mfa_device_unassigns_the_device_and_keeps_its_tags() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app
        .create_device_with(
            "phone",
            &[
                ("Tags.member.1.Key", "team"),
                ("Tags.member.1.Value", "blue"),
            ],
        )
        .await;
    app.enable_now("alice", &device).await;
    app.advance(60);
    let reply = app.deactivate("ALICE", &device).await;
    reply.assert_ok();
    assert!(reply.body.starts_with(
        "<DeactivateMFADeviceResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata>"
    ));
    let mine = app.call("ListMFADevices", &[("UserName", "alice")]).await;
    assert!(mine.body.contains("<MFADevices/>"), "{}", mine.body);
    let unassigned = app.list_virtual("Unassigned").await;
    assert_eq!(
        unassigned.all("SerialNumber"),
        std::slice::from_ref(&device.serial)
    );
    assert!(!unassigned.has("EnableDate"), "{}", unassigned.body);
    assert!(!unassigned.has("User"), "{}", unassigned.body);
    let tags = app
        .call("ListMFADeviceTags", &[("SerialNumber", &device.serial)])
        .await;
    assert_eq!(tags.all("Key"), ["team"]);
    assert_eq!(tags.all("Value"), ["blue"]);
    // The seed stays: a newer pair of the same device enables it again.
    app.enable_now("alice", &device).await;
}

#[tokio::test]
async fn deactivate_mfa_device_refuses_an_unknown_user() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    app.deactivate("nobody", &device).await.assert_error(
        404,
        "NoSuchEntity",
        "The user with name nobody cannot be found.",
    );
}

#[tokio::test]
async fn deactivate_mfa_device_refuses_an_unknown_serial() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let serial = format!("arn:aws:iam::{ACCOUNT}:mfa/ghost");
    app.call(
        "DeactivateMFADevice",
        &[("UserName", "alice"), ("SerialNumber", &serial)],
    )
    .await
    .assert_error(
        404,
        "NoSuchEntity",
        &format!("MFA Device with serial number {serial} does not exist."),
    );
}

#[tokio::test]
async fn deactivate_mfa_device_refuses_a_device_that_is_not_the_users() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    app.create_user("bob").await;
    let device = app.create_device("phone").await;
    // Unassigned.
    app.deactivate("alice", &device).await.assert_error(
        404,
        "NoSuchEntity",
        "MFA Device invalid for user.",
    );
    // Assigned to someone else.
    app.enable_now("bob", &device).await;
    app.deactivate("alice", &device).await.assert_error(
        404,
        "NoSuchEntity",
        "MFA Device invalid for user.",
    );
    let bobs = app.call("ListMFADevices", &[("UserName", "bob")]).await;
    assert_eq!(
        bobs.all("SerialNumber"),
        std::slice::from_ref(&device.serial)
    );
    // Twice in a row: the second finds it no longer assigned.
    app.deactivate("bob", &device).await.assert_ok();
    app.deactivate("bob", &device).await.assert_error(
        404,
        "NoSuchEntity",
        "MFA Device invalid for user.",
    );
}

#[tokio::test]
async fn deactivate_mfa_device_without_a_user_name_acts_for_the_root_user() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    app.enable_now("alice", &device).await;
    // The root user holds no devices here, so alice's is not its to remove.
    app.call("DeactivateMFADevice", &[("SerialNumber", &device.serial)])
        .await
        .assert_error(404, "NoSuchEntity", "MFA Device invalid for user.");
    let serial = format!("arn:aws:iam::{ACCOUNT}:mfa/ghost");
    app.call("DeactivateMFADevice", &[("SerialNumber", &serial)])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            &format!("MFA Device with serial number {serial} does not exist."),
        );
    app.call("DeactivateMFADevice", &[]).await.assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'serialNumber' failed to satisfy constraint: \
         Member must not be null",
    );
}
