//! `GetMFADevice`: AWS serves it for FIDO keys only, so a virtual device is
//! refused with AWS's sentence.

use crate::helpers::{ACCOUNT, TestApp};

const NOT_SUPPORTED: &str = "The MFA device serial number sent in the request is invalid or \
                             not supported by this API. Currently, only hardware FIDO security \
                             keys are supported. Please use the compatible device or API.";

#[tokio::test]
async fn get_mfa_device_refuses_a_virtual_device_with_the_fido_sentence() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    app.call("GetMFADevice", &[("SerialNumber", &device.serial)])
        .await
        .assert_error(400, "ValidationError", NOT_SUPPORTED);
    app.enable_now("alice", &device).await;
    app.call(
        "GetMFADevice",
        &[("SerialNumber", &device.serial), ("UserName", "alice")],
    )
    .await
    .assert_error(400, "ValidationError", NOT_SUPPORTED);
}

#[tokio::test]
async fn get_mfa_device_of_an_unknown_serial_is_no_such_entity() {
    let app = TestApp::spawn().await;
    let serial = format!("arn:aws:iam::{ACCOUNT}:mfa/ghost");
    app.call("GetMFADevice", &[("SerialNumber", &serial)])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            &format!("MFA Device with serial number {serial} does not exist."),
        );
}

#[tokio::test]
async fn get_mfa_device_validates_its_parameters() {
    let app = TestApp::spawn().await;
    app.call("GetMFADevice", &[]).await.assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'serialNumber' failed to satisfy constraint: \
         Member must not be null",
    );
    let serial = format!("arn:aws:iam::{ACCOUNT}:mfa/phone");
    app.call(
        "GetMFADevice",
        &[("SerialNumber", &serial), ("UserName", &"u".repeat(65))],
    )
    .await
    .assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'userName' failed to satisfy constraint: \
         Member must have length less than or equal to 64",
    );
}
