//! The filter of `stats` as typed conditions: which projects are counted, and which of their
//! commitments (the counted ones of [`crate::service::figures`], pledged within the dates).

use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ActiveEnum, JoinType};

use crate::entity::{commitment, project};
use crate::service::figures::{self, COMMITMENT, PROJECT, c, p};
use crate::service::stats::StatsFilter;

/// The projects counted: those of the filter's center, program, zone and sector, in its currency.
pub fn projects(filter: &StatsFilter) -> Condition {
    let mut condition =
        Condition::all().add(p(project::Column::Currency).eq(figures::currency(filter.currency)));
    let ids = [
        (project::Column::CenterId, filter.center_id),
        (project::Column::ProgramId, filter.program_id),
        (project::Column::ZoneId, filter.zone_id),
    ];
    for (column, id) in ids {
        if let Some(id) = id {
            condition = condition.add(p(column).eq(id));
        }
    }
    if let Some(sector) = filter.sector {
        condition = condition.add(p(project::Column::Sector).eq(Expr::val(sector.to_value())));
    }
    condition
}

/// The commitments counted among those of the counted projects: standing, pledged within the
/// filter's dates. Unvalued in-kind commitments are counted in `count` and add nothing to sums.
pub fn commitments(filter: &StatsFilter) -> Condition {
    let mut condition = Condition::all().add(figures::live());
    if let Some(from) = filter.from {
        condition = condition.add(c(commitment::Column::PledgedOn).gte(from));
    }
    if let Some(to) = filter.to {
        condition = condition.add(c(commitment::Column::PledgedOn).lte(to));
    }
    condition
}

/// `FROM commitments c JOIN projects p ON p.id = c.project_id`, restricted to the counted
/// commitments of the counted projects; the caller adds what it selects.
pub fn counted_commitments(filter: &StatsFilter) -> SelectStatement {
    Query::select()
        .from_as(commitment::Entity, Alias::new(COMMITMENT))
        .join_as(
            JoinType::InnerJoin,
            project::Entity,
            Alias::new(PROJECT),
            p(project::Column::Id).equals((Alias::new(COMMITMENT), commitment::Column::ProjectId)),
        )
        .cond_where(projects(filter))
        .cond_where(commitments(filter))
        .to_owned()
}
