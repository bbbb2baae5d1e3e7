//! A new commitment as received, parsed against its target: amounts and currency, dates, the
//! program it is made under, its first status.

use sea_orm::{DatabaseTransaction, EntityTrait};

use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::domain::input::{self, Problems, TEXT_MAX, optional_text};
use crate::domain::user_error::ErrorCode;
use crate::entity::{commitment, program, project};
use crate::error::{AppError, Result};

use super::write::{NewCommitment, Target, error};

/// The names of the fields a new commitment sets.
pub(super) fn given_fields(row: &commitment::Model) -> Vec<&'static str> {
    let mut fields = vec!["partnerId", "kind", "status", "pledgedOn", "taxIncluded"];
    let optional = [
        ("projectId", row.project_id.is_some()),
        ("centerId", row.center_id.is_some()),
        ("programId", row.program_id.is_some()),
        ("description", row.description.is_some()),
        ("amount", row.amount.is_some()),
        ("dueOn", row.due_on.is_some()),
        ("quantity", row.quantity.is_some()),
        ("unit", row.unit.is_some()),
    ];
    fields.extend(
        optional
            .iter()
            .filter(|(_, set)| *set)
            .map(|(name, _)| *name),
    );
    fields
}

/// Parses a new commitment against its target: amounts, currency, dates, program and status.
pub(super) async fn validate(
    txn: &DatabaseTransaction,
    new: &NewCommitment,
    target: &Target,
) -> Result<commitment::Model> {
    let mut problems = Problems::default();
    let project = match target {
        Target::Project(project) => Some(project),
        Target::Center(_) => None,
    };
    if let Some(project) = project
        && project.status.is_closed()
    {
        return Err(error(
            ErrorCode::ProjectClosed,
            "projectId",
            "the project is closed to new commitments",
        )
        .into());
    }
    let currency = project.map_or(crate::domain::money::Currency::Mad, |p| p.currency);
    let amount = match new.amount {
        Some(money) if money.currency != currency => {
            problems.push(error(
                ErrorCode::Invalid,
                "amount",
                "a commitment is in its project's currency",
            ));
            None
        }
        Some(money) => problems.take(input::amount(money.amount, &["input", "amount", "amount"])),
        None if new.kind == CommitmentKind::Financial => {
            problems.push(error(
                ErrorCode::Required,
                "amount",
                "a FINANCIAL commitment has an amount",
            ));
            None
        }
        None => None,
    };
    let description = problems.take(optional_text(
        new.description.as_deref(),
        &["input", "description"],
        TEXT_MAX,
    ));
    let pledged_on = new
        .pledged_on
        .unwrap_or_else(|| crate::service::now().date_naive());
    problems.take(input::date_order(
        Some(pledged_on),
        new.due_on,
        &["input", "dueOn"],
    ));
    if !matches!(
        new.status,
        CommitmentStatus::Pledged | CommitmentStatus::Confirmed
    ) {
        problems.push(error(
            ErrorCode::InvalidTransition,
            "status",
            "a commitment starts PLEDGED or CONFIRMED",
        ));
    }
    let quantity = problems
        .take(crate::domain::commitment::quantity(
            new.quantity,
            new.unit.as_deref(),
        ))
        .flatten();
    let program_id = program_of(txn, new, project, &mut problems).await?;
    problems.finish().map_err(AppError::User)?;
    let now = crate::service::now();
    Ok(commitment::Model {
        id: 0,
        partner_id: new.partner_id,
        project_id: new.project_id,
        center_id: new.center_id,
        program_id,
        kind: new.kind,
        description: description.flatten(),
        amount,
        currency,
        tax_included: new.tax_included,
        status: new.status,
        pledged_on,
        due_on: new.due_on,
        fulfilled_on: None,
        quantity: quantity.as_ref().map(|(q, _)| *q),
        unit: quantity.map(|(_, unit)| unit),
        created_at: now,
        updated_at: now,
        version: 1,
    })
}

/// The program a commitment is made under. Naming a program requires a project of it and its
/// funder as partner (`INVALID`); a funder committing to a project of its program is counted
/// under the program even without naming it, so that the cap cannot be side-stepped.
async fn program_of(
    txn: &DatabaseTransaction,
    new: &NewCommitment,
    project: Option<&project::Model>,
    problems: &mut Problems,
) -> Result<Option<i64>> {
    let project_program = match project.and_then(|p| p.program_id) {
        Some(id) => program::Entity::find_by_id(id).one(txn).await?,
        None => None,
    };
    match new.program_id {
        Some(id) => {
            let fits = project_program
                .as_ref()
                .is_some_and(|program| program.id == id && program.funder_id == new.partner_id);
            if !fits {
                let exists = program::Entity::find_by_id(id).one(txn).await?.is_some();
                problems.push(if exists {
                    error(ErrorCode::Invalid, "programId", "a commitment under a program targets a project of that program and comes from its funder")
                } else {
                    error(ErrorCode::NotFound, "programId", "no such program")
                });
            }
            Ok(Some(id))
        }
        None => Ok(project_program
            .filter(|program| program.funder_id == new.partner_id)
            .map(|program| program.id)),
    }
}
