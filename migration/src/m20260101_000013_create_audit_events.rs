//! Audit events: who changed what and when, written in the same transaction as the change.

use crate::columns::{create_indexes, foreign_key, index, timestamps};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000007_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum AuditEvents {
    Table,
    Id,
    ActorUserId,
    Action,
    EntityType,
    EntityId,
    /// JSON array of the field names the write changed.
    ChangedFields,
    RequestId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(AuditEvents::Table)
            .if_not_exists()
            .col(big_pk_auto(AuditEvents::Id))
            .col(big_integer_null(AuditEvents::ActorUserId))
            .col(string_len(AuditEvents::Action, 64))
            .col(string_len(AuditEvents::EntityType, 32))
            .col(big_integer(AuditEvents::EntityId))
            .col(text(AuditEvents::ChangedFields))
            .col(string_len_null(AuditEvents::RequestId, 64))
            .foreign_key(&mut foreign_key(
                AuditEvents::Table,
                AuditEvents::ActorUserId,
                Users::Table,
                ForeignKeyAction::SetNull,
            ));
        timestamps(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("audit_events", &["entity_type", "entity_id"]),
                index("audit_events", &["actor_user_id"]),
                index("audit_events", &["created_at", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditEvents::Table).to_owned())
            .await
    }
}
