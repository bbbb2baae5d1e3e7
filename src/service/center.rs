//! Centers: reading the list of centers.

use sea_orm::{DatabaseConnection, EntityTrait};

use crate::entity::center;
use crate::error::Result;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};

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

const CREATE_CENTER: &str = "createCenter";

async fn try_create_center(
    services: &Services,
    viewer: &Viewer,
    input: &CenterInput,
    idempotency_key: Option<&str>,
) -> Result<center::Model> {
    let txn = write::begin(&services.db).await?;
    if let Some(existing) =
        write::earlier::<center::Entity>(&txn, viewer, CREATE_CENTER, idempotency_key).await?
    {
        txn.commit().await?;
        return Ok(existing);
    }
    let mut problems = Problems::default();
    let name = problems.take(text(
        input.name.as_deref().unwrap_or_default(),
        &["input", "name"],
        NAME_MAX,
    ));
    let slug = problems.take(input::slug(
        input.slug.as_deref().unwrap_or_default(),
        &["input", "slug"],
    ));
    let city = problems.take(text(
        input.city.as_deref().unwrap_or_default(),
        &["input", "city"],
        NAME_MAX,
    ));
    let region = problems.take(optional_text(
        input.region.clone().flatten().as_deref(),
        &["input", "region"],
        NAME_MAX,
    ));
    let managed_by = input.managed_by_id.flatten();
    if let Some(partner_id) = managed_by
        && partner::Entity::find_by_id(partner_id)
            .one(&txn)
            .await?
            .is_none()
    {
        problems.push(UserError::new(
            ErrorCode::NotFound,
            &["input", "managedById"],
            "no such partner",
        ));
    }
    problems.finish().map_err(AppError::User)?;
    let (Some(name), Some(slug), Some(city), Some(region)) = (name, slug, city, region) else {
        return Err(AppError::bad_input("invalid center"));
    };
    if center::Entity::find()
        .filter(center::Column::Slug.eq(slug.clone()))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(UserError::new(
            ErrorCode::Duplicate,
            &["input", "slug"],
            "a center already has this slug",
        )
        .into());
    }
    let now = crate::service::now();
    let created = center::ActiveModel {
        name: Set(name),
        slug: Set(slug),
        city: Set(city),
        region: Set(region),
        opened_on: Set(input.opened_on.flatten()),
        managed_by_id: Set(managed_by),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|err| {
        write::duplicate_or(err, &["input", "slug"], "a center already has this slug")
    })?;
    write::remember(
        &txn,
        viewer,
        CREATE_CENTER,
        idempotency_key,
        "Center",
        created.id,
    )
    .await?;
    audit::record(
        &txn,
        viewer,
        "create_center",
        "Center",
        created.id,
        &["name", "slug", "city", "region", "openedOn", "managedById"],
    )
    .await?;
    txn.commit().await?;
    services
        .events
        .publish(ChangeKind::Created, Entity::Center, created.id);
    Ok(created)
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
    let txn = write::begin(&services.db).await?;
    let current = write::locked(center::Entity::find_by_id(id), &txn)
        .one(&txn)
        .await?
        .ok_or_else(|| UserError::new(ErrorCode::NotFound, &["input", "id"], "no such center"))?;
    write::check_version(expected_version, current.version)?;
    let mut problems = Problems::default();
    let mut row: center::ActiveModel = current.clone().into();
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
        if let Some(partner_id) = managed_by
            && partner::Entity::find_by_id(partner_id)
                .one(&txn)
                .await?
                .is_none()
        {
            problems.push(UserError::new(
                ErrorCode::NotFound,
                &["input", "managedById"],
                "no such partner",
            ));
        }
        row.managed_by_id = Set(managed_by);
        changed.push("managedById");
    }
    problems.finish().map_err(AppError::User)?;
    if changed.is_empty() {
        txn.commit().await?;
        return Ok(current);
    }
    row.version = Set(current.version + 1);
    row.updated_at = Set(crate::service::now());
    let updated = row.update(&txn).await?;
    audit::record(&txn, viewer, "update_center", "Center", id, &changed).await?;
    txn.commit().await?;
    services
        .events
        .publish(ChangeKind::Updated, Entity::Center, id);
    Ok(updated)
}

use crate::auth::viewer::Viewer;
use crate::domain::input::{self, NAME_MAX, Problems, optional_text, text};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::partner;
use crate::error::AppError;
use crate::service::audit;
use crate::service::events::{ChangeKind, Entity};
use crate::service::write::{self, Services};
use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, Set};
