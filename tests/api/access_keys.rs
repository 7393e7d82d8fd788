//! Access keys: create, list, update, delete, and what they unlock.

use crate::helpers::{ACCOUNT, TestApp};

fn signed_form<'a>(action: &'a str, params: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![("Action", action), ("Version", "2010-05-08")];
    form.extend_from_slice(params);
    form
}

#[tokio::test]
async fn create_access_key_returns_an_akia_id_and_a_secret_shown_once() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let created = app.call("CreateAccessKey", &[("UserName", "alice")]).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let id = created.text("AccessKeyId").unwrap();
    assert!(id.starts_with("AKIA") && id.len() == 20, "{id}");
    assert!(
        id[4..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    );
    assert_eq!(created.text("SecretAccessKey").unwrap().len(), 40);
    assert_eq!(created.text("Status").as_deref(), Some("Active"));
    assert_eq!(created.text("UserName").as_deref(), Some("alice"));
    let listed = app.call("ListAccessKeys", &[("UserName", "alice")]).await;
    assert_eq!(listed.all("AccessKeyId"), vec![id]);
    assert!(listed.text("SecretAccessKey").is_none());
    assert_eq!(listed.text("IsTruncated").as_deref(), Some("false"));
}

#[tokio::test]
async fn a_third_access_key_exceeds_the_quota() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    for _ in 0..2 {
        assert_eq!(
            app.call("CreateAccessKey", &[("UserName", "alice")])
                .await
                .status,
            200
        );
    }
    app.call("CreateAccessKey", &[("UserName", "alice")])
        .await
        .assert_error(
            409,
            "LimitExceeded",
            "Cannot exceed quota for AccessKeysPerUser: 2",
        );
    app.call("CreateAccessKey", &[("UserName", "nobody")])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            "The user with name nobody cannot be found.",
        );
}

#[tokio::test]
async fn an_inactive_key_is_refused_and_an_active_one_works_again() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let id = app
        .call("CreateAccessKey", &[("UserName", "alice")])
        .await
        .text("AccessKeyId")
        .unwrap();
    let update = |status: &'static str| {
        let id = id.clone();
        let app = &app;
        async move {
            app.call(
                "UpdateAccessKey",
                &[
                    ("UserName", "alice"),
                    ("AccessKeyId", &id),
                    ("Status", status),
                ],
            )
            .await
        }
    };
    assert_eq!(update("Inactive").await.status, 200);
    app.post_form(&signed_form("GetUser", &[]), Some(&id))
        .await
        .assert_error(
            403,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        );
    assert_eq!(update("Active").await.status, 200);
    let me = app.post_form(&signed_form("GetUser", &[]), Some(&id)).await;
    assert_eq!(
        me.text("Arn"),
        Some(format!("arn:aws:iam::{ACCOUNT}:user/alice"))
    );
    let bogus = update("Paused").await;
    assert_eq!(
        bogus.message(),
        "1 validation error detected: Value at 'status' failed to satisfy constraint: \
         Member must satisfy enum value set"
    );
}

#[tokio::test]
async fn delete_user_refuses_a_user_with_access_keys_until_they_are_deleted() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let id = app
        .call("CreateAccessKey", &[("UserName", "alice")])
        .await
        .text("AccessKeyId")
        .unwrap();
    app.call("DeleteUser", &[("UserName", "alice")])
        .await
        .assert_error(
            409,
            "DeleteConflict",
            "Cannot delete entity, must delete access keys first.",
        );
    app.call(
        "DeleteAccessKey",
        &[
            ("UserName", "alice"),
            ("AccessKeyId", "AKIAAAAAAAAAAAAAAAAA"),
        ],
    )
    .await
    .assert_error(
        404,
        "NoSuchEntity",
        "The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.",
    );
    let deleted = app
        .call(
            "DeleteAccessKey",
            &[("UserName", "alice"), ("AccessKeyId", &id)],
        )
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(
        app.call("DeleteUser", &[("UserName", "alice")])
            .await
            .status,
        200
    );
    // The deleted key no longer names anyone: it falls back to the default root.
    let who = app.post_form(&signed_form("GetUser", &[]), Some(&id)).await;
    assert_eq!(
        who.text("Arn"),
        Some(format!("arn:aws:iam::{ACCOUNT}:root"))
    );
}

#[tokio::test]
async fn an_issued_key_acts_in_its_own_account() {
    let app = TestApp::spawn().await;
    let other = "111122223333";
    let create = app
        .post_form(
            &signed_form("CreateUser", &[("UserName", "carol")]),
            Some(other),
        )
        .await;
    assert_eq!(
        create.text("Arn"),
        Some(format!("arn:aws:iam::{other}:user/carol"))
    );
    let key = app
        .post_form(
            &signed_form("CreateAccessKey", &[("UserName", "carol")]),
            Some(other),
        )
        .await
        .text("AccessKeyId")
        .unwrap();
    let listed = app
        .post_form(&signed_form("ListUsers", &[]), Some(&key))
        .await;
    assert_eq!(listed.all("UserName"), vec!["carol".to_owned()]);
    let default_account = app.call("ListUsers", &[]).await;
    assert!(default_account.all("UserName").is_empty());
}
