//! Users get a `search_text` column, like partners and organizations, so that the admins' user
//! list finds "fatima" in "Fatima Zahra" or "fatima@…" whatever the case and accents.
//!
//! The column holds the display name and the email folded (lower case, accents stripped). SQL
//! cannot fold accents the same way on SQLite and PostgreSQL, so the existing rows are filled in
//! here, in Rust; the folding is a copy of the application's, frozen with this migration.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, TransactionTrait};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::m20260101_000007_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchColumn {
    SearchText,
}

/// Lower case, accents stripped (as `cqs::domain::search::fold` did when this was written).
fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(SearchColumn::SearchText)
                            .text()
                            .not_null()
                            .default(""),
                    )
                    .to_owned(),
            )
            .await?;
        fill_existing_rows(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(SearchColumn::SearchText)
                    .to_owned(),
            )
            .await
    }
}

/// Sets every existing user's search text, in one transaction, with bound values.
async fn fill_existing_rows(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let select = Query::select()
        .columns([Users::Id, Users::Email, Users::DisplayName])
        .from(Users::Table)
        .to_owned();
    let txn = db.begin().await?;
    for row in txn.query_all(&select).await? {
        let id: i64 = row.try_get("", "id")?;
        let email: String = row.try_get("", "email")?;
        let display_name: String = row.try_get("", "display_name")?;
        let update = Query::update()
            .table(Users::Table)
            .value(
                SearchColumn::SearchText,
                format!("{} {}", fold(&display_name), fold(&email)),
            )
            .and_where(Expr::col(Users::Id).eq(id))
            .to_owned();
        txn.execute(&update).await?;
    }
    txn.commit().await
}
