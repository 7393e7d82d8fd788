//! Just enough XML reading for awsQuery answers: the text of the first
//! `<Tag>…</Tag>` element, and entity unescaping for short values.

/// Raw text between the first `<tag>` and the following `</tag>`.
pub(crate) fn tag_text<'a>(body: &'a [u8], tag: &str) -> Option<&'a [u8]> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = find(body, open.as_bytes())? + open.len();
    let len = find(&body[start..], close.as_bytes())?;
    Some(&body[start..start + len])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Text of a tag as an unescaped string.
pub(crate) fn tag_string(body: &[u8], tag: &str) -> Option<String> {
    let raw = std::str::from_utf8(tag_text(body, tag)?).ok()?;
    Some(unescape(raw))
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#xD;", "\r")
        .replace("&#13;", "\r")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags() {
        let body = b"<ErrorResponse><Error><Code>NoSuchEntity</Code></Error><Marker>a&amp;b</Marker></ErrorResponse>";
        assert_eq!(tag_text(body, "Code"), Some(&b"NoSuchEntity"[..]));
        assert_eq!(tag_string(body, "Marker").as_deref(), Some("a&b"));
        assert_eq!(tag_text(body, "Missing"), None);
    }
}
