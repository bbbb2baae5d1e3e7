//! Moving a commitment along its workflow (DESIGN.md, "Commitment workflow"), under the lock of
//! its target.

use chrono::NaiveDate;
use sea_orm::{DatabaseTransaction, Set};

use crate::auth::viewer::Viewer;
use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::domain::user_error::ErrorCode;
use crate::domain::workflow;
use crate::entity::commitment;
use crate::error::{AppError, Result};
use crate::service::events::{ChangeKind, Entity};
use crate::service::funding::disbursed_by_commitment;
use crate::service::write::{self, Blame, Services, Write};

use super::write::{error, load_locked};

/// Moves a commitment along its workflow. In-kind commitments are FULFILLED by hand (on `on`,
/// today by default); FINANCIAL ones by their last disbursement.
pub async fn transition_commitment(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    to: CommitmentStatus,
    on: Option<NaiveDate>,
    expected_version: Option<i32>,
) -> Result<commitment::Model> {
    viewer.require_authenticated()?;
    let mut write = Write::begin(services, viewer).await?;
    let (current, _) = load_locked(&mut write, id, "id").await?;
    write::check_version(expected_version, current.version)?;
    check_transition(write.txn(), &current, to).await?;
    let mut row: commitment::ActiveModel = current.clone().into();
    row.status = Set(to);
    let mut fields = vec!["status"];
    if to == CommitmentStatus::Fulfilled {
        row.fulfilled_on = Set(Some(
            on.unwrap_or_else(|| crate::service::now().date_naive()),
        ));
        fields.push("fulfilledOn");
    }
    write.blame(Blame::on("to"));
    let updated = write
        .update(
            Entity::Commitment,
            "transition_commitment",
            ChangeKind::StatusChanged,
            row,
            &fields,
        )
        .await?;
    write.commit().await?;
    Ok(updated)
}

/// `INVALID_TRANSITION` for a step the workflow does not allow, a FINANCIAL commitment
/// fulfilled by hand, or a commitment cancelled after payments.
async fn check_transition(
    txn: &DatabaseTransaction,
    current: &commitment::Model,
    to: CommitmentStatus,
) -> Result<()> {
    let refuse =
        |message: &str| -> AppError { error(ErrorCode::InvalidTransition, "to", message).into() };
    if !workflow::commitment_may_move(current.status, to) {
        return Err(refuse(&format!(
            "a {:?} commitment cannot become {to:?}",
            current.status
        )));
    }
    if to == CommitmentStatus::Fulfilled && current.kind == CommitmentKind::Financial {
        return Err(refuse(
            "a FINANCIAL commitment is fulfilled by its last disbursement",
        ));
    }
    if to == CommitmentStatus::Cancelled {
        let paid = disbursed_by_commitment(txn, &[current.id])
            .await?
            .remove(&current.id)
            .unwrap_or(0);
        if paid > 0 {
            return Err(refuse(
                "a commitment with disbursements cannot be cancelled",
            ));
        }
    }
    Ok(())
}
