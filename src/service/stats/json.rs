//! The JSON functions of each backend, which sea-query does not model: `json_build_object` and
//! `json_agg` on PostgreSQL, `json_object` and `json_group_array` on SQLite, as custom
//! expressions around sea-query expressions, so that every value stays bound.

use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{Alias, Expr, Order, Query, SelectStatement};

use crate::service::json::JsonSql;

/// `(key, value)` pairs of a JSON object.
pub(super) type Fields = Vec<(String, Expr)>;

/// The alias of a figure's own rows inside its JSON subquery.
pub(super) const ROWS: &str = "t";

pub(super) fn col(table: &str, column: &str) -> Expr {
    Expr::col((Alias::new(table), Alias::new(column)))
}

/// The backend's JSON functions, with the shapes the figures take.
pub(super) struct Json(JsonSql);

impl Json {
    pub(super) fn new(backend: DatabaseBackend) -> Self {
        Self(JsonSql::new(backend))
    }

    pub(super) fn object(&self, fields: Fields) -> Expr {
        self.0.object(fields)
    }

    /// An object of the `selected` columns of a row aliased [`ROWS`], with `row`.
    pub(super) fn row_of(&self, selected: &[&str], row: Option<Expr>) -> Expr {
        let mut fields: Fields = selected
            .iter()
            .map(|column| ((*column).to_owned(), col(ROWS, column)))
            .collect();
        if let Some(row) = row {
            fields.push(("row".to_owned(), row));
        }
        self.object(fields)
    }

    /// The one row of `query` as an object.
    pub(super) fn one(&self, query: SelectStatement, selected: &[&str]) -> Expr {
        let item = self.row_of(selected, None);
        let wrapped = Query::select()
            .expr(item)
            .from_subquery(query, Alias::new(ROWS))
            .to_owned();
        self.nested(wrapped)
    }

    /// The rows of `query` as an array of objects of its `selected` columns, in `order`
    /// (column, descending).
    pub(super) fn rows(
        &self,
        query: SelectStatement,
        selected: &[&str],
        order: &[(&str, bool)],
    ) -> Expr {
        let item = self.row_of(selected, None);
        let mut from = Query::select();
        from.from_subquery(query, Alias::new(ROWS));
        self.aggregate(from, item, order)
    }

    /// `query` selecting the array of `item` over its rows in `order`, `[]` over none.
    pub(super) fn aggregate(
        &self,
        mut query: SelectStatement,
        item: Expr,
        order: &[(&str, bool)],
    ) -> Expr {
        let order = order
            .iter()
            .map(|(column, descending)| {
                let direction = if *descending { Order::Desc } else { Order::Asc };
                (col(ROWS, column), direction)
            })
            .collect();
        query.expr(self.0.array(item, order));
        self.0.nested(query)
    }

    fn nested(&self, query: SelectStatement) -> Expr {
        self.0.nested(query)
    }
}
