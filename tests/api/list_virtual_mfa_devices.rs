//! `ListVirtualMFADevices`: filtering by assignment status, the owner of
//! assigned devices, and pagination.

use crate::helpers::{ACCOUNT, TestApp};

#[tokio::test]
async fn list_virtual_mfa_devices_filters_by_assignment_status_defaulting_to_any() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let assigned = app.create_device("assigned").await;
    let idle = app.create_device("idle").await;
    app.enable_now("alice", &assigned).await;

    let any = app.call("ListVirtualMFADevices", &[]).await;
    any.assert_ok();
    assert_eq!(
        any.all("SerialNumber"),
        [assigned.serial.clone(), idle.serial.clone()]
    );
    assert_eq!(any.text("IsTruncated").as_deref(), Some("false"));
    assert_eq!(
        app.list_virtual("Any").await.all("SerialNumber"),
        any.all("SerialNumber")
    );
    assert_eq!(
        app.list_virtual("Assigned").await.all("SerialNumber"),
        std::slice::from_ref(&assigned.serial)
    );
    assert_eq!(
        app.list_virtual("Unassigned").await.all("SerialNumber"),
        std::slice::from_ref(&idle.serial)
    );
}

#[tokio::test]
async fn list_virtual_mfa_devices_shows_enable_date_and_user_of_assigned_devices() {
    let app = TestApp::spawn().await;
    let created = app
        .call(
            "CreateUser",
            &[
                ("UserName", "alice"),
                ("Path", "/staff/"),
                ("Tags.member.1.Key", "k"),
                ("Tags.member.1.Value", "v"),
            ],
        )
        .await;
    created.assert_ok();
    let device = app.create_device("phone").await;
    app.advance(45);
    app.enable_now("alice", &device).await;
    let reply = app.list_virtual("Assigned").await;
    assert!(
        reply.body.contains(&format!(
            "<VirtualMFADevices><member><SerialNumber>{}</SerialNumber>\
             <EnableDate>2026-03-01T12:00:55Z</EnableDate><User><Path>/staff/</Path>\
             <UserName>alice</UserName><UserId>{}</UserId>\
             <Arn>arn:aws:iam::{ACCOUNT}:user/staff/alice</Arn>\
             <CreateDate>2026-03-01T12:00:10Z</CreateDate></User></member></VirtualMFADevices>",
            device.serial,
            created.text("UserId").unwrap()
        )),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn list_virtual_mfa_devices_of_an_empty_account_has_an_empty_list() {
    let app = TestApp::spawn().await;
    for status in ["Any", "Assigned", "Unassigned"] {
        let reply = app.list_virtual(status).await;
        reply.assert_ok();
        assert!(
            reply.body.contains(
                "<ListVirtualMFADevicesResult><VirtualMFADevices/><IsTruncated>false</IsTruncated>"
            ),
            "{status}: {}",
            reply.body
        );
    }
    app.create_device("idle").await;
    let assigned = app.list_virtual("Assigned").await;
    assert!(
        assigned.body.contains("<VirtualMFADevices/>"),
        "{}",
        assigned.body
    );
}

#[tokio::test]
async fn list_virtual_mfa_devices_refuses_an_unknown_assignment_status() {
    let app = TestApp::spawn().await;
    for bad in ["Bogus", "any", "ASSIGNED", ""] {
        app.list_virtual(bad).await.assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'assignmentStatus' failed to satisfy \
             constraint: Member must satisfy enum value set",
        );
    }
}

#[tokio::test]
async fn list_virtual_mfa_devices_pages_through_every_device_with_the_returned_marker() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let mut serials = Vec::new();
    for i in 0..5 {
        let device = app.create_device(&format!("dev-{i}")).await;
        if i % 2 == 0 {
            app.enable_now("alice", &device).await;
        }
        serials.push(device.serial);
    }
    for (status, expected) in [
        ("Any", serials.clone()),
        (
            "Assigned",
            vec![serials[0].clone(), serials[2].clone(), serials[4].clone()],
        ),
        ("Unassigned", vec![serials[1].clone(), serials[3].clone()]),
    ] {
        let mut seen = Vec::new();
        let mut marker: Option<String> = None;
        let mut truncated = Vec::new();
        loop {
            let mut params = vec![("AssignmentStatus", status), ("MaxItems", "1")];
            if let Some(m) = &marker {
                params.push(("Marker", m));
            }
            let reply = app.call("ListVirtualMFADevices", &params).await;
            reply.assert_ok();
            let page = reply.all("SerialNumber");
            assert_eq!(page.len(), 1, "{status}: {}", reply.body);
            seen.extend(page);
            truncated.push(reply.text("IsTruncated").unwrap());
            marker = reply.text("Marker");
            if marker.is_none() {
                break;
            }
        }
        assert_eq!(seen, expected, "{status}");
        assert_eq!(truncated.len(), expected.len());
        assert_eq!(truncated.last().map(String::as_str), Some("false"));
        assert!(truncated[..truncated.len() - 1].iter().all(|t| t == "true"));
    }
    app.call(
        "ListVirtualMFADevices",
        &[("Marker", "invalid-marker-value")],
    )
    .await
    .assert_error(400, "ValidationError", "Invalid Marker.");
}
