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
//! A page of indicators costs at most one statement for the rows, one for the measurements, and
//! one per computed source and kind of owner present: never one per indicator.

use std::collections::HashMap;

use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ActiveEnum, DatabaseConnection, FromQueryResult, JoinType};

use crate::domain::indicator::{IndicatorSource, value_of};
use crate::domain::project::ProjectStatus;
use crate::domain::support_session::SupportKind;
use crate::entity::{indicator, project, support_session};
use crate::error::Result;
use crate::service::figures;
use crate::service::indicator::measurements_of;
use crate::service::lookup;

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
    if source == IndicatorSource::ProjectsFunded {
        return funded_projects(owner, owners);
    }
    let s = |column| Expr::col((Alias::new("s"), column));
    let p = |column| Expr::col((Alias::new("p"), column));
    let owner_column = match owner {
        Owner::Center => s(support_session::Column::CenterId),
        Owner::Program => p(project::Column::ProgramId),
    };
    let value = match source {
        IndicatorSource::OrganizationsAccompanied => {
            figures::count_distinct(s(support_session::Column::OrganizationId))
        }
        IndicatorSource::ParticipantsTrained => {
            figures::total(s(support_session::Column::ParticipantsCount))
        }
        _ => figures::count(Expr::val(1)),
    };
    let mut query = Query::select();
    query
        .expr_as(owner_column.clone(), "owner")
        .expr_as(value, "value")
        .from_as(support_session::Entity, Alias::new("s"))
        .and_where(owner_column.clone().is_in(owners.iter().copied()))
        .add_group_by([owner_column]);
    if owner == Owner::Program {
        query.join_as(
            JoinType::InnerJoin,
            project::Entity,
            Alias::new("p"),
            p(project::Column::Id).equals((Alias::new("s"), support_session::Column::ProjectId)),
        );
    }
    if source == IndicatorSource::ParticipantsTrained {
        query.and_where(s(support_session::Column::Kind).eq(SupportKind::Training.to_value()));
    }
    query
}

/// Projects APPROVED, IN_PROGRESS or COMPLETED, per center or program.
fn funded_projects(owner: Owner, owners: &[i64]) -> SelectStatement {
    let owner_column = Expr::col(match owner {
        Owner::Center => project::Column::CenterId,
        Owner::Program => project::Column::ProgramId,
    });
    let funded = [
        ProjectStatus::Approved,
        ProjectStatus::InProgress,
        ProjectStatus::Completed,
    ]
    .map(|status| status.to_value());
    Query::select()
        .expr_as(owner_column.clone(), "owner")
        .expr_as(figures::count(Expr::val(1)), "value")
        .from(project::Entity)
        .and_where(owner_column.clone().is_in(owners.iter().copied()))
        .and_where(Expr::col(project::Column::Status).is_in(funded))
        .add_group_by([owner_column])
        .to_owned()
}
