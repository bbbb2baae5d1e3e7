//! A program's requirements: the documents a dossier under it must hold, written by ADMIN like
//! the program itself (DESIGN.md, "Who may do what"). Codes are unique within their program.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, Order, QueryFilter, QueryOrder, Set,
};

use crate::auth::viewer::Viewer;
use crate::domain::input::{self, NAME_MAX, Problems};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{program, program_requirement};
use crate::error::{AppError, Result};
use crate::service::events::{ChangeKind, Entity};
use crate::service::write::{self, Begun, Services, Write};

const ADD_REQUIREMENT: &str = "addProgramRequirement";
const CODE_TAKEN: &str = "the program already has a requirement with this code";

/// A requirement's fields as received: `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct RequirementInput {
    pub code: Option<String>,
    pub label: Option<String>,
    pub mandatory: Option<bool>,
}

fn not_found(field: &str, message: &str) -> UserError {
    UserError::new(ErrorCode::NotFound, &["input", field], message)
}

/// Adds a requirement to a program (ADMIN); its code is unique within the program.
pub async fn add_program_requirement(
    services: &Services,
    viewer: &Viewer,
    program_id: i64,
    input: RequirementInput,
    key: Option<&str>,
) -> Result<program_requirement::Model> {
    viewer.may_manage_centers("change a program's requirements")?;
    let outcome = try_add(services, viewer, program_id, &input, key).await;
    write::or_replayed::<program_requirement::Entity>(
        outcome,
        &services.db,
        viewer,
        ADD_REQUIREMENT,
        key,
    )
    .await
}

async fn try_add(
    services: &Services,
    viewer: &Viewer,
    program_id: i64,
    input: &RequirementInput,
    key: Option<&str>,
) -> Result<program_requirement::Model> {
    let mut write =
        match Write::create::<program_requirement::Entity>(services, viewer, ADD_REQUIREMENT, key)
            .await?
        {
            Begun::Replayed(existing) => return Ok(existing),
            Begun::Fresh(write) => write,
        };
    write
        .lock(program::Entity::find_by_id(program_id))
        .await?
        .ok_or_else(|| not_found("programId", "no such program"))?;
    let mut problems = Problems::default();
    let code = problems.take(input::code(
        input.code.as_deref().unwrap_or_default(),
        &["input", "code"],
    ));
    let label = problems.take(input::text(
        input.label.as_deref().unwrap_or_default(),
        &["input", "label"],
        NAME_MAX,
    ));
    problems.finish().map_err(AppError::User)?;
    let (Some(code), Some(label)) = (code, label) else {
        return Err(AppError::bad_input("invalid requirement"));
    };
    check_code_free(&write, program_id, &code, None).await?;
    let row = program_requirement::ActiveModel {
        program_id: Set(program_id),
        code: Set(code),
        label: Set(label),
        mandatory: Set(input.mandatory.unwrap_or(true)),
        ..Default::default()
    };
    let fields = ["programId", "code", "label", "mandatory"];
    let created = write
        .insert(
            Entity::ProgramRequirement,
            "add_program_requirement",
            row,
            &fields,
        )
        .await
        .map_err(|err| err.or_duplicate(&["input", "code"], CODE_TAKEN))?;
    write.commit().await?;
    Ok(created)
}

/// `DUPLICATE` when another requirement of the program has `code`.
async fn check_code_free(
    write: &Write<'_>,
    program_id: i64,
    code: &str,
    except: Option<i64>,
) -> Result<()> {
    let taken = program_requirement::Entity::find()
        .filter(program_requirement::Column::ProgramId.eq(program_id))
        .filter(program_requirement::Column::Code.eq(code))
        .one(write.txn())
        .await?;
    match taken {
        Some(row) if Some(row.id) != except => {
            Err(UserError::new(ErrorCode::Duplicate, &["input", "code"], CODE_TAKEN).into())
        }
        _ => Ok(()),
    }
}

/// Changes a requirement's code, label or mandatory flag (ADMIN); `expectedVersion` guards it.
pub async fn update_program_requirement(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    input: RequirementInput,
) -> Result<program_requirement::Model> {
    viewer.may_manage_centers("change a program's requirements")?;
    let write = Write::begin(services, viewer).await?;
    let current = locked(&write, id).await?;
    write::check_version(expected_version, current.version)?;
    let mut row: program_requirement::ActiveModel = current.clone().into();
    let mut changed = Vec::new();
    let mut problems = Problems::default();
    if let Some(code) = &input.code
        && let Some(code) = problems.take(input::code(code, &["input", "code"]))
        && code != current.code
    {
        check_code_free(&write, current.program_id, &code, Some(id)).await?;
        row.code = Set(code);
        changed.push("code");
    }
    if let Some(label) = &input.label
        && let Some(label) = problems.take(input::text(label, &["input", "label"], NAME_MAX))
        && label != current.label
    {
        row.label = Set(label);
        changed.push("label");
    }
    if let Some(mandatory) = input.mandatory
        && mandatory != current.mandatory
    {
        row.mandatory = Set(mandatory);
        changed.push("mandatory");
    }
    problems.finish().map_err(AppError::User)?;
    write
        .commit_update(
            Entity::ProgramRequirement,
            "update_program_requirement",
            row,
            current,
            &changed,
        )
        .await
        .map_err(|err| err.or_duplicate(&["input", "code"], CODE_TAKEN))
}

/// Removes a requirement (ADMIN) and, with it, what dossiers recorded about it; returns the
/// requirement as it was. `expectedVersion` guards it.
pub async fn remove_program_requirement(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
) -> Result<program_requirement::Model> {
    viewer.may_manage_centers("change a program's requirements")?;
    let mut write = Write::begin(services, viewer).await?;
    let current = locked(&write, id).await?;
    write::check_version(expected_version, current.version)?;
    current.clone().delete(write.txn()).await?;
    write
        .record(
            Entity::ProgramRequirement,
            "remove_program_requirement",
            id,
            &[],
            ChangeKind::Updated,
        )
        .await?;
    write.commit().await?;
    Ok(current)
}

async fn locked(write: &Write<'_>, id: i64) -> Result<program_requirement::Model> {
    write
        .lock(program_requirement::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| not_found("id", "no such requirement").into())
}

/// A program's requirements in the order they were added: what a dossier lists them in.
pub const REQUIREMENT_ORDER: program_requirement::Column = program_requirement::Column::Id;

/// Each program's requirements, in the order they were added: one statement.
pub async fn requirements_of(
    db: &impl sea_orm::ConnectionTrait,
    programs: &[i64],
) -> Result<HashMap<i64, Vec<program_requirement::Model>>> {
    let rows = program_requirement::Entity::find()
        .filter(program_requirement::Column::ProgramId.is_in(programs.iter().copied()))
        .order_by(REQUIREMENT_ORDER, Order::Asc)
        .all(db)
        .await?;
    Ok(crate::service::lookup::group_by(rows, |row| row.program_id))
}

/// [`requirements_of`] for the loaders, which hold a pooled connection.
pub async fn requirements_of_programs(
    db: &DatabaseConnection,
    programs: &[i64],
) -> Result<HashMap<i64, Vec<program_requirement::Model>>> {
    requirements_of(db, programs).await
}
