//! Micro-benchmarks of the pieces every request goes through: decoding and
//! validating parameters, the TOTP pair search (a hit near the current step,
//! and a full miss of AWS's window), and writing XML.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use iam_mfa_emulator::actions::enable_mfa_device::EnableMfaDevice;
use iam_mfa_emulator::actions::list_virtual_mfa_devices::ListVirtualMfaDevicesOutput;
use iam_mfa_emulator::actions::{Action, Params};
use iam_mfa_emulator::iam::code_cache::CodeCache;
use iam_mfa_emulator::iam::page::Page;
use iam_mfa_emulator::iam::totp::Totp;
use iam_mfa_emulator::iam::{DeviceSummary, UserSummary};
use iam_mfa_emulator::server::xml;

const BODY: &[u8] = b"Action=EnableMFADevice&Version=2010-05-08&UserName=bob\
&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fdev&AuthenticationCode1=123456\
&AuthenticationCode2=654321";

fn decoding(c: &mut Criterion) {
    c.bench_function("decode and validate EnableMFADevice", |b| {
        b.iter(|| {
            let params = Params::decode(None, black_box(BODY)).unwrap();
            EnableMfaDevice::from_params(&params).unwrap()
        });
    });
}

fn totp(c: &mut Criterion) {
    let secret = [7u8; 40];
    let totp = Totp::new(&secret);
    let t: i64 = 59_000_000;
    let code = |n: i64| totp.code(u64::try_from(n).unwrap());
    let (first, second) = (code(t - 1), code(t));
    c.bench_function("pair search, hit at the current step", |b| {
        b.iter(|| {
            Totp::new(black_box(&secret)).find_pair(first, second, black_box(t), 998, 1000, None)
        });
    });
    // A pair that is nowhere in the window: every counter is computed once.
    let miss = (0..1_000_000)
        .find(|&c| {
            totp.find_pair(c, (c + 1) % 1_000_000, t, 998, 1000, None)
                .is_none()
        })
        .unwrap();
    c.bench_function("pair search, full miss of the window", |b| {
        b.iter(|| {
            Totp::new(black_box(&secret)).find_pair(miss, miss + 1, black_box(t), 998, 1000, None)
        });
    });
    // The same miss once the device's window of codes is remembered.
    let cache = CodeCache::default();
    let shared: Arc<[u8]> = Arc::from(secret.as_slice());
    c.bench_function("pair search, full miss from remembered codes", |b| {
        b.iter(|| {
            cache.find_pair(
                black_box(&shared),
                (miss, miss + 1),
                black_box(t),
                998,
                1000,
                None,
            )
        });
    });
}

fn rendering(c: &mut Criterion) {
    let at = "2026-03-01T12:00:10Z".parse().unwrap();
    let user = UserSummary {
        name: Some("alice".to_owned()),
        path: Some("/".to_owned()),
        id: "AIDAEXAMPLEEXAMPLE123".to_owned(),
        arn: "arn:aws:iam::123456789012:user/alice".to_owned(),
        create_date: at,
        tags: Vec::new(),
        permissions_boundary: None,
    };
    let page = Page {
        items: (0..100)
            .map(|i| DeviceSummary {
                serial: format!("arn:aws:iam::123456789012:mfa/dev{i}"),
                enable_date: Some(at),
                user: Some(user.clone()),
            })
            .collect(),
        marker: None,
    };
    let output = ListVirtualMfaDevicesOutput(page);
    c.bench_function("render EnableMFADevice response", |b| {
        b.iter(|| {
            xml::success::<EnableMfaDevice>(&(), black_box("7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"))
        });
    });
    c.bench_function("render ListVirtualMFADevices page of 100", |b| {
        b.iter(|| xml::success::<iam_mfa_emulator::actions::list_virtual_mfa_devices::ListVirtualMfaDevices>(black_box(&output), "id"));
    });
}

criterion_group!(benches, decoding, totp, rendering);
criterion_main!(benches);
