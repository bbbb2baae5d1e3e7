//! Column and index conventions shared by every table: UTC timestamps, an optimistic-locking
//! `version`, and named indexes, so each migration only states what is particular to its table.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, timestamp_with_time_zone};

#[derive(DeriveIden)]
enum Common {
    CreatedAt,
    UpdatedAt,
    Version,
}

/// `created_at` and `updated_at`, set by the application in UTC (never by a database default, so
/// both backends store the same instant with the same precision).
pub fn timestamps(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table
        .col(timestamp_with_time_zone(Common::CreatedAt))
        .col(timestamp_with_time_zone(Common::UpdatedAt))
}

/// Timestamps plus `version`, starting at 1 and incremented on each change (DESIGN.md, Versions).
pub fn mutable(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    timestamps(table).col(integer(Common::Version).default(1))
}

/// A foreign key from `table.column` to `target.id`.
pub fn foreign_key(
    table: impl IntoIden + 'static,
    column: impl IntoIden + 'static,
    target: impl IntoIden + 'static,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(target, Alias::new("id"))
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::NoAction)
        .to_owned()
}

/// A plain index named `idx_<table>_<columns>` over the given columns, in order.
pub fn index(table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement
        .name(format!("idx_{table}_{}", columns.join("_")))
        .table(Alias::new(table))
        .if_not_exists();
    for column in columns {
        statement.col(Alias::new(*column));
    }
    statement.to_owned()
}

/// Like [`index`], but unique, named `uq_<table>_<columns>`.
pub fn unique_index(table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut statement = index(table, columns);
    statement
        .name(format!("uq_{table}_{}", columns.join("_")))
        .unique();
    statement
}

/// Creates every index of a table.
pub async fn create_indexes(
    manager: &SchemaManager<'_>,
    indexes: Vec<IndexCreateStatement>,
) -> Result<(), DbErr> {
    for statement in indexes {
        manager.create_index(statement).await?;
    }
    Ok(())
}
