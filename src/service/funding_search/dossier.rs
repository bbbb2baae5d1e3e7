//! A project's dossier against its program's requirements: checking an item, and the gate that
//! keeps a project from `UNDER_REVIEW` until every mandatory requirement is satisfied.
//!
//! Who checks: ADMIN, STAFF of the project's center, and the carrier's own accounts while they
//! may edit the project (DRAFT or IN_PREPARATION, DESIGN.md "Who may do what") — the association
//! gathers its documents, the center's staff verify them.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::auth::viewer::Viewer;
use crate::domain::funding_search::Readiness;
use crate::domain::input::{Problems, TEXT_MAX, optional_text};
use crate::domain::project::ProjectStatus;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{dossier_item, program_requirement, project};
use crate::error::{AppError, Result};
use crate::service::events::{ChangeKind, Entity};
use crate::service::write::{self, Services, Write};

use super::requirements::requirements_of;

/// A check of one requirement of a project's dossier, as received.
#[derive(Clone, Debug)]
pub struct DossierCheck {
    pub project_id: i64,
    pub requirement_id: i64,
    pub satisfied: bool,
    /// `None` leaves the note as it is, `Some(None)` clears it.
    pub note: Option<Option<String>>,
    /// The item's version; 0 for a requirement never checked.
    pub expected_version: Option<i32>,
}

/// One requirement of a dossier and what was recorded about it (nothing when never checked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DossierEntry {
    pub requirement: program_requirement::Model,
    pub item: Option<dossier_item::Model>,
}

impl DossierEntry {
    pub fn satisfied(&self) -> bool {
        self.item.as_ref().is_some_and(|item| item.satisfied)
    }
}

/// The dossier of a project: one entry per requirement of its program, in the program's order.
pub fn dossier(
    requirements: Vec<program_requirement::Model>,
    items: Vec<dossier_item::Model>,
) -> Vec<DossierEntry> {
    let mut by_requirement: HashMap<i64, dossier_item::Model> = items
        .into_iter()
        .map(|item| (item.requirement_id, item))
        .collect();
    requirements
        .into_iter()
        .map(|requirement| DossierEntry {
            item: by_requirement.remove(&requirement.id),
            requirement,
        })
        .collect()
}

/// How many mandatory requirements a dossier has, and how many are satisfied.
pub fn readiness(entries: &[DossierEntry]) -> Readiness {
    Readiness::of(
        entries
            .iter()
            .map(|entry| (entry.requirement.mandatory, entry.satisfied())),
    )
}

/// Each project's checked items: one statement.
pub async fn dossier_items_of(
    db: &impl ConnectionTrait,
    projects: &[i64],
) -> Result<HashMap<i64, Vec<dossier_item::Model>>> {
    let rows = dossier_item::Entity::find()
        .filter(dossier_item::Column::ProjectId.is_in(projects.iter().copied()))
        .all(db)
        .await?;
    Ok(crate::service::lookup::group_by(rows, |row| row.project_id))
}

/// [`dossier_items_of`] for the loaders.
pub async fn dossier_items_of_projects(
    db: &DatabaseConnection,
    projects: &[i64],
) -> Result<HashMap<i64, Vec<dossier_item::Model>>> {
    dossier_items_of(db, projects).await
}

/// The dossier of one project, read inside a write's transaction.
async fn dossier_in(
    txn: &impl ConnectionTrait,
    project: &project::Model,
) -> Result<Vec<DossierEntry>> {
    let Some(program_id) = project.program_id else {
        return Ok(Vec::new());
    };
    let requirements = requirements_of(txn, &[program_id])
        .await?
        .remove(&program_id)
        .unwrap_or_default();
    let items = dossier_items_of(txn, &[project.id])
        .await?
        .remove(&project.id)
        .unwrap_or_default();
    Ok(dossier(requirements, items))
}

/// `DOSSIER_INCOMPLETE` unless every mandatory requirement of the project's program is
/// satisfied; read under the project's lock, in the transition's transaction.
pub async fn check_dossier_complete(
    txn: &impl ConnectionTrait,
    project: &project::Model,
) -> Result<()> {
    let readiness = readiness(&dossier_in(txn, project).await?);
    if readiness.is_complete() {
        return Ok(());
    }
    Err(UserError::new(
        ErrorCode::DossierIncomplete,
        &["input", "to"],
        format!(
            "the dossier meets {} of its {} mandatory requirements: complete it before the review",
            readiness.satisfied, readiness.mandatory
        ),
    )
    .into())
}

/// Checks or unchecks one requirement of a project's dossier, recording who and when.
pub async fn set_dossier_item(
    services: &Services,
    viewer: &Viewer,
    check: DossierCheck,
) -> Result<DossierEntry> {
    viewer.require_authenticated()?;
    let mut write = Write::begin(services, viewer).await?;
    let project = write
        .lock(project::Entity::find_by_id(check.project_id))
        .await?
        .ok_or_else(|| error(ErrorCode::NotFound, "projectId", "no such project"))?;
    let editable = matches!(
        project.status,
        ProjectStatus::Draft | ProjectStatus::InPreparation
    );
    viewer.may_edit_project(project.carrier_id, project.center_id, editable)?;
    let requirement = program_requirement::Entity::find_by_id(check.requirement_id)
        .one(write.txn())
        .await?
        .ok_or_else(|| error(ErrorCode::NotFound, "requirementId", "no such requirement"))?;
    if project.program_id != Some(requirement.program_id) {
        return Err(error(
            ErrorCode::Invalid,
            "requirementId",
            "the requirement is not one of the project's program",
        )
        .into());
    }
    let current = write
        .lock(
            dossier_item::Entity::find()
                .filter(dossier_item::Column::ProjectId.eq(project.id))
                .filter(dossier_item::Column::RequirementId.eq(requirement.id)),
        )
        .await?;
    write::check_version(
        check.expected_version,
        current.as_ref().map_or(0, |item| item.version),
    )?;
    let mut problems = Problems::default();
    let note = match &check.note {
        Some(note) => problems.take(optional_text(note.as_deref(), &["input", "note"], TEXT_MAX)),
        None => None,
    };
    problems.finish().map_err(AppError::User)?;
    let item = write_item(&mut write, &check, current, note).await?;
    // The project's `dossier` and `readiness` are part of the project: one more version of it,
    // stamped now, so that `updatedSince`, `expectedVersion` and `projectChanged` see the change
    // (as an event's version follows its list of participants).
    let row: project::ActiveModel = project.into();
    write
        .update(
            Entity::Project,
            "change_project_dossier",
            ChangeKind::Updated,
            row,
            &["dossier"],
        )
        .await?;
    write.commit().await?;
    Ok(DossierEntry {
        requirement,
        item: Some(item),
    })
}

/// Inserts the item, or updates the one already there.
async fn write_item(
    write: &mut Write<'_>,
    check: &DossierCheck,
    current: Option<dossier_item::Model>,
    note: Option<Option<String>>,
) -> Result<dossier_item::Model> {
    let mut fields = vec!["satisfied", "checkedBy", "checkedAt"];
    if note.is_some() {
        fields.push("note");
    }
    let checked_by = Set(write.viewer().user_id());
    let checked_at = Set(Some(crate::service::now()));
    match current {
        Some(current) => {
            let mut row: dossier_item::ActiveModel = current.into();
            row.satisfied = Set(check.satisfied);
            row.checked_by_id = checked_by;
            row.checked_at = checked_at;
            if let Some(note) = note {
                row.note = Set(note);
            }
            let kind = ChangeKind::Updated;
            write
                .update(Entity::DossierItem, "set_dossier_item", kind, row, &fields)
                .await
        }
        None => {
            let row = dossier_item::ActiveModel {
                project_id: Set(check.project_id),
                requirement_id: Set(check.requirement_id),
                satisfied: Set(check.satisfied),
                note: Set(note.flatten()),
                checked_by_id: checked_by,
                checked_at,
                ..Default::default()
            };
            write
                .insert(Entity::DossierItem, "set_dossier_item", row, &fields)
                .await
        }
    }
}

fn error(code: ErrorCode, field: &str, message: &str) -> UserError {
    UserError::new(code, &["input", field], message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requirement(id: i64, mandatory: bool) -> program_requirement::Model {
        let now = crate::service::now();
        program_requirement::Model {
            id,
            program_id: 1,
            code: format!("R{id}"),
            label: format!("requirement {id}"),
            mandatory,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    fn item(requirement_id: i64, satisfied: bool) -> dossier_item::Model {
        let now = crate::service::now();
        dossier_item::Model {
            id: requirement_id * 10,
            project_id: 7,
            requirement_id,
            satisfied,
            note: None,
            checked_by_id: None,
            checked_at: Some(now),
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    #[test]
    fn a_dossier_has_one_entry_per_requirement_in_the_programs_order() {
        let entries = dossier(
            vec![
                requirement(1, true),
                requirement(2, true),
                requirement(3, false),
            ],
            vec![item(3, true), item(1, true)],
        );
        let ids: Vec<i64> = entries.iter().map(|e| e.requirement.id).collect();
        assert_eq!(ids, [1, 2, 3]);
        let satisfied: Vec<bool> = entries.iter().map(DossierEntry::satisfied).collect();
        assert_eq!(
            satisfied,
            [true, false, true],
            "never checked is unsatisfied"
        );
    }

    #[test]
    fn readiness_counts_only_the_mandatory_requirements() {
        let entries = dossier(
            vec![
                requirement(1, true),
                requirement(2, true),
                requirement(3, false),
            ],
            vec![item(1, true), item(2, false), item(3, true)],
        );
        assert_eq!(
            readiness(&entries),
            Readiness {
                mandatory: 2,
                satisfied: 1
            },
            "an unchecked item and an optional one do not count"
        );
    }
}
