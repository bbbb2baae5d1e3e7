//! Creating, updating and moving projects through their workflow, each in one transaction that
//! holds the project's lock while it checks the money rules.

use chrono::{Datelike, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::auth::viewer::Viewer;
use crate::domain::commitment::CommitmentStatus;
use crate::domain::input::{self, NAME_MAX, Problems, TEXT_MAX, optional_text, text};
use crate::domain::money::{Currency, RawMoney};
use crate::domain::organization::Sector;
use crate::domain::project::ProjectStatus;
use crate::domain::search::search_text;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::domain::{reference, workflow};
use crate::entity::{
    center, commitment, organization, program, project, project_status_change, zone,
};
use crate::error::{AppError, Result};
use crate::service::events::{ChangeKind, Entity};
use crate::service::funding::{Projects, project_money};
use crate::service::write::{self, Begun, Blame, Services, Write};

/// The fields of a project a create or an update may carry; `None` means "not given", and for
/// clearable fields `Some(None)` means "clear it".
#[derive(Clone, Debug, Default)]
pub struct ProjectFields {
    pub carrier_id: Option<i64>,
    pub program_id: Option<Option<i64>>,
    pub zone_id: Option<Option<i64>>,
    pub title: Option<String>,
    pub summary: Option<Option<String>>,
    pub sector: Option<Sector>,
    pub total_cost: Option<RawMoney>,
    pub own_contribution: Option<RawMoney>,
    pub beneficiaries_count: Option<Option<i32>>,
    pub starts_on: Option<Option<NaiveDate>>,
    pub ends_on: Option<Option<NaiveDate>>,
}

const CREATE_PROJECT: &str = "createProject";

fn not_found(field: &str, what: &str) -> UserError {
    UserError::new(
        ErrorCode::NotFound,
        &["input", field],
        format!("no such {what}"),
    )
}

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

async fn record_status(
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

/// Parses `fields` over `current` and checks what depends on other rows (zone, program,
/// currencies, the money rules). Returns the active model and the names of the changed fields.
async fn apply(
    txn: &DatabaseTransaction,
    current: &project::Model,
    fields: &ProjectFields,
    creating: bool,
) -> Result<(project::ActiveModel, Vec<&'static str>)> {
    let mut problems = Problems::default();
    let mut row: project::ActiveModel = current.clone().into();
    let mut changed = Vec::new();
    let mut next = current.clone();
    if let Some(title) = fields.title.as_deref().or(creating.then_some(""))
        && let Some(title) = problems.take(text(title, &["input", "title"], NAME_MAX))
    {
        next.title = title;
        changed.push("title");
    }
    if let Some(summary) = &fields.summary
        && let Some(summary) = problems.take(optional_text(
            summary.as_deref(),
            &["input", "summary"],
            TEXT_MAX,
        ))
    {
        next.summary = summary;
        changed.push("summary");
    }
    if let Some(sector) = fields.sector {
        next.sector = sector;
        changed.push("sector");
    }
    if let Some(count) = fields.beneficiaries_count
        && let Some(count) = problems.take(input::count(count, &["input", "beneficiariesCount"]))
    {
        next.beneficiaries_count = count;
        changed.push("beneficiariesCount");
    }
    if let Some(starts_on) = fields.starts_on {
        next.starts_on = starts_on;
        changed.push("startsOn");
    }
    if let Some(ends_on) = fields.ends_on {
        next.ends_on = ends_on;
        changed.push("endsOn");
    }
    problems.take(input::date_order(
        next.starts_on,
        next.ends_on,
        &["input", "endsOn"],
    ));
    apply_money(
        current,
        fields,
        creating,
        &mut next,
        &mut changed,
        &mut problems,
    );
    apply_links(txn, current, fields, &mut next, &mut changed, &mut problems).await?;
    problems.finish().map_err(AppError::User)?;
    if next.own_contribution > next.total_cost {
        // The row's own rule (a CHECK too); with the commitments, the plan is checked at commit.
        return Err(UserError::new(
            ErrorCode::Overfunded,
            &["input", "ownContribution"],
            "the own contribution exceeds the total cost",
        )
        .into());
    }
    next.search_text = search_text([Some(next.title.as_str()), Some(next.reference.as_str())]);
    row.title = Set(next.title);
    row.summary = Set(next.summary);
    row.sector = Set(next.sector);
    row.beneficiaries_count = Set(next.beneficiaries_count);
    row.starts_on = Set(next.starts_on);
    row.ends_on = Set(next.ends_on);
    row.currency = Set(next.currency);
    row.total_cost = Set(next.total_cost);
    row.own_contribution = Set(next.own_contribution);
    row.zone_id = Set(next.zone_id);
    row.program_id = Set(next.program_id);
    row.search_text = Set(next.search_text);
    Ok((row, changed))
}

fn apply_money(
    current: &project::Model,
    fields: &ProjectFields,
    creating: bool,
    next: &mut project::Model,
    changed: &mut Vec<&'static str>,
    problems: &mut Problems,
) {
    if let Some(total) = fields.total_cost {
        if let Some(cents) = problems.take(input::amount(
            total.amount,
            &["input", "totalCost", "amount"],
        )) {
            next.total_cost = cents;
            next.currency = total.currency;
            changed.push("totalCost");
        }
    } else if creating {
        problems.push(UserError::new(
            ErrorCode::Required,
            &["input", "totalCost"],
            "a total cost is required",
        ));
    }
    if let Some(own) = fields.own_contribution {
        if own.currency != next.currency {
            problems.push(UserError::new(
                ErrorCode::Invalid,
                &["input", "ownContribution", "currency"],
                "the own contribution is in the project's currency",
            ));
        } else if let Some(cents) = problems.take(input::non_negative_amount(
            own.amount,
            &["input", "ownContribution", "amount"],
        )) {
            next.own_contribution = cents;
            changed.push("ownContribution");
        }
    }
    if !creating && next.currency != current.currency {
        problems.push(UserError::new(
            ErrorCode::Invalid,
            &["input", "totalCost", "currency"],
            "a project's currency does not change once created",
        ));
    }
}

async fn apply_links(
    txn: &DatabaseTransaction,
    current: &project::Model,
    fields: &ProjectFields,
    next: &mut project::Model,
    changed: &mut Vec<&'static str>,
    problems: &mut Problems,
) -> Result<()> {
    if let Some(zone_id) = fields.zone_id {
        if let Some(id) = zone_id {
            let zone = zone::Entity::find_by_id(id).one(txn).await?;
            if zone.is_none_or(|zone| zone.center_id != current.center_id) {
                problems.push(not_found("zoneId", "zone in the project's center"));
            }
        }
        next.zone_id = zone_id;
        changed.push("zoneId");
    }
    if let Some(program_id) = fields.program_id
        && program_id != current.program_id
    {
        if let Some(id) = program_id
            && program::Entity::find_by_id(id).one(txn).await?.is_none()
        {
            problems.push(not_found("programId", "program"));
        }
        next.program_id = program_id;
        changed.push("programId");
    }
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
    let program = match project.program_id {
        Some(id) => program::Entity::find_by_id(id).one(write.txn()).await?,
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

/// Moves a project along its workflow (DESIGN.md), keeping the step in its history.
pub async fn transition_project(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    to: ProjectStatus,
    note: Option<&str>,
    expected_version: Option<i32>,
) -> Result<project::Model> {
    viewer.require_authenticated()?;
    let note = optional_text(note, &["input", "note"], TEXT_MAX)?;
    let mut write = Write::begin(services, viewer).await?;
    let current = write
        .lock_project(id)
        .await?
        .ok_or_else(|| not_found("id", "project"))?;
    check_transition_right(viewer, &current, to)?;
    write::check_version(expected_version, current.version)?;
    if !workflow::project_may_move(current.status, to) {
        return Err(UserError::new(
            ErrorCode::InvalidTransition,
            &["input", "to"],
            format!("a {:?} project cannot become {to:?}", current.status),
        )
        .into());
    }
    if to == ProjectStatus::InProgress {
        check_funding_complete(write.txn(), &current).await?;
    }
    let mut row: project::ActiveModel = current.clone().into();
    row.status = Set(to);
    let updated = write
        .update(
            Entity::Project,
            "transition_project",
            ChangeKind::StatusChanged,
            row,
            &["status"],
        )
        .await?;
    record_status(write.txn(), viewer, id, Some(current.status), to, note).await?;
    write.commit().await?;
    Ok(updated)
}

/// `FUNDING_INCOMPLETE` unless the own contribution and the secured commitments cover the cost.
async fn check_funding_complete(txn: &DatabaseTransaction, project: &project::Model) -> Result<()> {
    let secured = project_money(txn, Projects::Ids(&[project.id]))
        .await?
        .first()
        .map_or(0, |money| money.inputs.sums.secured);
    if workflow::funding_is_complete(project.total_cost, project.own_contribution, secured) {
        return Ok(());
    }
    Err(UserError::new(
        ErrorCode::FundingIncomplete,
        &["input", "to"],
        "the own contribution and the confirmed commitments do not cover the total cost yet",
    )
    .into())
}

/// A carrier's own account may only submit its draft (DRAFT → IN_PREPARATION) or cancel it
/// while DRAFT or IN_PREPARATION; staff and admins move projects along the whole workflow.
fn check_transition_right(
    viewer: &Viewer,
    project: &project::Model,
    to: ProjectStatus,
) -> Result<()> {
    if viewer.is_carrier_account(project.carrier_id) {
        let allowed = matches!(
            (project.status, to),
            (ProjectStatus::Draft, ProjectStatus::InPreparation)
                | (
                    ProjectStatus::Draft | ProjectStatus::InPreparation,
                    ProjectStatus::Cancelled
                )
        );
        return if allowed {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "an organization may only submit or cancel its project while it is prepared",
            ))
        };
    }
    viewer
        .may_manage_center(project.center_id, "move this project")
        .map(|_| ())
}
