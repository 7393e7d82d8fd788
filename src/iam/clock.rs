//! Time: the one place the server reads it, and the one place it is written
//! out as text.
//!
//! Everything time-based (TOTP steps, enable and create dates, STS budgets and
//! expirations) asks a [`Clock`]. [`SystemClock`] reads the operating
//! system's time; [`ManualClock`] is what the server and tests hold: it
//! follows the system clock with an offset, or stands still when frozen, and
//! can be set or moved, so tests and the control API decide what "now" is.

use std::sync::{Mutex, PoisonError};

use jiff::{SignedDuration, Timestamp};

/// A source of the current time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        // The only read of the real time in the crate.
        Timestamp::now()
    }
}

/// A clock that tests and the control API can set, move and freeze.
///
/// Running, it follows the system clock plus an offset; frozen, it stays at
/// one instant until moved. [`ManualClock::system`] starts running with no
/// offset (what the server uses by default), [`ManualClock::frozen_at`]
/// starts frozen (what tests use).
#[derive(Debug)]
pub struct ManualClock {
    state: Mutex<Mode>,
    system: SystemClock,
}

#[derive(Debug, Clone, Copy)]
enum Mode {
    Running { offset: SignedDuration },
    Frozen { at: Timestamp },
}

impl ManualClock {
    /// A clock that follows the system clock until told otherwise.
    #[must_use]
    pub fn system() -> Self {
        Self::with_mode(Mode::Running {
            offset: SignedDuration::ZERO,
        })
    }

    /// A clock frozen at `at`.
    #[must_use]
    pub fn frozen_at(at: Timestamp) -> Self {
        Self::with_mode(Mode::Frozen { at })
    }

    fn with_mode(mode: Mode) -> Self {
        Self {
            state: Mutex::new(mode),
            system: SystemClock,
        }
    }

    fn mode(&self) -> std::sync::MutexGuard<'_, Mode> {
        // A panic while holding this lock cannot leave a torn `Mode` (it is
        // Copy and written whole), so a poisoned lock is still good.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether the clock stands still.
    #[must_use]
    pub fn is_frozen(&self) -> bool {
        matches!(*self.mode(), Mode::Frozen { .. })
    }

    /// Makes "now" be `at`, keeping the clock frozen or running as it was.
    pub fn set(&self, at: Timestamp) {
        let system_now = self.system.now();
        let mut mode = self.mode();
        *mode = match *mode {
            Mode::Frozen { .. } => Mode::Frozen { at },
            Mode::Running { .. } => Mode::Running {
                offset: system_now.duration_until(at),
            },
        };
    }

    /// Moves "now" by `by` (which may be negative).
    pub fn advance(&self, by: SignedDuration) {
        let mut mode = self.mode();
        *mode = match *mode {
            Mode::Frozen { at } => Mode::Frozen {
                at: at.saturating_add(by).unwrap_or(at),
            },
            Mode::Running { offset } => Mode::Running {
                offset: offset.saturating_add(by),
            },
        };
    }

    /// Stops the clock at the current instant, or lets it run on from there.
    pub fn freeze(&self, frozen: bool) {
        let system_now = self.system.now();
        let mut mode = self.mode();
        *mode = match (*mode, frozen) {
            (Mode::Running { offset }, true) => Mode::Frozen {
                at: system_now.saturating_add(offset).unwrap_or(system_now),
            },
            (Mode::Frozen { at }, false) => Mode::Running {
                offset: system_now.duration_until(at),
            },
            (unchanged, _) => unchanged,
        };
    }

    /// Goes back to the system's time, running.
    pub fn use_system_time(&self) {
        *self.mode() = Mode::Running {
            offset: SignedDuration::ZERO,
        };
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        match *self.mode() {
            Mode::Frozen { at } => at,
            Mode::Running { offset } => {
                let now = self.system.now();
                now.saturating_add(offset).unwrap_or(now)
            }
        }
    }
}

/// Measures how long the server has been up (monotonic, not wall time).
#[derive(Debug, Clone, Copy)]
pub struct Stopwatch(std::time::Instant);

impl Stopwatch {
    /// Starts now.
    #[must_use]
    pub fn start() -> Self {
        Self(std::time::Instant::now())
    }

    /// Time since the start.
    #[must_use]
    pub fn elapsed(&self) -> std::time::Duration {
        self.0.elapsed()
    }
}

/// Writes an instant as AWS does: ISO 8601, UTC, whole seconds, ending in `Z`.
#[must_use]
pub fn iso8601(at: Timestamp) -> String {
    let mut text = String::with_capacity(20);
    write_iso8601(&mut text, at);
    text
}

/// Appends `at` to `out` as [`iso8601`] writes it. Whole seconds: real IAM
/// timestamps carry no fraction, and some SDK date parsers reject numeric
/// offsets, so always `Z`. Digits are pushed directly: list pages write two
/// timestamps per item.
pub fn write_iso8601(out: &mut String, at: Timestamp) {
    let t = jiff::tz::TimeZone::UTC.to_datetime(at);
    push_digits(out, i32::from(t.year()), 4);
    out.push('-');
    push_digits(out, i32::from(t.month()), 2);
    out.push('-');
    push_digits(out, i32::from(t.day()), 2);
    out.push('T');
    push_digits(out, i32::from(t.hour()), 2);
    out.push(':');
    push_digits(out, i32::from(t.minute()), 2);
    out.push(':');
    push_digits(out, i32::from(t.second()), 2);
    out.push('Z');
}

/// Appends the last `width` decimal digits of a non-negative `value`.
fn push_digits(out: &mut String, value: i32, width: u32) {
    let value = u32::try_from(value).unwrap_or(0);
    for place in (0..width).rev() {
        let digit = u8::try_from(value / 10u32.pow(place) % 10).unwrap_or(0);
        out.push(char::from(b'0' + digit));
    }
}

#[cfg(test)]
mod tests;
