//! Small builders that insert rows straight through the entities, for tests that need data the
//! API cannot write yet (or must not, like a constraint check).

use chrono::{DateTime, TimeZone, Utc};
use cqs::domain::money::Currency;
use cqs::domain::organization::{OrganizationKind, OrganizationStatus, Sector};
use cqs::domain::partner::PartnerKind;
use cqs::domain::project::ProjectStatus;
use cqs::domain::search::search_text;
use cqs::entity::{center, organization, partner, project};
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, Set};

pub fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2003, 7, day, 9, 0, 0)
        .single()
        .expect("a valid instant")
}

pub async fn partner(db: &DatabaseConnection, name: &str) -> Result<partner::Model, DbErr> {
    partner::ActiveModel {
        name: Set(name.to_owned()),
        acronym: Set(None),
        kind: Set(PartnerKind::PrivateCompany),
        joined_on: Set(None),
        search_text: Set(search_text([Some(name)])),
        contact_email: Set(None),
        contact_phone: Set(None),
        contact_address: Set(None),
        contact_representative: Set(None),
        created_at: Set(at(1)),
        updated_at: Set(at(1)),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn center(db: &DatabaseConnection, slug: &str) -> Result<center::Model, DbErr> {
    center::ActiveModel {
        name: Set(format!("Centre {slug}")),
        slug: Set(slug.to_owned()),
        city: Set("Mohammédia".to_owned()),
        region: Set(None),
        opened_on: Set(None),
        managed_by_id: Set(None),
        created_at: Set(at(1)),
        updated_at: Set(at(1)),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn association(
    db: &DatabaseConnection,
    center_id: i64,
    registration_number: Option<&str>,
) -> Result<organization::Model, DbErr> {
    organization::ActiveModel {
        kind: Set(OrganizationKind::Association),
        center_id: Set(center_id),
        zone_id: Set(None),
        name: Set("Association Al Amal".to_owned()),
        acronym: Set(None),
        registration_number: Set(registration_number.map(str::to_owned)),
        founded_on: Set(None),
        status: Set(OrganizationStatus::Active),
        members_count: Set(None),
        network_member_since: Set(None),
        activity: Set(None),
        search_text: Set(search_text([Some("Association Al Amal")])),
        contact_email: Set(None),
        contact_phone: Set(None),
        contact_address: Set(None),
        contact_representative: Set(None),
        created_at: Set(at(1)),
        updated_at: Set(at(1)),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn project(
    db: &DatabaseConnection,
    center_id: i64,
    carrier_id: i64,
    reference: &str,
) -> Result<project::Model, DbErr> {
    project::ActiveModel {
        center_id: Set(center_id),
        carrier_id: Set(carrier_id),
        zone_id: Set(None),
        program_id: Set(None),
        reference: Set(reference.to_owned()),
        title: Set("Atelier de couture".to_owned()),
        summary: Set(None),
        sector: Set(Sector::IncomeGeneration),
        status: Set(ProjectStatus::Draft),
        currency: Set(Currency::Mad),
        total_cost: Set(10_000_000),
        own_contribution: Set(1_000_000),
        beneficiaries_count: Set(None),
        starts_on: Set(None),
        ends_on: Set(None),
        search_text: Set(search_text([Some("Atelier de couture"), Some(reference)])),
        created_at: Set(at(1)),
        updated_at: Set(at(1)),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A center with `count` projects under one program, each carried by one of three organizations
/// and holding three commitments from three partners, one of them with a disbursement.
pub async fn projects_with_commitments(db: &DatabaseConnection, count: usize) -> Result<(), DbErr> {
    use cqs::domain::commitment::{CommitmentKind, CommitmentStatus};
    use cqs::entity::{commitment, disbursement, program, zone};
    use sea_orm::EntityTrait;

    let center = center(db, "mohammedia").await?;
    let partners = [
        partner(db, "Agence de Développement Social").await?,
        partner(db, "Préfecture de Mohammédia").await?,
        partner(db, "Textiles de Mohammédia").await?,
    ];
    let zone = zone::ActiveModel {
        center_id: Set(center.id),
        name: Set("Al Alia".to_owned()),
        commune: Set(None),
        vulnerability: Set(None),
        created_at: Set(at(1)),
        updated_at: Set(at(1)),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let program = program::ActiveModel {
        code: Set("PASEC".to_owned()),
        name: Set("PASEC".to_owned()),
        funder_id: Set(partners[0].id),
        max_cofinancing_rate_bp: Set(7000),
        budget_amount: Set(None),
        budget_currency: Set(None),
        starts_on: Set(None),
        ends_on: Set(None),
        created_at: Set(at(1)),
        updated_at: Set(at(1)),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let carriers = [
        association(db, center.id, Some("A-1")).await?,
        association(db, center.id, Some("A-2")).await?,
        association(db, center.id, Some("A-3")).await?,
    ];
    for n in 0..count {
        let mut row: project::ActiveModel = project(
            db,
            center.id,
            carriers[n % 3].id,
            &format!("MOH-2003-{:04}", n + 1),
        )
        .await?
        .into();
        row.zone_id = Set(Some(zone.id));
        row.program_id = Set(Some(program.id));
        let project = row.update(db).await?;
        let commitments = partners.iter().map(|partner| commitment::ActiveModel {
            partner_id: Set(partner.id),
            project_id: Set(Some(project.id)),
            center_id: Set(None),
            program_id: Set(None),
            kind: Set(CommitmentKind::Financial),
            description: Set(None),
            amount: Set(Some(1_000_000)),
            currency: Set(Currency::Mad),
            tax_included: Set(true),
            status: Set(CommitmentStatus::Confirmed),
            pledged_on: Set(at(2).date_naive()),
            due_on: Set(None),
            fulfilled_on: Set(None),
            created_at: Set(at(2)),
            updated_at: Set(at(2)),
            version: Set(1),
            ..Default::default()
        });
        let first = commitment::Entity::insert_many(commitments)
            .exec(db)
            .await?;
        disbursement::ActiveModel {
            commitment_id: Set(first.last_insert_id.expect("the commitments were inserted")),
            amount: Set(250_000),
            currency: Set(Currency::Mad),
            paid_on: Set(at(3).date_naive()),
            reference: Set(None),
            created_at: Set(at(3)),
            updated_at: Set(at(3)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
