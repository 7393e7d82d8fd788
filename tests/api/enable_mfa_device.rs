//! `EnableMFADevice`: the pair rule, the window, the check order, and what
//! garbage in each parameter gets back.

use std::sync::Arc;

use crate::helpers::{ACCOUNT, Device, TestApp};

/// The message AWS gives for a pair it does not accept.
const NOT_VALID: &str = "Authentication code for device is not valid.";

/// Two codes the test never computes from a seed (a random match within the
/// 2,000-counter window is a one-in-500-million event).
fn wrong_pair() -> (String, String) {
    ("123456".to_owned(), "654321".to_owned())
}

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
    assert_eq!(
        listed.all("SerialNumber"),
        std::slice::from_ref(&device.serial)
    );
    assert_eq!(
        listed.text("EnableDate").as_deref(),
        Some("2026-03-01T12:00:10Z")
    );
}

#[tokio::test]
async fn enable_mfa_device_finds_the_user_ignoring_case() {
    let app = TestApp::spawn().await;
    app.create_user("Alice").await;
    let device = app.create_device("phone").await;
    app.enable("ALICE", &device, &device.pair(app.step()))
        .await
        .assert_ok();
    let listed = app.call("ListMFADevices", &[("UserName", "alice")]).await;
    assert_eq!(listed.all("UserName"), ["Alice"]);
}

#[tokio::test]
async fn enable_mfa_device_refuses_an_unknown_user_before_looking_at_the_device_or_codes() {
    let app = TestApp::spawn().await;
    let device = app.create_device("phone").await;
    app.enable("nonexistent-user", &device, &wrong_pair())
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            "The user with name nonexistent-user cannot be found.",
        );
    let ghost = Device {
        serial: format!("arn:aws:iam::{ACCOUNT}:mfa/ghost"),
        secret: vec![0; 20],
    };
    app.enable("nonexistent-user", &ghost, &wrong_pair())
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            "The user with name nonexistent-user cannot be found.",
        );
}

#[tokio::test]
async fn enable_mfa_device_refuses_an_unknown_serial_number() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let ghost = Device {
        serial: format!("arn:aws:iam::{ACCOUNT}:mfa/ghost"),
        secret: vec![0; 20],
    };
    app.enable("alice", &ghost, &wrong_pair())
        .await
        .assert_error(
            404,
            "NoSuchEntity",
            &format!(
                "MFA Device with serial number arn:aws:iam::{ACCOUNT}:mfa/ghost does not exist."
            ),
        );
}

#[tokio::test]
async fn enable_mfa_device_refuses_a_device_already_enabled_for_the_same_user() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    app.enable_now("alice", &device).await;
    app.advance(90);
    // A fresh, valid pair does not help: the 409 comes before the codes.
    app.enable("ALICE", &device, &device.pair(app.step()))
        .await
        .assert_error(
            409,
            "EntityAlreadyExists",
            "MFA Device for user alice already exists.",
        );
}

#[tokio::test]
async fn enable_mfa_device_refuses_a_device_in_use_by_another_user_even_with_the_same_codes() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    app.create_user("bob").await;
    let device = app.create_device("phone").await;
    let pair = device.pair(app.step());
    app.enable("alice", &device, &pair).await.assert_ok();
    app.enable("bob", &device, &pair).await.assert_error(
        409,
        "EntityAlreadyExists",
        "MFA Device is already in use.",
    );
    app.enable("bob", &device, &wrong_pair())
        .await
        .assert_error(409, "EntityAlreadyExists", "MFA Device is already in use.");
    let bobs = app.call("ListMFADevices", &[("UserName", "bob")]).await;
    assert!(bobs.body.contains("<MFADevices/>"), "{}", bobs.body);
}

#[tokio::test]
async fn enable_mfa_device_refuses_a_ninth_device_for_one_user() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    for i in 0..8 {
        let device = app.create_device(&format!("dev-{i}")).await;
        app.enable_now("alice", &device).await;
    }
    let ninth = app.create_device("dev-8").await;
    let expected = "Cannot exceed quota for MFADevicesPerUser: 8.";
    app.enable("alice", &ninth, &ninth.pair(app.step()))
        .await
        .assert_error(409, "LimitExceeded", expected);
    // The quota is checked before the codes.
    app.enable("alice", &ninth, &wrong_pair())
        .await
        .assert_error(409, "LimitExceeded", expected);
    let listed = app.call("ListMFADevices", &[("UserName", "alice")]).await;
    assert_eq!(listed.all("SerialNumber").len(), 8);
    // Freeing one slot lets the ninth device in.
    let first = format!("arn:aws:iam::{ACCOUNT}:mfa/dev-0");
    app.call(
        "DeactivateMFADevice",
        &[("UserName", "alice"), ("SerialNumber", &first)],
    )
    .await
    .assert_ok();
    app.enable("alice", &ninth, &ninth.pair(app.step()))
        .await
        .assert_ok();
}

#[tokio::test]
async fn enable_mfa_device_refuses_codes_that_are_not_the_devices() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    let other = app.create_device("other").await;
    app.enable("alice", &device, &wrong_pair())
        .await
        .assert_error(403, "InvalidAuthenticationCode", NOT_VALID);
    // A valid pair of another device is not this device's.
    app.enable("alice", &device, &other.pair(app.step()))
        .await
        .assert_error(403, "InvalidAuthenticationCode", NOT_VALID);
    let unassigned = app.list_virtual("Unassigned").await;
    assert_eq!(unassigned.all("SerialNumber").len(), 2);
}

#[tokio::test]
async fn enable_mfa_device_accepts_a_second_code_from_998_steps_behind_to_1000_steps_ahead() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let behind = app.create_device("behind").await;
    let ahead = app.create_device("ahead").await;
    let now = app.step();

    app.enable("alice", &behind, &behind.pair(now - 999))
        .await
        .assert_error(403, "InvalidAuthenticationCode", NOT_VALID);
    app.enable("alice", &behind, &behind.pair(now - 998))
        .await
        .assert_ok();

    app.enable("alice", &ahead, &ahead.pair(now + 1001))
        .await
        .assert_error(403, "InvalidAuthenticationCode", NOT_VALID);
    app.enable("alice", &ahead, &ahead.pair(now + 1000))
        .await
        .assert_ok();
}

#[tokio::test]
async fn enable_mfa_device_refuses_identical_reversed_and_non_consecutive_codes() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    let now = app.step();
    let cases = [
        ("identical", (device.code(now), device.code(now))),
        ("reversed", (device.code(now), device.code(now - 1))),
        ("one step apart", (device.code(now - 2), device.code(now))),
        ("far apart", (device.code(now - 10), device.code(now + 10))),
    ];
    for (what, pair) in cases {
        let reply = app.enable("alice", &device, &pair).await;
        assert_eq!(reply.status, 403, "{what}: {}", reply.body);
        reply.assert_error(403, "InvalidAuthenticationCode", NOT_VALID);
    }
    app.enable_now("alice", &device).await;
}

#[tokio::test]
async fn enable_mfa_device_refuses_a_pair_that_was_already_accepted() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    let t = app.step();
    app.enable("alice", &device, &device.pair(t))
        .await
        .assert_ok();
    app.advance(30);
    app.deactivate("alice", &device).await.assert_ok();
    app.advance(30);

    // The very same pair, still well inside the window.
    app.enable("alice", &device, &device.pair(t))
        .await
        .assert_error(403, "InvalidAuthenticationCode", NOT_VALID);
    // A pair whose first code is the last accepted one: (code(t), code(t+1)).
    app.enable("alice", &device, &device.pair(t + 1))
        .await
        .assert_error(403, "InvalidAuthenticationCode", NOT_VALID);
    // Older pairs are refused as well.
    app.enable("alice", &device, &device.pair(t - 5))
        .await
        .assert_error(403, "InvalidAuthenticationCode", NOT_VALID);
    // (code(t+1), code(t+2)) shares nothing with the accepted pair.
    app.enable("alice", &device, &device.pair(t + 2))
        .await
        .assert_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn enable_mfa_device_lets_exactly_one_of_sixteen_concurrent_calls_win() {
    let app = Arc::new(TestApp::spawn().await);
    let device = app.create_device("contested").await;
    for i in 0..16 {
        app.create_user(&format!("user-{i}")).await;
    }
    let pair = device.pair(app.step());
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..16 {
        let (app, device, pair) = (Arc::clone(&app), device.clone(), pair.clone());
        calls.spawn(async move {
            let user = format!("user-{i}");
            (user.clone(), app.enable(&user, &device, &pair).await)
        });
    }
    let mut winners = Vec::new();
    let mut losers = 0;
    while let Some(joined) = calls.join_next().await {
        let (user, reply) = joined.unwrap();
        if reply.status == 200 {
            winners.push(user);
        } else {
            reply.assert_error(409, "EntityAlreadyExists", "MFA Device is already in use.");
            losers += 1;
        }
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    assert_eq!(losers, 15);
    let assigned = app.list_virtual("Assigned").await;
    assert_eq!(assigned.all("UserName"), winners);
    for i in 0..16 {
        let user = format!("user-{i}");
        let listed = app.call("ListMFADevices", &[("UserName", &user)]).await;
        let expected = usize::from(winners[0] == user);
        assert_eq!(listed.all("SerialNumber").len(), expected, "{user}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn enable_mfa_device_by_one_user_sixteen_times_at_once_succeeds_once() {
    let app = Arc::new(TestApp::spawn().await);
    app.create_user("alice").await;
    let device = app.create_device("contested").await;
    let pair = device.pair(app.step());
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let (app, device, pair) = (Arc::clone(&app), device.clone(), pair.clone());
        calls.spawn(async move { app.enable("alice", &device, &pair).await });
    }
    let mut statuses = Vec::new();
    while let Some(joined) = calls.join_next().await {
        let reply = joined.unwrap();
        if reply.status != 200 {
            reply.assert_error(
                409,
                "EntityAlreadyExists",
                "MFA Device for user alice already exists.",
            );
        }
        statuses.push(reply.status);
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1);
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 15);
}

// ---- Garbage in the parameters ----

/// Sends `EnableMFADevice` with the four parameters given as raw,
/// already-encoded form text.
async fn enable_raw(app: &TestApp, params: &str) -> crate::helpers::Reply {
    app.post_raw(format!(
        "Action=EnableMFADevice&Version=2010-05-08&{params}"
    ))
    .await
}

/// The `; `-joined parts of a multi-violation message, sorted, after
/// checking its count prefix (AWS's order is not part of the contract).
fn violations(message: &str, count: usize) -> Vec<String> {
    let prefix = if count == 1 {
        "1 validation error detected: ".to_owned()
    } else {
        format!("{count} validation errors detected: ")
    };
    let rest = message
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{message}"));
    let mut parts: Vec<String> = rest.split("; ").map(str::to_owned).collect();
    parts.sort();
    assert_eq!(parts.len(), count, "{message}");
    parts
}

fn constraint(field: &str, text: &str) -> String {
    format!("Value at '{field}' failed to satisfy constraint: {text}")
}

#[tokio::test]
async fn enable_mfa_device_lists_every_missing_parameter_as_must_not_be_null() {
    let app = TestApp::spawn().await;
    let reply = app.call("EnableMFADevice", &[]).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    reply.assert_error_envelope();
    assert_eq!(reply.code(), "ValidationError");
    let mut expected: Vec<String> = [
        "userName",
        "serialNumber",
        "authenticationCode1",
        "authenticationCode2",
    ]
    .iter()
    .map(|f| constraint(f, "Member must not be null"))
    .collect();
    expected.sort();
    assert_eq!(violations(&reply.message(), 4), expected);

    let serial = format!("arn:aws:iam::{ACCOUNT}:mfa/phone");
    app.call(
        "EnableMFADevice",
        &[
            ("UserName", "alice"),
            ("SerialNumber", &serial),
            ("AuthenticationCode1", "123456"),
        ],
    )
    .await
    .assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'authenticationCode2' failed to satisfy \
         constraint: Member must not be null",
    );
}

#[tokio::test]
async fn enable_mfa_device_refuses_empty_parameters_with_their_minimum_lengths() {
    let app = TestApp::spawn().await;
    let reply = enable_raw(
        &app,
        "UserName=&SerialNumber=&AuthenticationCode1=&AuthenticationCode2=",
    )
    .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "ValidationError")
    );
    reply.assert_error_envelope();
    let mut expected = vec![
        constraint(
            "userName",
            "Member must have length greater than or equal to 1",
        ),
        constraint(
            "serialNumber",
            "Member must have length greater than or equal to 9",
        ),
        constraint(
            "authenticationCode1",
            "Member must have length greater than or equal to 6",
        ),
        constraint(
            "authenticationCode2",
            "Member must have length greater than or equal to 6",
        ),
    ];
    expected.sort();
    assert_eq!(violations(&reply.message(), 4), expected);
}

#[tokio::test]
async fn enable_mfa_device_refuses_ten_kilobyte_values_by_their_maximum_lengths() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    let long_name = "a".repeat(10 * 1024);
    let long_serial = format!("arn:aws:iam::{ACCOUNT}:mfa/{}", "d".repeat(10 * 1024));
    let long_code = "1".repeat(10 * 1024);
    let good_code = "123456";
    let cases = [
        (
            [long_name.as_str(), &device.serial, good_code, good_code],
            constraint(
                "userName",
                "Member must have length less than or equal to 128",
            ),
        ),
        (
            ["alice", &long_serial, good_code, good_code],
            constraint(
                "serialNumber",
                "Member must have length less than or equal to 256",
            ),
        ),
        (
            ["alice", &device.serial, &long_code, good_code],
            constraint(
                "authenticationCode1",
                "Member must have length less than or equal to 6",
            ),
        ),
        (
            ["alice", &device.serial, good_code, &long_code],
            constraint(
                "authenticationCode2",
                "Member must have length less than or equal to 6",
            ),
        ),
    ];
    for ([user, serial, first, second], expected) in cases {
        app.call(
            "EnableMFADevice",
            &[
                ("UserName", user),
                ("SerialNumber", serial),
                ("AuthenticationCode1", first),
                ("AuthenticationCode2", second),
            ],
        )
        .await
        .assert_error(
            400,
            "ValidationError",
            &format!("1 validation error detected: {expected}"),
        );
    }
}

#[tokio::test]
async fn enable_mfa_device_refuses_percent_encodings_that_are_not_utf8() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    let serial: String = form_encode(&device.serial);
    let name_sentence = "The specified value for userName is invalid. It must contain only \
                         alphanumeric characters and/or the following: +=,.@_-";
    enable_raw(
        &app,
        &format!(
            "UserName=%FF&SerialNumber={serial}&AuthenticationCode1=123456&AuthenticationCode2=654321"
        ),
    )
    .await
    .assert_error(400, "ValidationError", name_sentence);
    enable_raw(
        &app,
        &format!(
            "UserName=ali%FFce&SerialNumber={serial}&AuthenticationCode1=123456&AuthenticationCode2=654321"
        ),
    )
    .await
    .assert_error(400, "ValidationError", name_sentence);
    enable_raw(
        &app,
        "UserName=alice&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2F%FF%FE\
         &AuthenticationCode1=123456&AuthenticationCode2=654321",
    )
    .await
    .assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'serialNumber' failed to satisfy constraint: \
         Member must satisfy regular expression pattern: [\\w+=/:,.@-]+",
    );
    enable_raw(
        &app,
        &format!(
            "UserName=alice&SerialNumber={serial}&AuthenticationCode1=%FF%FF%FF%FF%FF%FF&AuthenticationCode2=654321"
        ),
    )
    .await
    .assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'authenticationCode1' failed to satisfy \
         constraint: Member must satisfy regular expression pattern: [\\d]+",
    );
    enable_raw(
        &app,
        &format!(
            "UserName=alice&SerialNumber={serial}&AuthenticationCode1=123456&AuthenticationCode2=12345%FF"
        ),
    )
    .await
    .assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'authenticationCode2' failed to satisfy \
         constraint: Member must satisfy regular expression pattern: [\\d]+",
    );
}

#[tokio::test]
async fn enable_mfa_device_refuses_a_parameter_repeated_with_another_value() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    let serial = form_encode(&device.serial);
    let (first, second) = device.pair(app.step());
    for repeated in [
        "UserName",
        "SerialNumber",
        "AuthenticationCode1",
        "AuthenticationCode2",
    ] {
        let body = format!(
            "UserName=alice&SerialNumber={serial}&AuthenticationCode1={first}\
             &AuthenticationCode2={second}&{repeated}=other1"
        );
        enable_raw(&app, &body).await.assert_error(
            400,
            "MalformedQueryString",
            &format!("The parameter {repeated} is given more than once with different values."),
        );
    }
    // The same value twice is harmless, in the body or the query string.
    let body = format!(
        "UserName=alice&UserName=alice&SerialNumber={serial}&AuthenticationCode1={first}\
         &AuthenticationCode2={second}"
    );
    enable_raw(&app, &body).await.assert_ok();
}

#[tokio::test]
async fn enable_mfa_device_refuses_arabic_indic_digits_and_non_ascii_names() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("phone").await;
    let (first, _) = device.pair(app.step());
    let arabic = "١٢٣٤٥٦";
    app.enable("alice", &device, &(first.clone(), arabic.to_owned()))
        .await
        .assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'authenticationCode2' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: [\\d]+",
        );
    app.enable("alice", &device, &(arabic.to_owned(), first))
        .await
        .assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'authenticationCode1' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: [\\d]+",
        );
    app.enable("jösé", &device, &device.pair(app.step()))
        .await
        .assert_error(
            400,
            "ValidationError",
            "The specified value for userName is invalid. It must contain only alphanumeric \
             characters and/or the following: +=,.@_-",
        );
    let serial = Device {
        serial: format!("arn:aws:iam::{ACCOUNT}:mfa/jösé"),
        secret: device.secret.clone(),
    };
    app.enable("alice", &serial, &device.pair(app.step()))
        .await
        .assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'serialNumber' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: [\\w+=/:,.@-]+",
        );
    // Nothing of the above touched the device.
    app.enable_now("alice", &device).await;
}

#[tokio::test]
async fn enable_mfa_device_reports_several_bad_parameters_together() {
    let app = TestApp::spawn().await;
    let reply = app
        .call(
            "EnableMFADevice",
            &[
                ("SerialNumber", "short"),
                ("AuthenticationCode1", "12345"),
                ("AuthenticationCode2", "abcdef"),
            ],
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (400, "ValidationError")
    );
    reply.assert_error_envelope();
    let mut expected = vec![
        constraint("userName", "Member must not be null"),
        constraint(
            "serialNumber",
            "Member must have length greater than or equal to 9",
        ),
        constraint(
            "authenticationCode1",
            "Member must have length greater than or equal to 6",
        ),
        constraint(
            "authenticationCode2",
            "Member must satisfy regular expression pattern: [\\d]+",
        ),
    ];
    expected.sort();
    assert_eq!(violations(&reply.message(), 4), expected);
}

/// `application/x-www-form-urlencoded` text of one value.
fn form_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[tokio::test]
async fn enable_mfa_device_does_not_see_users_or_devices_of_another_account() {
    let app = TestApp::spawn().await;
    let other = "111122223333";
    app.call_in(other, "CreateUser", &[("UserName", "carol")])
        .await
        .assert_ok();
    let theirs = app
        .call_in(
            other,
            "CreateVirtualMFADevice",
            &[("VirtualMFADeviceName", "phone")],
        )
        .await
        .device();
    app.create_user("alice").await;
    let pair = theirs.pair(app.step());
    app.enable("carol", &theirs, &pair).await.assert_error(
        404,
        "NoSuchEntity",
        "The user with name carol cannot be found.",
    );
    app.enable("alice", &theirs, &pair).await.assert_error(
        404,
        "NoSuchEntity",
        &format!(
            "MFA Device with serial number {} does not exist.",
            theirs.serial
        ),
    );
    // In its own account the same request works.
    app.call_in(
        other,
        "EnableMFADevice",
        &[
            ("UserName", "carol"),
            ("SerialNumber", &theirs.serial),
            ("AuthenticationCode1", &pair.0),
            ("AuthenticationCode2", &pair.1),
        ],
    )
    .await
    .assert_ok();
}

#[tokio::test]
async fn enable_mfa_device_works_for_names_with_every_allowed_symbol() {
    let app = TestApp::spawn().await;
    let name = "a+b=c,d.e@f_g-h";
    app.create_user(name).await;
    let device = app.create_device_with(name, &[("Path", "/x+y/")]).await;
    assert_eq!(
        device.serial,
        format!("arn:aws:iam::{ACCOUNT}:mfa/x+y/{name}")
    );
    app.enable_now(name, &device).await;
    let listed = app.call("ListMFADevices", &[("UserName", name)]).await;
    assert_eq!(listed.all("UserName"), [name]);
    assert_eq!(
        listed.all("SerialNumber"),
        std::slice::from_ref(&device.serial)
    );
    app.deactivate(name, &device).await.assert_ok();
    app.call(
        "DeleteVirtualMFADevice",
        &[("SerialNumber", &device.serial)],
    )
    .await
    .assert_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn enable_racing_delete_leaves_the_device_either_assigned_or_gone() {
    let app = Arc::new(TestApp::spawn().await);
    app.create_user("alice").await;
    for round in 0..8 {
        let device = app.create_device(&format!("race-{round}")).await;
        let pair = device.pair(app.step());
        let (enable, delete) = tokio::join!(
            {
                let (app, device) = (Arc::clone(&app), device.clone());
                tokio::spawn(async move { app.enable("alice", &device, &pair).await })
            },
            {
                let (app, serial) = (Arc::clone(&app), device.serial.clone());
                tokio::spawn(async move {
                    app.call("DeleteVirtualMFADevice", &[("SerialNumber", &serial)])
                        .await
                })
            }
        );
        let (enable, delete) = (enable.unwrap(), delete.unwrap());
        let listed = app.list_virtual("Any").await;
        let present = listed.all("SerialNumber").contains(&device.serial);
        let mine = app.call("ListMFADevices", &[("UserName", "alice")]).await;
        let held = mine.all("SerialNumber").contains(&device.serial);
        match (enable.status, delete.status) {
            (200, 409) => {
                delete.assert_error(
                    409,
                    "DeleteConflict",
                    "MFA VirtualDevice in use. Must deactivate first.",
                );
                assert!(present && held, "round {round}");
                app.deactivate("alice", &device).await.assert_ok();
            }
            (404, 200) => {
                enable.assert_error(
                    404,
                    "NoSuchEntity",
                    &format!(
                        "MFA Device with serial number {} does not exist.",
                        device.serial
                    ),
                );
                assert!(!present && !held, "round {round}");
            }
            other => panic!("round {round}: {other:?} {} {}", enable.body, delete.body),
        }
    }
}
