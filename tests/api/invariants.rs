//! A model test of the MFA domain: random sequences of create, enable,
//! resync, deactivate and delete over a few users and devices, driven
//! directly through [`Iam`]'s methods (no HTTP, so hundreds of sequences run
//! in a second). Before each step the expected answer is predicted from the
//! state as inspected; after each step the account's invariants are checked:
//!
//! - a device has at most one owner, and the device and its owner agree;
//! - a user holds at most 8 devices;
//! - a device's `last_pair` never goes back (until the device is deleted);
//! - a successful enable or resync sets `skew` and `last_pair` from its pair.
//!
//! The 8-device quota needs nine devices, so a fixed sequence through the
//! same driver covers it. The pair window is narrowed to 4 steps behind and 5 ahead so that short
//! clock moves and small skews cross its edges, and a missed search is cheap.

use std::collections::BTreeMap;
use std::sync::Arc;

use iam_mfa_emulator::Config;
use iam_mfa_emulator::iam::names::{
    AuthenticationCode, DeviceName, NewUserName, Parse, SerialNumber, UserName,
};
use iam_mfa_emulator::iam::{Account, Caller, Iam, ManualClock};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

use crate::helpers::{ACCOUNT, Device};

const USERS: usize = 3;
const DEVICES: usize = 4;
const BEHIND: i64 = 4;
const AHEAD: i64 = 5;
const MAX_DEVICES: usize = 8;

/// Which codes a step sends.
#[derive(Debug, Clone, Copy)]
enum Codes {
    /// The device's pair ending `offset` steps from the server's step.
    Pair(i64),
    /// Codes that are not a pair of the device.
    Wrong,
}

#[derive(Debug, Clone)]
enum Op {
    CreateUser(usize),
    DeleteUser(usize),
    CreateDevice(usize),
    DeleteDevice(usize),
    Enable(usize, usize, Codes),
    Resync(usize, usize, Codes),
    Deactivate(usize, usize),
    Advance(i64),
}

fn codes() -> impl Strategy<Value = Codes> {
    prop_oneof![
        9 => (-8i64..=8).prop_map(Codes::Pair),
        1 => Just(Codes::Wrong),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let user = 0..USERS;
    let device = 0..DEVICES;
    prop_oneof![
        1 => user.clone().prop_map(Op::CreateUser),
        1 => user.clone().prop_map(Op::DeleteUser),
        2 => device.clone().prop_map(Op::CreateDevice),
        1 => device.clone().prop_map(Op::DeleteDevice),
        6 => (user.clone(), device.clone(), codes()).prop_map(|(u, d, c)| Op::Enable(u, d, c)),
        4 => (user.clone(), device.clone(), codes()).prop_map(|(u, d, c)| Op::Resync(u, d, c)),
        3 => (user, device).prop_map(|(u, d)| Op::Deactivate(u, d)),
        2 => (0i64..=120).prop_map(Op::Advance),
    ]
}

fn user_name(u: usize) -> String {
    // Mixed case, so lookups ignoring case are exercised too.
    if u.is_multiple_of(2) {
        format!("user{u}")
    } else {
        format!("User{u}")
    }
}

fn serial(d: usize) -> String {
    format!("arn:aws:iam::{ACCOUNT}:mfa/dev{d}")
}

/// What the test knows of one device: its secret, and the last `last_pair`
/// it saw (reset when the device is deleted).
#[derive(Debug, Default)]
struct Known {
    secrets: BTreeMap<usize, Vec<u8>>,
    last_pairs: BTreeMap<String, i64>,
}

/// The facts a prediction needs, read from the account before a step.
struct Before {
    user_exists: bool,
    user_devices: usize,
    device_exists: bool,
    /// The case-folded name of the owner, if assigned.
    owner: Option<String>,
    skew: i64,
    last_pair: Option<i64>,
}

fn before(account: &Account, u: usize, d: usize) -> Before {
    let key = user_name(u).to_ascii_lowercase();
    let user = account
        .users()
        .find(|(k, _)| *k == key)
        .map(|(_, user)| user);
    let device = account
        .devices()
        .find(|(s, _)| *s == serial(d))
        .map(|(_, device)| device);
    Before {
        user_exists: user.is_some(),
        user_devices: user.map_or(0, |u| u.mfa_devices.len()),
        device_exists: device.is_some(),
        owner: device.and_then(|d| d.assignment.as_ref().map(|a| a.user.clone())),
        skew: device.map_or(0, |d| d.sync.skew),
        last_pair: device.and_then(|d| d.sync.last_pair),
    }
}

/// Whether `codes` are a pair the rule accepts, and its counter.
fn accepted(codes: Codes, step: i64, b: &Before) -> Option<i64> {
    let Codes::Pair(offset) = codes else {
        return None;
    };
    let c = step + offset;
    let centre = step + b.skew;
    let in_window = centre - BEHIND <= c && c <= centre + AHEAD;
    let fresh = b.last_pair.is_none_or(|last| c - 1 > last);
    (in_window && fresh && c >= 1).then_some(c)
}

fn code_pair(secret: &[u8], codes: Codes, step: i64) -> (AuthenticationCode, AuthenticationCode) {
    let (first, second) = match codes {
        Codes::Pair(offset) => Device {
            serial: String::new(),
            secret: secret.to_vec(),
        }
        .pair(step + offset),
        Codes::Wrong => ("000000".to_owned(), "999999".to_owned()),
    };
    (
        AuthenticationCode::parse(&first).unwrap(),
        AuthenticationCode::parse(&second).unwrap(),
    )
}

/// The error code of a result, `"ok"` for success.
fn outcome<T>(result: &iam_mfa_emulator::Result<T>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

fn check_invariants(account: &Account, known: &mut Known) {
    let users: BTreeMap<&str, _> = account.users().collect();
    let devices: BTreeMap<&str, _> = account.devices().collect();
    for (key, user) in &users {
        assert!(
            user.mfa_devices.len() <= MAX_DEVICES,
            "{key} holds too many"
        );
        for serial in user.mfa_devices.keys() {
            let device = devices
                .get(serial)
                .unwrap_or_else(|| panic!("{key} holds missing {serial}"));
            let owner = device.assignment.as_ref().map(|a| a.user.as_str());
            assert_eq!(owner, Some(*key), "{serial} disagrees with {key}");
        }
    }
    for (serial, device) in &devices {
        let holders = users
            .values()
            .filter(|u| u.mfa_devices.contains_key(serial))
            .count();
        match &device.assignment {
            Some(a) => {
                assert_eq!(holders, 1, "{serial} has {holders} holders");
                assert!(users.contains_key(a.user.as_str()), "{serial}: owner gone");
            }
            None => assert_eq!(holders, 0, "{serial} unassigned but held"),
        }
        if let Some(last) = device.sync.last_pair {
            let seen = known.last_pairs.entry((*serial).to_owned()).or_insert(last);
            assert!(last >= *seen, "{serial}: last_pair went back");
            *seen = last;
        }
    }
}

fn run(ops: &[Op]) {
    let start: Timestamp = "2026-03-01T12:00:10Z".parse().unwrap();
    let config = Config {
        pair_window_behind: u32::try_from(BEHIND).unwrap(),
        pair_window_ahead: u32::try_from(AHEAD).unwrap(),
        ..Config::default()
    };
    let clock = Arc::new(ManualClock::frozen_at(start));
    let iam: Arc<Iam> = config.build(Arc::clone(&clock));
    let caller = Caller::root(ACCOUNT);
    let mut known = Known::default();
    for op in ops {
        let step = iam.now().as_second().div_euclid(30);
        match *op {
            Op::CreateUser(u) => {
                let exists = iam.inspect(ACCOUNT, |a| before(a, u, 0).user_exists);
                let name = NewUserName::parse(&user_name(u)).unwrap();
                let result = iam.create_user(&caller, &name, None, &[], None);
                let expected = if exists { "EntityAlreadyExists" } else { "ok" };
                assert_eq!(outcome(&result), expected, "{op:?}");
            }
            Op::DeleteUser(u) => {
                let b = iam.inspect(ACCOUNT, |a| before(a, u, 0));
                let name = UserName::parse(&user_name(u).to_uppercase()).unwrap();
                let result = iam.delete_user(&caller, &name);
                let expected = match (b.user_exists, b.user_devices) {
                    (false, _) => "NoSuchEntity",
                    (true, 0) => "ok",
                    (true, _) => "DeleteConflict",
                };
                assert_eq!(outcome(&result), expected, "{op:?}");
            }
            Op::CreateDevice(d) => {
                let exists = iam.inspect(ACCOUNT, |a| before(a, 0, d).device_exists);
                let name = DeviceName::parse(&format!("dev{d}")).unwrap();
                let result = iam.create_virtual_mfa_device(&caller, None, &name, &[]);
                let expected = if exists { "EntityAlreadyExists" } else { "ok" };
                assert_eq!(outcome(&result), expected, "{op:?}");
                if let Ok(created) = result {
                    assert_eq!(created.serial, serial(d));
                    let secret = base32::decode(
                        base32::Alphabet::Rfc4648 { padding: false },
                        &created.base32_seed,
                    )
                    .unwrap();
                    known.secrets.insert(d, secret);
                }
            }
            Op::DeleteDevice(d) => {
                let b = iam.inspect(ACCOUNT, |a| before(a, 0, d));
                let sn = SerialNumber::parse(&serial(d)).unwrap();
                let result = iam.delete_virtual_mfa_device(&caller, &sn);
                let expected = match (b.device_exists, b.owner.is_some()) {
                    (false, _) => "NoSuchEntity",
                    (true, false) => "ok",
                    (true, true) => "DeleteConflict",
                };
                assert_eq!(outcome(&result), expected, "{op:?}");
                if result.is_ok() {
                    known.last_pairs.remove(&serial(d));
                    known.secrets.remove(&d);
                }
            }
            Op::Enable(u, d, codes) | Op::Resync(u, d, codes) => {
                let is_enable = matches!(op, Op::Enable(..));
                let b = iam.inspect(ACCOUNT, |a| before(a, u, d));
                let secret = known
                    .secrets
                    .get(&d)
                    .cloned()
                    .unwrap_or_else(|| vec![7; 40]);
                let pair = code_pair(&secret, codes, step);
                let name = UserName::parse(&user_name(u)).unwrap();
                let sn = SerialNumber::parse(&serial(d)).unwrap();
                let key = user_name(u).to_ascii_lowercase();
                let counter = accepted(codes, step, &b);
                let expected = if is_enable {
                    if !b.user_exists || !b.device_exists {
                        "NoSuchEntity"
                    } else if b.owner.is_some() {
                        "EntityAlreadyExists"
                    } else if b.user_devices >= MAX_DEVICES {
                        "LimitExceeded"
                    } else if counter.is_none() {
                        "InvalidAuthenticationCode"
                    } else {
                        "ok"
                    }
                } else if !b.user_exists || b.owner.as_deref() != Some(key.as_str()) {
                    "NoSuchEntity"
                } else if counter.is_none() {
                    "InvalidAuthenticationCode"
                } else {
                    "ok"
                };
                let result = if is_enable {
                    iam.enable_mfa_device(&caller, &name, &sn, pair)
                } else {
                    iam.resync_mfa_device(&caller, &name, &sn, pair)
                };
                assert_eq!(outcome(&result), expected, "{op:?} at step {step}");
                if let (Ok(()), Some(c)) = (&result, counter) {
                    let sync = iam.inspect(ACCOUNT, |a| {
                        a.devices()
                            .find(|(s, _)| *s == serial(d))
                            .map(|(_, device)| device.sync.clone())
                            .unwrap()
                    });
                    assert_eq!(sync.last_pair, Some(c), "{op:?}");
                    assert_eq!(sync.skew, c - step, "{op:?}");
                }
            }
            Op::Deactivate(u, d) => {
                let b = iam.inspect(ACCOUNT, |a| before(a, u, d));
                let key = user_name(u).to_ascii_lowercase();
                let name = UserName::parse(&user_name(u)).unwrap();
                let sn = SerialNumber::parse(&serial(d)).unwrap();
                let result = iam.deactivate_mfa_device(&caller, Some(&name), &sn);
                let mine = b.owner.as_deref() == Some(key.as_str());
                let expected = if b.user_exists && b.device_exists && mine {
                    "ok"
                } else {
                    "NoSuchEntity"
                };
                assert_eq!(outcome(&result), expected, "{op:?}");
            }
            Op::Advance(seconds) => clock.advance(SignedDuration::from_secs(seconds)),
        }
        iam.inspect(ACCOUNT, |account| check_invariants(account, &mut known));
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Each created device draws a QR code (tens of milliseconds in a
        // debug build): few, long sequences keep the test near two seconds.
        cases: 12,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_mfa_sequences_keep_owners_quotas_and_pair_counters_consistent(
        ops in proptest::collection::vec(op(), 1..120),
    ) {
        // Every user and device exists at first, so that most steps get past
        // the lookups; deleting and creating them again is part of the draw.
        let mut all: Vec<Op> = (0..USERS).map(Op::CreateUser).collect();
        all.extend((0..DEVICES).map(Op::CreateDevice));
        all.extend(ops);
        run(&all);
    }
}

#[test]
fn the_model_sees_a_ninth_device_refused_and_a_replay_after_deactivation() {
    // A fixed sequence through the same driver, so the rarest paths are
    // covered on every run whatever proptest draws.
    let mut ops: Vec<Op> = vec![Op::CreateUser(0)];
    for d in 0..9 {
        ops.push(Op::CreateDevice(d));
        ops.push(Op::Enable(0, d, Codes::Pair(0)));
    }
    ops.extend([
        Op::Deactivate(0, 0),
        Op::Enable(0, 0, Codes::Pair(0)),
        Op::Enable(0, 0, Codes::Pair(1)),
        Op::Enable(0, 0, Codes::Pair(2)),
        Op::Advance(300),
        Op::Resync(0, 1, Codes::Pair(-6)),
        Op::Resync(0, 1, Codes::Pair(0)),
        Op::DeleteUser(0),
    ]);
    run(&ops);
}

#[test]
fn a_resync_is_not_thrown_off_by_sts_checks_of_the_same_device() {
    use iam_mfa_emulator::iam::names::{DurationSeconds, TokenCode};

    let start: Timestamp = "2026-03-01T12:00:10Z".parse().unwrap();
    let clock = Arc::new(ManualClock::frozen_at(start));
    let iam: Arc<Iam> = Config::default().build(Arc::clone(&clock));
    let caller = Caller::root(ACCOUNT);
    let user = UserName::parse("alice").unwrap();
    iam.create_user(
        &caller,
        &NewUserName::parse("alice").unwrap(),
        None,
        &[],
        None,
    )
    .unwrap();
    let created = iam
        .create_virtual_mfa_device(&caller, None, &DeviceName::parse("phone").unwrap(), &[])
        .unwrap();
    let secret = base32::decode(
        base32::Alphabet::Rfc4648 { padding: false },
        &created.base32_seed,
    )
    .unwrap();
    let serial = SerialNumber::parse(&created.serial).unwrap();
    let step = || iam.now().as_second().div_euclid(30);
    let first = code_pair(&secret, Codes::Pair(0), step());
    iam.enable_mfa_device(&caller, &user, &serial, first)
        .unwrap();

    for round in 0..3 {
        // A fresh STS budget window: nine checks can each change the state.
        clock.advance(SignedDuration::from_secs(180));
        let skew = iam.inspect(ACCOUNT, |a| {
            a.devices().next().map(|(_, d)| d.sync.skew).unwrap()
        });
        // A pair far ahead of the device's clock: a search of many HMACs.
        let pair = code_pair(&secret, Codes::Pair(skew + 900), step());
        let barrier = Arc::new(std::sync::Barrier::new(2));
        let sts = {
            let (iam, caller, serial, barrier) = (
                Arc::clone(&iam),
                caller.clone(),
                serial.clone(),
                Arc::clone(&barrier),
            );
            std::thread::spawn(move || {
                barrier.wait();
                for _ in 0..9 {
                    let code = TokenCode::parse("000000").unwrap();
                    let _ = iam.get_session_token(
                        &caller,
                        DurationSeconds::default(),
                        Some((&serial, Some(code))),
                    );
                    std::thread::sleep(std::time::Duration::from_micros(700));
                }
            })
        };
        barrier.wait();
        let result = iam.resync_mfa_device(&caller, &user, &serial, pair);
        sts.join().unwrap();
        assert_eq!(outcome(&result), "ok", "round {round}: {result:?}");
        // What STS spent stays spent: the resync did not write back an
        // older budget.
        let spent = iam.inspect(ACCOUNT, |a| {
            a.devices().next().map(|(_, d)| d.sync.budget.1).unwrap()
        });
        assert_eq!(spent, 9, "round {round}");
    }
}
