//! What the store's tests share: a store on a fresh SQLite file, and how
//! SQLite would run a statement (whether it reads by index).

use super::Store;
use std::path::PathBuf;

/// A store on a fresh SQLite file in a directory of its own (removed by the test).
pub async fn fresh_store(name: &str) -> (Store, PathBuf) {
    let dir = std::env::temp_dir().join(format!("teamgate-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/t.sqlite?mode=rwc", dir.display());
    let store = Store::open(&url, std::time::Duration::from_secs(10))
        .await
        .unwrap();
    (store, dir)
}

/// How SQLite would run `query` (`EXPLAIN QUERY PLAN`'s lines).
pub async fn plan_of<'a>(
    store: &Store,
    query: sqlx::query::Query<'a, sqlx::Any, sqlx::any::AnyArguments<'a>>,
) -> String {
    let rows = query.fetch_all(store.reader()).await.unwrap();
    let lines: Vec<String> = rows
        .iter()
        .map(|r| sqlx::Row::try_get::<String, _>(r, "detail").unwrap())
        .collect();
    lines.join("\n")
}
