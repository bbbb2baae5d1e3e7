//! A partner's engagement with a center (PROSPECT, INVITED, ENGAGED), so that the companies
//! invited to join can be followed; one row per partner and center.

use crate::columns::{create_indexes, foreign_key, index, mutable, unique_index};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000001_create_partners::Partners;
use super::m20260101_000002_create_centers::Centers;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PartnerEngagements {
    Table,
    Id,
    PartnerId,
    CenterId,
    Status,
    StatusChangedAt,
    Note,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(PartnerEngagements::Table)
            .if_not_exists()
            .col(big_pk_auto(PartnerEngagements::Id))
            .col(big_integer(PartnerEngagements::PartnerId))
            .col(big_integer(PartnerEngagements::CenterId))
            .col(string_len(PartnerEngagements::Status, 16))
            .col(timestamp_with_time_zone(
                PartnerEngagements::StatusChangedAt,
            ))
            .col(text_null(PartnerEngagements::Note))
            .foreign_key(&mut foreign_key(
                PartnerEngagements::Table,
                PartnerEngagements::PartnerId,
                Partners::Table,
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut foreign_key(
                PartnerEngagements::Table,
                PartnerEngagements::CenterId,
                Centers::Table,
                ForeignKeyAction::Cascade,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                unique_index("partner_engagements", &["partner_id", "center_id"]),
                index("partner_engagements", &["center_id", "id"]),
                index("partner_engagements", &["updated_at", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PartnerEngagements::Table).to_owned())
            .await
    }
}
