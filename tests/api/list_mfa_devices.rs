//! `ListMFADevices`: the devices enabled for one user, paginated.

use crate::helpers::{ACCOUNT, TestApp};

#[tokio::test]
async fn list_mfa_devices_shows_user_serial_and_enable_date_of_each_device() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let first = app.create_device("b-phone").await;
    let second = app.create_device("a-key").await;
    app.enable_now("alice", &first).await;
    app.advance(3600);
    app.enable_now("alice", &second).await;
    let reply = app.call("ListMFADevices", &[("UserName", "alice")]).await;
    reply.assert_ok();
    assert!(
        reply
            .body
            .contains("<ListMFADevicesResult><MFADevices><member><UserName>alice</UserName>")
    );
    assert_eq!(reply.all("UserName"), ["alice", "alice"]);
    assert_eq!(
        reply.all("SerialNumber"),
        [second.serial.clone(), first.serial.clone()]
    );
    assert_eq!(
        reply.all("EnableDate"),
        ["2026-03-01T13:00:10Z", "2026-03-01T12:00:10Z"]
    );
    assert_eq!(reply.text("IsTruncated").as_deref(), Some("false"));
    assert!(!reply.has("Marker"));
}

#[tokio::test]
async fn list_mfa_devices_of_a_user_without_devices_is_an_empty_list() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let reply = app.call("ListMFADevices", &[("UserName", "alice")]).await;
    reply.assert_ok();
    assert!(
        reply.body.contains(
            "<ListMFADevicesResult><MFADevices/><IsTruncated>false</IsTruncated></ListMFADevicesResult>"
        ),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn list_mfa_devices_without_a_user_name_lists_the_root_users_none() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    app.enable_now("alice", &device).await;
    let reply = app.call("ListMFADevices", &[]).await;
    reply.assert_ok();
    assert!(reply.body.contains("<MFADevices/>"), "{}", reply.body);
    assert_eq!(reply.text("IsTruncated").as_deref(), Some("false"));
}

#[tokio::test]
async fn list_mfa_devices_of_an_unknown_user_is_no_such_entity() {
    let app = TestApp::spawn().await;
    app.call("ListMFADevices", &[("UserName", "nobody")])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            "The user with name nobody cannot be found.",
        );
}

#[tokio::test]
async fn list_mfa_devices_pages_with_max_items_and_marker() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let mut serials = Vec::new();
    for i in 0..5 {
        let device = app.create_device(&format!("dev-{i}")).await;
        app.enable_now("alice", &device).await;
        serials.push(device.serial);
    }
    let mut seen = Vec::new();
    let mut pages = 0;
    let mut marker: Option<String> = None;
    loop {
        let mut params = vec![("UserName", "alice"), ("MaxItems", "2")];
        if let Some(m) = &marker {
            params.push(("Marker", m));
        }
        let reply = app.call("ListMFADevices", &params).await;
        reply.assert_ok();
        pages += 1;
        let page = reply.all("SerialNumber");
        assert!(page.len() <= 2);
        seen.extend(page);
        marker = reply.text("Marker");
        let truncated = reply.text("IsTruncated").unwrap();
        assert_eq!(truncated == "true", marker.is_some(), "{}", reply.body);
        if marker.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, serials);
    app.call(
        "ListMFADevices",
        &[("UserName", "alice"), ("Marker", "invalid-marker-value")],
    )
    .await
    .assert_error(400, "ValidationError", "Invalid Marker.");
}

#[tokio::test]
async fn list_mfa_devices_shows_only_the_devices_of_the_named_user() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    app.create_user("bob").await;
    let a = app.create_device("a").await;
    let b = app.create_device("b").await;
    app.enable_now("alice", &a).await;
    app.enable_now("bob", &b).await;
    let alices = app.call("ListMFADevices", &[("UserName", "ALICE")]).await;
    assert_eq!(alices.all("SerialNumber"), [a.serial]);
    assert_eq!(alices.all("UserName"), ["alice"]);
    let bobs = app.call("ListMFADevices", &[("UserName", "bob")]).await;
    assert_eq!(bobs.all("SerialNumber"), [b.serial]);
    assert_eq!(
        bobs.all("SerialNumber")[0],
        format!("arn:aws:iam::{ACCOUNT}:mfa/b")
    );
}
