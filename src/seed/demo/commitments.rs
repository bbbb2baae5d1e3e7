//! Writes a commitment and its disbursements, for the center and for projects alike, so that
//! both follow the same rules: the project's currency, the program named only by its funder,
//! `updated_at` at the commitment's latest event.

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseTransaction, DbErr, EntityTrait};

use super::institutions::PartnerKey;
use super::rows::{CommitmentRow, Payment};
use super::{Ids, day, office_hour, opt_day};
use crate::domain::money::Currency;
use crate::entity::{commitment, disbursement};

/// What a commitment is made to: exactly one of the two (a CHECK of the schema).
#[derive(Clone, Copy)]
pub(super) enum Target {
    Center(i64),
    /// `pasec`: the project is under the ADS's program.
    Project {
        id: i64,
        pasec: bool,
    },
}

/// Only the ADS names the program, and only on a PASEC project: the co-financing cap counts what
/// the funder commits under its own program. Every demo amount is in MAD, the projects' currency.
pub(super) async fn insert_commitment(
    txn: &DatabaseTransaction,
    ids: &Ids,
    target: Target,
    row: &CommitmentRow,
) -> Result<(), DbErr> {
    let pledged_on = day(row.pledged_on)?;
    let fulfilled_on = opt_day(row.fulfilled_on)?;
    let mut last_event = pledged_on;
    for date in [opt_day(row.changed_on)?, fulfilled_on]
        .into_iter()
        .flatten()
    {
        last_event = last_event.max(date);
    }
    let mut payments = Vec::with_capacity(row.disbursements.len());
    for payment in row.disbursements {
        let paid_on = day(payment.paid_on)?;
        last_event = last_event.max(paid_on);
        payments.push((paid_on, payment));
    }
    let (center_id, project_id, under_program) = match target {
        Target::Center(id) => (Some(id), None, false),
        Target::Project { id, pasec } => (None, Some(id), pasec && row.partner == PartnerKey::Ads),
    };
    let inserted = commitment::ActiveModel {
        partner_id: Set(ids.partner(row.partner)?),
        project_id: Set(project_id),
        center_id: Set(center_id),
        program_id: Set(under_program.then_some(ids.program_id)),
        kind: Set(row.kind),
        description: Set(row.description.map(str::to_owned)),
        amount: Set(row.amount),
        currency: Set(Currency::Mad),
        tax_included: Set(row.tax_included),
        quantity: Set(row.quantity.map(|(quantity, _)| quantity)),
        unit: Set(row.quantity.map(|(_, unit)| unit.to_owned())),
        status: Set(row.status),
        pledged_on: Set(pledged_on),
        due_on: Set(opt_day(row.due_on)?),
        fulfilled_on: Set(fulfilled_on),
        created_at: Set(office_hour(pledged_on)?),
        updated_at: Set(office_hour(last_event)?),
        version: Set(1),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    insert_disbursements(txn, inserted.id, &payments).await
}

async fn insert_disbursements(
    txn: &DatabaseTransaction,
    commitment_id: i64,
    payments: &[(NaiveDate, &Payment)],
) -> Result<(), DbErr> {
    let mut rows = Vec::with_capacity(payments.len());
    for &(paid_on, payment) in payments {
        let at = office_hour(paid_on)?;
        rows.push(disbursement::ActiveModel {
            commitment_id: Set(commitment_id),
            amount: Set(payment.amount),
            currency: Set(Currency::Mad),
            paid_on: Set(paid_on),
            reference: Set(Some(payment.reference.to_owned())),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        });
    }
    disbursement::Entity::insert_many(rows)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}
