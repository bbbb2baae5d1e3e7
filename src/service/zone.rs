//! Zones: the neighbourhoods of a center, listed by name.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::entity::zone;
use crate::error::Result;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};

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
