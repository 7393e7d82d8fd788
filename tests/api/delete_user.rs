//! `DeleteUser`: gone for good, but never while it holds an MFA device.

use crate::helpers::TestApp;

#[tokio::test]
async fn delete_user_removes_the_user_and_frees_its_name() {
    let app = TestApp::spawn().await;
    app.create_user("erin").await;
    let reply = app.call("DeleteUser", &[("UserName", "ERIN")]).await;
    reply.assert_ok();
    assert!(reply.body.starts_with(
        "<DeleteUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata>"
    ));
    app.call("GetUser", &[("UserName", "erin")])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            "The user with name erin cannot be found.",
        );
    app.call("DeleteUser", &[("UserName", "erin")])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            "The user with name erin cannot be found.",
        );
    app.create_user("erin").await;
}

#[tokio::test]
async fn delete_user_refuses_a_user_holding_an_mfa_device_until_it_is_deactivated() {
    let app = TestApp::spawn().await;
    app.create_user("frank").await;
    let device = app.create_device("frank-phone").await;
    app.enable_now("frank", &device).await;
    app.call("DeleteUser", &[("UserName", "frank")])
        .await
        .assert_error(
            409,
            "DeleteConflict",
            "Cannot delete entity, must remove tokens from principal first.",
        );
    app.call("GetUser", &[("UserName", "frank")])
        .await
        .assert_ok();

    app.deactivate("frank", &device).await.assert_ok();
    app.call("DeleteUser", &[("UserName", "frank")])
        .await
        .assert_ok();
    // The device outlives its former owner, unassigned.
    let devices = app.list_virtual("Unassigned").await;
    assert_eq!(devices.all("SerialNumber"), [device.serial]);
    assert!(!devices.has("User"), "{}", devices.body);
}

#[tokio::test]
async fn delete_user_requires_a_valid_name() {
    let app = TestApp::spawn().await;
    app.call("DeleteUser", &[]).await.assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'userName' failed to satisfy constraint: \
         Member must not be null",
    );
    app.call("DeleteUser", &[("UserName", &"n".repeat(129))])
        .await
        .assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'userName' failed to satisfy constraint: \
             Member must have length less than or equal to 128",
        );
}
