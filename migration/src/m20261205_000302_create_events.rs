//! Events: the meetings a center holds (the information meeting of 5 July 2003, the
//! dinner-debate of 9 July 2003), listed by start.

use crate::columns::{create_indexes, foreign_key, index, mutable};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000002_create_centers::Centers;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Events {
    Table,
    Id,
    CenterId,
    Title,
    Kind,
    StartsAt,
    EndsAt,
    Location,
    Description,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Events::Table)
            .if_not_exists()
            .col(big_pk_auto(Events::Id))
            .col(big_integer(Events::CenterId))
            .col(string_len(Events::Title, 200))
            .col(string_len(Events::Kind, 32))
            .col(timestamp_with_time_zone(Events::StartsAt))
            .col(timestamp_with_time_zone_null(Events::EndsAt))
            .col(string_len_null(Events::Location, 200))
            .col(text_null(Events::Description))
            .check(Expr::cust("ends_at IS NULL OR ends_at >= starts_at"))
            .foreign_key(&mut foreign_key(
                Events::Table,
                Events::CenterId,
                Centers::Table,
                ForeignKeyAction::Cascade,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("events", &["center_id", "starts_at", "id"]),
                index("events", &["starts_at", "id"]),
                index("events", &["updated_at", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Events::Table).to_owned())
            .await
    }
}
