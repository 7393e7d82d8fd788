//! The `iam-mfa-emulator` binary itself: flags, `--init`, start-up errors.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_iam-mfa-emulator");

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_malformed_init_file_stops_the_server_naming_line_and_field_before_it_listens() {
    let dir = std::env::temp_dir().join(format!("iam-mfa-emulator-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "accounts:\n  - id: \"123456789012\"\n    devices:\n      - name: phone\n        seed: \"not base32!\"\n",
    )
    .unwrap();
    let output = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--init"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.yaml: line 5, column 15: accounts[0].devices[0].seed"),
        "{stderr}"
    );
    assert!(!stderr.contains("listening"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_binary_serves_a_preloaded_file_and_stops_on_sigterm() {
    let mut child = Command::new(BIN)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--clock-start",
            "2026-01-01T00:00:00Z",
            "--clock-frozen",
            "--init",
        ])
        .arg(data("init.yaml"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let body = runtime.block_on(async {
        reqwest::Client::new()
            .get(format!(
                "{url}/_emulator/mfa/codes?serial=arn:aws:iam::123456789012:mfa/alice-phone"
            ))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    // The RFC 6238 key at 2026-01-01T00:00:00Z, step 58,907,520.
    let totp = totp_rs::Builder::new()
        .with_secret(b"12345678901234567890".to_vec())
        .build_noncompliant();
    let expected = totp.generate(1_767_225_600).to_string();
    assert!(
        body.contains(&format!("\"code2\":\"{expected}\"")),
        "{body}"
    );
    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful shutdown exits 0: {status:?}");
}

#[test]
fn bad_flags_are_refused_with_a_message() {
    let output = Command::new(BIN)
        .args(["--account-id", "12345"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("12 digits"));
}
