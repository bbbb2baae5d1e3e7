//! Projects: filtered, ordered lists, top-level or nested under a center, a carrier or a program,
//! and each project's status history.

mod fields;
mod transition;
pub mod write;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, Order, QueryFilter, QueryOrder, Select,
};

use crate::domain::organization::Sector;
use crate::domain::project::ProjectStatus;
use crate::entity::{project, project_status_change};
use crate::error::Result;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::read::{ListRead, Read};
use crate::service::search::matches;

/// Which projects a list holds; every criterion given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProjectFilter {
    /// Any of these statuses.
    pub statuses: Option<Vec<ProjectStatus>>,
    pub sector: Option<Sector>,
    pub carrier_id: Option<i64>,
    pub program_id: Option<i64>,
    pub center_id: Option<i64>,
    pub zone_id: Option<i64>,
    /// Total cost bounds in centimes, inclusive.
    pub min_total_cost: Option<i64>,
    pub max_total_cost: Option<i64>,
    /// Matches title and reference, case- and accent-insensitively.
    pub search: Option<String>,
    pub updated_since: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ProjectOrderField {
    #[default]
    CreatedAt,
    UpdatedAt,
    Title,
    TotalCost,
    Reference,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProjectOrder {
    pub field: ProjectOrderField,
    pub descending: bool,
}

/// Arguments of a list of projects, the key of a batched nested list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProjectList {
    pub filter: ProjectFilter,
    pub order: ProjectOrder,
    pub page: PageRequest,
}

/// The parent a nested list of projects hangs from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProjectParent {
    Center,
    Carrier,
    Program,
}

fn sort_key(order: ProjectOrder) -> SortKey<project::Entity> {
    use project::Column;
    let (name, column, value_of): (_, _, fn(&project::Model) -> SortValue) = match order.field {
        ProjectOrderField::CreatedAt => ("created_at", Column::CreatedAt, |row| {
            SortValue::Time(row.created_at)
        }),
        ProjectOrderField::UpdatedAt => ("updated_at", Column::UpdatedAt, |row| {
            SortValue::Time(row.updated_at)
        }),
        ProjectOrderField::Title => ("title", Column::Title, |row| {
            SortValue::Text(row.title.clone())
        }),
        ProjectOrderField::TotalCost => ("total_cost", Column::TotalCost, |row| {
            SortValue::Int(row.total_cost)
        }),
        ProjectOrderField::Reference => ("reference", Column::Reference, |row| {
            SortValue::Text(row.reference.clone())
        }),
    };
    SortKey {
        name,
        column: Some(column),
        nulls_as: None,
        id: Column::Id,
        descending: order.descending,
        value_of,
    }
}

fn filtered(filter: &ProjectFilter) -> Result<Select<project::Entity>> {
    use project::Column;
    let mut select = project::Entity::find();
    if let Some(statuses) = &filter.statuses {
        select = select.filter(Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(sector) = filter.sector {
        select = select.filter(Column::Sector.eq(sector));
    }
    let ids = [
        (Column::CarrierId, filter.carrier_id),
        (Column::ProgramId, filter.program_id),
        (Column::CenterId, filter.center_id),
        (Column::ZoneId, filter.zone_id),
    ];
    for (column, id) in ids {
        if let Some(id) = id {
            select = select.filter(column.eq(id));
        }
    }
    if let Some(min) = filter.min_total_cost {
        select = select.filter(Column::TotalCost.gte(min));
    }
    if let Some(max) = filter.max_total_cost {
        select = select.filter(Column::TotalCost.lte(max));
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

pub async fn list_projects(
    db: &DatabaseConnection,
    list: &ProjectList,
) -> Result<Page<project::Model>> {
    page::fetch(
        db,
        filtered(&list.filter)?,
        &sort_key(list.order),
        &list.page,
    )
    .await
}

/// The read planner's page of `list`: the same rows, order and cursors as [`list_projects`].
pub fn planned_projects(list: &ProjectList, count: bool, read: Read) -> Result<ListRead> {
    ListRead::new(
        filtered(&list.filter)?,
        &sort_key(list.order),
        &list.page,
        count,
        read,
    )
}

/// Links to `read` the page of `list` of each of its rows, as [`projects_of`] reads it.
pub fn plan_projects_of(
    read: &mut Read,
    parent: ProjectParent,
    list: &ProjectList,
    count: bool,
    child: Read,
) -> Result<usize> {
    Ok(read.many(parent_column(parent), planned_projects(list, count, child)?))
}

fn parent_column(parent: ProjectParent) -> project::Column {
    match parent {
        ProjectParent::Center => project::Column::CenterId,
        ProjectParent::Carrier => project::Column::CarrierId,
        ProjectParent::Program => project::Column::ProgramId,
    }
}

/// A page of projects for each parent, in one statement.
pub async fn projects_of(
    db: &DatabaseConnection,
    parent: ProjectParent,
    parents: &[i64],
    list: &ProjectList,
) -> Result<HashMap<i64, Page<project::Model>>> {
    let column = parent_column(parent);
    let key = sort_key(list.order);
    page::fetch_children(
        db,
        filtered(&list.filter)?,
        column,
        parents,
        &key,
        &list.page,
    )
    .await
}

/// Each project's workflow steps, oldest first.
pub async fn status_history_of(
    db: &DatabaseConnection,
    projects: &[i64],
) -> Result<HashMap<i64, Vec<project_status_change::Model>>> {
    use project_status_change::Column;
    let mut select = project_status_change::Entity::find()
        .filter(Column::ProjectId.is_in(projects.iter().copied()));
    for (column, order) in history_order() {
        select = select.order_by(column, order);
    }
    let rows = select.all(db).await?;
    Ok(crate::service::lookup::group_by(rows, |row| row.project_id))
}

/// A project's history in the order it happened: by instant, then as recorded.
fn history_order() -> Vec<(project_status_change::Column, Order)> {
    use project_status_change::Column;
    vec![(Column::At, Order::Asc), (Column::Id, Order::Asc)]
}

/// Links to `read` each project's whole status history, as [`status_history_of`] reads it.
pub fn plan_status_history(read: &mut Read, child: Read) -> usize {
    read.all::<project_status_change::Entity>(
        project_status_change::Column::ProjectId,
        history_order(),
        child,
    )
}
