//! Events counted per kind, by the database, for `stats.eventsByKind`.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
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
    let counts = select.into_model::<KindCount>().all(db).await?;
    Ok(<EventKind as sea_orm::Iterable>::iter()
        .map(|kind| {
            let count = counts
                .iter()
                .find(|row| row.kind == kind)
                .map_or(0, |row| row.count);
            (kind, count)
        })
        .collect())
}
