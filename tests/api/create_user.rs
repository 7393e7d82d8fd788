//! `CreateUser`: the user's shape, its name rules, and duplicates.

use crate::helpers::{ACCOUNT, TestApp};

/// Whether `id` is an IAM user id: `AIDA` and 17 upper-case alphanumerics.
pub fn is_user_id(id: &str) -> bool {
    id.len() == 21
        && id.starts_with("AIDA")
        && id[4..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[tokio::test]
async fn create_user_returns_path_name_id_arn_and_create_date() {
    let app = TestApp::spawn().await;
    let reply = app
        .call(
            "CreateUser",
            &[("UserName", "bob"), ("Path", "/division/team/")],
        )
        .await;
    reply.assert_ok();
    assert!(reply.body.starts_with(
        "<CreateUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><CreateUserResult><User>"
    ));
    assert_eq!(reply.text("Path").as_deref(), Some("/division/team/"));
    assert_eq!(reply.text("UserName").as_deref(), Some("bob"));
    let id = reply.text("UserId").unwrap();
    assert!(is_user_id(&id), "{id}");
    assert_eq!(
        reply.text("Arn").unwrap(),
        format!("arn:aws:iam::{ACCOUNT}:user/division/team/bob")
    );
    assert_eq!(
        reply.text("CreateDate").as_deref(),
        Some("2026-03-01T12:00:10Z")
    );
    assert!(!reply.has("Tags"), "{}", reply.body);
    assert!(!reply.has("PermissionsBoundary"), "{}", reply.body);
}

#[tokio::test]
async fn create_user_defaults_the_path_to_slash_and_gives_each_user_its_own_id() {
    let app = TestApp::spawn().await;
    let a = app.call("CreateUser", &[("UserName", "a")]).await;
    let b = app.call("CreateUser", &[("UserName", "b")]).await;
    assert_eq!(a.text("Path").as_deref(), Some("/"));
    assert_eq!(
        a.text("Arn").unwrap(),
        format!("arn:aws:iam::{ACCOUNT}:user/a")
    );
    assert_ne!(a.text("UserId"), b.text("UserId"));
}

#[tokio::test]
async fn create_user_echoes_tags_and_the_permissions_boundary_when_given() {
    let app = TestApp::spawn().await;
    let boundary = "arn:aws:iam::aws:policy/PowerUserAccess";
    let reply = app
        .call(
            "CreateUser",
            &[
                ("UserName", "tagged"),
                ("PermissionsBoundary", boundary),
                ("Tags.member.1.Key", "team"),
                ("Tags.member.1.Value", "blue"),
                ("Tags.member.2.Key", "Abteilung"),
                ("Tags.member.2.Value", ""),
            ],
        )
        .await;
    reply.assert_ok();
    assert_eq!(reply.all("Key"), ["Abteilung", "team"]);
    assert_eq!(reply.all("Value"), ["", "blue"]);
    assert_eq!(
        reply.text("PermissionsBoundaryType").as_deref(),
        Some("PermissionsBoundaryPolicy")
    );
    assert_eq!(
        reply.text("PermissionsBoundaryArn").as_deref(),
        Some(boundary)
    );
}

#[tokio::test]
async fn create_user_refuses_a_name_taken_in_any_case() {
    let app = TestApp::spawn().await;
    app.create_user("Bob").await;
    for name in ["Bob", "bob", "BOB"] {
        app.call("CreateUser", &[("UserName", name)])
            .await
            .assert_error(
                409,
                "EntityAlreadyExists",
                &format!("User with name {name} already exists."),
            );
    }
    let listed = app.call("ListUsers", &[]).await;
    assert_eq!(listed.all("UserName"), ["Bob"]);
}

#[tokio::test]
async fn create_user_refuses_bad_names_paths_and_tags() {
    let app = TestApp::spawn().await;
    let name_sentence = "The specified value for userName is invalid. It must contain only \
                         alphanumeric characters and/or the following: +=,.@_-";
    let cases: [(&[(&str, &str)], &str); 7] = [
        (&[("UserName", "jösé")], name_sentence),
        (&[("UserName", "a b")], name_sentence),
        (
            &[("UserName", &"x".repeat(65))],
            "1 validation error detected: Value at 'userName' failed to satisfy constraint: \
             Member must have length less than or equal to 64",
        ),
        (
            &[],
            "1 validation error detected: Value at 'userName' failed to satisfy constraint: \
             Member must not be null",
        ),
        (
            &[("UserName", "ok"), ("Path", "nope")],
            "The specified value for path is invalid. It must begin and end with / and contain \
             only alphanumeric characters and/or / characters.",
        ),
        (
            &[
                ("UserName", "ok"),
                ("Tags.member.1.Key", "a*b"),
                ("Tags.member.1.Value", "v"),
            ],
            "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: \
             [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
        ),
        (
            &[("UserName", "ok"), ("PermissionsBoundary", "arn:short")],
            "1 validation error detected: Value at 'permissionsBoundary' failed to satisfy \
             constraint: Member must have length greater than or equal to 20",
        ),
    ];
    for (params, message) in cases {
        app.call("CreateUser", params)
            .await
            .assert_error(400, "ValidationError", message);
    }
    // 64 characters is the most a new name may have.
    app.create_user(&"x".repeat(64)).await;
    let listed = app.call("ListUsers", &[]).await;
    assert_eq!(listed.all("UserName"), ["x".repeat(64)]);
}

#[tokio::test]
async fn create_user_refuses_tag_keys_that_differ_only_in_case() {
    let app = TestApp::spawn().await;
    app.call(
        "CreateUser",
        &[
            ("UserName", "dup"),
            ("Tags.member.1.Key", "Team"),
            ("Tags.member.1.Value", "a"),
            ("Tags.member.2.Key", "team"),
            ("Tags.member.2.Value", "b"),
        ],
    )
    .await
    .assert_error(
        400,
        "InvalidInput",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    );
    app.call("GetUser", &[("UserName", "dup")])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            "The user with name dup cannot be found.",
        );
}

#[tokio::test]
async fn create_user_in_another_account_is_invisible_to_the_default_account() {
    let app = TestApp::spawn().await;
    let other = "111122223333";
    let reply = app
        .call_in(other, "CreateUser", &[("UserName", "carol")])
        .await;
    reply.assert_ok();
    assert_eq!(
        reply.text("Arn").unwrap(),
        "arn:aws:iam::111122223333:user/carol"
    );
    app.call("GetUser", &[("UserName", "carol")])
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            "The user with name carol cannot be found.",
        );
    // The same name is free in the default account.
    app.create_user("carol").await;
    let theirs = app.call_in(other, "ListUsers", &[]).await;
    assert_eq!(theirs.all("Arn"), ["arn:aws:iam::111122223333:user/carol"]);
    // A key id that is not 12 digits means the default account.
    let mine = app
        .post_form(
            &[("Action", "ListUsers"), ("Version", "2010-05-08")],
            Some("AKIAIOSFODNN7EXAMPLE"),
        )
        .await;
    assert_eq!(
        mine.all("Arn"),
        [format!("arn:aws:iam::{ACCOUNT}:user/carol")]
    );
}
