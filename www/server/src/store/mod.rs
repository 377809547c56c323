//! Storage: SQLite by default (a file in the data directory, created on
//! first start), PostgreSQL when `DATABASE_URL` is set: the same queries
//! through sqlx's `Any` driver, the tables as migration files
//! (`migrations/sqlite`, `migrations/postgres`) run by sqlx's migrator once,
//! under its lock (PostgreSQL's advisory lock), so that any number of
//! processes can start together on an empty database.
//!
//! Every state change commits in one transaction with its activity entry
//! ([`Store::begin`]). On SQLite, writes go through one connection (writers
//! queue there, nothing is retried or dropped) and start `BEGIN IMMEDIATE`
//! (processes sharing the file wait for each other: SQLite's busy timeout);
//! reads use the others. On PostgreSQL, rows lock as they are written.
//!
//! Files: `policies.rs` (versions and the compiled gates), `chats.rs` (chats
//! and messages), `activity.rs` (the log), `sessions.rs`, `seed.rs` (the
//! demo accounts).

mod activity;
mod chats;
mod policies;
mod seed;
mod sessions;
#[cfg(test)]
mod testing;

pub use activity::{ActivityRow, Entry};
pub use chats::{Change, ChatRow, Cursor, MessageRow};
pub use policies::CURRENT_VERSION;
pub use sessions::SessionRules;

use lru::LruCache;
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use std::fmt;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use teamgate::Gate;

/// How many compiled gates (and caller snapshots) a process keeps: the most
/// recently used accounts'. Memory stays flat however many accounts exist.
const CACHED_ACCOUNTS: NonZeroUsize = match NonZeroUsize::new(1024) {
    Some(n) => n,
    None => NonZeroUsize::MIN,
};

/// A failure of the database. Its text is for the server's log only: HTTP
/// answers say `internal` (or `busy`, `unsettled`) and carry none of it.
#[derive(Debug)]
pub struct StoreError {
    text: String,
    /// No connection came free in time, or SQLite's file stayed locked:
    /// nothing was done, and the same request may succeed later.
    pub busy: bool,
    /// The connection failed as a commit was sent: the database may have
    /// kept the transaction or not, and this process cannot tell which.
    pub unsettled: bool,
    /// The connection was found broken (the database restarted, the link
    /// dropped): [`Store::again`] tries a read or a `BEGIN` again.
    broken: bool,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    /// A failure described in words (for the log).
    pub fn msg(text: impl Into<String>) -> StoreError {
        StoreError {
            text: text.into(),
            busy: false,
            unsettled: false,
            broken: false,
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        // SQLite's SQLITE_BUSY and SQLITE_LOCKED, with their extended codes.
        let locked = |code: &str| matches!(code, "5" | "6" | "261" | "262" | "517");
        let busy = match &e {
            sqlx::Error::PoolTimedOut => true,
            sqlx::Error::Database(d) => d.code().is_some_and(|c| locked(&c)),
            _ => false,
        };
        // PostgreSQL's connection exceptions (08…) and shutdowns (57P01–03:
        // a restart ends every session, idle ones included).
        let broken = match &e {
            sqlx::Error::Io(_) | sqlx::Error::Protocol(_) | sqlx::Error::WorkerCrashed => true,
            sqlx::Error::Database(d) => d
                .code()
                .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
            _ => false,
        };
        StoreError {
            text: e.to_string(),
            busy,
            unsettled: false,
            broken,
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> StoreError {
        StoreError::msg(e.to_string())
    }
}

/// A write transaction (see [`Store::begin`]).
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");
static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// (account, version, member): a caller's snapshot.
type SnapshotKey = (String, i64, String);

/// The database: pools, migrations, and the per-process caches.
pub struct Store {
    read: AnyPool,
    /// SQLite: one connection, so that writers queue instead of failing
    /// with `SQLITE_BUSY`. PostgreSQL: the read pool.
    write: AnyPool,
    /// Whether the database is PostgreSQL (else SQLite).
    pub postgres: bool,
    /// Compiled gates by account, with the version they were compiled from.
    gates: Mutex<LruCache<String, (i64, Arc<Gate>)>>,
    /// The caller's UI snapshot, by (account, version, member).
    snapshots: Mutex<LruCache<SnapshotKey, Arc<Vec<u8>>>>,
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Every second, takes the idle connections out of the pool and gives them
/// back: sqlx pings each as it comes back and replaces a broken one, so that
/// connections a PostgreSQL restart broke are found while idle rather than
/// by a request (none is handed out with a ping: see [`Store::open`]).
async fn check_idle(pool: AnyPool) {
    while !pool.is_closed() {
        tokio::time::sleep(Duration::from_secs(1)).await;
        drop(take_idle(&pool));
    }
}

/// The pool's idle connections, taken out of it (they go back as they are
/// dropped). `try_acquire` leaves the connections requests are waiting for.
fn take_idle(pool: &AnyPool) -> Vec<sqlx::pool::PoolConnection<sqlx::Any>> {
    std::iter::from_fn(|| pool.try_acquire())
        .take(pool.num_idle())
        .collect()
}

/// How long a process may take to open its connections as it starts.
const OPENING: Duration = Duration::from_secs(60);

/// Waits until all `n` connections of `pool` are open and idle: sqlx's
/// upkeep opens them as the pool is made, with its own deadline, but stops
/// once requests take every free place in the pool, so a server answering
/// before then could stay short of connections for good, each opening then
/// cut off at a request's wait. Each second without a new one, a connection
/// is asked for: that one says why none opens (a refused password, say).
async fn opened(pool: &AnyPool, n: u32) -> Result<(), StoreError> {
    let until = std::time::Instant::now() + OPENING;
    let mut last = (0, std::time::Instant::now());
    while pool.num_idle() < n as usize {
        if std::time::Instant::now() > until {
            return Err(StoreError::msg(format!(
                "could not open the {n} connections to the database within {} s ({} open): \
                 each server process keeps {n}; does the database allow that many more?",
                OPENING.as_secs(),
                pool.size()
            )));
        }
        if pool.size() != last.0 {
            last = (pool.size(), std::time::Instant::now());
        } else if last.1.elapsed() > Duration::from_secs(1) {
            // The idle ones held, so that the one asked for is a new one.
            let _idle = take_idle(pool);
            match pool.acquire().await {
                Ok(_) | Err(sqlx::Error::PoolTimedOut) => {}
                Err(e) => return Err(e.into()),
            }
            last.1 = std::time::Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Ok(())
}

/// How many times a process tries the SQLite migrations (see [`migrate`]).
const MIGRATION_TRIES: u32 = 20;

/// Runs the migrations not yet applied. On PostgreSQL sqlx's migrator
/// holds an advisory lock meanwhile; on SQLite it takes none, so processes
/// starting together on an empty file both find a migration missing and
/// one of them fails it ("table accounts already exists"). Each migration
/// is applied in one transaction with its row in `_sqlx_migrations`, so
/// the one that failed changed nothing: it reads what is applied again,
/// after a pause, and goes on from there.
async fn migrate(write: &AnyPool, postgres: bool) -> Result<(), StoreError> {
    let mut conn = write.acquire().await?;
    if postgres {
        POSTGRES_MIGRATIONS.run(&mut *conn).await?;
        return Ok(());
    }
    let mut tries = MIGRATION_TRIES;
    loop {
        match SQLITE_MIGRATIONS.run(&mut *conn).await {
            Ok(()) => return Ok(()),
            Err(e) if tries > 1 => {
                tries -= 1;
                eprintln!("migrating: {e}; another process is migrating? reading again");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

impl Store {
    /// Opens the database at `url` (creating a SQLite file if needed), runs
    /// the migrations, and seeds the demo accounts that do not exist yet.
    /// A request waits at most `wait` for a connection (then `busy`); the
    /// connections are all open when this returns.
    pub async fn open(url: &str, wait: Duration) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let postgres = url.starts_with("postgres");
        // A fixed pool: its connections are all opened before the server
        // answers ([`opened`]) and kept, a broken one replaced in the
        // background (sqlx's upkeep of `min_connections`, with its own
        // deadline), so that a request's wait is for a free connection,
        // never for opening one. Were they opened on demand, a flood would
        // cut off each opening at the wait and leave the pool as small as
        // before it, and the requests after it waiting on new connections
        // (busy, on a loaded PostgreSQL). No ping before handing one out:
        // sqlx pings each as it comes back and replaces a broken one, and a
        // ping cut off by the wait would close its connection.
        let options = |n: u32| {
            AnyPoolOptions::new()
                .max_connections(n)
                .min_connections(n)
                .idle_timeout(None)
                .max_lifetime(None)
                .test_before_acquire(false)
                .acquire_timeout(wait)
                // SQLite: every commit synced to disk (FULL, said here rather
                // than left to the library's default): an acknowledged write
                // outlives a killed process and a power cut.
                .after_connect(move |conn, _| {
                    Box::pin(async move {
                        if !postgres {
                            sqlx::query("PRAGMA synchronous = FULL")
                                .execute(&mut *conn)
                                .await?;
                        }
                        Ok(())
                    })
                })
        };
        let pool_size = if postgres { 16 } else { 8 };
        let read = options(pool_size).connect_lazy(url)?;
        let write = if postgres {
            read.clone()
        } else {
            // WAL: readers never wait for the writer (kept in the file).
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&read)
                .await?;
            options(1).connect_lazy(url)?
        };
        opened(&read, pool_size).await?;
        if !postgres {
            opened(&write, 1).await?;
        }
        migrate(&write, postgres).await?;
        if postgres {
            tokio::spawn(check_idle(read.clone()));
        }
        let store = Store {
            read,
            write,
            postgres,
            gates: Mutex::new(LruCache::new(CACHED_ACCOUNTS)),
            snapshots: Mutex::new(LruCache::new(CACHED_ACCOUNTS)),
        };
        for account in crate::demo::ACCOUNTS {
            store.seed(account).await?;
        }
        Ok(store)
    }

    /// A write transaction: everything in it commits together or not at
    /// all. On SQLite it holds the write lock from the start.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        let start = if self.postgres {
            "BEGIN"
        } else {
            "BEGIN IMMEDIATE"
        };
        self.again(|| self.write.begin_with(start)).await
    }

    /// Runs `op` again, on another connection, when the one it was handed
    /// turns out broken: connections a PostgreSQL restart broke are found
    /// by the first request that uses them (or by [`check_idle`] within a
    /// second), and that request is not failed for it. Only for what a
    /// broken connection cannot have half done, or what repeating does not
    /// change: a read, a `BEGIN`, an idempotent write. Each broken
    /// connection is dropped (and replaced) as it fails, so the pool's size
    /// bounds the tries.
    async fn again<T, E, F, Fut>(&self, mut op: F) -> Result<T, StoreError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, E>>,
        E: Into<StoreError>,
    {
        let mut tries = self.read.options().get_max_connections() + 1;
        loop {
            match op().await.map_err(Into::into) {
                Err(e) if e.broken && tries > 1 => {
                    eprintln!("a broken database connection, trying another: {e}");
                    tries -= 1;
                }
                done => return done,
            }
        }
    }

    /// Commits `tx`. A refusal by the database (a constraint, a conflict)
    /// kept nothing; any other failure (the connection lost) is
    /// [`unsettled`](StoreError::unsettled): the commit may have been kept.
    pub async fn commit(tx: Tx) -> Result<(), StoreError> {
        tx.commit().await.map_err(|e| {
            let refused = matches!(e, sqlx::Error::Database(_));
            let e = StoreError::from(e);
            // A shutdown's error (57P01) may come after the commit was kept.
            StoreError {
                unsettled: !refused || e.broken,
                ..e
            }
        })
    }

    /// The pool reads go to.
    fn reader(&self) -> &AnyPool {
        &self.read
    }

    /// Tells the other server processes on the same PostgreSQL of a new
    /// version (they pass it on to their open pages).
    pub async fn notify(&self, account: &str, version: i64) {
        if self.postgres {
            // Sent twice at worst: a page told its version again ignores it.
            let message = format!("{account}:{version}");
            let sent = self
                .again(|| {
                    sqlx::query("SELECT pg_notify('teamgate_versions', $1)")
                        .bind(&message)
                        .execute(&self.read)
                })
                .await;
            if let Err(e) = sent {
                eprintln!("notify: {e}");
            }
        }
    }
}
