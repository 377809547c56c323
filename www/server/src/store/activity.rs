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
    /// hold is never read. Filtered by `actors`, the account-wide entries
    /// are read [`ACCOUNT_WIDE_SCAN`] at most: past that the page stops at
    /// the oldest one read (a short page, its `older` from there), so that
    /// entries of others, however many, are never all read to fill one
    /// page.
    pub async fn activity(
        &self,
        account: &str,
        numbers: &[&str],
        actors: Option<&[&str]>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<ActivityPageRows, StoreError> {
        let before = before.unwrap_or(i64::MAX);
        let floor = match actors {
            Some(_) => self.account_wide_floor(account, before).await?,
            None => None,
        };
        let (apart, rest) = numbers.split_at(numbers.len().min(NUMBERS_APART));
        let sql = page_sql(
            self.postgres,
            apart.len(),
            actors.is_some(),
            !rest.is_empty(),
        );
        let actors = actors.map(json_list);
        let rest = (!rest.is_empty()).then(|| json_list(rest));
        let rows = self
            .again(|| {
                let mut q = sqlx::query(&sql)
                    .bind(account)
                    .bind(before)
                    .bind(limit)
                    .bind(floor.unwrap_or(i64::MIN));
                for list in [&actors, &rest].into_iter().flatten() {
                    q = q.bind(list.as_str());
                }
                for n in apart {
                    q = q.bind(*n);
                }
                q.fetch_all(self.reader())
            })
            .await?;
        let rows: Vec<ActivityRow> = rows
            .iter()
            .map(ActivityRow::from_row)
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)?;
        // A full page goes on from its last entry; a short one from where
        // the reading stopped, if it stopped short of the start.
        let older = match rows.last() {
            Some(last) if rows.len() as i64 == limit => Some(last.seq),
            _ => floor,
        };
        Ok(ActivityPageRows { rows, older })
    }

    /// The oldest of the [`ACCOUNT_WIDE_SCAN`] newest account-wide entries
    /// before `before`, if there are that many (read from the index alone).
    async fn account_wide_floor(
        &self,
        account: &str,
        before: i64,
    ) -> Result<Option<i64>, StoreError> {
        let row = self
            .again(|| {
                sqlx::query(FLOOR)
                    .bind(account)
                    .bind(before)
                    .bind(ACCOUNT_WIDE_SCAN - 1)
                    .fetch_optional(self.reader())
            })
            .await?;
        Ok(row
            .map(|r| sqlx::Row::try_get::<i64, _>(&r, 0))
            .transpose()?)
    }
}

/// The most numbers a page reads each by an index range of its own; a
/// reader of more reads the rest in one part, by a list (SQLite takes at
/// most 500 terms in a compound SELECT: an owner of 500 numbers could not
/// read the log).
const NUMBERS_APART: usize = 64;

/// The most account-wide entries a page filtered by member reads.
pub const ACCOUNT_WIDE_SCAN: i64 = 1000;

/// `$1` the account, `$2` the `before`, `$3` how many newer ones to skip.
const FLOOR: &str = "SELECT seq FROM activity WHERE account = $1 AND number IS NULL AND seq < $2 ORDER BY seq DESC LIMIT 1 OFFSET $3";

/// A page's rows, and where the next page starts (see [`Store::activity`]).
pub struct ActivityPageRows {
    pub rows: Vec<ActivityRow>,
    /// The `before` of the next page; `None` at the start of the log.
    pub older: Option<i64>,
}

/// The statement of [`Store::activity`]: `$1` the account, `$2` the
/// `before`, `$3` the limit, `$4` the floor (no entry older is read), then
/// the actors (a JSON array, if `actors`), the numbers read together (a
/// JSON array, if `rest`) and each of the `apart` numbers.
fn page_sql(postgres: bool, apart: usize, actors: bool, rest: bool) -> String {
    const COLUMNS: &str =
        "seq, at_ms, member, action, number, chat, code, allowed, version, detail";
    let newest = |place: usize, filter: String| {
        format!("SELECT * FROM (SELECT {COLUMNS} FROM activity WHERE account = $1 AND number {filter} AND seq < $2 AND seq >= $4 ORDER BY seq DESC LIMIT $3) AS n{place}")
    };
    // A list, one JSON array (`sqlx::Any` binds no arrays, and a
    // placeholder per item could pass the databases' limits).
    let list = |at: usize| match postgres {
        true => format!("IN (SELECT jsonb_array_elements_text(${at}::jsonb))"),
        false => format!("IN (SELECT value FROM json_each(${at}))"),
    };
    let mut next = 5;
    let mut account_wide = "IS NULL".to_owned();
    if actors {
        account_wide += &format!(" AND member {}", list(next));
        next += 1;
    }
    let mut parts = vec![newest(0, account_wide)];
    if rest {
        parts.push(newest(parts.len(), list(next)));
        next += 1;
    }
    for i in 0..apart {
        parts.push(newest(parts.len(), format!("= ${}", next + i)));
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
    use super::{page_sql, ActivityRow, Entry, Store, ACCOUNT_WIDE_SCAN, FLOOR};
    use crate::store::testing::{fresh_store, plan_of};

    /// A page of the log reads each number's entries, and the account-wide
    /// ones, by index: never through the whole account's log; and where a
    /// page filtered by member stops is found from the index alone.
    #[tokio::test]
    async fn a_page_reads_each_number_by_index() {
        let (store, dir) = fresh_store("activity-plan").await;
        for actors in [false, true] {
            let sql = format!("EXPLAIN QUERY PLAN {}", page_sql(false, 2, actors, false));
            let mut q = sqlx::query(&sql)
                .bind("acme")
                .bind(i64::MAX)
                .bind(50_i64)
                .bind(i64::MIN);
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
        let sql = format!("EXPLAIN QUERY PLAN {FLOOR}");
        let q = sqlx::query(&sql).bind("acme").bind(i64::MAX).bind(999_i64);
        let plan = plan_of(&store, q).await;
        assert!(
            plan.contains("USING COVERING INDEX activity_by_number"),
            "{plan}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A reader of many numbers (an owner of 600) reads the log like any
    /// other: every entry once, newest first.
    #[tokio::test]
    async fn a_reader_of_many_numbers_pages_through_them_all() {
        let (store, dir) = fresh_store("activity-numbers").await;
        many_numbers(&store, "acme").await;
        std::fs::remove_dir_all(&dir).unwrap();
    }

    async fn many_numbers(store: &Store, account: &str) {
        let names: Vec<String> = (0..600).map(|i| format!("n{i}")).collect();
        let mut tx = store.begin().await.unwrap();
        for (i, n) in names.iter().chain(names.iter().take(30)).enumerate() {
            let e = Entry {
                account,
                member: "olivia",
                action: "numbers.sync",
                number: Some(n),
                chat: Some(i as i64),
                code: "owner",
                allowed: true,
                version: 1,
                detail: None,
            };
            Store::log_in(&mut tx, &e).await.unwrap();
        }
        Store::commit(tx).await.unwrap();
        let numbers: Vec<&str> = names.iter().map(String::as_str).collect();
        let pages = pages_of(store, account, &numbers, None, 100).await;
        let seen: Vec<i64> = pages.iter().flatten().map(|r| r.chat.unwrap()).collect();
        assert_eq!(seen, (0..630).rev().collect::<Vec<i64>>());
    }

    /// Account-wide entries of members the reader may not read of, however
    /// many, are read a bounded number at a time: a page stops short at
    /// the oldest one read and says where to go on; paging on gives every
    /// entry the reader may read once, newest first, and nothing else.
    #[tokio::test]
    async fn a_flood_by_others_is_read_a_bounded_part_at_a_time() {
        let (store, dir) = fresh_store("activity-flood").await;
        flood(&store, "acme").await;
        std::fs::remove_dir_all(&dir).unwrap();
    }

    async fn flood(store: &Store, account: &str) {
        let entry = |member: &'static str, number: Option<&'static str>| Entry {
            account,
            member,
            action: "session.sign_in",
            number,
            chat: None,
            code: "done",
            allowed: true,
            version: 1,
            detail: None,
        };
        // Oldest first: one of adam's, a flood of sam's sign-ins with one
        // entry of number main inside it, then adam's again.
        let flood = 2 * ACCOUNT_WIDE_SCAN + 10;
        let mut tx = store.begin().await.unwrap();
        Store::log_in(&mut tx, &entry("adam", None)).await.unwrap();
        for i in 0..flood {
            let e = if i == flood / 2 {
                entry("bea", Some("main"))
            } else {
                entry("sam", None)
            };
            Store::log_in(&mut tx, &e).await.unwrap();
        }
        Store::log_in(&mut tx, &entry("adam", None)).await.unwrap();
        Store::commit(tx).await.unwrap();
        let (numbers, actors) = (["main"], ["adam", "bea"]);
        let pages = pages_of(store, account, &numbers, Some(&actors), 50).await;
        assert_eq!(
            pages[0].len(),
            1,
            "the first page stops at the scan's floor"
        );
        let seen: Vec<_> = pages
            .iter()
            .flatten()
            .map(|r| (r.member.clone(), r.number.clone()))
            .collect();
        let want = [("adam", None), ("bea", Some("main")), ("adam", None)];
        let want: Vec<_> = want
            .iter()
            .map(|(m, n)| (m.to_string(), n.map(str::to_owned)))
            .collect();
        assert_eq!(seen, want);
        assert_eq!(pages.len(), 3, "each page read a bounded part of the flood");
        // Read by anyone (the owner), nothing is filtered and no page stops short.
        let all = store
            .activity(account, &numbers, None, None, 50)
            .await
            .unwrap();
        assert_eq!((all.rows.len(), all.older), (50, Some(all.rows[49].seq)));
    }

    /// Every page of the log as `actors` read it, following each `older`;
    /// each page newest first.
    async fn pages_of(
        store: &Store,
        account: &str,
        numbers: &[&str],
        actors: Option<&[&str]>,
        limit: i64,
    ) -> Vec<Vec<ActivityRow>> {
        let mut pages = Vec::new();
        let mut before = None;
        loop {
            let page = store
                .activity(account, numbers, actors, before, limit)
                .await
                .unwrap();
            assert!(page.rows.windows(2).all(|w| w[0].seq > w[1].seq));
            pages.push(page.rows);
            match page.older {
                Some(older) => before = Some(older),
                None => return pages,
            }
        }
    }

    /// The same on PostgreSQL, when `TEAMGATE_TEST_DATABASE_URL` names one
    /// (scripts/test.sh starts one and runs this), in accounts of their own.
    #[tokio::test]
    async fn on_postgres() {
        let Ok(url) = std::env::var("TEAMGATE_TEST_DATABASE_URL") else {
            eprintln!("on_postgres: no TEAMGATE_TEST_DATABASE_URL, not run");
            return;
        };
        let store = Store::open(&url, std::time::Duration::from_secs(10))
            .await
            .unwrap();
        let id = format!("{}-{}", std::process::id(), crate::store::now_ms());
        many_numbers(&store, &format!("numbers-{id}")).await;
        flood(&store, &format!("flood-{id}")).await;
    }
}
