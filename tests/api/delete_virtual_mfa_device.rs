//! `DeleteVirtualMFADevice`: only unassigned devices, and a deleted name can
//! be created again with a fresh seed.

use crate::helpers::{ACCOUNT, TestApp};

#[tokio::test]
async fn delete_virtual_mfa_device_removes_an_unassigned_device() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    let reply = app
        .call(
            "DeleteVirtualMFADevice",
            &[("SerialNumber", &device.serial)],
        )
        .await;
    reply.assert_ok();
    assert!(reply.body.starts_with(
        "<DeleteVirtualMFADeviceResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata>"
    ));
    let listed = app.list_virtual("Any").await;
    assert!(
        listed.body.contains("<VirtualMFADevices/>"),
        "{}",
        listed.body
    );
    app.call(
        "DeleteVirtualMFADevice",
        &[("SerialNumber", &device.serial)],
    )
    .await
    .assert_error(
        404,
        "NoSuchEntity",
        &format!(
            "MFA Device with serial number {} does not exist.",
            device.serial
        ),
    );
}

#[tokio::test]
async fn delete_virtual_mfa_device_refuses_an_unknown_serial() {
    let app = TestApp::spawn().await;
    let serial = format!("arn:aws:iam::{ACCOUNT}:mfa/ghost");
    app.call("DeleteVirtualMFADevice", &[("SerialNumber", &serial)])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            &format!("MFA Device with serial number {serial} does not exist."),
        );
    // A device of another account is unknown here.
    app.call_in(
        "111122223333",
        "CreateVirtualMFADevice",
        &[("VirtualMFADeviceName", "theirs")],
    )
    .await
    .assert_ok();
    let theirs = "arn:aws:iam::111122223333:mfa/theirs";
    app.call("DeleteVirtualMFADevice", &[("SerialNumber", theirs)])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            &format!("MFA Device with serial number {theirs} does not exist."),
        );
}

#[tokio::test]
async fn delete_virtual_mfa_device_refuses_an_assigned_device() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    app.enable_now("alice", &device).await;
    app.call(
        "DeleteVirtualMFADevice",
        &[("SerialNumber", &device.serial)],
    )
    .await
    .assert_error(
        409,
        "DeleteConflict",
        "MFA VirtualDevice in use. Must deactivate first.",
    );
    let assigned = app.list_virtual("Assigned").await;
    assert_eq!(
        assigned.all("SerialNumber"),
        std::slice::from_ref(&device.serial)
    );
    app.deactivate("alice", &device).await.assert_ok();
    app.call(
        "DeleteVirtualMFADevice",
        &[("SerialNumber", &device.serial)],
    )
    .await
    .assert_ok();
}

#[tokio::test]
async fn a_device_created_again_after_deletion_has_a_fresh_seed_and_sync_state() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let old = app.create_device("phone").await;
    let t = app.step();
    app.enable("alice", &old, &old.pair(t)).await.assert_ok();
    app.deactivate("alice", &old).await.assert_ok();
    app.call("DeleteVirtualMFADevice", &[("SerialNumber", &old.serial)])
        .await
        .assert_ok();

    let new = app.create_device("phone").await;
    assert_eq!(new.serial, old.serial);
    assert_ne!(new.secret, old.secret);
    // The old seed's codes mean nothing to the new device...
    app.enable("alice", &new, &old.pair(t + 1))
        .await
        .assert_error(
            403,
            "InvalidAuthenticationCode",
            "Authentication code for device is not valid.",
        );
    // ... and the new device has no memory of the old pair counter.
    app.enable("alice", &new, &new.pair(t)).await.assert_ok();
}
