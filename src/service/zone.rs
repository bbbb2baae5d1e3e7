//! Zones: the neighbourhoods of a center, listed by name and created by the center's staff
//! through the write pipeline.

use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, Set,
};

use crate::auth::viewer::Viewer;
use crate::domain::input::{NAME_MAX, Problems, optional_text, text};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::domain::zone::VulnerabilityLevel;
use crate::entity::{center, zone};
use crate::error::{AppError, Result};
use crate::service::events::Entity;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::read::{ListRead, Read};
use crate::service::write::{self, Begun, Services, Write};

const BY_NAME: SortKey<zone::Entity> = SortKey {
    name: "name",
    column: Some(zone::Column::Name),
    nulls_as: None,
    id: zone::Column::Id,
    descending: false,
    value_of: |zone| SortValue::Text(zone.name.clone()),
};

/// The zones of one center, or of every center when `center_id` is `None`.
pub async fn list_zones(
    db: &DatabaseConnection,
    center_id: Option<i64>,
    request: &PageRequest,
) -> Result<Page<zone::Model>> {
    let mut select = zone::Entity::find();
    if let Some(center_id) = center_id {
        select = select.filter(zone::Column::CenterId.eq(center_id));
    }
    page::fetch(db, select, &BY_NAME, request).await
}

/// A page of zones for each of `centers`, in one statement.
pub async fn zones_of_centers(
    db: &DatabaseConnection,
    centers: &[i64],
    request: &PageRequest,
) -> Result<std::collections::HashMap<i64, Page<zone::Model>>> {
    page::fetch_children(
        db,
        zone::Entity::find(),
        zone::Column::CenterId,
        centers,
        &BY_NAME,
        request,
    )
    .await
}

/// Links to `read` the page `request` of the zones of each of its rows (centers), as
/// [`zones_of_centers`] reads it.
pub fn plan_zones_of(
    read: &mut Read,
    request: &PageRequest,
    count: bool,
    child: Read,
) -> Result<usize> {
    let list = ListRead::new(zone::Entity::find(), &BY_NAME, request, count, child)?;
    Ok(read.many(zone::Column::CenterId, list))
}

/// What creating a zone takes, as received.
#[derive(Clone, Debug)]
pub struct ZoneInput {
    pub center_id: i64,
    pub name: String,
    pub commune: Option<String>,
    pub vulnerability: Option<VulnerabilityLevel>,
}

const CREATE_ZONE: &str = "createZone";

/// Creates a zone of a center (ADMIN, or STAFF of that center); its name is unique within the
/// center, so that reports by zone never merge two neighbourhoods.
pub async fn create_zone(
    services: &Services,
    viewer: &Viewer,
    input: ZoneInput,
    idempotency_key: Option<&str>,
) -> Result<zone::Model> {
    viewer.may_manage_center(input.center_id, "create zones in this center")?;
    let outcome = try_create_zone(services, viewer, &input, idempotency_key).await;
    write::or_replayed::<zone::Entity>(outcome, &services.db, viewer, CREATE_ZONE, idempotency_key)
        .await
}

async fn try_create_zone(
    services: &Services,
    viewer: &Viewer,
    input: &ZoneInput,
    key: Option<&str>,
) -> Result<zone::Model> {
    let mut write = match Write::create::<zone::Entity>(services, viewer, CREATE_ZONE, key).await? {
        Begun::Replayed(existing) => return Ok(existing),
        Begun::Fresh(write) => write,
    };
    let row = checked_row(write.txn(), input).await?;
    let fields = given_fields(&row);
    let created = write
        .insert(Entity::Zone, "create_zone", row, &fields)
        .await
        .map_err(|err| err.or_duplicate(&["input", "name"], DUPLICATE_NAME))?;
    write.commit().await?;
    Ok(created)
}

/// The names of the fields a new zone sets.
fn given_fields(row: &zone::ActiveModel) -> Vec<&'static str> {
    let mut fields = vec!["centerId", "name"];
    if matches!(row.commune.try_as_ref(), Some(Some(_))) {
        fields.push("commune");
    }
    if matches!(row.vulnerability.try_as_ref(), Some(Some(_))) {
        fields.push("vulnerability");
    }
    fields
}

const DUPLICATE_NAME: &str = "the center already has a zone with this name";

/// The new zone's row: name and commune checked and NOT_FOUND for an unknown center, every
/// error at once; then DUPLICATE for a name the center already has.
async fn checked_row(txn: &DatabaseTransaction, input: &ZoneInput) -> Result<zone::ActiveModel> {
    let mut problems = Problems::default();
    let name = problems.take(text(&input.name, &["input", "name"], NAME_MAX));
    let commune = problems.take(optional_text(
        input.commune.as_deref(),
        &["input", "commune"],
        NAME_MAX,
    ));
    if center::Entity::find_by_id(input.center_id)
        .one(txn)
        .await?
        .is_none()
    {
        let field = ["input", "centerId"];
        problems.push(UserError::new(
            ErrorCode::NotFound,
            &field,
            "no such center",
        ));
    }
    problems.finish().map_err(AppError::User)?;
    let (Some(name), Some(commune)) = (name, commune) else {
        return Err(AppError::bad_input("invalid zone"));
    };
    let taken = zone::Entity::find()
        .filter(zone::Column::CenterId.eq(input.center_id))
        .filter(zone::Column::Name.eq(name.clone()))
        .one(txn)
        .await?;
    if taken.is_some() {
        let field = ["input", "name"];
        return Err(UserError::new(ErrorCode::Duplicate, &field, DUPLICATE_NAME).into());
    }
    Ok(zone::ActiveModel {
        center_id: Set(input.center_id),
        name: Set(name),
        commune: Set(commune),
        vulnerability: Set(input.vulnerability),
        ..Default::default()
    })
}
