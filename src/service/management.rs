//! The management agreements (cahier des charges) by which a partner manages a center (ADMIN
//! writes). At most one is ACTIVE per center: checked under the center's lock in the write's
//! transaction, and kept by a partial unique index should anything slip past. The center's
//! `managed_by_id` follows the active agreement in the same transaction, so that every reader
//! (the read planner included) sees the manager the agreements say.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::Order;
use sea_orm::{
    ActiveEnum, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::auth::viewer::Viewer;
use crate::domain::input::{Problems, date_order};
use crate::domain::management::{AgreementStatus, check_transition, obligations};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{center, management_agreement, partner};
use crate::error::{AppError, Result, is_unique_violation};
use crate::service::events::{ChangeKind, Entity};
use crate::service::read::Read;
use crate::service::write::{self, Begun, Services, Write};

/// Each center's agreements, oldest first.
pub async fn agreements_of_centers(
    db: &DatabaseConnection,
    centers: &[i64],
) -> Result<HashMap<i64, Vec<management_agreement::Model>>> {
    use management_agreement::Column;
    let rows = management_agreement::Entity::find()
        .filter(Column::CenterId.is_in(centers.iter().copied()))
        .order_by_asc(Column::Id)
        .all(db)
        .await?;
    Ok(crate::service::lookup::group_by(rows, |row| row.center_id))
}

/// An agreement's obligations, as stored (a JSON array of strings).
pub fn obligations_of(agreement: &management_agreement::Model) -> Vec<String> {
    obligations_stored(&agreement.obligations)
}

/// The obligations of the stored text of the column, as [`obligations_of`] reads them.
pub fn obligations_stored(stored: &str) -> Vec<String> {
    serde_json::from_str(stored).unwrap_or_default()
}

/// Links to `read` every agreement of each of its rows (centers), oldest first, as
/// [`agreements_of_centers`] reads them.
pub fn plan_agreements(read: &mut Read, child: Read) -> usize {
    use management_agreement::Column;
    read.all::<management_agreement::Entity>(
        Column::CenterId,
        vec![(Column::Id, Order::Asc)],
        child,
    )
}

/// Links to `read` the ACTIVE agreement of each of its rows (centers), the first one by id as
/// `Center.managementAgreement` finds it among [`agreements_of_centers`].
pub fn plan_active_agreement(read: &mut Read, child: Read) -> usize {
    use management_agreement::Column;
    let active = sea_orm::Value::from(AgreementStatus::Active.to_value());
    read.only::<management_agreement::Entity>(
        Column::CenterId,
        vec![(Column::Status, active)],
        child,
    )
}

/// What an agreement states, as received; on an update `None` leaves a field as it is and
/// `Some(None)` clears a date.
#[derive(Clone, Debug, Default)]
pub struct AgreementFields {
    pub signed_on: Option<Option<NaiveDate>>,
    pub starts_on: Option<Option<NaiveDate>>,
    pub ends_on: Option<Option<NaiveDate>>,
    pub obligations: Option<Vec<String>>,
    pub status: Option<AgreementStatus>,
}

const CREATE_AGREEMENT: &str = "createManagementAgreement";
const ALREADY_ACTIVE: &str = "the center already has an ACTIVE management agreement; end it first";

fn already_active() -> AppError {
    UserError::new(
        ErrorCode::AgreementAlreadyActive,
        &["input", "status"],
        ALREADY_ACTIVE,
    )
    .into()
}

/// The unique index's verdict, for a write that slipped past the check.
fn or_already_active(err: AppError) -> AppError {
    match err {
        AppError::Internal(db) if is_unique_violation(&db) => already_active(),
        other => other,
    }
}

/// Creates an agreement between a center and its manager, DRAFT unless said ACTIVE.
pub async fn create_management_agreement(
    services: &Services,
    viewer: &Viewer,
    center_id: i64,
    manager_id: i64,
    fields: AgreementFields,
    idempotency_key: Option<&str>,
) -> Result<management_agreement::Model> {
    viewer.may_manage_centers("make management agreements")?;
    let outcome = try_create(
        services,
        viewer,
        center_id,
        manager_id,
        &fields,
        idempotency_key,
    )
    .await;
    write::or_replayed::<management_agreement::Entity>(
        outcome,
        &services.db,
        viewer,
        CREATE_AGREEMENT,
        idempotency_key,
    )
    .await
}

async fn try_create(
    services: &Services,
    viewer: &Viewer,
    center_id: i64,
    manager_id: i64,
    fields: &AgreementFields,
    key: Option<&str>,
) -> Result<management_agreement::Model> {
    let mut write = match Write::create::<management_agreement::Entity>(
        services,
        viewer,
        CREATE_AGREEMENT,
        key,
    )
    .await?
    {
        Begun::Replayed(existing) => return Ok(existing),
        Begun::Fresh(write) => write,
    };
    let mut problems = Problems::default();
    let center = write.lock(center::Entity::find_by_id(center_id)).await?;
    if center.is_none() {
        problems.push(UserError::new(
            ErrorCode::NotFound,
            &["input", "centerId"],
            "no such center",
        ));
    }
    if partner::Entity::find_by_id(manager_id)
        .one(write.txn())
        .await?
        .is_none()
    {
        problems.push(UserError::new(
            ErrorCode::NotFound,
            &["input", "managerId"],
            "no such partner",
        ));
    }
    let status = fields.status.unwrap_or(AgreementStatus::Draft);
    if status == AgreementStatus::Ended {
        problems.push(UserError::new(
            ErrorCode::InvalidTransition,
            &["input", "status"],
            "an agreement starts DRAFT or ACTIVE",
        ));
    }
    let mut row = management_agreement::ActiveModel {
        center_id: Set(center_id),
        manager_id: Set(manager_id),
        status: Set(status),
        obligations: Set("[]".to_owned()),
        ..Default::default()
    };
    let mut changed = assign(&mut row, fields, problems)?;
    changed.splice(0..0, ["centerId", "managerId", "status"]);
    let Some(center) = center else {
        return Err(AppError::bad_input("no such center"));
    };
    if status == AgreementStatus::Active {
        refuse_second_active(&write, center_id, None).await?;
    }
    let created = write
        .insert(
            Entity::ManagementAgreement,
            "create_management_agreement",
            row,
            &changed,
        )
        .await
        .map_err(or_already_active)?;
    if status == AgreementStatus::Active {
        follow_manager(&mut write, center, Some(manager_id)).await?;
    }
    write.commit().await?;
    Ok(created)
}

/// Updates an agreement: its dates, its obligations, its status (DRAFT → ACTIVE, DRAFT or
/// ACTIVE → ENDED). Activating makes its partner the center's manager; ending the active one
/// leaves the center without one.
pub async fn update_management_agreement(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    fields: AgreementFields,
) -> Result<management_agreement::Model> {
    viewer.may_manage_centers("change management agreements")?;
    let mut write = Write::begin(services, viewer).await?;
    let not_found = || UserError::new(ErrorCode::NotFound, &["input", "id"], "no such agreement");
    let found = management_agreement::Entity::find_by_id(id)
        .one(write.txn())
        .await?
        .ok_or_else(not_found)?;
    let center = write
        .lock(center::Entity::find_by_id(found.center_id))
        .await?
        .ok_or_else(not_found)?;
    let current = write
        .lock(management_agreement::Entity::find_by_id(id))
        .await?
        .ok_or_else(not_found)?;
    write::check_version(expected_version, current.version)?;
    let mut row: management_agreement::ActiveModel = current.clone().into();
    let mut problems = Problems::default();
    let moved = fields.status.filter(|status| *status != current.status);
    if let Some(to) = moved {
        problems.take(check_transition(current.status, to));
    }
    let mut changed = assign(&mut row, &fields, problems)?;
    if let Some(to) = moved {
        row.status = Set(to);
        changed.push("status");
        if to == AgreementStatus::Active {
            refuse_second_active(&write, current.center_id, Some(id)).await?;
        }
    }
    if changed.is_empty() {
        write.commit().await?;
        return Ok(current);
    }
    let kind = if moved.is_some() {
        ChangeKind::StatusChanged
    } else {
        ChangeKind::Updated
    };
    let updated = write
        .update(
            Entity::ManagementAgreement,
            "update_management_agreement",
            kind,
            row,
            &changed,
        )
        .await
        .map_err(or_already_active)?;
    match moved {
        Some(AgreementStatus::Active) => {
            follow_manager(&mut write, center, Some(current.manager_id)).await?
        }
        Some(AgreementStatus::Ended) if current.status == AgreementStatus::Active => {
            follow_manager(&mut write, center, None).await?;
        }
        _ => {}
    }
    write.commit().await?;
    Ok(updated)
}

/// `AGREEMENT_ALREADY_ACTIVE` when another agreement of the center is ACTIVE (the center is
/// locked, so two activations take turns and the second sees the first).
async fn refuse_second_active(
    write: &Write<'_>,
    center_id: i64,
    except: Option<i64>,
) -> Result<()> {
    use management_agreement::Column;
    let mut select = management_agreement::Entity::find()
        .filter(Column::CenterId.eq(center_id))
        .filter(Column::Status.eq(AgreementStatus::Active));
    if let Some(id) = except {
        select = select.filter(Column::Id.ne(id));
    }
    if select.one(write.txn()).await?.is_some() {
        return Err(already_active());
    }
    Ok(())
}

/// Sets the center's manager to what the agreements now say, as a change of the center (its
/// version, audit row and change event), unless it already is.
async fn follow_manager(
    write: &mut Write<'_>,
    center: center::Model,
    manager: Option<i64>,
) -> Result<()> {
    if center.managed_by_id == manager {
        return Ok(());
    }
    let mut row: center::ActiveModel = center.into();
    row.managed_by_id = Set(manager);
    write
        .update(
            Entity::Center,
            "follow_management_agreement",
            ChangeKind::Updated,
            row,
            &["managedById"],
        )
        .await?;
    Ok(())
}

/// Checks the given fields and sets them on `row`; the names of the fields set, or every error.
fn assign(
    row: &mut management_agreement::ActiveModel,
    fields: &AgreementFields,
    mut problems: Problems,
) -> Result<Vec<&'static str>> {
    let mut changed = Vec::new();
    let dates = [
        (fields.signed_on, "signedOn"),
        (fields.starts_on, "startsOn"),
        (fields.ends_on, "endsOn"),
    ];
    for (value, field) in dates {
        let Some(value) = value else { continue };
        match field {
            "signedOn" => row.signed_on = Set(value),
            "startsOn" => row.starts_on = Set(value),
            _ => row.ends_on = Set(value),
        }
        changed.push(field);
    }
    let start = row.starts_on.try_as_ref().copied().flatten();
    let end = row.ends_on.try_as_ref().copied().flatten();
    problems.take(date_order(start, end, &["input", "endsOn"]));
    if let Some(items) = &fields.obligations
        && let Some(items) = problems.take(obligations(items))
    {
        let json = serde_json::to_string(&items)
            .map_err(|err| AppError::bad_input(format!("obligations: {err}")))?;
        row.obligations = Set(json);
        changed.push("obligations");
    }
    problems.finish().map_err(AppError::User)?;
    Ok(changed)
}
