//! Keyset pagination over (order key, id), shared by every list of the API, top-level or nested.
//!
//! A cursor names the last row seen by its key and id, never an offset, so it stays valid while
//! rows are inserted or deleted around it. Ties on the key are broken by the id, which is unique.
//! Nested lists (a page of commitments for each of 50 projects) are read in one statement with
//! `ROW_NUMBER() OVER (PARTITION BY parent …)`, so their cost does not grow with the page above.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use futures::future::BoxFuture;
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, Func, IntoCondition, Query, SimpleExpr, WindowStatement,
};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, ModelTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Value,
};
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;

use crate::error::{AppError, Result};

/// The value of a row's order key, as carried in a cursor.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortValue {
    /// The list is ordered by id alone.
    Id,
    Text(String),
    Int(i64),
    Date(NaiveDate),
    Time(DateTime<Utc>),
}

impl SortValue {
    fn into_value(self) -> Option<Value> {
        match self {
            SortValue::Id => None,
            SortValue::Text(text) => Some(text.into()),
            SortValue::Int(int) => Some(int.into()),
            SortValue::Date(date) => Some(date.into()),
            SortValue::Time(time) => Some(time.into()),
        }
    }
}

/// The type of an order key's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Id,
    Text,
    Int,
    Date,
    Time,
}

/// A position in a list: the order key and id of a row, and the name of the order it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cursor {
    pub order: String,
    pub value: SortValue,
    pub id: i64,
}

/// Which end of the window a page is taken from: `first` reads forward, `last` backward.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Forward,
    Backward,
}

/// A validated page request: at most `limit` rows strictly between `after` and `before`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PageRequest {
    pub limit: u64,
    pub direction: Direction,
    pub after: Option<Cursor>,
    pub before: Option<Cursor>,
}

/// How a list is ordered: by a key column then id (or by id alone), ascending or descending.
pub struct SortKey<E: EntityTrait> {
    /// Names the order in cursors, so a cursor of one order is never read in another.
    pub name: &'static str,
    pub column: Option<E::Column>,
    /// For a nullable key: the value NULL sorts as (e.g. a far-future date puts NULLs last).
    pub nulls_as: Option<fn() -> Value>,
    pub id: E::Column,
    pub descending: bool,
    /// Reads a row's key (with `nulls_as` applied), to build its cursor.
    pub value_of: fn(&E::Model) -> SortValue,
}

impl<E: EntityTrait> SortKey<E> {
    /// The same order, reversed when `descending`.
    pub fn directed(&self, descending: bool) -> Self {
        Self {
            name: self.name,
            column: self.column,
            nulls_as: self.nulls_as,
            id: self.id,
            descending,
            value_of: self.value_of,
        }
    }

    pub(crate) fn key_expr(&self) -> Option<SimpleExpr> {
        let column = Expr::col(self.column?);
        Some(match self.nulls_as {
            Some(sentinel) => Func::coalesce([column, Expr::val(sentinel())]).into(),
            None => column,
        })
    }

    /// The order rows are read in: the list's own, or its reverse when reading backward.
    pub(crate) fn read_order(&self, direction: Direction) -> Order {
        if self.descending != (direction == Direction::Backward) {
            Order::Desc
        } else {
            Order::Asc
        }
    }

    /// The rows strictly after (`greater`) or before the cursor in (key, id) order.
    fn beyond(&self, cursor: &Cursor, greater: bool) -> Condition {
        let compare = |left: SimpleExpr, right: SimpleExpr| -> SimpleExpr {
            if greater {
                left.gt(right)
            } else {
                left.lt(right)
            }
        };
        let past_id = compare(Expr::col(self.id), Expr::val(cursor.id));
        match (self.key_expr(), cursor.value.clone().into_value()) {
            (Some(key), Some(value)) => Condition::any()
                .add(compare(key.clone(), Expr::val(value.clone())))
                .add(Condition::all().add(key.eq(Expr::val(value))).add(past_id)),
            _ => past_id.into_condition(),
        }
    }

    /// Restricts `select` to the request's window (between its cursors).
    pub(crate) fn window(&self, mut select: Select<E>, request: &PageRequest) -> Result<Select<E>> {
        for cursor in [&request.after, &request.before].into_iter().flatten() {
            if cursor.order != self.name {
                return Err(AppError::bad_input(
                    "this cursor belongs to another order of the list",
                ));
            }
        }
        if let Some(after) = &request.after {
            select = select.filter(self.beyond(after, !self.descending));
        }
        if let Some(before) = &request.before {
            select = select.filter(self.beyond(before, self.descending));
        }
        Ok(select)
    }

    /// What the key's values are, so a cursor can be read back from a row the database wrote
    /// as JSON (the read planner's rows are JSON, not models).
    pub(crate) fn kind(&self) -> KeyKind {
        use sea_orm::sea_query::ColumnType;
        let Some(column) = self.column else {
            return KeyKind::Id;
        };
        match column.def().get_column_type() {
            ColumnType::TimestampWithTimeZone | ColumnType::Timestamp | ColumnType::DateTime => {
                KeyKind::Time
            }
            ColumnType::Date => KeyKind::Date,
            ColumnType::BigInteger | ColumnType::Integer | ColumnType::SmallInteger => KeyKind::Int,
            _ => KeyKind::Text,
        }
    }

    fn cursor_of(&self, row: &E::Model) -> Cursor
    where
        E::Model: ModelTrait<Entity = E>,
    {
        Cursor {
            order: self.name.to_owned(),
            value: if self.column.is_some() {
                (self.value_of)(row)
            } else {
                SortValue::Id
            },
            id: id_of(row, self.id),
        }
    }
}

fn id_of<M: ModelTrait>(row: &M, column: <M::Entity as EntityTrait>::Column) -> i64 {
    match row.get(column) {
        Value::BigInt(Some(id)) => id,
        Value::Int(Some(id)) => i64::from(id),
        _ => 0,
    }
}

/// One page of rows, each with its cursor, in list order.
#[derive(Clone)]
pub struct Page<M> {
    pub rows: Vec<(Cursor, M)>,
    pub has_previous: bool,
    pub has_next: bool,
    /// Counts every row of the list (all pages), run only when a client asks for `totalCount`.
    pub counter: Counter,
}

impl<M> Page<M> {
    /// Builds a page from rows read in `request`'s direction, one more than the limit if more
    /// rows exist.
    fn from_rows(rows: Vec<(Cursor, M)>, request: &PageRequest, counter: Counter) -> Self {
        let (rows, has_previous, has_next) = trim(rows, request);
        Page {
            rows,
            has_previous,
            has_next,
            counter,
        }
    }
}

/// Rows read in `request`'s direction (one more than the limit if more rows exist) as the page
/// shows them, with whether rows exist before and after it.
pub(crate) fn trim<T>(mut rows: Vec<T>, request: &PageRequest) -> (Vec<T>, bool, bool) {
    let has_more = rows.len() as u64 > request.limit;
    rows.truncate(usize::try_from(request.limit).unwrap_or(usize::MAX));
    let backward = request.direction == Direction::Backward;
    if backward {
        rows.reverse();
    }
    let has_previous = if backward {
        has_more
    } else {
        request.after.is_some()
    };
    let has_next = if backward {
        request.before.is_some()
    } else {
        has_more
    };
    (rows, has_previous, has_next)
}

/// A deferred `COUNT(*)` over a list's filter.
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
    let counter = counter(db, select.clone());
    let order = key.read_order(request.direction);
    let mut window = key.window(select, request)?;
    if let Some(key_expr) = key.key_expr() {
        window = window.order_by(key_expr, order.clone());
    }
    let rows = window
        .order_by(key.id, order)
        .limit(request.limit + 1)
        .all(db)
        .await?
        .into_iter()
        .map(|row| (key.cursor_of(&row), row))
        .collect();
    Ok(Page::from_rows(rows, request, counter))
}

/// Reads one page of `select` for each parent in `parents` (rows whose `parent` column holds the
/// parent's id), all in one statement. Every parent gets a page, empty if it has no rows.
pub async fn fetch_children<E>(
    db: &DatabaseConnection,
    select: Select<E>,
    parent: E::Column,
    parents: &[i64],
    key: &SortKey<E>,
    request: &PageRequest,
) -> Result<HashMap<i64, Page<E::Model>>>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E> + Send + Sync,
{
    let select = select.filter(parent.is_in(parents.iter().copied()));
    let counts = GroupCounts::new(db, select.clone(), parent);
    let order = key.read_order(request.direction);
    let mut ranking = WindowStatement::partition_by(parent);
    if let Some(key_expr) = key.key_expr() {
        ranking.order_by_expr(key_expr, order.clone());
    }
    ranking.order_by_expr(Expr::col(key.id), order);
    let mut ranked = key.window(select, request)?.into_query();
    ranked.expr_window_as(Expr::cust("ROW_NUMBER()"), ranking, Alias::new("cqs_rank"));
    let page_rows = Query::select()
        .column(Asterisk)
        .from_subquery(ranked, Alias::new("ranked"))
        .and_where(Expr::col(Alias::new("cqs_rank")).lte(request.limit + 1))
        .order_by(Alias::new("cqs_rank"), Order::Asc)
        .to_owned();
    let statement = db.get_database_backend().build(&page_rows);
    let mut grouped: HashMap<i64, Vec<(Cursor, E::Model)>> =
        parents.iter().map(|id| (*id, Vec::new())).collect();
    for row in E::find().from_raw_sql(statement).all(db).await? {
        let rows = grouped.entry(id_of(&row, parent)).or_default();
        rows.push((key.cursor_of(&row), row));
    }
    Ok(grouped
        .into_iter()
        .map(|(parent_id, rows)| {
            let counter = counts.counter_for(parent_id);
            (parent_id, Page::from_rows(rows, request, counter))
        })
        .collect())
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

/// The row counts of every parent of a batch, computed by one `GROUP BY` the first time any of
/// the batch's pages is asked for its `totalCount`.
struct GroupCounts<E: EntityTrait> {
    db: DatabaseConnection,
    select: Select<E>,
    parent: E::Column,
    counts: Arc<OnceCell<HashMap<i64, u64>>>,
}

impl<E> GroupCounts<E>
where
    E: EntityTrait,
    E::Model: Send + Sync,
{
    fn new(db: &DatabaseConnection, select: Select<E>, parent: E::Column) -> Arc<Self> {
        Arc::new(Self {
            db: db.clone(),
            select,
            parent,
            counts: Arc::new(OnceCell::new()),
        })
    }

    async fn count(&self, parent_id: i64) -> Result<u64> {
        let counts = self
            .counts
            .get_or_try_init(|| async {
                let rows: Vec<(i64, i64)> = self
                    .select
                    .clone()
                    .select_only()
                    .column(self.parent)
                    .column_as(Expr::col(self.parent).count(), "count")
                    .group_by(self.parent)
                    .into_tuple()
                    .all(&self.db)
                    .await?;
                Ok::<_, AppError>(
                    rows.into_iter()
                        .map(|(id, count)| (id, u64::try_from(count).unwrap_or_default()))
                        .collect(),
                )
            })
            .await?;
        Ok(counts.get(&parent_id).copied().unwrap_or(0))
    }
}

trait CounterFor {
    fn counter_for(&self, parent_id: i64) -> Counter;
}

impl<E> CounterFor for Arc<GroupCounts<E>>
where
    E: EntityTrait,
    E::Model: Send + Sync,
{
    fn counter_for(&self, parent_id: i64) -> Counter {
        let counts = Arc::clone(self);
        Counter(Arc::new(move || {
            let counts = Arc::clone(&counts);
            Box::pin(async move { counts.count(parent_id).await })
        }))
    }
}
