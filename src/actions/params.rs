//! awsQuery parameters: decoding, and reading them into validated values
//! with AWS's `ValidationError` wording.
//!
//! Parameters come from the query string and the form body alike. They are
//! kept sorted by name, so a lookup is a binary search and a list's members
//! (`Tags.member.N.Key`) are one contiguous run. A name sent twice with two
//! different values is refused rather than guessed at.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::iam::names::{Parse, TagKey, TagValue, Violation};
use crate::iam::tags::{MAX_TAGS, Tag};

/// The decoded parameters of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    /// Sorted by name; names are unique.
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Decodes a query string and a form body. Percent-encodings that are not
    /// UTF-8 become U+FFFD, which every constrained parameter then refuses.
    ///
    /// # Errors
    ///
    /// `MalformedQueryString` when one name carries two different values.
    pub fn decode(query: Option<&str>, body: &[u8]) -> Result<Self> {
        let from_query = query
            .map(|q| form_urlencoded::parse(q.as_bytes()))
            .into_iter()
            .flatten();
        let mut pairs: Vec<(String, String)> = from_query
            .chain(form_urlencoded::parse(body))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        pairs.dedup();
        if let Some(window) = pairs.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(Error::MalformedQueryString(format!(
                "The parameter {} is given more than once with different values.",
                window[0].0
            )));
        }
        Ok(Self { pairs })
    }

    /// Parameters from name/value pairs (for tests and embedding).
    ///
    /// # Errors
    ///
    /// As [`Params::decode`].
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        Self::decode(None, body.as_bytes())
    }

    /// The value of `name`, if sent.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .map(|i| self.pairs[i].1.as_str())
    }

    /// The `Action` parameter.
    #[must_use]
    pub fn action(&self) -> Option<&str> {
        self.get("Action").filter(|a| !a.is_empty())
    }

    /// The `Version` parameter.
    #[must_use]
    pub fn version(&self) -> Option<&str> {
        self.get("Version").filter(|v| !v.is_empty())
    }

    /// The parameters whose names start with `prefix`, with the prefix cut.
    fn with_prefix(&self, prefix: String) -> impl Iterator<Item = (&str, &str)> {
        let start = self.pairs.partition_point(|(n, _)| *n < prefix);
        self.pairs[start..].iter().map_while(move |(n, v)| {
            n.strip_prefix(prefix.as_str())
                .map(|rest| (rest, v.as_str()))
        })
    }

    /// A reader that collects every violation before answering.
    #[must_use]
    pub fn reader(&self) -> Reader<'_> {
        Reader {
            params: self,
            violations: Vec::new(),
        }
    }
}

/// The name AWS's messages use for a parameter: its first letter lower-cased.
fn field_name(parameter: &str) -> String {
    let mut chars = parameter.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// AWS's text for a set of violations: IAM's own sentence where it has one,
/// else `N validation error(s) detected: Value at 'f' failed to satisfy
/// constraint: ...` joined by `; `.
fn message(violations: &[(String, Violation)]) -> String {
    if let Some(sentence) = violations.iter().find_map(|(f, v)| v.sentence(f)) {
        return sentence;
    }
    let count = violations.len();
    let noun = if count == 1 { "error" } else { "errors" };
    let details: Vec<String> = violations
        .iter()
        .map(|(field, v)| {
            format!(
                "Value at '{field}' failed to satisfy constraint: {}",
                v.constraint()
            )
        })
        .collect();
    format!("{count} validation {noun} detected: {}", details.join("; "))
}

/// Reads parameters into validated values, collecting every violation so the
/// answer lists them all, as AWS does.
#[derive(Debug)]
pub struct Reader<'a> {
    params: &'a Params,
    violations: Vec<(String, Violation)>,
}

impl<'a> Reader<'a> {
    fn record<T>(&mut self, field: &str, violations: Vec<Violation>) -> Result<T> {
        let these: Vec<(String, Violation)> = violations
            .into_iter()
            .map(|v| (field.to_owned(), v))
            .collect();
        let error = Error::Validation(message(&these));
        self.violations.extend(these);
        Err(error)
    }

    /// A parameter the action cannot do without.
    ///
    /// # Errors
    ///
    /// `ValidationError` (also recorded for [`Reader::finish`]).
    pub fn required<T: Parse>(&mut self, name: &str) -> Result<T> {
        match self.optional(name)? {
            Some(value) => Ok(value),
            None => self.record(&field_name(name), vec![Violation::NotNull]),
        }
    }

    /// A parameter that may be absent.
    ///
    /// # Errors
    ///
    /// `ValidationError` (also recorded for [`Reader::finish`]).
    pub fn optional<T: Parse>(&mut self, name: &str) -> Result<Option<T>> {
        match self.params.get(name) {
            None => Ok(None),
            Some(value) => match T::parse(value) {
                Ok(parsed) => Ok(Some(parsed)),
                Err(violations) => self.record(&field_name(name), violations),
            },
        }
    }

    /// The members of a list parameter (`Name.member.N[.Field]`) by index,
    /// or `None` when the list is absent. The bare `Name=` is the empty list.
    fn list_members(&self, name: &str) -> Option<BTreeMap<u32, Vec<(&'a str, &'a str)>>> {
        let params: &'a Params = self.params;
        let mut members: BTreeMap<u32, Vec<(&str, &str)>> = BTreeMap::new();
        for (rest, value) in params.with_prefix(format!("{name}.member.")) {
            let (index, field) = rest.split_once('.').unwrap_or((rest, ""));
            // Members numbered 0, or not numbers at all, are not members:
            // unknown parameters are ignored, as AWS does.
            if let Ok(index @ 1..) = index.parse::<u32>() {
                members.entry(index).or_default().push((field, value));
            }
        }
        (!members.is_empty() || params.get(name).is_some()).then_some(members)
    }

    /// A list of tags (`Tags.member.N.Key` / `.Value`); `None` when absent.
    ///
    /// # Errors
    ///
    /// `ValidationError` for more than 50 tags or a bad key or value.
    pub fn tags(&mut self, name: &str) -> Result<Option<Vec<Tag>>> {
        let Some(members) = self.list_members(name) else {
            return Ok(None);
        };
        let field = field_name(name);
        if members.len() > MAX_TAGS {
            return self.record(&field, vec![Violation::MaxLength(MAX_TAGS)]);
        }
        let mut tags = Vec::with_capacity(members.len());
        let mut failed = None;
        for (index, fields) in members {
            let get = |wanted: &str| fields.iter().find(|(f, _)| *f == wanted).map(|(_, v)| *v);
            let key = self.member::<TagKey>(get("Key"), &format!("{field}.{index}.member.key"));
            let value =
                self.member::<TagValue>(get("Value"), &format!("{field}.{index}.member.value"));
            match (key, value) {
                (Ok(key), Ok(value)) => tags.push(Tag { key, value }),
                (Err(e), _) | (_, Err(e)) => failed = Some(e),
            }
        }
        failed.map_or(Ok(Some(tags)), Err)
    }

    fn member<T: Parse>(&mut self, value: Option<&str>, field: &str) -> Result<T> {
        match value.map(T::parse) {
            Some(Ok(parsed)) => Ok(parsed),
            Some(Err(violations)) => self.record(field, violations),
            None => self.record(field, vec![Violation::NotNull]),
        }
    }

    /// A list of tag keys (`TagKeys.member.N`); `None` when absent.
    ///
    /// # Errors
    ///
    /// `ValidationError` for more than 50 keys or a bad key.
    pub fn tag_keys(&mut self, name: &str) -> Result<Option<Vec<TagKey>>> {
        let Some(members) = self.list_members(name) else {
            return Ok(None);
        };
        let field = field_name(name);
        if members.len() > MAX_TAGS {
            return self.record(&field, vec![Violation::MaxLength(MAX_TAGS)]);
        }
        let mut keys = Vec::with_capacity(members.len());
        for fields in members.values() {
            match fields
                .iter()
                .find(|(f, _)| f.is_empty())
                .map(|(_, v)| TagKey::parse(v))
            {
                Some(Ok(key)) => keys.push(key),
                _ => return self.record(&field, vec![TagKey::list_member_violation()]),
            }
        }
        Ok(Some(keys))
    }

    /// A required list: absent is a `Member must not be null` violation.
    ///
    /// # Errors
    ///
    /// `ValidationError`.
    pub fn require_list<T>(&mut self, name: &str, list: Result<Option<Vec<T>>>) -> Result<Vec<T>> {
        match list? {
            Some(items) => Ok(items),
            None => self.record(&field_name(name), vec![Violation::NotNull]),
        }
    }

    /// Answers for every violation read so far, all in one message.
    ///
    /// # Errors
    ///
    /// `ValidationError` when anything was invalid.
    pub fn finish(self) -> Result<()> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(message(&self.violations)))
        }
    }
}

#[cfg(test)]
mod tests;
