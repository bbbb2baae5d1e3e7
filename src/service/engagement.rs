//! A partner's engagement with a center (PROSPECT → INVITED → ENGAGED), so that the companies
//! invited to join can be followed: read per partner or per center, set by the center's staff.

use std::collections::HashMap;

use sea_orm::sea_query::Order;
use sea_orm::{
    ActiveEnum, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::auth::viewer::Viewer;
use crate::domain::event::EngagementStatus;
use crate::domain::input::{Problems, TEXT_MAX, optional_text};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{center, partner, partner_engagement};
use crate::error::{AppError, Result};
use crate::service::events::{ChangeKind, Entity};
use crate::service::read::Read;
use crate::service::write::{self, Services, Write};

/// Each partner's engagements, by center.
pub async fn engagements_of_partners(
    db: &DatabaseConnection,
    partners: &[i64],
) -> Result<HashMap<i64, Vec<partner_engagement::Model>>> {
    use partner_engagement::Column;
    let rows = partner_engagement::Entity::find()
        .filter(Column::PartnerId.is_in(partners.iter().copied()))
        .order_by_asc(Column::CenterId)
        .all(db)
        .await?;
    Ok(crate::service::lookup::group_by(rows, |row| row.partner_id))
}

/// Each center's partners' engagements, by partner.
pub async fn engagements_of_centers(
    db: &DatabaseConnection,
    centers: &[i64],
) -> Result<HashMap<i64, Vec<partner_engagement::Model>>> {
    use partner_engagement::Column;
    let rows = partner_engagement::Entity::find()
        .filter(Column::CenterId.is_in(centers.iter().copied()))
        .order_by_asc(Column::PartnerId)
        .all(db)
        .await?;
    Ok(crate::service::lookup::group_by(rows, |row| row.center_id))
}

/// Links to `read` the engagements of each of its rows (partners) by center, as
/// [`engagements_of_partners`] reads them, only those in `status` when given.
pub fn plan_engagements_of_partners(
    read: &mut Read,
    status: Option<EngagementStatus>,
    child: Read,
) -> usize {
    use partner_engagement::Column;
    read.all_where::<partner_engagement::Entity>(
        Column::PartnerId,
        with_status(status),
        vec![(Column::CenterId, Order::Asc)],
        child,
    )
}

/// Links to `read` the engagements of each of its rows (centers) by partner, as
/// [`engagements_of_centers`] reads them, only those in `status` when given.
pub fn plan_engagements_of_centers(
    read: &mut Read,
    status: Option<EngagementStatus>,
    child: Read,
) -> usize {
    use partner_engagement::Column;
    read.all_where::<partner_engagement::Entity>(
        Column::CenterId,
        with_status(status),
        vec![(Column::PartnerId, Order::Asc)],
        child,
    )
}

fn with_status(
    status: Option<EngagementStatus>,
) -> Vec<(partner_engagement::Column, sea_orm::Value)> {
    status
        .map(|status| {
            let stored = sea_orm::Value::from(status.to_value());
            (partner_engagement::Column::Status, stored)
        })
        .into_iter()
        .collect()
}

/// What setting an engagement takes: `note` `None` leaves it, `Some(None)` clears it.
#[derive(Clone, Debug)]
pub struct EngagementInput {
    pub partner_id: i64,
    pub center_id: i64,
    pub status: EngagementStatus,
    pub note: Option<Option<String>>,
    pub expected_version: Option<i32>,
}

fn not_found(field: &str, message: &str) -> UserError {
    UserError::new(ErrorCode::NotFound, &["input", field], message)
}

/// Sets a partner's engagement with a center (ADMIN, or STAFF of the center): created on first
/// use, then updated; setting what is already there writes nothing, so a retry is harmless.
/// `statusChangedAt` moves only when the status does.
pub async fn set_partner_engagement(
    services: &Services,
    viewer: &Viewer,
    input: EngagementInput,
) -> Result<partner_engagement::Model> {
    viewer.may_manage_center(input.center_id, "follow this center's partners")?;
    let mut write = Write::begin(services, viewer).await?;
    let mut problems = Problems::default();
    let center = write
        .lock(center::Entity::find_by_id(input.center_id))
        .await?;
    if center.is_none() {
        problems.push(not_found("centerId", "no such center"));
    }
    if partner::Entity::find_by_id(input.partner_id)
        .one(write.txn())
        .await?
        .is_none()
    {
        problems.push(not_found("partnerId", "no such partner"));
    }
    let note = match &input.note {
        Some(note) => problems.take(optional_text(note.as_deref(), &["input", "note"], TEXT_MAX)),
        None => None,
    };
    problems.finish().map_err(AppError::User)?;
    let current = partner_engagement::Entity::find()
        .filter(partner_engagement::Column::PartnerId.eq(input.partner_id))
        .filter(partner_engagement::Column::CenterId.eq(input.center_id))
        .one(write.txn())
        .await?;
    let now = crate::service::now();
    let Some(current) = current else {
        let row = partner_engagement::ActiveModel {
            partner_id: Set(input.partner_id),
            center_id: Set(input.center_id),
            status: Set(input.status),
            status_changed_at: Set(now),
            note: Set(note.flatten()),
            ..Default::default()
        };
        let mut fields = vec!["partnerId", "centerId", "status"];
        if input.note.is_some() {
            fields.push("note");
        }
        let created = write
            .insert(
                Entity::PartnerEngagement,
                "set_partner_engagement",
                row,
                &fields,
            )
            .await?;
        write.commit().await?;
        return Ok(created);
    };
    write::check_version(input.expected_version, current.version)?;
    let mut row: partner_engagement::ActiveModel = current.clone().into();
    let mut changed = Vec::new();
    if input.status != current.status {
        row.status = Set(input.status);
        row.status_changed_at = Set(now);
        changed.push("status");
    }
    if let Some(note) = note
        && note != current.note
    {
        row.note = Set(note);
        changed.push("note");
    }
    if changed.is_empty() {
        write.commit().await?;
        return Ok(current);
    }
    let kind = if changed.contains(&"status") {
        ChangeKind::StatusChanged
    } else {
        ChangeKind::Updated
    };
    let updated = write
        .update(
            Entity::PartnerEngagement,
            "set_partner_engagement",
            kind,
            row,
            &changed,
        )
        .await?;
    write.commit().await?;
    Ok(updated)
}
