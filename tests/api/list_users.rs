//! `ListUsers`: path prefixes, pagination and markers, account isolation.

use crate::helpers::{ACCOUNT, Reply, TestApp};

/// Walks every page of `ListUsers` with `params`, returning the names
/// and the `IsTruncated` of each page.
async fn walk(app: &TestApp, params: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut truncated = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let mut all: Vec<(&str, &str)> = params.to_vec();
        if let Some(m) = &marker {
            all.push(("Marker", m));
        }
        let reply = app.call("ListUsers", &all).await;
        reply.assert_ok();
        names.extend(reply.all("UserName"));
        truncated.push(reply.text("IsTruncated").unwrap());
        marker = reply.text("Marker");
        if marker.is_none() {
            assert_eq!(reply.text("IsTruncated").as_deref(), Some("false"));
            return (names, truncated);
        }
    }
}

fn user_names(reply: &Reply) -> Vec<String> {
    reply.all("UserName")
}

#[tokio::test]
async fn list_users_of_an_empty_account_has_an_empty_users_element() {
    let app = TestApp::spawn().await;
    let reply = app.call("ListUsers", &[]).await;
    reply.assert_ok();
    assert!(
        reply.body.contains(
            "<ListUsersResult><Users/><IsTruncated>false</IsTruncated></ListUsersResult>"
        ),
        "{}",
        reply.body
    );
    assert!(!reply.has("Marker"));
}

#[tokio::test]
async fn list_users_returns_users_sorted_without_tags_or_boundary() {
    let app = TestApp::spawn().await;
    app.call(
        "CreateUser",
        &[
            ("UserName", "zed"),
            (
                "PermissionsBoundary",
                "arn:aws:iam::aws:policy/PowerUserAccess",
            ),
            ("Tags.member.1.Key", "k"),
            ("Tags.member.1.Value", "v"),
        ],
    )
    .await
    .assert_ok();
    app.create_user("Amy").await;
    app.create_user("bea").await;
    let reply = app.call("ListUsers", &[]).await;
    assert_eq!(user_names(&reply), ["Amy", "bea", "zed"]);
    assert_eq!(reply.all("Path"), ["/", "/", "/"]);
    assert_eq!(reply.all("UserId").len(), 3);
    assert_eq!(
        reply.all("Arn")[2],
        format!("arn:aws:iam::{ACCOUNT}:user/zed")
    );
    assert!(!reply.has("Tags"), "{}", reply.body);
    assert!(!reply.has("PermissionsBoundary"), "{}", reply.body);
}

#[tokio::test]
async fn list_users_path_prefix_is_a_plain_string_prefix() {
    let app = TestApp::spawn().await;
    for (name, path) in [
        ("life", "/test-lifecycle-path/"),
        ("deep", "/test-lifecycle-path/deeper/"),
        ("other", "/other/"),
        ("root", "/"),
    ] {
        app.call("CreateUser", &[("UserName", name), ("Path", path)])
            .await
            .assert_ok();
    }
    let reply = app.call("ListUsers", &[("PathPrefix", "/test-life")]).await;
    assert_eq!(user_names(&reply), ["deep", "life"]);
    let reply = app
        .call(
            "ListUsers",
            &[("PathPrefix", "/test-lifecycle-path/deeper/")],
        )
        .await;
    assert_eq!(user_names(&reply), ["deep"]);
    let reply = app.call("ListUsers", &[("PathPrefix", "/")]).await;
    assert_eq!(user_names(&reply).len(), 4);
    let reply = app.call("ListUsers", &[("PathPrefix", "/nothing")]).await;
    assert!(reply.body.contains("<Users/>"), "{}", reply.body);
    app.call("ListUsers", &[("PathPrefix", "test")])
        .await
        .assert_error(
            400,
            "ValidationError",
            "The specified value for pathPrefix is invalid. It must begin with the / character \
             and contain only alphanumeric characters and/or / characters.",
        );
}

#[tokio::test]
async fn list_users_pages_walk_every_user_once_with_the_returned_marker() {
    let app = TestApp::spawn().await;
    let mut expected: Vec<String> = (0..7).map(|i| format!("user-{i}")).collect();
    for name in expected.iter().rev() {
        app.create_user(name).await;
    }
    expected.sort();
    let (names, truncated) = walk(&app, &[("MaxItems", "3")]).await;
    assert_eq!(names, expected);
    assert_eq!(truncated, ["true", "true", "false"]);

    let (names, truncated) = walk(&app, &[("MaxItems", "1")]).await;
    assert_eq!(names, expected);
    assert_eq!(truncated.len(), 7);

    // Exactly MaxItems left: the page is complete, not truncated.
    let (names, truncated) = walk(&app, &[("MaxItems", "7")]).await;
    assert_eq!(names, expected);
    assert_eq!(truncated, ["false"]);

    let (names, _) = walk(&app, &[("MaxItems", "1000")]).await;
    assert_eq!(names.len(), 7);
}

#[tokio::test]
async fn list_users_pages_filtered_by_path_prefix() {
    let app = TestApp::spawn().await;
    for i in 0..5 {
        let path = if i % 2 == 0 { "/even/" } else { "/odd/" };
        app.call(
            "CreateUser",
            &[("UserName", &format!("u{i}")), ("Path", path)],
        )
        .await
        .assert_ok();
    }
    let (names, truncated) = walk(&app, &[("PathPrefix", "/even/"), ("MaxItems", "2")]).await;
    assert_eq!(names, ["u0", "u2", "u4"]);
    assert_eq!(truncated, ["true", "false"]);
}

#[tokio::test]
async fn list_users_refuses_markers_it_did_not_issue_and_max_items_out_of_range() {
    let app = TestApp::spawn().await;
    app.create_user("a").await;
    app.call("ListUsers", &[("Marker", "invalid-marker-value")])
        .await
        .assert_error(400, "ValidationError", "Invalid Marker.");
    app.call("ListUsers", &[("MaxItems", "0")])
        .await
        .assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'maxItems' failed to satisfy constraint: \
             Member must have value greater than or equal to 1",
        );
    app.call("ListUsers", &[("MaxItems", "1001")])
        .await
        .assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'maxItems' failed to satisfy constraint: \
             Member must have value less than or equal to 1000",
        );
    app.call("ListUsers", &[("Marker", "")]).await.assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'marker' failed to satisfy constraint: \
             Member must have length greater than or equal to 1",
    );
}

#[tokio::test]
async fn list_users_marker_still_works_after_its_user_is_deleted() {
    let app = TestApp::spawn().await;
    for name in ["a", "b", "c"] {
        app.create_user(name).await;
    }
    let first = app.call("ListUsers", &[("MaxItems", "1")]).await;
    let marker = first.text("Marker").unwrap();
    app.call("DeleteUser", &[("UserName", "a")])
        .await
        .assert_ok();
    let next = app
        .call("ListUsers", &[("MaxItems", "5"), ("Marker", &marker)])
        .await;
    assert_eq!(user_names(&next), ["b", "c"]);
}

#[tokio::test]
async fn list_users_shows_only_the_callers_account() {
    let app = TestApp::spawn().await;
    app.create_user("mine").await;
    app.call_in("111122223333", "CreateUser", &[("UserName", "theirs")])
        .await
        .assert_ok();
    app.call_in("444455556666", "CreateUser", &[("UserName", "third")])
        .await
        .assert_ok();
    assert_eq!(user_names(&app.call("ListUsers", &[]).await), ["mine"]);
    assert_eq!(
        user_names(&app.call_in("111122223333", "ListUsers", &[]).await),
        ["theirs"]
    );
    assert_eq!(
        app.call_in("444455556666", "ListUsers", &[])
            .await
            .all("Arn"),
        ["arn:aws:iam::444455556666:user/third"]
    );
}
