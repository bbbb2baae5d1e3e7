//! Recording a payment against a CONFIRMED FINANCIAL commitment; the payment that completes it
//! makes it FULFILLED on that payment's date.

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::auth::viewer::Viewer;
use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::domain::input::{self, Problems, SHORT_MAX, optional_text};
use crate::domain::money::RawMoney;
use crate::domain::rules;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{commitment, disbursement};
use crate::error::{AppError, Result};
use crate::service::audit;
use crate::service::commitment::write::load_locked;
use crate::service::events::{ChangeKind, Entity};
use crate::service::funding::disbursed_by_commitment;
use crate::service::write::{self, Services};

#[derive(Clone, Debug)]
pub struct NewDisbursement {
    pub commitment_id: i64,
    pub amount: RawMoney,
    pub paid_on: NaiveDate,
    pub reference: Option<String>,
}

const RECORD_DISBURSEMENT: &str = "recordDisbursement";

fn error(code: ErrorCode, field: &str, message: &str) -> AppError {
    UserError::new(code, &["input", field], message).into()
}

/// Records a payment; returns it and the commitment as it now stands.
pub async fn record_disbursement(
    services: &Services,
    viewer: &Viewer,
    new: NewDisbursement,
    key: Option<&str>,
) -> Result<(disbursement::Model, commitment::Model)> {
    let outcome = try_record(services, viewer, &new, key).await;
    if matches!(outcome, Err(AppError::Replay)) {
        let payment =
            write::replayed::<disbursement::Entity>(&services.db, viewer, RECORD_DISBURSEMENT, key)
                .await?;
        return with_commitment(&services.db, payment).await;
    }
    outcome
}

async fn with_commitment(
    db: &sea_orm::DatabaseConnection,
    payment: disbursement::Model,
) -> Result<(disbursement::Model, commitment::Model)> {
    let commitment = commitment::Entity::find_by_id(payment.commitment_id)
        .one(db)
        .await?
        .ok_or(AppError::Replay)?;
    Ok((payment, commitment))
}

async fn try_record(
    services: &Services,
    viewer: &Viewer,
    new: &NewDisbursement,
    key: Option<&str>,
) -> Result<(disbursement::Model, commitment::Model)> {
    viewer.require_authenticated()?;
    let txn = write::begin(&services.db).await?;
    if let Some(id) = write::replay(&txn, viewer, RECORD_DISBURSEMENT, key).await? {
        let payment = disbursement::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(AppError::Replay)?;
        txn.commit().await?;
        return with_commitment(&services.db, payment).await;
    }
    let (current, _) = load_locked(&txn, viewer, new.commitment_id, "commitmentId").await?;
    if current.kind != CommitmentKind::Financial {
        return Err(error(
            ErrorCode::Invalid,
            "commitmentId",
            "only FINANCIAL commitments are paid in disbursements",
        ));
    }
    let mut problems = Problems::default();
    if new.amount.currency != current.currency {
        problems.push(UserError::new(
            ErrorCode::Invalid,
            &["input", "amount", "currency"],
            "a disbursement is in its commitment's currency",
        ));
    }
    let amount = problems.take(input::amount(
        new.amount.amount,
        &["input", "amount", "amount"],
    ));
    let reference = problems.take(optional_text(
        new.reference.as_deref(),
        &["input", "reference"],
        SHORT_MAX,
    ));
    problems.finish().map_err(AppError::User)?;
    let (Some(amount), Some(reference)) = (amount, reference) else {
        return Err(AppError::bad_input("invalid disbursement"));
    };
    let paid = disbursed_by_commitment(&txn, &[current.id])
        .await?
        .remove(&current.id)
        .unwrap_or(0);
    let completes = match current.status {
        CommitmentStatus::Confirmed => rules::disburse(current.amount.unwrap_or(0), paid, amount)
            .map_err(|code| {
            error(
                code,
                "amount",
                "the payments would exceed the commitment's amount",
            )
        })?,
        CommitmentStatus::Fulfilled => {
            return Err(error(
                ErrorCode::Overdisbursed,
                "amount",
                "the commitment is already paid in full",
            ));
        }
        _ => {
            return Err(error(
                ErrorCode::InvalidTransition,
                "commitmentId",
                "only a CONFIRMED commitment is paid",
            ));
        }
    };
    let now = crate::service::now();
    let payment = disbursement::ActiveModel {
        commitment_id: Set(current.id),
        amount: Set(amount),
        currency: Set(current.currency),
        paid_on: Set(new.paid_on),
        reference: Set(reference),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut row: commitment::ActiveModel = current.clone().into();
    if completes {
        let last_paid = last_payment_date(&txn, current.id)
            .await?
            .max(Some(new.paid_on));
        row.status = Set(CommitmentStatus::Fulfilled);
        row.fulfilled_on = Set(last_paid);
    }
    row.version = Set(current.version + 1);
    row.updated_at = Set(now);
    let commitment = row.update(&txn).await?;
    write::remember(
        &txn,
        viewer,
        RECORD_DISBURSEMENT,
        key,
        "Disbursement",
        payment.id,
    )
    .await?;
    audit::record(
        &txn,
        viewer,
        "record_disbursement",
        "Disbursement",
        payment.id,
        &["amount", "paidOn", "reference"],
    )
    .await?;
    txn.commit().await?;
    services
        .events
        .publish(ChangeKind::Created, Entity::Disbursement, payment.id);
    let kind = if completes {
        ChangeKind::StatusChanged
    } else {
        ChangeKind::Updated
    };
    services
        .events
        .publish(kind, Entity::Commitment, commitment.id);
    Ok((payment, commitment))
}

/// The date of a commitment's latest payment so far.
async fn last_payment_date(
    txn: &sea_orm::DatabaseTransaction,
    commitment_id: i64,
) -> Result<Option<NaiveDate>> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let last = disbursement::Entity::find()
        .filter(disbursement::Column::CommitmentId.eq(commitment_id))
        .order_by_desc(disbursement::Column::PaidOn)
        .one(txn)
        .await?;
    Ok(last.map(|payment| payment.paid_on))
}
