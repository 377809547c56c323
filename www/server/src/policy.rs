//! The policy: what the signed-in member's UI needs of it (never the whole
//! team), and edits made against a named version (a stale one is 409 and
//! changes nothing), each logged and pushed to open pages.

use crate::error::ApiError;
use crate::session::Caller;
use crate::AppState;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use teamgate::{EditError, Explanation, Gate, Policy, RoleDef};

/// The policy as the caller's UI needs it: every role, action, plan and
/// number, and of the members only the caller (nobody else's roles).
fn for_member(policy: &Policy, me: &str) -> Policy {
    let mut p = policy.clone();
    p.members.retain(|m| m.id == me);
    p
}

/// A denial, logged (S003.3), as the 403 answer.
pub(crate) async fn refuse(
    s: &AppState,
    who: &Caller,
    action: &str,
    number: Option<&str>,
    e: &Explanation,
    version: i64,
) -> ApiError {
    s.store
        .log(who, action, number, e.code.as_str(), false, version)
        .await;
    ApiError::denied(e)
}

/// `GET /api/state`: the version, the caller, the policy as the caller's UI
/// needs it, and the team warnings of the caller's numbers.
pub async fn state(State(s): State<AppState>, who: Caller) -> Result<Json<Value>, ApiError> {
    let (version, gate) = (who.version, &who.gate);
    let me = &who.member;
    let mine: Vec<&str> = gate
        .numbers()
        .filter(|n| gate.member_role(me, n).is_some())
        .collect();
    let warnings: Vec<_> = gate
        .team_warnings()
        .into_iter()
        .filter(|w| mine.contains(&w.number.as_str()))
        .collect();
    let name = gate
        .policy()
        .members
        .iter()
        .find(|m| m.id == *me)
        .and_then(|m| m.name.clone());
    Ok(Json(json!({
        "version": version,
        "me": { "account": who.account, "id": me, "name": name, "numbers": mine },
        "policy": for_member(gate.policy(), me),
        "warnings": warnings,
        "demo": s.demo_mode,
    })))
}

/// `GET /api/snapshot`: the compiled gate for the caller's `teamgate/lite`
/// gate, with the caller as its only member.
pub async fn snapshot(who: Caller) -> Result<Response, ApiError> {
    let (version, gate) = (who.version, &who.gate);
    let mine = Gate::new(for_member(gate.policy(), &who.member))
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                HeaderName::from_static("x-policy-version"),
                version.to_string(),
            ),
        ],
        mine.snapshot(),
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
    who: Caller,
    action: Result<Path<String>, PathRejection>,
    q: Result<Query<NumberQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Path(action), Query(q)) = (action?, q?);
    let (version, gate) = (who.version, &who.gate);
    let number = q.number.as_deref().unwrap_or("main");
    let e = gate.explain_member(&who.member, number, &action, None);
    if !e.allowed {
        return Err(refuse(&s, &who, &action, Some(number), &e, version).await);
    }
    Ok(Json(
        json!({ "allowed": true, "action": action, "code": e.code }),
    ))
}

/// The version an edit was made against: the `If-Match` header or the
/// body's `version`; 428 without one, 409 when it is not the current one.
fn expect_version(headers: &HeaderMap, body: Option<u64>, current: i64) -> Result<(), ApiError> {
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
        Some(v) if v as i64 != current => Err(ApiError::stale(current as u64)),
        Some(_) => Ok(()),
    }
}

/// How an edit on the caller's behalf starts: the version the edit names
/// checked against the caller's, and the caller's role in `number` (none: a
/// denial, logged).
async fn editor(
    s: &AppState,
    who: &Caller,
    headers: &HeaderMap,
    named: Option<u64>,
    number: &str,
    what: &str,
) -> Result<String, ApiError> {
    expect_version(headers, named, who.version)?;
    match who.gate.member_role(&who.member, number) {
        Some(role) => Ok(role.to_owned()),
        None => {
            let e = who
                .gate
                .explain_member(&who.member, number, "team.edit_permissions", None);
            Err(refuse(s, who, what, Some(number), &e, who.version).await)
        }
    }
}

/// Saves an edit as the next version (409 if another editor saved first),
/// logs it, and pushes the new version to every open page.
async fn apply(
    s: &AppState,
    who: &Caller,
    what: &str,
    number: Option<&str>,
    base: i64,
    next: Result<Gate, EditError>,
) -> Result<Json<Value>, ApiError> {
    match next {
        Ok(g) => {
            let version = s.store.save(&who.account, base, &who.member, &g).await?;
            s.store.log(who, what, number, "saved", true, version).await;
            s.publish(&who.account, version).await;
            Ok(Json(json!({ "version": version })))
        }
        Err(err) => match err.denial() {
            Some(e) => Err(refuse(s, who, what, number, e, base).await),
            None => Err(ApiError::invalid(err.to_string())),
        },
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
    who: Caller,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<PermissionBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Path(number), Json(b)) = (number?, body?);
    let what = format!("team.edit_permissions {} {}", b.role, b.action);
    let role = editor(&s, &who, &headers, b.version, &number, &what).await?;
    let (version, gate) = (who.version, &who.gate);
    let scopes: Vec<&str> = b.scopes.iter().map(String::as_str).collect();
    let next = gate.with_team_permission(&role, &number, &b.role, &b.action, &scopes);
    apply(&s, &who, &what, Some(&number), version, next).await
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
    who: Caller,
    headers: HeaderMap,
    q: Result<Query<NumberQuery>, QueryRejection>,
    body: Result<Json<RoleBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let (Query(q), Json(b)) = (q?, body?);
    let number = q.number.unwrap_or_else(|| "main".into());
    let what = format!("team.change_roles add {}", b.role.id);
    let caller = editor(&s, &who, &headers, b.version, &number, &what).await?;
    let (version, gate) = (who.version, &who.gate);
    let next = gate.with_custom_role(&caller, b.role);
    apply(&s, &who, &what, None, version, next).await
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
    who: Caller,
    headers: HeaderMap,
    body: Result<Json<PlanBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(b) = body?;
    let (version, gate) = (who.version, &who.gate);
    expect_version(&headers, b.version, version)?;
    let e = gate.explain_member(&who.member, "main", "billing.subscription", None);
    if !e.allowed {
        return Err(refuse(&s, &who, "billing.subscription", None, &e, version).await);
    }
    let next = gate.with_plan(&b.plan);
    apply(
        &s,
        &who,
        &format!("billing.subscription {}", b.plan),
        None,
        version,
        next,
    )
    .await
}

/// `POST /api/reset`: the account's data as seeded, as a new version. Only
/// in demo mode (`TEAMGATE_DEMO=1`), only for the owner.
pub async fn reset(State(s): State<AppState>, who: Caller) -> Result<Json<Value>, ApiError> {
    if !s.demo_mode {
        return Err(ApiError::not_found("endpoint"));
    }
    let (version, gate) = (who.version, &who.gate);
    let e = gate.explain_member(&who.member, "main", "billing.subscription", None);
    if !e.allowed {
        return Err(refuse(&s, &who, "reset", None, &e, version).await);
    }
    let version = s.store.reset(&who.account, version, &who.member).await?;
    s.store
        .log(&who, "reset", None, "saved", true, version)
        .await;
    s.publish(&who.account, version).await;
    Ok(Json(json!({ "version": version })))
}
