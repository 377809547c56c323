//! The HTTP API: every endpoint and the handler that decides it.

use crate::{activity, bench, chats, error, events, policy, session, AppState};
use axum::routing::{get, post};
use axum::Router;

/// The `/api` routes; with `bench`, the ungated twins of two of them (for
/// the load runs that compare gated and ungated requests).
pub fn api(bench: bool) -> Router<AppState> {
    let api = Router::new()
        .route("/sign-in", get(session::members))
        .route("/session", post(session::sign_in).delete(session::sign_out))
        .route("/state", get(policy::state))
        .route("/snapshot", get(policy::snapshot))
        .route("/events", get(events::events))
        .route(
            "/numbers/{number}/chats",
            get(chats::list).post(chats::start),
        )
        .route("/numbers/{number}/chats/{id}", get(chats::get_one))
        .route(
            "/numbers/{number}/chats/{id}/messages",
            get(chats::messages),
        )
        .route("/numbers/{number}/chats/{id}/{verb}", post(chats::act))
        .route(
            "/numbers/{number}/permissions",
            post(policy::set_permission),
        )
        .route("/console/{action}", post(policy::console))
        .route("/roles", post(policy::add_role))
        .route("/plan", post(policy::set_plan))
        .route("/reset", post(policy::reset))
        .route("/activity", get(activity::activity))
        .fallback(error::no_such_endpoint)
        .method_not_allowed_fallback(error::method_not_allowed);
    if bench {
        api.route("/bench/ungated/numbers/{number}/chats", get(bench::list))
            .route("/bench/ungated/console/{action}", post(bench::console))
    } else {
        api
    }
}
