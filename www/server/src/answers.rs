//! What the API answers, as types: each field a browser receives is named
//! here, so a reviewer reads in one place that an answer carries nothing
//! more (no other member's data, no chat the caller may not read:
//! `ActionDone::chat` is filled only after a decision). Errors are
//! `error.rs`'s.

use crate::store::{ActivityRow, ChatRow, MessageRow};
use serde::Serialize;
use teamgate::{ChatFilter, Explanation, LimitCheck, Policy, Reason, TeamWarning};

/// A chat as the caller sees it in lists and answers (no messages).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatSummary {
    id: i64,
    customer: String,
    assignee: Option<String>,
    /// How the chat relates to the caller: `pending`, `mine` or `others`.
    scope: &'static str,
    last_message: Option<String>,
    message_count: i64,
    last_ms: i64,
    resolved: bool,
    blocked: bool,
}

impl ChatSummary {
    /// The summary of `c` for `member`.
    pub fn of(c: &ChatRow, member: &str) -> ChatSummary {
        ChatSummary {
            id: c.id,
            customer: c.customer.clone(),
            assignee: c.assignee.clone(),
            scope: ChatFilter::scope_of(c.assignee.as_deref(), member),
            last_message: c.last_message.clone(),
            message_count: c.message_count,
            last_ms: c.last_ms,
            resolved: c.resolved != 0,
            blocked: c.blocked != 0,
        }
    }
}

/// A page of a number's chats: `next` is the `after` of the next page
/// (`None` at the end).
#[derive(Serialize)]
pub struct ChatList {
    pub chats: Vec<ChatSummary>,
    pub next: Option<String>,
    pub limit: i64,
}

/// One message of a chat.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    id: i64,
    author: Option<String>,
    text: String,
    at_ms: i64,
}

impl From<&MessageRow> for Message {
    fn from(m: &MessageRow) -> Message {
        Message {
            id: m.id,
            author: m.author.clone(),
            text: m.body.clone(),
            at_ms: m.at_ms,
        }
    }
}

/// A page of a chat's messages, newest first: `older` is the `before` of
/// the next page.
#[derive(Serialize)]
pub struct MessagePage {
    pub messages: Vec<Message>,
    pub older: Option<i64>,
}

/// One chat opened: its summary and a page of its messages, side by side.
#[derive(Serialize)]
pub struct OpenedChat {
    #[serde(flatten)]
    pub chat: ChatSummary,
    #[serde(flatten)]
    pub page: MessagePage,
}

/// `?dry=1`: what the action would be, and nothing done.
#[derive(Serialize)]
pub struct DryRun {
    allowed: bool,
    code: Reason,
}

impl DryRun {
    /// The action would be allowed, for the reason `code`.
    pub fn allowed(code: Reason) -> DryRun {
        DryRun {
            allowed: true,
            code,
        }
    }
}

/// A chat action done: the chat only if the caller may read it afterwards
/// (`None` otherwise: its id and the outcome, nothing of its content).
#[derive(Serialize)]
pub struct ActionDone {
    action: String,
    id: i64,
    done: bool,
    chat: Option<ChatSummary>,
}

impl ActionDone {
    /// `action` done on chat `id`; `chat` only if the caller may read it now.
    pub fn new(action: String, id: i64, chat: Option<ChatSummary>) -> ActionDone {
        ActionDone {
            action,
            id,
            done: true,
            chat,
        }
    }
}

/// A chat deleted.
#[derive(Serialize)]
pub struct Deleted {
    action: String,
    id: i64,
    done: bool,
    deleted: bool,
}

impl Deleted {
    /// Chat `id` deleted by `action`.
    pub fn new(action: String, id: i64) -> Deleted {
        Deleted {
            action,
            id,
            done: true,
            deleted: true,
        }
    }
}

/// One entry of the activity log.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    seq: i64,
    at_ms: i64,
    member: String,
    action: String,
    number: Option<String>,
    chat: Option<i64>,
    code: String,
    allowed: bool,
    version: i64,
    detail: Option<String>,
}

impl From<&ActivityRow> for ActivityEntry {
    fn from(r: &ActivityRow) -> ActivityEntry {
        ActivityEntry {
            seq: r.seq,
            at_ms: r.at_ms,
            member: r.member.clone(),
            action: r.action.clone(),
            number: r.number.clone(),
            chat: r.chat,
            code: r.code.clone(),
            allowed: r.allowed != 0,
            version: r.version,
            detail: r.detail.clone(),
        }
    }
}

/// A page of the activity log, newest first: `older` is the `before` of
/// the next page.
#[derive(Serialize)]
pub struct ActivityPage {
    pub entries: Vec<ActivityEntry>,
    pub older: Option<i64>,
}

/// Why a plan option is refused: the caller may not change the plan (the
/// engine's denial), or the account does not fit on it (the first limit
/// it would be over).
#[derive(Serialize)]
#[serde(untagged)]
pub enum PlanReason {
    /// The caller may not change the plan.
    Denied(Box<Explanation>),
    /// The account would be over this limit.
    Limit(Box<LimitCheck>),
}

/// One plan the account could move to, as the plan selector offers it.
#[derive(Serialize)]
pub struct PlanOption {
    pub id: String,
    pub name: Option<String>,
    pub current: bool,
    pub allowed: bool,
    pub reason: Option<PlanReason>,
    /// Every limit the account would be over on it.
    pub over: Vec<LimitCheck>,
}

/// Whether the caller may change the plan, and each plan as an option.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plans {
    pub may_change: Explanation,
    pub options: Vec<PlanOption>,
}

/// The signed-in member: their account, id, name and numbers.
#[derive(Serialize)]
pub struct Me {
    pub account: String,
    pub id: String,
    pub name: Option<String>,
    pub numbers: Vec<String>,
}

/// `GET /api/state`: what the caller's pages start from. The policy holds
/// every role, action, plan and number, and of the members only the caller.
#[derive(Serialize)]
pub struct State {
    pub version: i64,
    pub me: Me,
    pub policy: Policy,
    pub warnings: Vec<TeamWarning>,
    pub plans: Plans,
    pub demo: bool,
}

/// A console action allowed (and logged).
#[derive(Serialize)]
pub struct ConsoleDone {
    pub allowed: bool,
    pub action: String,
    pub code: Reason,
}

/// An edit, plan change or reset saved: the policy's new version.
#[derive(Serialize)]
pub struct Saved {
    pub version: i64,
    /// What the edit did (absent for a reset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<EffectAnswer>,
}

/// `?dry=1` on an edit: it would be saved (nothing was), with what it would do.
#[derive(Serialize)]
pub struct WouldSave {
    pub allowed: bool,
    pub effect: EffectAnswer,
}

/// What an edit does, as the editor may read it (see `effect.rs`): the
/// engine's `Effect` (camelCase) with its English lines.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectAnswer {
    #[serde(flatten)]
    pub effect: teamgate::Effect,
    pub summary: Vec<String>,
    pub grants_access: bool,
}

/// A member one can sign in as (the demo's sign-in page).
#[derive(Serialize)]
pub struct MemberChoice {
    pub account: String,
    pub id: String,
    pub name: Option<String>,
}

/// Signed in: to which account, as which member.
#[derive(Serialize)]
pub struct SignedIn {
    pub account: String,
    pub member: String,
}

/// Signed out: the session ended on the server.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedOut {
    pub signed_out: bool,
}
