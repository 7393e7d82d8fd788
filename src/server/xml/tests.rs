//! Unit tests of `xml`.

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
