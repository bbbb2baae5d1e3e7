//! Partners: the prefecture, the ADS, the associative network, companies — whoever commits resources.

use crate::columns::{create_indexes, index, mutable};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Partners {
    Table,
    Id,
    Name,
    Acronym,
    Kind,
    JoinedOn,
    SearchText,
    ContactEmail,
    ContactPhone,
    ContactAddress,
    ContactRepresentative,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Partners::Table)
            .if_not_exists()
            .col(big_pk_auto(Partners::Id))
            .col(string_len(Partners::Name, 200))
            .col(string_len_null(Partners::Acronym, 50))
            .col(string_len(Partners::Kind, 32))
            .col(date_null(Partners::JoinedOn))
            .col(text(Partners::SearchText))
            .col(string_len_null(Partners::ContactEmail, 254))
            .col(string_len_null(Partners::ContactPhone, 50))
            .col(string_len_null(Partners::ContactAddress, 500))
            .col(string_len_null(Partners::ContactRepresentative, 200));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("partners", &["name", "id"]),
                index("partners", &["kind"]),
                index("partners", &["updated_at", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Partners::Table).to_owned())
            .await
    }
}
