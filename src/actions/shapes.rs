//! The wire shapes results are made of, and the small XML writer they are
//! written with.
//!
//! AWS's rules for awsQuery XML are kept here: lists wrap each item in
//! `<member>` and are written even when empty (`<MFADevices/>`), absent
//! optional members are omitted, timestamps are ISO 8601 in `Z`, blobs are
//! base64. Text is escaped with quick-xml.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jiff::Timestamp;

use crate::iam::UserSummary;
use crate::iam::clock::write_iso8601;
use crate::iam::page::Page;
use crate::iam::tags::Tag;

/// Appends XML to a string. Element names are trusted constants; text is
/// escaped.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
}

impl XmlWriter {
    /// An empty document with room for `capacity` bytes.
    #[must_use]
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            out: String::with_capacity(capacity),
        }
    }

    /// Appends trusted markup as is.
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// `<name>`.
    pub fn open(&mut self, name: &str) {
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// `<name>text</name>`, with the text escaped.
    pub fn element(&mut self, name: &str, text: &str) {
        self.open(name);
        // Almost every value (names, ARNs, ids, dates) has nothing to
        // escape: a byte scan is cheaper than the general escaper.
        if text
            .bytes()
            .any(|b| matches!(b, b'<' | b'>' | b'&' | b'"' | b'\''))
        {
            self.out.push_str(&quick_xml::escape::escape(text));
        } else {
            self.out.push_str(text);
        }
        self.close(name);
    }

    /// An element only when there is a value.
    pub fn optional(&mut self, name: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.element(name, text);
        }
    }

    /// A timestamp element.
    pub fn timestamp(&mut self, name: &str, at: Timestamp) {
        self.open(name);
        write_iso8601(&mut self.out, at);
        self.close(name);
    }

    /// A blob element: standard base64 with padding.
    pub fn blob(&mut self, name: &str, bytes: &[u8]) {
        self.element(name, &STANDARD.encode(bytes));
    }

    /// A boolean element, `true` or `false`.
    pub fn boolean(&mut self, name: &str, value: bool) {
        self.element(name, if value { "true" } else { "false" });
    }

    /// A list: `<name/>` when empty, else each item inside `<member>`.
    pub fn list<T>(&mut self, name: &str, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        if items.is_empty() {
            self.out.push('<');
            self.out.push_str(name);
            self.out.push_str("/>");
            return;
        }
        self.open(name);
        for each in items {
            self.open("member");
            item(self, each);
            self.close("member");
        }
        self.close(name);
    }

    /// The text written so far.
    #[must_use]
    pub fn finish(self) -> String {
        self.out
    }
}

/// A result that can be written inside `<{Action}Result>`.
pub trait Render {
    /// Whether the action has a `<{Action}Result>` element at all; actions
    /// with no output (`()`) have none.
    fn has_result(&self) -> bool {
        true
    }

    /// Writes the result's members.
    fn render(&self, w: &mut XmlWriter);

    /// About how many bytes the result takes, so the response buffer is
    /// allocated once.
    fn size_hint(&self) -> usize {
        0
    }
}

impl Render for () {
    fn has_result(&self) -> bool {
        false
    }

    fn render(&self, _: &mut XmlWriter) {}
}

/// Writes an IAM `User` structure's members; tags and the permissions
/// boundary only where the summary carries them.
pub fn write_user(w: &mut XmlWriter, user: &UserSummary) {
    w.optional("Path", user.path.as_deref());
    w.optional("UserName", user.name.as_deref());
    w.element("UserId", &user.id);
    w.element("Arn", &user.arn);
    w.timestamp("CreateDate", user.create_date);
    if let Some(arn) = &user.permissions_boundary {
        w.open("PermissionsBoundary");
        w.element("PermissionsBoundaryType", "PermissionsBoundaryPolicy");
        w.element("PermissionsBoundaryArn", arn);
        w.close("PermissionsBoundary");
    }
    if !user.tags.is_empty() {
        write_tags(w, &user.tags);
    }
}

/// Writes `<Tags>` with `Key`/`Value` members.
pub fn write_tags(w: &mut XmlWriter, tags: &[Tag]) {
    w.list("Tags", tags, |w, tag| {
        w.element("Key", tag.key.as_str());
        w.element("Value", tag.value.as_str());
    });
}

/// Writes a page: its list under `name`, then `IsTruncated` and `Marker`.
pub fn write_page<T>(
    w: &mut XmlWriter,
    name: &str,
    page: &Page<T>,
    item: impl FnMut(&mut XmlWriter, &T),
) {
    w.list(name, &page.items, item);
    w.boolean("IsTruncated", page.is_truncated());
    w.optional("Marker", page.marker.as_deref());
}

#[cfg(test)]
mod tests;
