//! Logging and correcting accompaniment sessions, through the write pipeline: the session's
//! center is its organization's; its project, when given, is one the organization carries; it is
//! led by a staff member of that center, a facilitating partner, or both; its length and its
//! participants are bounded. ADMIN and the center's STAFF write any session of the center, a
//! partner's accounts only the sessions their partner facilitates; whoever may correct a
//! session may remove it.

use chrono::NaiveDate;
use sea_orm::{DatabaseTransaction, EntityTrait, Set};

use crate::auth::viewer::Viewer;
use crate::domain::input::{Problems, TEXT_MAX, optional_text};
use crate::domain::role::Role;
use crate::domain::support_session::{self as rules, SupportKind};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{organization, partner, project, support_session, user};
use crate::error::{AppError, Result};
use crate::service::events::{Entity, Scope};
use crate::service::write::{self, Begun, Services, Write};

/// What logging or correcting a session takes, as received: `None` leaves a field as it is,
/// `Some(None)` clears an optional one.
#[derive(Clone, Debug, Default)]
pub struct SessionInput {
    pub project_id: Option<Option<i64>>,
    pub kind: Option<SupportKind>,
    pub held_on: Option<NaiveDate>,
    pub duration_minutes: Option<i32>,
    pub staff_id: Option<Option<i64>>,
    pub facilitating_partner_id: Option<Option<i64>>,
    pub participants_count: Option<i32>,
    pub outcome: Option<Option<String>>,
    pub notes: Option<Option<String>>,
}

const CREATE_SESSION: &str = "createSupportSession";

/// Logs a session with `organization_id` (ADMIN, STAFF of its center, or the facilitating
/// partner's accounts).
pub async fn create_session(
    services: &Services,
    viewer: &Viewer,
    organization_id: i64,
    input: SessionInput,
    idempotency_key: Option<&str>,
) -> Result<support_session::Model> {
    viewer.require_authenticated()?;
    let outcome = try_create(services, viewer, organization_id, &input, idempotency_key).await;
    write::or_replayed::<support_session::Entity>(
        outcome,
        &services.db,
        viewer,
        CREATE_SESSION,
        idempotency_key,
    )
    .await
}

async fn try_create(
    services: &Services,
    viewer: &Viewer,
    organization_id: i64,
    input: &SessionInput,
    key: Option<&str>,
) -> Result<support_session::Model> {
    let mut write =
        match Write::create::<support_session::Entity>(services, viewer, CREATE_SESSION, key)
            .await?
        {
            Begun::Replayed(existing) => return Ok(existing),
            Begun::Fresh(write) => write,
        };
    let organization = organization::Entity::find_by_id(organization_id)
        .one(write.txn())
        .await?
        .ok_or_else(|| not_found("organizationId", "no such organization"))?;
    viewer.may_log_session(
        organization.center_id,
        input.facilitating_partner_id.flatten(),
    )?;
    let mut row = support_session::ActiveModel {
        center_id: Set(organization.center_id),
        organization_id: Set(organization.id),
        ..Default::default()
    };
    let required = SessionInput {
        kind: input.kind.or(Some(SupportKind::Other)),
        duration_minutes: Some(input.duration_minutes.unwrap_or(0)),
        participants_count: Some(input.participants_count.unwrap_or(1)),
        ..input.clone()
    };
    let mut fields = assign(write.txn(), &mut row, &required).await?;
    fields.insert(0, "organizationId");
    let created = write
        .insert(
            Entity::SupportSession,
            "create_support_session",
            row,
            &fields,
        )
        .await?;
    write.commit().await?;
    Ok(created)
}

/// Corrects a session: only the fields given change; `expectedVersion` guards it. A partner's
/// accounts may neither touch another partner's session nor hand theirs to another partner.
pub async fn update_session(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    input: SessionInput,
) -> Result<support_session::Model> {
    viewer.require_authenticated()?;
    let write = Write::begin(services, viewer).await?;
    let current = write
        .lock(support_session::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| not_found("id", "no such session"))?;
    viewer.may_log_session(current.center_id, current.facilitating_partner_id)?;
    if let Some(partner) = input.facilitating_partner_id {
        viewer.may_log_session(current.center_id, partner)?;
    }
    write::check_version(expected_version, current.version)?;
    let mut row: support_session::ActiveModel = current.clone().into();
    let changed = assign(write.txn(), &mut row, &input).await?;
    write
        .commit_update(
            Entity::SupportSession,
            "update_support_session",
            row,
            current,
            &changed,
        )
        .await
}

/// Removes a session recorded by mistake (twice, or never held), by whoever may correct it;
/// `expectedVersion` guards it. Returns the session as it was.
pub async fn remove_session(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
) -> Result<support_session::Model> {
    viewer.require_authenticated()?;
    let mut write = Write::begin(services, viewer).await?;
    let current = write
        .lock(support_session::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| not_found("id", "no such session"))?;
    viewer.may_log_session(current.center_id, current.facilitating_partner_id)?;
    write::check_version(expected_version, current.version)?;
    let scope = Scope {
        center_id: Some(current.center_id),
        organization_id: Some(current.organization_id),
    };
    write
        .remove(
            Entity::SupportSession,
            "remove_support_session",
            current.clone(),
            scope,
        )
        .await?;
    write.commit().await?;
    Ok(current)
}

fn not_found(field: &str, message: &str) -> UserError {
    UserError::new(ErrorCode::NotFound, &["input", field], message)
}

/// Checks the given fields and sets them on `row`, then the rules across fields (the project's
/// carrier, the staff member's center, someone leading); returns the names of the fields set,
/// or every error of the input at once.
async fn assign(
    txn: &DatabaseTransaction,
    row: &mut support_session::ActiveModel,
    input: &SessionInput,
) -> Result<Vec<&'static str>> {
    let mut problems = Problems::default();
    let mut changed = Vec::new();
    assign_plain(row, input, &mut problems, &mut changed);
    if let Some(project_id) = input.project_id {
        row.project_id = Set(project_id);
        changed.push("projectId");
    }
    if let Some(staff_id) = input.staff_id {
        row.staff_id = Set(staff_id);
        changed.push("staffId");
    }
    if let Some(partner_id) = input.facilitating_partner_id {
        row.facilitating_partner_id = Set(partner_id);
        changed.push("facilitatingPartnerId");
    }
    check_references(txn, row, input, &mut problems).await?;
    problems.finish().map_err(AppError::User)?;
    Ok(changed)
}

/// The fields that need no look-up.
fn assign_plain(
    row: &mut support_session::ActiveModel,
    input: &SessionInput,
    problems: &mut Problems,
    changed: &mut Vec<&'static str>,
) {
    if let Some(kind) = input.kind {
        row.kind = Set(kind);
        changed.push("kind");
    }
    match input.held_on {
        Some(held_on) => {
            row.held_on = Set(held_on);
            changed.push("heldOn");
        }
        None if row.held_on.try_as_ref().is_none() => problems.push(UserError::new(
            ErrorCode::Required,
            &["input", "heldOn"],
            "a session is held on a day",
        )),
        None => {}
    }
    if let Some(minutes) = input.duration_minutes
        && let Some(minutes) = problems.take(rules::duration_minutes(
            minutes,
            &["input", "durationMinutes"],
        ))
    {
        row.duration_minutes = Set(minutes);
        changed.push("durationMinutes");
    }
    if let Some(count) = input.participants_count
        && let Some(count) = problems.take(rules::participants_count(
            count,
            &["input", "participantsCount"],
        ))
    {
        row.participants_count = Set(count);
        changed.push("participantsCount");
    }
    let texts = [
        (&input.outcome, "outcome", &mut row.outcome),
        (&input.notes, "notes", &mut row.notes),
    ];
    for (value, field, column) in texts {
        if let Some(value) = value
            && let Some(value) =
                problems.take(optional_text(value.as_deref(), &["input", field], TEXT_MAX))
        {
            *column = Set(value);
            changed.push(field);
        }
    }
}

/// The project, staff member and partner the row now names exist and fit the session; the
/// session is led by someone. Only references the input gave are looked up.
async fn check_references(
    txn: &DatabaseTransaction,
    row: &support_session::ActiveModel,
    input: &SessionInput,
    problems: &mut Problems,
) -> Result<()> {
    let center_id = *row.center_id.try_as_ref().unwrap_or(&0);
    let organization_id = *row.organization_id.try_as_ref().unwrap_or(&0);
    if let Some(Some(project_id)) = input.project_id {
        match project::Entity::find_by_id(project_id).one(txn).await? {
            None => problems.push(not_found("projectId", "no such project")),
            Some(found) => {
                problems.take(rules::project_of(
                    found.carrier_id,
                    organization_id,
                    &["input", "projectId"],
                ));
            }
        }
    }
    if let Some(Some(staff_id)) = input.staff_id {
        match user::Entity::find_by_id(staff_id).one(txn).await? {
            None => problems.push(not_found("staffId", "no such user")),
            Some(found) if found.role != Role::Staff || found.center_id != Some(center_id) => {
                problems.push(UserError::new(
                    ErrorCode::Invalid,
                    &["input", "staffId"],
                    "the staff member must be a STAFF account of the session's center",
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(Some(partner_id)) = input.facilitating_partner_id
        && partner::Entity::find_by_id(partner_id)
            .one(txn)
            .await?
            .is_none()
    {
        problems.push(not_found("facilitatingPartnerId", "no such partner"));
    }
    let staff = row.staff_id.try_as_ref().copied().flatten();
    let partner = row.facilitating_partner_id.try_as_ref().copied().flatten();
    problems.take(rules::led_by(staff, partner));
    Ok(())
}
