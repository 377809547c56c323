//! Accepting connections and reading requests: HTTP/1.1 through hyper,
//! with the bounds on slow clients `axum::serve` does not set. A client has
//! `header_timeout` to send a request's headers (an idle kept-alive
//! connection too: hyper's timer starts as it waits), and as long again
//! for its body ([`whole_body`], before any handler runs), so connections
//! that never finish a request (a slow-headers or slow-body flood) are
//! closed; and at most `max_connections` are open at once (each an open
//! file), further ones waiting in the system's queue, so that a flood
//! cannot take every file the process may open. Ctrl-C stops accepting and
//! lets requests in flight finish (at most [`DRAIN`]; an event stream
//! never finishes by itself). Every answer says when an idle connection
//! will be closed (`Keep-Alive: timeout=`, whole seconds, rounded down),
//! so that a client stops reusing it first instead of sending a request
//! into a connection the server is closing (Node's fetch then fails with
//! "fetch failed").

use crate::error::ApiError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long requests in flight may take to finish after Ctrl-C.
const DRAIN: Duration = Duration::from_secs(5);

/// The bounds on connections (`TEAMGATE_HEADER_TIMEOUT_MS`,
/// `TEAMGATE_MAX_CONNECTIONS`).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_timeout: Duration,
    pub max_connections: usize,
}

/// Serves `app` on `listener` until Ctrl-C.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let place = tokio::select! {
            place = open.clone().acquire_owned() => place.map_err(std::io::Error::other)?,
            _ = &mut stop => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of files, or a connection reset before it was
                    // taken: said, and accepting goes on after a pause.
                    eprintln!("accepting a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout);
        let conn =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A connection's end, even an error (a client gone), is no
            // error of the server's.
            let _ = conn.await;
            drop(place);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
    Ok(())
}

/// The middleware that reads a request's whole body (at most `limit`
/// bytes) within `deadline` before the request goes on: a body that does
/// not arrive in time is `408 timeout`, one over the limit `413`. Each
/// answer carries the `Keep-Alive` hint (the same `deadline`).
pub async fn whole_body(
    State((deadline, limit)): State<(Duration, usize)>,
    req: Request,
    next: Next,
) -> Response {
    let mut response = read_whole(deadline, limit, req, next).await;
    let hint = format!("timeout={}", deadline.as_secs());
    if let Ok(hint) = HeaderValue::from_str(&hint) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("keep-alive"), hint);
    }
    response
}

async fn read_whole(deadline: Duration, limit: usize, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    match tokio::time::timeout(deadline, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(e)) if crate::error::caused_by::<http_body_util::LengthLimitError>(&e) => {
            ApiError::too_large(format!(
                "a request's body holds at most {} KB",
                limit / 1024
            ))
            .into_response()
        }
        Ok(Err(_)) => ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "the request's body could not be read",
        )
        .into_response(),
        Err(_) => ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            format!(
                "the request's body did not arrive within {} ms; nothing was done",
                deadline.as_millis()
            ),
        )
        .into_response(),
    }
}
