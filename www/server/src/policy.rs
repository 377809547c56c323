//! The policy: what the signed-in member's UI needs of it (never the whole
//! team), console actions, and edits made against a named version (a stale
//! one is 409 and changes nothing). Every attempt is logged — allowed,
//! denied, stale, invalid or without a version — and a saved edit commits
//! with its entry; new versions are pushed to open pages.

use crate::answers::{self, ConsoleDone, Me, PlanOption, PlanReason, Plans, Saved, WouldSave};
use crate::error::ApiError;
use crate::input::{self, DryQuery, JsonBody};
use crate::session::Caller;
use crate::store::{Entry, Store, StoreError};
use crate::AppState;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use std::future::Future;
use teamgate::{EditError, Gate, Policy, RoleDef};

/// The policy as the caller's UI needs it: every role, action, plan and
/// number, and of the members only the caller (nobody else's roles).
fn for_member(policy: &Policy, me: &str) -> Policy {
    let mut p = policy.clone();
    p.members.retain(|m| m.id == me);
    p
}

/// Whether the caller may change the plan, and to which plans the account
/// fits (the engine's limit checks on what the account has in use): each
/// plan `{ id, name, current, allowed, reason? }`.
fn plan_options(who: &Caller) -> Plans {
    let (_, may) = who.account_wide("billing.subscription");
    let policy = who.gate.policy();
    let usage = crate::demo::usage(policy);
    let options = policy
        .plans
        .iter()
        .map(|p| {
            let fits = who.gate.check_plan(&p.id, &usage);
            let over: Vec<_> = fits.map(|f| f.over).unwrap_or_default();
            let current = who.gate.plan() == Some(p.id.as_str());
            let reason = if current {
                None
            } else if !may.allowed {
                Some(PlanReason::Denied(Box::new(may.clone())))
            } else {
                over.first()
                    .cloned()
                    .map(|l| PlanReason::Limit(Box::new(l)))
            };
            PlanOption {
                id: p.id.clone(),
                name: p.name.clone(),
                current,
                allowed: current || (may.allowed && over.is_empty()),
                reason,
                over,
            }
        })
        .collect();
    Plans {
        may_change: may,
        options,
    }
}

/// `GET /api/state`: the version, the caller, the policy as the caller's UI
/// needs it, the team warnings of the caller's numbers, and the plans the
/// caller may move the account to.
pub async fn state(
    State(s): State<AppState>,
    who: Caller,
) -> Result<Json<answers::State>, ApiError> {
    let gate = &who.gate;
    let me = &who.member;
    let mine = who.numbers();
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
    Ok(Json(answers::State {
        version: who.version,
        me: Me {
            account: who.account.clone(),
            id: me.clone(),
            name,
            numbers: mine.iter().map(|n| (*n).to_owned()).collect(),
        },
        policy: for_member(gate.policy(), me),
        warnings,
        plans: plan_options(&who),
        demo: s.demo_mode,
    }))
}

/// `GET /api/snapshot`: the compiled gate for the caller's `teamgate/lite`
/// gate, with the caller as its only member (made once per version and
/// member, then kept).
pub async fn snapshot(State(s): State<AppState>, who: Caller) -> Result<Response, ApiError> {
    let bytes = s
        .store
        .snapshot_of(&who.account, who.version, &who.member, || {
            Gate::new(for_member(who.gate.policy(), &who.member))
                .map(|g| g.snapshot())
                .map_err(|e| e.to_string())
        })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                HeaderName::from_static("x-policy-version"),
                who.version.to_string(),
            ),
        ],
        bytes.as_ref().clone(),
    )
        .into_response())
}

/// `?number=&dry=`: a console action's number (`?dry=1`: decided only).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleQuery {
    number: Option<String>,
    #[serde(default, deserialize_with = "input::zero_or_one")]
    dry: bool,
}

/// An entry of the caller's.
fn entry<'a>(
    who: &'a Caller,
    action: &'a str,
    number: Option<&'a str>,
    code: &'a str,
    allowed: bool,
    version: i64,
    detail: Option<String>,
) -> Entry<'a> {
    Entry {
        account: &who.account,
        member: &who.member,
        action,
        number,
        chat: None,
        code,
        allowed,
        version,
        detail,
    }
}

/// `POST /api/console/{action}?number=` (`?dry=1` decides only): a
/// console action in one of the caller's numbers, decided and logged,
/// allowed or not.
pub async fn console(
    State(s): State<AppState>,
    who: Caller,
    action: Result<Path<String>, PathRejection>,
    q: Result<Query<ConsoleQuery>, QueryRejection>,
    body: Result<input::NoBody, ApiError>,
) -> Result<Json<ConsoleDone>, ApiError> {
    let (Path(action), Query(q)) = (action?, q?);
    body?;
    input::id(&action, "path.action")?;
    let number = q.number.ok_or_else(|| {
        ApiError::bad_request(
            "the number is missing",
            "query.number",
            "name the number the action is for: ?number=main",
        )
    })?;
    let number = who.number(&number, "query.number")?;
    let e = who.gate.explain_member(&who.member, number, &action, None);
    // `?dry=1` is a question, not an attempt: answered, not logged.
    if !q.dry {
        s.store
            .log(&entry(
                &who,
                &action,
                Some(number),
                e.code.as_str(),
                e.allowed,
                who.version,
                (!e.allowed).then(|| e.message.clone()),
            ))
            .await?;
    }
    if !e.allowed {
        return Err(ApiError::denied(&e));
    }
    Ok(Json(ConsoleDone {
        allowed: true,
        action,
        code: e.code,
    }))
}

/// The version an edit was made against: the `If-Match` header or the
/// body's `version`; 428 without one, 409 when it is not the current one.
fn expect_version(headers: &HeaderMap, body: Option<i64>, current: i64) -> Result<(), ApiError> {
    let header = headers.get(header::IF_MATCH).map(|v| {
        v.to_str()
            .unwrap_or("?")
            .trim()
            .trim_start_matches("W/")
            .trim_matches('"')
            .to_owned()
    });
    let named = match header {
        Some(v) => Some(v.parse::<i64>().map_err(|_| {
            ApiError::bad_request(
                "If-Match does not name a policy version",
                "header.if-match",
                "send the version the page loaded, e.g. If-Match: \"7\"",
            )
        })?),
        None => body,
    };
    // Both named: they must agree (else one of them is stale).
    if let (Some(h), Some(b)) = (named, body) {
        if h != b {
            return Err(ApiError::bad_request(
                format!("If-Match names version {h} and the body's `version` {b}"),
                "header.if-match",
                "send one of them, or the same version in both",
            ));
        }
    }
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

/// An edit attempt: `run` decides and makes the next policy (or says why
/// not). Saved as the next version with its `saved` entry in one
/// transaction; any refusal (403, 409, 422, 428) is logged with its code.
/// `dry`: decided (a preview, or the refusal), nothing saved or logged.
async fn attempt<F>(
    s: &AppState,
    who: &Caller,
    action: &str,
    number: Option<&str>,
    detail: String,
    dry: bool,
    run: F,
) -> Result<Response, ApiError>
where
    F: Future<Output = Result<Gate, ApiError>>,
{
    let checked = run
        .await
        .and_then(|next| keeps_invariants(s, who, next))
        .map(|next| {
            let effect = crate::effect::preview(who, &next);
            (next, effect)
        });
    let result = match checked {
        Ok((_, effect)) if dry => {
            return Ok(Json(WouldSave {
                allowed: true,
                effect,
            })
            .into_response());
        }
        Ok((next, effect)) => {
            let logged = crate::effect::detail(&detail, &effect, number.is_none());
            save(s, who, action, number, &logged, &next)
                .await
                .map(|v| (v, effect))
        }
        Err(e) => Err(e),
    };
    match result {
        Ok((version, effect)) => Ok(Json(Saved {
            version,
            effect: Some(effect),
        })
        .into_response()),
        Err(e) => {
            if !dry && e.0 != StatusCode::INTERNAL_SERVER_ERROR {
                s.store
                    .log(&entry(
                        who,
                        action,
                        number,
                        e.code(),
                        false,
                        who.version,
                        Some(format!("{detail}: refused: {}", e.message())),
                    ))
                    .await?;
            }
            Err(e)
        }
    }
}

/// `next`, unless it breaks one of the account's invariants that held
/// before the edit (a rule already broken does not block every edit).
fn keeps_invariants(s: &AppState, who: &Caller, next: Gate) -> Result<Gate, ApiError> {
    let Some(rules) = &s.invariants else {
        return Ok(next);
    };
    let before = teamgate::invariants::verify(&who.gate, rules);
    let after = teamgate::invariants::verify(&next, rules);
    match before
        .iter()
        .zip(&after)
        .find(|(was, now)| was.holds && !now.holds)
    {
        Some((_, broken)) => Err(ApiError::invariant_broken(broken)),
        None => Ok(next),
    }
}

/// Another version was saved first: `tx` is rolled back, and the answer
/// names the current version.
async fn stale(s: &AppState, who: &Caller, tx: crate::store::Tx) -> ApiError {
    if let Err(e) = tx.rollback().await {
        return StoreError::from(e).into();
    }
    match s.store.current(&who.account).await {
        Ok(v) => ApiError::stale(v.map_or(who.version, |(v, _)| v)),
        Err(e) => e.into(),
    }
}

/// Saves `next` as the version after the caller's, with its entry; the
/// sessions of members it no longer lists end with it.
async fn save(
    s: &AppState,
    who: &Caller,
    action: &str,
    number: Option<&str>,
    detail: &str,
    next: &Gate,
) -> Result<i64, ApiError> {
    let mut tx = s.store.begin().await?;
    if !Store::save_version(&mut tx, &who.account, who.version, &who.member, next).await? {
        return Err(stale(s, who, tx).await);
    }
    let members: Vec<&str> = next
        .policy()
        .members
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    Store::end_sessions_of_leavers(&mut tx, &who.account, &members).await?;
    let version = who.version + 1;
    Store::log_in(
        &mut tx,
        &entry(
            who,
            action,
            number,
            "saved",
            true,
            version,
            Some(detail.to_owned()),
        ),
    )
    .await?;
    Store::commit(tx).await?;
    s.publish(&who.account, version).await;
    Ok(version)
}

/// An edit the engine refused: a denial (403) or an invalid document (422).
fn refused(err: &EditError) -> ApiError {
    if let Some(e) = err.denial() {
        return ApiError::denied(e);
    }
    // The policy the edit would make is invalid: its first problem, in
    // words (its path is in that policy, not in the request).
    match err.policy_error().and_then(|p| p.problems().first()) {
        Some(p) => ApiError::invalid_hinted(
            format!("the edit would make the policy invalid: {}", p.message()),
            p.help().map(str::to_owned),
        ),
        None => ApiError::invalid(err.to_string()),
    }
}

/// The caller's role in `number`, or the engine's denial.
fn editor_role(who: &Caller, number: &str, action: &str) -> Result<String, ApiError> {
    who.gate
        .member_role(&who.member, number)
        .map(str::to_owned)
        .ok_or_else(|| {
            ApiError::denied(&who.gate.explain_member(&who.member, number, action, None))
        })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionBody {
    role: String,
    action: String,
    scopes: Vec<String>,
    version: Option<i64>,
}

/// `POST /api/numbers/{number}/permissions` (`?dry=1` decides only): the
/// caller sets the scopes a role keeps for a chat action there.
pub async fn set_permission(
    State(s): State<AppState>,
    who: Caller,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
    q: Result<Query<DryQuery>, QueryRejection>,
    body: Result<JsonBody<PermissionBody>, ApiError>,
) -> Result<Response, ApiError> {
    let (Path(number), Query(q)) = (number?, q?);
    who.number(&number, "path.number")?;
    let action = "team.edit_permissions";
    let JsonBody(b) = body?;
    let detail = format!(
        "{} {} → [{}]",
        input::quoted(&b.role),
        input::quoted(&b.action),
        input::quoted_list(&b.scopes)
    );
    let run = async {
        expect_version(&headers, b.version, who.version)?;
        let role = editor_role(&who, &number, action)?;
        let scopes: Vec<&str> = b.scopes.iter().map(String::as_str).collect();
        who.gate
            .with_team_permission(&role, &number, &b.role, &b.action, &scopes)
            .map_err(|e| refused(&e))
    };
    attempt(&s, &who, action, Some(&number), detail, q.dry, run).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    /// As sent: read by the policy's own reader ([`read_role`]).
    role: Box<serde_json::value::RawValue>,
    version: Option<i64>,
}

/// The new role of a body, read as a policy reads its roles; else its
/// first problem at its path in the body (`body.role.rank`), with the
/// reader's hint.
fn read_role(text: &str) -> Result<RoleDef, ApiError> {
    let role = teamgate::Json::parse(text).and_then(|tree| Policy::role_from_json_value(&tree));
    role.map_err(|e| match e.problems().first() {
        Some(p) => ApiError::invalid_at(
            p.message().to_owned(),
            &format!(
                "body.role{}",
                p.path().strip_prefix('$').unwrap_or_default()
            ),
            p.help().unwrap_or(crate::error::API_HINT).to_owned(),
        ),
        None => ApiError::invalid(e.to_string()),
    })
}

/// `POST /api/roles` (`?dry=1` decides only): the caller creates a custom
/// role (an account-wide edit: the caller's role where they may manage roles).
pub async fn add_role(
    State(s): State<AppState>,
    who: Caller,
    headers: HeaderMap,
    q: Result<Query<DryQuery>, QueryRejection>,
    body: Result<JsonBody<RoleBody>, ApiError>,
) -> Result<Response, ApiError> {
    let Query(q) = q?;
    let JsonBody(b) = body?;
    let new_role = read_role(b.role.get())?;
    let action = "team.change_roles";
    let detail = format!("add role {}", input::quoted(&new_role.id));
    let run = async {
        expect_version(&headers, b.version, who.version)?;
        let (number, e) = who.account_wide(action);
        let number = number.ok_or_else(|| ApiError::denied(&e))?;
        let role = editor_role(&who, &number, action)?;
        who.gate
            .with_custom_role(&role, new_role)
            .map_err(|e| refused(&e))
    };
    attempt(&s, &who, action, None, detail, q.dry, run).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    plan: String,
    version: Option<i64>,
}

/// `POST /api/plan` (`?dry=1` decides only): the account's plan (the
/// owner's `billing.subscription`). A plan the account does not fit on
/// (numbers, seats, custom roles in use) is `409 limit_reached` with each
/// limit it would be over in `over`.
pub async fn set_plan(
    State(s): State<AppState>,
    who: Caller,
    headers: HeaderMap,
    q: Result<Query<DryQuery>, QueryRejection>,
    body: Result<JsonBody<PlanBody>, ApiError>,
) -> Result<Response, ApiError> {
    let Query(q) = q?;
    let JsonBody(b) = body?;
    let action = "billing.subscription";
    let detail = format!("plan → {}", input::quoted(&b.plan));
    let run = async {
        expect_version(&headers, b.version, who.version)?;
        let (_, e) = who.account_wide(action);
        if !e.allowed {
            return Err(ApiError::denied(&e));
        }
        let usage = crate::demo::usage(who.gate.policy());
        let fits = who.gate.check_plan(&b.plan, &usage).ok_or_else(|| {
            ApiError::invalid(format!("no plan has the id `{}`", input::quoted(&b.plan)))
        })?;
        if !fits.allowed {
            let message = fits
                .over
                .iter()
                .map(|l| l.message.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            return Err(ApiError::over_limits(
                format!(
                    "the account does not fit on plan `{}`: {message}",
                    fits.plan
                ),
                &fits.over,
            ));
        }
        who.gate.with_plan(&b.plan).map_err(|e| refused(&e))
    };
    attempt(&s, &who, action, None, detail, q.dry, run).await
}

/// `POST /api/reset`: the account's data as seeded, as a new version, in
/// one transaction. Only in demo mode (`TEAMGATE_DEMO=1`), only for those
/// who may change the plan (the owner).
pub async fn reset(
    State(s): State<AppState>,
    who: Caller,
    body: Result<input::NoBody, ApiError>,
) -> Result<Json<Saved>, ApiError> {
    if !s.demo_mode {
        return Err(ApiError::not_found("endpoint"));
    }
    body?;
    let (_, e) = who.account_wide("billing.subscription");
    if !e.allowed {
        s.store
            .log(&entry(
                &who,
                "reset",
                None,
                e.code.as_str(),
                false,
                who.version,
                None,
            ))
            .await?;
        return Err(ApiError::denied(&e));
    }
    let mut tx = s.store.begin().await?;
    if !Store::reset(&mut tx, &who.account, who.version, &who.member).await? {
        return Err(stale(&s, &who, tx).await);
    }
    let version = who.version + 1;
    Store::log_in(
        &mut tx,
        &entry(&who, "reset", None, "saved", true, version, None),
    )
    .await?;
    Store::commit(tx).await?;
    s.publish(&who.account, version).await;
    Ok(Json(Saved {
        version,
        effect: None,
    }))
}
