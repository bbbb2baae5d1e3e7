//! Partners: listed by name, filtered by kind, by an accent-insensitive search and by change date;
//! creates and updates in [`write`].

pub mod write;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Select};

use crate::domain::partner::PartnerKind;
use crate::entity::partner;
use crate::error::Result;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::read::{ListRead, Read};
use crate::service::search::matches;

const BY_NAME: SortKey<partner::Entity> = SortKey {
    name: "name",
    column: Some(partner::Column::Name),
    nulls_as: None,
    id: partner::Column::Id,
    descending: false,
    value_of: |partner| SortValue::Text(partner.name.clone()),
};

/// Which partners a list holds; every criterion given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PartnerFilter {
    pub kind: Option<PartnerKind>,
    /// Matches name and acronym, case- and accent-insensitively.
    pub search: Option<String>,
    pub updated_since: Option<DateTime<Utc>>,
}

pub async fn list_partners(
    db: &DatabaseConnection,
    filter: &PartnerFilter,
    request: &PageRequest,
) -> Result<Page<partner::Model>> {
    page::fetch(db, filtered(filter)?, &BY_NAME, request).await
}

/// The read planner's page of partners: the same rows, order and cursors as [`list_partners`].
pub fn planned_partners(
    filter: &PartnerFilter,
    request: &PageRequest,
    count: bool,
    read: Read,
) -> Result<ListRead> {
    ListRead::new(filtered(filter)?, &BY_NAME, request, count, read)
}

fn filtered(filter: &PartnerFilter) -> Result<Select<partner::Entity>> {
    let mut select = partner::Entity::find();
    if let Some(kind) = filter.kind {
        select = select.filter(partner::Column::Kind.eq(kind));
    }
    if let Some(matching) = filter
        .search
        .as_deref()
        .map(|term| matches(partner::Column::SearchText, term))
        .transpose()?
        .flatten()
    {
        select = select.filter(matching);
    }
    if let Some(since) = filter.updated_since {
        select = select.filter(partner::Column::UpdatedAt.gte(since));
    }
    Ok(select)
}
