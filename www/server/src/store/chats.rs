//! Chats and their messages. Lists are filtered in the database by the
//! engine's chat filter (`WHERE … AND <filter>`), newest activity first,
//! a page at a time (keyset: `(last_ms, id)` of the last row seen). Writes
//! are guarded by the same filter, so a chat reassigned between the
//! decision and the write is not written (the caller decides again). A
//! reply inserts a message row and bumps the chat's counters in one
//! statement each: nothing is read and rewritten.

use super::{now_ms, Store, StoreError, Tx};
use sqlx::{FromRow, Row};
use teamgate::{ChatFilter, Placeholder};

/// A chat as lists show it (its messages come a page at a time). Flags
/// are 0/1 integers, as both databases store them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChatRow {
    pub id: i64,
    pub number: String,
    pub customer: String,
    pub assignee: Option<String>,
    pub resolved: i64,
    pub blocked: i64,
    pub last_ms: i64,
    pub message_count: i64,
    pub last_message: Option<String>,
}

/// One message of a chat.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub author: Option<String>,
    pub body: String,
    pub at_ms: i64,
}

/// Where a page of chats starts: after the chat with this `(last_ms, id)`.
pub type Cursor = (i64, i64);

const CHAT_COLUMNS: &str =
    "id, number, customer, assignee, resolved, blocked, last_ms, message_count, last_message";

/// The filter's SQL on the `assignee` column, its placeholders numbered
/// from `first` (the column is ours: it cannot be refused).
fn filter_sql(filter: ChatFilter, me: &str, first: u32) -> Result<teamgate::SqlFilter, StoreError> {
    filter
        .to_sql("assignee", me, Placeholder::Dollar(first))
        .map_err(|e| StoreError::msg(e.to_string()))
}

/// What an action does to a chat (see [`Store::act`]).
pub enum Change<'a> {
    Reply { text: &'a str },
    Resolve,
    Reassign { to: Option<&'a str> },
    Block,
    Delete,
}

impl Store {
    /// One chat of the account in `number`, or `None`.
    pub async fn chat(
        &self,
        account: &str,
        number: &str,
        id: i64,
    ) -> Result<Option<ChatRow>, StoreError> {
        self.again(|| chat_on(self.reader(), account, number, id))
            .await
    }

    /// [`Store::chat`] inside a write transaction: what the write left, read
    /// before it commits (nothing after a commit can fail the answer).
    pub async fn chat_in(
        tx: &mut Tx,
        account: &str,
        number: &str,
        id: i64,
    ) -> Result<Option<ChatRow>, StoreError> {
        chat_on(&mut **tx, account, number, id).await
    }

    /// A page of the chats of `number` that pass `filter` for `me`, newest
    /// activity first, after `after`.
    pub async fn chats(
        &self,
        account: &str,
        number: &str,
        me: &str,
        filter: ChatFilter,
        after: Option<Cursor>,
        limit: i64,
    ) -> Result<Vec<ChatRow>, StoreError> {
        if filter.is_none() {
            return Ok(Vec::new());
        }
        // One branch per relation the filter lets through, each a range of
        // one index in its order (pending and mine: the assignee index;
        // others: the activity index), merged by the database: the plan
        // does not hang on the planner's guess at an OR's selectivity
        // (PostgreSQL without fresh statistics sorted 200,000 rows for an
        // agent's 50-row page of pending and own chats).
        let branches: Vec<ChatFilter> = if filter.is_all() {
            vec![filter]
        } else {
            teamgate::CHAT_SCOPES
                .iter()
                .map(|s| filter.only(s))
                .filter(|f| !f.is_none())
                .collect()
        };
        let mut binds_me = false;
        let mut parts = Vec::new();
        for (i, b) in branches.iter().enumerate() {
            let f = filter_sql(*b, me, 6)?;
            binds_me |= !f.params.is_empty();
            // The cursor is always bound (the first page starts after the
            // largest key), so that the statement is one and the same.
            parts.push(format!(
                "SELECT * FROM (SELECT {CHAT_COLUMNS} FROM chats WHERE account = $1 AND number = $2 AND (last_ms, id) < ($3, $4) AND {} ORDER BY last_ms DESC, id DESC LIMIT $5) AS b{i}",
                f.sql
            ));
        }
        let sql = format!(
            "{} ORDER BY last_ms DESC, id DESC LIMIT $5",
            parts.join(" UNION ALL ")
        );
        let (at, id) = after.unwrap_or((i64::MAX, i64::MAX));
        let query = || {
            let q = sqlx::query(&sql)
                .bind(account)
                .bind(number)
                .bind(at)
                .bind(id)
                .bind(limit);
            if binds_me {
                q.bind(me)
            } else {
                q
            }
        };
        let rows = self.again(|| query().fetch_all(self.reader())).await?;
        Ok(rows
            .iter()
            .map(ChatRow::from_row)
            .collect::<Result<_, _>>()?)
    }

    /// Every chat of `number`, unfiltered (the ungated twin of the load run).
    pub async fn chats_ungated(
        &self,
        account: &str,
        number: &str,
        limit: i64,
    ) -> Result<Vec<ChatRow>, StoreError> {
        self.chats(account, number, "", ChatFilter::ALL, None, limit)
            .await
    }

    /// A page of a chat's messages, newest first, older than `before`.
    pub async fn messages(
        &self,
        account: &str,
        chat: i64,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<MessageRow>, StoreError> {
        let rows = self
            .again(|| {
                sqlx::query(
                    "SELECT id, author, body, at_ms FROM messages WHERE account = $1 AND chat = $2 AND id < $3 ORDER BY id DESC LIMIT $4",
                )
                .bind(account)
                .bind(chat)
                .bind(before.unwrap_or(i64::MAX))
                .bind(limit)
                .fetch_all(self.reader())
            })
            .await?;
        rows.iter()
            .map(MessageRow::from_row)
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// A new chat in `number` with the account's next chat id, and its
    /// first message (from the customer) if any; in `tx`.
    pub async fn insert_chat(
        tx: &mut Tx,
        account: &str,
        number: &str,
        customer: Option<&str>,
        assignee: Option<&str>,
        first_message: Option<&str>,
    ) -> Result<i64, StoreError> {
        let id: i64 = sqlx::query(
            "UPDATE accounts SET next_chat = next_chat + 1 WHERE id = $1 RETURNING next_chat - 1 AS id",
        )
        .bind(account)
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
        let customer = customer.map_or_else(|| format!("New customer {id}"), str::to_owned);
        sqlx::query("INSERT INTO chats (account, id, number, customer, assignee, resolved, blocked, last_ms, message_count, last_message) VALUES ($1, $2, $3, $4, $5, 0, 0, $6, 0, NULL)")
            .bind(account)
            .bind(id)
            .bind(number)
            .bind(&customer)
            .bind(assignee)
            .bind(now_ms())
            .execute(&mut **tx)
            .await?;
        if let Some(text) = first_message {
            Self::add_message(tx, account, id, None, text).await?;
        }
        Ok(id)
    }

    /// A message row, and the chat's counters (one statement each).
    async fn add_message(
        tx: &mut Tx,
        account: &str,
        chat: i64,
        author: Option<&str>,
        text: &str,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO messages (account, chat, author, body, at_ms) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(account)
        .bind(chat)
        .bind(author)
        .bind(text)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        sqlx::query("UPDATE chats SET message_count = message_count + 1, last_message = $1, last_ms = $2 WHERE account = $3 AND id = $4")
            .bind(text)
            .bind(now)
            .bind(account)
            .bind(chat)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Applies `change` to chat `id` (read in its number first) by `me`, in `tx`, only if
    /// the chat still passes `filter` (the decision made on it). `false`:
    /// it no longer exists or no longer passes; nothing was written.
    pub async fn act(
        tx: &mut Tx,
        account: &str,
        id: i64,
        me: &str,
        filter: ChatFilter,
        change: &Change<'_>,
    ) -> Result<bool, StoreError> {
        if filter.is_none() {
            return Ok(false);
        }
        // The guard: touches the chat only if it still passes the filter,
        // and holds its row (PostgreSQL) until the transaction ends. By the
        // primary key alone (see `chat`): the caller read the chat in
        // `number` first, and chats never move to another number.
        let f = filter_sql(filter, me, 4)?;
        let sql = format!(
            "UPDATE chats SET last_ms = $3 WHERE account = $1 AND id = $2 AND {}",
            f.sql
        );
        let mut q = sqlx::query(&sql).bind(account).bind(id).bind(now_ms());
        for p in &f.params {
            q = q.bind(p.as_str());
        }
        if q.execute(&mut **tx).await?.rows_affected() != 1 {
            return Ok(false);
        }
        let by_id = |sql: &'static str| sqlx::query(sql);
        match change {
            Change::Reply { text } => Self::add_message(tx, account, id, Some(me), text).await?,
            Change::Resolve => {
                by_id("UPDATE chats SET resolved = 1 WHERE account = $1 AND id = $2")
                    .bind(account)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
            }
            Change::Block => {
                by_id("UPDATE chats SET blocked = 1 WHERE account = $1 AND id = $2")
                    .bind(account)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
            }
            Change::Reassign { to } => {
                by_id("UPDATE chats SET assignee = $3 WHERE account = $1 AND id = $2")
                    .bind(account)
                    .bind(id)
                    .bind(*to)
                    .execute(&mut **tx)
                    .await?;
            }
            Change::Delete => {
                by_id("DELETE FROM chats WHERE account = $1 AND id = $2")
                    .bind(account)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Ok(true)
    }
}

/// One chat of `number` by its id, through a pool or a transaction. By the
/// primary key alone, the number checked here: a plan no planner can
/// mistake for a scan of the number's index (PostgreSQL's generic plan did,
/// without statistics, at 900,000 chats).
async fn chat_on<'e>(
    exec: impl sqlx::Executor<'e, Database = sqlx::Any>,
    account: &str,
    number: &str,
    id: i64,
) -> Result<Option<ChatRow>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {CHAT_COLUMNS} FROM chats WHERE account = $1 AND id = $2"
    ))
    .bind(account)
    .bind(id)
    .fetch_optional(exec)
    .await?;
    let chat = row.as_ref().map(ChatRow::from_row).transpose()?;
    Ok(chat.filter(|c| c.number == number))
}
