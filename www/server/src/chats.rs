//! Chats: every read and every action is decided by the engine for the
//! signed-in member. A list holds exactly the chats that member may read
//! (`member_allowed_scopes` for `chats.read`): it never shows what opening
//! an item would refuse. Denied attempts go to the activity log.

use crate::demo::{
    Chat, MAX_CHATS_PER_NUMBER, MAX_MESSAGES_PER_CHAT, MAX_MESSAGE_CHARS, MAX_PAGE_SIZE,
};
use crate::error::ApiError;
use crate::session::Caller;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use teamgate::Explanation;

/// A chat with its messages (`GET` of one chat, and action answers).
fn chat_json(c: &Chat, member: &str) -> Value {
    let mut v = summary_json(c, member);
    v["messages"] = json!(c.messages);
    v
}

/// A chat as lists show it: the last message and the count, not every
/// message (a page stays small however long its chats are).
pub fn summary_json(c: &Chat, member: &str) -> Value {
    json!({
        "id": c.id, "customer": c.customer, "assignee": c.assignee, "scope": c.scope_for(member),
        "lastMessage": c.messages.last(), "messageCount": c.messages.len(),
        "resolved": c.resolved, "blocked": c.blocked,
    })
}

/// A denial, logged (S003.3), as the 403 answer.
async fn refuse(
    s: &AppState,
    who: &Caller,
    action: &str,
    number: &str,
    e: &Explanation,
    version: i64,
) -> ApiError {
    s.store
        .log(who, action, Some(number), e.code.as_str(), false, version)
        .await;
    ApiError::denied(e)
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
    who: Caller,
    number: Result<Path<String>, PathRejection>,
    page: Result<Query<Page>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Path(number), Query(page)) = (number?, page?);
    let gate = &who.gate;
    if !gate.numbers().any(|n| n == number) {
        return Err(ApiError::not_found("number"));
    }
    let readable = gate.member_allowed_scopes(&who.member, &number, "chats.read");
    let all = s.store.chats(&who.account, &number).await?;
    let visible: Vec<&Chat> = all
        .iter()
        .filter(|c| readable.contains(&c.scope_for(&who.member)))
        .collect();
    let limit = page.limit.unwrap_or(50).clamp(1, MAX_PAGE_SIZE);
    let offset = page.offset.unwrap_or(0);
    let items: Vec<Value> = visible
        .iter()
        .skip(offset)
        .take(limit)
        .map(|c| summary_json(c, &who.member))
        .collect();
    Ok(Json(
        json!({ "chats": items, "total": visible.len(), "offset": offset, "limit": limit }),
    ))
}

/// `GET /api/numbers/{number}/chats/{id}`: one chat, if the caller may read it.
pub async fn get_one(
    State(s): State<AppState>,
    who: Caller,
    path: Result<Path<(String, u32)>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Path((number, id)) = path?;
    let (version, gate) = (who.version, &who.gate);
    let c = s.store.chat(&who.account, &number, id).await?;
    let e = gate.explain_member(
        &who.member,
        &number,
        "chats.read",
        Some(c.scope_for(&who.member)),
    );
    if !e.allowed {
        return Err(refuse(&s, &who, "chats.read", &number, &e, version).await);
    }
    Ok(Json(chat_json(&c, &who.member)))
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
    who: Caller,
    path: Result<Path<(String, u32, String)>, PathRejection>,
    dry: Result<Query<Dry>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Path((number, id, verb)), Query(dry)) = (path?, dry?);
    // The body is optional (`read` needs none): empty, or a JSON object.
    let body = body.map_err(|r| {
        let code = if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            "too_large"
        } else {
            "bad_request"
        };
        ApiError::new(r.status(), code, r.body_text())
    })?;
    let body: ActionBody = if body.is_empty() {
        ActionBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("body: {e}")))?
    };
    let (version, gate) = (who.version, &who.gate);
    let mut chat = s.store.chat(&who.account, &number, id).await?;
    let action = format!("chats.{verb}");
    let e = gate.explain_member(
        &who.member,
        &number,
        &action,
        Some(chat.scope_for(&who.member)),
    );
    if !e.allowed {
        return Err(refuse(&s, &who, &action, &number, &e, version).await);
    }
    if dry.dry == Some(1) {
        return Ok(Json(json!({ "allowed": true, "code": e.code })));
    }
    match verb.as_str() {
        "read" => return Ok(Json(chat_json(&chat, &who.member))),
        "reply" => {
            let text = body.text.unwrap_or_else(|| "(reply)".into());
            if text.chars().count() > MAX_MESSAGE_CHARS {
                return Err(ApiError::too_large(format!(
                    "a message holds at most {MAX_MESSAGE_CHARS} characters"
                )));
            }
            if chat.messages.len() >= MAX_MESSAGES_PER_CHAT {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "limit_reached",
                    format!("a chat holds at most {MAX_MESSAGES_PER_CHAT} messages"),
                ));
            }
            chat.messages.push(text);
        }
        "resolve" => chat.resolved = true,
        "reassign" => {
            if let Some(to) = &body.to {
                if gate.member_role(to, &number).is_none() {
                    return Err(ApiError::invalid(format!(
                        "`{to}` is not a member of number `{number}`"
                    )));
                }
            }
            chat.assignee = body.to;
        }
        "block" => chat.blocked = true,
        "delete" => {
            s.store.delete_chat(&who.account, id).await?;
            s.store
                .log(&who, &action, Some(&number), e.code.as_str(), true, version)
                .await;
            return Ok(Json(json!({ "deleted": id })));
        }
        _ => return Err(ApiError::not_found("chat action")),
    }
    s.store.update_chat(&who.account, &chat).await?;
    s.store
        .log(&who, &action, Some(&number), e.code.as_str(), true, version)
        .await;
    Ok(Json(chat_json(&chat, &who.member)))
}

/// `POST /api/numbers/{number}/chats` (`?dry=1` decides only): a new chat
/// assigned to the caller.
pub async fn start(
    State(s): State<AppState>,
    who: Caller,
    number: Result<Path<String>, PathRejection>,
    dry: Result<Query<Dry>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Path(number), Query(dry)) = (number?, dry?);
    let (version, gate) = (who.version, &who.gate);
    let e = gate.explain_member(&who.member, &number, "chats.start", Some("mine"));
    if !e.allowed {
        return Err(refuse(&s, &who, "chats.start", &number, &e, version).await);
    }
    if dry.dry == Some(1) {
        return Ok(Json(json!({ "allowed": true })));
    }
    if s.store.chats(&who.account, &number).await?.len() >= MAX_CHATS_PER_NUMBER {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "limit_reached",
            format!("a number holds at most {MAX_CHATS_PER_NUMBER} chats"),
        ));
    }
    let chat = Chat {
        id: 0,
        number: number.clone(),
        customer: String::new(),
        assignee: Some(who.member.clone()),
        messages: vec![],
        resolved: false,
        blocked: false,
    };
    let chat = s.store.new_chat(&who.account, chat).await?;
    s.store
        .log(
            &who,
            "chats.start",
            Some(&number),
            e.code.as_str(),
            true,
            version,
        )
        .await;
    Ok(Json(chat_json(&chat, &who.member)))
}
