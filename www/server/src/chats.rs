//! Chats: every read and every action is decided by the engine for the
//! signed-in member, and every answer carries only what that member may
//! read. Lists are filtered in the database by the engine's chat filter
//! for `chats.read` (a list never shows what opening an item would refuse);
//! an action's answer carries the chat only if the caller may read it
//! afterwards, else its id and the outcome. Writes are guarded by the
//! filter of the action, in the transaction that logs them.

use crate::answers::{ActionDone, ChatList, ChatSummary, Deleted, DryRun, MessagePage, OpenedChat};
use crate::error::ApiError;
use crate::input::{self, DryQuery, OlderQuery, PageQuery};
use crate::session::Caller;
use crate::store::{Change, ChatRow, Entry, Store};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use teamgate::{ChatFilter, Explanation};

/// An entry of the caller's, about a chat action.
fn entry<'a>(
    who: &'a Caller,
    action: &'a str,
    number: &'a str,
    chat: Option<i64>,
    e: &'a Explanation,
) -> Entry<'a> {
    Entry {
        account: &who.account,
        member: &who.member,
        action,
        number: Some(number),
        chat,
        code: e.code.as_str(),
        allowed: e.allowed,
        version: who.version,
        // A denial in the engine's words (the page shows them).
        detail: (!e.allowed).then(|| e.message.clone()),
    }
}

/// A denial, logged (S003.3), as the 403 answer. If the log cannot be
/// written, the answer is 500: nothing goes unrecorded. A dry run's denial
/// (`?dry=1`: a question, not an attempt) is answered alone.
async fn refuse(
    s: &AppState,
    who: &Caller,
    action: &str,
    number: &str,
    chat: Option<i64>,
    e: &Explanation,
    dry: bool,
) -> ApiError {
    if dry {
        return ApiError::denied(e);
    }
    match s.store.log(&entry(who, action, number, chat, e)).await {
        Ok(()) => ApiError::denied(e),
        Err(err) => err.into(),
    }
}

/// The chat if the caller may read it now (its summary), else nothing.
fn readable(who: &Caller, number: &str, c: &ChatRow) -> Option<ChatSummary> {
    let scope = ChatFilter::scope_of(c.assignee.as_deref(), &who.member);
    who.gate
        .can_member(&who.member, number, "chats.read", Some(scope))
        .then(|| ChatSummary::of(c, &who.member))
}

/// `GET /api/numbers/{number}/chats?scope=&limit=&after=`: the chats the
/// caller may read, newest activity first, a page at a time: `{ chats,
/// next }` (`next`: the `after` of the next page, `null` at the end).
/// `scope` narrows to one tab (`pending`, `mine`, `others`).
pub async fn list(
    State(s): State<AppState>,
    who: Caller,
    number: Result<Path<String>, PathRejection>,
    page: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<ChatList>, ApiError> {
    let (Path(number), Query(page)) = (number?, page?);
    let number = who.number(&number, "path.number")?;
    let limit = input::limit(page.limit)?;
    let after = input::cursor(page.after.as_deref())?;
    let mut filter = who
        .gate
        .member_chat_filter(&who.member, number, "chats.read");
    if let Some(tab) = page.scope.as_deref() {
        if !teamgate::CHAT_SCOPES.contains(&tab) {
            return Err(ApiError::bad_request(
                format!("`{}` is not a tab", input::quoted(tab)),
                "query.scope",
                "use pending, mine or others",
            ));
        }
        filter = filter.only(tab);
    }
    let rows = s
        .store
        .chats(&who.account, number, &who.member, filter, after, limit)
        .await?;
    let next = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|c| input::next_cursor((c.last_ms, c.id))))
        .flatten();
    let chats = rows
        .iter()
        .map(|c| ChatSummary::of(c, &who.member))
        .collect();
    Ok(Json(ChatList { chats, next, limit }))
}

/// Chat `id` of `number` and the engine's decision on `action` for the
/// caller, in the chat's scope as it is now; a denial is logged (unless
/// `dry`) and answered (403), a chat that does not exist is 404.
async fn decide_on(
    s: &AppState,
    who: &Caller,
    number: &str,
    id: i64,
    action: &str,
    dry: bool,
) -> Result<(ChatRow, Explanation), ApiError> {
    let c = s
        .store
        .chat(&who.account, number, id)
        .await?
        .ok_or_else(|| ApiError::not_found("chat"))?;
    let scope = ChatFilter::scope_of(c.assignee.as_deref(), &who.member);
    let e = who
        .gate
        .explain_member(&who.member, number, action, Some(scope));
    if !e.allowed {
        return Err(refuse(s, who, action, number, Some(id), &e, dry).await);
    }
    Ok((c, e))
}

/// Decides `chats.read` on one chat for the caller, logging the read
/// (allowed or denied): the chat, or the answer to give instead.
async fn open(s: &AppState, who: &Caller, number: &str, id: i64) -> Result<ChatRow, ApiError> {
    let (c, e) = decide_on(s, who, number, id, "chats.read", false).await?;
    s.store
        .log(&entry(who, "chats.read", number, Some(id), &e))
        .await?;
    Ok(c)
}

/// Opens a chat for the caller (decided and logged) and reads a page of
/// its messages: the chat, and `{ messages, older }` (`older`: the
/// `before` of the next page).
async fn open_with_messages(
    s: &AppState,
    who: &Caller,
    path: Result<Path<(String, i64)>, PathRejection>,
    q: Result<Query<OlderQuery>, QueryRejection>,
) -> Result<(ChatRow, MessagePage), ApiError> {
    let (Path((number, id)), Query(q)) = (path?, q?);
    let number = who.number(&number, "path.number")?;
    let limit = input::limit(q.limit)?;
    let c = open(s, who, number, id).await?;
    let messages = s.store.messages(&who.account, id, q.before, limit).await?;
    let older = (messages.len() as i64 == limit)
        .then(|| messages.last().map(|m| m.id))
        .flatten();
    let messages = messages.iter().map(Into::into).collect();
    Ok((c, MessagePage { messages, older }))
}

/// `GET /api/numbers/{number}/chats/{id}?limit=&before=`: one chat, if the
/// caller may read it, with its newest messages: `{ ...chat, messages,
/// older }`.
pub async fn get_one(
    State(s): State<AppState>,
    who: Caller,
    path: Result<Path<(String, i64)>, PathRejection>,
    q: Result<Query<OlderQuery>, QueryRejection>,
) -> Result<Json<OpenedChat>, ApiError> {
    let (c, page) = open_with_messages(&s, &who, path, q).await?;
    Ok(Json(OpenedChat {
        chat: ChatSummary::of(&c, &who.member),
        page,
    }))
}

/// `GET /api/numbers/{number}/chats/{id}/messages?before=&limit=`: a page
/// of a chat's messages, newest first: `{ messages, older }`.
pub async fn messages(
    State(s): State<AppState>,
    who: Caller,
    path: Result<Path<(String, i64)>, PathRejection>,
    q: Result<Query<OlderQuery>, QueryRejection>,
) -> Result<Json<MessagePage>, ApiError> {
    Ok(Json(open_with_messages(&s, &who, path, q).await?.1))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ActionBody {
    text: Option<String>,
    /// `Some(None)`: `"to": null` (unassign); `None`: no `to` at all.
    #[serde(default, deserialize_with = "present")]
    to: Option<Option<String>>,
}

/// A field that is present, `null` or not (serde reads both absent and
/// `null` as `None`; a reassign must say which it means).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// How many times an action is decided again when its chat changed
/// between the decision and the write.
const DECIDE_AGAIN: usize = 3;

/// A message's text, checked: given, not blank, at most
/// [`MAX_MESSAGE_CHARS`](crate::demo::MAX_MESSAGE_CHARS) characters, no NUL.
fn message_text(text: Option<String>) -> Result<String, ApiError> {
    let Some(text) = text else {
        return Err(ApiError::invalid_at(
            "a reply needs its `text`",
            "body.text",
            "send `{ \"text\": \"…\" }`",
        ));
    };
    if text.trim().is_empty() {
        return Err(ApiError::invalid_at(
            "a reply's `text` is blank",
            "body.text",
            "write something to send",
        ));
    }
    if text.chars().count() > crate::demo::MAX_MESSAGE_CHARS {
        return Err(ApiError::too_large(format!(
            "a message holds at most {} characters",
            crate::demo::MAX_MESSAGE_CHARS
        )));
    }
    if text.contains('\0') {
        return Err(ApiError::invalid("a message cannot hold a NUL character"));
    }
    Ok(text)
}

/// `POST /api/numbers/{number}/chats/{id}/{verb}` (`?dry=1` decides only):
/// `read`, `reply { text }`, `resolve`, `reassign { to }` (`null`:
/// unassign), `delete`, `block`. The answer: `{ action, id, done: true,
/// chat? }`, `chat` only if the caller may read it afterwards.
pub async fn act(
    State(s): State<AppState>,
    who: Caller,
    headers: HeaderMap,
    path: Result<Path<(String, i64, String)>, PathRejection>,
    dry: Result<Query<DryQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (Path((number, id, verb)), Query(dry)) = (path?, dry?);
    let number = who.number(&number, "path.number")?;
    input::id(&verb, "path.verb")?;
    let body: ActionBody = input::optional_json(&headers, body)?;
    let action = format!("chats.{verb}");
    if !matches!(
        verb.as_str(),
        "read" | "reply" | "resolve" | "reassign" | "delete" | "block"
    ) {
        return Err(ApiError::not_found("chat action"));
    }
    // A field the verb does not take is refused, not ignored.
    let takes = match verb.as_str() {
        "reply" => "text",
        "reassign" => "to",
        _ => "",
    };
    for (field, given) in [("text", body.text.is_some()), ("to", body.to.is_some())] {
        if given && field != takes {
            return Err(ApiError::invalid(format!(
                "body: `{verb}` takes no `{field}`"
            )));
        }
    }
    let text = if verb == "reply" {
        Some(message_text(body.text)?)
    } else {
        None
    };
    if verb == "reassign" && body.to.is_none() {
        return Err(ApiError::invalid_at(
            "a reassign needs `to`: a member's id, or `null` to unassign",
            "body.to",
            "send `{ \"to\": \"alex\" }` or `{ \"to\": null }`",
        ));
    }
    let to = body.to.as_ref().and_then(Option::as_deref);
    if verb == "reassign" {
        if let Some(to) = to {
            input::id(to, "body.to")?;
            if who.gate.member_role(to, number).is_none() {
                return Err(ApiError::invalid(format!(
                    "`{to}` is not a member of number `{number}`"
                )));
            }
        }
    }
    for _ in 0..DECIDE_AGAIN {
        let (c, e) = decide_on(&s, &who, number, id, &action, dry.dry).await?;
        if dry.dry {
            return Ok(Json(DryRun::allowed(e.code)).into_response());
        }
        if verb == "read" {
            s.store
                .log(&entry(&who, &action, number, Some(id), &e))
                .await?;
            let chat = Some(ChatSummary::of(&c, &who.member));
            return Ok(Json(ActionDone::new(action, id, chat)).into_response());
        }
        let change = match verb.as_str() {
            "reply" => Change::Reply {
                text: text.as_deref().unwrap_or_default(),
            },
            "resolve" => Change::Resolve,
            "reassign" => Change::Reassign { to },
            "block" => Change::Block,
            _ => Change::Delete,
        };
        // The write holds only if the chat still passes the decision.
        let filter = who.gate.member_chat_filter(&who.member, number, &action);
        let mut tx = s.store.begin().await?;
        if !Store::act(&mut tx, &who.account, id, &who.member, filter, &change).await? {
            tx.rollback()
                .await
                .map_err(crate::store::StoreError::from)?;
            continue;
        }
        let mut log = entry(&who, &action, number, Some(id), &e);
        let detail = to.map(|t| format!("to {t}"));
        log.detail = if verb == "reassign" {
            Some(detail.unwrap_or_else(|| "unassigned".into()))
        } else {
            None
        };
        Store::log_in(&mut tx, &log).await?;
        let after = if verb == "delete" {
            None
        } else {
            Store::chat_in(&mut tx, &who.account, number, id).await?
        };
        Store::commit(tx).await?;
        if verb == "delete" {
            return Ok(Json(Deleted::new(action, id)).into_response());
        }
        let chat = after.as_ref().and_then(|c| readable(&who, number, c));
        return Ok(Json(ActionDone::new(action, id, chat)).into_response());
    }
    Err(ApiError::new(
        StatusCode::CONFLICT,
        "chat_changed",
        "the chat changed while this was decided; nothing was done, try again",
    ))
}

/// `POST /api/numbers/{number}/chats` (`?dry=1` decides only): a new chat
/// assigned to the caller: `{ action, id, done, chat? }`.
pub async fn start(
    State(s): State<AppState>,
    who: Caller,
    number: Result<Path<String>, PathRejection>,
    dry: Result<Query<DryQuery>, QueryRejection>,
    body: Result<input::NoBody, ApiError>,
) -> Result<Response, ApiError> {
    let (Path(number), Query(dry)) = (number?, dry?);
    let number = who.number(&number, "path.number")?;
    // No body, or `{}`: the chat's customer and first message are the
    // demo's own.
    body?;
    let e = who
        .gate
        .explain_member(&who.member, number, "chats.start", Some("mine"));
    if !e.allowed {
        return Err(refuse(&s, &who, "chats.start", number, None, &e, dry.dry).await);
    }
    if dry.dry {
        return Ok(Json(DryRun::allowed(e.code)).into_response());
    }
    let mut tx = s.store.begin().await?;
    let id =
        Store::insert_chat(&mut tx, &who.account, number, None, Some(&who.member), None).await?;
    Store::log_in(&mut tx, &entry(&who, "chats.start", number, Some(id), &e)).await?;
    let after = Store::chat_in(&mut tx, &who.account, number, id).await?;
    Store::commit(tx).await?;
    let chat = after.as_ref().and_then(|c| readable(&who, number, c));
    Ok(Json(ActionDone::new("chats.start".into(), id, chat)).into_response())
}
