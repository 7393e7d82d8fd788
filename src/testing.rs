//! An in-process server for tests: start it on an ephemeral loopback port,
//! drive its clock, and let it shut down when dropped.
//!
//! This is what a Rust project adds this crate as a dev-dependency for, and
//! what this crate's own integration tests run on.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use iam_mfa_emulator::testing::TestServer;
//!
//! let server = TestServer::start().await?;
//! // Point an SDK at `server.url()`; move time as the test needs.
//! server.clock().advance(jiff::SignedDuration::from_secs(30));
//! let body = reqwest::Client::new()
//!     .post(server.url())
//!     .form(&[("Action", "ListUsers"), ("Version", "2010-05-08")])
//!     .send()
//!     .await
//!     .map_err(std::io::Error::other)?
//!     .text()
//!     .await
//!     .map_err(std::io::Error::other)?;
//! assert!(body.contains("<Users/>"));
//! # Ok(())
//! # }
//! ```

use std::net::SocketAddr;
use std::sync::Arc;

use jiff::Timestamp;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::config::Config;
use crate::iam::{Iam, ManualClock};

/// A running server with a frozen, test-controlled clock.
#[derive(Debug)]
pub struct TestServer {
    addr: SocketAddr,
    url: String,
    iam: Arc<Iam>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl TestServer {
    /// Starts a server with default settings, its clock frozen at the current
    /// system time.
    ///
    /// # Errors
    ///
    /// When no loopback port can be bound.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_with(&Config::default(), Timestamp::now()).await
    }

    /// Starts a server configured by `config` (its listen address is
    /// ignored: the server takes a free loopback port), its clock frozen at
    /// `now`.
    ///
    /// # Errors
    ///
    /// When no loopback port can be bound.
    pub async fn start_with(config: &Config, now: Timestamp) -> std::io::Result<Self> {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let addr = listener.local_addr()?;
        let iam = config.build(Arc::new(ManualClock::frozen_at(now)));
        let (tx, rx) = oneshot::channel::<()>();
        let app = crate::app(Arc::clone(&iam), config.control_token.as_deref());
        tokio::spawn(async move {
            let shutdown = async {
                let _ = rx.await;
            };
            if let Err(error) = crate::serve(listener, app, shutdown).await {
                tracing::error!(%error, "test server stopped");
            }
        });
        Ok(Self {
            addr,
            url: format!("http://{addr}"),
            iam,
            shutdown: Some(tx),
        })
    }

    /// The endpoint URL, e.g. `http://127.0.0.1:38211`.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The socket address the server listens on.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The server's clock: set, advance, freeze or thaw it.
    #[must_use]
    pub fn clock(&self) -> &ManualClock {
        self.iam.clock()
    }

    /// The emulated service, for inspection and control.
    #[must_use]
    pub fn iam(&self) -> &Arc<Iam> {
        &self.iam
    }

    /// The codes an authenticator app shows for the device `serial` at the
    /// server's clock: the pair `EnableMFADevice` accepts right now.
    ///
    /// # Errors
    ///
    /// `NoSuchEntity` for an unknown device.
    pub fn mfa_codes(&self, serial: &str) -> crate::Result<crate::iam::inspect::MfaCodes> {
        let default = &self.iam.settings().default_account;
        let account = crate::iam::inspect::account_of_arn(serial).unwrap_or(default);
        self.iam.mfa_codes(account, serial)
    }

    /// Forgets every account.
    pub fn reset(&self) {
        self.iam.reset(None);
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
