//! The audit trail: who changed what, written in the same transaction as the change, and read
//! back newest first by the admins (all of it) and the staff (their center's part, [`center`]).

mod center;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Select, Set,
};

use crate::auth::viewer::{AuditScope, Viewer};
use crate::entity::audit_event;
use crate::error::Result;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};

/// Records that `viewer` did `action` on `entity_type` `entity_id`, changing `fields`.
pub async fn record(
    txn: &impl ConnectionTrait,
    viewer: &Viewer,
    action: &str,
    entity_type: &str,
    entity_id: i64,
    fields: &[&str],
) -> Result<()> {
    let now = crate::service::now();
    audit_event::ActiveModel {
        actor_user_id: Set(viewer.user_id()),
        action: Set(action.to_owned()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(entity_id),
        changed_fields: Set(serde_json::to_string(fields).unwrap_or_else(|_| "[]".to_owned())),
        request_id: Set(viewer.request_id().map(str::to_owned)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The names of the fields a recorded write changed.
pub fn changed_fields(event: &audit_event::Model) -> Vec<String> {
    serde_json::from_str(&event.changed_fields).unwrap_or_default()
}

/// Newest first; rows of the same instant by id, newest first too.
const NEWEST_FIRST: SortKey<audit_event::Entity> = SortKey {
    name: "newest",
    column: Some(audit_event::Column::CreatedAt),
    nulls_as: None,
    id: audit_event::Column::Id,
    descending: true,
    value_of: |event| SortValue::Time(event.created_at),
};

/// Which audit rows a list holds; every criterion given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The changed entity: its type as recorded ("Project") and its row id.
    pub entity: Option<(String, i64)>,
    pub actor_id: Option<i64>,
    /// The action as recorded, e.g. "update_project".
    pub action: Option<String>,
    /// Rows recorded at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Rows recorded before this instant.
    pub to: Option<DateTime<Utc>>,
}

/// A page of the audit trail, newest first: ADMIN reads all of it, STAFF the rows of their
/// center's entities (decided in the statement, so every page is full); others are refused.
pub async fn list_audit_events(
    db: &DatabaseConnection,
    viewer: &Viewer,
    filter: &AuditFilter,
    request: &PageRequest,
) -> Result<Page<audit_event::Model>> {
    let scope = viewer.may_read_audit()?;
    let select = filtered(visible(scope), filter);
    page::fetch(db, select, &NEWEST_FIRST, request).await
}

/// One audit row, if the viewer may read it (for `node`).
pub async fn find_audit_event(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: i64,
) -> Result<Option<audit_event::Model>> {
    let Ok(scope) = viewer.may_read_audit() else {
        return Ok(None);
    };
    Ok(visible(scope)
        .filter(audit_event::Column::Id.eq(id))
        .one(db)
        .await?)
}

/// The rows `scope` may read.
fn visible(scope: AuditScope) -> Select<audit_event::Entity> {
    let select = audit_event::Entity::find();
    match scope {
        AuditScope::All => select,
        AuditScope::Center(center_id) => select.filter(center::entities_of(center_id)),
    }
}

fn filtered(
    mut select: Select<audit_event::Entity>,
    filter: &AuditFilter,
) -> Select<audit_event::Entity> {
    if let Some((entity_type, entity_id)) = &filter.entity {
        select = select
            .filter(audit_event::Column::EntityType.eq(entity_type.as_str()))
            .filter(audit_event::Column::EntityId.eq(*entity_id));
    }
    if let Some(actor_id) = filter.actor_id {
        select = select.filter(audit_event::Column::ActorUserId.eq(actor_id));
    }
    if let Some(action) = &filter.action {
        select = select.filter(audit_event::Column::Action.eq(action.as_str()));
    }
    if let Some(from) = filter.from {
        select = select.filter(audit_event::Column::CreatedAt.gte(from));
    }
    if let Some(to) = filter.to {
        select = select.filter(audit_event::Column::CreatedAt.lt(to));
    }
    select
}
