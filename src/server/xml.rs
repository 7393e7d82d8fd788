//! The XML envelopes, written in one place: `<{Action}Response>` around an
//! optional `<{Action}Result>` and `<ResponseMetadata>`, and IAM's
//! `<ErrorResponse>`.

use crate::actions::{Action, Render, Service, XmlWriter};
use crate::error::Error;

/// The success body of action `A`.
#[must_use]
pub fn success<A: Action>(output: &A::Output, request_id: &str) -> String {
    let mut w = XmlWriter::new();
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
    let mut w = XmlWriter::new();
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
mod tests {
    use super::*;
    use crate::actions::enable_mfa_device::EnableMfaDevice;

    #[test]
    fn an_action_without_output_has_no_result_element() {
        assert_eq!(
            success::<EnableMfaDevice>(&(), "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"),
            "<EnableMFADeviceResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">\
             <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>\
             </ResponseMetadata></EnableMFADeviceResponse>"
        );
    }

    #[test]
    fn errors_carry_type_code_message_and_request_id() {
        assert_eq!(
            error(
                &Error::no_such_user("nonexistent-user"),
                Service::Iam,
                "98ca53c1"
            ),
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>\
             <Type>Sender</Type><Code>NoSuchEntity</Code>\
             <Message>The user with name nonexistent-user cannot be found.</Message></Error>\
             <RequestId>98ca53c1</RequestId></ErrorResponse>"
        );
        assert!(
            error(&Error::internal("x"), Service::Sts, "r")
                .contains("<Type>Receiver</Type><Code>ServiceFailure</Code>")
        );
    }
}
