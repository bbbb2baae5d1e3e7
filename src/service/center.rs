//! Centers: listed by name, created and updated by admins through the write pipeline.

use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, Set,
};

use crate::auth::viewer::Viewer;
use crate::domain::input::{self, NAME_MAX, Problems, optional_text, text};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{center, partner};
use crate::error::{AppError, Result};
use crate::service::events::Entity;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::read::{ListRead, Read};
use crate::service::write::{self, Begun, Services, Write};

/// Centers are listed by name.
const BY_NAME: SortKey<center::Entity> = SortKey {
    name: "name",
    column: Some(center::Column::Name),
    nulls_as: None,
    id: center::Column::Id,
    descending: false,
    value_of: |center| SortValue::Text(center.name.clone()),
};

pub async fn list_centers(
    db: &DatabaseConnection,
    request: &PageRequest,
) -> Result<Page<center::Model>> {
    page::fetch(db, center::Entity::find(), &BY_NAME, request).await
}

/// The read planner's page of centers: the same rows, order and cursors as [`list_centers`].
pub fn planned_centers(request: &PageRequest, count: bool, read: Read) -> Result<ListRead> {
    ListRead::new(center::Entity::find(), &BY_NAME, request, count, read)
}

/// What creating a center takes, as received.
#[derive(Clone, Debug, Default)]
pub struct CenterInput {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub city: Option<String>,
    pub region: Option<Option<String>>,
    pub opened_on: Option<Option<chrono::NaiveDate>>,
    pub managed_by_id: Option<Option<i64>>,
}

const CREATE_CENTER: &str = "createCenter";
const SLUG_TAKEN: &str = "a center already has this slug";

/// Creates a center (ADMIN only).
pub async fn create_center(
    services: &Services,
    viewer: &Viewer,
    input: CenterInput,
    idempotency_key: Option<&str>,
) -> Result<center::Model> {
    viewer.may_manage_centers("create centers")?;
    let outcome = try_create_center(services, viewer, &input, idempotency_key).await;
    write::or_replayed::<center::Entity>(
        outcome,
        &services.db,
        viewer,
        CREATE_CENTER,
        idempotency_key,
    )
    .await
}

async fn try_create_center(
    services: &Services,
    viewer: &Viewer,
    input: &CenterInput,
    key: Option<&str>,
) -> Result<center::Model> {
    let mut write =
        match Write::create::<center::Entity>(services, viewer, CREATE_CENTER, key).await? {
            Begun::Replayed(existing) => return Ok(existing),
            Begun::Fresh(write) => write,
        };
    let row = checked_row(write.txn(), input).await?;
    let fields = given_fields(&row);
    let created = write
        .insert(Entity::Center, "create_center", row, &fields)
        .await
        .map_err(|err| err.or_duplicate(&["input", "slug"], SLUG_TAKEN))?;
    write.commit().await?;
    Ok(created)
}

/// The new center's row with every field checked (every error at once), then DUPLICATE for a
/// slug another center has.
async fn checked_row(
    txn: &DatabaseTransaction,
    input: &CenterInput,
) -> Result<center::ActiveModel> {
    let mut problems = Problems::default();
    let required = |value: &Option<String>, field: &str| {
        text(
            value.as_deref().unwrap_or_default(),
            &["input", field],
            NAME_MAX,
        )
    };
    let name = problems.take(required(&input.name, "name"));
    let slug = problems.take(input::slug(
        input.slug.as_deref().unwrap_or_default(),
        &["input", "slug"],
    ));
    let city = problems.take(required(&input.city, "city"));
    let region = problems.take(optional_text(
        input.region.clone().flatten().as_deref(),
        &["input", "region"],
        NAME_MAX,
    ));
    let managed_by = input.managed_by_id.flatten();
    check_manager(txn, managed_by, &mut problems).await?;
    problems.finish().map_err(AppError::User)?;
    let (Some(name), Some(slug), Some(city), Some(region)) = (name, slug, city, region) else {
        return Err(AppError::bad_input("invalid center"));
    };
    check_slug(txn, &slug).await?;
    Ok(center::ActiveModel {
        name: Set(name),
        slug: Set(slug),
        city: Set(city),
        region: Set(region),
        opened_on: Set(input.opened_on.flatten()),
        managed_by_id: Set(managed_by),
        ..Default::default()
    })
}

/// DUPLICATE when a center already has `slug` (the unique index is the backstop).
async fn check_slug(txn: &DatabaseTransaction, slug: &str) -> Result<()> {
    let taken = center::Entity::find()
        .filter(center::Column::Slug.eq(slug))
        .one(txn)
        .await?;
    if taken.is_some() {
        return Err(UserError::new(ErrorCode::Duplicate, &["input", "slug"], SLUG_TAKEN).into());
    }
    Ok(())
}

/// The names of the fields a new center sets.
fn given_fields(row: &center::ActiveModel) -> Vec<&'static str> {
    let optional = [
        ("region", matches!(row.region.try_as_ref(), Some(Some(_)))),
        (
            "openedOn",
            matches!(row.opened_on.try_as_ref(), Some(Some(_))),
        ),
        (
            "managedById",
            matches!(row.managed_by_id.try_as_ref(), Some(Some(_))),
        ),
    ];
    let mut fields = vec!["name", "slug", "city"];
    fields.extend(
        optional
            .iter()
            .filter(|(_, set)| *set)
            .map(|(name, _)| *name),
    );
    fields
}

/// NOT_FOUND on `managedById` for a partner that does not exist, among the input's problems.
async fn check_manager(
    txn: &DatabaseTransaction,
    managed_by: Option<i64>,
    problems: &mut Problems,
) -> Result<()> {
    if let Some(partner_id) = managed_by
        && partner::Entity::find_by_id(partner_id)
            .one(txn)
            .await?
            .is_none()
    {
        problems.push(not_found("managedById", "no such partner"));
    }
    Ok(())
}

fn not_found(field: &str, message: &str) -> UserError {
    UserError::new(ErrorCode::NotFound, &["input", field], message)
}

/// Updates a center (ADMIN only): only the fields given change; `expectedVersion` guards it.
pub async fn update_center(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    input: CenterInput,
) -> Result<center::Model> {
    viewer.may_manage_centers("update centers")?;
    let write = Write::begin(services, viewer).await?;
    let current = write
        .lock(center::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| not_found("id", "no such center"))?;
    write::check_version(expected_version, current.version)?;
    let mut row: center::ActiveModel = current.clone().into();
    let changed = assign(write.txn(), &mut row, &input).await?;
    write
        .commit_update(Entity::Center, "update_center", row, current, &changed)
        .await
}

/// Checks the fields an update gives (the slug never changes) and sets them on `row`; returns
/// the names of the fields set, or every error of the input at once.
async fn assign(
    txn: &DatabaseTransaction,
    row: &mut center::ActiveModel,
    input: &CenterInput,
) -> Result<Vec<&'static str>> {
    let mut problems = Problems::default();
    let mut changed = Vec::new();
    if let Some(name) = &input.name
        && let Some(name) = problems.take(text(name, &["input", "name"], NAME_MAX))
    {
        row.name = Set(name);
        changed.push("name");
    }
    if let Some(city) = &input.city
        && let Some(city) = problems.take(text(city, &["input", "city"], NAME_MAX))
    {
        row.city = Set(city);
        changed.push("city");
    }
    if let Some(region) = &input.region
        && let Some(region) = problems.take(optional_text(
            region.as_deref(),
            &["input", "region"],
            NAME_MAX,
        ))
    {
        row.region = Set(region);
        changed.push("region");
    }
    if let Some(opened_on) = input.opened_on {
        row.opened_on = Set(opened_on);
        changed.push("openedOn");
    }
    if let Some(managed_by) = input.managed_by_id {
        check_manager(txn, managed_by, &mut problems).await?;
        row.managed_by_id = Set(managed_by);
        changed.push("managedById");
    }
    problems.finish().map_err(AppError::User)?;
    Ok(changed)
}
