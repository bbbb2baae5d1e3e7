//! Indicators of expected results, listed by creation, top-level or under a center or a
//! program; their measurements and their latest values ([`values`]); creates, updates and
//! measurements in [`write`].

pub mod measurement;
pub mod values;
pub mod write;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, Order, QueryFilter, QueryOrder, Select,
};

use crate::domain::indicator::IndicatorSource;
use crate::entity::{indicator, indicator_measurement};
use crate::error::Result;
use crate::service::lookup;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::read::{ListRead, Read};

/// Which indicators a list holds; every criterion given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct IndicatorFilter {
    pub center_id: Option<i64>,
    pub program_id: Option<i64>,
    pub source: Option<IndicatorSource>,
    pub updated_since: Option<DateTime<Utc>>,
}

/// Arguments of a list of indicators, the key of a batched nested list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IndicatorList {
    pub filter: IndicatorFilter,
    pub page: PageRequest,
}

/// The parent a nested list of indicators hangs from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndicatorParent {
    Center,
    Program,
}

/// In the order they were set: a center's results read as its plan lists them.
const BY_CREATION: SortKey<indicator::Entity> = SortKey {
    name: "id",
    column: None,
    nulls_as: None,
    id: indicator::Column::Id,
    descending: false,
    value_of: |_| SortValue::Id,
};

fn filtered(filter: &IndicatorFilter) -> Select<indicator::Entity> {
    use indicator::Column;
    let mut select = indicator::Entity::find();
    if let Some(id) = filter.center_id {
        select = select.filter(Column::CenterId.eq(id));
    }
    if let Some(id) = filter.program_id {
        select = select.filter(Column::ProgramId.eq(id));
    }
    if let Some(source) = filter.source {
        select = select.filter(Column::Source.eq(source));
    }
    if let Some(since) = filter.updated_since {
        select = select.filter(Column::UpdatedAt.gte(since));
    }
    select
}

pub async fn list_indicators(
    db: &DatabaseConnection,
    list: &IndicatorList,
) -> Result<Page<indicator::Model>> {
    page::fetch(db, filtered(&list.filter), &BY_CREATION, &list.page).await
}

/// A page of indicators for each parent, in one statement.
pub async fn indicators_of(
    db: &DatabaseConnection,
    parent: IndicatorParent,
    parents: &[i64],
    list: &IndicatorList,
) -> Result<HashMap<i64, Page<indicator::Model>>> {
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

/// Each indicator's measurements, oldest first (by day, then as recorded), in one statement.
pub async fn measurements_of(
    db: &DatabaseConnection,
    indicators: &[i64],
) -> Result<HashMap<i64, Vec<indicator_measurement::Model>>> {
    use indicator_measurement::Column;
    let mut select = indicator_measurement::Entity::find()
        .filter(Column::IndicatorId.is_in(indicators.iter().copied()));
    for (column, order) in measurement_order() {
        select = select.order_by(column, order);
    }
    let rows = select.all(db).await?;
    Ok(lookup::group_by(rows, |row| row.indicator_id))
}

/// Oldest first: by day, then as recorded.
fn measurement_order() -> Vec<(indicator_measurement::Column, Order)> {
    use indicator_measurement::Column;
    vec![(Column::MeasuredOn, Order::Asc), (Column::Id, Order::Asc)]
}

fn parent_column(parent: IndicatorParent) -> indicator::Column {
    match parent {
        IndicatorParent::Center => indicator::Column::CenterId,
        IndicatorParent::Program => indicator::Column::ProgramId,
    }
}

/// The read planner's page of `list`: the same rows, order and cursors as [`list_indicators`].
pub fn planned_indicators(list: &IndicatorList, count: bool, read: Read) -> Result<ListRead> {
    ListRead::new(
        filtered(&list.filter),
        &BY_CREATION,
        &list.page,
        count,
        read,
    )
}

/// Links to `read` the page of `list` of each of its rows, as [`indicators_of`] reads it.
pub fn plan_indicators_of(
    read: &mut Read,
    parent: IndicatorParent,
    list: &IndicatorList,
    count: bool,
    child: Read,
) -> Result<usize> {
    Ok(read.many(
        parent_column(parent),
        planned_indicators(list, count, child)?,
    ))
}

/// Links to `read` each indicator's measurements, as [`measurements_of`] reads them.
pub fn plan_measurements(read: &mut Read, child: Read) -> usize {
    read.all::<indicator_measurement::Entity>(
        indicator_measurement::Column::IndicatorId,
        measurement_order(),
        child,
    )
}
