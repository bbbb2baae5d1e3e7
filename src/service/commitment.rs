//! Commitments: filtered lists, top-level or nested under a partner, a project or a center, and
//! the disbursements of each commitment.

mod fields;
pub mod payment;
mod transition;
pub mod write;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Select,
};

use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::entity::{commitment, disbursement, project};
use crate::error::Result;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::read::{ListRead, Read};

/// Which commitments a list holds; every criterion given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CommitmentFilter {
    pub partner_id: Option<i64>,
    pub project_id: Option<i64>,
    /// Commitments to the center itself or to any of its projects.
    pub center_id: Option<i64>,
    pub program_id: Option<i64>,
    pub kinds: Option<Vec<CommitmentKind>>,
    pub statuses: Option<Vec<CommitmentStatus>>,
    /// Pledge date bounds, inclusive.
    pub pledged_from: Option<NaiveDate>,
    pub pledged_to: Option<NaiveDate>,
    pub updated_since: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CommitmentOrderField {
    #[default]
    CreatedAt,
    UpdatedAt,
    PledgedOn,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CommitmentOrder {
    pub field: CommitmentOrderField,
    pub descending: bool,
}

/// Arguments of a list of commitments, the key of a batched nested list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CommitmentList {
    pub filter: CommitmentFilter,
    pub order: CommitmentOrder,
    pub page: PageRequest,
}

/// The parent a nested list of commitments hangs from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommitmentParent {
    Partner,
    Project,
    /// Commitments made to the center itself (not to its projects).
    Center,
}

fn sort_key(order: CommitmentOrder) -> SortKey<commitment::Entity> {
    use commitment::Column;
    let (name, column, value_of): (_, _, fn(&commitment::Model) -> SortValue) = match order.field {
        CommitmentOrderField::CreatedAt => ("created_at", Column::CreatedAt, |row| {
            SortValue::Time(row.created_at)
        }),
        CommitmentOrderField::UpdatedAt => ("updated_at", Column::UpdatedAt, |row| {
            SortValue::Time(row.updated_at)
        }),
        CommitmentOrderField::PledgedOn => ("pledged_on", Column::PledgedOn, |row| {
            SortValue::Date(row.pledged_on)
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

fn filtered(filter: &CommitmentFilter) -> Select<commitment::Entity> {
    use commitment::Column;
    let mut select = commitment::Entity::find();
    let ids = [
        (Column::PartnerId, filter.partner_id),
        (Column::ProjectId, filter.project_id),
        (Column::ProgramId, filter.program_id),
    ];
    for (column, id) in ids {
        if let Some(id) = id {
            select = select.filter(column.eq(id));
        }
    }
    if let Some(center_id) = filter.center_id {
        let projects_of_center = Query::select()
            .column(project::Column::Id)
            .from(project::Entity)
            .and_where(project::Column::CenterId.eq(center_id))
            .to_owned();
        select = select.filter(
            Condition::any()
                .add(Column::CenterId.eq(center_id))
                .add(Column::ProjectId.in_subquery(projects_of_center)),
        );
    }
    if let Some(kinds) = &filter.kinds {
        select = select.filter(Column::Kind.is_in(kinds.iter().copied()));
    }
    if let Some(statuses) = &filter.statuses {
        select = select.filter(Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(from) = filter.pledged_from {
        select = select.filter(Column::PledgedOn.gte(from));
    }
    if let Some(to) = filter.pledged_to {
        select = select.filter(Column::PledgedOn.lte(to));
    }
    if let Some(since) = filter.updated_since {
        select = select.filter(Column::UpdatedAt.gte(since));
    }
    select
}

pub async fn list_commitments(
    db: &DatabaseConnection,
    list: &CommitmentList,
) -> Result<Page<commitment::Model>> {
    page::fetch(
        db,
        filtered(&list.filter),
        &sort_key(list.order),
        &list.page,
    )
    .await
}

/// A page of commitments for each parent, in one statement.
pub async fn commitments_of(
    db: &DatabaseConnection,
    parent: CommitmentParent,
    parents: &[i64],
    list: &CommitmentList,
) -> Result<HashMap<i64, Page<commitment::Model>>> {
    let key = sort_key(list.order);
    page::fetch_children(
        db,
        filtered(&list.filter),
        parent_column(parent),
        parents,
        &key,
        &list.page,
    )
    .await
}

fn parent_column(parent: CommitmentParent) -> commitment::Column {
    match parent {
        CommitmentParent::Partner => commitment::Column::PartnerId,
        CommitmentParent::Project => commitment::Column::ProjectId,
        CommitmentParent::Center => commitment::Column::CenterId,
    }
}

/// The read planner's page of `list`: the same rows, order and cursors as [`list_commitments`].
pub fn planned_commitments(list: &CommitmentList, count: bool, read: Read) -> Result<ListRead> {
    ListRead::new(
        filtered(&list.filter),
        &sort_key(list.order),
        &list.page,
        count,
        read,
    )
}

/// Links to `read` the page of `list` of each of its rows, as [`commitments_of`] reads it.
pub fn plan_commitments_of(
    read: &mut Read,
    parent: CommitmentParent,
    list: &CommitmentList,
    count: bool,
    child: Read,
) -> Result<usize> {
    Ok(read.many(
        parent_column(parent),
        planned_commitments(list, count, child)?,
    ))
}

/// A commitment's payments by payment date, then as recorded.
fn disbursement_order() -> Vec<(disbursement::Column, sea_orm::Order)> {
    use disbursement::Column;
    vec![
        (Column::PaidOn, sea_orm::Order::Asc),
        (Column::Id, sea_orm::Order::Asc),
    ]
}

/// Links to `read` each commitment's payments, as [`disbursements_of`] reads them.
pub fn plan_disbursements(read: &mut Read, child: Read) -> usize {
    read.all::<disbursement::Entity>(
        disbursement::Column::CommitmentId,
        disbursement_order(),
        child,
    )
}

/// Each commitment's disbursements, by payment date.
pub async fn disbursements_of(
    db: &DatabaseConnection,
    commitments: &[i64],
) -> Result<HashMap<i64, Vec<disbursement::Model>>> {
    use disbursement::Column;
    let mut select = disbursement::Entity::find()
        .filter(Column::CommitmentId.is_in(commitments.iter().copied()));
    for (column, order) in disbursement_order() {
        select = select.order_by(column, order);
    }
    let rows = select.all(db).await?;
    Ok(crate::service::lookup::group_by(rows, |row| {
        row.commitment_id
    }))
}
