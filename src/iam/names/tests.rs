//! Unit tests of `names`.

use super::*;

fn violations<T: Parse + std::fmt::Debug>(value: &str) -> Vec<Violation> {
    T::parse(value).expect_err(value)
}

#[test]
fn user_names_take_ascii_word_characters_and_the_six_symbols() {
    assert!(UserName::parse("a.b_c+d=e,f@g-h").is_ok());
    assert!(UserName::parse(&"x".repeat(128)).is_ok());
    assert_eq!(
        violations::<UserName>(&"x".repeat(129)),
        [Violation::MaxLength(128)]
    );
    assert_eq!(violations::<UserName>(""), [Violation::MinLength(1)]);
    for bad in ["jösé", "a b", "a/b", "name\u{661}", "ｆｕｌｌ", "a\nb"] {
        assert_eq!(
            violations::<UserName>(bad),
            [Violation::InvalidName],
            "{bad}"
        );
    }
    assert!(NewUserName::parse(&"x".repeat(64)).is_ok());
    assert_eq!(
        violations::<NewUserName>(&"x".repeat(65)),
        [Violation::MaxLength(64)]
    );
}

#[test]
fn serial_numbers_are_nine_to_256_characters_of_the_arn_alphabet() {
    assert!(SerialNumber::parse("arn:aws:iam::123456789012:mfa/a/dev").is_ok());
    assert!(SerialNumber::parse("GAHT12345").is_ok());
    assert_eq!(
        violations::<SerialNumber>("GAHT1234"),
        [Violation::MinLength(9)]
    );
    assert!(SerialNumber::parse(&"s".repeat(256)).is_ok());
    assert_eq!(
        violations::<SerialNumber>(&"s".repeat(257)),
        [Violation::MaxLength(256)]
    );
    assert_eq!(
        violations::<SerialNumber>("arn:aws:iam::1:mfa/dév"),
        [Violation::Pattern(SERIAL)]
    );
}

#[test]
fn codes_are_exactly_six_ascii_digits() {
    assert_eq!(
        AuthenticationCode::parse("012345").map(AuthenticationCode::value),
        Ok(12_345)
    );
    assert_eq!(
        violations::<AuthenticationCode>("12345"),
        [Violation::MinLength(6)]
    );
    assert_eq!(
        violations::<AuthenticationCode>("1234567"),
        [Violation::MaxLength(6)]
    );
    assert_eq!(
        violations::<AuthenticationCode>("abcdef"),
        [Violation::Pattern(CODE)]
    );
    // Arabic-Indic digits are digits to Unicode, not to AWS.
    assert_eq!(
        violations::<AuthenticationCode>("١٢٣٤٥٦"),
        [Violation::Pattern(CODE)]
    );
    assert_eq!(
        violations::<TokenCode>("12 456"),
        [Violation::Pattern(TOKEN_CODE)]
    );
}

#[test]
fn paths_begin_and_end_with_a_slash() {
    for good in ["/", "/a/", "/test//double/", "/a~b!/"] {
        assert!(IamPath::parse(good).is_ok(), "{good}");
    }
    for bad in ["a/", "/a", "//x", "/a b/", "/\u{7f}/", "/é/"] {
        assert_eq!(
            violations::<IamPath>(bad),
            [Violation::InvalidPath],
            "{bad}"
        );
    }
    let long = format!("/{}/", "a".repeat(511));
    assert_eq!(violations::<IamPath>(&long), [Violation::MaxLength(512)]);
    assert!(PathPrefix::parse("/te\u{7f}").is_ok());
    assert_eq!(
        violations::<PathPrefix>("te"),
        [Violation::InvalidPathPrefix]
    );
}

#[test]
fn tags_allow_unicode_letters_but_not_symbols() {
    assert!(TagKey::parse("Kostenstelle-ÄÖÜ 部门").is_ok());
    assert_eq!(violations::<TagKey>("a*b"), [Violation::Pattern(TAG_KEY)]);
    assert_eq!(violations::<TagKey>(""), [Violation::MinLength(1)]);
    assert!(TagValue::parse("").is_ok());
    assert_eq!(
        violations::<TagValue>(&"v".repeat(257)),
        [Violation::MaxLength(256)]
    );
}

#[test]
fn numbers_and_enums_have_their_ranges() {
    assert_eq!(MaxItems::parse("1").map(MaxItems::get), Ok(1));
    assert_eq!(MaxItems::parse("1000").map(MaxItems::get), Ok(1000));
    assert_eq!(violations::<MaxItems>("0"), [Violation::MinValue(1)]);
    assert_eq!(violations::<MaxItems>("1001"), [Violation::MaxValue(1000)]);
    assert_eq!(violations::<MaxItems>("ten"), [Violation::NotInteger]);
    assert_eq!(
        violations::<MaxItems>("99999999999999999999999"),
        [Violation::NotInteger]
    );
    assert_eq!(
        violations::<DurationSeconds>("899"),
        [Violation::MinValue(900)]
    );
    assert_eq!(
        violations::<DurationSeconds>("129601"),
        [Violation::MaxValue(129_600)]
    );
    assert_eq!(AssignmentStatus::parse("Any"), Ok(AssignmentStatus::Any));
    assert_eq!(violations::<AssignmentStatus>("any"), [Violation::Enum]);
    assert_eq!(
        violations::<Marker>("\u{100}"),
        [Violation::Pattern(MARKER)]
    );
}

#[test]
fn custom_sentences_name_the_field() {
    assert_eq!(
        Violation::InvalidPath.sentence("path").unwrap(),
        "The specified value for path is invalid. It must begin and end with / and contain \
         only alphanumeric characters and/or / characters."
    );
    assert_eq!(Violation::MaxLength(512).sentence("path"), None);
}
