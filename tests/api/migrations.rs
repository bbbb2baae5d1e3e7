//! The migrations build the same schema, with the same constraints, on SQLite and PostgreSQL.

use chrono::NaiveDate;
use cqs::domain::commitment::{CommitmentKind, CommitmentStatus};
use cqs::domain::money::Currency;
use cqs::entity::{
    api_token, audit_event, center, commitment, disbursement, idempotency_key, organization,
    organization_sector, partner, program, project, project_status_change, user, zone,
};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, Set,
};

use crate::fixtures::{self, at};
use crate::helpers::spawn_app;

async fn every_table_answers(db: &DatabaseConnection) -> Result<(), DbErr> {
    partner::Entity::find().count(db).await?;
    center::Entity::find().count(db).await?;
    zone::Entity::find().count(db).await?;
    program::Entity::find().count(db).await?;
    organization::Entity::find().count(db).await?;
    organization_sector::Entity::find().count(db).await?;
    user::Entity::find().count(db).await?;
    project::Entity::find().count(db).await?;
    project_status_change::Entity::find().count(db).await?;
    commitment::Entity::find().count(db).await?;
    disbursement::Entity::find().count(db).await?;
    api_token::Entity::find().count(db).await?;
    audit_event::Entity::find().count(db).await?;
    idempotency_key::Entity::find().count(db).await?;
    Ok(())
}

async fn applied_migrations(db: &DatabaseConnection) -> usize {
    Migrator::get_applied_migrations(db)
        .await
        .expect("the migration table")
        .len()
}

#[tokio::test]
async fn a_new_database_gets_every_table_from_the_migrations() {
    let app = spawn_app().await;
    every_table_answers(&app.db)
        .await
        .expect("every entity matches a table");
    assert_eq!(
        applied_migrations(&app.db).await,
        Migrator::migrations().len()
    );
}

#[tokio::test]
async fn migrating_again_changes_nothing_and_every_migration_can_be_undone() {
    let app = spawn_app().await;
    cqs::db::migrate(&app.db)
        .await
        .expect("a second run is a no-op");
    assert_eq!(
        applied_migrations(&app.db).await,
        Migrator::migrations().len()
    );

    Migrator::down(&app.db, None)
        .await
        .expect("every migration has a working down()");
    assert_eq!(applied_migrations(&app.db).await, 0);
    assert!(
        partner::Entity::find().count(&app.db).await.is_err(),
        "tables are gone"
    );

    cqs::db::migrate(&app.db)
        .await
        .expect("and the schema comes back");
    every_table_answers(&app.db)
        .await
        .expect("every entity matches a table");
}

fn commitment_to(
    partner_id: i64,
    project_id: Option<i64>,
    center_id: Option<i64>,
) -> commitment::ActiveModel {
    commitment::ActiveModel {
        partner_id: Set(partner_id),
        project_id: Set(project_id),
        center_id: Set(center_id),
        program_id: Set(None),
        kind: Set(CommitmentKind::Financial),
        description: Set(None),
        amount: Set(Some(100_000)),
        currency: Set(Currency::Mad),
        tax_included: Set(true),
        status: Set(CommitmentStatus::Pledged),
        pledged_on: Set(NaiveDate::from_ymd_opt(2003, 7, 9).expect("a date")),
        due_on: Set(None),
        fulfilled_on: Set(None),
        created_at: Set(at(9)),
        updated_at: Set(at(9)),
        version: Set(1),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_commitment_targets_exactly_one_project_or_center() {
    let app = spawn_app().await;
    let db = &app.db;
    let partner = fixtures::partner(db, "Agence de Développement Social")
        .await
        .unwrap();
    let center = fixtures::center(db, "mohammedia").await.unwrap();
    let carrier = fixtures::association(db, center.id, None).await.unwrap();
    let project = fixtures::project(db, center.id, carrier.id, "MOH-2003-0001")
        .await
        .unwrap();

    commitment_to(partner.id, Some(project.id), None)
        .insert(db)
        .await
        .expect("to a project");
    commitment_to(partner.id, None, Some(center.id))
        .insert(db)
        .await
        .expect("to a center");
    let both = commitment_to(partner.id, Some(project.id), Some(center.id))
        .insert(db)
        .await;
    assert!(
        both.is_err(),
        "a commitment to both a project and a center is refused"
    );
    let neither = commitment_to(partner.id, None, None).insert(db).await;
    assert!(neither.is_err(), "a commitment to nothing is refused");
}

#[tokio::test]
async fn unique_constraints_hold_on_slugs_references_registrations_and_emails() {
    let app = spawn_app().await;
    let db = &app.db;
    let center = fixtures::center(db, "mohammedia").await.unwrap();
    assert!(
        fixtures::center(db, "mohammedia").await.is_err(),
        "center slug"
    );

    let carrier = fixtures::association(db, center.id, Some("MOH-ASS-001"))
        .await
        .unwrap();
    assert!(
        fixtures::association(db, center.id, Some("MOH-ASS-001"))
            .await
            .is_err(),
        "registration number"
    );
    fixtures::association(db, center.id, None)
        .await
        .expect("many organizations have no number");
    fixtures::association(db, center.id, None)
        .await
        .expect("many organizations have no number");

    fixtures::project(db, center.id, carrier.id, "MOH-2003-0001")
        .await
        .unwrap();
    assert!(
        fixtures::project(db, center.id, carrier.id, "MOH-2003-0001")
            .await
            .is_err(),
        "project reference within a center"
    );
    let other = fixtures::center(db, "rabat").await.unwrap();
    let other_carrier = fixtures::association(db, other.id, None).await.unwrap();
    fixtures::project(db, other.id, other_carrier.id, "MOH-2003-0001")
        .await
        .expect("references are unique per center only");

    let user = |email: &str| user::ActiveModel {
        email: Set(email.to_owned()),
        email_normalized: Set(email.to_lowercase()),
        display_name: Set("Staff".to_owned()),
        role: Set(cqs::domain::role::Role::Staff),
        password_hash: Set("$argon2id$placeholder".to_owned()),
        partner_id: Set(None),
        organization_id: Set(None),
        center_id: Set(None),
        disabled_at: Set(None),
        created_at: Set(at(1)),
        updated_at: Set(at(1)),
        version: Set(1),
        ..Default::default()
    };
    user("Staff@cqs.example.ma").insert(db).await.unwrap();
    assert!(
        user("staff@CQS.example.ma").insert(db).await.is_err(),
        "emails differ only by case"
    );
}

#[tokio::test]
async fn foreign_keys_are_enforced() {
    let app = spawn_app().await;
    let orphan = fixtures::association(&app.db, 999_999, None).await;
    assert!(
        orphan.is_err(),
        "an organization of a missing center is refused"
    );
    let rows = app
        .db
        .execute_unprepared("DELETE FROM centers WHERE id = 999999")
        .await
        .expect("a plain statement runs");
    assert_eq!(rows.rows_affected(), 0);
}
