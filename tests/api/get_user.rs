//! `GetUser`: a user by name, the root user without one.

use crate::create_user::is_user_id;
use crate::helpers::{ACCOUNT, TestApp};

#[tokio::test]
async fn get_user_returns_the_user_as_created_with_its_tags() {
    let app = TestApp::spawn().await;
    let created = app
        .call(
            "CreateUser",
            &[
                ("UserName", "Dana"),
                ("Path", "/ops/"),
                ("Tags.member.1.Key", "team"),
                ("Tags.member.1.Value", "red"),
            ],
        )
        .await;
    created.assert_ok();
    app.advance(3600);
    // Looked up in another case, it comes back as created.
    let reply = app.call("GetUser", &[("UserName", "dana")]).await;
    reply.assert_ok();
    assert!(reply.body.contains("<GetUserResult><User>"));
    for field in ["Path", "UserName", "UserId", "Arn", "CreateDate"] {
        assert_eq!(reply.text(field), created.text(field), "{field}");
    }
    assert_eq!(reply.text("UserName").as_deref(), Some("Dana"));
    assert_eq!(
        reply.text("CreateDate").as_deref(),
        Some("2026-03-01T12:00:10Z")
    );
    assert_eq!(reply.all("Key"), ["team"]);
    assert_eq!(reply.all("Value"), ["red"]);
}

#[tokio::test]
async fn get_user_without_tags_has_no_tags_element() {
    let app = TestApp::spawn().await;
    app.create_user("plain").await;
    let reply = app.call("GetUser", &[("UserName", "plain")]).await;
    reply.assert_ok();
    assert!(is_user_id(&reply.text("UserId").unwrap()));
    assert!(!reply.has("Tags"), "{}", reply.body);
}

#[tokio::test]
async fn get_user_of_an_unknown_name_is_no_such_entity() {
    let app = TestApp::spawn().await;
    app.call("GetUser", &[("UserName", "nonexistent-user")])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            "The user with name nonexistent-user cannot be found.",
        );
    app.call("GetUser", &[("UserName", "a/b")])
        .await
        .assert_error(
            400,
            "ValidationError",
            "The specified value for userName is invalid. It must contain only alphanumeric \
             characters and/or the following: +=,.@_-",
        );
}

#[tokio::test]
async fn get_user_without_a_name_describes_the_root_user_of_the_callers_account() {
    let app = TestApp::spawn().await;
    let reply = app.call("GetUser", &[]).await;
    reply.assert_ok();
    assert_eq!(
        reply.text("Arn").unwrap(),
        format!("arn:aws:iam::{ACCOUNT}:root")
    );
    assert!(!reply.has("UserName"), "{}", reply.body);
    assert!(!reply.has("Path"), "{}", reply.body);
    assert_eq!(reply.text("UserId").as_deref(), Some(ACCOUNT));
    let date = reply.text("CreateDate").unwrap();
    assert!(date.ends_with('Z'), "{date}");

    let other = app.call_in("111122223333", "GetUser", &[]).await;
    assert_eq!(
        other.text("Arn").as_deref(),
        Some("arn:aws:iam::111122223333:root")
    );
}
