//! Tags: key/value pairs whose keys are unique case-insensitively, kept
//! sorted by key, at most 50 per resource.

use std::collections::BTreeMap;

use super::names::{TagKey, TagValue};
use crate::error::{Error, Result};

/// The most tags one resource carries.
pub const MAX_TAGS: usize = 50;

/// One tag as the client gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The key, with the case the client used last.
    pub key: TagKey,
    /// The value.
    pub value: TagValue,
}

/// The tags of one resource, keyed by the case-folded key.
#[derive(Debug, Clone, Default)]
pub struct TagSet {
    tags: BTreeMap<String, Tag>,
}

impl TagSet {
    /// Checks that a request's tags have no key twice (ignoring case).
    ///
    /// # Errors
    ///
    /// `InvalidInput` when two tags share a key.
    pub fn check_unique(tags: &[Tag]) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        if tags.iter().all(|tag| seen.insert(tag.key.folded())) {
            Ok(())
        } else {
            Err(Error::InvalidInput(
                "Duplicate tag keys found. Please note that Tag keys are case insensitive."
                    .to_owned(),
            ))
        }
    }

    /// Adds or overwrites `tags`, all or nothing.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for duplicate keys, `LimitExceeded` when the resource
    /// would carry more than 50 tags.
    pub fn merge(&mut self, tags: &[Tag]) -> Result<()> {
        Self::check_unique(tags)?;
        let added = tags
            .iter()
            .filter(|tag| !self.tags.contains_key(&tag.key.folded()))
            .count();
        if self.tags.len() + added > MAX_TAGS {
            return Err(Error::too_many_tags());
        }
        for tag in tags {
            self.tags.insert(tag.key.folded(), tag.clone());
        }
        Ok(())
    }

    /// Removes the tags with these keys (ignoring case); absent keys are fine.
    pub fn remove(&mut self, keys: &[TagKey]) {
        for key in keys {
            self.tags.remove(&key.folded());
        }
    }

    /// The tags, sorted by key.
    #[must_use]
    pub fn to_vec(&self) -> Vec<Tag> {
        self.tags.values().cloned().collect()
    }

    /// The tags keyed by folded key, for pagination.
    #[must_use]
    pub fn as_map(&self) -> &BTreeMap<String, Tag> {
        &self.tags
    }

    /// Whether there are no tags.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }
}

#[cfg(test)]
mod tests;
