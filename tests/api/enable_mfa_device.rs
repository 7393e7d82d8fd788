//! `EnableMFADevice`: the pair rule, the window, the check order.

use crate::helpers::{ACCOUNT, TestApp};

#[tokio::test]
async fn enable_mfa_device_accepts_the_codes_of_the_previous_and_current_step() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("alice-phone").await;
    assert_eq!(
        device.serial,
        format!("arn:aws:iam::{ACCOUNT}:mfa/alice-phone")
    );
    let reply = app.enable("alice", &device, &device.pair(app.step())).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.starts_with(
        "<EnableMFADeviceResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata><RequestId>"
    ));
    assert_eq!(reply.request_id, reply.text("RequestId"));
    assert_eq!(reply.content_type.as_deref(), Some("text/xml"));
    let listed = app.call("ListMFADevices", &[("UserName", "alice")]).await;
    assert_eq!(listed.all("SerialNumber"), [device.serial.clone()]);
    assert_eq!(
        listed.text("EnableDate").as_deref(),
        Some("2026-03-01T12:00:10Z")
    );
}
