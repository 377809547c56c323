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
//! Files: `routes.rs` (every endpoint), `state.rs` (what handlers share),
//! `session.rs` (sign-in, the caller), `chats.rs` (gated reads and chat
//! actions), `policy.rs` (what a UI gets of the policy, edits against a
//! version), `activity.rs` (the activity log), `events.rs` (pushed
//! versions), `store.rs` (the database), `error.rs` (JSON errors),
//! `demo.rs` (the seeded accounts and the limits), `bench.rs` (ungated
//! twins for the load run).

mod activity;
mod bench;
mod chats;
mod demo;
mod error;
mod events;
mod policy;
mod routes;
mod session;
mod state;
mod store;

pub use state::AppState;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use axum_extra::extract::cookie::Key;
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

/// Request bodies over this many bytes are refused (413).
const MAX_BODY_BYTES: usize = 64 * 1024;

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
        tokio::spawn(state::listen(url.clone(), events.clone()));
    }
    let state = AppState {
        store: Arc::new(store),
        key,
        events,
        demo_mode: std::env::var("TEAMGATE_DEMO").is_ok_and(|v| v == "1"),
    };
    let dist = std::env::var("TEAMGATE_DEMO_DIST")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../app/dist").to_owned());
    let bench = std::env::var("TEAMGATE_BENCH").is_ok_and(|v| v == "1");
    let api = routes::api(bench);
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
