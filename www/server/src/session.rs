//! Who is asking: a session id in an HTTP-only cookie, looked up in the
//! database (see `store/sessions.rs`), and the member it names checked
//! against the account's current policy. The demo signs in by picking a
//! member: a real server authenticates there (see `sign_in`).

use crate::answers::{MemberChoice, SignedIn, SignedOut};
use crate::error::ApiError;
use crate::input;
use crate::AppState;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::Json;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;
use std::sync::Arc;
use teamgate::Gate;

const COOKIE: &str = "teamgate_session";

/// The signed-in member and their account, checked against the account's
/// current policy, which the request is then decided with (read once).
pub struct Caller {
    /// The session's token (what the cookie holds), for per-session bounds.
    pub session: String,
    pub account: String,
    pub member: String,
    /// When the session ends unless used again (ms since the epoch).
    pub session_ends_ms: i64,
    /// The account's policy version when the request came in.
    pub version: i64,
    /// That version, compiled.
    pub gate: Arc<Gate>,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar
            .get(COOKIE)
            .map(|c| c.value().to_owned())
            .ok_or_else(ApiError::unauthenticated)?;
        if token.len() != 64 {
            return Err(ApiError::unauthenticated());
        }
        let s = state
            .store
            .session(&token, state.sessions)
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        let (version, gate) = state
            .store
            .current(&s.account)
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        // A member who has left the policy is signed out, whatever the cookie says.
        if gate.policy().members.iter().any(|m| m.id == s.member) {
            Ok(Caller {
                session: token,
                session_ends_ms: s.ends_ms,
                account: s.account,
                member: s.member,
                version,
                gate,
            })
        } else {
            Err(ApiError::unauthenticated())
        }
    }
}

impl Caller {
    /// A number of a request (`place`: where it was, `path.number`), checked:
    /// an id, and a number of the caller's account. Another account's number
    /// does not exist for the caller: 404 on every route, before any decision.
    pub fn number<'a>(&self, number: &'a str, place: &str) -> Result<&'a str, ApiError> {
        input::id(number, place)?;
        if self.gate.numbers().any(|n| n == number) {
            Ok(number)
        } else {
            Err(ApiError::not_found("number"))
        }
    }

    /// The numbers the caller holds a role in.
    pub fn numbers(&self) -> Vec<&str> {
        self.gate
            .numbers()
            .filter(|n| self.gate.member_role(&self.member, n).is_some())
            .collect()
    }

    /// The numbers where the caller's role allows `action` (for the
    /// activity log: whose entries the caller may read).
    pub fn numbers_allowing(&self, action: &str) -> Vec<&str> {
        self.numbers()
            .into_iter()
            .filter(|n| self.gate.can_member(&self.member, n, action, None))
            .collect()
    }

    /// The members holding a role in one of `numbers`, and the caller
    /// (whose account-wide entries of the log the caller reads); `None`
    /// when `numbers` are all the account's (every member's).
    pub fn members_in(&self, numbers: &[&str]) -> Option<Vec<&str>> {
        if self.gate.numbers().all(|n| numbers.contains(&n)) {
            return None;
        }
        let members = self.gate.policy().members.iter().map(|m| m.id.as_str());
        Some(
            members
                .filter(|m| {
                    *m == self.member
                        || numbers
                            .iter()
                            .any(|n| self.gate.member_role(m, n).is_some())
                })
                .collect(),
        )
    }

    /// An account-wide question (the plan, custom roles, the activity log):
    /// allowed when the caller's role in some number allows it; else the
    /// denial in their first number.
    pub fn account_wide(&self, action: &str) -> (Option<String>, teamgate::Explanation) {
        let numbers = self.numbers();
        let mut first = None;
        for n in &numbers {
            let e = self.gate.explain_member(&self.member, n, action, None);
            if e.allowed {
                return (Some((*n).to_owned()), e);
            }
            first.get_or_insert(((*n).to_owned(), e));
        }
        match first {
            Some((n, e)) => (Some(n), e),
            // In no number at all: the engine's own denial, in the first number.
            None => {
                let n = self.gate.numbers().next().unwrap_or_default().to_owned();
                let e = self.gate.explain_member(&self.member, &n, action, None);
                (None, e)
            }
        }
    }
}

/// The members one can sign in as, by account (the demo's sign-in page;
/// in demo mode only, as picking a member is).
pub async fn members(State(s): State<AppState>) -> Result<Json<Vec<MemberChoice>>, ApiError> {
    if !s.demo_mode {
        return Err(ApiError::no_sign_in());
    }
    let mut list = Vec::new();
    for account in crate::demo::ACCOUNTS {
        if let Some((_, gate)) = s.store.current(account).await? {
            list.extend(gate.policy().members.iter().map(|m| MemberChoice {
                account: (*account).to_owned(),
                id: m.id.clone(),
                name: m.name.clone(),
            }));
        }
    }
    Ok(Json(list))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// The demo's first account when absent.
    account: Option<String>,
    member: String,
}

/// Whether the session cookie gets `Secure`: configured, or the request
/// came over https (as a proxy in front says).
fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// `POST /api/session { account?, member }`: signs in with a new session
/// (the one the browser held, if any, ends).
///
/// THE DEMO HAS NO PASSWORDS: picking a member is its stand-in for your
/// authentication (a password check, your identity provider's callback),
/// and outside demo mode (`TEAMGATE_DEMO=1`) there is none: `404
/// no_sign_in`. Replace the demo-mode and `known` checks below with
/// yours; keep the rest.
pub async fn sign_in(
    State(s): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    body: Result<input::JsonBody<SignIn>, ApiError>,
) -> Result<(CookieJar, Json<SignedIn>), ApiError> {
    if !s.demo_mode {
        return Err(ApiError::no_sign_in());
    }
    let input::JsonBody(b) = body?;
    let account = b.account.unwrap_or_else(|| {
        crate::demo::ACCOUNTS
            .first()
            .copied()
            .unwrap_or_default()
            .to_owned()
    });
    input::id(&account, "body.account")?;
    input::id(&b.member, "body.member")?;
    let known = match s.store.current(&account).await? {
        Some((_, gate)) => gate.policy().members.iter().any(|m| m.id == b.member),
        None => false,
    };
    if !known {
        return Err(ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "unknown_member",
            "no member of that account has that id",
        ));
    }
    let previous = jar.get(COOKIE).map(|c| c.value().to_owned());
    let token = s
        .store
        .sign_in(&account, &b.member, previous.as_deref(), s.sessions)
        .await?;
    if let Some(old) = &previous {
        // The session the browser held ended: its event streams too.
        s.streams.end_session(old);
    }
    let cookie = Cookie::build((COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure(&s, &headers))
        .max_age(time_of(s.sessions.max_age_ms))
        .path("/")
        .build();
    Ok((
        jar.add(cookie),
        Json(SignedIn {
            account: account.to_owned(),
            member: b.member,
        }),
    ))
}

fn time_of(ms: i64) -> cookie::time::Duration {
    cookie::time::Duration::milliseconds(ms)
}

/// `DELETE /api/session`: signs out: the session ends on the server (the
/// old cookie no longer works anywhere) and the cookie is removed.
pub async fn sign_out(
    State(s): State<AppState>,
    jar: CookieJar,
    body: Result<input::NoBody, ApiError>,
) -> Result<(CookieJar, Json<SignedOut>), ApiError> {
    body?;
    if let Some(c) = jar.get(COOKIE) {
        s.store.sign_out(c.value()).await?;
        // Its open event streams end with it.
        s.streams.end_session(c.value());
    }
    Ok((
        jar.remove(Cookie::build(COOKIE).path("/")),
        Json(SignedOut { signed_out: true }),
    ))
}
