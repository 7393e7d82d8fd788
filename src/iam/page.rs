//! Pagination for every list action: sorted keys, opaque markers.
//!
//! A marker names the last key of the page it ends, encoded so clients
//! treat it as opaque. A marker that does not decode to one we could have
//! issued is `Invalid Marker.`; one whose key has since been deleted still
//! works, continuing after where that key was.

use std::collections::BTreeMap;
use std::ops::Bound;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::names::{Marker, MaxItems};
use crate::error::{Error, Result};

const PREFIX: &str = "m1:";

/// One page of a list and the marker for the next, if there is more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of this page, in key order.
    pub items: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    pub marker: Option<String>,
}

impl<T> Page<T> {
    /// Whether more items follow.
    #[must_use]
    pub fn is_truncated(&self) -> bool {
        self.marker.is_some()
    }
}

fn encode(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{PREFIX}{key}"))
}

fn decode(marker: &Marker) -> Result<String> {
    let bytes = URL_SAFE_NO_PAD
        .decode(marker.as_str())
        .map_err(|_| Error::invalid_marker())?;
    let text = String::from_utf8(bytes).map_err(|_| Error::invalid_marker())?;
    text.strip_prefix(PREFIX)
        .map(str::to_owned)
        .ok_or_else(Error::invalid_marker)
}

/// The page of `map` that starts after `marker`, keeping the entries `view`
/// turns into items (`None` skips an entry, e.g. a filter).
///
/// # Errors
///
/// `ValidationError` `Invalid Marker.` for a marker this server did not issue.
pub fn paginate<V, T>(
    map: &BTreeMap<String, V>,
    marker: Option<&Marker>,
    max_items: MaxItems,
    view: impl FnMut(&str, &V) -> Option<T>,
) -> Result<Page<T>> {
    let start = match marker {
        Some(marker) => Bound::Excluded(decode(marker)?),
        None => Bound::Unbounded,
    };
    let entries = map
        .range::<String, _>((start, Bound::Unbounded))
        .map(|(key, value)| (key.as_str(), value));
    Ok(collect(entries, max_items, view))
}

/// [`paginate`] for a slice sorted by key.
///
/// # Errors
///
/// `ValidationError` `Invalid Marker.` for a marker this server did not issue.
pub fn paginate_sorted<V, T>(
    entries: &[(String, V)],
    marker: Option<&Marker>,
    max_items: MaxItems,
    view: impl FnMut(&str, &V) -> Option<T>,
) -> Result<Page<T>> {
    let start = match marker {
        Some(marker) => {
            let after = decode(marker)?;
            entries.partition_point(|(key, _)| *key <= after)
        }
        None => 0,
    };
    let entries = entries[start..]
        .iter()
        .map(|(key, value)| (key.as_str(), value));
    Ok(collect(entries, max_items, view))
}

/// Up to `max_items` items from `entries` (in key order), and a marker when
/// more entries `view` keeps follow.
fn collect<'a, V: 'a, T>(
    mut entries: impl Iterator<Item = (&'a str, &'a V)>,
    max_items: MaxItems,
    mut view: impl FnMut(&str, &V) -> Option<T>,
) -> Page<T> {
    let mut items = Vec::new();
    let mut last_key = None;
    for (key, value) in entries.by_ref() {
        if let Some(item) = view(key, value) {
            items.push(item);
            last_key = Some(key);
            if items.len() == max_items.get() {
                break;
            }
        }
    }
    let more =
        items.len() == max_items.get() && entries.any(|(key, value)| view(key, value).is_some());
    Page {
        items,
        marker: if more { last_key.map(encode) } else { None },
    }
}

#[cfg(test)]
mod tests;
