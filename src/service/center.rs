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
