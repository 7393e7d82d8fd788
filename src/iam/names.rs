//! The validated values of the API: one newtype per constrained string or
//! number of the service model, each with private fields and a `parse` that
//! applies AWS's length, pattern, enum and range rules.
//!
//! Domain methods take these types, so they cannot receive invalid input.
//! A failed parse returns [`Violation`]s; the protocol layer, which knows the
//! parameter's name, turns them into AWS's `ValidationError` text. Patterns
//! are the model's, anchored to the whole value, with `\w` and `\d` spelled
//! as the ASCII classes AWS's validators use (Rust's `regex` would read them
//! as Unicode); tag patterns keep their genuine Unicode classes.

use std::sync::LazyLock;

use regex::Regex;

/// One broken constraint of one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// Shorter than the model's minimum length.
    MinLength(usize),
    /// Longer than the model's maximum length.
    MaxLength(usize),
    /// Does not match the model's pattern (given as the model writes it).
    Pattern(&'static str),
    /// Not one of the model's enum values.
    Enum,
    /// A number below the model's minimum.
    MinValue(i64),
    /// A number above the model's maximum.
    MaxValue(i64),
    /// Not a number where the model wants an integer.
    NotInteger,
    /// A required member is absent.
    NotNull,
    /// A path breaks IAM's path rule (IAM words this itself).
    InvalidPath,
    /// A path prefix breaks IAM's rule (IAM words this itself).
    InvalidPathPrefix,
    /// A user or device name breaks IAM's name rule (IAM words this itself).
    InvalidName,
    /// An element of a list of strings breaks its rules; AWS then lists every
    /// constraint of the element type at once.
    ListMember(&'static str),
}

impl Violation {
    /// IAM's own whole-message sentence for this violation of `field`, where
    /// IAM has one instead of the generic `Value at ...` form.
    #[must_use]
    pub fn sentence(&self, field: &str) -> Option<String> {
        match self {
            Self::InvalidPath => Some(format!(
                "The specified value for {field} is invalid. It must begin and end with / and \
                 contain only alphanumeric characters and/or / characters."
            )),
            Self::InvalidPathPrefix => Some(format!(
                "The specified value for {field} is invalid. It must begin with the / character \
                 and contain only alphanumeric characters and/or / characters."
            )),
            Self::InvalidName => Some(format!(
                "The specified value for {field} is invalid. It must contain only alphanumeric \
                 characters and/or the following: +=,.@_-"
            )),
            _ => None,
        }
    }

    /// The constraint phrase of the generic form
    /// `Value at '{field}' failed to satisfy constraint: {phrase}`.
    #[must_use]
    pub fn constraint(&self) -> String {
        match self {
            Self::MinLength(n) => format!("Member must have length greater than or equal to {n}"),
            Self::MaxLength(n) => format!("Member must have length less than or equal to {n}"),
            Self::Pattern(p) => format!("Member must satisfy regular expression pattern: {p}"),
            Self::Enum => "Member must satisfy enum value set".to_owned(),
            Self::MinValue(n) => format!("Member must have value greater than or equal to {n}"),
            Self::MaxValue(n) => format!("Member must have value less than or equal to {n}"),
            Self::NotInteger => "Member must be an integer".to_owned(),
            Self::NotNull => "Member must not be null".to_owned(),
            Self::InvalidPath => format!("Member must satisfy regular expression pattern: {PATH}"),
            Self::InvalidPathPrefix => {
                format!("Member must satisfy regular expression pattern: {PATH_PREFIX}")
            }
            Self::InvalidName => format!("Member must satisfy regular expression pattern: {NAME}"),
            Self::ListMember(constraints) => {
                format!("Member must satisfy constraint: {constraints}")
            }
        }
    }
}

/// A value read from one request parameter.
pub trait Parse: Sized {
    /// Checks `value` against the model's rules for this type.
    ///
    /// # Errors
    ///
    /// Every rule the value breaks, in the order AWS checks them.
    fn parse(value: &str) -> Result<Self, Vec<Violation>>;
}

// The model's patterns, as the model writes them (quoted in messages) ...
const NAME: &str = r"[\w+=,.@-]+";
const SERIAL: &str = r"[\w+=/:,.@-]+";
const CODE: &str = r"[\d]+";
const TOKEN_CODE: &str = r"[\d]*";
const PATH: &str = r"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)";
const PATH_PREFIX: &str = r"\u002F[\u0021-\u007F]*";
const TAG_KEY: &str = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]+";
const TAG_VALUE: &str = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*";
const MARKER: &str = r"[\u0020-\u00FF]+";

/// All constraints of a tag key, as AWS lists them for a bad `TagKeys` element.
const TAG_KEY_MEMBER: &str = r"[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+, Member must not be null]";

// ... and as Rust's regex must read them: anchored, ASCII `\w` and `\d`.
fn anchored(pattern: &str) -> Regex {
    #[allow(clippy::expect_used)]
    Regex::new(pattern).expect("a constant pattern compiles") // ok: constants of this file, compiled by its tests
}
static NAME_RE: LazyLock<Regex> = LazyLock::new(|| anchored(r"^[A-Za-z0-9_+=,.@-]+$"));
static SERIAL_RE: LazyLock<Regex> = LazyLock::new(|| anchored(r"^[A-Za-z0-9_+=/:,.@-]+$"));
static PATH_RE: LazyLock<Regex> = LazyLock::new(|| anchored(r"^(?:/|/[\x21-\x7E]+/)$"));
static PATH_PREFIX_RE: LazyLock<Regex> = LazyLock::new(|| anchored(r"^/[\x21-\x7F]*$"));
static TAG_RE: LazyLock<Regex> = LazyLock::new(|| anchored(r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$"));
static MARKER_RE: LazyLock<Regex> = LazyLock::new(|| anchored(r"^[\x{20}-\x{FF}]+$"));

/// Length in characters, as AWS counts it for these ASCII-or-BMP values.
fn length(value: &str) -> usize {
    value.chars().count()
}

/// The length rule, then (only for a value of acceptable length) the pattern.
fn check(
    value: &str,
    min: usize,
    max: Option<usize>,
    matches: impl FnOnce(&str) -> bool,
    on_mismatch: Violation,
) -> Result<(), Vec<Violation>> {
    let len = length(value);
    let mut violations = Vec::new();
    if len < min {
        violations.push(Violation::MinLength(min));
    }
    if max.is_some_and(|max| len > max) {
        violations.push(Violation::MaxLength(max.unwrap_or_default()));
    }
    if violations.is_empty() && !matches(value) {
        violations.push(on_mismatch);
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

macro_rules! string_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The value as the client sent it.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_newtype!(
    /// The name of a user to look up (`existingUserNameType`: 1–128).
    UserName
);
string_newtype!(
    /// The name of a user to create (`userNameType`: 1–64).
    NewUserName
);
string_newtype!(
    /// An MFA device's serial number: a virtual device's ARN (9–256).
    SerialNumber
);
string_newtype!(
    /// A virtual MFA device's name (at least 1; the model sets no maximum).
    DeviceName
);
string_newtype!(
    /// A path such as `/` or `/division/team/` (1–512).
    IamPath
);
string_newtype!(
    /// A path prefix for listing, such as `/division` (1–512).
    PathPrefix
);
string_newtype!(
    /// A tag key (1–128, Unicode letters, spaces, digits and `_.:/=+-@`).
    TagKey
);
string_newtype!(
    /// A tag value (0–256, same characters as a key).
    TagValue
);
string_newtype!(
    /// A pagination marker as sent by the client (1–320).
    Marker
);

impl Parse for UserName {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        check(
            value,
            1,
            Some(128),
            |v| NAME_RE.is_match(v),
            Violation::InvalidName,
        )?;
        Ok(Self(value.to_owned()))
    }
}

impl Parse for NewUserName {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        check(
            value,
            1,
            Some(64),
            |v| NAME_RE.is_match(v),
            Violation::InvalidName,
        )?;
        Ok(Self(value.to_owned()))
    }
}

impl NewUserName {
    /// The same name, as used to look the user up.
    #[must_use]
    pub fn to_lookup(&self) -> UserName {
        UserName(self.0.clone())
    }
}

impl Parse for SerialNumber {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        check(
            value,
            9,
            Some(256),
            |v| SERIAL_RE.is_match(v),
            Violation::Pattern(SERIAL),
        )?;
        Ok(Self(value.to_owned()))
    }
}

impl Parse for DeviceName {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        check(
            value,
            1,
            None,
            |v| NAME_RE.is_match(v),
            Violation::InvalidName,
        )?;
        Ok(Self(value.to_owned()))
    }
}

impl Parse for IamPath {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        check(
            value,
            1,
            Some(512),
            |v| PATH_RE.is_match(v),
            Violation::InvalidPath,
        )?;
        Ok(Self(value.to_owned()))
    }
}

impl IamPath {
    /// The default path, `/`.
    #[must_use]
    pub fn root() -> Self {
        Self("/".to_owned())
    }
}

impl Parse for PathPrefix {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        check(
            value,
            1,
            Some(512),
            |v| PATH_PREFIX_RE.is_match(v),
            Violation::InvalidPathPrefix,
        )?;
        Ok(Self(value.to_owned()))
    }
}

impl Parse for TagKey {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        check(
            value,
            1,
            Some(128),
            |v| TAG_RE.is_match(v),
            Violation::Pattern(TAG_KEY),
        )?;
        Ok(Self(value.to_owned()))
    }
}

impl TagKey {
    /// The key as IAM compares keys: case-insensitively.
    #[must_use]
    pub fn folded(&self) -> String {
        self.0.to_lowercase()
    }

    /// The single message AWS gives for a bad element of a key list.
    #[must_use]
    pub fn list_member_violation() -> Violation {
        Violation::ListMember(TAG_KEY_MEMBER)
    }
}

impl Parse for TagValue {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        check(
            value,
            0,
            Some(256),
            |v| TAG_RE.is_match(v),
            Violation::Pattern(TAG_VALUE),
        )?;
        Ok(Self(value.to_owned()))
    }
}

impl Parse for Marker {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        check(
            value,
            1,
            Some(320),
            |v| MARKER_RE.is_match(v),
            Violation::Pattern(MARKER),
        )?;
        Ok(Self(value.to_owned()))
    }
}

/// A six-digit code of an authenticator app (`authenticationCodeType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthenticationCode(u32);

/// A six-digit code given to STS (`tokenCodeType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenCode(u32);

fn six_digits(value: &str, pattern: &'static str) -> Result<u32, Vec<Violation>> {
    check(
        value,
        6,
        Some(6),
        |v| v.bytes().all(|b| b.is_ascii_digit()),
        Violation::Pattern(pattern),
    )?;
    value.parse().map_err(|_| vec![Violation::Pattern(pattern)])
}

impl Parse for AuthenticationCode {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        six_digits(value, CODE).map(Self)
    }
}

impl Parse for TokenCode {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        six_digits(value, TOKEN_CODE).map(Self)
    }
}

impl AuthenticationCode {
    /// The code as a number (leading zeros are not significant).
    #[must_use]
    pub fn value(self) -> u32 {
        self.0
    }
}

impl TokenCode {
    /// The code as a number (leading zeros are not significant).
    #[must_use]
    pub fn value(self) -> u32 {
        self.0
    }
}

/// An integer within the model's range.
fn integer(value: &str, min: i64, max: i64) -> Result<i64, Vec<Violation>> {
    let n: i64 = value
        .trim()
        .parse()
        .map_err(|_| vec![Violation::NotInteger])?;
    if n < min {
        return Err(vec![Violation::MinValue(min)]);
    }
    if n > max {
        return Err(vec![Violation::MaxValue(max)]);
    }
    Ok(n)
}

/// How many items a list call returns at most (`maxItemsType`: 1–1000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxItems(usize);

impl Parse for MaxItems {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        let n = integer(value, 1, 1000)?;
        Ok(Self(
            usize::try_from(n).map_err(|_| vec![Violation::MinValue(1)])?,
        ))
    }
}

impl Default for MaxItems {
    /// IAM's default page size, 100.
    fn default() -> Self {
        Self(100)
    }
}

impl MaxItems {
    /// The number of items.
    #[must_use]
    pub fn get(self) -> usize {
        self.0
    }
}

/// How long STS credentials live (`durationSecondsType`: 900–129600).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationSeconds(i64);

impl Parse for DurationSeconds {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        integer(value, 900, 129_600).map(Self)
    }
}

impl Default for DurationSeconds {
    /// `GetSessionToken`'s default, 12 hours.
    fn default() -> Self {
        Self(43_200)
    }
}

impl DurationSeconds {
    /// The number of seconds.
    #[must_use]
    pub fn get(self) -> i64 {
        self.0
    }
}

/// Which virtual devices `ListVirtualMFADevices` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssignmentStatus {
    /// Devices enabled for a user.
    Assigned,
    /// Devices not enabled.
    Unassigned,
    /// Both (the default).
    #[default]
    Any,
}

impl Parse for AssignmentStatus {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        match value {
            "Assigned" => Ok(Self::Assigned),
            "Unassigned" => Ok(Self::Unassigned),
            "Any" => Ok(Self::Any),
            _ => Err(vec![Violation::Enum]),
        }
    }
}

/// The state of an access key (`statusType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    /// The key signs requests.
    Active,
    /// The key is refused.
    Inactive,
}

impl Parse for KeyStatus {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        match value {
            "Active" => Ok(Self::Active),
            "Inactive" => Ok(Self::Inactive),
            _ => Err(vec![Violation::Enum]),
        }
    }
}

impl KeyStatus {
    /// The wire spelling.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Inactive => "Inactive",
        }
    }
}

/// An access key id (`accessKeyIdType`: 16–128, `[\w]+`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AccessKeyId(String);

impl Parse for AccessKeyId {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        static RE: LazyLock<Regex> = LazyLock::new(|| anchored(r"^[A-Za-z0-9_]+$"));
        check(
            value,
            16,
            Some(128),
            |v| RE.is_match(v),
            Violation::Pattern(r"[\w]+"),
        )?;
        Ok(Self(value.to_owned()))
    }
}

impl AccessKeyId {
    /// The id as sent.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A policy ARN (`arnType`: 20–2048, no pattern).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn(String);

impl Parse for Arn {
    fn parse(value: &str) -> Result<Self, Vec<Violation>> {
        check(value, 20, Some(2048), |_| true, Violation::Enum)?;
        Ok(Self(value.to_owned()))
    }
}

impl Arn {
    /// The ARN as sent.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests;
