//! The JSON functions of each backend, which sea-query does not model: `json_build_object` and
//! `json_agg` on PostgreSQL, `json_object` and `json_group_array` on SQLite, as custom
//! expressions around sea-query expressions, so that every value stays bound.

use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, Query, QueryStatementBuilder, SelectStatement,
};

/// `(key, value)` pairs of a JSON object.
pub(super) type Fields = Vec<(String, Expr)>;

/// The alias of a figure's own rows inside its JSON subquery.
pub(super) const ROWS: &str = "t";

pub(super) fn col(table: &str, column: &str) -> Expr {
    Expr::col((Alias::new(table), Alias::new(column)))
}

/// The JSON functions of the backend.
pub(super) struct Json {
    postgres: bool,
}

impl Json {
    pub(super) fn new(backend: DatabaseBackend) -> Self {
        Self {
            postgres: backend == DatabaseBackend::Postgres,
        }
    }

    /// The place of the `n`th expression of a custom expression: numbered on PostgreSQL, in
    /// order on SQLite (sea-query's placeholders of each backend).
    fn slot(&self, n: usize) -> String {
        if self.postgres {
            format!("${n}")
        } else {
            "?".to_owned()
        }
    }

    /// A JSON object of `(key, value)` pairs; keys are names chosen here, never input.
    pub(super) fn object(&self, fields: Fields) -> Expr {
        let name = if self.postgres {
            "json_build_object"
        } else {
            "json_object"
        };
        let args = fields.into_iter().flat_map(|(key, value)| {
            debug_assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            [Expr::cust(format!("'{key}'")), value]
        });
        Func::cust(Alias::new(name)).args(args).into()
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
        let mut exprs = vec![item];
        let mut ordering = Vec::new();
        for (column, descending) in order {
            exprs.push(col(ROWS, column));
            let direction = if *descending { "DESC" } else { "ASC" };
            ordering.push(format!("{} {direction}", self.slot(exprs.len())));
        }
        let order_by = if ordering.is_empty() {
            String::new()
        } else {
            format!(" ORDER BY {}", ordering.join(", "))
        };
        let item = self.slot(1);
        let text = if self.postgres {
            format!("coalesce(json_agg({item}{order_by}), '[]'::json)")
        } else {
            format!("coalesce(json_group_array({item}{order_by}), '[]')")
        };
        query.expr(Expr::cust_with_exprs(text, exprs));
        self.nested(query)
    }

    /// A scalar subquery returning JSON, kept JSON inside the enclosing object: SQLite loses the
    /// JSON subtype across a subquery, so its text is parsed back with `json(…)`.
    fn nested(&self, query: SelectStatement) -> Expr {
        let subquery = Expr::SubQuery(None, Box::new(query.into_sub_query_statement()));
        if self.postgres {
            subquery
        } else {
            Func::cust(Alias::new("json")).arg(subquery).into()
        }
    }

    /// The JSON as text, to read it as one string on both backends.
    pub(super) fn text(&self, json: Expr) -> Expr {
        if self.postgres {
            json.cast_as(Alias::new("TEXT"))
        } else {
            json
        }
    }
}
