//! Adding participants to an event and recording their attendance (ADMIN, or STAFF of the
//! event's center). A participant appears once per event (`DUPLICATE`, checked under the event's
//! lock and kept by unique indexes); ATTENDED and ABSENT only once the event has started
//! (`EVENT_NOT_STARTED`); a guest has a name.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::auth::viewer::Viewer;
use crate::domain::event::{Attendance, check_attendance};
use crate::domain::input::{NAME_MAX, Problems, optional_text, text};
use crate::domain::search::fold;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{event, event_participant, organization, partner};
use crate::error::{AppError, Result};
use crate::service::events::{ChangeKind, Entity};
use crate::service::write::{self, Begun, Services, Write};

/// Who takes part: exactly one of an organization, a partner, or a named guest who may
/// represent a partner.
#[derive(Clone, Debug)]
pub enum Participant {
    Organization(i64),
    Partner(i64),
    Guest {
        name: String,
        role: Option<String>,
        partner_id: Option<i64>,
    },
}

const ADD_PARTICIPANT: &str = "addEventParticipant";
const ALREADY_THERE: &str = "this participant is already on the event's list";

fn user_error(code: ErrorCode, field: &str, message: &str) -> UserError {
    UserError::new(code, &["input", field], message)
}

/// Adds a participant to an event.
pub async fn add_event_participant(
    services: &Services,
    viewer: &Viewer,
    event_id: i64,
    who: Participant,
    attendance: Attendance,
    idempotency_key: Option<&str>,
) -> Result<event_participant::Model> {
    viewer.require_authenticated()?;
    let outcome = try_add(
        services,
        viewer,
        event_id,
        &who,
        attendance,
        idempotency_key,
    )
    .await;
    write::or_replayed::<event_participant::Entity>(
        outcome,
        &services.db,
        viewer,
        ADD_PARTICIPANT,
        idempotency_key,
    )
    .await
}

async fn try_add(
    services: &Services,
    viewer: &Viewer,
    event_id: i64,
    who: &Participant,
    attendance: Attendance,
    key: Option<&str>,
) -> Result<event_participant::Model> {
    let mut write =
        match Write::create::<event_participant::Entity>(services, viewer, ADD_PARTICIPANT, key)
            .await?
        {
            Begun::Replayed(existing) => return Ok(existing),
            Begun::Fresh(write) => write,
        };
    let event = lock_event(&write, event_id, "eventId").await?;
    let mut problems = Problems::default();
    problems.take(check_attendance(
        attendance,
        event.starts_at,
        crate::service::now(),
        &["input", "attendance"],
    ));
    let mut row = checked_participant(&write, who, &mut problems).await?;
    problems.finish().map_err(AppError::User)?;
    refuse_duplicate(&write, event_id, &row).await?;
    row.event_id = Set(event_id);
    row.attendance = Set(attendance);
    let fields = participant_fields(who);
    let created = write
        .insert(
            Entity::EventParticipant,
            "add_event_participant",
            row,
            &fields,
        )
        .await
        .map_err(|err| err.or_duplicate(&["input"], ALREADY_THERE))?;
    touch_event(&mut write, event).await?;
    write.commit().await?;
    Ok(created)
}

/// The event, locked so that participants of one event are added one at a time, once the
/// caller is known to manage its center.
pub(super) async fn lock_event(write: &Write<'_>, id: i64, field: &str) -> Result<event::Model> {
    let event = write
        .lock(event::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| user_error(ErrorCode::NotFound, field, "no such event"))?;
    write
        .viewer()
        .may_manage_center(event.center_id, "manage this center's events")?;
    Ok(event)
}

/// One more version of the event, stamped now, so that `updatedSince` and `expectedVersion`
/// see that its list of participants changed.
pub(super) async fn touch_event(
    write: &mut Write<'_>,
    event: event::Model,
) -> Result<event::Model> {
    let row: event::ActiveModel = event.into();
    write
        .update(
            Entity::Event,
            "change_event_participants",
            ChangeKind::Updated,
            row,
            &["participants"],
        )
        .await
}

fn participant_fields(who: &Participant) -> Vec<&'static str> {
    let mut fields = vec!["eventId", "attendance"];
    match who {
        Participant::Organization(_) => fields.push("organizationId"),
        Participant::Partner(_) => fields.push("partnerId"),
        Participant::Guest {
            partner_id, role, ..
        } => {
            fields.push("guest.name");
            if role.is_some() {
                fields.push("guest.role");
            }
            if partner_id.is_some() {
                fields.push("guest.partnerId");
            }
        }
    }
    fields
}

/// The participant's row, with NOT_FOUND for an unknown organization or partner and REQUIRED
/// for a guest without a name.
async fn checked_participant(
    write: &Write<'_>,
    who: &Participant,
    problems: &mut Problems,
) -> Result<event_participant::ActiveModel> {
    let mut row = event_participant::ActiveModel {
        organization_id: Set(None),
        partner_id: Set(None),
        guest_name: Set(None),
        guest_role: Set(None),
        ..Default::default()
    };
    match who {
        Participant::Organization(id) => {
            if organization::Entity::find_by_id(*id)
                .one(write.txn())
                .await?
                .is_none()
            {
                problems.push(user_error(
                    ErrorCode::NotFound,
                    "organizationId",
                    "no such organization",
                ));
            }
            row.organization_id = Set(Some(*id));
        }
        Participant::Partner(id) => {
            check_partner(write, *id, "partnerId", problems).await?;
            row.partner_id = Set(Some(*id));
        }
        Participant::Guest {
            name,
            role,
            partner_id,
        } => {
            let name = problems.take(text(name, &["input", "guest", "name"], NAME_MAX));
            let role = problems.take(optional_text(
                role.as_deref(),
                &["input", "guest", "role"],
                NAME_MAX,
            ));
            if let Some(id) = partner_id {
                check_partner(write, *id, "guest.partnerId", problems).await?;
            }
            row.guest_name = Set(name);
            row.guest_role = Set(role.flatten());
            row.partner_id = Set(*partner_id);
        }
    }
    Ok(row)
}

async fn check_partner(
    write: &Write<'_>,
    id: i64,
    field: &str,
    problems: &mut Problems,
) -> Result<()> {
    if partner::Entity::find_by_id(id)
        .one(write.txn())
        .await?
        .is_none()
    {
        let path: Vec<&str> = std::iter::once("input").chain(field.split('.')).collect();
        problems.push(UserError::new(
            ErrorCode::NotFound,
            &path,
            "no such partner",
        ));
    }
    Ok(())
}

/// `DUPLICATE` when the organization, the partner, or a guest of the same name (whatever the
/// case and accents) is already on the event's list.
async fn refuse_duplicate(
    write: &Write<'_>,
    event_id: i64,
    row: &event_participant::ActiveModel,
) -> Result<()> {
    let listed = event_participant::Entity::find()
        .filter(event_participant::Column::EventId.eq(event_id))
        .all(write.txn())
        .await?;
    let organization = row.organization_id.try_as_ref().copied().flatten();
    let guest = row.guest_name.try_as_ref().cloned().flatten();
    let partner = row.partner_id.try_as_ref().copied().flatten();
    let taken = listed.iter().any(|other| match (&guest, organization) {
        (Some(name), _) => other.guest_name.as_deref().map(fold) == Some(fold(name)),
        (None, Some(id)) => other.organization_id == Some(id),
        (None, None) => other.guest_name.is_none() && other.partner_id == partner,
    });
    if taken {
        return Err(UserError::new(ErrorCode::Duplicate, &["input"], ALREADY_THERE).into());
    }
    Ok(())
}

/// What may change on a participant: the attendance, and a guest's role.
#[derive(Clone, Debug, Default)]
pub struct ParticipantChanges {
    pub attendance: Option<Attendance>,
    pub guest_role: Option<Option<String>>,
}

/// Records a participant's attendance (or a guest's role); `expectedVersion` guards it.
pub async fn update_event_participant(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    changes: ParticipantChanges,
) -> Result<event_participant::Model> {
    viewer.require_authenticated()?;
    let mut write = Write::begin(services, viewer).await?;
    let found = event_participant::Entity::find_by_id(id)
        .one(write.txn())
        .await?
        .ok_or_else(|| user_error(ErrorCode::NotFound, "id", "no such participant"))?;
    let event = lock_event(&write, found.event_id, "id").await?;
    let current = write
        .lock(event_participant::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| user_error(ErrorCode::NotFound, "id", "no such participant"))?;
    write::check_version(expected_version, current.version)?;
    let mut row: event_participant::ActiveModel = current.clone().into();
    let mut changed = Vec::new();
    let mut problems = Problems::default();
    if let Some(attendance) = changes.attendance {
        problems.take(check_attendance(
            attendance,
            event.starts_at,
            crate::service::now(),
            &["input", "attendance"],
        ));
        if attendance != current.attendance {
            row.attendance = Set(attendance);
            changed.push("attendance");
        }
    }
    if let Some(role) = &changes.guest_role {
        if current.guest_name.is_none() {
            problems.push(UserError::new(
                ErrorCode::Invalid,
                &["input", "guestRole"],
                "only a guest has a role label",
            ));
        } else if let Some(role) = problems.take(optional_text(
            role.as_deref(),
            &["input", "guestRole"],
            NAME_MAX,
        )) {
            row.guest_role = Set(role);
            changed.push("guestRole");
        }
    }
    problems.finish().map_err(AppError::User)?;
    if !changed.is_empty() {
        touch_event(&mut write, event).await?;
    }
    write
        .commit_update(
            Entity::EventParticipant,
            "update_event_participant",
            row,
            current,
            &changed,
        )
        .await
}
