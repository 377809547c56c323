//! Chats: every read and every action is decided by the engine for the
//! signed-in member. A list holds exactly the chats that member may read
//! (`member_allowed_scopes` for `chats.read`): it never shows what opening
//! an item would refuse.

use crate::demo::{
    Chat, MAX_CHATS_PER_NUMBER, MAX_MESSAGES_PER_CHAT, MAX_MESSAGE_CHARS, MAX_PAGE_SIZE,
};
use crate::error::ApiError;
use crate::session::Caller;
use crate::{lock, AppState};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

fn chat_json(c: &Chat, member: &str) -> Value {
    json!({
        "id": c.id, "customer": c.customer, "assignee": c.assignee, "scope": c.scope_for(member),
        "messages": c.messages, "resolved": c.resolved, "blocked": c.blocked,
    })
}

#[derive(Deserialize)]
pub struct Page {
    limit: Option<usize>,
    offset: Option<usize>,
}

/// `GET /api/numbers/{number}/chats?limit=&offset=`: the chats the caller
/// may read, a page at a time: `{ chats, total, offset, limit }`.
pub async fn list(
    State(s): State<AppState>,
    Caller(me): Caller,
    number: Result<Path<String>, PathRejection>,
    page: Result<Query<Page>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Path(number), Query(page)) = (number?, page?);
    let d = lock(&s.demo);
    if !d.gate.numbers().any(|n| n == number) {
        return Err(ApiError::not_found("number"));
    }
    let readable = d.gate.member_allowed_scopes(&me, &number, "chats.read");
    let visible: Vec<&Chat> = d
        .chats
        .iter()
        .filter(|c| c.number == number && readable.contains(&c.scope_for(&me)))
        .collect();
    let limit = page.limit.unwrap_or(50).clamp(1, MAX_PAGE_SIZE);
    let offset = page.offset.unwrap_or(0);
    let items: Vec<Value> = visible
        .iter()
        .skip(offset)
        .take(limit)
        .map(|c| chat_json(c, &me))
        .collect();
    Ok(Json(
        json!({ "chats": items, "total": visible.len(), "offset": offset, "limit": limit }),
    ))
}

/// The chat `id` of `number` and the decision on `chats.{verb}` for it.
fn find(d: &crate::demo::Demo, number: &str, id: u32) -> Result<usize, ApiError> {
    d.chats
        .iter()
        .position(|c| c.id == id && c.number == number)
        .ok_or_else(|| ApiError::not_found("chat"))
}

/// `GET /api/numbers/{number}/chats/{id}`: one chat, if the caller may read it.
pub async fn get_one(
    State(s): State<AppState>,
    Caller(me): Caller,
    path: Result<Path<(String, u32)>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Path((number, id)) = path?;
    let d = lock(&s.demo);
    let i = find(&d, &number, id)?;
    let c = &d.chats[i];
    let e = d
        .gate
        .explain_member(&me, &number, "chats.read", Some(c.scope_for(&me)));
    if !e.allowed {
        return Err(ApiError::denied(&e));
    }
    Ok(Json(chat_json(c, &me)))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ActionBody {
    text: Option<String>,
    to: Option<String>,
}

#[derive(Deserialize)]
pub struct Dry {
    dry: Option<u8>,
}

/// `POST /api/numbers/{number}/chats/{id}/{verb}` (`?dry=1` decides only).
pub async fn act(
    State(s): State<AppState>,
    Caller(me): Caller,
    path: Result<Path<(String, u32, String)>, PathRejection>,
    dry: Result<Query<Dry>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Path((number, id, verb)), Query(dry)) = (path?, dry?);
    // The body is optional (`read` needs none): empty, or a JSON object.
    let body = body.map_err(|r| {
        ApiError::new(
            r.status(),
            if r.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                "too_large"
            } else {
                "bad_request"
            },
            r.body_text(),
        )
    })?;
    let body: ActionBody = if body.is_empty() {
        ActionBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("body: {e}")))?
    };
    let mut d = lock(&s.demo);
    let i = find(&d, &number, id)?;
    let scope = d.chats[i].scope_for(&me);
    let e = d
        .gate
        .explain_member(&me, &number, &format!("chats.{verb}"), Some(scope));
    if !e.allowed {
        return Err(ApiError::denied(&e));
    }
    if dry.dry == Some(1) {
        return Ok(Json(json!({ "allowed": true, "code": e.code })));
    }
    match verb.as_str() {
        "read" => {}
        "reply" => {
            let text = body.text.unwrap_or_else(|| "(reply)".into());
            if text.chars().count() > MAX_MESSAGE_CHARS {
                return Err(ApiError::too_large(format!(
                    "a message holds at most {MAX_MESSAGE_CHARS} characters"
                )));
            }
            if d.chats[i].messages.len() >= MAX_MESSAGES_PER_CHAT {
                return Err(ApiError::new(
                    axum::http::StatusCode::CONFLICT,
                    "limit_reached",
                    format!("a chat holds at most {MAX_MESSAGES_PER_CHAT} messages"),
                ));
            }
            d.chats[i].messages.push(text);
        }
        "resolve" => d.chats[i].resolved = true,
        "reassign" => {
            if let Some(to) = &body.to {
                if d.gate.member_role(to, &number).is_none() {
                    return Err(ApiError::invalid(format!(
                        "`{to}` is not a member of number `{number}`"
                    )));
                }
            }
            d.chats[i].assignee = body.to;
        }
        "block" => d.chats[i].blocked = true,
        "delete" => {
            d.chats.remove(i);
            return Ok(Json(json!({ "deleted": id })));
        }
        _ => return Err(ApiError::not_found("chat action")),
    }
    Ok(Json(chat_json(&d.chats[i], &me)))
}

/// `POST /api/numbers/{number}/chats` (`?dry=1` decides only): a new chat
/// assigned to the caller.
pub async fn start(
    State(s): State<AppState>,
    Caller(me): Caller,
    number: Result<Path<String>, PathRejection>,
    dry: Result<Query<Dry>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Path(number), Query(dry)) = (number?, dry?);
    let mut d = lock(&s.demo);
    let e = d
        .gate
        .explain_member(&me, &number, "chats.start", Some("mine"));
    if !e.allowed {
        return Err(ApiError::denied(&e));
    }
    if dry.dry == Some(1) {
        return Ok(Json(json!({ "allowed": true })));
    }
    if d.chats.iter().filter(|c| c.number == number).count() >= MAX_CHATS_PER_NUMBER {
        return Err(ApiError::new(
            axum::http::StatusCode::CONFLICT,
            "limit_reached",
            format!("a number holds at most {MAX_CHATS_PER_NUMBER} chats"),
        ));
    }
    let id = d.next_id;
    d.next_id += 1;
    let chat = Chat {
        id,
        number,
        customer: format!("New customer {id}"),
        assignee: Some(me.clone()),
        messages: vec![],
        resolved: false,
        blocked: false,
    };
    d.chats.push(chat.clone());
    Ok(Json(chat_json(&chat, &me)))
}
