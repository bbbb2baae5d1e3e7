//! Programs: co-financing schemes such as PASEC, listed by code; creates and updates in
//! [`write`].

mod cap;
pub mod write;

use sea_orm::{DatabaseConnection, EntityTrait};

use crate::entity::program;
use crate::error::Result;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::read::{ListRead, Read};

const BY_CODE: SortKey<program::Entity> = SortKey {
    name: "code",
    column: Some(program::Column::Code),
    nulls_as: None,
    id: program::Column::Id,
    descending: false,
    value_of: |program| SortValue::Text(program.code.clone()),
};

pub async fn list_programs(
    db: &DatabaseConnection,
    request: &PageRequest,
) -> Result<Page<program::Model>> {
    page::fetch(db, program::Entity::find(), &BY_CODE, request).await
}

/// The read planner's page of programs: the same rows, order and cursors as [`list_programs`].
pub fn planned_programs(request: &PageRequest, count: bool, read: Read) -> Result<ListRead> {
    ListRead::new(program::Entity::find(), &BY_CODE, request, count, read)
}
