//! `CreateVirtualMFADevice`: the seed, a scannable QR code, paths, tags and
//! duplicates.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::helpers::{ACCOUNT, Reply, TestApp};

/// Decodes the QR code in a PNG and returns its text.
fn decode_qr(png_bytes: &[u8]) -> String {
    assert_eq!(&png_bytes[..8], b"\x89PNG\r\n\x1a\n");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}

/// The base32 seed text of a reply, checked for AWS's shape on the way.
fn base32_seed(reply: &Reply) -> String {
    let wire = reply.text("Base32StringSeed").unwrap();
    assert_eq!(wire.len(), 88, "{wire}");
    assert!(wire.ends_with("=="), "{wire}");
    let text = String::from_utf8(STANDARD.decode(&wire).unwrap()).unwrap();
    assert_eq!(text.len(), 64, "{text}");
    assert!(
        text.bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)),
        "{text}"
    );
    text
}

#[tokio::test]
async fn create_virtual_mfa_device_returns_a_base32_seed_and_a_qr_code_of_its_otpauth_uri() {
    let app = TestApp::spawn().await;
    let reply = app
        .call("CreateVirtualMFADevice", &[("VirtualMFADeviceName", "dev")])
        .await;
    reply.assert_ok();
    assert!(reply.body.starts_with(
        "<CreateVirtualMFADeviceResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
         <CreateVirtualMFADeviceResult><VirtualMFADevice><SerialNumber>"
    ));
    assert_eq!(
        reply.text("SerialNumber").unwrap(),
        format!("arn:aws:iam::{ACCOUNT}:mfa/dev")
    );
    let seed = base32_seed(&reply);
    let png_bytes = STANDARD.decode(reply.text("QRCodePNG").unwrap()).unwrap();
    assert_eq!(
        decode_qr(&png_bytes),
        format!(
            "otpauth://totp/Amazon%20Web%20Services:dev@{ACCOUNT}?secret={seed}\
             &issuer=Amazon%20Web%20Services"
        )
    );
    // The seed decodes to 40 bytes, and its codes enable the device.
    let device = reply.device();
    assert_eq!(device.secret.len(), 40);
    for field in ["User", "EnableDate", "Tags"] {
        assert!(!reply.has(field), "{field}: {}", reply.body);
    }
    app.create_user("u").await;
    app.enable_now("u", &device).await;
}

#[tokio::test]
async fn create_virtual_mfa_device_puts_the_account_of_the_caller_in_serial_and_qr_code() {
    let app = TestApp::spawn().await;
    let reply = app
        .call_in(
            "111122223333",
            "CreateVirtualMFADevice",
            &[("VirtualMFADeviceName", "theirs")],
        )
        .await;
    reply.assert_ok();
    assert_eq!(
        reply.text("SerialNumber").as_deref(),
        Some("arn:aws:iam::111122223333:mfa/theirs")
    );
    let seed = base32_seed(&reply);
    let png_bytes = STANDARD.decode(reply.text("QRCodePNG").unwrap()).unwrap();
    assert_eq!(
        decode_qr(&png_bytes),
        format!(
            "otpauth://totp/Amazon%20Web%20Services:theirs@111122223333?secret={seed}\
             &issuer=Amazon%20Web%20Services"
        )
    );
    let mine = app.list_virtual("Any").await;
    assert!(mine.body.contains("<VirtualMFADevices/>"), "{}", mine.body);
}

#[tokio::test]
async fn create_virtual_mfa_device_gives_each_device_its_own_seed() {
    let app = TestApp::spawn().await;
    let a = app.create_device("a").await;
    let b = app.create_device("b").await;
    assert_ne!(a.secret, b.secret);
}

#[tokio::test]
async fn create_virtual_mfa_device_keeps_the_path_verbatim_in_the_serial() {
    let app = TestApp::spawn().await;
    let device = app
        .create_device_with("dev", &[("Path", "/test//double/")])
        .await;
    assert_eq!(
        device.serial,
        format!("arn:aws:iam::{ACCOUNT}:mfa/test//double/dev")
    );
    let other = app.create_device_with("dev", &[("Path", "/a/b/")]).await;
    assert_eq!(other.serial, format!("arn:aws:iam::{ACCOUNT}:mfa/a/b/dev"));
    // The same name at another path is another device.
    let root = app.create_device("dev").await;
    assert_eq!(root.serial, format!("arn:aws:iam::{ACCOUNT}:mfa/dev"));
    let listed = app.list_virtual("Any").await;
    assert_eq!(listed.all("SerialNumber").len(), 3);
}

#[tokio::test]
async fn create_virtual_mfa_device_echoes_its_tags_sorted_by_key() {
    let app = TestApp::spawn().await;
    let reply = app
        .call(
            "CreateVirtualMFADevice",
            &[
                ("VirtualMFADeviceName", "tagged"),
                ("Tags.member.1.Key", "team"),
                ("Tags.member.1.Value", "blue"),
                ("Tags.member.2.Key", "Owner"),
                ("Tags.member.2.Value", "Zoë"),
            ],
        )
        .await;
    reply.assert_ok();
    assert!(
        reply.body.contains(
            "<Tags><member><Key>Owner</Key><Value>Zoë</Value></member>\
             <member><Key>team</Key><Value>blue</Value></member></Tags></VirtualMFADevice>"
        ),
        "{}",
        reply.body
    );
    let tags = app
        .call(
            "ListMFADeviceTags",
            &[("SerialNumber", &reply.text("SerialNumber").unwrap())],
        )
        .await;
    assert_eq!(tags.all("Key"), ["Owner", "team"]);
}

#[tokio::test]
async fn create_virtual_mfa_device_refuses_a_path_and_name_that_exist() {
    let app = TestApp::spawn().await;
    let first = app.create_device_with("dev", &[("Path", "/p/")]).await;
    app.call(
        "CreateVirtualMFADevice",
        &[("VirtualMFADeviceName", "dev"), ("Path", "/p/")],
    )
    .await
    .assert_error(409, "EntityAlreadyExists", "MFA device already exists.");
    // The original keeps its seed: its codes still work.
    app.create_user("u").await;
    app.enable_now("u", &first).await;
    // Also while the first one is assigned, and after it is deactivated.
    app.call(
        "CreateVirtualMFADevice",
        &[("VirtualMFADeviceName", "dev"), ("Path", "/p/")],
    )
    .await
    .assert_error(409, "EntityAlreadyExists", "MFA device already exists.");
    app.deactivate("u", &first).await.assert_ok();
    app.call(
        "CreateVirtualMFADevice",
        &[("VirtualMFADeviceName", "dev"), ("Path", "/p/")],
    )
    .await
    .assert_error(409, "EntityAlreadyExists", "MFA device already exists.");
}

#[tokio::test]
async fn create_virtual_mfa_device_refuses_bad_paths_names_and_tags_creating_nothing() {
    let app = TestApp::spawn().await;
    let path_sentence = "The specified value for path is invalid. It must begin and end with / \
                         and contain only alphanumeric characters and/or / characters.";
    let long_path = format!("/{}/", "a".repeat(511));
    let long_value = "v".repeat(257);
    let name_sentence = "The specified value for virtualMFADeviceName is invalid. It must \
                         contain only alphanumeric characters and/or the following: +=,.@_-";
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("Path", "nope")], path_sentence),
        (vec![("Path", "/nope")], path_sentence),
        (vec![("Path", "nope/")], path_sentence),
        (vec![("Path", "/a b/")], path_sentence),
        (vec![("Path", "/é/")], path_sentence),
        (
            vec![("Path", &long_path)],
            "1 validation error detected: Value at 'path' failed to satisfy constraint: \
             Member must have length less than or equal to 512",
        ),
        (
            vec![("Path", "")],
            "1 validation error detected: Value at 'path' failed to satisfy constraint: \
             Member must have length greater than or equal to 1",
        ),
        (
            vec![
                ("Tags.member.1.Key", "ok"),
                ("Tags.member.1.Value", &long_value),
            ],
            "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy \
             constraint: Member must have length less than or equal to 256",
        ),
        (
            vec![("Tags.member.1.Key", "ok")],
            "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy \
             constraint: Member must not be null",
        ),
    ];
    for (extra, message) in cases {
        let mut params = vec![("VirtualMFADeviceName", "dev")];
        params.extend(extra);
        app.call("CreateVirtualMFADevice", &params)
            .await
            .assert_error(400, "ValidationError", message);
    }
    for bad in ["a b", "jösé", "dev/x", ""] {
        let reply = app
            .call("CreateVirtualMFADevice", &[("VirtualMFADeviceName", bad)])
            .await;
        if bad.is_empty() {
            reply.assert_error(
                400,
                "ValidationError",
                "1 validation error detected: Value at 'virtualMFADeviceName' failed to satisfy \
                 constraint: Member must have length greater than or equal to 1",
            );
        } else {
            reply.assert_error(400, "ValidationError", name_sentence);
        }
    }
    app.call("CreateVirtualMFADevice", &[]).await.assert_error(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'virtualMFADeviceName' failed to satisfy \
             constraint: Member must not be null",
    );
    let listed = app.list_virtual("Any").await;
    assert!(
        listed.body.contains("<VirtualMFADevices/>"),
        "{}",
        listed.body
    );
    // A path of IAM's full character range that a serial can hold is fine.
    app.create_device_with("dev", &[("Path", "/a=b,c.d@e_f+g-h:i/")])
        .await;
}

#[tokio::test]
async fn create_virtual_mfa_device_refuses_more_than_fifty_tags() {
    let app = TestApp::spawn().await;
    let pairs: Vec<(String, String)> = (1..=51)
        .flat_map(|i| {
            [
                (format!("Tags.member.{i}.Key"), format!("k{i}")),
                (format!("Tags.member.{i}.Value"), "v".to_owned()),
            ]
        })
        .collect();
    let mut params: Vec<(&str, &str)> = vec![("VirtualMFADeviceName", "dev")];
    params.extend(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    app.call("CreateVirtualMFADevice", &params)
        .await
        .assert_error(
            400,
            "ValidationError",
            "1 validation error detected: Value at 'tags' failed to satisfy constraint: \
             Member must have length less than or equal to 50",
        );
    // Fifty are fine.
    params.truncate(1 + 100);
    app.call("CreateVirtualMFADevice", &params)
        .await
        .assert_ok();
}

#[tokio::test]
async fn lists_never_show_seed_qr_code_or_tags() {
    let app = TestApp::spawn().await;
    app.create_user("u").await;
    let device = app
        .create_device_with(
            "dev",
            &[("Tags.member.1.Key", "k"), ("Tags.member.1.Value", "v")],
        )
        .await;
    app.create_device_with(
        "idle",
        &[("Tags.member.1.Key", "k"), ("Tags.member.1.Value", "v")],
    )
    .await;
    app.enable_now("u", &device).await;
    for reply in [
        app.list_virtual("Any").await,
        app.list_virtual("Assigned").await,
        app.call("ListVirtualMFADevices", &[]).await,
        app.call("ListMFADevices", &[("UserName", "u")]).await,
    ] {
        reply.assert_ok();
        for field in ["Base32StringSeed", "QRCodePNG", "Tags", "Key"] {
            assert!(!reply.has(field), "{field}: {}", reply.body);
        }
    }
}

#[tokio::test]
async fn create_virtual_mfa_device_refuses_a_serial_no_other_action_could_use() {
    let app = TestApp::spawn().await;
    // `arn:aws:iam::123456789012:mfa/` is 30 characters: 226 more fit.
    let longest = "n".repeat(226);
    let device = app.create_device(&longest).await;
    assert_eq!(device.serial.len(), 256);
    app.call(
        "DeleteVirtualMFADevice",
        &[("SerialNumber", &device.serial)],
    )
    .await
    .assert_ok();

    let too_long = "too long";
    let bad_char = "bad character";
    for (what, params) in [
        (too_long, vec![("VirtualMFADeviceName", "n".repeat(227))]),
        (too_long, vec![("VirtualMFADeviceName", "n".repeat(3000))]),
        (
            too_long,
            vec![
                ("VirtualMFADeviceName", "dev".to_owned()),
                ("Path", format!("/{}/", "p".repeat(300))),
            ],
        ),
        (
            bad_char,
            vec![
                ("VirtualMFADeviceName", "dev".to_owned()),
                ("Path", "/a~b!/".to_owned()),
            ],
        ),
    ] {
        let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = app.call("CreateVirtualMFADevice", &params).await;
        let message = if what == too_long {
            "The serial number of the MFA device (its ARN, with path and name) must be at most \
             256 characters."
        } else {
            "The serial number of the MFA device (its ARN, with path and name) must contain only \
             alphanumeric characters and/or the following: +=/:,.@_-"
        };
        reply.assert_error(400, "InvalidInput", message);
    }
    // Nothing was left behind.
    let listed = app.list_virtual("Any").await;
    assert!(
        listed.body.contains("<VirtualMFADevices/>"),
        "{}",
        listed.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn create_virtual_mfa_device_called_sixteen_times_at_once_creates_one_device() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let app = std::sync::Arc::clone(&app);
        calls.spawn(async move {
            app.call("CreateVirtualMFADevice", &[("VirtualMFADeviceName", "dev")])
                .await
        });
    }
    let mut created = Vec::new();
    while let Some(joined) = calls.join_next().await {
        let reply = joined.unwrap();
        if reply.status == 200 {
            created.push(reply.device());
        } else {
            reply.assert_error(409, "EntityAlreadyExists", "MFA device already exists.");
        }
    }
    assert_eq!(created.len(), 1);
    // The one seed handed out is the device's.
    app.create_user("u").await;
    app.enable_now("u", &created[0]).await;
}
