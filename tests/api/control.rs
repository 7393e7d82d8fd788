//! The control API, preloading and deterministic runs.

use iam_mfa_emulator::Config;
use iam_mfa_emulator::iam::preload;
use iam_mfa_emulator::testing::TestServer;
use serde_json::Value;

use crate::helpers::{ACCOUNT, TestApp};

async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app
        .client
        .get(format!("{}{path}", app.server.url()))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn post_json(app: &TestApp, path: &str, body: &str) -> (u16, Value) {
    let response = app
        .client
        .post(format!("{}{path}", app.server.url()))
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn health_reports_status_version_and_accounts() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let (status, health) = get_json(&app, "/_emulator/health").await;
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");
    assert_eq!(health["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(health["accounts"], 1);
    assert!(health["uptime_seconds"].as_f64().unwrap() >= 0.0);
}

#[tokio::test]
async fn the_clock_can_be_read_set_advanced_frozen_and_returned_to_system_time() {
    let app = TestApp::spawn().await;
    let (_, clock) = get_json(&app, "/_emulator/clock").await;
    assert_eq!(clock["now"], "2026-03-01T12:00:10Z");
    assert_eq!(clock["frozen"], true);
    let (_, clock) = post_json(&app, "/_emulator/clock", r#"{"advance": "90s"}"#).await;
    assert_eq!(clock["now"], "2026-03-01T12:01:40Z");
    let (_, clock) = post_json(
        &app,
        "/_emulator/clock",
        r#"{"set": "2027-01-01T00:00:00Z"}"#,
    )
    .await;
    assert_eq!(clock["now"], "2027-01-01T00:00:00Z");
    let (_, clock) = post_json(&app, "/_emulator/clock", r#"{"freeze": false}"#).await;
    assert_eq!(clock["frozen"], false);
    let (_, clock) = post_json(&app, "/_emulator/clock", r#"{"system": true}"#).await;
    assert!(clock["now"].as_str().unwrap() < "2027-01-01");
    for bad in [
        r#"{"advance": "soon"}"#,
        r#"{"set": "yesterday"}"#,
        r#"{"warp": 9}"#,
        "not json",
    ] {
        let (status, error) = post_json(&app, "/_emulator/clock", bad).await;
        assert_eq!(status, 400, "{bad}");
        assert!(
            error["error"].as_str().is_some_and(|m| !m.is_empty()),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn the_clock_drives_enable_at_the_exact_edge_of_a_step() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("alice-phone").await;
    // 12:00:29 is the last second of the step; the pair of the step that
    // starts at 12:00:30 is then one step ahead (still in the window), and
    // the pair of two steps before is still behind it.
    post_json(
        &app,
        "/_emulator/clock",
        r#"{"set": "2026-03-01T12:00:29Z"}"#,
    )
    .await;
    let t = app.step();
    post_json(&app, "/_emulator/clock", r#"{"advance": "1s"}"#).await;
    assert_eq!(app.step(), t + 1);
    let reply = app.enable("alice", &device, &device.pair(t + 1)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[tokio::test]
async fn the_codes_endpoint_gives_a_pair_that_enable_accepts() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("alice-phone").await;
    let path = format!("/_emulator/mfa/codes?serial={}", device.serial);
    let (status, codes) = get_json(&app, &path).await;
    assert_eq!(status, 200);
    assert_eq!(codes["code1"], device.code(app.step() - 1));
    assert_eq!(codes["code2"], device.code(app.step()));
    assert_eq!(codes["seconds_left"], 20);
    let pair = (
        codes["code1"].as_str().unwrap().to_owned(),
        codes["code2"].as_str().unwrap().to_owned(),
    );
    let reply = app.enable("alice", &device, &pair).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let (status, missing) = get_json(
        &app,
        "/_emulator/mfa/codes?serial=arn:aws:iam::123456789012:mfa/none",
    )
    .await;
    assert_eq!(status, 404);
    assert!(
        missing["error"]
            .as_str()
            .unwrap()
            .contains("does not exist")
    );
    let (status, _) = get_json(&app, "/_emulator/mfa/codes").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn reset_forgets_one_account_or_all_of_them() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let other = [
        ("Action", "CreateUser"),
        ("Version", "2010-05-08"),
        ("UserName", "bob"),
    ];
    app.post_form(&other, Some("111122223333")).await;
    let (status, _) = post_json(&app, "/_emulator/reset?account=111122223333", "").await;
    assert_eq!(status, 200);
    let listed = app.call("ListUsers", &[]).await;
    assert_eq!(listed.all("UserName"), ["alice"]);
    let list_other = [("Action", "ListUsers"), ("Version", "2010-05-08")];
    assert!(
        app.post_form(&list_other, Some("111122223333"))
            .await
            .all("UserName")
            .is_empty()
    );
    post_json(&app, "/_emulator/reset", "").await;
    assert!(app.call("ListUsers", &[]).await.all("UserName").is_empty());
    let (status, _) = post_json(&app, "/_emulator/reset?account=12", "").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn state_dumps_users_devices_and_sync_but_seeds_only_when_asked() {
    let app = TestApp::spawn().await;
    app.create_user("alice").await;
    let device = app.create_device("alice-phone").await;
    app.enable_now("alice", &device).await;
    let (_, state) = get_json(&app, "/_emulator/state").await;
    let account = &state["accounts"][0];
    assert_eq!(account["id"], ACCOUNT);
    assert_eq!(
        account["users"][0]["mfa_devices"][0],
        device.serial.as_str()
    );
    assert_eq!(account["devices"][0]["user"], "alice");
    assert_eq!(account["devices"][0]["last_pair"], app.step());
    assert!(account["devices"][0].get("seed").is_none());
    let (_, secret) = get_json(&app, "/_emulator/state?secrets=true").await;
    let seed = secret["accounts"][0]["devices"][0]["seed"]
        .as_str()
        .unwrap();
    assert_eq!(
        base32::decode(base32::Alphabet::Rfc4648 { padding: false }, seed).unwrap(),
        device.secret
    );
}

#[tokio::test]
async fn the_control_api_is_never_an_iam_action_and_unknown_paths_are_json_404s() {
    let app = TestApp::spawn().await;
    let (status, error) = get_json(&app, "/_emulator/frobnicate").await;
    assert_eq!(status, 404);
    assert!(error["error"].is_string());
    let reply = app.get("Action=health&Version=2010-05-08").await;
    assert_eq!(reply.code(), "InvalidAction");
}

#[tokio::test]
async fn a_control_token_is_required_when_configured() {
    let config = Config {
        control_token: Some("s3cret".to_owned()),
        ..Config::default()
    };
    let app = TestApp::spawn_with(&config).await;
    let url = format!("{}/_emulator/clock", app.server.url());
    let refused = app.client.get(&url).send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 401);
    let wrong = app
        .client
        .get(&url)
        .bearer_auth("guess")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let allowed = app
        .client
        .get(&url)
        .bearer_auth("s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status().as_u16(), 200);
    // IAM itself does not need the token.
    assert_eq!(app.call("ListUsers", &[]).await.status, 200);
}

#[test]
fn a_non_loopback_listener_needs_a_token_or_an_explicit_open_flag() {
    let exposed = Config {
        listen: "0.0.0.0:4566".parse().unwrap(),
        ..Config::default()
    };
    assert!(exposed.check().unwrap_err().contains("--control-token"));
    let with_token = Config {
        control_token: Some("t".to_owned()),
        ..exposed.clone()
    };
    assert!(with_token.check().is_ok());
    let open = Config {
        control_open: true,
        ..exposed
    };
    assert!(open.check().is_ok());
    assert!(Config::default().check().is_ok());
}

#[tokio::test]
async fn a_preloaded_device_with_a_fixed_seed_has_known_codes() {
    let app = TestApp::spawn().await;
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/init.yaml"))
            .unwrap();
    app.server
        .iam()
        .preload(&preload::read(&text).unwrap())
        .unwrap();
    // The RFC 6238 key: its codes are known independently of this server.
    let rfc = crate::helpers::Device {
        serial: format!("arn:aws:iam::{ACCOUNT}:mfa/alice-phone"),
        secret: b"12345678901234567890".to_vec(),
    };
    let codes = app.server.mfa_codes(&rfc.serial).unwrap();
    assert_eq!(codes.code2, rfc.code(app.step()));
    let listed = app.call("ListMFADevices", &[("UserName", "alice")]).await;
    assert_eq!(
        listed.all("SerialNumber"),
        std::slice::from_ref(&rfc.serial)
    );
    let as_alice = [("Action", "GetUser"), ("Version", "2010-05-08")];
    let me = app.post_form(&as_alice, Some("AKIAALICE00000000001")).await;
    assert_eq!(
        me.text("Arn"),
        Some(format!("arn:aws:iam::{ACCOUNT}:user/engineering/alice"))
    );
    // A preloaded device is enabled but has no accepted pair yet; STS takes
    // its current code.
    let sts = [
        ("Action", "GetSessionToken"),
        ("Version", "2011-06-15"),
        ("SerialNumber", rfc.serial.as_str()),
    ];
    let code = rfc.code(app.step());
    let mut form = sts.to_vec();
    form.push(("TokenCode", &code));
    let session = app.post_form(&form, Some("AKIAALICE00000000001")).await;
    assert_eq!(session.status, 200, "{}", session.body);
}

#[tokio::test]
async fn the_same_random_seed_gives_identical_responses() {
    let config = Config {
        random_seed: Some(42),
        ..Config::default()
    };
    let at = "2026-03-01T12:00:10Z".parse().unwrap();
    let mut bodies = Vec::new();
    for _ in 0..2 {
        let server = TestServer::start_with(&config, at).await.unwrap();
        let client = reqwest::Client::new();
        let mut run = Vec::new();
        for form in [
            vec![
                ("Action", "CreateUser"),
                ("Version", "2010-05-08"),
                ("UserName", "alice"),
            ],
            vec![
                ("Action", "CreateVirtualMFADevice"),
                ("Version", "2010-05-08"),
                ("VirtualMFADeviceName", "d"),
            ],
            vec![
                ("Action", "CreateAccessKey"),
                ("Version", "2010-05-08"),
                ("UserName", "alice"),
            ],
            vec![("Action", "GetSessionToken"), ("Version", "2011-06-15")],
        ] {
            let response = client.post(server.url()).form(&form).send().await.unwrap();
            let id = response.headers()["x-amzn-requestid"]
                .to_str()
                .unwrap()
                .to_owned();
            run.push((id, response.text().await.unwrap()));
        }
        bodies.push(run);
    }
    assert_eq!(bodies[0], bodies[1]);
    let unseeded = TestServer::start_with(&Config::default(), at)
        .await
        .unwrap();
    let response = reqwest::Client::new()
        .post(unseeded.url())
        .form(&[
            ("Action", "CreateUser"),
            ("Version", "2010-05-08"),
            ("UserName", "alice"),
        ])
        .send()
        .await
        .unwrap();
    assert_ne!(response.text().await.unwrap(), bodies[0][0].1);
}
