//! The reference server of the demo inbox. Every call is decided by the
//! teamgate crate, natively, for the member signed in with a session (a
//! random token in an HTTP-only cookie, the session in the database); the
//! UI's gate (`teamgate/lite`) is built from this gate's snapshot (`GET
//! /api/snapshot`), so both answer from the same compiled policy. A denial
//! is HTTP 403 with the engine's reason code; every other error is JSON
//! with a code too.
//!
//! Storage is SQLite by default (`TEAMGATE_DATA_DIR`, `./data` unless
//! set: created on first start) or PostgreSQL when `DATABASE_URL` is set,
//! where several server processes share the state and pass new versions to
//! each other (LISTEN/NOTIFY).
//!
//! Files: `routes.rs` (every endpoint), `state.rs` (what handlers share),
//! `guard.rs` (same-origin writes), `input.rs` (what requests may carry),
//! `session.rs` (sign-in, the caller), `chats.rs` (gated reads and chat
//! actions), `policy.rs` (what a UI gets of the policy, edits against a
//! version, plan changes), `activity.rs` (the log, read), `events.rs`
//! (pushed versions), `store/` (the database), `error.rs` (JSON errors),
//! `demo.rs` (the seeded accounts, limits), `bench.rs` (ungated twins for
//! the load runs), `scale.rs` (the data generator of the scale run).

mod activity;
mod answers;
mod bench;
mod chats;
mod demo;
mod effect;
mod error;
mod events;
mod guard;
mod input;
mod policy;
mod routes;
mod scale;
mod serve;
mod session;
mod state;
mod store;

pub use state::AppState;

use axum::extract::DefaultBodyLimit;
use axum::routing::any;
use axum::Router;
use std::sync::Arc;
use std::time::Duration;
use tower_http::services::{ServeDir, ServeFile};

/// Request bodies over this many bytes are refused (413).
const MAX_BODY_BYTES: usize = 64 * 1024;

/// A whole number of `unit`s (above 0) from the environment, or `default`.
fn whole(name: &str, default: i64, unit: &str) -> Result<i64, String> {
    match std::env::var(name) {
        Ok(v) => v
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{name} must be a whole number of {unit} above 0")),
        Err(_) => Ok(default),
    }
}

/// The invariants edits are checked against: `TEAMGATE_INVARIANTS` (a
/// file of `teamgate::invariants`), else in demo mode the demo's own
/// (`www/server/demo-invariants.json`), else none.
fn invariants() -> Result<Option<teamgate::invariants::Invariants>, Box<dyn std::error::Error>> {
    let text = match std::env::var("TEAMGATE_INVARIANTS") {
        Ok(path) => std::fs::read_to_string(&path)
            .map_err(|e| format!("TEAMGATE_INVARIANTS: cannot read `{path}`: {e}"))?,
        Err(_) if std::env::var("TEAMGATE_DEMO").is_ok_and(|v| v == "1") => {
            include_str!("../demo-invariants.json").to_owned()
        }
        Err(_) => return Ok(None),
    };
    teamgate::invariants::Invariants::from_json(&text)
        .map(Some)
        .map_err(|e| format!("TEAMGATE_INVARIANTS: {e}").into())
}

/// Runs the server; a failure to start is one line on stderr (the error's
/// own words, not its debug form) and exit code 1.
#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("teamgate-demo: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let url = match std::env::var("DATABASE_URL") {
        Ok(url) => url,
        Err(_) => {
            let dir = std::env::var("TEAMGATE_DATA_DIR").unwrap_or_else(|_| "data".into());
            std::fs::create_dir_all(&dir)?;
            format!("sqlite://{dir}/teamgate.sqlite?mode=rwc")
        }
    };
    // `teamgate-demo generate ...`: fills the database for the scale run.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("generate") {
        return scale::generate(&url, args.get(1..).unwrap_or_default()).await;
    }
    // How long a request waits for a database connection before it is
    // answered `503 busy` (nothing changed): a flood queues this long at most.
    let wait = whole("TEAMGATE_DB_WAIT_MS", 10_000, "milliseconds")?;
    let store = store::Store::open(&url, Duration::from_millis(wait.unsigned_abs())).await?;
    let events = tokio::sync::broadcast::channel(256).0;
    let state = AppState {
        store: Arc::new(store),
        sessions: store::SessionRules {
            max_age_ms: whole("TEAMGATE_SESSION_MAX_AGE_SECS", 12 * 3600, "seconds")? * 1000,
            idle_ms: whole("TEAMGATE_SESSION_IDLE_SECS", 3600, "seconds")? * 1000,
            per_member: whole("TEAMGATE_SESSIONS_PER_MEMBER", 256, "sessions")?,
        },
        secure_cookies: std::env::var("TEAMGATE_SECURE_COOKIES").is_ok_and(|v| v == "1"),
        allowed_origins: Arc::new(
            std::env::var("TEAMGATE_ALLOWED_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().to_owned())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        ),
        events,
        streams: Arc::default(),
        demo_mode: std::env::var("TEAMGATE_DEMO").is_ok_and(|v| v == "1"),
        invariants: invariants()?.map(Arc::new),
    };
    if state.store.postgres {
        tokio::spawn(state::listen(url.clone(), state.clone()));
    } else {
        tokio::spawn(state::watch(state.clone()));
    }
    let dist = std::env::var("TEAMGATE_DEMO_DIST")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../app/dist").to_owned());
    let bench = std::env::var("TEAMGATE_BENCH").is_ok_and(|v| v == "1");
    let api = routes::api(bench).layer(axum::middleware::from_fn_with_state(
        state.clone(),
        guard::same_origin,
    ));
    let limits = serve::Limits {
        header_timeout: Duration::from_millis(
            whole("TEAMGATE_HEADER_TIMEOUT_MS", 10_000, "milliseconds")?.unsigned_abs(),
        ),
        max_connections: usize::try_from(whole("TEAMGATE_MAX_CONNECTIONS", 4096, "connections")?)?,
    };
    let app = Router::new()
        .nest("/api", api)
        // `/api` and `/api/` are API paths too: JSON, never the app's HTML.
        .route("/api", any(error::no_such_endpoint))
        .route("/api/", any(error::no_such_endpoint))
        .fallback_service(
            ServeDir::new(&dist).fallback(ServeFile::new(format!("{dist}/index.html"))),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            (limits.header_timeout, MAX_BODY_BYTES),
            serve::whole_body,
        ))
        .with_state(state);
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("teamgate demo: http://{}/", listener.local_addr()?);
    serve::serve(listener, app, limits).await?;
    Ok(())
}
