//! Organizations (associations and cooperatives): filtered, ordered lists and their sectors;
//! creates and updates in [`write`].

mod fields;
pub mod write;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, Order, QueryFilter, QueryOrder};

use crate::domain::organization::{OrganizationKind, OrganizationStatus, Sector};
use crate::entity::{organization, organization_sector};
use crate::error::Result;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::read::{ListRead, Read};
use crate::service::search::matches;

/// Which organizations a list holds; every criterion given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OrganizationFilter {
    pub kind: Option<OrganizationKind>,
    pub status: Option<OrganizationStatus>,
    pub sector: Option<Sector>,
    pub center_id: Option<i64>,
    pub zone_id: Option<i64>,
    /// Matches name and acronym, case- and accent-insensitively.
    pub search: Option<String>,
    pub updated_since: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OrganizationOrderField {
    #[default]
    Name,
    CreatedAt,
    /// Organizations with no founding date sort as if founded last.
    FoundedOn,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct OrganizationOrder {
    pub field: OrganizationOrderField,
    pub descending: bool,
}

/// Arguments of a list of organizations, the key of a batched nested list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OrganizationList {
    pub filter: OrganizationFilter,
    pub order: OrganizationOrder,
    pub page: PageRequest,
}

const BY_NAME: SortKey<organization::Entity> = SortKey {
    name: "name",
    column: Some(organization::Column::Name),
    nulls_as: None,
    id: organization::Column::Id,
    descending: false,
    value_of: |row| SortValue::Text(row.name.clone()),
};

const BY_CREATED_AT: SortKey<organization::Entity> = SortKey {
    name: "created_at",
    column: Some(organization::Column::CreatedAt),
    nulls_as: None,
    id: organization::Column::Id,
    descending: false,
    value_of: |row| SortValue::Time(row.created_at),
};

/// The date a missing founding date sorts as: after every real one.
fn never() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

const BY_FOUNDED_ON: SortKey<organization::Entity> = SortKey {
    name: "founded_on",
    column: Some(organization::Column::FoundedOn),
    nulls_as: Some(|| never().into()),
    id: organization::Column::Id,
    descending: false,
    value_of: |row| SortValue::Date(row.founded_on.unwrap_or_else(never)),
};

fn sort_key(order: OrganizationOrder) -> SortKey<organization::Entity> {
    let key = match order.field {
        OrganizationOrderField::Name => &BY_NAME,
        OrganizationOrderField::CreatedAt => &BY_CREATED_AT,
        OrganizationOrderField::FoundedOn => &BY_FOUNDED_ON,
    };
    key.directed(order.descending)
}

fn filtered(filter: &OrganizationFilter) -> Result<sea_orm::Select<organization::Entity>> {
    use organization::Column;
    let mut select = organization::Entity::find();
    if let Some(kind) = filter.kind {
        select = select.filter(Column::Kind.eq(kind));
    }
    if let Some(status) = filter.status {
        select = select.filter(Column::Status.eq(status));
    }
    if let Some(sector) = filter.sector {
        select = select.filter(
            Column::Id.in_subquery(
                Query::select()
                    .column(organization_sector::Column::OrganizationId)
                    .from(organization_sector::Entity)
                    .and_where(organization_sector::Column::Sector.eq(sector))
                    .to_owned(),
            ),
        );
    }
    if let Some(center_id) = filter.center_id {
        select = select.filter(Column::CenterId.eq(center_id));
    }
    if let Some(zone_id) = filter.zone_id {
        select = select.filter(Column::ZoneId.eq(zone_id));
    }
    if let Some(matching) = filter
        .search
        .as_deref()
        .map(|term| matches(Column::SearchText, term))
        .transpose()?
        .flatten()
    {
        select = select.filter(matching);
    }
    if let Some(since) = filter.updated_since {
        select = select.filter(Column::UpdatedAt.gte(since));
    }
    Ok(select)
}

pub async fn list_organizations(
    db: &DatabaseConnection,
    list: &OrganizationList,
) -> Result<Page<organization::Model>> {
    page::fetch(
        db,
        filtered(&list.filter)?,
        &sort_key(list.order),
        &list.page,
    )
    .await
}

/// The read planner's page of `list`: the same rows, order and cursors as
/// [`list_organizations`].
pub fn planned_organizations(list: &OrganizationList, count: bool, read: Read) -> Result<ListRead> {
    ListRead::new(
        filtered(&list.filter)?,
        &sort_key(list.order),
        &list.page,
        count,
        read,
    )
}

/// Links to `read` the page of `list` of each of its rows (centers), as
/// [`organizations_of_centers`] reads it.
pub fn plan_organizations_of(
    read: &mut Read,
    list: &OrganizationList,
    count: bool,
    child: Read,
) -> Result<usize> {
    Ok(read.many(
        organization::Column::CenterId,
        planned_organizations(list, count, child)?,
    ))
}

/// A page of organizations for each of `centers`, in one statement.
pub async fn organizations_of_centers(
    db: &DatabaseConnection,
    centers: &[i64],
    list: &OrganizationList,
) -> Result<HashMap<i64, Page<organization::Model>>> {
    let select = filtered(&list.filter)?;
    let key = sort_key(list.order);
    page::fetch_children(
        db,
        select,
        organization::Column::CenterId,
        centers,
        &key,
        &list.page,
    )
    .await
}

/// An organization's sectors in the order of their stored names (each appears once).
const SECTOR_ORDER: (organization_sector::Column, Order) =
    (organization_sector::Column::Sector, Order::Asc);

/// Links to `read` each organization's sectors, as [`sectors_of`] reads them: rows holding
/// the one column `sector`.
pub fn plan_sectors(read: &mut Read) -> usize {
    let mut child = Read::new();
    child.column(organization_sector::Column::Sector);
    read.all::<organization_sector::Entity>(
        organization_sector::Column::OrganizationId,
        vec![SECTOR_ORDER],
        child,
    )
}

/// The sectors of each organization, in a stable order.
pub async fn sectors_of(
    db: &DatabaseConnection,
    organizations: &[i64],
) -> Result<HashMap<i64, Vec<Sector>>> {
    let rows = organization_sector::Entity::find()
        .filter(organization_sector::Column::OrganizationId.is_in(organizations.iter().copied()))
        .order_by(SECTOR_ORDER.0, SECTOR_ORDER.1)
        .all(db)
        .await?;
    let mut sectors: HashMap<i64, Vec<Sector>> = HashMap::new();
    for row in rows {
        sectors
            .entry(row.organization_id)
            .or_default()
            .push(row.sector);
    }
    Ok(sectors)
}
