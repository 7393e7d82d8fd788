//! `UntagMFADevice`: removes keys ignoring case; `TagKeys=` is an empty list.

use crate::helpers::{ACCOUNT, TestApp};
use crate::tag_mfa_device::{tag, tags_of};

#[tokio::test]
async fn untag_mfa_device_removes_the_named_keys_ignoring_case() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    tag(
        &app,
        &device.serial,
        &[("team", "a"), ("Env", "b"), ("cost", "c")],
    )
    .await
    .assert_ok();
    let reply = app
        .call(
            "UntagMFADevice",
            &[
                ("SerialNumber", &device.serial),
                ("TagKeys.member.1", "ENV"),
                ("TagKeys.member.2", "team"),
                ("TagKeys.member.3", "never-there"),
            ],
        )
        .await;
    reply.assert_ok();
    assert!(reply.body.starts_with(
        "<UntagMFADeviceResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata>"
    ));
    assert_eq!(
        tags_of(&app, &device.serial).await,
        [("cost".to_owned(), "c".to_owned())]
    );
}

#[tokio::test]
async fn untag_mfa_device_accepts_an_empty_key_list() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    tag(&app, &device.serial, &[("team", "a")])
        .await
        .assert_ok();
    app.call(
        "UntagMFADevice",
        &[("SerialNumber", &device.serial), ("TagKeys", "")],
    )
    .await
    .assert_ok();
    assert_eq!(tags_of(&app, &device.serial).await.len(), 1);
}

#[tokio::test]
async fn untag_mfa_device_refuses_a_missing_bad_or_too_long_key_list() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    app.call("UntagMFADevice", &[("SerialNumber", &device.serial)])
        .await
        .assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: \
             Member must not be null",
        );
    let member = "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: \
                  Member must satisfy constraint: [Member must have length less than or equal \
                  to 128, Member must have length greater than or equal to 1, Member must \
                  satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, Member \
                  must not be null]";
    let long_key = "k".repeat(129);
    for bad in ["a*b", "", long_key.as_str()] {
        app.call(
            "UntagMFADevice",
            &[("SerialNumber", &device.serial), ("TagKeys.member.1", bad)],
        )
        .await
        .assert_error(400, "ValidationError", member);
    }
    let keys: Vec<(String, String)> = (1..=51)
        .map(|i| (format!("TagKeys.member.{i}"), format!("k{i}")))
        .collect();
    let mut params = vec![("SerialNumber", device.serial.as_str())];
    params.extend(keys.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    app.call("UntagMFADevice", &params).await.assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: \
         Member must have length less than or equal to 50",
    );
}

#[tokio::test]
async fn untag_mfa_device_refuses_an_unknown_device() {
    let app = TestApp::spawn().await;
    let serial = format!("arn:aws:iam::{ACCOUNT}:mfa/ghost");
    app.call(
        "UntagMFADevice",
        &[("SerialNumber", &serial), ("TagKeys.member.1", "k")],
    )
    .await
    .assert_error(
        404,
        "NoSuchEntity",
        &format!("MFA Device with serial number {serial} does not exist."),
    );
}
