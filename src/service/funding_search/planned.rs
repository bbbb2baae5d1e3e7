//! The funding search in a planned read (issue 12): pages of funding requests, a program's
//! requirements, a project's dossier, its readiness and its pipeline, built into the one
//! statement from the filters, orders and sums of the batch statements of [`super::requests`],
//! [`super::requirements`] and [`super::dossier`], and read back into the same types.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Order, Query, SelectStatement};
use sea_orm::{DbErr, IdenStatic, JoinType};
use serde::Deserialize;
use serde_json::Value as Json;

use super::requests::{
    BY_CREATION, FundingRequestList, FundingRequestParent, Pipeline, R, filtered, parent_column,
    pipeline_values, r,
};
use super::requirements::REQUIREMENT_ORDER;
use crate::domain::funding_search::Readiness;
use crate::entity::{dossier_item, funding_request, program_requirement, project};
use crate::error::{AppError, Result};
use crate::service::read::{Computed, ListRead, Read, Row};

/// The read planner's page of `list`: the same rows, order and cursors as
/// [`super::requests::list_funding_requests`].
pub fn planned_funding_requests(
    list: &FundingRequestList,
    count: bool,
    read: Read,
) -> Result<ListRead> {
    ListRead::new(
        filtered(&list.filter),
        &BY_CREATION,
        &list.page,
        count,
        read,
    )
}

/// Links to `read` the page of `list` of each of its rows, as
/// [`super::requests::funding_requests_of`] reads it.
pub fn plan_funding_requests_of(
    read: &mut Read,
    parent: FundingRequestParent,
    list: &FundingRequestList,
    count: bool,
    child: Read,
) -> Result<usize> {
    Ok(read.many(
        parent_column(parent),
        planned_funding_requests(list, count, child)?,
    ))
}

/// The pipeline of each project read, as [`super::requests::pipelines_of`] sums it (zeros
/// without requests); read it back with [`planned_pipeline`].
pub fn plan_pipeline(read: &mut Read) -> usize {
    read.computed(|alias| {
        let mut query = Query::select();
        query
            .from_as(funding_request::Entity, Alias::new(R))
            .and_where(
                r(funding_request::Column::ProjectId)
                    .equals((Alias::new(alias), project::Column::Id)),
            );
        Computed {
            query,
            values: pipeline_values(),
        }
    })
}

/// The project's pipeline the planned statement computed.
pub fn planned_pipeline(json: Option<&Json>) -> Result<Pipeline> {
    let json = json.ok_or_else(|| unreadable("pipeline"))?;
    Pipeline::deserialize(json).map_err(|error| unreadable(&error.to_string()))
}

/// Links to `read` each program's requirements, in the order of
/// [`super::requirements::requirements_of`].
pub fn plan_requirements(read: &mut Read, child: Read) -> usize {
    read.all::<program_requirement::Entity>(
        program_requirement::Column::ProgramId,
        vec![(REQUIREMENT_ORDER, Order::Asc)],
        child,
    )
}

/// Links to `read` each project's dossier, one row per requirement of its program in the
/// program's order (none outside a program), as [`super::dossier::dossier`] pairs them. A row
/// holds `requirement_id`, `mandatory`, and what was recorded: `satisfied`, `note`,
/// `checked_at`, `checked_by_id` and `version`.
pub fn plan_dossier(read: &mut Read, child: Read) -> usize {
    let order = vec![(REQUIREMENT_ID.as_str().to_owned(), Order::Asc)];
    read.rows(dossier_source, order, child)
}

/// Links to `read` what each project's readiness counts; read it back with
/// [`planned_readiness`].
pub fn plan_readiness(read: &mut Read) -> usize {
    let mut child = Read::new();
    child.column(MANDATORY);
    child.column(SATISFIED);
    plan_dossier(read, child)
}

/// The readiness of the dossier rows [`plan_readiness`] read, counted by
/// [`super::dossier::readiness`]'s rule.
pub fn planned_readiness(rows: &[Row]) -> Result<Readiness> {
    let flag = |row: &Row, column: &str| {
        let value = row.columns.get(column);
        // SQLite has no booleans: its JSON holds 0 or 1.
        value
            .and_then(Json::as_bool)
            .or_else(|| value.and_then(Json::as_i64).map(|int| int != 0))
            .ok_or_else(|| unreadable(column))
    };
    let entries = rows
        .iter()
        .map(|row| {
            Ok((
                flag(row, MANDATORY.as_str())?,
                flag(row, SATISFIED.as_str())?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Readiness::of(entries))
}

/// A dossier row's columns are named as those of `dossier_items` (and `mandatory` as the
/// requirement's), so that the planner reads them as it reads a checked item.
const REQUIREMENT_ID: dossier_item::Column = dossier_item::Column::RequirementId;
const MANDATORY: program_requirement::Column = program_requirement::Column::Mandatory;
const SATISFIED: dossier_item::Column = dossier_item::Column::Satisfied;

/// The dossier of the project aliased `project`: its program's requirements `rq`, each with the
/// item `di` recorded for it, if any. A requirement never checked is unsatisfied, its version 0
/// ([`super::dossier::DossierEntry::satisfied`], `DossierItem.version`).
fn dossier_source(project: &str) -> SelectStatement {
    use dossier_item::Column as D;
    use program_requirement::Column as Q;
    let rq = |column: Q| Expr::col((Alias::new("rq"), column));
    let di = |column: D| Expr::col((Alias::new("di"), column));
    let of_project = |column: project::Column| (Alias::new(project), column);
    let mut query = Query::select();
    query
        .expr_as(rq(Q::Id), REQUIREMENT_ID)
        .expr_as(rq(MANDATORY), MANDATORY)
        .expr_as(Func::coalesce([di(SATISFIED), Expr::val(false)]), SATISFIED);
    for column in [D::Note, D::CheckedAt, D::CheckedById] {
        query.expr_as(di(column), column);
    }
    query
        .expr_as(Func::coalesce([di(D::Version), Expr::val(0)]), D::Version)
        .from_as(program_requirement::Entity, Alias::new("rq"))
        .join_as(
            JoinType::LeftJoin,
            dossier_item::Entity,
            Alias::new("di"),
            di(D::RequirementId)
                .equals((Alias::new("rq"), Q::Id))
                .and(di(D::ProjectId).equals(of_project(project::Column::Id))),
        )
        .and_where(rq(Q::ProgramId).equals(of_project(project::Column::ProgramId)));
    query
}

/// What the statement returned could not be read: a bug, never the caller's fault.
fn unreadable(what: &str) -> AppError {
    AppError::Internal(DbErr::Json(format!(
        "planned funding search: unreadable {what}"
    )))
}
