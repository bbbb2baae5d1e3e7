//! Creating, updating and moving projects through their workflow, each in one transaction that
//! holds the project's lock while it checks the money rules.

use chrono::{Datelike, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::auth::viewer::Viewer;
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
use crate::service::audit;
use crate::service::events::{ChangeKind, Entity};
use crate::service::project::plan::plan_of;
use crate::service::write::{self, Services};

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
    let txn = write::begin(&services.db).await?;
    if let Some(existing) =
        write::earlier::<project::Entity>(&txn, viewer, CREATE_PROJECT, key).await?
    {
        txn.commit().await?;
        return Ok(existing);
    }
    let carrier_id = fields
        .carrier_id
        .ok_or_else(|| not_found("carrierId", "organization"))?;
    let carrier = organization::Entity::find_by_id(carrier_id)
        .one(&txn)
        .await?
        .ok_or_else(|| not_found("carrierId", "organization"))?;
    viewer.may_edit_project(carrier.id, carrier.center_id, true)?;
    // The center's row is the lock that makes references count without gaps or twins.
    let center = write::locked(center::Entity::find_by_id(carrier.center_id), &txn)
        .one(&txn)
        .await?
        .ok_or_else(|| not_found("carrierId", "center"))?;
    let draft = project::Model {
        id: 0,
        center_id: center.id,
        carrier_id: carrier.id,
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
        created_at: crate::service::now(),
        updated_at: crate::service::now(),
        version: 1,
    };
    let (row, _) = apply(&txn, &draft, fields, true).await?;
    let mut row = row.reset_all();
    row.id = sea_orm::ActiveValue::NotSet;
    let now = crate::service::now();
    let prefix = reference::prefix(&center.slug, now.year());
    let reference = reference::next(
        &prefix,
        last_reference(&txn, center.id, &prefix).await?.as_deref(),
    );
    row.reference = Set(reference.clone());
    row.status = Set(ProjectStatus::Draft);
    row.created_at = Set(now);
    row.updated_at = Set(now);
    row.version = Set(1);
    let title = match &row.title {
        sea_orm::ActiveValue::Set(title) => title.clone(),
        _ => String::new(),
    };
    row.search_text = Set(search_text([
        Some(title.as_str()),
        Some(reference.as_str()),
    ]));
    let created = row.insert(&txn).await.map_err(|err| {
        write::duplicate_or(
            err,
            &["input"],
            "a project of this center already has this reference",
        )
    })?;
    record_status(&txn, viewer, created.id, None, ProjectStatus::Draft, None).await?;
    write::remember(&txn, viewer, CREATE_PROJECT, key, "Project", created.id).await?;
    audit::record(
        &txn,
        viewer,
        "create_project",
        "Project",
        created.id,
        &["all"],
    )
    .await?;
    txn.commit().await?;
    services
        .events
        .publish(ChangeKind::Created, Entity::Project, created.id);
    Ok(created)
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
    if !creating {
        check_money_rules(txn, current, &next).await?;
    } else if next.own_contribution > next.total_cost {
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
        if current.id != 0 && names_old_program(txn, current).await? {
            problems.push(UserError::new(
                ErrorCode::Invalid,
                &["input", "programId"],
                "commitments name the project's program: cancel them before changing it",
            ));
        }
        next.program_id = program_id;
        changed.push("programId");
    }
    Ok(())
}

async fn names_old_program(txn: &DatabaseTransaction, current: &project::Model) -> Result<bool> {
    let Some(program_id) = current.program_id else {
        return Ok(false);
    };
    let found = commitment::Entity::find()
        .filter(commitment::Column::ProjectId.eq(current.id))
        .filter(commitment::Column::ProgramId.eq(program_id))
        .filter(
            commitment::Column::Status.ne(crate::domain::commitment::CommitmentStatus::Cancelled),
        )
        .one(txn)
        .await?;
    Ok(found.is_some())
}

/// Refuses a change of cost, contribution or program that the commitments already held would
/// break (`OVERFUNDED`, `COFINANCING_CAP_EXCEEDED`).
async fn check_money_rules(
    txn: &DatabaseTransaction,
    current: &project::Model,
    next: &project::Model,
) -> Result<()> {
    let (mut state, _) = plan_of(txn, current).await?;
    state.total_cost = next.total_cost;
    state.own_contribution = next.own_contribution;
    state.check().map_err(|code| {
        let field = if next.total_cost < current.total_cost {
            "totalCost"
        } else {
            "ownContribution"
        };
        UserError::new(
            code,
            &["input", field],
            "the commitments already held would no longer fit",
        )
        .into()
    })
}

/// Updates a project's fields; `expectedVersion` guards against lost updates.
pub async fn update_project(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    fields: ProjectFields,
) -> Result<project::Model> {
    viewer.require_authenticated()?;
    let txn = write::begin(&services.db).await?;
    let current = write::locked(project::Entity::find_by_id(id), &txn)
        .one(&txn)
        .await?
        .ok_or_else(|| not_found("id", "project"))?;
    let editable = matches!(
        current.status,
        ProjectStatus::Draft | ProjectStatus::InPreparation
    );
    viewer.may_edit_project(current.carrier_id, current.center_id, editable)?;
    write::check_version(expected_version, current.version)?;
    let (mut row, changed) = apply(&txn, &current, &fields, false).await?;
    if changed.is_empty() {
        txn.commit().await?;
        return Ok(current);
    }
    row.version = Set(current.version + 1);
    row.updated_at = Set(crate::service::now());
    let updated = row.update(&txn).await?;
    audit::record(&txn, viewer, "update_project", "Project", id, &changed).await?;
    txn.commit().await?;
    services
        .events
        .publish(ChangeKind::Updated, Entity::Project, id);
    Ok(updated)
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
    let txn = write::begin(&services.db).await?;
    let current = write::locked(project::Entity::find_by_id(id), &txn)
        .one(&txn)
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
        let (_, secured) = plan_of(&txn, &current).await?;
        if !workflow::funding_is_complete(current.total_cost, current.own_contribution, secured) {
            return Err(UserError::new(
                ErrorCode::FundingIncomplete,
                &["input", "to"],
                "the own contribution and the confirmed commitments do not cover the total cost yet",
            )
            .into());
        }
    }
    let from = current.status;
    let mut row: project::ActiveModel = current.clone().into();
    row.status = Set(to);
    row.version = Set(current.version + 1);
    row.updated_at = Set(crate::service::now());
    let updated = row.update(&txn).await?;
    record_status(&txn, viewer, id, Some(from), to, note).await?;
    audit::record(
        &txn,
        viewer,
        "transition_project",
        "Project",
        id,
        &["status"],
    )
    .await?;
    txn.commit().await?;
    services
        .events
        .publish(ChangeKind::StatusChanged, Entity::Project, id);
    Ok(updated)
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
