//! The activity log (S003.3): every edit and denied attempt, for members
//! whose role may change roles.

use crate::error::ApiError;
use crate::policy::refuse;
use crate::session::Caller;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
pub struct Page {
    limit: Option<i64>,
    offset: Option<i64>,
}

/// `GET /api/activity?limit=&offset=`: the account's activity log (S003.3),
/// newest first, for members whose role may change roles.
pub async fn activity(
    State(s): State<AppState>,
    who: Caller,
    page: Result<Query<Page>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(page) = page?;
    let (version, gate) = (who.version, &who.gate);
    let e = gate.explain_member(&who.member, "main", crate::demo::ACTIVITY_PERMISSION, None);
    if !e.allowed {
        return Err(refuse(&s, &who, "activity", None, &e, version).await);
    }
    let limit = page
        .limit
        .unwrap_or(50)
        .clamp(1, crate::demo::MAX_PAGE_SIZE as i64);
    let offset = page.offset.unwrap_or(0).max(0);
    let (entries, total) = s.store.activity(&who.account, offset, limit).await?;
    Ok(Json(
        json!({ "entries": entries, "total": total, "offset": offset, "limit": limit }),
    ))
}
