//! Only with `TEAMGATE_BENCH=1` (the load runs of `bench/server.mjs` and
//! `bench/scale.mjs`): the gated list and console action again with the
//! engine's decision left out, so that the gate's cost shows as a ratio of
//! the same work. Signed-in callers only, like everything else; never
//! enabled in production.

use crate::error::ApiError;
use crate::input::{self, PageQuery};
use crate::session::Caller;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde_json::{json, Value};

/// `GET /api/bench/ungated/numbers/{number}/chats`: the newest chats of the
/// number, every one, as the gated list pages them.
pub async fn list(
    State(s): State<AppState>,
    who: Caller,
    Path(number): Path<String>,
    page: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(page) = page?;
    who.number(&number, "path.number")?;
    let limit = input::limit(page.limit)?;
    let rows = s.store.chats_ungated(&who.account, &number, limit).await?;
    let chats: Vec<crate::answers::ChatSummary> = rows
        .iter()
        .map(|c| crate::answers::ChatSummary::of(c, &who.member))
        .collect();
    Ok(Json(json!({ "chats": chats })))
}

/// `POST /api/bench/ungated/console/{action}`: accepted without a
/// decision, and logged as the gated one is.
pub async fn console(
    State(s): State<AppState>,
    who: Caller,
    Path(action): Path<String>,
) -> Result<Json<Value>, ApiError> {
    input::id(&action, "path.action")?;
    s.store
        .log(&crate::store::Entry {
            account: &who.account,
            member: &who.member,
            action: &action,
            number: None,
            chat: None,
            code: "unchecked",
            allowed: true,
            version: who.version,
            detail: None,
        })
        .await?;
    Ok(Json(json!({ "allowed": true, "action": action })))
}
