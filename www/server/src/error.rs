//! Every error of the API is JSON with a stable `code`: the engine's reason
//! codes for 403s, and these for the rest (extractor rejections and unknown
//! `/api` paths included). A failure of the database is `500 internal`
//! with no database text in the answer (the server's log has it); a
//! database too busy to take the request in time is `503 busy` with
//! `Retry-After`, and nothing changed.

use crate::store::StoreError;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::borrow::Cow;
use teamgate::{Explanation, LimitCheck};

/// An error answer: a status and its body.
#[derive(Debug)]
pub struct ApiError(pub StatusCode, pub Box<ErrorBody>);

/// The body of an error answer: the engine's explanation of a denial, or
/// a stable `code`, a `message` and what helps mend the request.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ErrorBody {
    /// 403: the engine's explanation (code, message, hint, upgradeTo, params).
    Denied(Explanation),
    /// Every other error.
    Plain(PlainError),
}

/// An error that is not the engine's denial.
#[derive(Debug, Default, Serialize)]
pub struct PlainError {
    code: &'static str,
    message: String,
    /// Where in the request (`path.number`, `query.limit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<Cow<'static, str>>,
    /// The current policy version (a stale edit).
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i64>,
    /// One limit check per limit a plan change would be over.
    #[serde(skip_serializing_if = "Option::is_none")]
    over: Option<Vec<LimitCheck>>,
    /// The invariant an edit would break (`invariant_broken`).
    #[serde(skip_serializing_if = "Option::is_none")]
    invariant: Option<String>,
    /// The first case that would break it.
    #[serde(skip_serializing_if = "Option::is_none")]
    counterexample: Option<Box<teamgate::invariants::Counterexample>>,
}

impl ApiError {
    fn plain(status: StatusCode, body: PlainError) -> ApiError {
        ApiError(status, Box::new(ErrorBody::Plain(body)))
    }
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::hinted(status, code, message, None)
    }
    /// 409 `invariant_broken`: after the edit, one of the account's
    /// invariants would no longer hold; its name and first counterexample.
    pub fn invariant_broken(rule: &teamgate::invariants::InvariantResult) -> ApiError {
        ApiError::plain(
            StatusCode::CONFLICT,
            PlainError {
                code: "invariant_broken",
                message: format!("“{}” would no longer hold: {}", rule.name, rule.message),
                hint: Some(
                    "keep the account's rules: change the edit, or the rules (TEAMGATE_INVARIANTS)"
                        .into(),
                ),
                invariant: Some(rule.name.clone()),
                counterexample: rule.counterexample.clone().map(Box::new),
                ..PlainError::default()
            },
        )
    }
    /// An error about one value of the request: what, where (`path.number`,
    /// `body.text`) and how to mend it.
    fn located(
        status: StatusCode,
        code: &'static str,
        what: impl Into<String>,
        at: &str,
        hint: impl Into<Cow<'static, str>>,
    ) -> ApiError {
        ApiError::plain(
            status,
            PlainError {
                code,
                message: what.into(),
                path: Some(at.to_owned()),
                hint: Some(hint.into()),
                ..PlainError::default()
            },
        )
    }
    /// 400: a request the server cannot read, saying what, where and how to mend it.
    pub fn bad_request(what: impl Into<String>, at: &str, hint: &'static str) -> ApiError {
        ApiError::located(StatusCode::BAD_REQUEST, "bad_request", what, at, hint)
    }
    /// 403 with the engine's explanation (code, message, hint, upgradeTo).
    pub fn denied(e: &Explanation) -> ApiError {
        ApiError(
            StatusCode::FORBIDDEN,
            Box::new(ErrorBody::Denied(e.clone())),
        )
    }
    pub fn unauthenticated() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "sign in first (POST /api/session)",
        )
    }
    /// 404: picking a member to sign in as (the demo's stand-in for
    /// authentication) outside demo mode.
    pub fn no_sign_in() -> ApiError {
        ApiError::hinted(
            StatusCode::NOT_FOUND,
            "no_sign_in",
            "this server has no sign-in: picking a member signs in only in demo mode (TEAMGATE_DEMO=1)",
            Some("put your authentication in `session::sign_in` (www/server/src/session.rs)".into()),
        )
    }
    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no such {what}"),
        )
    }
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }
    /// 422 `invalid`, with how to mend it if known.
    pub fn invalid_hinted(message: impl Into<String>, hint: Option<String>) -> ApiError {
        ApiError::hinted(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            message,
            hint.map(Cow::Owned),
        )
    }
    /// An error that says how to mend it (if known), about no one value.
    fn hinted(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
        hint: Option<Cow<'static, str>>,
    ) -> ApiError {
        ApiError::plain(
            status,
            PlainError {
                code,
                message: message.into(),
                hint,
                ..PlainError::default()
            },
        )
    }
    /// 422 `invalid`, saying where (`body.text`) and how to mend it.
    pub fn invalid_at(
        message: impl Into<String>,
        at: &str,
        hint: impl Into<Cow<'static, str>>,
    ) -> ApiError {
        ApiError::located(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            message,
            at,
            hint,
        )
    }
    pub fn too_large(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
    }
    /// 409: the edit was made against an older policy version; nothing changed.
    pub fn stale(current: i64) -> ApiError {
        ApiError::plain(
            StatusCode::CONFLICT,
            PlainError {
                code: "stale_version",
                message: "the policy changed since this page loaded it; nothing was changed".into(),
                version: Some(current),
                ..PlainError::default()
            },
        )
    }
    /// 409 `limit_reached`: the account does not fit on the plan asked for;
    /// `over` holds one limit check per limit it would be over.
    pub fn over_limits(message: String, over: &[LimitCheck]) -> ApiError {
        ApiError::plain(
            StatusCode::CONFLICT,
            PlainError {
                code: "limit_reached",
                message,
                hint: Some("remove what is over the limits first, or pick a larger plan".into()),
                over: Some(over.to_vec()),
                ..PlainError::default()
            },
        )
    }
    /// A JSON body that is not JSON (400), or not the fields the endpoint
    /// takes (422), saying where (`body.scopes[0]`).
    pub fn of_body(inner: &serde_json::Error, path: &str) -> ApiError {
        let message = inner.to_string();
        if inner.is_data() {
            // The path says where; the words are JSON's, not Rust's.
            let place = format!(" at line {} column {}", inner.line(), inner.column());
            let message = message.strip_suffix(&place).unwrap_or(&message);
            ApiError::invalid_at(json_words(message), &at("body", path), API_HINT)
        } else if let Some(place) = [
            "lone leading surrogate in hex escape",
            "unexpected end of hex escape",
        ]
        .iter()
        .find_map(|m| message.strip_prefix(m))
        {
            // serde_json's words for `"\ud800"`, which JSON.stringify writes
            // for a string cut inside a character (half an emoji).
            ApiError::bad_request(
                format!("a `\\u` escape of half a character (a lone UTF-16 surrogate){place}"),
                "body",
                "send whole characters: a string cut inside one (half an emoji) leaves half of it",
            )
        } else {
            ApiError::bad_request(message, "body", "send the body as JSON (an object)")
        }
    }
    /// The `code` of the answer.
    pub fn code(&self) -> &str {
        match &*self.1 {
            ErrorBody::Denied(e) => e.code.as_str(),
            ErrorBody::Plain(p) => p.code,
        }
    }
    /// The answer's message, for a person (what the activity log records).
    pub fn message(&self) -> &str {
        match &*self.1 {
            ErrorBody::Denied(e) => &e.message,
            ErrorBody::Plain(p) => &p.message,
        }
    }
}

/// A serde message in JSON's words: Rust's integer types are "a whole
/// number", its sequences and maps arrays and objects, a struct an object.
/// What the request sent, quoted in `…` or "…", is kept as it is.
fn json_words(message: &str) -> String {
    let mut text = String::new();
    let mut rest = message;
    while !rest.is_empty() {
        // Up to the next quoted value, then the value whole.
        let open = rest.find(['`', '"']).unwrap_or(rest.len());
        text.push_str(&rust_to_json(&rest[..open]));
        rest = &rest[open..];
        if let Some(q) = rest.chars().next() {
            let close = rest[1..].find(q).map_or(rest.len(), |c| c + 2);
            text.push_str(&rest[..close]);
            rest = &rest[close..];
        }
    }
    text
}

/// [`json_words`] of a part of a message that quotes nothing.
fn rust_to_json(part: &str) -> String {
    let part = part
        .replace("a sequence", "an array")
        .replace("a map", "an object");
    let words: Vec<String> = part
        .split(' ')
        .map(|w| {
            let (word, tail) = w.split_at(w.trim_end_matches([',', ';']).len());
            let json = match word {
                "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64"
                | "u128" | "usize" => "a whole number",
                "f32" | "f64" => "a number",
                "sequence" => "array",
                "map" => "object",
                "unit" => "null",
                _ => return w.to_owned(),
            };
            format!("{json}{tail}")
        })
        .collect();
    let mut text = words.join(" ");
    // `expected struct PlanBody`: the body's own type's name.
    while let Some(at) = text.find("struct ") {
        let end = text[at + 7..]
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .map_or(text.len(), |e| at + 7 + e);
        text.replace_range(at..end, "an object");
    }
    text
}

/// A query parameter's error in the request's words (Rust's integer
/// parser says "invalid digit found in string").
fn query_words(message: &str) -> String {
    match message {
        "invalid digit found in string" => "not a whole number".to_owned(),
        "cannot parse integer from empty string" => "empty: a whole number is needed".to_owned(),
        "number too large to fit in target type" | "number too small to fit in target type" => {
            "a whole number out of range".to_owned()
        }
        other => json_words(other),
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        if e.busy {
            // A flood: answered at once, with when to come back (not logged:
            // it is no failure, and a flood would fill the log).
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "the server is busy; nothing was changed: try again in a moment",
            );
        }
        eprintln!("storage: {e}");
        if e.unsettled {
            // Not "nothing was changed": the database may have kept it.
            return ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "unsettled",
                "the connection to the database was lost as this was saved: it may or may not have been kept; reload to see before trying again",
            );
        }
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server could not complete this request; nothing was changed",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry = (self.0 == StatusCode::SERVICE_UNAVAILABLE)
            .then_some([(axum::http::header::RETRY_AFTER, "1")]);
        (self.0, retry, Json(self.1)).into_response()
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> ApiError {
        use axum::extract::path::ErrorKind;
        if let PathRejection::FailedToDeserializePathParams(e) = &r {
            if let ErrorKind::ParseErrorAtIndex { value, .. }
            | ErrorKind::ParseErrorAtKey { value, .. }
            | ErrorKind::ParseError { value, .. } = e.kind()
            {
                // The only path segment that is not text is a chat's id.
                return ApiError::bad_request(
                    format!("`{}` is not a chat id", crate::input::quoted(value)),
                    "path.id",
                    "a chat's id is a whole number, as the chat lists give it",
                );
            }
        }
        ApiError::bad_request(r.body_text(), "path", API_HINT)
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> ApiError {
        match find_source::<serde_path_to_error::Error<serde_urlencoded::de::Error>>(&r) {
            Some(e) => ApiError::bad_request(
                query_words(&e.inner().to_string()),
                &at("query", &e.path().to_string()),
                API_HINT,
            ),
            None => ApiError::bad_request(r.body_text(), "query", API_HINT),
        }
    }
}

/// What most errors of a request's shape point to.
pub const API_HINT: &str = "see the API in docs/server.md";

/// `body` and a field's path in it (`body.plan`; `.` is the whole).
fn at(place: &str, path: &str) -> String {
    if path == "." || path.is_empty() {
        place.to_owned()
    } else {
        format!("{place}.{path}")
    }
}

/// Whether `err` or one of its sources is a `T`.
pub fn caused_by<T: std::error::Error + 'static>(err: &(dyn std::error::Error + 'static)) -> bool {
    err.is::<T>() || find_source::<T>(err).is_some()
}

/// The first error of `T` in `err`'s sources (axum wraps serde's errors).
fn find_source<'a, T: std::error::Error + 'static>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut next = err.source();
    while let Some(e) = next {
        if let Some(t) = e.downcast_ref::<T>() {
            return Some(t);
        }
        next = e.source();
    }
    None
}

/// Unknown `/api` paths: JSON, not the app's HTML.
pub async fn no_such_endpoint() -> ApiError {
    ApiError::not_found("endpoint")
}

/// A known `/api` path with another method: JSON too.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint takes another method",
    )
}

#[cfg(test)]
mod tests {
    use super::json_words;

    /// Rust's words become JSON's; what the request sent stays as sent.
    #[test]
    fn json_words_keep_quoted_values() {
        for (serde, json) in [
            (
                "invalid type: floating point `1.5`, expected i64",
                "invalid type: floating point `1.5`, expected a whole number",
            ),
            (
                "invalid type: string \"a map\", expected a sequence",
                "invalid type: string \"a map\", expected an array",
            ),
            (
                "invalid type: map, expected struct PlanBody",
                "invalid type: object, expected an object",
            ),
            (
                "unknown field `u8 map`, expected `plan` or `version`",
                "unknown field `u8 map`, expected `plan` or `version`",
            ),
            (
                "invalid length 0, expected struct X with 2 elements",
                "invalid length 0, expected an object with 2 elements",
            ),
            ("unclosed `quote i64", "unclosed `quote i64"),
        ] {
            assert_eq!(json_words(serde), json, "{serde}");
        }
    }
}
