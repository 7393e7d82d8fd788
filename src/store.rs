//! The in-memory store: one lock per account, and the only place that deals
//! with lock poisoning.
//!
//! Every operation on an account is one closure run under that account's
//! lock, so a check and the write that depends on it are atomic. The store
//! knows nothing of IAM: it holds any `S: Default` per account id. Locks are
//! std mutexes, never held across an `.await` (all callers are synchronous).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

/// Per-account state behind one lock each.
#[derive(Debug, Default)]
pub struct Store<S> {
    accounts: RwLock<HashMap<String, Arc<Mutex<S>>>>,
}

impl<S: Default> Store<S> {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self {
            accounts: RwLock::new(HashMap::new()),
        }
    }

    fn existing(&self, account: &str) -> Option<Arc<Mutex<S>>> {
        self.accounts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(account)
            .cloned()
    }

    fn get_or_create(&self, account: &str) -> Arc<Mutex<S>> {
        if let Some(state) = self.existing(account) {
            return state;
        }
        let mut accounts = self
            .accounts
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(accounts.entry(account.to_owned()).or_default())
    }

    fn lock(state: &Mutex<S>) -> MutexGuard<'_, S> {
        // Domain closures do every check before their first mutation, so a
        // panic inside one leaves the state as consistent as it was before.
        state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the account's state without changing it. An account never
    /// written to reads as empty and is not created.
    pub fn read<T>(&self, account: &str, f: impl FnOnce(&S) -> T) -> T {
        match self.existing(account) {
            Some(state) => f(&Self::lock(&state)),
            None => f(&S::default()),
        }
    }

    /// Runs `f` on the account's state, creating the account on first use.
    /// `f` should make every check before it changes anything.
    pub fn write<T>(&self, account: &str, f: impl FnOnce(&mut S) -> T) -> T {
        let state = self.get_or_create(account);
        f(&mut Self::lock(&state))
    }

    /// Forgets one account, or every account.
    pub fn reset(&self, account: Option<&str>) {
        let mut accounts = self
            .accounts
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        match account {
            Some(id) => {
                accounts.remove(id);
            }
            None => accounts.clear(),
        }
    }

    /// The ids of the accounts that hold state, sorted.
    #[must_use]
    pub fn account_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .accounts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .keys()
            .cloned()
            .collect();
        ids.sort();
        ids
    }
}

#[cfg(test)]
mod tests;
