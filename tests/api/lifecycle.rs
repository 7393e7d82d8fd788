//! One device's whole life, with the clock moving between the steps.

use crate::helpers::TestApp;

#[tokio::test]
async fn a_user_and_device_go_from_creation_through_resync_to_deletion() {
    let app = TestApp::spawn().await;
    app.call(
        "CreateUser",
        &[
            ("UserName", "lifecycle-user"),
            ("Path", "/test-lifecycle-path/"),
        ],
    )
    .await
    .assert_ok();
    app.advance(5);
    let device = app
        .create_device_with("lifecycle-device", &[("Path", "/test-lifecycle-path/")])
        .await;
    app.advance(40);

    // Enable with the codes of the previous and the current step.
    let t = app.step();
    let enrolment = device.pair(t);
    app.enable("lifecycle-user", &device, &enrolment)
        .await
        .assert_ok();
    let assigned = app.list_virtual("Assigned").await;
    assert_eq!(
        assigned.all("SerialNumber"),
        std::slice::from_ref(&device.serial)
    );
    assert_eq!(assigned.all("UserName"), ["lifecycle-user"]);
    app.advance(600);

    // Deactivate: unassigned, still in the account.
    app.deactivate("lifecycle-user", &device).await.assert_ok();
    let unassigned = app.list_virtual("Unassigned").await;
    assert_eq!(
        unassigned.all("SerialNumber"),
        std::slice::from_ref(&device.serial)
    );
    app.advance(30);

    // Re-enable with the old pair: refused. With a newer one: accepted.
    app.enable("lifecycle-user", &device, &enrolment)
        .await
        .assert_error(
            403,
            "InvalidAuthenticationCode",
            "Authentication code for device is not valid.",
        );
    let later = app.step();
    app.enable("lifecycle-user", &device, &device.pair(later))
        .await
        .assert_ok();
    let listed = app
        .call("ListMFADevices", &[("UserName", "lifecycle-user")])
        .await;
    assert_eq!(
        listed.text("EnableDate").as_deref(),
        Some("2026-03-01T12:11:25Z")
    );
    app.advance(3600);

    // Resync with the codes of now.
    app.resync("lifecycle-user", &device, &device.pair(app.step()))
        .await
        .assert_ok();
    app.advance(60);

    // Neither the device nor the user can go while they are bound.
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
    app.call("DeleteUser", &[("UserName", "lifecycle-user")])
        .await
        .assert_error(
            409,
            "DeleteConflict",
            "Cannot delete entity, must remove tokens from principal first.",
        );

    app.deactivate("lifecycle-user", &device).await.assert_ok();
    app.advance(10);
    app.call(
        "DeleteVirtualMFADevice",
        &[("SerialNumber", &device.serial)],
    )
    .await
    .assert_ok();
    app.call("DeleteUser", &[("UserName", "lifecycle-user")])
        .await
        .assert_ok();

    let users = app.call("ListUsers", &[("PathPrefix", "/test-life")]).await;
    assert!(users.body.contains("<Users/>"), "{}", users.body);
    let devices = app.list_virtual("Any").await;
    assert!(
        devices.body.contains("<VirtualMFADevices/>"),
        "{}",
        devices.body
    );
}
