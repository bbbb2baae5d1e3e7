//! Moving a project along its workflow (DESIGN.md, "Project workflow"), under its lock: who may
//! take which step, and the funding a start needs.

use sea_orm::{DatabaseTransaction, Set};

use crate::auth::viewer::Viewer;
use crate::domain::input::{TEXT_MAX, optional_text};
use crate::domain::project::ProjectStatus;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::domain::workflow;
use crate::entity::project;
use crate::error::{AppError, Result};
use crate::service::events::{ChangeKind, Entity};
use crate::service::funding::{Projects, project_money};
use crate::service::funding_search::dossier::check_dossier_complete;
use crate::service::write::{self, Services, Write};

use super::fields::not_found;
use super::write::record_status;

/// Moves a project along its workflow (DESIGN.md), keeping the step in its history.
pub async fn transition_project(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    to: ProjectStatus,
    note: Option<&str>,
    expected_version: Option<i32>,
) -> Result<project::Model> {
    viewer.require_authenticated()?;
    let note = optional_text(note, &["input", "note"], TEXT_MAX)?;
    let mut write = Write::begin(services, viewer).await?;
    let current = write
        .lock_project(id)
        .await?
        .ok_or_else(|| not_found("id", "project"))?;
    check_transition_right(viewer, &current, to)?;
    write::check_version(expected_version, current.version)?;
    if !workflow::project_may_move(current.status, to) {
        return Err(UserError::new(
            ErrorCode::InvalidTransition,
            &["input", "to"],
            format!("a {:?} project cannot become {to:?}", current.status),
        )
        .into());
    }
    if to == ProjectStatus::InProgress {
        check_funding_complete(write.txn(), &current).await?;
    }
    if to == ProjectStatus::UnderReview {
        check_dossier_complete(write.txn(), &current).await?;
    }
    let mut row: project::ActiveModel = current.clone().into();
    row.status = Set(to);
    let updated = write
        .update(
            Entity::Project,
            "transition_project",
            ChangeKind::StatusChanged,
            row,
            &["status"],
        )
        .await?;
    record_status(write.txn(), viewer, id, Some(current.status), to, note).await?;
    write.commit().await?;
    Ok(updated)
}

/// `FUNDING_INCOMPLETE` unless the own contribution and the secured commitments cover the cost.
async fn check_funding_complete(txn: &DatabaseTransaction, project: &project::Model) -> Result<()> {
    let secured = project_money(txn, Projects::Ids(&[project.id]))
        .await?
        .first()
        .map_or(0, |money| money.inputs.sums.secured);
    if workflow::funding_is_complete(project.total_cost, project.own_contribution, secured) {
        return Ok(());
    }
    Err(UserError::new(
        ErrorCode::FundingIncomplete,
        &["input", "to"],
        "the own contribution and the confirmed commitments do not cover the total cost yet",
    )
    .into())
}

/// A carrier's own account may only submit its draft (DRAFT → IN_PREPARATION) or cancel it
/// while DRAFT or IN_PREPARATION; staff and admins move projects along the whole workflow.
fn check_transition_right(
    viewer: &Viewer,
    project: &project::Model,
    to: ProjectStatus,
) -> Result<()> {
    if viewer.is_carrier_account(project.carrier_id) {
        let allowed = matches!(
            (project.status, to),
            (ProjectStatus::Draft, ProjectStatus::InPreparation)
                | (
                    ProjectStatus::Draft | ProjectStatus::InPreparation,
                    ProjectStatus::Cancelled
                )
        );
        return if allowed {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "an organization may only submit or cancel its project while it is prepared",
            ))
        };
    }
    viewer
        .may_manage_center(project.center_id, "move this project")
        .map(|_| ())
}
