//! Sign-in: a signed, HTTP-only session cookie names the caller (account
//! and member); every API call identifies the caller from it, never from
//! the request's query or body. The demo's sign-in page lists the seeded
//! members of each account.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::Json;
use axum_extra::extract::cookie::{Cookie, Key, SameSite, SignedCookieJar};
use serde::Deserialize;
use serde_json::{json, Value};

const COOKIE: &str = "teamgate_session";

/// The signed-in member and their account, checked against the account's
/// current policy, which the request is then decided with (read once).
pub struct Caller {
    pub account: String,
    pub member: String,
    /// The account's policy version when the request came in.
    pub version: i64,
    /// That version, compiled.
    pub gate: std::sync::Arc<teamgate::Gate>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let jar = SignedCookieJar::<Key>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::unauthenticated())?;
        let value = jar
            .get(COOKIE)
            .map(|c| c.value().to_owned())
            .ok_or_else(ApiError::unauthenticated)?;
        let (account, member) = value
            .split_once('/')
            .ok_or_else(ApiError::unauthenticated)?;
        let (version, gate) = state
            .store
            .current(account)
            .await
            .map_err(|_| ApiError::unauthenticated())?;
        if gate.policy().members.iter().any(|m| m.id == member) {
            Ok(Caller {
                account: account.to_owned(),
                member: member.to_owned(),
                version,
                gate,
            })
        } else {
            Err(ApiError::unauthenticated())
        }
    }
}

/// The members one can sign in as, by account (the demo's sign-in page).
pub async fn members(State(s): State<AppState>) -> Result<Json<Value>, ApiError> {
    let mut list = Vec::new();
    for account in crate::demo::ACCOUNTS {
        let (_, gate) = s.store.current(account).await?;
        list.extend(
            gate.policy()
                .members
                .iter()
                .map(|m| json!({ "account": account, "id": m.id, "name": m.name })),
        );
    }
    Ok(Json(json!(list)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// The demo's first account when absent.
    account: Option<String>,
    member: String,
}

/// `POST /api/session { account?, member }`: signs in (the demo has no
/// passwords: the sign-in page is the demo's stand-in for yours).
pub async fn sign_in(
    State(s): State<AppState>,
    jar: SignedCookieJar,
    body: Result<Json<SignIn>, axum::extract::rejection::JsonRejection>,
) -> Result<(SignedCookieJar, Json<Value>), ApiError> {
    let Json(b) = body?;
    let account = b
        .account
        .unwrap_or_else(|| crate::demo::ACCOUNTS[0].to_owned());
    let known = match s.store.current(&account).await {
        Ok((_, gate)) => gate.policy().members.iter().any(|m| m.id == b.member),
        Err(_) => false,
    };
    if !known {
        return Err(ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "unknown_member",
            "no member of that account has that id",
        ));
    }
    let cookie = Cookie::build((COOKIE, format!("{account}/{}", b.member)))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/")
        .build();
    Ok((
        jar.add(cookie),
        Json(json!({ "account": account, "member": b.member })),
    ))
}

/// `DELETE /api/session`: signs out.
pub async fn sign_out(jar: SignedCookieJar) -> (SignedCookieJar, Json<Value>) {
    (
        jar.remove(Cookie::build(COOKIE).path("/")),
        Json(json!({ "signedOut": true })),
    )
}
