//! Unit tests of `clock`.

use super::*;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn a_frozen_clock_stays_where_it_is_put() {
    let clock = ManualClock::frozen_at(at("2026-01-01T00:00:00Z"));
    assert_eq!(clock.now(), at("2026-01-01T00:00:00Z"));
    clock.advance(SignedDuration::from_secs(90));
    assert_eq!(clock.now(), at("2026-01-01T00:01:30Z"));
    clock.set(at("2030-06-01T12:00:00Z"));
    assert_eq!(clock.now(), at("2030-06-01T12:00:00Z"));
    assert!(clock.is_frozen());
}

#[test]
fn a_running_clock_keeps_its_offset_after_set() {
    let clock = ManualClock::system();
    clock.set(at("2001-01-01T00:00:00Z"));
    let now = clock.now();
    assert!(now >= at("2001-01-01T00:00:00Z") && now < at("2001-01-01T00:01:00Z"));
    assert!(!clock.is_frozen());
    clock.use_system_time();
    assert!(clock.now() > at("2025-01-01T00:00:00Z"));
}

#[test]
fn freezing_and_thawing_keeps_the_instant() {
    let clock = ManualClock::frozen_at(at("2026-01-01T00:00:00Z"));
    clock.freeze(false);
    let now = clock.now();
    assert!(now >= at("2026-01-01T00:00:00Z") && now < at("2026-01-01T00:01:00Z"));
    clock.freeze(true);
    assert!(clock.is_frozen());
}

#[test]
fn instants_are_written_in_whole_seconds_with_z() {
    assert_eq!(
        iso8601(at("2026-02-17T09:44:55.987Z")),
        "2026-02-17T09:44:55Z"
    );
}
