//! The policy: what the signed-in member's UI needs of it (never the whole
//! team), edits made against a named version (a stale one is 409 and
//! changes nothing), and new versions pushed to open pages.

use crate::error::ApiError;
use crate::session::Caller;
use crate::{lock, AppState};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderName, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::stream::Stream;
use serde::Deserialize;
use serde_json::{json, Value};
use teamgate::{Gate, Policy, RoleDef};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

/// The policy as the caller's UI needs it: every role, action, plan and
/// number, and of the members only the caller (nobody else's roles).
fn for_member(policy: &Policy, me: &str) -> Policy {
    let mut p = policy.clone();
    p.members.retain(|m| m.id == me);
    p
}

/// `GET /api/state`: the version, the caller, the policy as the caller's UI
/// needs it, and the team warnings of the caller's numbers.
pub async fn state(State(s): State<AppState>, Caller(me): Caller) -> Json<Value> {
    let d = lock(&s.demo);
    let policy = d.gate.policy();
    let mine: Vec<&str> = d
        .gate
        .numbers()
        .filter(|n| d.gate.member_role(&me, n).is_some())
        .collect();
    let warnings: Vec<_> = d
        .gate
        .team_warnings()
        .into_iter()
        .filter(|w| mine.contains(&w.number.as_str()))
        .collect();
    let name = policy
        .members
        .iter()
        .find(|m| m.id == me)
        .and_then(|m| m.name.clone());
    Json(json!({
        "version": d.version,
        "me": { "id": me, "name": name, "numbers": mine },
        "policy": for_member(policy, &me),
        "warnings": warnings,
        "demo": s.demo_mode,
    }))
}

/// `GET /api/snapshot`: the compiled gate for the caller's `teamgate/lite`
/// gate, with the caller as its only member.
pub async fn snapshot(State(s): State<AppState>, Caller(me): Caller) -> Result<Response, ApiError> {
    let (version, policy) = {
        let d = lock(&s.demo);
        (d.version, for_member(d.gate.policy(), &me))
    };
    let gate = Gate::new(policy)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                HeaderName::from_static("x-policy-version"),
                version.to_string(),
            ),
        ],
        gate.snapshot(),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct NumberQuery {
    number: Option<String>,
}

/// `POST /api/console/{action}?number=`: a console action, decided.
pub async fn console(
    State(s): State<AppState>,
    Caller(me): Caller,
    action: Result<Path<String>, PathRejection>,
    q: Result<Query<NumberQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Path(action), Query(q)) = (action?, q?);
    let d = lock(&s.demo);
    let number = q.number.as_deref().unwrap_or("main");
    let e = d.gate.explain_member(&me, number, &action, None);
    if !e.allowed {
        return Err(ApiError::denied(&e));
    }
    Ok(Json(
        json!({ "allowed": true, "action": action, "code": e.code }),
    ))
}

/// The version an edit was made against: the `If-Match` header or the
/// body's `version`; 428 without one, 409 when it is not the current one.
fn expect_version(headers: &HeaderMap, body: Option<u64>, current: u64) -> Result<(), ApiError> {
    let header = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.trim()
                .trim_start_matches("W/")
                .trim_matches('"')
                .to_owned()
        });
    let named = match header {
        Some(v) => Some(v.parse::<u64>().map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "If-Match takes a policy version",
            )
        })?),
        None => body,
    };
    match named {
        None => Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "version_required",
            "name the policy version the edit was made against (If-Match or `version`)",
        )),
        Some(v) if v != current => Err(ApiError::stale(current)),
        Some(_) => Ok(()),
    }
}

/// The caller's role in `number`, for edits made on their behalf.
fn caller_role(gate: &Gate, me: &str, number: &str) -> Result<String, ApiError> {
    gate.member_role(me, number)
        .map(str::to_owned)
        .ok_or_else(|| {
            ApiError::denied(&gate.explain_member(me, number, "team.edit_permissions", None))
        })
}

/// Installs an edit: a new version, pushed to every open page.
fn apply(
    s: &AppState,
    d: &mut crate::demo::Demo,
    next: Result<Gate, teamgate::EditError>,
) -> Result<Json<Value>, ApiError> {
    match next {
        Ok(g) => {
            d.gate = g;
            d.version += 1;
            let _ = s.events.send(d.version);
            Ok(Json(json!({ "version": d.version })))
        }
        Err(err) => Err(match err.denial() {
            Some(e) => ApiError::denied(e),
            None => ApiError::invalid(err.to_string()),
        }),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionBody {
    role: String,
    action: String,
    scopes: Vec<String>,
    version: Option<u64>,
}

/// `POST /api/numbers/{number}/permissions`: the caller sets the scopes a
/// role keeps for a chat action there.
pub async fn set_permission(
    State(s): State<AppState>,
    Caller(me): Caller,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<PermissionBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Path(number), Json(b)) = (number?, body?);
    let mut d = lock(&s.demo);
    expect_version(&headers, b.version, d.version)?;
    let role = caller_role(&d.gate, &me, &number)?;
    let scopes: Vec<&str> = b.scopes.iter().map(String::as_str).collect();
    let next = d
        .gate
        .with_team_permission(&role, &number, &b.role, &b.action, &scopes);
    apply(&s, &mut d, next)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    role: RoleDef,
    version: Option<u64>,
}

/// `POST /api/roles?number=`: the caller creates a custom role.
pub async fn add_role(
    State(s): State<AppState>,
    Caller(me): Caller,
    headers: HeaderMap,
    q: Result<Query<NumberQuery>, QueryRejection>,
    body: Result<Json<RoleBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Query(q), Json(b)) = (q?, body?);
    let mut d = lock(&s.demo);
    expect_version(&headers, b.version, d.version)?;
    let number = q.number.unwrap_or_else(|| "main".into());
    let caller = caller_role(&d.gate, &me, &number)?;
    let next = d.gate.with_custom_role(&caller, b.role);
    apply(&s, &mut d, next)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    plan: String,
    version: Option<u64>,
}

/// `POST /api/plan`: the account's plan (the owner's `billing.subscription`).
pub async fn set_plan(
    State(s): State<AppState>,
    Caller(me): Caller,
    headers: HeaderMap,
    body: Result<Json<PlanBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(b) = body?;
    let mut d = lock(&s.demo);
    expect_version(&headers, b.version, d.version)?;
    let e = d
        .gate
        .explain_member(&me, "main", "billing.subscription", None);
    if !e.allowed {
        return Err(ApiError::denied(&e));
    }
    let next = d.gate.with_plan(&b.plan);
    apply(&s, &mut d, next)
}

/// `POST /api/reset`: the demo's data as seeded. Only in demo mode
/// (`TEAMGATE_DEMO=1`), only for the owner; the version keeps growing.
pub async fn reset(State(s): State<AppState>, Caller(me): Caller) -> Result<Json<Value>, ApiError> {
    if !s.demo_mode {
        return Err(ApiError::not_found("endpoint"));
    }
    let mut d = lock(&s.demo);
    let e = d
        .gate
        .explain_member(&me, "main", "billing.subscription", None);
    if !e.allowed {
        return Err(ApiError::denied(&e));
    }
    let fresh = crate::demo::seed()
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e))?;
    let version = d.version + 1;
    *d = fresh;
    d.version = version;
    let _ = s.events.send(version);
    Ok(Json(json!({ "version": version })))
}

/// `GET /api/events`: Server-Sent Events, one `version` event now and one
/// for every new policy version; browsers reconnect by themselves and get
/// the current version again at once.
pub async fn events(
    State(s): State<AppState>,
    _caller: Caller,
) -> Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>> {
    let now = lock(&s.demo).version;
    let first = tokio_stream::once(now);
    let next = BroadcastStream::new(s.events.subscribe()).filter_map(Result::ok);
    let stream = first
        .chain(next)
        .map(|v| Ok(Event::default().event("version").data(v.to_string())));
    Sse::new(stream).keep_alive(KeepAlive::default())
}
