//! Unit tests of `shapes`.

use super::*;

#[test]
fn text_is_escaped_and_empty_lists_are_self_closing() {
    let mut w = XmlWriter::with_capacity(64);
    w.element("Message", "a<b & \"c\"");
    w.list::<u8>("MFADevices", &[], |_, _| {});
    w.list("Ids", &[1, 2], |w, n| w.element("Id", &n.to_string()));
    assert_eq!(
        w.finish(),
        "<Message>a&lt;b &amp; &quot;c&quot;</Message><MFADevices/>\
         <Ids><member><Id>1</Id></member><member><Id>2</Id></member></Ids>"
    );
}

#[test]
fn blobs_are_padded_base64() {
    let mut w = XmlWriter::with_capacity(64);
    w.blob("Seed", b"AB");
    assert_eq!(w.finish(), "<Seed>QUI=</Seed>");
}
