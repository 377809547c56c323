//! The demo inbox's server. Every call is decided by the teamgate crate,
//! natively; the UI's gate (`teamgate/lite`) is built from this gate's
//! snapshot (`GET /api/snapshot`), so both answer from the same compiled
//! policy. A denial is HTTP 403 with the engine's reason code.
//!
//! The caller is named by `?member=` (a demo sign-in). `?dry=1` checks an
//! action without doing it (what the end-to-end tests use to try everything).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use teamgate::{Explanation, Gate, MemberDef, NumberDef, RoleDef};
use tower_http::services::{ServeDir, ServeFile};

#[derive(Clone, Debug)]
struct Chat {
    id: u32,
    number: String,
    customer: String,
    assignee: Option<String>,
    messages: Vec<String>,
    resolved: bool,
    blocked: bool,
}

struct Demo {
    gate: Gate,
    version: u64,
    chats: Vec<Chat>,
    next_id: u32,
}

type Shared = Arc<Mutex<Demo>>;

fn member(id: &str, name: &str, roles: &[(&str, &str)]) -> MemberDef {
    MemberDef {
        id: id.into(),
        name: Some(name.into()),
        roles: roles
            .iter()
            .map(|(n, r)| (n.to_string(), r.to_string()))
            .collect(),
        grants: vec![],
    }
}

fn seed() -> Result<Demo, String> {
    let mut policy = Gate::preset("team-inbox")
        .map_err(|e| e.to_string())?
        .policy()
        .clone();
    policy.numbers = vec![
        NumberDef {
            id: "main".into(),
            name: Some("+34 600 000 001".into()),
            team_permissions: Default::default(),
        },
        NumberDef {
            id: "sales".into(),
            name: Some("+34 600 000 002".into()),
            team_permissions: Default::default(),
        },
    ];
    policy.members = vec![
        member(
            "olivia",
            "Olivia (owner)",
            &[("main", "owner"), ("sales", "owner")],
        ),
        member(
            "adam",
            "Adam (admin)",
            &[("main", "admin"), ("sales", "admin")],
        ),
        member(
            "sara",
            "Sara (supervisor)",
            &[("main", "supervisor"), ("sales", "agent")],
        ),
        member(
            "alex",
            "Alex (agent)",
            &[("main", "agent"), ("sales", "agent")],
        ),
        member("bea", "Bea (agent)", &[("main", "agent")]),
    ];
    let gate = Gate::new(policy).map_err(|e| e.to_string())?;
    let chat = |id, number: &str, customer: &str, assignee: Option<&str>| Chat {
        id,
        number: number.into(),
        customer: customer.into(),
        assignee: assignee.map(str::to_owned),
        messages: vec![format!("Hello, this is {customer}")],
        resolved: false,
        blocked: false,
    };
    let chats = vec![
        chat(1, "main", "Lucía", None),
        chat(2, "main", "Marco", Some("alex")),
        chat(3, "main", "Nora", Some("bea")),
        chat(4, "main", "Omar", Some("sara")),
        chat(5, "main", "Pia", None),
        chat(6, "sales", "Quinn", Some("alex")),
        chat(7, "sales", "Rosa", None),
    ];
    Ok(Demo {
        gate,
        version: 1,
        chats,
        next_id: 8,
    })
}

#[derive(Deserialize)]
struct Who {
    member: String,
    number: Option<String>,
    dry: Option<u8>,
}

fn denied(e: &Explanation) -> Response {
    (StatusCode::FORBIDDEN, Json(json!(e))).into_response()
}

fn bad(code: &str, message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "code": code, "message": message })),
    )
        .into_response()
}

fn lock(state: &Shared) -> std::sync::MutexGuard<'_, Demo> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn scope_for(chat: &Chat, member: &str) -> &'static str {
    match &chat.assignee {
        None => "pending",
        Some(a) if a == member => "mine",
        Some(_) => "others",
    }
}

fn chat_json(c: &Chat, member: &str) -> Value {
    json!({
        "id": c.id, "customer": c.customer, "assignee": c.assignee, "scope": scope_for(c, member),
        "messages": c.messages, "resolved": c.resolved, "blocked": c.blocked,
    })
}

async fn get_state(State(s): State<Shared>, Query(who): Query<Who>) -> Response {
    let d = lock(&s);
    let members: Vec<Value> = d
        .gate
        .policy()
        .members
        .iter()
        .map(|m| json!({ "id": m.id, "name": m.name, "roles": m.roles }))
        .collect();
    Json(json!({
        "version": d.version,
        "policy": d.gate.policy().to_json_value(),
        "members": members,
        "me": who.member,
        "warnings": d.gate.team_warnings(),
    }))
    .into_response()
}

/// The compiled gate as bytes, for the UI's `teamgate/lite` gate.
async fn snapshot(State(s): State<Shared>) -> Response {
    let d = lock(&s);
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/octet-stream".to_owned(),
            ),
            (
                axum::http::HeaderName::from_static("x-policy-version"),
                d.version.to_string(),
            ),
        ],
        d.gate.snapshot(),
    )
        .into_response()
}

async fn chats(
    State(s): State<Shared>,
    Path(number): Path<String>,
    Query(who): Query<Who>,
) -> Response {
    let d = lock(&s);
    let list: Vec<Value> = d
        .chats
        .iter()
        .filter(|c| c.number == number)
        .map(|c| chat_json(c, &who.member))
        .collect();
    Json(json!(list)).into_response()
}

#[derive(Deserialize, Default)]
struct ActionBody {
    text: Option<String>,
    to: Option<String>,
}

async fn chat_action(
    State(s): State<Shared>,
    Path((number, id, verb)): Path<(String, u32, String)>,
    Query(who): Query<Who>,
    body: Option<Json<ActionBody>>,
) -> Response {
    let mut d = lock(&s);
    let Some(i) = d
        .chats
        .iter()
        .position(|c| c.id == id && c.number == number)
    else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "code": "no_such_chat" })),
        )
            .into_response();
    };
    let scope = scope_for(&d.chats[i], &who.member);
    let action = format!("chats.{verb}");
    let e = d
        .gate
        .explain_member(&who.member, &number, &action, Some(scope));
    if !e.allowed {
        return denied(&e);
    }
    if who.dry == Some(1) {
        return Json(json!({ "allowed": true, "code": e.code })).into_response();
    }
    let body = body.map(|b| b.0).unwrap_or_default();
    let chat = &mut d.chats[i];
    match verb.as_str() {
        "read" => {}
        "reply" => chat
            .messages
            .push(body.text.unwrap_or_else(|| "(reply)".into())),
        "resolve" => chat.resolved = true,
        "reassign" => chat.assignee = body.to,
        "block" => chat.blocked = true,
        "delete" => {
            d.chats.remove(i);
            return Json(json!({ "deleted": id })).into_response();
        }
        _ => return bad("unknown_action", format!("no chat action `{verb}`")),
    }
    let c = d.chats[i].clone();
    Json(chat_json(&c, &who.member)).into_response()
}

async fn start_chat(
    State(s): State<Shared>,
    Path(number): Path<String>,
    Query(who): Query<Who>,
) -> Response {
    let mut d = lock(&s);
    let e = d
        .gate
        .explain_member(&who.member, &number, "chats.start", Some("mine"));
    if !e.allowed {
        return denied(&e);
    }
    if who.dry == Some(1) {
        return Json(json!({ "allowed": true })).into_response();
    }
    let id = d.next_id;
    d.next_id += 1;
    let chat = Chat {
        id,
        number,
        customer: format!("New customer {id}"),
        assignee: Some(who.member.clone()),
        messages: vec![],
        resolved: false,
        blocked: false,
    };
    d.chats.push(chat.clone());
    Json(chat_json(&chat, &who.member)).into_response()
}

async fn console(
    State(s): State<Shared>,
    Path(action): Path<String>,
    Query(who): Query<Who>,
) -> Response {
    let d = lock(&s);
    let number = who.number.as_deref().unwrap_or("main");
    let e = d.gate.explain_member(&who.member, number, &action, None);
    if !e.allowed {
        return denied(&e);
    }
    Json(json!({ "allowed": true, "action": action, "code": e.code })).into_response()
}

#[derive(Deserialize)]
struct PermissionBody {
    role: String,
    action: String,
    scopes: Vec<String>,
}

fn caller_role(d: &Demo, who: &Who, number: &str) -> Result<String, Box<Explanation>> {
    d.gate
        .member_role(&who.member, number)
        .map(str::to_owned)
        .ok_or_else(|| {
            Box::new(
                d.gate
                    .explain_member(&who.member, number, "team.edit_permissions", None),
            )
        })
}

fn apply(d: &mut Demo, next: Result<Gate, teamgate::EditError>) -> Response {
    match next {
        Ok(g) => {
            d.gate = g;
            d.version += 1;
            Json(json!({ "version": d.version, "policy": d.gate.policy().to_json_value() }))
                .into_response()
        }
        Err(err) => match err.denial() {
            Some(e) => denied(e),
            None => bad(err.code(), err.to_string()),
        },
    }
}

async fn set_permission(
    State(s): State<Shared>,
    Path(number): Path<String>,
    Query(who): Query<Who>,
    Json(b): Json<PermissionBody>,
) -> Response {
    let mut d = lock(&s);
    let role = match caller_role(&d, &who, &number) {
        Ok(r) => r,
        Err(e) => return denied(&e),
    };
    let scopes: Vec<&str> = b.scopes.iter().map(String::as_str).collect();
    let next = d
        .gate
        .with_team_permission(&role, &number, &b.role, &b.action, &scopes);
    apply(&mut d, next)
}

async fn add_role(
    State(s): State<Shared>,
    Query(who): Query<Who>,
    Json(role): Json<RoleDef>,
) -> Response {
    let mut d = lock(&s);
    let number = who.number.clone().unwrap_or_else(|| "main".into());
    let caller = match caller_role(&d, &who, &number) {
        Ok(r) => r,
        Err(e) => return denied(&e),
    };
    let next = d.gate.with_custom_role(&caller, role);
    apply(&mut d, next)
}

#[derive(Deserialize)]
struct PlanBody {
    plan: String,
}

async fn set_plan(
    State(s): State<Shared>,
    Query(who): Query<Who>,
    Json(b): Json<PlanBody>,
) -> Response {
    let mut d = lock(&s);
    let e = d
        .gate
        .explain_member(&who.member, "main", "billing.subscription", None);
    if !e.allowed {
        return denied(&e);
    }
    let next = d.gate.with_plan(&b.plan);
    apply(&mut d, next)
}

async fn reset(State(s): State<Shared>) -> Response {
    match seed() {
        Ok(fresh) => {
            let mut d = lock(&s);
            let version = d.version + 1;
            *d = fresh;
            d.version = version;
            Json(json!({ "version": version })).into_response()
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e).into_response(),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let demo = seed()?;
    let state: Shared = Arc::new(Mutex::new(demo));
    let dist = std::env::var("TEAMGATE_DEMO_DIST")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../app/dist").to_owned());
    let app = Router::new()
        .route("/api/state", get(get_state))
        .route("/api/snapshot", get(snapshot))
        .route("/api/numbers/{number}/chats", get(chats).post(start_chat))
        .route("/api/numbers/{number}/chats/{id}/{verb}", post(chat_action))
        .route("/api/numbers/{number}/permissions", post(set_permission))
        .route("/api/console/{action}", post(console))
        .route("/api/roles", post(add_role))
        .route("/api/plan", post(set_plan))
        .route("/api/reset", post(reset))
        .fallback_service(
            ServeDir::new(&dist).fallback(ServeFile::new(format!("{dist}/index.html"))),
        )
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
