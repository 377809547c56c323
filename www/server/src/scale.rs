//! `teamgate-demo generate`: fills an empty database for the scale run
//! (`bench/scale.mjs`): many accounts, one of them (`big`) holding most
//! chats in one number, one (`small`) holding 1,000, the rest a few each,
//! and messages spread over every chat. Set-based SQL (a recursive `WITH`
//! that both databases run), so a million chats take a minute, not hours.
//!
//! `teamgate-demo generate --accounts 10000 --chats 1000000 --messages 5000000`

use crate::store::{Store, StoreError};
use teamgate::{Gate, MemberDef};

/// Agents besides the demo's five in `big` and `small` (so that "mine"
/// is a small share of a big number, as in a real team).
const EXTRA_AGENTS: usize = 45;
/// Chats of the `small` account.
const SMALL_CHATS: i64 = 1_000;
/// Chats of each filler account.
const FILLER_CHATS: i64 = 10;

struct Args {
    accounts: i64,
    chats: i64,
    messages: i64,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args {
        accounts: 10_000,
        chats: 1_000_000,
        messages: 5_000_000,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|v| *v >= 0)
            .ok_or_else(|| format!("{flag} takes a whole number"))?;
        match flag.as_str() {
            "--accounts" => a.accounts = value.max(2),
            "--chats" => a.chats = value,
            "--messages" => a.messages = value,
            other => {
                return Err(format!(
                    "unknown option {other} (--accounts, --chats, --messages)"
                ))
            }
        }
    }
    Ok(a)
}

/// The policy of a generated account: the demo's acme (two numbers, five
/// members) with more agents, and agents reading only pending chats and
/// their own in `main` (so lists are filtered).
fn policy() -> Result<Gate, String> {
    let (gate, _) = crate::demo::seed("acme")?;
    let mut p = gate.policy().clone();
    for i in 1..=EXTRA_AGENTS {
        p.members.push(MemberDef {
            id: format!("agent_{i:02}"),
            name: None,
            roles: [("main".to_owned(), "agent".to_owned())]
                .into_iter()
                .collect(),
            grants: vec![],
        });
    }
    let gate = Gate::new(p).map_err(|e| e.to_string())?;
    gate.with_team_permission("owner", "main", "agent", "chats.read", &["pending", "mine"])
        .map_err(|e| e.to_string())
}

/// A recursive `WITH` of the numbers 1 to `$n` (bound by the caller).
const SERIES: &str = "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < $2)";

/// Fills the database at `url` (its demo accounts are seeded too).
pub async fn generate(url: &str, args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let a = parse(args)?;
    let store = Store::open(url, std::time::Duration::from_secs(30)).await?;
    let gate = policy()?;
    let members: Vec<String> = gate.policy().members.iter().map(|m| m.id.clone()).collect();
    let fillers = a.accounts - 2;
    let big = (a.chats - SMALL_CHATS - fillers * FILLER_CHATS).max(0);
    let per_chat = if a.chats > 0 {
        (a.messages / a.chats).max(1)
    } else {
        0
    };
    let t0 = std::time::Instant::now();
    let mut tx = store.begin().await?;
    // Who is assigned: chat x goes to member (x mod m), or to nobody when x mod 5 = 0.
    sqlx::query("CREATE TEMPORARY TABLE gen_members (i BIGINT PRIMARY KEY, id TEXT NOT NULL)")
        .execute(&mut *tx)
        .await?;
    for (i, m) in members.iter().enumerate() {
        sqlx::query("INSERT INTO gen_members (i, id) VALUES ($1, $2)")
            .bind(i as i64)
            .bind(m)
            .execute(&mut *tx)
            .await?;
    }
    let accounts: Vec<(String, i64)> = [("big".to_owned(), big), ("small".to_owned(), SMALL_CHATS)]
        .into_iter()
        .chain((1..=fillers).map(|i| (format!("acct_{i:05}"), FILLER_CHATS)))
        .collect();
    for (account, chats) in &accounts {
        insert_account(
            &mut tx,
            account,
            &gate,
            *chats,
            members.len() as i64,
            per_chat,
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    // No ANALYZE: the lists must be quick without the planner's statistics
    // (a database just filled, before autovacuum has run).
    println!(
        "generated {} accounts ({} chats in `big`, {SMALL_CHATS} in `small`), {} chats, ~{} messages, in {:.1} s",
        accounts.len(),
        big,
        accounts.iter().map(|a| a.1).sum::<i64>(),
        accounts.iter().map(|a| a.1).sum::<i64>() * per_chat,
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn insert_account(
    tx: &mut crate::store::Tx,
    account: &str,
    gate: &Gate,
    chats: i64,
    n_members: i64,
    per_chat: i64,
) -> Result<(), StoreError> {
    let inserted =
        sqlx::query("INSERT INTO accounts (id, next_chat) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(account)
            .bind(chats + 1)
            .execute(&mut **tx)
            .await?
            .rows_affected();
    if inserted == 0 {
        return Err(StoreError::msg(format!(
            "account `{account}` exists: generate into an empty database"
        )));
    }
    if !Store::save_version(tx, account, 0, "generate", gate).await? {
        return Err(StoreError::msg(format!("account `{account}` has a policy")));
    }
    let now = crate::store::now_ms();
    sqlx::query(&format!(
        "{SERIES} INSERT INTO chats (account, id, number, customer, assignee, resolved, blocked, last_ms, message_count, last_message) \
         SELECT $1, x, 'main', 'Customer ' || x, CASE WHEN x % 5 = 0 THEN NULL ELSE (SELECT id FROM gen_members WHERE i = x % $3) END, 0, 0, $4 - $2 + x, $5, 'Message ' || $5 FROM g"
    ))
    .bind(account)
    .bind(chats)
    .bind(n_members)
    .bind(now)
    .bind(per_chat)
    .execute(&mut **tx)
    .await?;
    if per_chat > 0 && chats > 0 {
        sqlx::query(&format!(
            "{SERIES} INSERT INTO messages (account, chat, author, body, at_ms) \
             SELECT c.account, c.id, CASE WHEN g.x % 2 = 0 THEN c.assignee ELSE NULL END, 'Message ' || g.x, c.last_ms - $2 + g.x FROM chats c, g WHERE c.account = $1 ORDER BY c.id, g.x"
        ))
        .bind(account)
        .bind(per_chat)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
