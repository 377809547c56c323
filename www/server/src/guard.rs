//! Requests that change state must come from the server's own pages: a
//! `POST`, `PUT`, `PATCH` or `DELETE` whose `Origin` is another site's (or
//! that a browser marks `Sec-Fetch-Site: cross-site`) is `403 bad_origin`
//! before any handler runs. The cookie is `SameSite=Strict` too; this is
//! the second lock. Clients that send no `Origin` (curl, servers) pass.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The middleware (see the module).
pub async fn same_origin(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let changes = matches!(
        *req.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if changes && !allowed(&s, &req) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "bad_origin",
            "this request comes from another site's page; it changes nothing",
        )
        .into_response();
    }
    next.run(req).await
}

fn allowed(s: &AppState, req: &Request) -> bool {
    let h = req.headers();
    if h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return false;
    }
    let Some(origin) = h.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if s.allowed_origins.iter().any(|o| o == origin) {
        return true;
    }
    // The server's own origin: the host the request was sent to.
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let bare = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    !host.is_empty() && bare == Some(host)
}
