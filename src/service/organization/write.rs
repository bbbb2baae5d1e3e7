//! Creating associations and cooperatives (ADMIN, or STAFF of their center) and updating them
//! (also their own accounts) through the write pipeline (idempotent creates, versioned updates,
//! audit rows): a unique registration number, a zone of the same center, and the set of
//! sectors replaced as a whole.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use crate::auth::viewer::Viewer;
use crate::domain::contact::ContactChange;
use crate::domain::input::Problems;
use crate::domain::organization::{OrganizationKind, OrganizationStatus, Sector};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{center, organization, organization_sector};
use crate::error::{AppError, Result};
use crate::service::events::{ChangeKind, Entity};
use crate::service::organization::fields::assign;
use crate::service::write::{self, Begun, Services, Write};

/// What creating or updating an organization takes, as received: `None` leaves a field as it
/// is, `Some(None)` clears an optional one.
#[derive(Clone, Debug, Default)]
pub struct OrganizationInput {
    pub name: Option<String>,
    pub acronym: Option<Option<String>>,
    pub registration_number: Option<Option<String>>,
    pub founded_on: Option<Option<NaiveDate>>,
    pub status: Option<OrganizationStatus>,
    pub sectors: Option<Vec<Sector>>,
    pub members_count: Option<Option<i32>>,
    pub network_member_since: Option<Option<NaiveDate>>,
    pub zone_id: Option<Option<i64>>,
    pub contact: ContactChange,
    /// Cooperatives only: what they produce or sell.
    pub activity: Option<Option<String>>,
}

/// Who a new organization is: its kind and the center accompanying it.
#[derive(Clone, Copy, Debug)]
pub struct NewOrganization {
    pub kind: OrganizationKind,
    pub center_id: i64,
}

impl NewOrganization {
    /// The idempotency operation and audit action of the create.
    fn operation(self) -> (&'static str, &'static str) {
        match self.kind {
            OrganizationKind::Association => ("createAssociation", "create_association"),
            OrganizationKind::Cooperative => ("createCooperative", "create_cooperative"),
        }
    }
}

/// Creates an association or a cooperative, ACTIVE (ADMIN, or STAFF of its center).
pub async fn create_organization(
    services: &Services,
    viewer: &Viewer,
    new: NewOrganization,
    input: OrganizationInput,
    idempotency_key: Option<&str>,
) -> Result<organization::Model> {
    viewer.may_manage_center(new.center_id, "create organizations in this center")?;
    let outcome = try_create(services, viewer, new, &input, idempotency_key).await;
    let (operation, _) = new.operation();
    write::or_replayed::<organization::Entity>(
        outcome,
        &services.db,
        viewer,
        operation,
        idempotency_key,
    )
    .await
}

async fn try_create(
    services: &Services,
    viewer: &Viewer,
    new: NewOrganization,
    input: &OrganizationInput,
    key: Option<&str>,
) -> Result<organization::Model> {
    let (operation, action) = new.operation();
    let mut write =
        match Write::create::<organization::Entity>(services, viewer, operation, key).await? {
            Begun::Replayed(existing) => return Ok(existing),
            Begun::Fresh(write) => write,
        };
    let mut row = new_row(new);
    let required = OrganizationInput {
        name: Some(input.name.clone().unwrap_or_default()),
        ..input.clone()
    };
    let problems = center_problems(write.txn(), new.center_id).await?;
    let mut fields = assign(write.txn(), &mut row, &required, problems).await?;
    check_registration(write.txn(), &row, None).await?;
    fields.insert(0, "centerId");
    let created = write
        .insert(Entity::Organization, action, row, &fields)
        .await
        .map_err(registration_taken)?;
    if let Some(sectors) = &input.sectors {
        replace_sectors(write.txn(), created.id, sectors).await?;
    }
    write.commit().await?;
    Ok(created)
}

/// The row a create starts from; `assign` sets the fields of the input on it.
fn new_row(new: NewOrganization) -> organization::ActiveModel {
    organization::ActiveModel {
        kind: Set(new.kind),
        center_id: Set(new.center_id),
        status: Set(OrganizationStatus::Active),
        ..Default::default()
    }
}

/// NOT_FOUND on `centerId` for a center that does not exist, among the input's problems.
async fn center_problems(txn: &DatabaseTransaction, center_id: i64) -> Result<Problems> {
    let mut problems = Problems::default();
    if center::Entity::find_by_id(center_id)
        .one(txn)
        .await?
        .is_none()
    {
        problems.push(UserError::new(
            ErrorCode::NotFound,
            &["input", "centerId"],
            "no such center",
        ));
    }
    Ok(problems)
}

/// Updates an organization (ADMIN, STAFF of its center, or its own accounts): only the fields
/// given change, `sectors` replaces the whole set; `expectedVersion` guards it.
pub async fn update_organization(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    input: OrganizationInput,
) -> Result<organization::Model> {
    viewer.require_authenticated()?;
    let mut write = Write::begin(services, viewer).await?;
    let current = locked_for(&write, id).await?;
    write::check_version(expected_version, current.version)?;
    let mut row: organization::ActiveModel = current.clone().into();
    let changed = assign(write.txn(), &mut row, &input, Problems::default()).await?;
    if changed.is_empty() {
        write.commit().await?;
        return Ok(current);
    }
    check_registration(write.txn(), &row, Some(id)).await?;
    let updated = write
        .update(
            Entity::Organization,
            "update_organization",
            ChangeKind::Updated,
            row,
            &changed,
        )
        .await
        .map_err(registration_taken)?;
    if let Some(sectors) = &input.sectors {
        replace_sectors(write.txn(), id, sectors).await?;
    }
    write.commit().await?;
    Ok(updated)
}

/// The organization, locked, if it exists (NOT_FOUND) and the viewer may update it.
async fn locked_for(write: &Write<'_>, id: i64) -> Result<organization::Model> {
    let current = write
        .lock(organization::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| {
            UserError::new(
                ErrorCode::NotFound,
                &["input", "id"],
                "no such organization",
            )
        })?;
    write
        .viewer()
        .may_update_organization(current.id, current.center_id)?;
    Ok(current)
}

const REGISTRATION_TAKEN: &str = "another organization has this registration number";

/// DUPLICATE when another organization than `except` has the row's registration number.
async fn check_registration(
    txn: &DatabaseTransaction,
    row: &organization::ActiveModel,
    except: Option<i64>,
) -> Result<()> {
    let Some(Some(number)) = row.registration_number.try_as_ref() else {
        return Ok(());
    };
    let mut select = organization::Entity::find()
        .filter(organization::Column::RegistrationNumber.eq(number.clone()));
    if let Some(id) = except {
        select = select.filter(organization::Column::Id.ne(id));
    }
    if select.one(txn).await?.is_some() {
        return Err(registration_error());
    }
    Ok(())
}

fn registration_error() -> AppError {
    UserError::new(
        ErrorCode::Duplicate,
        &["input", "registrationNumber"],
        REGISTRATION_TAKEN,
    )
    .into()
}

/// The unique index as the backstop of [`check_registration`] under concurrent writes.
fn registration_taken(err: AppError) -> AppError {
    err.or_duplicate(&["input", "registrationNumber"], REGISTRATION_TAKEN)
}

/// Makes `sectors` the organization's whole set of sectors (duplicates ignored).
async fn replace_sectors(
    txn: &DatabaseTransaction,
    organization_id: i64,
    sectors: &[Sector],
) -> Result<()> {
    organization_sector::Entity::delete_many()
        .filter(organization_sector::Column::OrganizationId.eq(organization_id))
        .exec(txn)
        .await?;
    let set: BTreeSet<Sector> = sectors.iter().copied().collect();
    if set.is_empty() {
        return Ok(());
    }
    let now = crate::service::now();
    let rows = set
        .into_iter()
        .map(|sector| organization_sector::ActiveModel {
            organization_id: Set(organization_id),
            sector: Set(sector),
            created_at: Set(now),
            updated_at: Set(now),
        });
    organization_sector::Entity::insert_many(rows)
        .exec(txn)
        .await?;
    Ok(())
}
