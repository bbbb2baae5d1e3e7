//! Events counted per kind, by the database, for `stats.eventsByKind`.

use sea_orm::sea_query::{Expr, SelectStatement};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    QueryTrait, Select,
};

use crate::domain::event::EventKind;
use crate::entity::event;
use crate::error::Result;
use crate::service::stats::StatsFilter;

#[derive(Debug, FromQueryResult)]
struct KindCount {
    kind: EventKind,
    count: i64,
}

/// How many events of each kind (every kind, zeros included) the filter's center held with a
/// start within `from`..`to` (days, UTC, inclusive). The program, zone and sector of the filter
/// do not apply: an event belongs to a center, not to a project.
pub async fn events_by_kind(
    db: &DatabaseConnection,
    filter: &StatsFilter,
) -> Result<Vec<(EventKind, i64)>> {
    let counts = counted(filter).into_model::<KindCount>().all(db).await?;
    Ok(every_kind(
        counts
            .into_iter()
            .map(|row| (row.kind, row.count))
            .collect(),
    ))
}

/// The events of the filter counted per kind, with its columns `kind` and `count`; the planned
/// `stats` reads it in its own statement.
pub fn events_by_kind_query(filter: &StatsFilter) -> SelectStatement {
    counted(filter).into_query()
}

fn counted(filter: &StatsFilter) -> Select<event::Entity> {
    use event::Column;
    let mut select = event::Entity::find()
        .select_only()
        .column(Column::Kind)
        .column_as(
            crate::service::figures::count(Expr::col(Column::Id)),
            "count",
        )
        .group_by(Column::Kind);
    if let Some(center_id) = filter.center_id {
        select = select.filter(Column::CenterId.eq(center_id));
    }
    if let Some(from) = filter.from {
        select =
            select.filter(Column::StartsAt.gte(from.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    if let Some(next) = filter.to.and_then(|to| to.succ_opt()) {
        select =
            select.filter(Column::StartsAt.lt(next.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    select
}

/// Every kind in its order, with the count found for it or zero.
pub fn every_kind(counts: Vec<(EventKind, i64)>) -> Vec<(EventKind, i64)> {
    <EventKind as sea_orm::Iterable>::iter()
        .map(|kind| {
            let count = counts
                .iter()
                .find(|(found, _)| *found == kind)
                .map_or(0, |(_, count)| *count);
            (kind, count)
        })
        .collect()
}
