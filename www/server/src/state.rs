//! What every handler shares: the store, the session rules, the channel of
//! new versions and the open event streams; and what passes other
//! processes' versions on (PostgreSQL's announcements; on SQLite, a look at
//! the file every second).

use crate::events::Streams;
use crate::store::{self, SessionRules};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// What every handler is given (cheap to clone: shared parts are `Arc`s).
#[derive(Clone)]
pub struct AppState {
    /// The database: policies, chats, the activity log, sessions.
    pub store: Arc<store::Store>,
    /// How long sessions last (`TEAMGATE_SESSION_MAX_AGE_SECS`,
    /// `TEAMGATE_SESSION_IDLE_SECS`).
    pub sessions: SessionRules,
    /// `TEAMGATE_SECURE_COOKIES=1`: the session cookie is `Secure` on every
    /// answer (it is anyway when a proxy says the request came over https).
    pub secure_cookies: bool,
    /// The origins state-changing requests may come from besides the
    /// server's own (`TEAMGATE_ALLOWED_ORIGINS`, comma-separated).
    pub allowed_origins: Arc<Vec<String>>,
    /// New policy versions (account, version), for `GET /api/events`.
    pub events: tokio::sync::broadcast::Sender<(String, i64)>,
    /// The open event streams, capped per session and per account.
    pub streams: Arc<Streams>,
    /// `TEAMGATE_DEMO=1`: `POST /api/reset` exists (for the owner).
    pub demo_mode: bool,
    /// The accounts' invariants (`TEAMGATE_INVARIANTS`, a file; the demo's
    /// own in demo mode): an edit after which one no longer holds is refused.
    pub invariants: Option<Arc<teamgate::invariants::Invariants>>,
}

impl AppState {
    /// Tells the open pages of this process, and the other processes on
    /// the same PostgreSQL, of a new version.
    pub async fn publish(&self, account: &str, version: i64) {
        let _ = self.events.send((account.to_owned(), version));
        self.store.notify(account, version).await;
    }
}

/// Passes the versions other processes announce (PostgreSQL's NOTIFY) to
/// this process's open pages. Each time the connection is (re)opened, each
/// account's open pages are first told its current version: one announced
/// while the connection was down would otherwise never reach them.
pub async fn listen(url: String, state: AppState) {
    loop {
        if let Ok(mut l) = sqlx::postgres::PgListener::connect(&url).await {
            if l.listen("teamgate_versions").await.is_ok() {
                loop {
                    tell_current(&mut l, &state).await;
                    if pass_on(&mut l, &state).await.is_err() {
                        break;
                    }
                }
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

/// Passes announcements on until the connection is lost (`Ok`: sqlx has
/// opened it again) or cannot be opened again (`Err`).
async fn pass_on(l: &mut sqlx::postgres::PgListener, state: &AppState) -> Result<(), sqlx::Error> {
    while let Some(n) = l.try_recv().await? {
        if let Some((a, v)) = n.payload().rsplit_once(':') {
            if let Ok(v) = v.parse() {
                let _ = state.events.send((a.to_owned(), v));
            }
        }
    }
    Ok(())
}

/// Tells the open pages of each account their current version, read on the
/// listening connection (the pool's may be the ones that just broke).
async fn tell_current(l: &mut sqlx::postgres::PgListener, state: &AppState) {
    for account in state.streams.accounts() {
        let current = sqlx::query_scalar::<_, i64>(store::CURRENT_VERSION)
            .bind(&account)
            .fetch_optional(&mut *l)
            .await;
        if let Ok(Some(version)) = current {
            let _ = state.events.send((account, version));
        }
    }
}

/// How often a process on SQLite looks for versions other processes saved.
const WATCH_EVERY: Duration = Duration::from_secs(1);

/// On SQLite, where processes sharing the file cannot announce versions to
/// each other: every [`WATCH_EVERY`], reads the current version of each
/// account with open pages here and tells them of a new one (a version
/// saved here reaches them at once, through [`AppState::publish`]).
pub async fn watch(state: AppState) {
    let mut seen: HashMap<String, i64> = HashMap::new();
    loop {
        tokio::time::sleep(WATCH_EVERY).await;
        let accounts = state.streams.accounts();
        seen.retain(|a, _| accounts.contains(a));
        for account in accounts {
            if let Ok(Some(version)) = state.store.version(&account).await {
                if seen.insert(account.clone(), version) != Some(version) {
                    let _ = state.events.send((account, version));
                }
            }
        }
    }
}
