//! The reference server of the demo inbox. Every call is decided by the
//! teamgate crate, natively, for the member signed in with a signed,
//! HTTP-only session cookie; the UI's gate (`teamgate/lite`) is built from
//! this gate's snapshot (`GET /api/snapshot`), so both answer from the same
//! compiled policy. A denial is HTTP 403 with the engine's reason code;
//! every other error is JSON with a code too.
//!
//! Storage is SQLite by default (`TEAMGATE_DATA_DIR`, `./data` unless
//! set: created on first start) or PostgreSQL when `DATABASE_URL` is set,
//! where several server processes share the state and pass new versions to
//! each other (LISTEN/NOTIFY).
//!
//! Files: `session.rs` (sign-in, the caller), `chats.rs` (gated reads and
//! chat actions), `policy.rs` (what a UI gets of the policy, edits against
//! a version, the activity log, pushed versions), `store.rs` (the
//! database), `error.rs` (JSON errors), `demo.rs` (the seeded accounts and
//! the limits).

mod bench;
mod chats;
mod demo;
mod error;
mod policy;
mod session;
mod store;

use axum::extract::{DefaultBodyLimit, FromRef};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::Key;
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

/// Request bodies over this many bytes are refused (413).
const MAX_BODY_BYTES: usize = 64 * 1024;

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
async fn listen(url: String, events: tokio::sync::broadcast::Sender<(String, i64)>) {
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

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = match std::env::var("TEAMGATE_SECRET") {
        Ok(s) if s.len() >= 64 => Key::from(s.as_bytes()),
        Ok(_) => return Err("TEAMGATE_SECRET must be at least 64 bytes".into()),
        Err(_) => Key::generate(),
    };
    let url = match std::env::var("DATABASE_URL") {
        Ok(url) => url,
        Err(_) => {
            let dir = std::env::var("TEAMGATE_DATA_DIR").unwrap_or_else(|_| "data".into());
            std::fs::create_dir_all(&dir)?;
            format!("sqlite://{dir}/teamgate.sqlite?mode=rwc")
        }
    };
    let store = store::Store::open(&url).await?;
    let events = tokio::sync::broadcast::channel(256).0;
    if store.postgres {
        tokio::spawn(listen(url.clone(), events.clone()));
    }
    let state = AppState {
        store: Arc::new(store),
        key,
        events,
        demo_mode: std::env::var("TEAMGATE_DEMO").is_ok_and(|v| v == "1"),
    };
    let dist = std::env::var("TEAMGATE_DEMO_DIST")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../app/dist").to_owned());
    let api = Router::new()
        .route("/sign-in", get(session::members))
        .route("/session", post(session::sign_in).delete(session::sign_out))
        .route("/state", get(policy::state))
        .route("/snapshot", get(policy::snapshot))
        .route("/events", get(policy::events))
        .route(
            "/numbers/{number}/chats",
            get(chats::list).post(chats::start),
        )
        .route("/numbers/{number}/chats/{id}", get(chats::get_one))
        .route("/numbers/{number}/chats/{id}/{verb}", post(chats::act))
        .route(
            "/numbers/{number}/permissions",
            post(policy::set_permission),
        )
        .route("/console/{action}", post(policy::console))
        .route("/roles", post(policy::add_role))
        .route("/plan", post(policy::set_plan))
        .route("/reset", post(policy::reset))
        .route("/activity", get(policy::activity))
        .fallback(error::no_such_endpoint)
        .method_not_allowed_fallback(error::method_not_allowed);
    let api = if std::env::var("TEAMGATE_BENCH").is_ok_and(|v| v == "1") {
        api.route("/bench/ungated/numbers/{number}/chats", get(bench::list))
            .route("/bench/ungated/console/{action}", post(bench::console))
    } else {
        api
    };
    let app = Router::new()
        .nest("/api", api)
        .fallback_service(
            ServeDir::new(&dist).fallback(ServeFile::new(format!("{dist}/index.html"))),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state);
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("teamgate demo: http://{}/", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await?;
    Ok(())
}
