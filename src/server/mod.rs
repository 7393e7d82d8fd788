//! HTTP: the router, one handler for every awsQuery request, and the
//! response headers. Knows axum; knows nothing of IAM's rules.
//!
//! Every request gets a request id first, so that even a body that cannot be
//! read is answered with a proper `ErrorResponse` carrying one. The action
//! runs synchronously inside `catch_unwind`: a panic becomes `ServiceFailure`
//! (500) with its cause logged, never a dropped connection.

pub mod control;
pub mod dispatch;
pub mod extract;
pub mod xml;

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tracing::Instrument as _;

use crate::actions::Service;
use crate::error::{Error, Result};
use crate::iam::Iam;

/// The largest request body accepted: ample for 50 tags of the longest keys
/// and values, percent-encoded.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The emulated service.
    pub iam: Arc<Iam>,
    /// The bearer token the control API requires, if any.
    pub control_token: Option<Arc<str>>,
    /// Started when the server was built, for the uptime in health.
    pub started: crate::iam::clock::Stopwatch,
}

/// The router: `/_emulator/...` is the control API; every other path and
/// method goes to the awsQuery handler (SDKs send `POST /`; curl users may
/// `GET /?Action=...`).
pub fn router(state: AppState) -> Router {
    Router::new()
        .nest("/_emulator", control::router(state.clone()))
        .fallback(handle)
        .with_state(state)
}

async fn handle(State(state): State<AppState>, request: Request<Body>) -> Response {
    let request_id = state.iam.request_id().to_string();
    // Debug level: formatting a span costs more than a whole action, so it
    // is only built when RUST_LOG asks for it.
    let span = tracing::debug_span!(
        "request",
        request_id = %request_id,
        action = tracing::field::Empty,
        status = tracing::field::Empty,
    );
    async move {
        let (service, result) = match extract::read(request, MAX_BODY_BYTES).await {
            Ok(incoming) => {
                if let Some(action) = incoming.params.action() {
                    tracing::Span::current().record("action", action);
                }
                let service = incoming.service();
                let iam = &state.iam;
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    dispatch::dispatch(iam, &incoming, &request_id)
                }))
                .unwrap_or_else(|panic| Err(Error::internal(panic_message(&panic))));
                (service, result)
            }
            Err(error) => (Service::Iam, Err(error)),
        };
        respond(service, result, &request_id)
    }
    .instrument(span)
    .await
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("panic in action: {text}")
}

/// Turns a dispatch result into the HTTP response, logging failures.
fn respond(service: Service, result: Result<String>, request_id: &str) -> Response {
    let (status, body) = match result {
        Ok(body) => (StatusCode::OK, body),
        Err(error) => {
            if let Error::ServiceFailure(cause) = &error {
                tracing::error!(%cause, "request failed inside the server");
            } else {
                tracing::debug!(code = error.code(), message = %error, "request refused");
            }
            (error.status(), xml::error(&error, service, request_id))
        }
    };
    tracing::Span::current().record("status", status.as_u16());
    tracing::debug!("answered");
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert("x-amzn-requestid", id);
    }
    response
}
