//! The activity log (S003.3): one row per attempt, its order (`seq`) given
//! by the database. An entry is written in the transaction of the change
//! it records, or on its own for a refusal; if it cannot be written, the
//! request fails: nothing is acknowledged without its entry.

use super::{now_ms, Store, StoreError, Tx};
use sqlx::FromRow;

/// One attempt: who, what, where, the decision and the policy version it
/// was made under.
pub struct Entry<'a> {
    pub account: &'a str,
    pub member: &'a str,
    /// The action (`chats.reply`, `billing.subscription`, ...).
    pub action: &'a str,
    pub number: Option<&'a str>,
    pub chat: Option<i64>,
    /// The engine's reason code, or the outcome (`saved`, `stale_version`).
    pub code: &'a str,
    pub allowed: bool,
    pub version: i64,
    /// What was asked for, in a few words (`agent chats.read → mine`).
    pub detail: Option<String>,
}

/// A row of the log, as the activity page reads it (`allowed`: 0 or 1).
#[derive(sqlx::FromRow)]
pub struct ActivityRow {
    pub seq: i64,
    pub at_ms: i64,
    pub member: String,
    pub action: String,
    pub number: Option<String>,
    pub chat: Option<i64>,
    pub code: String,
    pub allowed: i64,
    pub version: i64,
    pub detail: Option<String>,
}

const INSERT: &str = "INSERT INTO activity (account, at_ms, member, action, number, chat, code, allowed, version, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

fn insert<'q>(e: &'q Entry<'q>) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    sqlx::query(INSERT)
        .bind(e.account)
        .bind(now_ms())
        .bind(e.member)
        .bind(e.action)
        .bind(e.number)
        .bind(e.chat)
        .bind(e.code)
        .bind(i64::from(e.allowed))
        .bind(e.version)
        .bind(e.detail.as_deref())
}

impl Store {
    /// Writes `entry` in `tx`, with the change it records.
    pub async fn log_in(tx: &mut Tx, entry: &Entry<'_>) -> Result<(), StoreError> {
        insert(entry).execute(&mut **tx).await?;
        Ok(())
    }

    /// Writes `entry` on its own (a refusal, a read): in a transaction of
    /// its own, so that a broken connection is found at its `BEGIN` (tried
    /// again, [`Store::begin`]) rather than by the insert, which could not
    /// be repeated without maybe writing the entry twice.
    pub async fn log(&self, entry: &Entry<'_>) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        insert(entry).execute(&mut *tx).await?;
        Store::commit(tx).await
    }

    /// A page of the account's log, newest first, older than `before`: the
    /// entries of `numbers`, and those of no number (account-wide) made by
    /// one of `actors` (by anyone: `None`). Each number's entries, and the
    /// account-wide ones, are read newest first by index
    /// (`activity_by_number`), a page at most of each: what other numbers
    /// hold is never read.
    pub async fn activity(
        &self,
        account: &str,
        numbers: &[&str],
        actors: Option<&[&str]>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<ActivityRow>, StoreError> {
        let sql = page_sql(self.postgres, numbers.len(), actors.is_some());
        let actors = actors.map(json_list);
        let rows = self
            .again(|| {
                let mut q = sqlx::query(&sql)
                    .bind(account)
                    .bind(before.unwrap_or(i64::MAX))
                    .bind(limit);
                if let Some(actors) = &actors {
                    q = q.bind(actors.as_str());
                }
                for n in numbers {
                    q = q.bind(*n);
                }
                q.fetch_all(self.reader())
            })
            .await?;
        rows.iter()
            .map(ActivityRow::from_row)
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}

/// The statement of [`Store::activity`]: `$1` the account, `$2` the
/// `before`, `$3` the limit, then the actors (a JSON array, if `actors`)
/// and each of `numbers` numbers.
fn page_sql(postgres: bool, numbers: usize, actors: bool) -> String {
    const COLUMNS: &str =
        "seq, at_ms, member, action, number, chat, code, allowed, version, detail";
    let newest = |place: usize, filter: String| {
        format!("SELECT * FROM (SELECT {COLUMNS} FROM activity WHERE account = $1 AND number {filter} AND seq < $2 ORDER BY seq DESC LIMIT $3) AS n{place}")
    };
    // The members, one JSON array (`sqlx::Any` binds no arrays, and a
    // placeholder per member could pass the databases' limits).
    let by_actor = match (actors, postgres) {
        (false, _) => "",
        (true, true) => " AND member IN (SELECT jsonb_array_elements_text($4::jsonb))",
        (true, false) => " AND member IN (SELECT value FROM json_each($4))",
    };
    let first = if actors { 5 } else { 4 };
    let mut parts = vec![newest(0, format!("IS NULL{by_actor}"))];
    for i in 0..numbers {
        parts.push(newest(i + 1, format!("= ${}", first + i)));
    }
    format!(
        "SELECT {COLUMNS} FROM ({}) AS page ORDER BY seq DESC LIMIT $3",
        parts.join(" UNION ALL ")
    )
}

/// `items` as a JSON array of strings.
fn json_list(items: &[&str]) -> String {
    serde_json::Value::from(items.to_vec()).to_string()
}

#[cfg(test)]
mod tests {
    use super::page_sql;
    use crate::store::testing::{fresh_store, plan_of};

    /// A page of the log reads each number's entries, and the account-wide
    /// ones, by index: never through the whole account's log.
    #[tokio::test]
    async fn a_page_reads_each_number_by_index() {
        let (store, dir) = fresh_store("activity-plan").await;
        for actors in [false, true] {
            let sql = format!("EXPLAIN QUERY PLAN {}", page_sql(false, 2, actors));
            let mut q = sqlx::query(&sql).bind("acme").bind(i64::MAX).bind(50_i64);
            if actors {
                q = q.bind(r#"["adam"]"#);
            }
            let plan = plan_of(&store, q.bind("main").bind("sales")).await;
            assert_eq!(
                plan.matches("USING INDEX activity_by_number").count(),
                3,
                "{plan}"
            );
            assert!(!plan.contains("SCAN activity"), "{plan}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
