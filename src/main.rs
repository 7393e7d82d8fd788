//! The `iam-mfa-emulator` binary: flags → logging → state (and `--init`)
//! → bind → serve, until SIGINT or SIGTERM.

use std::process::ExitCode;

use clap::Parser as _;
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
    // Everything that can refuse to start does so before the port opens.
    let iam = match config.check().and_then(|()| config.load()) {
        Ok(iam) => iam,
        Err(message) => {
            eprintln!("iam-mfa-emulator: {message}");
            return ExitCode::FAILURE;
        }
    };
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
    match listener.local_addr() {
        Ok(addr) => eprintln!("iam-mfa-emulator listening on http://{addr}"),
        Err(_) => eprintln!("iam-mfa-emulator listening on {}", config.listen),
    }
    let app = app(iam, config.control_token.as_deref());
    if let Err(error) = serve(listener, app, shutdown_signal()).await {
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
