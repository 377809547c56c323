//! What a request may carry, checked before anything else sees it: ids in
//! paths and queries, page sizes and cursors, JSON bodies. A value that
//! does not fit is `400 bad_request` naming where it was and how to mend
//! it — never a database error.

use crate::demo::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::error::ApiError;
use crate::store::Cursor;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Longest id accepted in a path or query (policy ids are at most 64).
const MAX_ID: usize = 64;

/// `value` as an id (`main`, `chats.reply`): 1 to 64 characters of
/// lowercase letters, digits, `_` and `.`. Others are refused here, so no
/// NUL byte or megabyte reaches the engine or the database.
pub fn id<'a>(value: &'a str, at: &str) -> Result<&'a str, ApiError> {
    let ok = !value.is_empty()
        && value.len() <= MAX_ID
        && value
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.'));
    if ok {
        Ok(value)
    } else {
        Err(ApiError::bad_request(
            format!("`{}` is not an id", quoted(value)),
            at,
            "ids are 1 to 64 lowercase letters, digits, `_` and `.`",
        ))
    }
}

/// A value of a request as an error quotes it: at most [`MAX_ID`]
/// characters, escaped (a NUL byte or a megabyte is never echoed whole).
pub fn quoted(value: &str) -> String {
    value
        .chars()
        .take(MAX_ID)
        .collect::<String>()
        .escape_default()
        .to_string()
}

/// The most values of a list an activity entry quotes.
const QUOTED_ITEMS: usize = 8;

/// A list of a request, as an entry of the log quotes it: each value
/// [`quoted`], at most [`QUOTED_ITEMS`] of them, then how many more.
pub fn quoted_list(values: &[String]) -> String {
    let mut shown: Vec<String> = values
        .iter()
        .take(QUOTED_ITEMS)
        .map(|v| quoted(v))
        .collect();
    if values.len() > QUOTED_ITEMS {
        shown.push(format!("and {} more", values.len() - QUOTED_ITEMS));
    }
    shown.join(", ")
}

/// `?limit=&after=`: a page of a list.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub limit: Option<i64>,
    /// Where the page starts: the `next` of the page before.
    pub after: Option<String>,
    /// A tab of the inbox: `pending`, `mine` or `others`.
    pub scope: Option<String>,
}

/// `?dry=1` on a write: decide it (and preview an edit) only, changing and
/// logging nothing, allowed or refused. `0` or none: do it. Any other value
/// is refused, never read as either.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DryQuery {
    #[serde(default, deserialize_with = "zero_or_one")]
    pub dry: bool,
}

/// `0` or `1`, as `false` or `true` (a query's switch), written just so.
pub fn zero_or_one<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match String::deserialize(d)?.as_str() {
        "0" => Ok(false),
        "1" => Ok(true),
        "" => Err(serde::de::Error::custom("expected 0 or 1, found nothing")),
        other => Err(serde::de::Error::custom(format!(
            "expected 0 or 1, found `{}`",
            quoted(other)
        ))),
    }
}

/// `?limit=&before=`: a page of something ordered by id, newest first.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct OlderQuery {
    pub limit: Option<i64>,
    pub before: Option<i64>,
}

/// The page size asked for: 1 to 100, 50 when absent.
pub fn limit(asked: Option<i64>) -> Result<i64, ApiError> {
    match asked {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::bad_request(
            format!("limit {n} is out of range"),
            "query.limit",
            "a page holds 1 to 100 items",
        )),
    }
}

/// A list cursor as written in `next`: `<last activity ms>_<id>`.
pub fn cursor(value: Option<&str>) -> Result<Option<Cursor>, ApiError> {
    let Some(v) = value else { return Ok(None) };
    let parsed = v
        .split_once('_')
        .and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?)));
    match parsed {
        Some(c) if v.len() <= 41 => Ok(Some(c)),
        _ => Err(ApiError::bad_request(
            "`after` is not a cursor of this list",
            "query.after",
            "pass the `next` of the page before, as it is",
        )),
    }
}

/// The cursor of the page after the row at `(last_ms, id)`.
pub fn next_cursor(c: Cursor) -> String {
    format!("{}_{}", c.0, c.1)
}

/// A body that may be empty (`T::default()`) or JSON (`content-type:
/// application/json`, else 415).
pub fn optional_json<T: DeserializeOwned + Default>(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let body = body.map_err(rejected)?;
    if body.is_empty() {
        return Ok(T::default());
    }
    json(headers, &body)
}

/// An endpoint's JSON body (`content-type: application/json`, else 415):
/// a JSON object, read with the path of what is wrong in it
/// (`body.scopes[1]`). Take it as `Result<JsonBody<T>, ApiError>` to
/// decide when its error counts.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<JsonBody<T>, ApiError> {
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state).await.map_err(rejected)?;
        json(&headers, &body).map(JsonBody)
    }
}

/// The body of an endpoint that takes none: none, or `{}` (a field sent
/// is `422`, refused rather than ignored).
pub struct NoBody;

/// No fields at all.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NoFields {}

impl<S: Send + Sync> FromRequest<S> for NoBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<NoBody, ApiError> {
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state).await;
        let NoFields {} = optional_json(&headers, body)?;
        Ok(NoBody)
    }
}

/// A body that could not be read (too large, or cut off).
fn rejected(r: BytesRejection) -> ApiError {
    let code = if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        "too_large"
    } else {
        "bad_request"
    };
    ApiError::new(r.status(), code, r.body_text())
}

/// `body` as JSON: sent as JSON, and an object (serde would also take an
/// array for the fields in order: `["pro", 3]` for `{ plan, version }`).
fn json<T: DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, ApiError> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the body as `content-type: application/json`",
        ));
    }
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::invalid_at(
            "invalid type: array, expected an object".to_owned(),
            "body",
            "send the fields as a JSON object: see the API in docs/server.md",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| ApiError::of_body(e.inner(), &e.path().to_string()))?;
    de.end().map_err(|e| ApiError::of_body(&e, "."))?;
    Ok(value)
}
