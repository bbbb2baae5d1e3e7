//! Projects read in one statement from a planned selection (issue 12): the database builds the
//! whole nested answer — projects, their carrier, a page of their commitments and each one's
//! partner — as one JSON text, instead of one statement per level of the selection.
//!
//! Only what the plan asks for is joined; the public scalar columns of each entity are always
//! read (they are few and cheap). The SQL text holds identifiers only: every value is bound.

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, Statement, Value};

use crate::error::{AppError, Result};

/// Which projects the statement reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectRoot {
    /// One project by its row id: zero or one row.
    One(i64),
    /// The first `limit` projects by (created_at, id), reversed when `descending`.
    List { limit: u64, descending: bool },
}

/// What to read with each project, besides its own public columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProjectRead {
    pub carrier: bool,
    pub commitments: Option<CommitmentRead>,
}

/// A page of a project's commitments in their default order (created_at, id), oldest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommitmentRead {
    pub limit: u64,
    pub partner: bool,
}

/// Reads the projects `root` names as a JSON array of objects holding raw column values: ids as
/// integers, amounts as centimes with their `currency`, enums as stored; `carrier` and
/// `commitments` (with `partner`) nested when `read` asks for them.
pub async fn read_projects(
    db: &DatabaseConnection,
    root: ProjectRoot,
    read: ProjectRead,
) -> Result<serde_json::Value> {
    let backend = db.get_database_backend();
    let sql = Sql::new(backend);
    let (filter, values): (String, Vec<Value>) = match root {
        ProjectRoot::One(id) => (format!("WHERE id = {}", sql.param(1)), vec![id.into()]),
        ProjectRoot::List { limit, descending } => {
            let dir = if descending { "DESC" } else { "ASC" };
            (
                format!("ORDER BY created_at {dir}, id {dir} LIMIT {}", sql.param(1)),
                vec![(limit as i64).into()],
            )
        }
    };
    let order = match root {
        ProjectRoot::List {
            descending: true, ..
        } => "p.created_at DESC, p.id DESC",
        _ => "p.created_at ASC, p.id ASC",
    };
    let mut fields = vec![
        ("id", "p.id".to_owned()),
        ("reference", "p.reference".to_owned()),
        ("title", "p.title".to_owned()),
        ("summary", "p.summary".to_owned()),
        ("sector", "p.sector".to_owned()),
        ("status", "p.status".to_owned()),
        ("currency", "p.currency".to_owned()),
        ("total_cost", "p.total_cost".to_owned()),
        ("own_contribution", "p.own_contribution".to_owned()),
        ("beneficiaries_count", "p.beneficiaries_count".to_owned()),
        ("version", "p.version".to_owned()),
    ];
    if read.carrier {
        let carrier = sql.object(&[
            ("id", "o.id".to_owned()),
            ("kind", "o.kind".to_owned()),
            ("name", "o.name".to_owned()),
        ]);
        fields.push((
            "carrier",
            sql.nested(&format!(
                "SELECT {carrier} FROM organizations o WHERE o.id = p.carrier_id"
            )),
        ));
    }
    if let Some(commitments) = read.commitments {
        fields.push(("commitments", commitments_of(&sql, commitments, 2)));
    }
    let mut values = values;
    if let Some(commitments) = read.commitments {
        values.push((commitments.limit as i64).into());
    }
    let project = sql.object(&fields);
    let list = sql.list(&project, order);
    let text = sql.text(&list);
    let statement = format!("SELECT {text} AS j FROM (SELECT * FROM projects {filter}) p");
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, statement, values))
        .await?
        .ok_or_else(|| AppError::Internal(DbErr::RecordNotFound("planned read".into())))?;
    let json: String = row.try_get("", "j")?;
    serde_json::from_str(&json).map_err(|error| AppError::Internal(DbErr::Json(error.to_string())))
}

/// The correlated subquery for a project's page of commitments, its limit bound at `param`.
fn commitments_of(sql: &Sql, read: CommitmentRead, param: usize) -> String {
    let mut fields = vec![
        ("id", "c.id".to_owned()),
        ("kind", "c.kind".to_owned()),
        ("status", "c.status".to_owned()),
        ("description", "c.description".to_owned()),
        ("amount", "c.amount".to_owned()),
        ("currency", "c.currency".to_owned()),
    ];
    if read.partner {
        let partner = sql.object(&[("id", "pa.id".to_owned()), ("name", "pa.name".to_owned())]);
        fields.push((
            "partner",
            sql.nested(&format!(
                "SELECT {partner} FROM partners pa WHERE pa.id = c.partner_id"
            )),
        ));
    }
    let commitment = sql.object(&fields);
    let list = sql.list(&commitment, "c.created_at ASC, c.id ASC");
    sql.nested(&format!(
        "SELECT {list} FROM (SELECT * FROM commitments WHERE project_id = p.id \
         ORDER BY created_at ASC, id ASC LIMIT {}) c",
        sql.param(param)
    ))
}

/// The JSON functions of each backend, which sea-query does not model.
struct Sql {
    postgres: bool,
}

impl Sql {
    fn new(backend: DatabaseBackend) -> Self {
        Self {
            postgres: backend == DatabaseBackend::Postgres,
        }
    }

    fn param(&self, n: usize) -> String {
        if self.postgres {
            format!("${n}")
        } else {
            format!("?{n}")
        }
    }

    /// A JSON object of `(key, expression)` pairs; keys are static identifiers, never input.
    fn object(&self, fields: &[(&'static str, String)]) -> String {
        let pairs = fields
            .iter()
            .map(|(key, expr)| format!("'{key}', {expr}"))
            .collect::<Vec<_>>()
            .join(", ");
        if self.postgres {
            format!("json_build_object({pairs})")
        } else {
            format!("json_object({pairs})")
        }
    }

    /// The JSON array of `item` over the rows, in `order`; `[]` when there are none.
    fn list(&self, item: &str, order: &str) -> String {
        if self.postgres {
            format!("coalesce(json_agg({item} ORDER BY {order}), '[]'::json)")
        } else {
            format!("coalesce(json_group_array({item} ORDER BY {order}), '[]')")
        }
    }

    /// A scalar subquery returning JSON, kept JSON inside the enclosing object: SQLite loses the
    /// JSON subtype across a subquery, so its text is parsed back with `json(...)`.
    fn nested(&self, query: &str) -> String {
        if self.postgres {
            format!("({query})")
        } else {
            format!("json(({query}))")
        }
    }

    fn text(&self, json: &str) -> String {
        if self.postgres {
            format!("({json})::text")
        } else {
            json.to_owned()
        }
    }
}
