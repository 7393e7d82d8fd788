//! The control API under `/_emulator/`: JSON endpoints for tests to check
//! health, reset accounts, drive the clock, read a device's current codes
//! and dump state. It lives beside the awsQuery handler but is never an IAM
//! action, and it can require a bearer token.

use std::collections::HashMap;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use crate::iam::Clock as _;
use crate::iam::clock::iso8601;
use crate::iam::inspect::account_of_arn;

/// The control routes, to be nested under `/_emulator`.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/reset", axum::routing::post(reset))
        .route("/clock", get(clock).post(set_clock))
        .route("/mfa/codes", get(codes))
        .route("/state", get(dump))
        .fallback(|| async { failure(StatusCode::NOT_FOUND, "no such control endpoint") })
        .layer(middleware::from_fn_with_state(state, authorize))
}

/// A JSON error with a message and a 4xx status.
fn failure(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({ "error": message.into() }))).into_response()
}

fn ok(value: &Value) -> Response {
    (StatusCode::OK, axum::Json(value.clone())).into_response()
}

/// Refuses requests without the configured bearer token.
async fn authorize(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    if let Some(token) = state.control_token.as_deref() {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if given != Some(token) {
            return failure(
                StatusCode::UNAUTHORIZED,
                "the control API needs 'Authorization: Bearer <control token>'",
            );
        }
    }
    next.run(request).await
}

fn query(raw: Option<&str>) -> HashMap<String, String> {
    raw.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

/// `?account=ID`, checked; a bad id is a 400 answer.
fn account_param(params: &HashMap<String, String>) -> Result<Option<String>, Box<Response>> {
    match params.get("account") {
        None => Ok(None),
        Some(id) if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Some(id.clone()))
        }
        Some(_) => Err(Box::new(failure(
            StatusCode::BAD_REQUEST,
            "account must be a 12-digit account id",
        ))),
    }
}

async fn health(State(state): State<AppState>) -> Response {
    ok(&json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "uptime_seconds": state.started.elapsed().as_secs_f64(),
        "accounts": state.iam.account_ids().len(),
    }))
}

async fn reset(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let account = match account_param(&query(raw.as_deref())) {
        Ok(account) => account,
        Err(response) => return *response,
    };
    state.iam.reset(account.as_deref());
    ok(&json!({ "reset": account.map_or_else(|| json!("all"), Value::from) }))
}

fn clock_state(state: &AppState) -> Value {
    let clock = state.iam.clock();
    let now = clock.now();
    json!({
        "now": iso8601(now),
        "unix": now.as_second(),
        "frozen": clock.is_frozen(),
        "step": now.as_second().div_euclid(30),
    })
}

async fn clock(State(state): State<AppState>) -> Response {
    ok(&clock_state(&state))
}

/// `POST /_emulator/clock`: any of `system`, `set`, `advance`, `freeze`,
/// applied in that order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockChange {
    system: Option<bool>,
    set: Option<String>,
    advance: Option<String>,
    freeze: Option<bool>,
}

async fn set_clock(State(state): State<AppState>, body: Bytes) -> Response {
    let change: ClockChange = match serde_json::from_slice(&body) {
        Ok(change) => change,
        Err(e) => {
            return failure(
                StatusCode::BAD_REQUEST,
                format!(
                    "expected a JSON object with any of set (RFC 3339 time), advance (e.g. \"90s\"), \
                     freeze (bool), system (true): {e}"
                ),
            );
        }
    };
    let set = match change
        .set
        .as_deref()
        .map(str::parse::<Timestamp>)
        .transpose()
    {
        Ok(set) => set,
        Err(e) => {
            return failure(
                StatusCode::BAD_REQUEST,
                format!("set: not an RFC 3339 time: {e}"),
            );
        }
    };
    let advance = match change
        .advance
        .as_deref()
        .map(str::parse::<SignedDuration>)
        .transpose()
    {
        Ok(advance) => advance,
        Err(e) => {
            return failure(
                StatusCode::BAD_REQUEST,
                format!("advance: not a duration such as \"90s\": {e}"),
            );
        }
    };
    let clock = state.iam.clock();
    if change.system == Some(true) {
        clock.use_system_time();
    }
    if let Some(at) = set {
        clock.set(at);
    }
    if let Some(by) = advance {
        clock.advance(by);
    }
    if let Some(frozen) = change.freeze {
        clock.freeze(frozen);
    }
    ok(&clock_state(&state))
}

async fn codes(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let params = query(raw.as_deref());
    let Some(serial) = params.get("serial") else {
        return failure(
            StatusCode::BAD_REQUEST,
            "serial is required: ?serial=<device ARN>",
        );
    };
    let account = match account_param(&params) {
        Ok(Some(account)) => account,
        Ok(None) => account_of_arn(serial)
            .unwrap_or(&state.iam.settings().default_account)
            .to_owned(),
        Err(response) => return *response,
    };
    match state.iam.mfa_codes(&account, serial) {
        Ok(codes) => ok(&json!(codes)),
        Err(error) => failure(StatusCode::NOT_FOUND, error.message()),
    }
}

async fn dump(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let params = query(raw.as_deref());
    let account = match account_param(&params) {
        Ok(account) => account,
        Err(response) => return *response,
    };
    let secrets = match params.get("secrets").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return failure(StatusCode::BAD_REQUEST, "secrets must be true or false"),
    };
    ok(&json!(state.iam.dump(account.as_deref(), secrets)))
}
