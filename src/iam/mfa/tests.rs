//! Unit tests of `mfa`.

use super::*;
use crate::iam::ids::Ids;
use crate::iam::names::{NewUserName, Parse};
use crate::iam::totp::Totp;
use crate::iam::{ManualClock, Settings};
use jiff::SignedDuration;

struct Fixture {
    iam: Iam,
    caller: Caller,
    user: UserName,
    serial: SerialNumber,
    totp: Totp,
}

fn fixture() -> Fixture {
    let clock = Arc::new(ManualClock::frozen_at(
        "2026-03-01T12:00:10Z".parse().unwrap(),
    ));
    let iam = Iam::new(Settings::default(), clock, Ids::from_seed(3));
    let caller = Caller::root("123456789012");
    iam.create_user(
        &caller,
        &NewUserName::parse("alice").unwrap(),
        None,
        &[],
        None,
    )
    .unwrap();
    let device = iam
        .create_virtual_mfa_device(&caller, None, &DeviceName::parse("phone").unwrap(), &[])
        .unwrap();
    let secret = totp::from_base32(&device.base32_seed).unwrap();
    Fixture {
        iam,
        caller,
        user: UserName::parse("alice").unwrap(),
        serial: SerialNumber::parse(&device.serial).unwrap(),
        totp: Totp::new(&secret),
    }
}

impl Fixture {
    fn step(&self) -> i64 {
        totp::step(self.iam.now().as_second())
    }

    fn pair(&self, c: i64) -> (AuthenticationCode, AuthenticationCode) {
        let code = |n: i64| {
            AuthenticationCode::parse(&format!("{:06}", self.totp.code_at(n).unwrap())).unwrap()
        };
        (code(c - 1), code(c))
    }

    fn sync(&self) -> SyncState {
        self.iam.inspect("123456789012", |account| {
            account.device(&self.serial).unwrap().sync.clone()
        })
    }
}

#[test]
fn a_pair_from_the_current_step_leaves_the_device_in_sync() {
    let f = fixture();
    let t = f.step();
    f.iam
        .enable_mfa_device(&f.caller, &f.user, &f.serial, f.pair(t))
        .unwrap();
    assert_eq!(f.sync().skew, 0);
    assert_eq!(f.sync().last_pair, Some(t));
}

#[test]
fn a_late_enable_records_a_skew_into_the_past_and_a_resync_moves_it_back() {
    let f = fixture();
    // The user copied the codes 50 steps (25 minutes) before sending them.
    let late = f.step() - 50;
    f.iam
        .enable_mfa_device(&f.caller, &f.user, &f.serial, f.pair(late))
        .unwrap();
    assert_eq!(f.sync().skew, -50);
    assert_eq!(f.sync().last_pair, Some(late));
    // Later, fresh codes from the app resynchronise the device.
    f.iam.clock().advance(SignedDuration::from_secs(600));
    let now = f.step();
    f.iam
        .resync_mfa_device(&f.caller, &f.user, &f.serial, f.pair(now))
        .unwrap();
    assert_eq!(f.sync().skew, 0);
    assert_eq!(f.sync().last_pair, Some(now));
}

#[test]
fn a_resync_searches_around_the_current_skew() {
    let f = fixture();
    let late = f.step() - 900;
    f.iam
        .enable_mfa_device(&f.caller, &f.user, &f.serial, f.pair(late))
        .unwrap();
    assert_eq!(f.sync().skew, -900);
    // The window follows the skew: 998 steps behind the adjusted step is
    // 1,898 behind the server, inside the window but older than the last
    // accepted pair, so refused all the same.
    let far = f.step() - 1_898;
    assert_eq!(
        f.iam
            .resync_mfa_device(&f.caller, &f.user, &f.serial, f.pair(far)),
        Err(Error::invalid_authentication_code())
    );
    // 1,000 ahead of the adjusted step is 100 ahead of the server.
    let ahead = f.step() + 100;
    f.iam
        .resync_mfa_device(&f.caller, &f.user, &f.serial, f.pair(ahead))
        .unwrap();
    assert_eq!(f.sync().skew, 100);
    // ...and 1,001 ahead of the new adjusted step is out of reach.
    let beyond = f.step() + 100 + 1_001;
    assert_eq!(
        f.iam
            .resync_mfa_device(&f.caller, &f.user, &f.serial, f.pair(beyond)),
        Err(Error::invalid_authentication_code())
    );
}

#[test]
fn deactivation_keeps_the_sync_state_so_an_old_pair_cannot_enable_again() {
    let f = fixture();
    let t = f.step();
    f.iam
        .enable_mfa_device(&f.caller, &f.user, &f.serial, f.pair(t))
        .unwrap();
    f.iam
        .deactivate_mfa_device(&f.caller, Some(&f.user), &f.serial)
        .unwrap();
    assert_eq!(f.sync().last_pair, Some(t));
    assert_eq!(
        f.iam
            .enable_mfa_device(&f.caller, &f.user, &f.serial, f.pair(t)),
        Err(Error::invalid_authentication_code())
    );
    f.iam
        .enable_mfa_device(&f.caller, &f.user, &f.serial, f.pair(t + 2))
        .unwrap();
    assert_eq!(f.sync().skew, 2);
}
