//! Unit tests of `page`.

use super::*;
use crate::iam::names::Parse;

fn map(keys: &[&str]) -> BTreeMap<String, u32> {
    keys.iter()
        .enumerate()
        .map(|(i, k)| ((*k).to_owned(), u32::try_from(i).unwrap()))
        .collect()
}

#[test]
fn pages_walk_every_item_once_in_key_order() {
    let map = map(&["a", "b", "c", "d", "e"]);
    let max = MaxItems::parse("2").unwrap();
    let mut seen = Vec::new();
    let mut marker: Option<Marker> = None;
    loop {
        let page = paginate(&map, marker.as_ref(), max, |k, _| Some(k.to_owned())).unwrap();
        seen.extend(page.items.clone());
        match page.marker {
            Some(m) => marker = Some(Marker::parse(&m).unwrap()),
            None => break,
        }
    }
    assert_eq!(seen, ["a", "b", "c", "d", "e"]);
}

#[test]
fn a_full_last_page_is_not_truncated() {
    let map = map(&["a", "b"]);
    let page = paginate(&map, None, MaxItems::parse("2").unwrap(), |_, v| Some(*v)).unwrap();
    assert_eq!(page.items, [0, 1]);
    assert!(!page.is_truncated());
    let filtered = paginate(&map, None, MaxItems::parse("1").unwrap(), |k, v| {
        (k == "a").then_some(*v)
    })
    .unwrap();
    assert!(!filtered.is_truncated());
}

#[test]
fn markers_we_did_not_issue_are_refused() {
    let map = map(&["a"]);
    for bad in ["invalid-marker-value", "eDE6YQ", "!!!!"] {
        let marker = Marker::parse(bad).unwrap();
        assert_eq!(
            paginate(&map, Some(&marker), MaxItems::default(), |_, v| Some(*v)),
            Err(Error::invalid_marker()),
            "{bad}"
        );
    }
}
