//! Capacity building made visible: sessions, hours and participants of accompaniment, by kind,
//! by zone (the organization's) and by organization. Each breakdown is one SQL `GROUP BY` under
//! the dashboard's filter: the center, the organization's zone and sector, the program of the
//! session's project, and the `from`..`to` days the sessions were held (the currency filters
//! nothing here: sessions carry no money).

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ActiveEnum, DatabaseConnection, FromQueryResult, JoinType};

use crate::entity::{organization, organization_sector, project, support_session};
use crate::error::Result;
use crate::service::figures;
use crate::service::stats::StatsFilter;

const SESSION: &str = "s";
const ORGANIZATION: &str = "o";

/// One group of sessions: its key (a kind's name, or a zone's or an organization's row id), how
/// many sessions, their minutes and their participants, added up by the database.
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult, serde::Deserialize)]
pub struct SessionGroup {
    pub key: String,
    pub sessions: i64,
    pub minutes: i64,
    pub participants: i64,
}

/// What sessions are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionGrouping {
    Kind,
    /// The organization's zone; organizations without one are left out.
    Zone,
    Organization,
}

fn s(column: support_session::Column) -> Expr {
    Expr::col((Alias::new(SESSION), column))
}

fn o(column: organization::Column) -> Expr {
    Expr::col((Alias::new(ORGANIZATION), column))
}

/// The sessions under `filter`, grouped, the largest number of hours first.
pub async fn sessions_by(
    db: &DatabaseConnection,
    filter: &StatsFilter,
    grouping: SessionGrouping,
) -> Result<Vec<SessionGroup>> {
    let statement = db
        .get_database_backend()
        .build(&group_query(filter, grouping));
    Ok(SessionGroup::find_by_statement(statement).all(db).await?)
}

/// The groups' rows, each with its raw key as `group_id` (a zone's or an organization's id, for
/// the read planner to join their rows on).
pub fn group_query(filter: &StatsFilter, grouping: SessionGrouping) -> SelectStatement {
    let key = match grouping {
        SessionGrouping::Kind => s(support_session::Column::Kind),
        SessionGrouping::Zone => o(organization::Column::ZoneId),
        SessionGrouping::Organization => s(support_session::Column::OrganizationId),
    };
    let mut query = Query::select();
    query
        .expr_as(key.clone().cast_as(Alias::new("VARCHAR(32)")), "key")
        .expr_as(key.clone(), "group_id")
        .expr_as(figures::count(Expr::val(1)), "sessions")
        .expr_as(
            figures::total(s(support_session::Column::DurationMinutes)),
            "minutes",
        )
        .expr_as(
            figures::total(s(support_session::Column::ParticipantsCount)),
            "participants",
        )
        .from_as(support_session::Entity, Alias::new(SESSION))
        .join_as(
            JoinType::InnerJoin,
            organization::Entity,
            Alias::new(ORGANIZATION),
            o(organization::Column::Id)
                .equals((Alias::new(SESSION), support_session::Column::OrganizationId)),
        )
        .and_where(key.clone().is_not_null())
        .add_group_by([key.clone()])
        .order_by(Alias::new("minutes"), Order::Desc)
        .order_by(Alias::new("key"), Order::Asc);
    restrict(&mut query, filter);
    query
}

/// The dashboard's filter, as far as it applies to sessions.
fn restrict(query: &mut SelectStatement, filter: &StatsFilter) {
    if let Some(id) = filter.center_id {
        query.and_where(s(support_session::Column::CenterId).eq(id));
    }
    if let Some(id) = filter.zone_id {
        query.and_where(o(organization::Column::ZoneId).eq(id));
    }
    if let Some(sector) = filter.sector {
        let working_in = Query::select()
            .column(organization_sector::Column::OrganizationId)
            .from(organization_sector::Entity)
            .and_where(Expr::col(organization_sector::Column::Sector).eq(sector.to_value()))
            .to_owned();
        query.and_where(o(organization::Column::Id).in_subquery(working_in));
    }
    if let Some(id) = filter.program_id {
        let of_program = Query::select()
            .column(project::Column::Id)
            .from(project::Entity)
            .and_where(Expr::col(project::Column::ProgramId).eq(id))
            .to_owned();
        query.and_where(s(support_session::Column::ProjectId).in_subquery(of_program));
    }
    if let Some(from) = filter.from {
        query.and_where(s(support_session::Column::HeldOn).gte(from));
    }
    if let Some(to) = filter.to {
        query.and_where(s(support_session::Column::HeldOn).lte(to));
    }
}
