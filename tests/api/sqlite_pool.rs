//! The SQLite settings that bound the server's memory (issue 12) hold on every pooled connection,
//! including those the pool opens after start, not only on the first one.

use cqs::db::{SQLITE_CACHE_KIB, default_pool_size};
use sea_orm::{ConnectionTrait, DatabaseTransaction, Statement, TransactionTrait};

use crate::helpers::spawn_app;

async fn cache_size(txn: &DatabaseTransaction) -> i64 {
    let row = txn
        .query_one_raw(Statement::from_string(
            txn.get_database_backend(),
            "PRAGMA cache_size",
        ))
        .await
        .expect("PRAGMA cache_size answers")
        .expect("PRAGMA cache_size returns a row");
    row.try_get_by_index(0).expect("an integer")
}

#[tokio::test]
async fn every_pooled_sqlite_connection_keeps_the_small_page_cache() {
    let app = spawn_app().await;
    if app.database.is_postgres() {
        return;
    }
    // Holding as many transactions as the pool's size takes every connection.
    let mut held = Vec::new();
    for _ in 0..default_pool_size(&app.database.url) {
        held.push(app.app_db.begin().await.expect("a pooled connection"));
    }
    for (n, txn) in held.iter().enumerate() {
        assert_eq!(
            cache_size(txn).await,
            -i64::from(SQLITE_CACHE_KIB),
            "connection {n} of the pool has SQLite's default page cache"
        );
    }
}
