//! Who takes part in an event: an organization, a partner, or a named guest (a governor, a
//! director general), possibly representing a partner; each with an attendance status. A
//! participant appears once per event (partial unique indexes, one per kind of participant).

use crate::columns::{create_indexes, foreign_key, index, mutable};
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000001_create_partners::Partners;
use super::m20260101_000005_create_organizations::Organizations;
use super::m20261205_000302_create_events::Events;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EventParticipants {
    Table,
    Id,
    EventId,
    OrganizationId,
    PartnerId,
    GuestName,
    GuestRole,
    Attendance,
}

/// One participant of each kind per event: the same statements on both backends.
const UNIQUE_PARTICIPANTS: [&str; 3] = [
    "CREATE UNIQUE INDEX IF NOT EXISTS uq_event_participants_organization \
     ON event_participants (event_id, organization_id) WHERE organization_id IS NOT NULL",
    "CREATE UNIQUE INDEX IF NOT EXISTS uq_event_participants_partner \
     ON event_participants (event_id, partner_id) WHERE guest_name IS NULL AND partner_id IS NOT NULL",
    "CREATE UNIQUE INDEX IF NOT EXISTS uq_event_participants_guest \
     ON event_participants (event_id, guest_name) WHERE guest_name IS NOT NULL",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(EventParticipants::Table)
            .if_not_exists()
            .col(big_pk_auto(EventParticipants::Id))
            .col(big_integer(EventParticipants::EventId))
            .col(big_integer_null(EventParticipants::OrganizationId))
            .col(big_integer_null(EventParticipants::PartnerId))
            .col(string_len_null(EventParticipants::GuestName, 200))
            .col(string_len_null(EventParticipants::GuestRole, 200))
            .col(string_len(EventParticipants::Attendance, 16))
            .check((
                Alias::new("ck_event_participants_one_kind"),
                Expr::cust(
                    "(organization_id IS NOT NULL AND partner_id IS NULL AND guest_name IS NULL) \
                     OR (organization_id IS NULL AND partner_id IS NOT NULL AND guest_name IS NULL) \
                     OR (organization_id IS NULL AND guest_name IS NOT NULL)",
                ),
            ))
            .foreign_key(&mut foreign_key(
                EventParticipants::Table,
                EventParticipants::EventId,
                Events::Table,
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut foreign_key(
                EventParticipants::Table,
                EventParticipants::OrganizationId,
                Organizations::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                EventParticipants::Table,
                EventParticipants::PartnerId,
                Partners::Table,
                ForeignKeyAction::Restrict,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("event_participants", &["event_id", "id"]),
                index("event_participants", &["partner_id"]),
                index("event_participants", &["organization_id"]),
            ],
        )
        .await?;
        let db = manager.get_connection();
        for statement in UNIQUE_PARTICIPANTS {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EventParticipants::Table).to_owned())
            .await
    }
}
