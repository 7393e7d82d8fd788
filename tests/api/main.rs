//! Integration tests: every test drives a real server over real HTTP on an
//! ephemeral port, with the server's clock frozen and moved by the test.
#![allow(
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::missing_panics_doc,
    clippy::too_many_lines
)]

mod helpers;

mod access_keys;
mod binary;
mod control;
mod create_user;
mod create_virtual_mfa_device;
mod deactivate_mfa_device;
mod delete_user;
mod delete_virtual_mfa_device;
mod enable_mfa_device;
mod garbage;
mod get_mfa_device;
mod get_user;
mod invariants;
mod lifecycle;
mod list_mfa_device_tags;
mod list_mfa_devices;
mod list_users;
mod list_virtual_mfa_devices;
mod protocol;
mod resync_mfa_device;
mod sdk;
mod sts;
mod tag_mfa_device;
mod untag_mfa_device;
