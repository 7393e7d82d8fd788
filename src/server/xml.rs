//! The XML envelopes, written in one place: `<{Action}Response>` around an
//! optional `<{Action}Result>` and `<ResponseMetadata>`, and IAM's
//! `<ErrorResponse>`.

use crate::actions::{Action, Render, Service, XmlWriter};
use crate::error::Error;

/// The success body of action `A`.
#[must_use]
pub fn success<A: Action>(output: &A::Output, request_id: &str) -> String {
    // The envelope itself is about 250 bytes.
    let mut w = XmlWriter::with_capacity(384 + output.size_hint());
    w.raw("<");
    w.raw(A::NAME);
    w.raw("Response xmlns=\"");
    w.raw(A::SERVICE.namespace());
    w.raw("\">");
    if output.has_result() {
        w.raw("<");
        w.raw(A::NAME);
        w.raw("Result>");
        output.render(&mut w);
        w.raw("</");
        w.raw(A::NAME);
        w.raw("Result>");
    }
    w.open("ResponseMetadata");
    w.element("RequestId", request_id);
    w.close("ResponseMetadata");
    w.raw("</");
    w.raw(A::NAME);
    w.raw("Response>");
    w.finish()
}

/// The `ErrorResponse` body of `error`; `RequestId` is a direct child of
/// the root, as in AWS's query protocol.
#[must_use]
pub fn error(error: &Error, service: Service, request_id: &str) -> String {
    let mut w = XmlWriter::with_capacity(512);
    w.raw("<ErrorResponse xmlns=\"");
    w.raw(service.namespace());
    w.raw("\">");
    w.open("Error");
    w.element(
        "Type",
        if error.is_sender_fault() {
            "Sender"
        } else {
            "Receiver"
        },
    );
    w.element("Code", error.code());
    w.element("Message", &error.message());
    w.close("Error");
    w.element("RequestId", request_id);
    w.raw("</ErrorResponse>");
    w.finish()
}

#[cfg(test)]
mod tests;
