//! Connecting to the database and bringing its schema up to date.
//!
//! SQLite is opened in WAL mode with foreign keys on and a busy timeout, so that readers never
//! wait for the writer and a writer waits for another instead of failing at once; each pooled
//! connection keeps a small page cache, so that memory does not grow with the pool.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr,
    Statement, TransactionTrait,
};

/// How long a SQLite writer waits for the lock held by another writer.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The page cache of each pooled SQLite connection, in KiB (`PRAGMA cache_size = -N`). SQLite's
/// default, 2,000 KiB, is kept by each of the pool's connections and, with the allocator's
/// slack, took 125 MB of peak RSS under the benchmark's load against 76 MB with 512 KiB (issue 12);
/// the operating system's file cache still holds the database, so a smaller cache costs a
/// `pread` where it would have been a hit, not a disk read.
pub const SQLITE_CACHE_KIB: u32 = 512;

/// The pool's size unless `CQS_DB_POOL_SIZE` says otherwise. On SQLite each connection is a
/// thread with its own page cache and sorter memory: 16 dashboards at once on 8 connections took
/// 115 MB of peak RSS, and the machine's two cores run no more statements at a time with 8 than
/// with 4; reads do not wait on the one writer (WAL). PostgreSQL's connections are its server's.
pub fn default_pool_size(url: &str) -> usize {
    if is_sqlite(url) { 4 } else { 16 }
}

/// An arbitrary, fixed key: instances starting together take turns to migrate.
const MIGRATION_LOCK_KEY: i64 = 0x4351_535f_4d49_4752; // "CQS_MIGR"

/// Counts the SQL statements a pool has run: the N+1 tests and the benchmark read it.
#[derive(Clone, Debug, Default)]
pub struct StatementCounter(Arc<AtomicU64>);

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Opens a connection pool on `url` (`sqlite://…` or `postgres://…`), for the CLI's commands:
/// no statement timeout, as a seed or a migration may run long statements.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    Ok(connect_counted(url, None, DEFAULT_ACQUIRE_TIMEOUT, None)
        .await?
        .0)
}

/// How long the CLI's commands wait for a connection; the server reads `CQS_DB_ACQUIRE_TIMEOUT`.
const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Like [`connect`], with a counter of the statements the pool runs and, on PostgreSQL, a
/// `statement_timeout` on every connection of the pool (README, "Limits"). A request waits at
/// most `acquire_timeout` for a connection: an unreachable database is then a prompt
/// `SERVICE_UNAVAILABLE`, not a request hanging until the HTTP timeout.
pub async fn connect_counted(
    url: &str,
    statement_timeout: Option<Duration>,
    acquire_timeout: Duration,
    pool_size: Option<usize>,
) -> Result<(DatabaseConnection, StatementCounter), DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    if let Some(timeout) = statement_timeout {
        let millis = timeout.as_millis().to_string();
        options.map_sqlx_postgres_opts(move |postgres| {
            postgres.options([("statement_timeout", millis.clone())])
        });
    }
    options
        .max_connections(
            u32::try_from(pool_size.unwrap_or_else(|| default_pool_size(url))).unwrap_or(u32::MAX),
        )
        .min_connections(1)
        .connect_timeout(acquire_timeout)
        .acquire_timeout(acquire_timeout)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                .pragma("cache_size", format!("-{SQLITE_CACHE_KIB}"))
        });
    let mut db = Database::connect(options).await?;
    let counter = StatementCounter::default();
    let count = counter.0.clone();
    db.set_metric_callback(move |_| {
        count.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("cqs_sql_statements_total").increment(1);
    });
    Ok((db, counter))
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Applies every pending migration. On PostgreSQL, several instances starting at once serialize
/// on an advisory lock held for the migration's transaction, so exactly one applies each change.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let txn = db.begin().await?;
    // A migration may rewrite a large table: the serving pool's statement timeout does not apply.
    txn.execute_unprepared("SET LOCAL statement_timeout = 0")
        .await?;
    txn.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1)",
        [MIGRATION_LOCK_KEY.into()],
    ))
    .await?;
    Migrator::up(&txn, None).await?;
    txn.commit().await
}

/// Refreshes the planner's statistics after a bulk load. Without them PostgreSQL plans the
/// freshly filled tables as if they were empty (a parallel sequential scan where an index scan
/// costs a hundredth: issue 12), and SQLite's `sqlite_stat1` stays empty. Runs outside the load's
/// transaction, so that the statistics describe the committed rows.
pub async fn analyze(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("ANALYZE").await.map(|_| ())
}

/// Answers whether the database can serve a query now: the readiness check.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1 FROM seaql_migrations LIMIT 1")
        .await
        .map(|_| ())
}
