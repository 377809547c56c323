//! Only with `TEAMGATE_BENCH=1` (the load run of `bench/server.mjs`): the
//! gated list and action again with the engine's decision left out, so
//! that the gate's cost shows as a ratio of the same work. Signed-in
//! callers only, like everything else; never enabled in production.

use crate::error::ApiError;
use crate::session::Caller;
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

/// `GET /api/bench/ungated/numbers/{number}/chats`: every chat of the number.
pub async fn list(
    State(s): State<AppState>,
    who: Caller,
    Path(number): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let gate = &who.gate;
    if !gate.numbers().any(|n| n == number) {
        return Err(ApiError::not_found("number"));
    }
    let chats = s.store.chats(&who.account, &number).await?;
    let items: Vec<Value> = chats
        .iter()
        .take(crate::demo::MAX_PAGE_SIZE)
        .map(|c| crate::chats::summary_json(c, &who.member))
        .collect();
    Ok(Json(json!({ "chats": items, "total": chats.len() })))
}

/// `POST /api/bench/ungated/console/{action}`: accepted without a decision.
pub async fn console(_who: Caller, Path(action): Path<String>) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!({ "allowed": true, "action": action })))
}
