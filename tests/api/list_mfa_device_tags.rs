//! `ListMFADeviceTags`: sorted by key, paginated, `<Tags/>` when none.

use crate::helpers::{ACCOUNT, TestApp};
use crate::tag_mfa_device::tag;

#[tokio::test]
async fn list_mfa_device_tags_of_an_untagged_device_is_an_empty_list() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    let reply = app
        .call("ListMFADeviceTags", &[("SerialNumber", &device.serial)])
        .await;
    reply.assert_ok();
    assert!(
        reply.body.contains(
            "<ListMFADeviceTagsResult><Tags/><IsTruncated>false</IsTruncated></ListMFADeviceTagsResult>"
        ),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn list_mfa_device_tags_sorts_by_key() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    tag(
        &app,
        &device.serial,
        &[("zulu", "1"), ("alpha", "2"), ("mike", "3")],
    )
    .await
    .assert_ok();
    let reply = app
        .call("ListMFADeviceTags", &[("SerialNumber", &device.serial)])
        .await;
    assert!(
        reply.body.contains(
            "<Tags><member><Key>alpha</Key><Value>2</Value></member><member><Key>mike</Key>\
             <Value>3</Value></member><member><Key>zulu</Key><Value>1</Value></member></Tags>"
        ),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn list_mfa_device_tags_pages_with_max_items_and_marker() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    let keys: Vec<String> = (0..7).map(|i| format!("key-{i}")).collect();
    let tags: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), "v")).collect();
    tag(&app, &device.serial, &tags).await.assert_ok();
    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    let mut truncated = Vec::new();
    loop {
        let mut params = vec![("SerialNumber", device.serial.as_str()), ("MaxItems", "3")];
        if let Some(m) = &marker {
            params.push(("Marker", m));
        }
        let reply = app.call("ListMFADeviceTags", &params).await;
        reply.assert_ok();
        seen.extend(reply.all("Key"));
        truncated.push(reply.text("IsTruncated").unwrap());
        marker = reply.text("Marker");
        if marker.is_none() {
            break;
        }
    }
    assert_eq!(seen, keys);
    assert_eq!(truncated, ["true", "true", "false"]);
    app.call(
        "ListMFADeviceTags",
        &[
            ("SerialNumber", &device.serial),
            ("Marker", "invalid-marker-value"),
        ],
    )
    .await
    .assert_error(400, "ValidationError", "Invalid Marker.");
}

#[tokio::test]
async fn list_mfa_device_tags_refuses_an_unknown_device() {
    let app = TestApp::spawn().await;
    let serial = format!("arn:aws:iam::{ACCOUNT}:mfa/ghost");
    app.call("ListMFADeviceTags", &[("SerialNumber", &serial)])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            &format!("MFA Device with serial number {serial} does not exist."),
        );
    app.call("ListMFADeviceTags", &[]).await.assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'serialNumber' failed to satisfy constraint: \
         Member must not be null",
    );
}
