//! `TagMFADevice`: add or overwrite, keys unique ignoring case, at most 50.

use crate::helpers::{ACCOUNT, TestApp};

/// `Tags.member.N.Key`/`.Value` pairs for `tags`, numbered from 1.
pub fn tag_params(tags: &[(String, String)]) -> Vec<(String, String)> {
    tags.iter()
        .enumerate()
        .flat_map(|(i, (k, v))| {
            [
                (format!("Tags.member.{}.Key", i + 1), k.clone()),
                (format!("Tags.member.{}.Value", i + 1), v.clone()),
            ]
        })
        .collect()
}

/// Calls `TagMFADevice` on `serial` with `tags`.
pub async fn tag(app: &TestApp, serial: &str, tags: &[(&str, &str)]) -> crate::helpers::Reply {
    let owned: Vec<(String, String)> = tags
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let params = tag_params(&owned);
    let mut all = vec![("SerialNumber", serial)];
    all.extend(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    app.call("TagMFADevice", &all).await
}

/// The device's tags as `(key, value)`, all pages.
pub async fn tags_of(app: &TestApp, serial: &str) -> Vec<(String, String)> {
    let reply = app
        .call(
            "ListMFADeviceTags",
            &[("SerialNumber", serial), ("MaxItems", "1000")],
        )
        .await;
    reply.assert_ok();
    reply
        .all("Key")
        .into_iter()
        .zip(reply.all("Value"))
        .collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn tag_mfa_device_adds_tags_and_overwrites_existing_keys() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    let reply = tag(&app, &device.serial, &[("team", "blue"), ("env", "prod")]).await;
    reply.assert_ok();
    assert!(reply.body.starts_with(
        "<TagMFADeviceResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata>"
    ));
    tag(&app, &device.serial, &[("team", "red"), ("cost", "")])
        .await
        .assert_ok();
    assert_eq!(
        tags_of(&app, &device.serial).await,
        owned(&[("cost", ""), ("env", "prod"), ("team", "red")])
    );
}

#[tokio::test]
async fn tag_mfa_device_treats_keys_differing_only_in_case_as_one() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    tag(&app, &device.serial, &[("Team", "blue")])
        .await
        .assert_ok();
    tag(&app, &device.serial, &[("TEAM", "red")])
        .await
        .assert_ok();
    let tags = tags_of(&app, &device.serial).await;
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert!(tags[0].0.eq_ignore_ascii_case("team"), "{tags:?}");
    assert_eq!(tags[0].1, "red");
    // Two spellings of one key in one request are refused outright.
    tag(&app, &device.serial, &[("env", "a"), ("ENV", "b")])
        .await
        .assert_error(
            400,
            "InvalidInput",
            "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
        );
    assert_eq!(tags_of(&app, &device.serial).await.len(), 1);
}

#[tokio::test]
async fn tag_mfa_device_allows_unicode_letters_spaces_and_digits() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    let tags = [
        ("Kostenstelle-ÄÖÜ 部门", "Zoë Ørsted ٣"),
        ("a_b.c:d/e=f+g-h@i", "١٢٣"),
    ];
    tag(&app, &device.serial, &tags).await.assert_ok();
    let listed = tags_of(&app, &device.serial).await;
    assert_eq!(listed.len(), 2);
    for (key, value) in tags {
        assert!(
            listed.contains(&(key.to_owned(), value.to_owned())),
            "{listed:?}"
        );
    }
    tag(&app, &device.serial, &[("a*b", "v")]).await.assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy \
         constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    );
    tag(&app, &device.serial, &[("ok", "semi;colon")])
        .await
        .assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*",
        );
    let long_key = "k".repeat(129);
    tag(&app, &device.serial, &[(&long_key, "v")])
        .await
        .assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy \
             constraint: Member must have length less than or equal to 128",
        );
}

#[tokio::test]
async fn tag_mfa_device_stops_at_fifty_tags_per_device() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    let forty: Vec<(String, String)> = (0..40).map(|i| (format!("k{i:02}"), "v".into())).collect();
    let refs: Vec<(&str, &str)> = forty
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    tag(&app, &device.serial, &refs).await.assert_ok();

    // 40 + 11 new would be 51: refused, and nothing of it is applied.
    let eleven: Vec<(String, String)> = (0..11).map(|i| (format!("n{i:02}"), "v".into())).collect();
    let refs: Vec<(&str, &str)> = eleven
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    tag(&app, &device.serial, &refs).await.assert_error(
        409,
        "LimitExceeded",
        "The number of tags has reached the maximum limit.",
    );
    assert_eq!(tags_of(&app, &device.serial).await.len(), 40);

    // Ten new and one overwrite make exactly fifty.
    let mut ten: Vec<(&str, &str)> = refs[..10].to_vec();
    ten.push(("k00", "overwritten"));
    tag(&app, &device.serial, &ten).await.assert_ok();
    let all = tags_of(&app, &device.serial).await;
    assert_eq!(all.len(), 50);
    assert!(all.contains(&("k00".to_owned(), "overwritten".to_owned())));
    // Overwriting at fifty is fine; one more is not.
    tag(&app, &device.serial, &[("k01", "again")])
        .await
        .assert_ok();
    tag(&app, &device.serial, &[("fifty-first", "v")])
        .await
        .assert_error(
            409,
            "LimitExceeded",
            "The number of tags has reached the maximum limit.",
        );
}

#[tokio::test]
async fn tag_mfa_device_refuses_more_than_fifty_tags_in_one_request() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    let many: Vec<(String, String)> = (0..51).map(|i| (format!("k{i}"), "v".into())).collect();
    let refs: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    tag(&app, &device.serial, &refs).await.assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'tags' failed to satisfy constraint: \
         Member must have length less than or equal to 50",
    );
    assert!(tags_of(&app, &device.serial).await.is_empty());
    tag(&app, &device.serial, &refs[..50]).await.assert_ok();
}

#[tokio::test]
async fn tag_mfa_device_refuses_an_unknown_device_and_a_missing_tag_list() {
    let app = TestApp::spawn().await;
    let serial = format!("arn:aws:iam::{ACCOUNT}:mfa/ghost");
    tag(&app, &serial, &[("k", "v")]).await.assert_error(
        404,
        "NoSuchEntity",
        &format!("MFA Device with serial number {serial} does not exist."),
    );
    let device = app.create_device("phone").await;
    app.call("TagMFADevice", &[("SerialNumber", &device.serial)])
        .await
        .assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'tags' failed to satisfy constraint: \
             Member must not be null",
        );
    // `Tags=` is the empty list: nothing to add.
    app.call(
        "TagMFADevice",
        &[("SerialNumber", &device.serial), ("Tags", "")],
    )
    .await
    .assert_ok();
}

#[tokio::test]
async fn tag_mfa_device_works_on_an_assigned_device() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    app.enable_now("alice", &device).await;
    tag(&app, &device.serial, &[("k", "v")]).await.assert_ok();
    assert_eq!(tags_of(&app, &device.serial).await, owned(&[("k", "v")]));
}
