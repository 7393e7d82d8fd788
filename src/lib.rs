//! iam-mfa-emulator: AWS IAM's MFA API (and STS's MFA check) emulated over
//! awsQuery, faithfully enough that real AWS SDKs, the AWS CLI and curl
//! cannot tell it from IAM.
//!
//! # Architecture
//!
//! Dependencies point one way: `server → actions → iam → store`, and all
//! of them use [`error`].
//!
//! - [`server`]: HTTP. The axum router sends every request to one handler,
//!   which reads the parameters and credential ([`server::extract`]), picks
//!   the action from the one list ([`server::dispatch`]) and writes the XML
//!   envelope ([`server::xml`]).
//! - [`actions`]: the protocol. One file per action turns [`actions::Params`]
//!   into a typed, validated request (AWS's `ValidationError` texts), runs
//!   it, and describes its result's wire shape.
//! - [`iam`]: the domain, synchronous and free of HTTP and XML: users,
//!   virtual MFA devices, TOTP, the clock, ids.
//! - [`store`]: per-account state behind one lock each.
//!
//! A request: `POST /` → [`server`] → `dispatch` → `A::from_params` →
//! `A::run(&iam)` → `Iam::enable_mfa_device(..)` → `store.write(|account| ..)`
//! → `xml::success::<A>` or `xml::error`.

pub mod actions;
pub mod config;
pub mod error;
pub mod iam;
pub mod server;
pub mod store;
pub mod testing;

use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;

pub use config::Config;

// The README's Rust examples are compiled, and run where they need no
// server of their own, as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
pub use error::{Error, Result};
pub use iam::Iam;

/// The whole HTTP application for `iam`; the control API requires
/// `control_token` as a bearer token when one is given.
pub fn app(iam: Arc<Iam>, control_token: Option<&str>) -> axum::Router {
    server::router(server::AppState {
        iam,
        control_token: control_token.map(Arc::from),
        started: iam::clock::Stopwatch::start(),
    })
}

/// Serves `app` on an already-bound listener until `shutdown` completes,
/// then finishes the requests in flight.
///
/// # Errors
///
/// An I/O error of the listener.
pub async fn serve(
    listener: TcpListener,
    app: axum::Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
