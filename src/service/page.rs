//! Keyset pagination over (order key, id), shared by every list of the API.
//!
//! A cursor names the last row seen by its key and id, never an offset, so it stays valid while
//! rows are inserted or deleted around it. Ties on the key are broken by the id, which is unique.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use futures::future::BoxFuture;
use sea_orm::sea_query::{IntoCondition, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, ModelTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, Value,
};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Result};

/// The value of a row's order key, as carried in a cursor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SortValue {
    /// The list is ordered by id alone.
    Id,
    Text(String),
    Int(i64),
    Date(NaiveDate),
    Time(DateTime<Utc>),
}

impl From<SortValue> for Option<Value> {
    fn from(value: SortValue) -> Self {
        match value {
            SortValue::Id => None,
            SortValue::Text(text) => Some(text.into()),
            SortValue::Int(int) => Some(int.into()),
            SortValue::Date(date) => Some(date.into()),
            SortValue::Time(time) => Some(time.into()),
        }
    }
}

/// A position in a list: the order key and id of a row, and the name of the order it belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    pub order: String,
    pub value: SortValue,
    pub id: i64,
}

/// Which end of the window a page is taken from: `first` reads forward, `last` backward.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

/// A validated page request: at most `limit` rows strictly between `after` and `before`.
#[derive(Clone, Debug)]
pub struct PageRequest {
    pub limit: u64,
    pub direction: Direction,
    pub after: Option<Cursor>,
    pub before: Option<Cursor>,
}

/// How a list is ordered: by `column` then id (or by id alone), ascending or descending.
pub struct SortKey<E: EntityTrait> {
    /// Names the order in cursors, so a cursor of one order is never read in another.
    pub name: &'static str,
    pub column: Option<E::Column>,
    pub id: E::Column,
    pub descending: bool,
    /// Reads a row's key, to build its cursor.
    pub value_of: fn(&E::Model) -> SortValue,
}

/// One page of rows, each with its cursor, in list order.
pub struct Page<M> {
    pub rows: Vec<(Cursor, M)>,
    pub has_previous: bool,
    pub has_next: bool,
    /// Counts every row of the list (all pages), run only when a client asks for `totalCount`.
    pub counter: Counter,
}

/// A deferred `COUNT(*)` over the list's filter.
#[derive(Clone)]
pub struct Counter(Arc<dyn Fn() -> BoxFuture<'static, Result<u64>> + Send + Sync>);

impl Counter {
    pub async fn count(&self) -> Result<u64> {
        (self.0)().await
    }
}

/// Reads one page of `select` (already filtered) in the order of `key`.
pub async fn fetch<E>(
    db: &DatabaseConnection,
    select: Select<E>,
    key: &SortKey<E>,
    request: &PageRequest,
) -> Result<Page<E::Model>>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E> + Send + Sync,
{
    for cursor in [&request.after, &request.before].into_iter().flatten() {
        if cursor.order != key.name {
            return Err(AppError::bad_input(
                "this cursor belongs to another order of the list",
            ));
        }
    }
    let counter = counter(db, select.clone());
    let mut window = select;
    if let Some(after) = &request.after {
        window = window.filter(beyond(key, after, !key.descending));
    }
    if let Some(before) = &request.before {
        window = window.filter(beyond(key, before, key.descending));
    }
    let reading_backward = request.direction == Direction::Backward;
    let order = if key.descending != reading_backward {
        Order::Desc
    } else {
        Order::Asc
    };
    if let Some(column) = key.column {
        window = window.order_by(column, order.clone());
    }
    let mut rows = window
        .order_by(key.id, order)
        .limit(request.limit + 1)
        .all(db)
        .await?;
    let has_more = rows.len() as u64 > request.limit;
    rows.truncate(request.limit as usize);
    if reading_backward {
        rows.reverse();
    }
    let rows = rows
        .into_iter()
        .map(|row| (cursor_of(key, &row), row))
        .collect();
    Ok(Page {
        rows,
        has_previous: if reading_backward {
            has_more
        } else {
            request.after.is_some()
        },
        has_next: if reading_backward {
            request.before.is_some()
        } else {
            has_more
        },
        counter,
    })
}

fn cursor_of<E: EntityTrait>(key: &SortKey<E>, row: &E::Model) -> Cursor
where
    E::Model: ModelTrait<Entity = E>,
{
    let id = match row.get(key.id) {
        Value::BigInt(Some(id)) => id,
        Value::Int(Some(id)) => i64::from(id),
        _ => 0,
    };
    let value = if key.column.is_some() {
        (key.value_of)(row)
    } else {
        SortValue::Id
    };
    Cursor {
        order: key.name.to_owned(),
        value,
        id,
    }
}

/// The rows strictly after (`greater`) or before the cursor in (key, id) order.
fn beyond<E: EntityTrait>(key: &SortKey<E>, cursor: &Cursor, greater: bool) -> Condition {
    let compare = |column: E::Column, value: Value| -> SimpleExpr {
        if greater {
            column.gt(value)
        } else {
            column.lt(value)
        }
    };
    let past_id = compare(key.id, cursor.id.into());
    match (key.column, Option::<Value>::from(cursor.value.clone())) {
        (Some(column), Some(value)) => Condition::any()
            .add(compare(column, value.clone()))
            .add(Condition::all().add(column.eq(value)).add(past_id)),
        _ => past_id.into_condition(),
    }
}

fn counter<E>(db: &DatabaseConnection, select: Select<E>) -> Counter
where
    E: EntityTrait,
    E::Model: Send + Sync,
{
    let db = db.clone();
    Counter(Arc::new(move || {
        let db = db.clone();
        let select = select.clone();
        Box::pin(async move { Ok(select.count(&db).await?) })
    }))
}
