//! Planned reads (issue 12): a root field's whole selection read in ONE SQL statement that builds
//! the nested answer in the database as JSON — `json_build_object`/`json_agg` on PostgreSQL,
//! `json_object`/`json_group_array` on SQLite — instead of one statement per level.
//!
//! The description handed in ([`Read`], [`ListRead`]) knows tables and columns, not GraphQL.
//! Lists are built from the same filtered `Select`, [`SortKey`] and [`PageRequest`] the
//! resolvers' lists use, so a planned page holds exactly the rows, in the order, with the
//! cursors and the `pageInfo` of the resolvers' page. The SQL is built with sea-query; the JSON
//! functions it does not model are `Func::cust` calls over its expressions, their keys static
//! identifiers, and every value is bound.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, IntoIden, Order, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{
    DatabaseConnection, DbErr, EntityTrait, QueryOrder, QuerySelect, QueryTrait, Select,
};
use serde_json::{Map, Value as Json};

use crate::error::{AppError, Result};
use crate::service::json::{JsonSql, select_json};
use crate::service::page::{Cursor, KeyKind, PageRequest, SortKey, SortValue, trim};

/// What to read of each row of a table: some of its columns, rows linked to it, and values
/// computed for it.
#[derive(Default)]
pub struct Read {
    columns: Vec<String>,
    links: Vec<Link>,
    computed: Vec<Compute>,
    /// The index of each value computed once by its key ([`Read::computed_once`]).
    keyed: Vec<(&'static str, usize)>,
}

/// Builds, for the row of the given alias, the correlated query of a computed value.
type Compute = Box<dyn Fn(&str) -> Computed + Send + Sync>;

/// Builds, for the row of the given alias, the correlated query whose rows a [`Read::rows`]
/// link reads.
type Source = Box<dyn Fn(&str) -> SelectStatement + Send + Sync>;

/// A value computed for a row inside the statement: `values`, named, over the one row that
/// `query` (its `FROM`, joins, `WHERE` on the row and any `GROUP BY`, no select list) returns;
/// they come back as one JSON object, read with [`Row::computed`].
pub struct Computed {
    pub query: SelectStatement,
    pub values: Vec<(&'static str, SimpleExpr)>,
}

enum Link {
    /// The row of `table` whose `id` is this row's `fk`: zero or one.
    One {
        table: String,
        fk: String,
        read: Read,
    },
    /// A page of the rows of a list whose `fk` holds this row's `id`.
    Many { fk: String, list: Box<ListRead> },
    /// Columns of this very row read as one object, only on the rows `admits` lets through
    /// (personal data): the others read null, and their values never leave the database.
    Gated { read: Read, admits: Admits },
    /// The first row, by id, of `table` whose `fk` holds this row's `id` and whose columns
    /// hold the values of `filter`: zero or one (the ACTIVE agreement of a center).
    Only {
        table: String,
        fk: String,
        filter: Vec<(String, sea_orm::Value)>,
        read: Read,
    },
    /// Every row of `table` whose `fk` holds this row's `id`, in `order`: a plain list.
    All {
        table: String,
        fk: String,
        /// Columns that must hold these values (a list's own filter).
        filter: Vec<(String, sea_orm::Value)>,
        order: Vec<(String, Order)>,
        read: Read,
    },
    /// Every row `source` builds for this row, in `order`: a plain list of rows that no one
    /// table holds (a left join, say).
    Rows {
        source: Source,
        order: Vec<(String, Order)>,
        read: Read,
    },
}

/// The rows on which a [`Read::gated`] part is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Admits {
    Every,
    /// The rows whose column holds this value.
    Where(String, i64),
    /// The rows whose `fk` names a row of `table` whose `column` holds this value (a
    /// participant whose event is of one center).
    Via {
        fk: String,
        table: String,
        column: String,
        value: i64,
    },
    Nothing,
}

impl Read {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads `column` (once, however often it is asked for).
    pub fn column(&mut self, column: impl IntoIden) {
        let name = column.into_iden().to_string();
        if !self.columns.contains(&name) {
            self.columns.push(name);
        }
    }

    /// Reads the row of `E` that this row's `fk` names; returns its index among the links.
    pub fn one<E: EntityTrait>(&mut self, fk: impl IntoIden, read: Read) -> usize {
        self.links.push(Link::One {
            table: E::default().table_name().to_owned(),
            fk: fk.into_iden().to_string(),
            read,
        });
        self.links.len() - 1
    }

    /// Reads the first row, by id, of `E` whose `fk` holds this row's id and whose columns hold
    /// the values of `filter`; returns its index among the links.
    pub fn only<E: EntityTrait>(
        &mut self,
        fk: impl IntoIden,
        filter: Vec<(E::Column, sea_orm::Value)>,
        read: Read,
    ) -> usize {
        self.links.push(Link::Only {
            table: E::default().table_name().to_owned(),
            fk: fk.into_iden().to_string(),
            filter: filter
                .into_iter()
                .map(|(column, value)| (column.into_iden().to_string(), value))
                .collect(),
            read,
        });
        self.links.len() - 1
    }

    /// Reads the columns of `read` of this row as one object, on the rows `admits` lets through
    /// only; returns its index among the links.
    pub fn gated(&mut self, read: Read, admits: Admits) -> usize {
        debug_assert!(read.links.is_empty(), "a gated part is columns of its row");
        self.links.push(Link::Gated { read, admits });
        self.links.len() - 1
    }

    /// Reads a page of `list` whose `fk` holds this row's id; returns its index among the links.
    pub fn many(&mut self, fk: impl IntoIden, list: ListRead) -> usize {
        self.links.push(Link::Many {
            fk: fk.into_iden().to_string(),
            list: Box::new(list),
        });
        self.links.len() - 1
    }

    /// Reads every row of `E` whose `fk` holds this row's id, ordered by `order` (columns of
    /// `E`, the last one unique), as a plain list; returns its index among the links.
    pub fn all<E: EntityTrait>(
        &mut self,
        fk: impl IntoIden,
        order: Vec<(E::Column, Order)>,
        read: Read,
    ) -> usize {
        self.all_where::<E>(fk, Vec::new(), order, read)
    }

    /// [`Self::all`] of the rows whose columns also hold the values of `filter`.
    pub fn all_where<E: EntityTrait>(
        &mut self,
        fk: impl IntoIden,
        filter: Vec<(E::Column, sea_orm::Value)>,
        order: Vec<(E::Column, Order)>,
        read: Read,
    ) -> usize {
        self.links.push(Link::All {
            table: E::default().table_name().to_owned(),
            fk: fk.into_iden().to_string(),
            filter: filter
                .into_iter()
                .map(|(column, value)| (column.into_iden().to_string(), value))
                .collect(),
            order: order
                .into_iter()
                .map(|(column, order)| (column.into_iden().to_string(), order))
                .collect(),
            read,
        });
        self.links.len() - 1
    }

    /// Reads every row of the query `source` builds for this row, given its alias (a query
    /// correlated with the row), ordered by `order` (columns of its rows, the last one unique),
    /// as a plain list; returns its index among the links.
    pub fn rows(
        &mut self,
        source: impl Fn(&str) -> SelectStatement + Send + Sync + 'static,
        order: Vec<(String, Order)>,
        read: Read,
    ) -> usize {
        self.links.push(Link::Rows {
            source: Box::new(source),
            order,
            read,
        });
        self.links.len() - 1
    }

    /// Reads a value `compute` builds for this row, given its alias; returns its index, for
    /// [`Row::computed`].
    pub fn computed(
        &mut self,
        compute: impl Fn(&str) -> Computed + Send + Sync + 'static,
    ) -> usize {
        self.computed.push(Box::new(compute));
        self.computed.len() - 1
    }

    /// [`Read::computed`] once per `key`, however many fields ask for it (an indicator's
    /// latest value and its progress share one).
    pub fn computed_once(
        &mut self,
        key: &'static str,
        compute: impl Fn(&str) -> Computed + Send + Sync + 'static,
    ) -> usize {
        if let Some((_, index)) = self.keyed.iter().find(|(keyed, _)| *keyed == key) {
            return *index;
        }
        let index = self.computed(compute);
        self.keyed.push((key, index));
        index
    }
}

/// A page of a list: its filter, order and window as the resolvers' list builds them.
pub struct ListRead {
    /// The filtered rows, without the window: what `totalCount` counts.
    filtered: SelectStatement,
    /// The window of the page in reading order, one row more than the page.
    window: SelectStatement,
    order: Vec<(SimpleExpr, Order)>,
    key: Option<SimpleExpr>,
    cursor: (&'static str, KeyKind),
    request: PageRequest,
    count: bool,
    read: Read,
}

impl ListRead {
    /// The page `request` of `select` in `key`'s order, each row read as `read` says; `count`
    /// when the whole list's size is asked for.
    pub fn new<E: EntityTrait>(
        select: Select<E>,
        key: &SortKey<E>,
        request: &PageRequest,
        count: bool,
        mut read: Read,
    ) -> Result<Self> {
        // Every row's cursor needs its id.
        read.column(key.id);
        let order = key.read_order(request.direction);
        let mut ordering = Vec::new();
        if let Some(key_expr) = key.key_expr() {
            ordering.push((key_expr, order.clone()));
        }
        ordering.push((Expr::col(key.id), order));
        let mut window = key.window(select.clone(), request)?;
        for (expr, order) in &ordering {
            window = window.order_by(expr.clone(), order.clone());
        }
        let window = window.limit(request.limit + 1).into_query();
        Ok(Self {
            filtered: select.into_query(),
            window,
            order: ordering,
            key: key.key_expr(),
            cursor: (key.name, key.kind()),
            request: request.clone(),
            count,
            read,
        })
    }
}

/// What a planned statement reads.
pub enum Root {
    /// The row of `E` with this id, if any.
    One { table: String, id: i64, read: Read },
    /// A page of a list.
    List(Box<ListRead>),
}

impl Root {
    pub fn one<E: EntityTrait>(id: i64, read: Read) -> Self {
        Root::One {
            table: E::default().table_name().to_owned(),
            id,
            read,
        }
    }
}

/// A row as read: its columns by name (raw values: ids and amounts as integers, enums as
/// stored, dates and instants as text), and its links in the order they were added.
#[derive(Debug)]
pub struct Row {
    pub columns: Map<String, Json>,
    pub links: Vec<Linked>,
}

impl Row {
    /// The JSON object of the computed value at `index` of [`Read::computed`].
    pub fn computed(&self, index: usize) -> Option<&Json> {
        self.columns.get(&computed_key(index))
    }
}

#[derive(Debug)]
pub enum Linked {
    One(Option<Box<Row>>),
    Many(RowPage),
    All(Vec<Row>),
}

/// A page of rows with their cursors, as the resolvers' [`crate::service::page::Page`] holds it.
#[derive(Debug)]
pub struct RowPage {
    pub rows: Vec<(Cursor, Row)>,
    pub has_previous: bool,
    pub has_next: bool,
    /// The whole list's size, when it was asked for.
    pub total: Option<u64>,
}

/// The answer of a planned statement.
#[derive(Debug)]
pub enum Answer {
    One(Option<Row>),
    List(RowPage),
}

/// Runs `root` as one statement, with `check` (a boolean expression, such as the viewer's
/// claims still holding) evaluated beside it: its value comes back with the answer.
pub async fn read(
    db: &DatabaseConnection,
    root: &Root,
    check: Option<SimpleExpr>,
) -> Result<(Answer, Option<bool>)> {
    let backend = db.get_database_backend();
    let json = JsonSql::new(backend);
    let mut aliases = 0;
    let statement = match root {
        Root::One { table, id, read } => {
            let alias = next_alias(&mut aliases);
            let mut select = Query::select();
            select
                .expr(row_object(&json, &alias, read, None, &mut aliases))
                .from_as(Alias::new(table), Alias::new(&alias))
                .and_where(Expr::col((Alias::new(&alias), Alias::new("id"))).eq(*id));
            select
        }
        Root::List(list) => page_query(&json, list, None, &mut aliases),
    };
    let (parsed, checked) = select_json(
        db,
        SimpleExpr::SubQuery(None, Box::new(statement.into())),
        check,
    )
    .await?;
    let answer = match root {
        Root::One { read, .. } => Answer::One(match parsed {
            Some(value) => Some(row_of(value, read)?),
            None => None,
        }),
        Root::List(list) => Answer::List(page_of(parsed.ok_or_else(|| unreadable("list"))?, list)?),
    };
    Ok((answer, checked))
}

fn next_alias(aliases: &mut usize) -> String {
    *aliases += 1;
    format!("t{aliases}")
}

/// The JSON keys of links and of a list's parts: none is a column name.
fn link_key(index: usize) -> String {
    format!("@{index}")
}
/// The JSON key of a computed value: none is a column name or a link's key.
fn computed_key(index: usize) -> String {
    format!("#{index}")
}
const ROWS: &str = "@rows";
const TOTAL: &str = "@total";
const KEY: &str = "@key";

/// The JSON object of a row of `alias` as `read` says, with `extra` (a list row's order key,
/// to build its cursor).
fn row_object(
    json: &JsonSql,
    alias: &str,
    read: &Read,
    extra: Option<(String, SimpleExpr)>,
    aliases: &mut usize,
) -> SimpleExpr {
    let mut pairs = columns(alias, read);
    pairs.extend(extra);
    for (index, link) in read.links.iter().enumerate() {
        let query = match link {
            Link::Gated { read, admits } => {
                let object = json.object(columns(alias, read));
                let value = match admits {
                    Admits::Every => object,
                    Admits::Where(column, value) => json.when(
                        Expr::col((Alias::new(alias), Alias::new(column))).eq(*value),
                        object,
                    ),
                    Admits::Via {
                        fk,
                        table,
                        column,
                        value,
                    } => {
                        let mut linked = Query::select();
                        linked
                            .column(Alias::new("id"))
                            .from(Alias::new(table))
                            .and_where(Expr::col(Alias::new(column)).eq(*value));
                        json.when(
                            Expr::col((Alias::new(alias), Alias::new(fk))).in_subquery(linked),
                            object,
                        )
                    }
                    Admits::Nothing => Expr::null(),
                };
                pairs.push((link_key(index), value));
                continue;
            }
            Link::One { table, fk, read } => {
                let inner = next_alias(aliases);
                let mut select = Query::select();
                select
                    .expr(row_object(json, &inner, read, None, aliases))
                    .from_as(Alias::new(table), Alias::new(&inner))
                    .and_where(
                        Expr::col((Alias::new(&inner), Alias::new("id")))
                            .equals((Alias::new(alias), Alias::new(fk))),
                    );
                select
            }
            Link::Only {
                table,
                fk,
                filter,
                read,
            } => {
                let inner = next_alias(aliases);
                let mut select = Query::select();
                select
                    .expr(row_object(json, &inner, read, None, aliases))
                    .from_as(Alias::new(table), Alias::new(&inner))
                    .and_where(
                        Expr::col((Alias::new(&inner), Alias::new(fk)))
                            .equals((Alias::new(alias), Alias::new("id"))),
                    );
                for (column, value) in filter {
                    select.and_where(
                        Expr::col((Alias::new(&inner), Alias::new(column))).eq(value.clone()),
                    );
                }
                select
                    .order_by((Alias::new(&inner), Alias::new("id")), Order::Asc)
                    .limit(1);
                select
            }
            Link::Many { fk, list } => page_query(json, list, Some((fk, alias)), aliases),
            Link::All {
                table,
                fk,
                filter,
                order,
                read,
            } => {
                let mut query = all_query(json, (table, fk, order), read, alias, aliases);
                for (column, value) in filter {
                    query.and_where(Expr::col(Alias::new(column)).eq(value.clone()));
                }
                query
            }
            Link::Rows {
                source,
                order,
                read,
            } => rows_query(json, source(alias), order, read, aliases),
        };
        pairs.push((link_key(index), json.nested(query)));
    }
    for (index, compute) in read.computed.iter().enumerate() {
        let Computed { mut query, values } = compute(alias);
        let values = values
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        query.expr(json.object(values));
        pairs.push((computed_key(index), json.nested(query)));
    }
    json.object(pairs)
}

/// The `(name, alias.column)` pairs of the columns of `read`.
fn columns(alias: &str, read: &Read) -> Vec<(String, SimpleExpr)> {
    read.columns
        .iter()
        .map(|column| {
            (
                column.clone(),
                Expr::col((Alias::new(alias), Alias::new(column))),
            )
        })
        .collect()
}

/// The JSON array of every row of `table` whose `fk` holds the id of the row `parent`, in
/// `order`.
fn all_query(
    json: &JsonSql,
    (table, fk, order): (&String, &String, &[(String, Order)]),
    read: &Read,
    parent: &str,
    aliases: &mut usize,
) -> SelectStatement {
    let alias = next_alias(aliases);
    let mut select = Query::select();
    select
        .expr(array_of(json, &alias, read, order, aliases))
        .from_as(Alias::new(table), Alias::new(&alias))
        .and_where(
            Expr::col((Alias::new(&alias), Alias::new(fk)))
                .equals((Alias::new(parent), Alias::new("id"))),
        );
    select
}

/// The JSON array of every row of `source`, in `order`.
fn rows_query(
    json: &JsonSql,
    source: SelectStatement,
    order: &[(String, Order)],
    read: &Read,
    aliases: &mut usize,
) -> SelectStatement {
    let alias = next_alias(aliases);
    let mut select = Query::select();
    select
        .expr(array_of(json, &alias, read, order, aliases))
        .from_subquery(source, Alias::new(&alias));
    select
}

/// The JSON array of the rows read as `alias`, in `order`.
fn array_of(
    json: &JsonSql,
    alias: &str,
    read: &Read,
    order: &[(String, Order)],
    aliases: &mut usize,
) -> Expr {
    let row = row_object(json, alias, read, None, aliases);
    let order = order
        .iter()
        .map(|(column, order)| {
            (
                Expr::col((Alias::new(alias), Alias::new(column))),
                order.clone(),
            )
        })
        .collect();
    json.array(row, order)
}

/// `{"@rows": [row, …], "@total": n}` of a page of `list`, restricted to the children of
/// `parent` (the link's column, the parent row's alias) when nested.
fn page_query(
    json: &JsonSql,
    list: &ListRead,
    parent: Option<(&String, &str)>,
    aliases: &mut usize,
) -> SelectStatement {
    let alias = next_alias(aliases);
    let mut window = list.window.clone();
    let mut filtered = list.filtered.clone();
    if let Some((fk, parent)) = parent {
        let of_parent = Expr::col(Alias::new(fk)).equals((Alias::new(parent), Alias::new("id")));
        window.and_where(of_parent.clone());
        filtered.and_where(of_parent);
    }
    let key = list.key.clone().map(|key| (KEY.to_owned(), key));
    let row = row_object(json, &alias, &list.read, key, aliases);
    let mut pairs = vec![(ROWS.to_owned(), json.array(row, list.order.clone()))];
    if list.count {
        filtered.clear_selects().expr(Expr::cust("COUNT(*)"));
        pairs.push((
            TOTAL.to_owned(),
            SimpleExpr::SubQuery(None, Box::new(filtered.into())),
        ));
    }
    let mut select = Query::select();
    select
        .expr(json.object(pairs))
        .from_subquery(window, Alias::new(&alias));
    select
}

/// What the statement returned could not be read: a bug, never the caller's fault.
fn unreadable(what: &str) -> AppError {
    AppError::Internal(DbErr::Custom(format!("planned read: unreadable {what}")))
}

fn row_of(value: Json, read: &Read) -> Result<Row> {
    let Json::Object(mut columns) = value else {
        return Err(unreadable("row"));
    };
    let mut links = Vec::with_capacity(read.links.len());
    for (index, link) in read.links.iter().enumerate() {
        let value = columns.remove(&link_key(index)).unwrap_or(Json::Null);
        links.push(match link {
            Link::One { read, .. } | Link::Only { read, .. } | Link::Gated { read, .. } => {
                Linked::One(match value {
                    Json::Null => None,
                    value => Some(Box::new(row_of(value, read)?)),
                })
            }
            Link::Many { list, .. } => Linked::Many(page_of(value, list)?),
            Link::All { read, .. } | Link::Rows { read, .. } => {
                let Json::Array(rows) = value else {
                    return Err(unreadable("rows"));
                };
                Linked::All(
                    rows.into_iter()
                        .map(|row| row_of(row, read))
                        .collect::<Result<_>>()?,
                )
            }
        });
    }
    Ok(Row { columns, links })
}

fn page_of(value: Json, list: &ListRead) -> Result<RowPage> {
    let Json::Object(mut parts) = value else {
        return Err(unreadable("page"));
    };
    let Some(Json::Array(rows)) = parts.remove(ROWS) else {
        return Err(unreadable("rows"));
    };
    let total = match parts.remove(TOTAL) {
        Some(total) => Some(total.as_u64().ok_or_else(|| unreadable("total"))?),
        None => None,
    };
    let (name, kind) = list.cursor;
    let rows = rows
        .into_iter()
        .map(|value| {
            let mut row = row_of(value, &list.read)?;
            let key = row.columns.remove(KEY).unwrap_or(Json::Null);
            let id = row
                .columns
                .get("id")
                .and_then(Json::as_i64)
                .ok_or_else(|| unreadable("id"))?;
            let value = sort_value(kind, &key).ok_or_else(|| unreadable("order key"))?;
            Ok((
                Cursor {
                    order: name.to_owned(),
                    value,
                    id,
                },
                row,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let (rows, has_previous, has_next) = trim(rows, &list.request);
    Ok(RowPage {
        rows,
        has_previous,
        has_next,
        total,
    })
}

fn sort_value(kind: KeyKind, key: &Json) -> Option<SortValue> {
    Some(match kind {
        KeyKind::Id => SortValue::Id,
        KeyKind::Text => SortValue::Text(key.as_str()?.to_owned()),
        KeyKind::Int => SortValue::Int(key.as_i64()?),
        KeyKind::Date => SortValue::Date(date(key.as_str()?)?),
        KeyKind::Time => SortValue::Time(instant(key.as_str()?)?),
    })
}

/// A day as either database writes it in JSON: "2003-07-05".
pub fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// An instant as either database writes it in JSON: PostgreSQL "2003-07-05T10:00:00.5+00:00",
/// SQLite the stored text, "2003-07-05 10:00:00.5+00:00" or without an offset (UTC).
pub fn instant(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.with_timezone(&Utc));
    }
    if let Ok(instant) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z") {
        return Some(instant.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f"))
        .ok()
        .map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_read_in_every_form_the_databases_write() {
        let expected = "2003-07-05T10:00:00.250Z".parse::<DateTime<Utc>>().unwrap();
        for text in [
            "2003-07-05T10:00:00.25+00:00",
            "2003-07-05 10:00:00.25+00:00",
            "2003-07-05 12:00:00.25+02:00",
            "2003-07-05 10:00:00.250",
            "2003-07-05T10:00:00.25",
        ] {
            assert_eq!(instant(text), Some(expected), "{text}");
        }
        assert_eq!(instant("5 July 2003"), None);
        assert_eq!(date("2003-07-05"), NaiveDate::from_ymd_opt(2003, 7, 5));
    }
}
