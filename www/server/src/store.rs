//! Storage: SQLite by default (a file in the data directory, created on
//! first start), PostgreSQL when `DATABASE_URL` is set: the same tables and
//! queries through sqlx's `Any` driver. Policies are stored per account,
//! every version kept (who, when, the document); versions only grow, and a
//! version is taken by inserting it, so two editors (or two server
//! processes on one PostgreSQL) can never both save on top of the same one.

use crate::demo::{self, Chat};
use crate::error::ApiError;
use crate::session::Caller;
use axum::http::StatusCode;
use serde_json::{json, Value};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use teamgate::Gate;

/// The tables (the same SQL for both databases).
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS policy_versions (account TEXT NOT NULL, version BIGINT NOT NULL, author TEXT NOT NULL, created_ms BIGINT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (account, version))",
    "CREATE TABLE IF NOT EXISTS chats (account TEXT NOT NULL, id BIGINT NOT NULL, number TEXT NOT NULL, customer TEXT NOT NULL, assignee TEXT, messages TEXT NOT NULL, resolved BIGINT NOT NULL, blocked BIGINT NOT NULL, PRIMARY KEY (account, id))",
    "CREATE TABLE IF NOT EXISTS activity (account TEXT NOT NULL, seq BIGINT NOT NULL, at_ms BIGINT NOT NULL, member TEXT NOT NULL, action TEXT NOT NULL, number TEXT, code TEXT NOT NULL, allowed BIGINT NOT NULL, version BIGINT NOT NULL, PRIMARY KEY (account, seq))",
];

pub struct Store {
    pool: AnyPool,
    /// Compiled gates by account, for the version they were compiled from.
    gates: Mutex<HashMap<String, (i64, Arc<Gate>)>>,
    pub postgres: bool,
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        format!("storage: {e}"),
    )
}

fn unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn chat_of(row: &AnyRow) -> Result<Chat, sqlx::Error> {
    let messages: String = row.try_get("messages")?;
    Ok(Chat {
        id: row.try_get::<i64, _>("id")? as u32,
        number: row.try_get("number")?,
        customer: row.try_get("customer")?,
        assignee: row.try_get("assignee")?,
        messages: serde_json::from_str(&messages).unwrap_or_default(),
        resolved: row.try_get::<i64, _>("resolved")? != 0,
        blocked: row.try_get::<i64, _>("blocked")? != 0,
    })
}

impl Store {
    /// Opens (creating it if needed) the database at `url` and seeds the demo
    /// accounts that have no policy yet.
    pub async fn open(url: &str) -> Result<Store, Box<dyn std::error::Error>> {
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .connect(url)
            .await?;
        for m in MIGRATIONS {
            sqlx::query(m).execute(&pool).await?;
        }
        let store = Store {
            pool,
            gates: Mutex::new(HashMap::new()),
            postgres: url.starts_with("postgres"),
        };
        for account in demo::ACCOUNTS {
            let (gate, chats) = demo::seed(account)?;
            let inserted = store.insert_version(account, 1, "seed", &gate).await;
            match inserted {
                Ok(()) => {
                    for c in &chats {
                        store.insert_chat(account, c).await?;
                    }
                }
                // Seeded before (by this process earlier, or another one).
                Err(e) if unique_violation(&e) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(store)
    }

    async fn insert_version(
        &self,
        account: &str,
        version: i64,
        author: &str,
        gate: &Gate,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO policy_versions (account, version, author, created_ms, document) VALUES ($1, $2, $3, $4, $5)")
            .bind(account)
            .bind(version)
            .bind(author)
            .bind(now_ms())
            .bind(gate.policy().to_json())
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// The account's current version and its compiled gate (compiled once
    /// per version and process).
    pub async fn current(&self, account: &str) -> Result<(i64, Arc<Gate>), ApiError> {
        let version: i64 =
            sqlx::query("SELECT MAX(version) AS v FROM policy_versions WHERE account = $1")
                .bind(account)
                .fetch_one(&self.pool)
                .await
                .and_then(|r| r.try_get::<Option<i64>, _>("v"))
                .map_err(internal)?
                .ok_or_else(|| ApiError::not_found("account"))?;
        if let Some((v, g)) = self
            .gates
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(account)
        {
            if *v == version {
                return Ok((version, g.clone()));
            }
        }
        let document: String =
            sqlx::query("SELECT document FROM policy_versions WHERE account = $1 AND version = $2")
                .bind(account)
                .bind(version)
                .fetch_one(&self.pool)
                .await
                .and_then(|r| r.try_get("document"))
                .map_err(internal)?;
        let gate = Arc::new(Gate::from_json(&document).map_err(internal)?);
        self.gates
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(account.to_owned(), (version, gate.clone()));
        Ok((version, gate))
    }

    /// Saves `gate` as the version after `base`; 409 when `base` is no
    /// longer the newest (another editor, or another process, saved first).
    pub async fn save(
        &self,
        account: &str,
        base: i64,
        author: &str,
        gate: &Gate,
    ) -> Result<i64, ApiError> {
        match self.insert_version(account, base + 1, author, gate).await {
            Ok(()) => Ok(base + 1),
            Err(e) if unique_violation(&e) => {
                Err(ApiError::stale(self.current(account).await?.0 as u64))
            }
            Err(e) => Err(internal(e)),
        }
    }

    pub async fn chats(&self, account: &str, number: &str) -> Result<Vec<Chat>, ApiError> {
        let rows =
            sqlx::query("SELECT * FROM chats WHERE account = $1 AND number = $2 ORDER BY id")
                .bind(account)
                .bind(number)
                .fetch_all(&self.pool)
                .await
                .map_err(internal)?;
        rows.iter()
            .map(chat_of)
            .collect::<Result<_, _>>()
            .map_err(internal)
    }

    pub async fn chat(&self, account: &str, number: &str, id: u32) -> Result<Chat, ApiError> {
        let row = sqlx::query("SELECT * FROM chats WHERE account = $1 AND number = $2 AND id = $3")
            .bind(account)
            .bind(number)
            .bind(i64::from(id))
            .fetch_optional(&self.pool)
            .await
            .map_err(internal)?
            .ok_or_else(|| ApiError::not_found("chat"))?;
        chat_of(&row).map_err(internal)
    }

    async fn insert_chat(&self, account: &str, c: &Chat) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO chats (account, id, number, customer, assignee, messages, resolved, blocked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(account)
            .bind(i64::from(c.id))
            .bind(&c.number)
            .bind(&c.customer)
            .bind(c.assignee.clone())
            .bind(json!(c.messages).to_string())
            .bind(i64::from(c.resolved))
            .bind(i64::from(c.blocked))
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// A new chat with the next id of the account.
    pub async fn new_chat(&self, account: &str, mut c: Chat) -> Result<Chat, ApiError> {
        for _ in 0..5 {
            let next: i64 =
                sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM chats WHERE account = $1")
                    .bind(account)
                    .fetch_one(&self.pool)
                    .await
                    .and_then(|r| r.try_get("n"))
                    .map_err(internal)?;
            c.id = next as u32;
            c.customer = format!("New customer {next}");
            match self.insert_chat(account, &c).await {
                Ok(()) => return Ok(c),
                // Another process took the id: the next one.
                Err(e) if unique_violation(&e) => continue,
                Err(e) => return Err(internal(e)),
            }
        }
        Err(ApiError::new(
            StatusCode::CONFLICT,
            "conflict",
            "too many chats started at once; try again",
        ))
    }

    pub async fn update_chat(&self, account: &str, c: &Chat) -> Result<(), ApiError> {
        sqlx::query("UPDATE chats SET assignee = $1, messages = $2, resolved = $3, blocked = $4 WHERE account = $5 AND id = $6")
            .bind(c.assignee.clone())
            .bind(json!(c.messages).to_string())
            .bind(i64::from(c.resolved))
            .bind(i64::from(c.blocked))
            .bind(account)
            .bind(i64::from(c.id))
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(internal)
    }

    pub async fn delete_chat(&self, account: &str, id: u32) -> Result<(), ApiError> {
        sqlx::query("DELETE FROM chats WHERE account = $1 AND id = $2")
            .bind(account)
            .bind(i64::from(id))
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(internal)
    }

    /// The demo's data as seeded, as a new version (versions keep growing).
    pub async fn reset(&self, account: &str, base: i64, author: &str) -> Result<i64, ApiError> {
        let (gate, chats) = demo::seed(account).map_err(internal)?;
        let version = self.save(account, base, author, &gate).await?;
        sqlx::query("DELETE FROM chats WHERE account = $1")
            .bind(account)
            .execute(&self.pool)
            .await
            .map_err(internal)?;
        for c in &chats {
            self.insert_chat(account, c).await.map_err(internal)?;
        }
        Ok(version)
    }

    /// Records an attempt (S003.3): who, what, where, the decision and the
    /// policy version it was made under.
    pub async fn log(
        &self,
        who: &Caller,
        action: &str,
        number: Option<&str>,
        code: &str,
        allowed: bool,
        version: i64,
    ) {
        let (account, member) = (who.account.as_str(), who.member.as_str());
        for _ in 0..5 {
            let inserted = sqlx::query("INSERT INTO activity (account, seq, at_ms, member, action, number, code, allowed, version) SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8 FROM activity WHERE account = $1")
                .bind(account)
                .bind(now_ms())
                .bind(member)
                .bind(action)
                .bind(number.map(str::to_owned))
                .bind(code)
                .bind(i64::from(allowed))
                .bind(version)
                .execute(&self.pool)
                .await;
            match inserted {
                Err(e) if unique_violation(&e) => continue,
                Err(e) => {
                    eprintln!("activity log: {e}");
                    return;
                }
                Ok(_) => return,
            }
        }
    }

    /// A page of the account's activity, newest first: `(entries, total)`.
    pub async fn activity(
        &self,
        account: &str,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<Value>, i64), ApiError> {
        let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM activity WHERE account = $1")
            .bind(account)
            .fetch_one(&self.pool)
            .await
            .and_then(|r| r.try_get("n"))
            .map_err(internal)?;
        let rows = sqlx::query(
            "SELECT * FROM activity WHERE account = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3",
        )
        .bind(account)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
        .map_err(internal)?;
        let entries = rows
            .iter()
            .map(|r| -> Result<Value, sqlx::Error> {
                Ok(json!({
                    "seq": r.try_get::<i64, _>("seq")?,
                    "atMs": r.try_get::<i64, _>("at_ms")?,
                    "member": r.try_get::<String, _>("member")?,
                    "action": r.try_get::<String, _>("action")?,
                    "number": r.try_get::<Option<String>, _>("number")?,
                    "code": r.try_get::<String, _>("code")?,
                    "allowed": r.try_get::<i64, _>("allowed")? != 0,
                    "version": r.try_get::<i64, _>("version")?,
                }))
            })
            .collect::<Result<_, _>>()
            .map_err(internal)?;
        Ok((entries, total))
    }

    /// Tells the other server processes on the same PostgreSQL of a new
    /// version (they pass it on to their open pages).
    pub async fn notify(&self, account: &str, version: i64) {
        if self.postgres {
            let _ = sqlx::query("SELECT pg_notify('teamgate_versions', $1)")
                .bind(format!("{account}:{version}"))
                .execute(&self.pool)
                .await;
        }
    }
}
