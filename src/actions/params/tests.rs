//! Unit tests of `params`.

use super::*;
use crate::iam::names::{AuthenticationCode, IamPath, UserName};

fn params(body: &str) -> Params {
    Params::decode(None, body.as_bytes()).unwrap()
}

#[test]
fn query_string_and_body_are_both_read() {
    let p = Params::decode(Some("Action=GetUser&Version=2010-05-08"), b"UserName=bob").unwrap();
    assert_eq!(p.action(), Some("GetUser"));
    assert_eq!(p.get("UserName"), Some("bob"));
    assert_eq!(p.get("Nope"), None);
}

#[test]
fn a_name_repeated_with_another_value_is_refused() {
    let error = Params::decode(None, b"UserName=a&UserName=b").unwrap_err();
    assert_eq!(error.code(), "MalformedQueryString");
    assert!(Params::decode(Some("UserName=a"), b"UserName=a").is_ok());
}

#[test]
fn bad_percent_encodings_survive_as_replacement_characters() {
    let p = params("UserName=%FF%FE&X=%zz");
    assert_eq!(p.get("UserName"), Some("\u{fffd}\u{fffd}"));
    assert_eq!(p.get("X"), Some("%zz"));
}

#[test]
fn one_violation_uses_the_singular_and_several_are_joined() {
    let p = params("AuthenticationCode1=12345&AuthenticationCode2=abcdef");
    let mut r = p.reader();
    let _ = r.required::<UserName>("UserName");
    let _ = r.required::<AuthenticationCode>("AuthenticationCode1");
    let _ = r.required::<AuthenticationCode>("AuthenticationCode2");
    assert_eq!(
        r.finish().unwrap_err().message(),
        "3 validation errors detected: \
         Value at 'userName' failed to satisfy constraint: Member must not be null; \
         Value at 'authenticationCode1' failed to satisfy constraint: Member must have length greater than or equal to 6; \
         Value at 'authenticationCode2' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]+"
    );
    let mut r = p.reader();
    let _ = r.required::<AuthenticationCode>("AuthenticationCode1");
    assert_eq!(
        r.finish().unwrap_err().message(),
        "1 validation error detected: Value at 'authenticationCode1' failed to satisfy \
         constraint: Member must have length greater than or equal to 6"
    );
}

#[test]
fn path_violations_use_iams_own_sentence() {
    let p = params("Path=nope");
    let mut r = p.reader();
    let _ = r.optional::<IamPath>("Path");
    assert!(
        r.finish()
            .unwrap_err()
            .message()
            .starts_with("The specified value for path is invalid.")
    );
}

#[test]
fn tags_are_read_by_index_and_checked_with_their_positions() {
    let p = params(
        "Tags.member.1.Key=a&Tags.member.1.Value=&Tags.member.2.Key=b&Tags.member.2.Value=x",
    );
    let tags = p.reader().tags("Tags").unwrap().unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[1].key.as_str(), "b");

    let p = params("Tags.member.1.Key=a*&Tags.member.1.Value=v");
    let mut r = p.reader();
    let _ = r.tags("Tags");
    assert_eq!(
        r.finish().unwrap_err().message(),
        "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy \
         constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+"
    );
    let p = params("Tags.member.1.Key=a");
    let mut r = p.reader();
    let _ = r.tags("Tags");
    assert!(
        r.finish().unwrap_err().message().contains(
            "'tags.1.member.value' failed to satisfy constraint: Member must not be null"
        )
    );
}

#[test]
fn more_than_fifty_tags_is_a_length_violation() {
    let body: Vec<String> = (1..=51)
        .map(|i| format!("Tags.member.{i}.Key=k{i}&Tags.member.{i}.Value=v"))
        .collect();
    let p = params(&body.join("&"));
    let mut r = p.reader();
    let _ = r.tags("Tags");
    assert_eq!(
        r.finish().unwrap_err().message(),
        "1 validation error detected: Value at 'tags' failed to satisfy constraint: \
         Member must have length less than or equal to 50"
    );
}

#[test]
fn the_bare_list_name_is_the_empty_list() {
    let p = params("TagKeys=");
    assert_eq!(p.reader().tag_keys("TagKeys").unwrap(), Some(vec![]));
    assert_eq!(params("").reader().tag_keys("TagKeys").unwrap(), None);
    let p = params("TagKeys.member.1=ok&TagKeys.member.2=");
    let mut r = p.reader();
    let _ = r.tag_keys("TagKeys");
    assert!(r.finish().unwrap_err().message().starts_with(
        "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128"
    ));
}
