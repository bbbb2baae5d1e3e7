//! Funding requests as read: filtered keyset pages, top-level or under a project or a partner,
//! a project's pipeline and the per-partner figures of the dashboard — every sum a SQL aggregate.
//!
//! The pipeline's words: *asked* is what was sent and not taken back (SUBMITTED, ACCEPTED or
//! DECLINED); *accepted*, *declined* and *pending* (SUBMITTED, awaiting an answer) its parts.
//! Drafts and withdrawn requests ask nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{
    ActiveEnum, ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, JoinType,
    QueryFilter, Select,
};

use crate::domain::funding_search::FundingRequestStatus as Status;
use crate::entity::{funding_request, project};
use crate::error::Result;
use crate::service::figures::total;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::stats::StatsFilter;

/// Which funding requests a list holds; every criterion given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FundingRequestFilter {
    pub project_id: Option<i64>,
    pub partner_id: Option<i64>,
    pub statuses: Option<Vec<Status>>,
    pub updated_since: Option<DateTime<Utc>>,
}

/// Arguments of a list of funding requests, the key of a batched nested list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FundingRequestList {
    pub filter: FundingRequestFilter,
    pub page: PageRequest,
}

/// The parent a nested list of funding requests hangs from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FundingRequestParent {
    Project,
    Partner,
}

/// Oldest first, by creation: a stable order for syncing.
pub(super) const BY_CREATION: SortKey<funding_request::Entity> = SortKey {
    name: "created_at",
    column: Some(funding_request::Column::CreatedAt),
    nulls_as: None,
    id: funding_request::Column::Id,
    descending: false,
    value_of: |row| SortValue::Time(row.created_at),
};

pub(super) fn filtered(filter: &FundingRequestFilter) -> Select<funding_request::Entity> {
    use funding_request::Column;
    let mut select = funding_request::Entity::find();
    if let Some(id) = filter.project_id {
        select = select.filter(Column::ProjectId.eq(id));
    }
    if let Some(id) = filter.partner_id {
        select = select.filter(Column::PartnerId.eq(id));
    }
    if let Some(statuses) = &filter.statuses {
        select = select.filter(Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(since) = filter.updated_since {
        select = select.filter(Column::UpdatedAt.gte(since));
    }
    select
}

pub async fn list_funding_requests(
    db: &DatabaseConnection,
    list: &FundingRequestList,
) -> Result<Page<funding_request::Model>> {
    page::fetch(db, filtered(&list.filter), &BY_CREATION, &list.page).await
}

/// A page of funding requests for each parent, in one statement.
pub async fn funding_requests_of(
    db: &DatabaseConnection,
    parent: FundingRequestParent,
    parents: &[i64],
    list: &FundingRequestList,
) -> Result<HashMap<i64, Page<funding_request::Model>>> {
    page::fetch_children(
        db,
        filtered(&list.filter),
        parent_column(parent),
        parents,
        &BY_CREATION,
        &list.page,
    )
    .await
}

/// The column that names a list's parent.
pub(super) fn parent_column(parent: FundingRequestParent) -> funding_request::Column {
    match parent {
        FundingRequestParent::Project => funding_request::Column::ProjectId,
        FundingRequestParent::Partner => funding_request::Column::PartnerId,
    }
}

/// A project's funding search in figures, in its currency, as [`pipelines_of`] sums it or as a
/// planned read's JSON holds it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromQueryResult, serde::Deserialize)]
pub struct Pipeline {
    pub asked: i64,
    pub accepted: i64,
    pub declined: i64,
    pub pending: i64,
}

#[derive(FromQueryResult)]
struct PipelineRow {
    project_id: i64,
    asked: i64,
    accepted: i64,
    declined: i64,
    pending: i64,
}

/// The alias of the funding requests a figure sums.
pub(super) const R: &str = "fr";

pub(super) fn r(column: funding_request::Column) -> Expr {
    Expr::col((Alias::new(R), column))
}

fn status_is(statuses: &[Status]) -> Expr {
    r(funding_request::Column::Status).is_in(statuses.iter().map(|s| Expr::val(s.to_value())))
}

/// What was sent and not taken back.
const SENT: [Status; 3] = [Status::Submitted, Status::Accepted, Status::Declined];

fn amount_where(statuses: &[Status]) -> Expr {
    total(
        Expr::case(
            status_is(statuses),
            r(funding_request::Column::RequestedAmount),
        )
        .finally(0),
    )
}

fn count_where(statuses: &[Status]) -> Expr {
    total(Expr::case(status_is(statuses), 1).finally(0))
}

/// The sums of a pipeline over the requests `fr` of one project, by name: the fields of
/// [`Pipeline`]. The batch statement and the planned read both sum these.
pub(super) fn pipeline_values() -> Vec<(&'static str, Expr)> {
    vec![
        ("asked", amount_where(&SENT)),
        ("accepted", amount_where(&[Status::Accepted])),
        ("declined", amount_where(&[Status::Declined])),
        ("pending", amount_where(&[Status::Submitted])),
    ]
}

/// Each project's pipeline: one `GROUP BY` statement for the whole batch (a project without a
/// request has none, read as zeros).
pub async fn pipelines_of(
    db: &DatabaseConnection,
    projects: &[i64],
) -> Result<HashMap<i64, Pipeline>> {
    let mut query = Query::select();
    query.expr_as(
        r(funding_request::Column::ProjectId),
        Alias::new("project_id"),
    );
    for (name, value) in pipeline_values() {
        query.expr_as(value, Alias::new(name));
    }
    query
        .from_as(funding_request::Entity, Alias::new(R))
        .and_where(r(funding_request::Column::ProjectId).is_in(projects.iter().copied()))
        .group_by_col((Alias::new(R), funding_request::Column::ProjectId));
    let statement = db.get_database_backend().build(&query);
    let rows = PipelineRow::find_by_statement(statement).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let pipeline = Pipeline {
                asked: row.asked,
                accepted: row.accepted,
                declined: row.declined,
                pending: row.pending,
            };
            (row.project_id, pipeline)
        })
        .collect())
}

/// One partner's answers to the requests sent to it, in the filter's currency, as
/// [`requests_by_partner`] reads it or as the planned `stats` statement's JSON holds it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromQueryResult, serde::Deserialize)]
pub struct PartnerRequests {
    pub partner_id: i64,
    /// Requests sent and not taken back.
    pub submitted: i64,
    pub accepted: i64,
    pub declined: i64,
    pub asked: i64,
    pub accepted_amount: i64,
}

/// Per partner, the requests sent to it for the projects the dashboard filter counts (center,
/// program, zone, sector, currency; `from`..`to` bound the submission day): one `GROUP BY`
/// statement, the most asked first.
pub async fn requests_by_partner(
    db: &DatabaseConnection,
    filter: &StatsFilter,
) -> Result<Vec<PartnerRequests>> {
    let statement = db
        .get_database_backend()
        .build(&requests_by_partner_query(filter));
    Ok(PartnerRequests::find_by_statement(statement)
        .all(db)
        .await?)
}

/// The statement of [`requests_by_partner`]: its rows are [`PartnerRequests`].
pub fn requests_by_partner_query(filter: &StatsFilter) -> SelectStatement {
    let p = |column| Expr::col((Alias::new("p"), column));
    let mut query = Query::select();
    query
        .expr_as(
            r(funding_request::Column::PartnerId),
            Alias::new("partner_id"),
        )
        .expr_as(count_where(&SENT), Alias::new("submitted"))
        .expr_as(count_where(&[Status::Accepted]), Alias::new("accepted"))
        .expr_as(count_where(&[Status::Declined]), Alias::new("declined"))
        .expr_as(amount_where(&SENT), Alias::new("asked"))
        .expr_as(
            amount_where(&[Status::Accepted]),
            Alias::new("accepted_amount"),
        )
        .from_as(funding_request::Entity, Alias::new(R))
        .join_as(
            JoinType::InnerJoin,
            project::Entity,
            Alias::new("p"),
            p(project::Column::Id).equals((Alias::new(R), funding_request::Column::ProjectId)),
        )
        .and_where(status_is(&SENT))
        .and_where(r(funding_request::Column::Currency).eq(Expr::val(filter.currency.to_value())));
    let ids = [
        (project::Column::CenterId, filter.center_id),
        (project::Column::ProgramId, filter.program_id),
        (project::Column::ZoneId, filter.zone_id),
    ];
    for (column, id) in ids {
        if let Some(id) = id {
            query.and_where(p(column).eq(id));
        }
    }
    if let Some(sector) = filter.sector {
        query.and_where(p(project::Column::Sector).eq(Expr::val(sector.to_value())));
    }
    if let Some(from) = filter.from {
        query.and_where(r(funding_request::Column::SubmittedOn).gte(from));
    }
    if let Some(to) = filter.to {
        query.and_where(r(funding_request::Column::SubmittedOn).lte(to));
    }
    query
        .group_by_col((Alias::new(R), funding_request::Column::PartnerId))
        .order_by_expr(amount_where(&SENT), Order::Desc)
        .order_by(
            (Alias::new(R), funding_request::Column::PartnerId),
            Order::Asc,
        );
    query
}
