//! The ceiling for the benchmark: a bare axum server that parses the form
//! body of any `POST /` and answers a fixed awsQuery XML document of the
//! size of a real `EnableMFADevice` answer. Whatever the emulator does on top
//! (routing by Action, validation, state, TOTP) shows as the gap to this.
//!
//! ```text
//! cargo run --release --example bare_axum -- --listen 127.0.0.1:4599
//! ```

use std::net::SocketAddr;

use axum::Router;
use axum::extract::Form;
use axum::http::header::{CONTENT_TYPE, HeaderName};
use axum::response::IntoResponse;
use axum::routing::post;
use clap::Parser;

#[derive(Parser)]
#[command(about = "Bare axum server answering every form POST with a fixed XML body")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:4599")]
    listen: SocketAddr,
}

/// Same shape and size (197 bytes) as the emulator's `EnableMFADevice`
/// success answer, with the same headers (`text/xml`, `x-amzn-requestid`).
const BODY: &str = concat!(
    "<EnableMFADeviceResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">",
    "<ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eb4b5d2a1</RequestId></ResponseMetadata>",
    "</EnableMFADeviceResponse>"
);

const REQUEST_ID: &str = "7a62c49f-347e-4fc4-9331-6e8eb4b5d2a1";

async fn answer(Form(params): Form<Vec<(String, String)>>) -> impl IntoResponse {
    // The form is parsed like a real handler would; keep it observable.
    std::hint::black_box(&params);
    (
        [
            (CONTENT_TYPE, "text/xml"),
            (HeaderName::from_static("x-amzn-requestid"), REQUEST_ID),
        ],
        BODY,
    )
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let app = Router::new().route("/", post(answer));
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    eprintln!("bare_axum listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await
}
