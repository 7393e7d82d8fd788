//! The `iam-mfa-emulator` binary: flags → logging → bind → serve, until
//! SIGINT or SIGTERM.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser as _;
use iam_mfa_emulator::iam::ManualClock;
use iam_mfa_emulator::{Config, app, serve};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("warn,iam_mfa_emulator=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "iam-mfa-emulator: cannot listen on {}: {error}",
                config.listen
            );
            return ExitCode::FAILURE;
        }
    };
    let iam = config.build(Arc::new(ManualClock::system()));
    match listener.local_addr() {
        Ok(addr) => eprintln!("iam-mfa-emulator listening on http://{addr}"),
        Err(_) => eprintln!("iam-mfa-emulator listening on {}", config.listen),
    }
    if let Err(error) = serve(listener, app(iam), shutdown_signal()).await {
        eprintln!("iam-mfa-emulator: {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
