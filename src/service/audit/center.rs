//! Which audit rows belong to a center, as one SQL condition: the center itself, and its zones,
//! organizations, projects, commitments (to the center, or to one of its projects) and their
//! disbursements, and their dossiers' items and funding requests, its accompaniment sessions, and
//! its indicators with their measurements. Partners, programs (and their requirements and
//! indicators), users and API tokens belong to no center.
//!
//! Each kind is an `entity_id IN (subquery)` over indexed `center_id` / `project_id` /
//! `commitment_id` columns, so a page of the trail is read by one statement and is never cut
//! short by rows filtered out after reading.

use sea_orm::sea_query::SelectStatement;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect, QueryTrait};

use crate::entity::{audit_event, commitment, disbursement, organization, project, zone};
use crate::entity::{
    dossier_item, funding_request, indicator, indicator_measurement, support_session,
};
use crate::service::events::Entity;

/// Audit rows about the entities of center `center_id`, by the type names the write pipeline
/// records ([`Entity::name`]).
pub fn entities_of(center_id: i64) -> Condition {
    let kind = |entity: Entity, ids: SelectStatement| {
        Condition::all()
            .add(audit_event::Column::EntityType.eq(entity.name()))
            .add(audit_event::Column::EntityId.in_subquery(ids))
    };
    Condition::any()
        .add(
            Condition::all()
                .add(audit_event::Column::EntityType.eq(Entity::Center.name()))
                .add(audit_event::Column::EntityId.eq(center_id)),
        )
        .add(kind(Entity::Zone, zones(center_id)))
        .add(kind(Entity::Organization, organizations(center_id)))
        .add(kind(Entity::Project, projects(center_id)))
        .add(kind(Entity::Commitment, commitments(center_id)))
        .add(kind(Entity::Disbursement, disbursements(center_id)))
        .add(kind(Entity::DossierItem, dossier_items(center_id)))
        .add(kind(Entity::FundingRequest, funding_requests(center_id)))
        .add(kind(Entity::SupportSession, support_sessions(center_id)))
        .add(kind(Entity::Indicator, indicators(center_id)))
        .add(kind(
            Entity::IndicatorMeasurement,
            indicator_measurements(center_id),
        ))
}

/// The checked items of the dossiers of the center's projects.
fn dossier_items(center_id: i64) -> SelectStatement {
    dossier_item::Entity::find()
        .select_only()
        .column(dossier_item::Column::Id)
        .filter(dossier_item::Column::ProjectId.in_subquery(projects(center_id)))
        .into_query()
}

/// The funding requests sent for the center's projects.
fn funding_requests(center_id: i64) -> SelectStatement {
    funding_request::Entity::find()
        .select_only()
        .column(funding_request::Column::Id)
        .filter(funding_request::Column::ProjectId.in_subquery(projects(center_id)))
        .into_query()
}

fn support_sessions(center_id: i64) -> SelectStatement {
    support_session::Entity::find()
        .select_only()
        .column(support_session::Column::Id)
        .filter(support_session::Column::CenterId.eq(center_id))
        .into_query()
}

/// The center's own indicators (a program's belong to no center).
fn indicators(center_id: i64) -> SelectStatement {
    indicator::Entity::find()
        .select_only()
        .column(indicator::Column::Id)
        .filter(indicator::Column::CenterId.eq(center_id))
        .into_query()
}

fn indicator_measurements(center_id: i64) -> SelectStatement {
    indicator_measurement::Entity::find()
        .select_only()
        .column(indicator_measurement::Column::Id)
        .filter(indicator_measurement::Column::IndicatorId.in_subquery(indicators(center_id)))
        .into_query()
}

fn zones(center_id: i64) -> SelectStatement {
    zone::Entity::find()
        .select_only()
        .column(zone::Column::Id)
        .filter(zone::Column::CenterId.eq(center_id))
        .into_query()
}

fn organizations(center_id: i64) -> SelectStatement {
    organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .filter(organization::Column::CenterId.eq(center_id))
        .into_query()
}

fn projects(center_id: i64) -> SelectStatement {
    project::Entity::find()
        .select_only()
        .column(project::Column::Id)
        .filter(project::Column::CenterId.eq(center_id))
        .into_query()
}

/// Commitments to the center itself or to one of its projects.
fn commitments(center_id: i64) -> SelectStatement {
    commitment::Entity::find()
        .select_only()
        .column(commitment::Column::Id)
        .filter(
            Condition::any()
                .add(commitment::Column::CenterId.eq(center_id))
                .add(commitment::Column::ProjectId.in_subquery(projects(center_id))),
        )
        .into_query()
}

fn disbursements(center_id: i64) -> SelectStatement {
    disbursement::Entity::find()
        .select_only()
        .column(disbursement::Column::Id)
        .filter(disbursement::Column::CommitmentId.in_subquery(commitments(center_id)))
        .into_query()
}
