//! Integration tests: every test drives a real server over real HTTP on an
//! ephemeral port, with the server's clock frozen and moved by the test.
#![allow(
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::missing_panics_doc
)]

mod helpers;

mod enable_mfa_device;
