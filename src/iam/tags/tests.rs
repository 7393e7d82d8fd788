//! Unit tests of `tags`.

use super::*;
use crate::iam::names::Parse;

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: TagKey::parse(key).unwrap(),
        value: TagValue::parse(value).unwrap(),
    }
}

#[test]
fn keys_are_unique_ignoring_case_and_overwrite() {
    let mut set = TagSet::default();
    set.merge(&[tag("Team", "a"), tag("env", "x")]).unwrap();
    set.merge(&[tag("TEAM", "b")]).unwrap();
    let tags = set.to_vec();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[1], tag("TEAM", "b"));
    assert!(matches!(
        set.merge(&[tag("k", "1"), tag("K", "2")]),
        Err(Error::InvalidInput(_))
    ));
}

#[test]
fn fifty_tags_fit_and_the_fifty_first_does_not() {
    let mut set = TagSet::default();
    let fifty: Vec<Tag> = (0..50).map(|i| tag(&format!("k{i}"), "v")).collect();
    set.merge(&fifty).unwrap();
    set.merge(&[tag("k0", "overwritten")]).unwrap();
    assert_eq!(set.merge(&[tag("new", "v")]), Err(Error::too_many_tags()));
    set.remove(&[TagKey::parse("K1").unwrap()]);
    set.merge(&[tag("new", "v")]).unwrap();
}
