//! Taking a participant entered by mistake off an event's list, by whoever may add one (ADMIN,
//! or STAFF of the event's center). The event moves one version on, stamped now, as when a
//! participant is added, so that `updatedSince`, `expectedVersion` and `eventChanged` see it.

use sea_orm::EntityTrait;

use crate::auth::viewer::Viewer;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{event, event_participant};
use crate::error::Result;
use crate::service::event::participant::{lock_event, touch_event};
use crate::service::events::{Entity, Scope};
use crate::service::write::{self, Services, Write};

fn no_such_participant() -> UserError {
    UserError::new(ErrorCode::NotFound, &["input", "id"], "no such participant")
}

/// Removes a participant from its event's list; `expectedVersion` (the participant's) guards
/// it. Returns the event as it now stands and the participant as it was.
pub async fn remove_event_participant(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
) -> Result<(event::Model, event_participant::Model)> {
    viewer.require_authenticated()?;
    let mut write = Write::begin(services, viewer).await?;
    let found = event_participant::Entity::find_by_id(id)
        .one(write.txn())
        .await?
        .ok_or_else(no_such_participant)?;
    let event = lock_event(&write, found.event_id, "id").await?;
    let current = write
        .lock(event_participant::Entity::find_by_id(id))
        .await?
        .ok_or_else(no_such_participant)?;
    write::check_version(expected_version, current.version)?;
    let scope = Scope {
        center_id: Some(event.center_id),
        organization_id: current.organization_id,
    };
    write
        .remove(
            Entity::EventParticipant,
            "remove_event_participant",
            current.clone(),
            scope,
        )
        .await?;
    let event = touch_event(&mut write, event).await?;
    write.commit().await?;
    Ok((event, current))
}
