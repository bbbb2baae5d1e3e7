//! Events a center holds and their participants: filtered lists, top-level or per center, each
//! event's participants in one batched statement, and the counts per kind for the dashboards.

pub mod participant;
pub mod removal;
pub mod stats;
pub mod write;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Order;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Select};

use crate::domain::event::EventKind;
use crate::entity::{event, event_participant};
use crate::error::Result;
use crate::service::page::{self, Page, PageRequest, SortKey, SortValue};
use crate::service::read::{ListRead, Read};

/// Which events a list holds; every criterion given must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct EventFilter {
    pub center_id: Option<i64>,
    pub kinds: Option<Vec<EventKind>>,
    /// Bounds on the day the event starts (UTC), inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub updated_since: Option<DateTime<Utc>>,
}

/// Arguments of a list of events, the key of a batched nested list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EventList {
    pub filter: EventFilter,
    pub page: PageRequest,
}

/// Events in the order they happen, then as recorded.
const BY_START: SortKey<event::Entity> = SortKey {
    name: "starts_at",
    column: Some(event::Column::StartsAt),
    nulls_as: None,
    id: event::Column::Id,
    descending: false,
    value_of: |event| SortValue::Time(event.starts_at),
};

/// The first instant of `day`, UTC.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

fn filtered(filter: &EventFilter) -> Select<event::Entity> {
    use event::Column;
    let mut select = event::Entity::find();
    if let Some(center_id) = filter.center_id {
        select = select.filter(Column::CenterId.eq(center_id));
    }
    if let Some(kinds) = &filter.kinds {
        select = select.filter(Column::Kind.is_in(kinds.iter().copied()));
    }
    if let Some(from) = filter.from {
        select = select.filter(Column::StartsAt.gte(start_of(from)));
    }
    if let Some(next_day) = filter.to.and_then(|to| to.succ_opt()) {
        select = select.filter(Column::StartsAt.lt(start_of(next_day)));
    }
    if let Some(since) = filter.updated_since {
        select = select.filter(Column::UpdatedAt.gte(since));
    }
    select
}

/// A page of events, in the order they happen.
pub async fn list_events(db: &DatabaseConnection, list: &EventList) -> Result<Page<event::Model>> {
    page::fetch(db, filtered(&list.filter), &BY_START, &list.page).await
}

/// A page of events for each center, in one statement.
pub async fn events_of_centers(
    db: &DatabaseConnection,
    centers: &[i64],
    list: &EventList,
) -> Result<HashMap<i64, Page<event::Model>>> {
    page::fetch_children(
        db,
        filtered(&list.filter),
        event::Column::CenterId,
        centers,
        &BY_START,
        &list.page,
    )
    .await
}

/// Each event's participants, as they were added.
pub async fn participants_of(
    db: &DatabaseConnection,
    events: &[i64],
) -> Result<HashMap<i64, Vec<event_participant::Model>>> {
    use event_participant::Column;
    let rows = event_participant::Entity::find()
        .filter(Column::EventId.is_in(events.iter().copied()))
        .order_by_asc(Column::Id)
        .all(db)
        .await?;
    Ok(crate::service::lookup::group_by(rows, |row| row.event_id))
}

/// The page of events `list` asks for, each row read as `read` says, as [`list_events`] reads it.
pub fn planned_events(list: &EventList, count: bool, read: Read) -> Result<ListRead> {
    ListRead::new(filtered(&list.filter), &BY_START, &list.page, count, read)
}

/// Links to `read` the page `list` of the events of each of its rows (centers), as
/// [`events_of_centers`] reads it.
pub fn plan_events_of(
    read: &mut Read,
    list: &EventList,
    count: bool,
    child: Read,
) -> Result<usize> {
    let page = ListRead::new(filtered(&list.filter), &BY_START, &list.page, count, child)?;
    Ok(read.many(event::Column::CenterId, page))
}

/// Links to `read` the participants of each of its rows (events), as they were added, as
/// [`participants_of`] reads them.
pub fn plan_participants(read: &mut Read, child: Read) -> usize {
    use event_participant::Column;
    read.all::<event_participant::Entity>(Column::EventId, vec![(Column::Id, Order::Asc)], child)
}
