//! Creating and updating commitments, under the lock of the project they target, so that
//! concurrent partners cannot together break the financing plan or the co-financing cap (checked
//! when the write commits).

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait};

use crate::auth::viewer::Viewer;
use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::domain::input::{self, Problems, TEXT_MAX, optional_text};
use crate::domain::money::RawMoney;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{center, commitment, partner, project};
use crate::error::{AppError, Result};
use crate::service::events::Entity;
use crate::service::funding::disbursed_by_commitment;
use crate::service::write::{self, Begun, Blame, Services, Write};

use super::fields::{given_fields, validate};
pub use super::transition::transition_commitment;

/// A new commitment, as received (ids are row ids).
#[derive(Clone, Debug)]
pub struct NewCommitment {
    pub partner_id: i64,
    pub project_id: Option<i64>,
    pub center_id: Option<i64>,
    pub program_id: Option<i64>,
    pub kind: CommitmentKind,
    pub description: Option<String>,
    pub amount: Option<RawMoney>,
    pub tax_included: bool,
    pub status: CommitmentStatus,
    pub pledged_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    /// How many of `unit` an in-kind commitment gives; both or neither.
    pub quantity: Option<i32>,
    pub unit: Option<String>,
}

const CREATE_COMMITMENT: &str = "createCommitment";

pub(super) fn error(code: ErrorCode, field: &str, message: &str) -> UserError {
    UserError::new(code, &["input", field], message)
}

/// The target a commitment is made to, locked for the length of the transaction.
pub(crate) enum Target {
    Project(project::Model),
    Center(center::Model),
}

impl Target {
    pub(crate) fn center_id(&self) -> i64 {
        match self {
            Target::Project(project) => project.center_id,
            Target::Center(center) => center.id,
        }
    }
}

/// Locks and returns the project (or center) a commitment targets; a project's money rules
/// are checked when the write commits.
pub(crate) async fn lock_target(
    write: &mut Write<'_>,
    project_id: Option<i64>,
    center_id: Option<i64>,
) -> Result<Target> {
    match (project_id, center_id) {
        (Some(id), None) => write
            .lock_project(id)
            .await?
            .map(Target::Project)
            .ok_or_else(|| error(ErrorCode::NotFound, "projectId", "no such project").into()),
        (None, Some(id)) => center::Entity::find_by_id(id)
            .one(write.txn())
            .await?
            .map(Target::Center)
            .ok_or_else(|| error(ErrorCode::NotFound, "centerId", "no such center").into()),
        _ => Err(error(
            ErrorCode::Invalid,
            "projectId",
            "give exactly one of projectId and centerId",
        )
        .into()),
    }
}

/// Creates a commitment after checking, under the project's lock, that the plan and the cap
/// still hold with it.
pub async fn create_commitment(
    services: &Services,
    viewer: &Viewer,
    new: NewCommitment,
    key: Option<&str>,
) -> Result<commitment::Model> {
    let outcome = try_create(services, viewer, &new, key).await;
    write::or_replayed::<commitment::Entity>(outcome, &services.db, viewer, CREATE_COMMITMENT, key)
        .await
}

async fn try_create(
    services: &Services,
    viewer: &Viewer,
    new: &NewCommitment,
    key: Option<&str>,
) -> Result<commitment::Model> {
    viewer.require_authenticated()?;
    let mut write = match Write::create::<commitment::Entity>(
        services,
        viewer,
        CREATE_COMMITMENT,
        key,
    )
    .await?
    {
        Begun::Replayed(existing) => return Ok(existing),
        Begun::Fresh(write) => write,
    };
    let target = lock_target(&mut write, new.project_id, new.center_id).await?;
    viewer.may_commit(new.partner_id, target.center_id())?;
    let created = insert_commitment(&mut write, new, &target).await?;
    write.commit().await?;
    Ok(created)
}

/// Inserts a commitment to a locked target within `write`, under every rule of a create (the
/// partner exists, amounts, currency, dates, program, first status; the plan and the cap are
/// checked when `write` commits). The caller has checked the viewer's rights: a funding
/// request's acceptance creates its commitment through here.
pub(crate) async fn insert_commitment(
    write: &mut Write<'_>,
    new: &NewCommitment,
    target: &Target,
) -> Result<commitment::Model> {
    if partner::Entity::find_by_id(new.partner_id)
        .one(write.txn())
        .await?
        .is_none()
    {
        return Err(error(ErrorCode::NotFound, "partnerId", "no such partner").into());
    }
    let row = validate(write.txn(), new, target).await?;
    let fields = given_fields(&row);
    let mut active = commitment::ActiveModel::from(row).reset_all();
    active.id = sea_orm::ActiveValue::NotSet;
    write.blame(Blame::on("amount"));
    write
        .insert(Entity::Commitment, "create_commitment", active, &fields)
        .await
}

/// Changes of a commitment's details.
#[derive(Clone, Debug, Default)]
pub struct CommitmentChanges {
    pub description: Option<Option<String>>,
    pub amount: Option<RawMoney>,
    pub tax_included: Option<bool>,
    pub due_on: Option<Option<NaiveDate>>,
    /// A new quantity and unit (both or neither once applied); `Some(None)` clears.
    pub quantity: Option<Option<i32>>,
    pub unit: Option<Option<String>>,
}

/// Loads a commitment and its target, both locked, and checks the caller may manage it.
pub(crate) async fn load_locked(
    write: &mut Write<'_>,
    id: i64,
    field: &str,
) -> Result<(commitment::Model, Target)> {
    let found = commitment::Entity::find_by_id(id)
        .one(write.txn())
        .await?
        .ok_or_else(|| error(ErrorCode::NotFound, field, "no such commitment"))?;
    let target = lock_target(write, found.project_id, found.center_id).await?;
    let current = write
        .lock(commitment::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| error(ErrorCode::NotFound, field, "no such commitment"))?;
    write
        .viewer()
        .may_commit(current.partner_id, target.center_id())?;
    Ok((current, target))
}

/// Updates a commitment's description, amount, tax flag or due date.
pub async fn update_commitment(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    changes: CommitmentChanges,
) -> Result<commitment::Model> {
    viewer.require_authenticated()?;
    let mut write = Write::begin(services, viewer).await?;
    let (current, _) = load_locked(&mut write, id, "id").await?;
    write::check_version(expected_version, current.version)?;
    if current.status == CommitmentStatus::Cancelled {
        return Err(error(
            ErrorCode::InvalidTransition,
            "id",
            "a cancelled commitment does not change",
        )
        .into());
    }
    let (next, changed) = changed_commitment(&current, &changes)?;
    if next.amount != current.amount {
        check_paid(write.txn(), &current, &next).await?;
    }
    write.blame(Blame::on("amount"));
    let row = commitment::ActiveModel::from(next).reset_all();
    write
        .commit_update(
            Entity::Commitment,
            "update_commitment",
            row,
            current,
            &changed,
        )
        .await
}

/// The commitment with `changes` applied, and the names of the fields they change.
fn changed_commitment(
    current: &commitment::Model,
    changes: &CommitmentChanges,
) -> Result<(commitment::Model, Vec<&'static str>)> {
    let mut next = current.clone();
    let mut changed = Vec::new();
    let mut problems = Problems::default();
    if let Some(description) = &changes.description
        && let Some(description) = problems.take(optional_text(
            description.as_deref(),
            &["input", "description"],
            TEXT_MAX,
        ))
    {
        next.description = description;
        changed.push("description");
    }
    if let Some(tax_included) = changes.tax_included {
        next.tax_included = tax_included;
        changed.push("taxIncluded");
    }
    if let Some(due_on) = changes.due_on {
        next.due_on = due_on;
        problems.take(input::date_order(
            Some(next.pledged_on),
            due_on,
            &["input", "dueOn"],
        ));
        changed.push("dueOn");
    }
    if changes.quantity.is_some() || changes.unit.is_some() {
        let quantity = changes.quantity.unwrap_or(current.quantity);
        let unit = changes.unit.clone().unwrap_or_else(|| current.unit.clone());
        if let Some(given) = problems.take(crate::domain::commitment::quantity(
            quantity,
            unit.as_deref(),
        )) {
            next.quantity = given.as_ref().map(|(q, _)| *q);
            next.unit = given.map(|(_, unit)| unit);
            if next.quantity != current.quantity {
                changed.push("quantity");
            }
            if next.unit != current.unit {
                changed.push("unit");
            }
        }
    }
    if let Some(money) = changes.amount {
        if money.currency != current.currency {
            problems.push(error(
                ErrorCode::Invalid,
                "amount",
                "a commitment is in its project's currency",
            ));
        } else if let Some(cents) =
            problems.take(input::amount(money.amount, &["input", "amount", "amount"]))
        {
            next.amount = Some(cents);
            changed.push("amount");
        }
    }
    problems.finish().map_err(AppError::User)?;
    Ok((next, changed))
}

/// An amount never drops below what was paid, nor differs from it once paid in full
/// (`OVERDISBURSED`); the plan and the cap are checked at commit.
async fn check_paid(
    txn: &DatabaseTransaction,
    current: &commitment::Model,
    next: &commitment::Model,
) -> Result<()> {
    let paid = disbursed_by_commitment(txn, &[current.id])
        .await?
        .remove(&current.id)
        .unwrap_or(0);
    let new_amount = next.amount.unwrap_or(0);
    if new_amount < paid
        || (current.status == CommitmentStatus::Fulfilled
            && current.kind == CommitmentKind::Financial
            && new_amount != paid)
    {
        return Err(error(
            ErrorCode::Overdisbursed,
            "amount",
            "the amount cannot differ from what was already paid in full, nor drop below it",
        )
        .into());
    }
    Ok(())
}
