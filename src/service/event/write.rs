//! Creating and updating events (ADMIN, or STAFF of the event's center), through the write
//! pipeline: a title, a kind, a start and an end not before it; and a start never moved into the
//! future while a participant is recorded as ATTENDED or ABSENT (`EVENT_NOT_STARTED`).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::auth::viewer::Viewer;
use crate::domain::event::{Attendance, EventKind, check_span};
use crate::domain::input::{NAME_MAX, Problems, TEXT_MAX, optional_text, text};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{center, event, event_participant};
use crate::error::{AppError, Result};
use crate::service::events::Entity;
use crate::service::write::{self, Begun, Services, Write};

/// What an event states, as received: on a create every required field is `Some`; on an update
/// `None` leaves a field as it is and `Some(None)` clears an optional one.
#[derive(Clone, Debug, Default)]
pub struct EventFields {
    pub title: Option<String>,
    pub kind: Option<EventKind>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<Option<DateTime<Utc>>>,
    pub location: Option<Option<String>>,
    pub description: Option<Option<String>>,
}

const CREATE_EVENT: &str = "createEvent";

/// Creates an event of a center.
pub async fn create_event(
    services: &Services,
    viewer: &Viewer,
    center_id: i64,
    fields: EventFields,
    idempotency_key: Option<&str>,
) -> Result<event::Model> {
    viewer.may_manage_center(center_id, "create events in this center")?;
    let outcome = try_create(services, viewer, center_id, &fields, idempotency_key).await;
    write::or_replayed::<event::Entity>(
        outcome,
        &services.db,
        viewer,
        CREATE_EVENT,
        idempotency_key,
    )
    .await
}

async fn try_create(
    services: &Services,
    viewer: &Viewer,
    center_id: i64,
    fields: &EventFields,
    key: Option<&str>,
) -> Result<event::Model> {
    let mut write =
        match Write::create::<event::Entity>(services, viewer, CREATE_EVENT, key).await? {
            Begun::Replayed(existing) => return Ok(existing),
            Begun::Fresh(write) => write,
        };
    let mut problems = Problems::default();
    if center::Entity::find_by_id(center_id)
        .one(write.txn())
        .await?
        .is_none()
    {
        problems.push(UserError::new(
            ErrorCode::NotFound,
            &["input", "centerId"],
            "no such center",
        ));
    }
    for (given, field) in [
        (fields.title.is_some(), "title"),
        (fields.kind.is_some(), "kind"),
        (fields.starts_at.is_some(), "startsAt"),
    ] {
        if !given {
            problems.push(UserError::new(
                ErrorCode::Required,
                &["input", field],
                "required",
            ));
        }
    }
    let mut row = event::ActiveModel {
        center_id: Set(center_id),
        ..Default::default()
    };
    let mut changed = assign(&mut row, fields, problems)?;
    changed.insert(0, "centerId");
    let created = write
        .insert(Entity::Event, "create_event", row, &changed)
        .await?;
    write.commit().await?;
    Ok(created)
}

/// Updates an event; only the fields given change, `expectedVersion` guards it.
pub async fn update_event(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    fields: EventFields,
) -> Result<event::Model> {
    viewer.require_authenticated()?;
    let write = Write::begin(services, viewer).await?;
    let current = write
        .lock(event::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| UserError::new(ErrorCode::NotFound, &["input", "id"], "no such event"))?;
    viewer.may_manage_center(current.center_id, "update this center's events")?;
    write::check_version(expected_version, current.version)?;
    let mut row: event::ActiveModel = current.clone().into();
    let changed = assign(&mut row, &fields, Problems::default())?;
    if let Some(starts_at) = fields.starts_at
        && starts_at > crate::service::now()
    {
        refuse_future_start_with_outcomes(&write, id).await?;
    }
    write
        .commit_update(Entity::Event, "update_event", row, current, &changed)
        .await
}

/// `EVENT_NOT_STARTED` when the event already says who attended or was absent: those records
/// would then describe a meeting that has not happened.
async fn refuse_future_start_with_outcomes(write: &Write<'_>, id: i64) -> Result<()> {
    let outcomes = event_participant::Entity::find()
        .filter(event_participant::Column::EventId.eq(id))
        .filter(
            event_participant::Column::Attendance.is_in([Attendance::Attended, Attendance::Absent]),
        )
        .count(write.txn())
        .await?;
    if outcomes > 0 {
        return Err(UserError::new(
            ErrorCode::EventNotStarted,
            &["input", "startsAt"],
            "participants are recorded as ATTENDED or ABSENT: the event cannot start in the future",
        )
        .into());
    }
    Ok(())
}

/// Checks the given fields and sets them on `row`; the names of the fields set, or every error.
fn assign(
    row: &mut event::ActiveModel,
    fields: &EventFields,
    mut problems: Problems,
) -> Result<Vec<&'static str>> {
    let mut changed = Vec::new();
    if let Some(title) = &fields.title
        && let Some(title) = problems.take(text(title, &["input", "title"], NAME_MAX))
    {
        row.title = Set(title);
        changed.push("title");
    }
    if let Some(kind) = fields.kind {
        row.kind = Set(kind);
        changed.push("kind");
    }
    if let Some(starts_at) = fields.starts_at {
        row.starts_at = Set(starts_at);
        changed.push("startsAt");
    }
    if let Some(ends_at) = fields.ends_at {
        row.ends_at = Set(ends_at);
        changed.push("endsAt");
    }
    let texts = [
        (&fields.location, "location", NAME_MAX),
        (&fields.description, "description", TEXT_MAX),
    ];
    for (value, field, max) in texts {
        let Some(value) = value else { continue };
        if let Some(value) = problems.take(optional_text(value.as_deref(), &["input", field], max))
        {
            match field {
                "location" => row.location = Set(value),
                _ => row.description = Set(value),
            }
            changed.push(field);
        }
    }
    if let (Some(starts_at), Some(ends_at)) = (row.starts_at.try_as_ref(), row.ends_at.try_as_ref())
    {
        problems.take(check_span(*starts_at, *ends_at, &["input", "endsAt"]));
    }
    problems.finish().map_err(AppError::User)?;
    Ok(changed)
}
