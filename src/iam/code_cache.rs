//! Remembered codes, so that a device sent wrong pairs again and again does
//! not cost 2,000 HMACs every time.
//!
//! A code depends only on the secret and the counter, so the codes of a
//! device's enrolment window, once computed, stay right for as long as the
//! secret lives. Each entry holds the codes of a run of counters around the
//! window (about 8.5 KB); at most [`CAPACITY`] entries are kept, the least
//! recently used going first. Pairs read from the app just now are found by
//! a direct search of the nearest steps and never fill the cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::totp::{Totp, pair_bounds};

/// The most devices whose codes are remembered.
pub const CAPACITY: usize = 1024;
/// Extra counters computed past each side of the window, so one entry stays
/// useful while the clock moves on (60 steps: 30 minutes).
const MARGIN: i64 = 60;

/// The codes of counters `start..start + codes.len()` of one secret.
#[derive(Debug)]
struct Window {
    /// Keeps the secret alive, so its address identifies it while cached.
    secret: Arc<[u8]>,
    start: i64,
    codes: Box<[u32]>,
    last_used: u64,
}

impl Window {
    fn covers(&self, low: i64, high: i64) -> bool {
        let len = i64::try_from(self.codes.len()).unwrap_or(i64::MAX);
        low >= self.start && high < self.start.saturating_add(len)
    }

    fn code(&self, counter: i64) -> Option<u32> {
        let index = usize::try_from(counter.checked_sub(self.start)?).ok()?;
        self.codes.get(index).copied()
    }
}

/// A bounded map from secret to its remembered window of codes.
#[derive(Debug, Default)]
pub struct CodeCache {
    entries: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    by_secret: HashMap<usize, Arc<Window>>,
    clock: u64,
}

/// The identity of a secret: its allocation, kept alive by the cache entry.
fn identity(secret: &Arc<[u8]>) -> usize {
    Arc::as_ptr(secret).cast::<u8>() as usize
}

impl CodeCache {
    fn lookup(&self, secret: &Arc<[u8]>, low: i64, high: i64) -> Option<Arc<Window>> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.clock += 1;
        let now = entries.clock;
        let window = entries.by_secret.get_mut(&identity(secret))?;
        if !Arc::ptr_eq(&window.secret, secret) || !window.covers(low, high) {
            return None;
        }
        if let Some(window) = Arc::get_mut(window) {
            window.last_used = now;
        }
        Some(Arc::clone(window))
    }

    fn store(&self, window: Window) -> Arc<Window> {
        let window = Arc::new(window);
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.by_secret.len() >= CAPACITY {
            let oldest = entries
                .by_secret
                .iter()
                .min_by_key(|(_, w)| w.last_used)
                .map(|(key, _)| *key);
            if let Some(key) = oldest {
                entries.by_secret.remove(&key);
            }
        }
        entries
            .by_secret
            .insert(identity(&window.secret), Arc::clone(&window));
        window
    }

    /// The codes of counters `low..=high` of `secret`, remembered or
    /// computed now (with a margin) and remembered.
    fn window(&self, secret: &Arc<[u8]>, totp: &Totp, low: i64, high: i64) -> Arc<Window> {
        if let Some(window) = self.lookup(secret, low, high) {
            return window;
        }
        let start = low.saturating_sub(MARGIN);
        let end = high.saturating_add(MARGIN);
        let codes = (start..=end)
            .map(|c| totp.code_at(c).unwrap_or(u32::MAX))
            .collect();
        self.store(Window {
            secret: Arc::clone(secret),
            start,
            codes,
            last_used: 0,
        })
    }

    /// [`Totp::find_pair`] for `secret`: the nearest steps directly, then the
    /// whole window from remembered codes.
    #[must_use]
    #[allow(clippy::too_many_arguments)]
    pub fn find_pair(
        &self,
        secret: &Arc<[u8]>,
        (first, second): (u32, u32),
        center: i64,
        behind: i64,
        ahead: i64,
        after: Option<i64>,
    ) -> Option<i64> {
        let totp = Totp::new(secret);
        // Codes read from the app just now sit within a step or two of the
        // center: the common case costs a handful of HMACs and no memory.
        let near = totp.find_pair(first, second, center, behind.min(2), ahead.min(2), after);
        if near.is_some() || (behind <= 2 && ahead <= 2) {
            return near;
        }
        let (lowest, highest) = pair_bounds(center, behind, ahead, after)?;
        let window = self.window(secret, &totp, lowest - 1, highest);
        // One pass over the remembered codes; among matches the one nearest
        // the center wins, the earlier on a tie, as in the computed search.
        let mut best: Option<i64> = None;
        let start = usize::try_from(lowest - window.start).ok()?;
        let end = usize::try_from(highest - window.start).ok()?;
        for (offset, code) in window.codes.get(start..=end)?.iter().enumerate() {
            if *code != second {
                continue;
            }
            let c = lowest + i64::try_from(offset).ok()?;
            let nearer = best.is_none_or(|b| (c - center).abs() < (b - center).abs());
            if nearer && window.code(c - 1) == Some(first) {
                best = Some(c);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests;
