//! The latest value of each indicator: a manual indicator's last measurement, or a computed
//! indicator's figure, counted by SQL over the data of its center or program at read time.
//!
//! What is computed (the definitions `IndicatorSource` documents in the schema):
//! - ORGANIZATIONS_ACCOMPANIED: distinct organizations with a support session of the center (for
//!   a program: a session about one of the program's projects);
//! - PROJECTS_FUNDED: projects of the center or program that are APPROVED, IN_PROGRESS or
//!   COMPLETED — approval is the decision to fund; a project cannot start (IN_PROGRESS) before its
//!   funding is secured, so "funded" is read from the workflow, not from money still being
//!   pledged;
//! - SESSIONS_HELD: support sessions of the center (or about the program's projects);
//! - PARTICIPANTS_TRAINED: the participants of those sessions of kind TRAINING, added up.
//!
//! The read planner computes the same latest values inside its one statement ([`plan_latest`]).
//!
//! A page of indicators costs at most one statement for the rows, one for the measurements, and
//! one per computed source and kind of owner present: never one per indicator.

use std::collections::HashMap;

use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, CaseStatement, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ActiveEnum, DatabaseConnection, DbErr, FromQueryResult, Iterable, JoinType};
use serde_json::Value as Json;

use crate::domain::indicator::{IndicatorSource, value_of};
use crate::domain::project::ProjectStatus;
use crate::domain::support_session::SupportKind;
use crate::entity::{indicator, indicator_measurement, project, support_session};
use crate::error::{AppError, Result};
use crate::service::figures;
use crate::service::indicator::{measurement_order, measurements_of};
use crate::service::lookup;
use crate::service::read::{Computed, Read};

/// Whose data a computed indicator counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Owner {
    Center,
    Program,
}

#[derive(Debug, FromQueryResult)]
struct Figure {
    owner: i64,
    value: i64,
}

/// The latest value of each indicator that has one (a manual indicator without measurements
/// has none; a computed one always has one, zero included).
pub async fn latest_values(db: &DatabaseConnection, ids: &[i64]) -> Result<HashMap<i64, Decimal>> {
    let indicators = lookup::by_ids::<indicator::Entity>(db, ids).await?;
    let manual: Vec<i64> = indicators
        .values()
        .filter(|row| !row.source.is_computed())
        .map(|row| row.id)
        .collect();
    let mut latest = last_measured(db, &manual).await?;
    let mut wanted: HashMap<(IndicatorSource, Owner), Vec<i64>> = HashMap::new();
    for row in indicators.values().filter(|row| row.source.is_computed()) {
        let (owner, id) = match (row.center_id, row.program_id) {
            (Some(center), _) => (Owner::Center, center),
            (None, Some(program)) => (Owner::Program, program),
            (None, None) => continue,
        };
        wanted.entry((row.source, owner)).or_default().push(id);
    }
    for ((source, owner), owners) in wanted {
        let statement = db
            .get_database_backend()
            .build(&figure_query(source, owner, &owners));
        let figures: HashMap<i64, i64> = Figure::find_by_statement(statement)
            .all(db)
            .await?
            .into_iter()
            .map(|figure| (figure.owner, figure.value))
            .collect();
        for row in indicators.values().filter(|row| row.source == source) {
            let id = match owner {
                Owner::Center => row.center_id,
                Owner::Program => row.program_id,
            };
            if let Some(id) = id {
                let value = figures.get(&id).copied().unwrap_or(0);
                latest.insert(row.id, Decimal::from(value));
            }
        }
    }
    Ok(latest)
}

/// The value of the last measurement (by day, then as recorded) of each manual indicator measured.
async fn last_measured(db: &DatabaseConnection, ids: &[i64]) -> Result<HashMap<i64, Decimal>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(measurements_of(db, ids)
        .await?
        .into_iter()
        .filter_map(|(id, measurements)| Some((id, value_of(measurements.last()?.value))))
        .collect())
}

/// `SELECT owner, value … GROUP BY owner` for one computed source over the owners given.
fn figure_query(source: IndicatorSource, owner: Owner, owners: &[i64]) -> SelectStatement {
    let Counted {
        mut query,
        owner: owner_column,
        value,
    } = counted(source, owner);
    query
        .expr_as(owner_column.clone(), "owner")
        .expr_as(value, "value")
        .and_where(owner_column.clone().is_in(owners.iter().copied()))
        .add_group_by([owner_column]);
    query
}

/// What a computed source counts for one kind of owner: the one definition, grouped by owner
/// for a page of indicators ([`figure_query`]) and correlated to the indicator's row by the read
/// planner ([`plan_latest`]).
struct Counted {
    /// The rows counted: `FROM`, joins and the source's own conditions, no select list.
    query: SelectStatement,
    /// The owner's id in those rows.
    owner: Expr,
    /// The figure over those rows.
    value: Expr,
}

fn counted(source: IndicatorSource, owner: Owner) -> Counted {
    let s = |column| Expr::col((Alias::new("s"), column));
    let p = |column| Expr::col((Alias::new("p"), column));
    let mut query = Query::select();
    if source == IndicatorSource::ProjectsFunded {
        // Projects APPROVED, IN_PROGRESS or COMPLETED.
        let funded = [
            ProjectStatus::Approved,
            ProjectStatus::InProgress,
            ProjectStatus::Completed,
        ]
        .map(|status| status.to_value());
        query
            .from_as(project::Entity, Alias::new("p"))
            .and_where(p(project::Column::Status).is_in(funded));
        return Counted {
            query,
            owner: p(match owner {
                Owner::Center => project::Column::CenterId,
                Owner::Program => project::Column::ProgramId,
            }),
            value: figures::count(Expr::val(1)),
        };
    }
    let value = match source {
        IndicatorSource::OrganizationsAccompanied => {
            figures::count_distinct(s(support_session::Column::OrganizationId))
        }
        IndicatorSource::ParticipantsTrained => {
            figures::total(s(support_session::Column::ParticipantsCount))
        }
        _ => figures::count(Expr::val(1)),
    };
    query.from_as(support_session::Entity, Alias::new("s"));
    let owner = match owner {
        Owner::Center => s(support_session::Column::CenterId),
        Owner::Program => {
            query.join_as(
                JoinType::InnerJoin,
                project::Entity,
                Alias::new("p"),
                p(project::Column::Id)
                    .equals((Alias::new("s"), support_session::Column::ProjectId)),
            );
            p(project::Column::ProgramId)
        }
    };
    if source == IndicatorSource::ParticipantsTrained {
        query.and_where(s(support_session::Column::Kind).eq(SupportKind::Training.to_value()));
    }
    Counted {
        query,
        owner,
        value,
    }
}

/// The latest value of each indicator read, as [`latest_values`] finds it, computed in the
/// planned statement: the last measurement, and the figure of the indicator's source over its
/// owner's data (each source's [`counted`] rows, correlated to the row); read it back with
/// [`planned_latest`].
pub fn plan_latest(read: &mut Read) -> usize {
    for column in [
        indicator::Column::Source,
        indicator::Column::CenterId,
        indicator::Column::ProgramId,
    ] {
        read.column(column);
    }
    read.computed_once("indicator_latest", |alias| {
        let row = |column: indicator::Column| Expr::col((Alias::new(alias), column));
        let mut measured = Query::select();
        measured
            .column(indicator_measurement::Column::Value)
            .from(indicator_measurement::Entity)
            .and_where(
                Expr::col(indicator_measurement::Column::IndicatorId)
                    .eq(row(indicator::Column::Id)),
            )
            .limit(1);
        // The last of the measurements in their order.
        for (column, order) in measurement_order() {
            let last = match order {
                Order::Asc => Order::Desc,
                _ => Order::Asc,
            };
            measured.order_by(column, last);
        }
        let mut figure = CaseStatement::new();
        let computed = IndicatorSource::iter().filter(|source| source.is_computed());
        for source in computed {
            let owners = [
                (Owner::Center, indicator::Column::CenterId),
                (Owner::Program, indicator::Column::ProgramId),
            ];
            for (owner, column) in owners {
                let Counted {
                    mut query,
                    owner: of,
                    value,
                } = counted(source, owner);
                query.expr(value).and_where(of.eq(row(column)));
                let applies = row(indicator::Column::Source)
                    .eq(source.to_value())
                    .and(row(column).is_not_null());
                figure = figure.case(applies, subquery(query));
            }
        }
        Computed {
            query: Query::select(),
            values: vec![("measured", subquery(measured)), ("figure", figure.into())],
        }
    })
}

fn subquery(query: SelectStatement) -> Expr {
    Expr::SubQuery(None, Box::new(query.into()))
}

/// The latest value of an indicator of `source` as the planned statement computed it: a
/// computed one's figure (none without an owner), a manual one's last measurement (none before
/// the first).
pub fn planned_latest(source: IndicatorSource, json: Option<&Json>) -> Result<Option<Decimal>> {
    let json = json.ok_or_else(|| unreadable("latest"))?;
    let (key, of): (_, fn(i64) -> Decimal) = if source.is_computed() {
        ("figure", Decimal::from)
    } else {
        ("measured", value_of)
    };
    match json.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(value) => Ok(Some(of(value.as_i64().ok_or_else(|| unreadable(key))?))),
    }
}

/// What the statement returned could not be read: a bug, never the caller's fault.
fn unreadable(what: &str) -> AppError {
    AppError::Internal(DbErr::Json(format!("planned indicator: unreadable {what}")))
}
