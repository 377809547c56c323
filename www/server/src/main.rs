//! The reference server of the demo inbox. Every call is decided by the
//! teamgate crate, natively, for the member signed in with a signed,
//! HTTP-only session cookie; the UI's gate (`teamgate/lite`) is built from
//! this gate's snapshot (`GET /api/snapshot`), so both answer from the same
//! compiled policy. A denial is HTTP 403 with the engine's reason code;
//! every other error is JSON with a code too.
//!
//! Files: `session.rs` (sign-in, the caller), `chats.rs` (gated reads and
//! chat actions), `policy.rs` (what a UI gets of the policy, edits against
//! a version, pushed versions), `error.rs` (JSON errors), `demo.rs` (the
//! seeded data and the limits).

mod chats;
mod demo;
mod error;
mod policy;
mod session;

use axum::extract::{DefaultBodyLimit, FromRef};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::Key;
use std::sync::{Arc, Mutex};
use tower_http::services::{ServeDir, ServeFile};

/// Request bodies over this many bytes are refused (413).
const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub demo: Arc<Mutex<demo::Demo>>,
    /// Signs the session cookies: `TEAMGATE_SECRET` (64+ bytes), or a new
    /// random key at every start (sessions then end with the process).
    pub key: Key,
    /// New policy versions, for `GET /api/events`.
    pub events: tokio::sync::broadcast::Sender<u64>,
    /// `TEAMGATE_DEMO=1`: `POST /api/reset` exists (for the owner).
    pub demo_mode: bool,
}

impl FromRef<AppState> for Key {
    fn from_ref(s: &AppState) -> Key {
        s.key.clone()
    }
}

pub fn lock(m: &Mutex<demo::Demo>) -> std::sync::MutexGuard<'_, demo::Demo> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = match std::env::var("TEAMGATE_SECRET") {
        Ok(s) if s.len() >= 64 => Key::from(s.as_bytes()),
        Ok(_) => return Err("TEAMGATE_SECRET must be at least 64 bytes".into()),
        Err(_) => Key::generate(),
    };
    let state = AppState {
        demo: Arc::new(Mutex::new(demo::seed()?)),
        key,
        events: tokio::sync::broadcast::channel(64).0,
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
        .fallback(error::no_such_endpoint);
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
