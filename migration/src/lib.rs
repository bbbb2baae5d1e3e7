//! The CQS schema, one change per migration, written with sea-query builders so that SQLite and
//! PostgreSQL run the same statements. Never edit a migration that has landed: add a new one.

pub use sea_orm_migration::prelude::*;

mod columns;
mod m20260101_000001_create_partners;
mod m20260101_000002_create_centers;
mod m20260101_000003_create_zones;
mod m20260101_000004_create_programs;
mod m20260101_000005_create_organizations;
mod m20260101_000006_create_organization_sectors;
mod m20260101_000007_create_users;
mod m20260101_000008_create_projects;
mod m20260101_000009_create_project_status_changes;
mod m20260101_000010_create_commitments;
mod m20260101_000011_create_disbursements;
mod m20260101_000012_create_api_tokens;
mod m20260101_000013_create_audit_events;
mod m20260101_000014_create_idempotency_keys;
mod m20260201_000001_add_users_search_text;
mod m20261205_000101_create_program_requirements;
mod m20261205_000102_create_dossier_items;
mod m20261205_000103_create_funding_requests;
mod m20261205_000201_create_support_sessions;
mod m20261205_000202_create_indicators;
mod m20261205_000203_create_indicator_measurements;
mod m20261205_000301_add_commitment_quantity;
mod m20261205_000302_create_events;
mod m20261205_000303_create_event_participants;
mod m20261205_000304_create_partner_engagements;
mod m20261205_000305_create_management_agreements;
mod m20261206_000401_add_measurement_version;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20260101_000001_create_partners::Migration),
            Box::new(m20260101_000002_create_centers::Migration),
            Box::new(m20260101_000003_create_zones::Migration),
            Box::new(m20260101_000004_create_programs::Migration),
            Box::new(m20260101_000005_create_organizations::Migration),
            Box::new(m20260101_000006_create_organization_sectors::Migration),
            Box::new(m20260101_000007_create_users::Migration),
            Box::new(m20260101_000008_create_projects::Migration),
            Box::new(m20260101_000009_create_project_status_changes::Migration),
            Box::new(m20260101_000010_create_commitments::Migration),
            Box::new(m20260101_000011_create_disbursements::Migration),
            Box::new(m20260101_000012_create_api_tokens::Migration),
            Box::new(m20260101_000013_create_audit_events::Migration),
            Box::new(m20260101_000014_create_idempotency_keys::Migration),
            Box::new(m20260201_000001_add_users_search_text::Migration),
            Box::new(m20261205_000101_create_program_requirements::Migration),
            Box::new(m20261205_000102_create_dossier_items::Migration),
            Box::new(m20261205_000103_create_funding_requests::Migration),
            Box::new(m20261205_000301_add_commitment_quantity::Migration),
            Box::new(m20261205_000302_create_events::Migration),
            Box::new(m20261205_000303_create_event_participants::Migration),
            Box::new(m20261205_000304_create_partner_engagements::Migration),
            Box::new(m20261205_000305_create_management_agreements::Migration),
            Box::new(m20261205_000201_create_support_sessions::Migration),
            Box::new(m20261205_000202_create_indicators::Migration),
            Box::new(m20261205_000203_create_indicator_measurements::Migration),
            Box::new(m20261206_000401_add_measurement_version::Migration),
        ]
    }
}
