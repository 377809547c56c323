//! What every handler shares: the store, the cookie key, the channel of
//! new versions; and the listener that passes other processes' versions on.

use crate::store;
use axum::extract::FromRef;
use axum_extra::extract::cookie::Key;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<store::Store>,
    /// Signs the session cookies: `TEAMGATE_SECRET` (64+ bytes), or a new
    /// random key at every start (sessions then end with the process).
    pub key: Key,
    /// New policy versions (account, version), for `GET /api/events`.
    pub events: tokio::sync::broadcast::Sender<(String, i64)>,
    /// `TEAMGATE_DEMO=1`: `POST /api/reset` exists (for the owner).
    pub demo_mode: bool,
}

impl FromRef<AppState> for Key {
    fn from_ref(s: &AppState) -> Key {
        s.key.clone()
    }
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
/// this process's open pages; reconnects if the connection drops.
pub async fn listen(url: String, events: tokio::sync::broadcast::Sender<(String, i64)>) {
    loop {
        if let Ok(mut l) = sqlx::postgres::PgListener::connect(&url).await {
            if l.listen("teamgate_versions").await.is_ok() {
                while let Ok(n) = l.recv().await {
                    if let Some((a, v)) = n.payload().rsplit_once(':') {
                        if let Ok(v) = v.parse() {
                            let _ = events.send((a.to_owned(), v));
                        }
                    }
                }
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}
