//! Sign-in: a signed, HTTP-only session cookie names the caller; every API
//! call identifies the caller from it, never from the request's query or
//! body. The demo's sign-in page lists the seeded members.

use crate::error::ApiError;
use crate::{lock, AppState};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::Json;
use axum_extra::extract::cookie::{Cookie, SameSite, SignedCookieJar};
use serde::Deserialize;
use serde_json::{json, Value};

const COOKIE: &str = "teamgate_session";

/// The signed-in member, checked against the current policy.
pub struct Caller(pub String);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let jar =
            SignedCookieJar::<axum_extra::extract::cookie::Key>::from_request_parts(parts, state)
                .await
                .map_err(|_| ApiError::unauthenticated())?;
        let member = jar
            .get(COOKIE)
            .map(|c| c.value().to_owned())
            .ok_or_else(ApiError::unauthenticated)?;
        let known = lock(&state.demo)
            .gate
            .policy()
            .members
            .iter()
            .any(|m| m.id == member);
        if known {
            Ok(Caller(member))
        } else {
            Err(ApiError::unauthenticated())
        }
    }
}

/// The members one can sign in as (the demo's sign-in page).
pub async fn members(State(s): State<AppState>) -> Json<Value> {
    let d = lock(&s.demo);
    let list: Vec<Value> = d
        .gate
        .policy()
        .members
        .iter()
        .map(|m| json!({ "id": m.id, "name": m.name }))
        .collect();
    Json(json!(list))
}

#[derive(Deserialize)]
pub struct SignIn {
    member: String,
}

pub async fn sign_in(
    State(s): State<AppState>,
    jar: SignedCookieJar,
    body: Result<Json<SignIn>, axum::extract::rejection::JsonRejection>,
) -> Result<(SignedCookieJar, Json<Value>), ApiError> {
    let Json(b) = body?;
    let known = lock(&s.demo)
        .gate
        .policy()
        .members
        .iter()
        .any(|m| m.id == b.member);
    if !known {
        return Err(ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "unknown_member",
            "no member has that id",
        ));
    }
    let cookie = Cookie::build((COOKIE, b.member.clone()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/")
        .build();
    Ok((jar.add(cookie), Json(json!({ "member": b.member }))))
}

pub async fn sign_out(jar: SignedCookieJar) -> (SignedCookieJar, Json<Value>) {
    (
        jar.remove(Cookie::build(COOKIE).path("/")),
        Json(json!({ "signedOut": true })),
    )
}
