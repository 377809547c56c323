//! Sessions: a random token in the cookie, its SHA-256 in the database
//! with the account, the member, an absolute expiry and the last time it
//! was used (idle timeout). Signing in makes a new one (and ends the one
//! the browser held); signing out deletes it; a member who leaves the
//! policy loses theirs when the policy is saved; a member keeps at most
//! `per_member` live sessions (a sign-in past that ends their oldest), so
//! that a flood of sign-ins cannot fill the table. Signing in and out are
//! in the activity log, each with its change.

use super::{now_ms, Entry, Store, StoreError, Tx, CURRENT_VERSION};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// How long sessions last (see `main.rs` for the settings that change it).
#[derive(Clone, Copy, Debug)]
pub struct SessionRules {
    /// From sign-in, whatever happens.
    pub max_age_ms: i64,
    /// Without a request.
    pub idle_ms: i64,
    /// The most live sessions a member keeps (at least 1).
    pub per_member: i64,
}

/// A live session.
pub struct SessionRow {
    pub account: String,
    pub member: String,
    /// When it ends unless used again (ms since the epoch): its expiry, or
    /// its last use plus the idle time, whichever comes first.
    pub ends_ms: i64,
}

/// The stored form of a token.
fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new token: 32 bytes from the operating system's generator, as hex.
fn new_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| StoreError::msg(format!("random: {e}")))?;
    Ok(hex::encode(bytes))
}

/// A session's last use is written at most this often (not on every request).
const TOUCH_EVERY_MS: i64 = 30_000;

/// The sessions that have ended by `$1` (now): expired, or unused since
/// `$2` (now less the idle timeout). Read by index (migration 0003).
const END_SESSIONS: &str = "DELETE FROM sessions WHERE expires_ms <= $1 OR seen_ms <= $2";

/// A member's sessions but the newest `$4` and `$3` (the one just made;
/// sessions begun in the same millisecond are in no particular order): by
/// index (`sessions_by_member`), among that member's only.
const OLDEST_SESSIONS: &str = "DELETE FROM sessions WHERE account = $1 AND member = $2 AND token_hash <> $3 AND token_hash NOT IN (SELECT token_hash FROM sessions WHERE account = $1 AND member = $2 AND token_hash <> $3 ORDER BY created_ms DESC, token_hash DESC LIMIT $4)";

impl Store {
    /// Starts a session for `member` of `account` and returns its token;
    /// ends `previous` (the browser's old token) if given.
    pub async fn sign_in(
        &self,
        account: &str,
        member: &str,
        previous: Option<&str>,
        rules: SessionRules,
    ) -> Result<String, StoreError> {
        let token = new_token()?;
        let now = now_ms();
        let mut tx = self.begin().await?;
        if let Some(old) = previous {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(hash(old))
                .execute(&mut *tx)
                .await?;
        }
        // Expired sessions go as new ones come.
        sqlx::query(END_SESSIONS)
            .bind(now)
            .bind(now - rules.idle_ms)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sessions (token_hash, account, member, created_ms, seen_ms, expires_ms) VALUES ($1, $2, $3, $4, $4, $5)")
            .bind(hash(&token))
            .bind(account)
            .bind(member)
            .bind(now)
            .bind(now.saturating_add(rules.max_age_ms))
            .execute(&mut *tx)
            .await?;
        // The member's oldest sessions past the limit end (the new one stays).
        let most = rules.per_member.max(1);
        let ended = sqlx::query(OLDEST_SESSIONS)
            .bind(account)
            .bind(member)
            .bind(hash(&token))
            .bind(most - 1)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let version = current_version(&mut tx, account).await?;
        let mut entry = session_entry(account, member, "session.sign_in", version);
        entry.detail = (ended > 0).then(|| {
            let what = match ended {
                1 => "oldest session".to_owned(),
                n => format!("{n} oldest sessions"),
            };
            format!("ended the member's {what}: a member keeps at most {most} at once")
        });
        Store::log_in(&mut tx, &entry).await?;
        Store::commit(tx).await?;
        Ok(token)
    }

    /// The live session of `token`, if any (neither expired nor idle for
    /// too long); notes its use.
    pub async fn session(
        &self,
        token: &str,
        rules: SessionRules,
    ) -> Result<Option<SessionRow>, StoreError> {
        self.live_session(token, rules, true).await
    }

    /// When the live session of `token` ends if it is not used meanwhile
    /// (ms since the epoch), or `None` when it has ended: without noting a
    /// use (an open event stream does not keep its session alive).
    pub async fn session_ends(
        &self,
        token: &str,
        rules: SessionRules,
    ) -> Result<Option<i64>, StoreError> {
        Ok(self
            .live_session(token, rules, false)
            .await?
            .map(|s| s.ends_ms))
    }

    /// The live session of `token`; with `touch`, its use noted.
    async fn live_session(
        &self,
        token: &str,
        rules: SessionRules,
        touch: bool,
    ) -> Result<Option<SessionRow>, StoreError> {
        let now = now_ms();
        let h = hash(token);
        let row = self
            .again(|| {
                sqlx::query("SELECT account, member, seen_ms, expires_ms FROM sessions WHERE token_hash = $1 AND expires_ms > $2 AND seen_ms > $3")
                    .bind(&h)
                    .bind(now)
                    .bind(now - rules.idle_ms)
                    .fetch_optional(self.reader())
            })
            .await?;
        let Some(row) = row else { return Ok(None) };
        let mut seen: i64 = row.try_get("seen_ms")?;
        if touch && now - seen > TOUCH_EVERY_MS {
            // Idempotent: tried again on a broken connection.
            self.again(|| {
                sqlx::query("UPDATE sessions SET seen_ms = $1 WHERE token_hash = $2")
                    .bind(now)
                    .bind(&h)
                    .execute(&self.write)
            })
            .await?;
            seen = now;
        }
        let expires: i64 = row.try_get("expires_ms")?;
        Ok(Some(SessionRow {
            account: row.try_get("account")?,
            member: row.try_get("member")?,
            ends_ms: expires.min(seen.saturating_add(rules.idle_ms)),
        }))
    }

    /// Ends the session of `token` (sign-out), logged. A session that has
    /// already ended is no change, and is not logged; so the whole is tried
    /// again on a broken connection (even one lost as it committed: the
    /// second try finds the session gone and writes nothing).
    pub async fn sign_out(&self, token: &str) -> Result<(), StoreError> {
        let h = hash(token);
        self.again(|| self.end_session(&h)).await
    }

    /// [`Store::sign_out`], once.
    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let ended =
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1 RETURNING account, member")
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(row) = ended {
            let account: String = row.try_get("account")?;
            let member: String = row.try_get("member")?;
            let version = current_version(&mut tx, &account).await?;
            Store::log_in(
                &mut tx,
                &session_entry(&account, &member, "session.sign_out", version),
            )
            .await?;
        }
        Store::commit(tx).await
    }

    /// Ends the sessions of the account's members who are not in `members`
    /// (saved with a policy that no longer lists them), in `tx`.
    pub async fn end_sessions_of_leavers(
        tx: &mut Tx,
        account: &str,
        members: &[&str],
    ) -> Result<(), StoreError> {
        let rows = sqlx::query("SELECT DISTINCT member FROM sessions WHERE account = $1")
            .bind(account)
            .fetch_all(&mut **tx)
            .await?;
        for r in rows {
            let m: String = r.try_get("member")?;
            if !members.contains(&m.as_str()) {
                sqlx::query("DELETE FROM sessions WHERE account = $1 AND member = $2")
                    .bind(account)
                    .bind(&m)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Ok(())
    }
}

/// The account's policy version, in `tx` (for a log entry).
async fn current_version(tx: &mut Tx, account: &str) -> Result<i64, StoreError> {
    let version: Option<i64> = sqlx::query_scalar(CURRENT_VERSION)
        .bind(account)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(version.unwrap_or_default())
}

/// A sign-in's or sign-out's entry in the log: account-wide (no number).
fn session_entry<'a>(
    account: &'a str,
    member: &'a str,
    action: &'a str,
    version: i64,
) -> Entry<'a> {
    Entry {
        account,
        member,
        action,
        number: None,
        chat: None,
        code: "done",
        allowed: true,
        version,
        detail: None,
    }
}

#[cfg(test)]
mod tests {
    use super::{SessionRules, Store, END_SESSIONS, OLDEST_SESSIONS};
    use crate::store::testing::{fresh_store, plan_of};

    /// A member whom a saved policy no longer lists loses their sessions;
    /// the others keep theirs.
    #[tokio::test]
    async fn a_member_who_leaves_the_policy_loses_their_sessions() {
        let (store, dir) = fresh_store("sessions").await;
        let rules = SessionRules {
            max_age_ms: 60_000,
            idle_ms: 60_000,
            per_member: 8,
        };
        let bea = store.sign_in("acme", "bea", None, rules).await.unwrap();
        let alex = store.sign_in("acme", "alex", None, rules).await.unwrap();
        let gina = store.sign_in("globex", "gina", None, rules).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        Store::end_sessions_of_leavers(&mut tx, "acme", &["olivia", "alex"])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert!(store.session(&bea, rules).await.unwrap().is_none());
        assert!(store.session(&alex, rules).await.unwrap().is_some());
        assert!(
            store.session(&gina, rules).await.unwrap().is_some(),
            "another account's members are not touched"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A member keeps at most `per_member` sessions: a sign-in past that
    /// ends their oldest, and says so in its entry; others' are untouched.
    #[tokio::test]
    async fn a_member_keeps_at_most_per_member_sessions() {
        let (store, dir) = fresh_store("per-member").await;
        let rules = SessionRules {
            max_age_ms: 60_000,
            idle_ms: 60_000,
            per_member: 3,
        };
        let alex = store.sign_in("acme", "alex", None, rules).await.unwrap();
        let mut bea = Vec::new();
        for _ in 0..5 {
            // Apart in time: sign-ins in the same millisecond have no order.
            tokio::time::sleep(std::time::Duration::from_millis(3)).await;
            bea.push(store.sign_in("acme", "bea", None, rules).await.unwrap());
        }
        let mut live = Vec::new();
        for token in &bea {
            live.push(store.session(token, rules).await.unwrap().is_some());
        }
        assert_eq!(live, [false, false, true, true, true], "the newest 3 stay");
        assert!(store.session(&alex, rules).await.unwrap().is_some());
        let details: Vec<Option<String>> = sqlx::query_scalar(
            "SELECT detail FROM activity WHERE member = 'bea' AND action = 'session.sign_in' ORDER BY seq",
        )
        .fetch_all(store.reader())
        .await
        .unwrap();
        assert_eq!(details[..3], [None, None, None]);
        assert_eq!(
            details[3].as_deref(),
            Some("ended the member's oldest session: a member keeps at most 3 at once")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The clean-ups at every sign-in read only the sessions they end (by
    /// index), not the whole table: a flood of sign-ins does not slow down
    /// as sessions accumulate.
    #[tokio::test]
    async fn ended_sessions_are_found_by_index() {
        let (store, dir) = fresh_store("expiry").await;
        let ended = format!("EXPLAIN QUERY PLAN {END_SESSIONS}");
        let plan = plan_of(&store, sqlx::query(&ended).bind(1_i64).bind(2_i64)).await;
        assert!(
            plan.contains("sessions_by_expiry")
                && plan.contains("sessions_by_last_use")
                && !plan.contains("SCAN"),
            "{plan}"
        );
        // A member's oldest sessions, found among that member's only.
        let oldest = format!("EXPLAIN QUERY PLAN {OLDEST_SESSIONS}");
        let q = sqlx::query(&oldest)
            .bind("acme")
            .bind("bea")
            .bind("x")
            .bind(1_i64);
        let plan = plan_of(&store, q).await;
        assert!(
            plan.contains("sessions_by_member") && !plan.contains("SCAN"),
            "{plan}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
