//! New policy versions pushed to open pages (Server-Sent Events), with
//! bounds: a session keeps at most [`PER_SESSION`] streams (a new one ends
//! its oldest: a reloaded page does not wait for the old one to time out)
//! and an account at most [`PER_ACCOUNT`] (more is `429`). A stream's
//! memory is returned when it ends: its subscription, its slot and its
//! connection go together. A stream lives no longer than its session: it
//! ends at sign-out, when the session expires or goes idle (an open stream
//! is not a use), and when its member leaves the policy (whose save ends
//! their sessions); another process's sign-out is seen at the next version
//! (a second or more after the last check) or within [`CHECK_EVERY`].

use crate::error::ApiError;
use crate::session::Caller;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::Stream;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

/// Streams one session may hold open.
pub const PER_SESSION: usize = 4;
/// Streams one account may hold open, across its sessions.
pub const PER_ACCOUNT: usize = 256;
/// How often an open stream checks that its session is still live (besides
/// at its expiry, at its idle deadline and before each version it sends).
pub const CHECK_EVERY: Duration = Duration::from_secs(60);
/// A version is sent without checking the session again within this time
/// of the last check.
const RECHECK: Duration = Duration::from_secs(1);

/// The open streams: per session, the oldest first (with what ends each);
/// per account, how many.
#[derive(Default)]
pub struct Streams {
    inner: Mutex<Open>,
}

/// A session's open streams, oldest first: each one's id and what ends it
/// (dropped, the stream ends).
type Ends = VecDeque<(u64, oneshot::Sender<()>)>;

#[derive(Default)]
struct Open {
    next_id: u64,
    /// Per session: its account, and its streams (what ends each).
    by_session: HashMap<String, (String, Ends)>,
    by_account: HashMap<String, usize>,
}

/// A stream's place in [`Streams`], given back when the stream is dropped.
struct Slot {
    streams: Arc<Streams>,
    session: String,
    account: String,
    id: u64,
}

impl Open {
    /// Gives `n` of the account's places back.
    fn release(&mut self, account: &str, n: usize) {
        if let Some(count) = self.by_account.get_mut(account) {
            *count = count.saturating_sub(n);
            if *count == 0 {
                self.by_account.remove(account);
            }
        }
    }
}

impl Streams {
    fn open(&self, session: &str, account: &str) -> Result<(u64, oneshot::Receiver<()>), ApiError> {
        let mut o = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let in_account = o.by_account.get(account).copied().unwrap_or(0);
        // A session over its share ends its oldest stream (the receiver
        // sees the sender dropped); that frees a place in the account too.
        let evicted = match o.by_session.get_mut(session) {
            Some((_, mine)) if mine.len() >= PER_SESSION => mine.pop_front(),
            _ => None,
        };
        if evicted.is_none() && in_account >= PER_ACCOUNT {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_streams",
                format!("this account has {PER_ACCOUNT} event streams open; close some pages"),
            ));
        }
        let (end, ended) = oneshot::channel();
        o.next_id += 1;
        let id = o.next_id;
        o.by_session
            .entry(session.to_owned())
            .or_insert_with(|| (account.to_owned(), VecDeque::new()))
            .1
            .push_back((id, end));
        if evicted.is_none() {
            *o.by_account.entry(account.to_owned()).or_default() += 1;
        }
        Ok((id, ended))
    }

    /// Ends every stream of `session` at once (signed out, or signed in
    /// again): dropping what ends each.
    pub fn end_session(&self, session: &str) {
        let mut o = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((account, q)) = o.by_session.remove(session) {
            o.release(&account, q.len());
        }
    }

    fn close(&self, session: &str, account: &str, id: u64) {
        let mut o = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let mut gone = false;
        if let Some((_, q)) = o.by_session.get_mut(session) {
            let before = q.len();
            q.retain(|(i, _)| *i != id);
            gone = q.len() < before;
            if q.is_empty() {
                o.by_session.remove(session);
            }
        }
        // An evicted stream gave its account place to the stream that evicted it.
        if gone {
            o.release(account, 1);
        }
    }

    /// The accounts with an open stream in this process.
    pub fn accounts(&self) -> Vec<String> {
        let o = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        o.by_account.keys().cloned().collect()
    }

    /// Open streams, in all (for tests and the load run).
    pub fn count(&self) -> usize {
        let o = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        o.by_account.values().sum()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.streams.close(&self.session, &self.account, self.id);
    }
}

/// `GET /api/events`: Server-Sent Events, a `version` event now and one
/// for every newer version of the caller's account's policy (from this
/// process or any other on the same database); browsers reconnect by themselves
/// and are told the current version again at once.
pub async fn events(
    State(s): State<AppState>,
    who: Caller,
) -> Result<Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>>, ApiError> {
    let (id, ended) = s.streams.open(&who.session, &who.account)?;
    let slot = Slot {
        streams: s.streams.clone(),
        session: who.session.clone(),
        account: who.account.clone(),
        id,
    };
    let account = who.account.clone();
    // Each version is sent only while the session is live (a database
    // failure ends the stream too: the page reconnects, and is let in or not).
    let (store, token, rules) = (s.store.clone(), who.session.clone(), s.sessions);
    // Only versions newer than the last sent: another process's version may
    // be told more than once (SQLite's watch, PostgreSQL's reconnection).
    let mut last = who.version;
    let next = BroadcastStream::new(s.events.subscribe())
        .filter_map(Result::ok)
        .filter_map(move |(a, v)| {
            let new = a == account && v > last;
            if new {
                last = v;
            }
            new.then_some(v)
        });
    // At most one check a second per stream: a burst of edits does not
    // turn each open page into a burst of reads.
    let mut checked = std::time::Instant::now();
    let next = futures_util::StreamExt::then(next, move |v| {
        let recent = checked.elapsed() < RECHECK;
        if !recent {
            checked = std::time::Instant::now();
        }
        let (store, token) = (store.clone(), token.clone());
        async move {
            let live = recent || matches!(store.session_ends(&token, rules).await, Ok(Some(_)));
            live.then_some(v)
        }
    });
    let next = futures_util::StreamExt::take_while(next, |v| std::future::ready(v.is_some()))
        .filter_map(|v| v);
    let stream = tokio_stream::once(who.version).chain(next).map(move |v| {
        // The slot lives as long as the stream.
        let _ = &slot;
        Ok(Event::default().event("version").data(v.to_string()))
    });
    // Ends when evicted or signed out here (the sender is dropped), when the
    // session ends, and when closed.
    let over = session_over(s.clone(), who.session.clone(), who.session_ends_ms);
    let ended = async move {
        tokio::select! {
            _ = ended => {}
            () = over => {}
        }
    };
    let stream = futures_util::StreamExt::take_until(stream, ended);
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(10))))
}

/// Resolves when the session of `token` has ended: checked at the time it
/// would end unless used meanwhile (`ends_ms`), and at least every
/// [`CHECK_EVERY`] (a sign-out through another process).
async fn session_over(s: AppState, token: String, mut ends_ms: i64) {
    loop {
        let wait = (ends_ms - crate::store::now_ms()).clamp(0, CHECK_EVERY.as_millis() as i64);
        tokio::time::sleep(Duration::from_millis(wait.unsigned_abs() + 1)).await;
        match s.store.session_ends(&token, s.sessions).await {
            Ok(Some(ends)) => ends_ms = ends,
            _ => return,
        }
    }
}
