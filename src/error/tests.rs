//! Unit tests of `error`.

use super::*;

#[test]
fn every_variant_has_the_code_and_status_of_the_service_model() {
    let cases = [
        (
            Error::Validation(String::new()),
            "ValidationError",
            400,
            true,
        ),
        (
            Error::NoSuchEntity(String::new()),
            "NoSuchEntity",
            404,
            true,
        ),
        (
            Error::EntityAlreadyExists(String::new()),
            "EntityAlreadyExists",
            409,
            true,
        ),
        (
            Error::InvalidAuthenticationCode(String::new()),
            "InvalidAuthenticationCode",
            403,
            true,
        ),
        (
            Error::LimitExceeded(String::new()),
            "LimitExceeded",
            409,
            true,
        ),
        (
            Error::DeleteConflict(String::new()),
            "DeleteConflict",
            409,
            true,
        ),
        (
            Error::InvalidInput(String::new()),
            "InvalidInput",
            400,
            true,
        ),
        (
            Error::AccessDenied(String::new()),
            "AccessDenied",
            403,
            true,
        ),
        (
            Error::InvalidClientTokenId(String::new()),
            "InvalidClientTokenId",
            403,
            true,
        ),
        (
            Error::ExpiredToken(String::new()),
            "ExpiredToken",
            403,
            true,
        ),
        (
            Error::InvalidAction(String::new()),
            "InvalidAction",
            400,
            true,
        ),
        (
            Error::MissingAction(String::new()),
            "MissingAction",
            400,
            true,
        ),
        (
            Error::MalformedQueryString(String::new()),
            "MalformedQueryString",
            400,
            true,
        ),
        (
            Error::RequestEntityTooLarge(String::new()),
            "RequestEntityTooLarge",
            413,
            true,
        ),
        (
            Error::ServiceFailure(String::new()),
            "ServiceFailure",
            500,
            false,
        ),
    ];
    for (error, code, status, sender) in cases {
        assert_eq!(error.code(), code);
        assert_eq!(error.status().as_u16(), status, "{code}");
        assert_eq!(error.is_sender_fault(), sender, "{code}");
    }
}

#[test]
fn a_service_failure_never_shows_its_cause() {
    let error = Error::internal("lock poisoned at store.rs");
    assert!(!error.message().contains("poisoned"));
}

#[test]
fn invalid_action_names_the_version_or_its_absence() {
    assert_eq!(
        Error::invalid_action("Frobnicate", Some("2010-05-08")).message(),
        "Could not find operation Frobnicate for version 2010-05-08"
    );
    assert_eq!(
        Error::invalid_action("Frobnicate", None).message(),
        "Could not find operation Frobnicate for version NO_VERSION_SPECIFIED"
    );
}
