//! The audit trail: who changed what, written in the same transaction as the change.

use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::auth::viewer::Viewer;
use crate::entity::audit_event;
use crate::error::Result;

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
