//! New policy versions pushed to open pages (Server-Sent Events).

use crate::error::ApiError;
use crate::session::Caller;
use crate::AppState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::Stream;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

/// `GET /api/events`: Server-Sent Events, a `version` event now and one
/// for every new version of the caller's account's policy (from this
/// process or, on PostgreSQL, any other); browsers reconnect by themselves
/// and are told the current version again at once.
pub async fn events(
    State(s): State<AppState>,
    who: Caller,
) -> Result<Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>>, ApiError> {
    let now = who.version;
    let account = who.account.clone();
    let next = BroadcastStream::new(s.events.subscribe())
        .filter_map(Result::ok)
        .filter_map(move |(a, v)| (a == account).then_some(v));
    let stream = tokio_stream::once(now)
        .chain(next)
        .map(|v| Ok(Event::default().event("version").data(v.to_string())));
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
