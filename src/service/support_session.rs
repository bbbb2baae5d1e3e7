//! Accompaniment sessions: filtered lists, top-level or nested under an organization, a project
//! or a center, keyset-paged; creates and updates in [`write`], dashboard figures in [`stats`].

pub mod stats;
pub mod write;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Select};

use crate::domain::support_session::SupportKind;
use crate::entity::support_session;
use crate::error::Result;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::read::{ListRead, Read};

/// Which sessions a list holds; every criterion given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SessionFilter {
    pub center_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub project_id: Option<i64>,
    pub facilitating_partner_id: Option<i64>,
    pub kinds: Option<Vec<SupportKind>>,
    /// Bounds of the day held, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub updated_since: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SessionOrderField {
    #[default]
    HeldOn,
    CreatedAt,
    UpdatedAt,
}

/// By default the most recent sessions come first: a log is read from its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SessionOrder {
    pub field: SessionOrderField,
    pub descending: bool,
}

impl Default for SessionOrder {
    fn default() -> Self {
        Self {
            field: SessionOrderField::HeldOn,
            descending: true,
        }
    }
}

/// Arguments of a list of sessions, the key of a batched nested list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SessionList {
    pub filter: SessionFilter,
    pub order: SessionOrder,
    pub page: PageRequest,
}

/// The parent a nested list of sessions hangs from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionParent {
    Organization,
    Project,
    Center,
}

fn sort_key(order: SessionOrder) -> SortKey<support_session::Entity> {
    use support_session::Column;
    let (name, column, value_of): (_, _, fn(&support_session::Model) -> SortValue) =
        match order.field {
            SessionOrderField::HeldOn => ("held_on", Column::HeldOn, |row| {
                SortValue::Date(row.held_on)
            }),
            SessionOrderField::CreatedAt => ("created_at", Column::CreatedAt, |row| {
                SortValue::Time(row.created_at)
            }),
            SessionOrderField::UpdatedAt => ("updated_at", Column::UpdatedAt, |row| {
                SortValue::Time(row.updated_at)
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

fn filtered(filter: &SessionFilter) -> Select<support_session::Entity> {
    use support_session::Column;
    let mut select = support_session::Entity::find();
    let ids = [
        (Column::CenterId, filter.center_id),
        (Column::OrganizationId, filter.organization_id),
        (Column::ProjectId, filter.project_id),
        (
            Column::FacilitatingPartnerId,
            filter.facilitating_partner_id,
        ),
    ];
    for (column, id) in ids {
        if let Some(id) = id {
            select = select.filter(column.eq(id));
        }
    }
    if let Some(kinds) = &filter.kinds {
        select = select.filter(Column::Kind.is_in(kinds.iter().copied()));
    }
    if let Some(from) = filter.from {
        select = select.filter(Column::HeldOn.gte(from));
    }
    if let Some(to) = filter.to {
        select = select.filter(Column::HeldOn.lte(to));
    }
    if let Some(since) = filter.updated_since {
        select = select.filter(Column::UpdatedAt.gte(since));
    }
    select
}

pub async fn list_sessions(
    db: &DatabaseConnection,
    list: &SessionList,
) -> Result<Page<support_session::Model>> {
    page::fetch(
        db,
        filtered(&list.filter),
        &sort_key(list.order),
        &list.page,
    )
    .await
}

/// A page of sessions for each parent, in one statement.
pub async fn sessions_of(
    db: &DatabaseConnection,
    parent: SessionParent,
    parents: &[i64],
    list: &SessionList,
) -> Result<HashMap<i64, Page<support_session::Model>>> {
    page::fetch_children(
        db,
        filtered(&list.filter),
        parent_column(parent),
        parents,
        &sort_key(list.order),
        &list.page,
    )
    .await
}

fn parent_column(parent: SessionParent) -> support_session::Column {
    match parent {
        SessionParent::Organization => support_session::Column::OrganizationId,
        SessionParent::Project => support_session::Column::ProjectId,
        SessionParent::Center => support_session::Column::CenterId,
    }
}

/// The read planner's page of `list`: the same rows, order and cursors as [`list_sessions`].
pub fn planned_sessions(list: &SessionList, count: bool, read: Read) -> Result<ListRead> {
    ListRead::new(
        filtered(&list.filter),
        &sort_key(list.order),
        &list.page,
        count,
        read,
    )
}

/// Links to `read` the page of `list` of each of its rows, as [`sessions_of`] reads it.
pub fn plan_sessions_of(
    read: &mut Read,
    parent: SessionParent,
    list: &SessionList,
    count: bool,
    child: Read,
) -> Result<usize> {
    Ok(read.many(parent_column(parent), planned_sessions(list, count, child)?))
}
