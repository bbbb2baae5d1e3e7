//! Recording a payment against a CONFIRMED FINANCIAL commitment; the payment that completes it
//! makes it FULFILLED on that payment's date.

use chrono::NaiveDate;
use sea_orm::{EntityTrait, Set};

use crate::auth::viewer::Viewer;
use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::domain::input::{self, Problems, SHORT_MAX, optional_text};
use crate::domain::money::RawMoney;
use crate::domain::rules;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{commitment, disbursement};
use crate::error::{AppError, Result};
use crate::service::commitment::write::load_locked;
use crate::service::events::{ChangeKind, Entity};
use crate::service::funding::disbursed_by_commitment;
use crate::service::write::{self, Begun, Services, Write};

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
    let mut write =
        match Write::create::<disbursement::Entity>(services, viewer, RECORD_DISBURSEMENT, key)
            .await?
        {
            Begun::Replayed(payment) => return with_commitment(&services.db, payment).await,
            Begun::Fresh(write) => write,
        };
    let (current, _) = load_locked(&mut write, new.commitment_id, "commitmentId").await?;
    let (amount, reference) = parse_payment(&current, new)?;
    let completes = check_payment(write.txn(), &current, amount).await?;
    let payment = disbursement::ActiveModel {
        commitment_id: Set(current.id),
        amount: Set(amount),
        currency: Set(current.currency),
        paid_on: Set(new.paid_on),
        reference: Set(reference),
        ..Default::default()
    };
    let payment = write
        .insert(
            Entity::Disbursement,
            "record_disbursement",
            payment,
            &["commitmentId", "amount", "paidOn", "reference"],
        )
        .await?;
    let mut row: commitment::ActiveModel = current.clone().into();
    let (action, kind, fields): (_, _, &[&str]) = if completes {
        let last_paid = last_payment_date(write.txn(), current.id).await?;
        row.status = Set(CommitmentStatus::Fulfilled);
        row.fulfilled_on = Set(last_paid);
        (
            "transition_commitment",
            ChangeKind::StatusChanged,
            &["status", "fulfilledOn"],
        )
    } else {
        ("update_commitment", ChangeKind::Updated, &["disbursed"])
    };
    let commitment = write
        .update(Entity::Commitment, action, kind, row, fields)
        .await?;
    write.commit().await?;
    Ok((payment, commitment))
}

/// The payment's amount in centimes and its reference, checked against the commitment.
fn parse_payment(
    current: &commitment::Model,
    new: &NewDisbursement,
) -> Result<(i64, Option<String>)> {
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
    match (amount, reference) {
        (Some(amount), Some(reference)) => Ok((amount, reference)),
        _ => Err(AppError::bad_input("invalid disbursement")),
    }
}

/// Whether the payment completes a CONFIRMED commitment; `OVERDISBURSED` when it would pay
/// more than its amount, `INVALID_TRANSITION` when the commitment is not being paid.
async fn check_payment(
    txn: &sea_orm::DatabaseTransaction,
    current: &commitment::Model,
    amount: i64,
) -> Result<bool> {
    let paid = disbursed_by_commitment(txn, &[current.id])
        .await?
        .remove(&current.id)
        .unwrap_or(0);
    match current.status {
        CommitmentStatus::Confirmed => rules::disburse(current.amount.unwrap_or(0), paid, amount)
            .map_err(|code| {
                error(
                    code,
                    "amount",
                    "the payments would exceed the commitment's amount",
                )
            }),
        CommitmentStatus::Fulfilled => Err(error(
            ErrorCode::Overdisbursed,
            "amount",
            "the commitment is already paid in full",
        )),
        _ => Err(error(
            ErrorCode::InvalidTransition,
            "commitmentId",
            "only a CONFIRMED commitment is paid",
        )),
    }
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
