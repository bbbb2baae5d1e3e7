//! Creating and updating projects, each in one write that holds the project's lock; the money
//! rules that span its commitments are checked when the write commits.

use chrono::Datelike;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::auth::viewer::Viewer;
use crate::domain::commitment::CommitmentStatus;
use crate::domain::money::Currency;
use crate::domain::organization::Sector;
use crate::domain::project::ProjectStatus;
use crate::domain::reference;
use crate::domain::search::search_text;
use crate::entity::{center, commitment, organization, program, project, project_status_change};
use crate::error::Result;
use crate::service::events::{ChangeKind, Entity};
use crate::service::write::{self, Begun, Blame, Services, Write};

pub use super::fields::ProjectFields;
use super::fields::{apply, not_found};
pub use super::transition::transition_project;

const CREATE_PROJECT: &str = "createProject";

/// Creates a project in DRAFT with the next reference of its center and year.
pub async fn create_project(
    services: &Services,
    viewer: &Viewer,
    fields: ProjectFields,
    key: Option<&str>,
) -> Result<project::Model> {
    let outcome = try_create(services, viewer, &fields, key).await;
    write::or_replayed::<project::Entity>(outcome, &services.db, viewer, CREATE_PROJECT, key).await
}

async fn try_create(
    services: &Services,
    viewer: &Viewer,
    fields: &ProjectFields,
    key: Option<&str>,
) -> Result<project::Model> {
    viewer.require_authenticated()?;
    let mut write =
        match Write::create::<project::Entity>(services, viewer, CREATE_PROJECT, key).await? {
            Begun::Replayed(existing) => return Ok(existing),
            Begun::Fresh(write) => write,
        };
    let carrier_id = fields
        .carrier_id
        .ok_or_else(|| not_found("carrierId", "organization"))?;
    let carrier = organization::Entity::find_by_id(carrier_id)
        .one(write.txn())
        .await?
        .ok_or_else(|| not_found("carrierId", "organization"))?;
    viewer.may_edit_project(carrier.id, carrier.center_id, true)?;
    // The center's row is the lock that makes references count without gaps or twins.
    let center = write
        .lock(center::Entity::find_by_id(carrier.center_id))
        .await?
        .ok_or_else(|| not_found("carrierId", "center"))?;
    let draft = draft(center.id, carrier.id);
    let (mut row, mut changed) = apply(write.txn(), &draft, fields, true).await?;
    let prefix = reference::prefix(&center.slug, crate::service::now().year());
    let last = last_reference(write.txn(), center.id, &prefix).await?;
    let reference = reference::next(&prefix, last.as_deref());
    let title = row.title.try_as_ref().cloned().unwrap_or_default();
    row.search_text = Set(search_text([
        Some(title.as_str()),
        Some(reference.as_str()),
    ]));
    row.reference = Set(reference);
    row.id = sea_orm::ActiveValue::NotSet;
    changed.splice(0..0, ["carrierId", "reference", "status"]);
    let created = write
        .insert(Entity::Project, "create_project", row, &changed)
        .await
        .map_err(|err| {
            err.or_duplicate(
                &["input"],
                "a project of this center already has this reference",
            )
        })?;
    record_status(
        write.txn(),
        viewer,
        created.id,
        None,
        ProjectStatus::Draft,
        None,
    )
    .await?;
    write.guard_project(created.id);
    write.blame(Blame::on("ownContribution"));
    write.commit().await?;
    Ok(created)
}

/// A DRAFT of a new project of `carrier_id`, before its fields are applied.
fn draft(center_id: i64, carrier_id: i64) -> project::Model {
    let now = crate::service::now();
    project::Model {
        id: 0,
        center_id,
        carrier_id,
        zone_id: None,
        program_id: None,
        reference: String::new(),
        title: String::new(),
        summary: None,
        sector: Sector::Other,
        status: ProjectStatus::Draft,
        currency: Currency::Mad,
        total_cost: 0,
        own_contribution: 0,
        beneficiaries_count: None,
        starts_on: None,
        ends_on: None,
        search_text: String::new(),
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// The highest reference of a center with `prefix` (by length, then text, so 10000 > 9999).
async fn last_reference(
    txn: &DatabaseTransaction,
    center_id: i64,
    prefix: &str,
) -> Result<Option<String>> {
    use sea_orm::sea_query::{Expr, Func};
    let last = project::Entity::find()
        .select_only()
        .column(project::Column::Reference)
        .filter(project::Column::CenterId.eq(center_id))
        .filter(project::Column::Reference.starts_with(prefix))
        .order_by_desc(Func::char_length(Expr::col(project::Column::Reference)))
        .order_by_desc(project::Column::Reference)
        .into_tuple::<String>()
        .one(txn)
        .await?;
    Ok(last)
}

pub(super) async fn record_status(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    project_id: i64,
    from: Option<ProjectStatus>,
    to: ProjectStatus,
    note: Option<String>,
) -> Result<()> {
    let now = crate::service::now();
    project_status_change::ActiveModel {
        project_id: Set(project_id),
        from_status: Set(from),
        to_status: Set(to),
        at: Set(now),
        by_user_id: Set(viewer.user_id()),
        note: Set(note),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Which input fields a broken money rule of an update is reported on: a lower cost, else a
/// higher own contribution, is what overfunds; a new program, else a lower cost, what caps.
fn blame(current: &project::Model, fields: &ProjectFields) -> Blame {
    let cost_changed = fields.total_cost.is_some() && fields.own_contribution.is_none();
    let program_changed = fields
        .program_id
        .is_some_and(|program| program != current.program_id);
    Blame {
        overfunded: if cost_changed {
            "totalCost"
        } else {
            "ownContribution"
        },
        capped: if program_changed {
            "programId"
        } else {
            "totalCost"
        },
    }
}

/// Updates a project's fields; `expectedVersion` guards against lost updates. A program
/// attached to (or changed on) a project brings its funder's commitments to the project under
/// it: they are labelled with the program and count against its cap, so the change is refused
/// with `COFINANCING_CAP_EXCEEDED` when they exceed it.
pub async fn update_project(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    fields: ProjectFields,
) -> Result<project::Model> {
    viewer.require_authenticated()?;
    let mut write = Write::begin(services, viewer).await?;
    let current = write
        .lock_project(id)
        .await?
        .ok_or_else(|| not_found("id", "project"))?;
    let editable = matches!(
        current.status,
        ProjectStatus::Draft | ProjectStatus::InPreparation
    );
    viewer.may_edit_project(current.carrier_id, current.center_id, editable)?;
    write::check_version(expected_version, current.version)?;
    let (row, changed) = apply(write.txn(), &current, &fields, false).await?;
    if changed.is_empty() {
        write.commit().await?;
        return Ok(current);
    }
    write.blame(blame(&current, &fields));
    let updated = write
        .update(
            Entity::Project,
            "update_project",
            ChangeKind::Updated,
            row,
            &changed,
        )
        .await?;
    if updated.program_id != current.program_id {
        label_commitments(&mut write, &updated).await?;
    }
    write.commit().await?;
    Ok(updated)
}

/// Labels the standing commitments of `project` with its program when they come from the
/// program's funder, and with no program otherwise.
async fn label_commitments(write: &mut Write<'_>, project: &project::Model) -> Result<()> {
    // The program's row is locked like a change of its rate locks it, so that the cap checked at
    // commit is the rate that holds once both have committed.
    let program = match project.program_id {
        Some(id) => write.lock(program::Entity::find_by_id(id)).await?,
        None => None,
    };
    let standing = commitment::Entity::find()
        .filter(commitment::Column::ProjectId.eq(project.id))
        .filter(commitment::Column::Status.ne(CommitmentStatus::Cancelled))
        .all(write.txn())
        .await?;
    for row in standing {
        let label = program
            .as_ref()
            .filter(|program| program.funder_id == row.partner_id)
            .map(|program| program.id);
        if label == row.program_id {
            continue;
        }
        let mut active: commitment::ActiveModel = row.into();
        active.program_id = Set(label);
        write
            .update(
                Entity::Commitment,
                "update_commitment",
                ChangeKind::Updated,
                active,
                &["programId"],
            )
            .await?;
    }
    Ok(())
}
