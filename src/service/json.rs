//! The JSON functions of each backend, which sea-query does not model: `json_build_object` and
//! `json_agg` on PostgreSQL, `json_object` and `json_group_array` on SQLite, as custom
//! expressions around sea-query expressions, so that every value stays bound. Planned reads
//! build their whole answer with them.

use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, Order, Query, QueryStatementBuilder, SelectStatement,
};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr};

use crate::error::{AppError, Result};

/// Runs `SELECT json AS j[, check AS c]`: the JSON the database built (`None` when it is SQL
/// NULL) and, when a `check` is given (such as the viewer's claims still holding), its value.
pub async fn select_json(
    db: &DatabaseConnection,
    json: Expr,
    check: Option<Expr>,
) -> Result<(Option<serde_json::Value>, Option<bool>)> {
    let backend = db.get_database_backend();
    let mut query = Query::select();
    query.expr_as(JsonSql::new(backend).text(json), Alias::new("j"));
    let checked = check.is_some();
    if let Some(check) = check {
        query.expr_as(check, Alias::new("c"));
    }
    let Some(row) = db.query_one_raw(backend.build(&query)).await? else {
        return Ok((None, None));
    };
    let text: Option<String> = row.try_get("", "j")?;
    let parsed = text
        .map(|text| serde_json::from_str(&text))
        .transpose()
        .map_err(|error| AppError::Internal(DbErr::Json(error.to_string())))?;
    let confirmed = if checked {
        Some(row.try_get("", "c")?)
    } else {
        None
    };
    Ok((parsed, confirmed))
}

/// The JSON functions of the backend.
pub struct JsonSql {
    postgres: bool,
}

impl JsonSql {
    pub fn new(backend: DatabaseBackend) -> Self {
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

    /// A JSON object of `(key, value)` pairs; keys are names chosen by the code, never input.
    pub fn object(&self, fields: Vec<(String, Expr)>) -> Expr {
        let name = if self.postgres {
            "json_build_object"
        } else {
            "json_object"
        };
        let args = fields.into_iter().flat_map(|(key, value)| {
            debug_assert!(!key.contains('\''), "a JSON key is an identifier");
            [Expr::cust(format!("'{key}'")), value]
        });
        Func::cust(Alias::new(name)).args(args).into()
    }

    /// The JSON array of `item` over the rows of the enclosing query, in `order`; `[]` when
    /// there are none.
    pub fn array(&self, item: Expr, order: Vec<(Expr, Order)>) -> Expr {
        let mut exprs = vec![item];
        let mut ordering = Vec::new();
        for (expr, order) in order {
            exprs.push(expr);
            let direction = match order {
                Order::Desc => "DESC",
                _ => "ASC",
            };
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
        Expr::cust_with_exprs(text, exprs)
    }

    /// `json` where `condition` holds, SQL NULL elsewhere; kept JSON inside the enclosing object
    /// (SQLite's `CASE` loses the JSON subtype: its text is parsed back with `json(…)`).
    pub fn when(&self, condition: Expr, json: Expr) -> Expr {
        let case: Expr = Expr::case(condition, json).into();
        if self.postgres {
            case
        } else {
            Func::cust(Alias::new("json")).arg(case).into()
        }
    }

    /// A scalar subquery returning JSON, kept JSON inside the enclosing object: SQLite loses the
    /// JSON subtype across a subquery, so its text is parsed back with `json(…)`.
    pub fn nested(&self, query: SelectStatement) -> Expr {
        let subquery = Expr::SubQuery(None, Box::new(query.into_sub_query_statement()));
        if self.postgres {
            subquery
        } else {
            Func::cust(Alias::new("json")).arg(subquery).into()
        }
    }

    /// The JSON as text, to read it as one string on both backends.
    pub fn text(&self, json: Expr) -> Expr {
        if self.postgres {
            json.cast_as(Alias::new("TEXT"))
        } else {
            json
        }
    }
}
