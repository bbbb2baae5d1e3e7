//! `Mutation.createCommitment`, `updateCommitment`, `transitionCommitment` and
//! `recordDisbursement`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, parse_arg, parse_opt_arg};
use crate::graphql::mutation::{Dates, maybe, services};
use crate::graphql::scalars::Date;
use crate::graphql::types::commitment::{Commitment, Disbursement};
use crate::graphql::types::enums::{CommitmentKind, CommitmentStatus};
use crate::graphql::types::money::MoneyInput;
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::commitment::payment::{NewDisbursement, record_disbursement};
use crate::service::commitment::write::{
    CommitmentChanges, NewCommitment, create_commitment, transition_commitment, update_commitment,
};

/// A new commitment of a partner, to a project or to a center.
#[derive(InputObject)]
pub struct CreateCommitmentInput {
    /// The partner who commits; a PARTNER account may only name its own.
    pub partner_id: ID,
    /// Exactly one of projectId and centerId.
    pub project_id: Option<ID>,
    /// The center the commitment is made to, for a commitment to the center itself.
    pub center_id: Option<ID>,
    /// The program the commitment is made under; its funder's commitments to a project of the
    /// program count under it even when not named.
    pub program_id: Option<ID>,
    /// Money (FINANCIAL) or what is given in kind.
    pub kind: CommitmentKind,
    /// What exactly is committed, in words.
    pub description: Option<String>,
    /// Required for FINANCIAL; the valuation of an in-kind commitment, if any.
    pub amount: Option<MoneyInput>,
    /// Whether the amount includes taxes (TTC); true when not given.
    #[graphql(default_with = "Some(true)")]
    pub tax_included: Option<bool>,
    /// PLEDGED or CONFIRMED; PLEDGED when not given.
    #[graphql(default_with = "Some(CommitmentStatus::Pledged)")]
    pub status: Option<CommitmentStatus>,
    /// Today when not given.
    pub pledged_on: Option<Date>,
    /// The day the commitment is due to be honoured.
    pub due_on: Option<Date>,
    /// How many of `unit` an in-kind commitment gives ("2" cadres administratifs): a positive
    /// whole number, given with `unit`.
    pub quantity: Option<i32>,
    /// What `quantity` counts ("cadres administratifs"); given with `quantity`.
    pub unit: Option<String>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Changes to a commitment's details. Only the fields given change; `null` clears an optional
/// field.
#[derive(InputObject)]
pub struct UpdateCommitmentInput {
    /// The commitment to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new description; `null` clears it.
    pub description: MaybeUndefined<String>,
    /// A new amount, in the commitment's currency; never below what was already paid, and within
    /// the financing plan and the program's cap.
    pub amount: Option<MoneyInput>,
    /// Whether the amount includes taxes (TTC).
    pub tax_included: Option<bool>,
    /// A new due day; `null` clears it.
    pub due_on: MaybeUndefined<Date>,
    /// A new quantity; `null` clears it (clear `unit` with it: both or neither).
    pub quantity: MaybeUndefined<i32>,
    /// A new unit; `null` clears it (clear `quantity` with it: both or neither).
    pub unit: MaybeUndefined<String>,
}

/// A move of a commitment along its workflow.
#[derive(InputObject)]
pub struct TransitionCommitmentInput {
    /// The commitment to move.
    pub id: ID,
    /// The status to move it to: CONFIRMED, FULFILLED (in-kind commitments only: a FINANCIAL one is
    /// fulfilled by its payments) or CANCELLED.
    pub to: CommitmentStatus,
    /// The day an in-kind commitment was fulfilled; today when not given.
    pub on: Option<Date>,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
}

/// A payment against a CONFIRMED FINANCIAL commitment.
#[derive(InputObject)]
pub struct RecordDisbursementInput {
    /// The commitment the payment honours.
    pub commitment_id: ID,
    /// How much was paid, in the commitment's currency; with the earlier payments, at most the
    /// commitment's amount (OVERDISBURSED).
    pub amount: MoneyInput,
    /// The day the payment was made.
    pub paid_on: Date,
    /// The partner's own payment reference.
    pub reference: Option<String>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// The outcome of a write of a commitment: the commitment as written, or `userErrors` and nothing
/// written.
#[derive(SimpleObject)]
pub struct CommitmentPayload {
    /// The commitment as written; null when the write was refused.
    commitment: Option<Commitment>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

/// The outcome of recording a payment: the payment and its commitment as written, or `userErrors`
/// and nothing written.
#[derive(SimpleObject)]
pub struct DisbursementPayload {
    /// The payment as recorded; null when it was refused.
    disbursement: Option<Disbursement>,
    /// The commitment after the payment (FULFILLED when paid in full).
    commitment: Option<Commitment>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

fn payload(
    result: crate::error::Result<crate::entity::commitment::Model>,
) -> Result<CommitmentPayload> {
    let (commitment, user_errors) = into_payload(result)?;
    Ok(CommitmentPayload {
        commitment: commitment.map(Commitment),
        user_errors,
    })
}

#[derive(Default)]
pub struct CommitmentMutation;

#[Object]
impl CommitmentMutation {
    /// Commits a partner to a project or a center. Under the project's lock, the financing plan
    /// (OVERFUNDED) and the program's cap (COFINANCING_CAP_EXCEEDED) must still hold.
    async fn create_commitment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new commitment.")] input: CreateCommitmentInput,
    ) -> Result<CommitmentPayload> {
        let mut dates = Dates::default();
        let new = NewCommitment {
            partner_id: parse_arg(&input.partner_id, NodeType::Partner, "partnerId")?,
            project_id: parse_opt_arg(input.project_id.as_ref(), NodeType::Project, "projectId")?,
            center_id: parse_opt_arg(input.center_id.as_ref(), NodeType::Center, "centerId")?,
            program_id: parse_opt_arg(input.program_id.as_ref(), NodeType::Program, "programId")?,
            kind: input.kind.into(),
            description: input.description,
            amount: input.amount.map(Into::into),
            tax_included: input.tax_included.unwrap_or(true),
            status: input.status.unwrap_or(CommitmentStatus::Pledged).into(),
            pledged_on: dates.date(input.pledged_on, "pledgedOn"),
            due_on: dates.date(input.due_on, "dueOn"),
            quantity: input.quantity,
            unit: input.unit,
        };
        let key = input.idempotency_key.as_deref();
        let create = create_commitment(services(ctx)?, viewer(ctx), new, key);
        payload(dates.run(create).await)
    }

    /// Changes a commitment's details; its amount never drops below what was paid.
    async fn update_commitment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The commitment to change, and the changes.")]
        input: UpdateCommitmentInput,
    ) -> Result<CommitmentPayload> {
        let id = parse_arg(&input.id, NodeType::Commitment, "id")?;
        let mut dates = Dates::default();
        let changes = CommitmentChanges {
            description: maybe(input.description),
            amount: input.amount.map(Into::into),
            tax_included: input.tax_included,
            due_on: dates.maybe_date(input.due_on, "dueOn"),
            quantity: maybe(input.quantity),
            unit: maybe(input.unit),
        };
        let update = update_commitment(
            services(ctx)?,
            viewer(ctx),
            id,
            input.expected_version,
            changes,
        );
        payload(dates.run(update).await)
    }

    /// Moves a commitment along PLEDGED → CONFIRMED → FULFILLED, or to CANCELLED.
    async fn transition_commitment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The commitment, and the status to move it to.")]
        input: TransitionCommitmentInput,
    ) -> Result<CommitmentPayload> {
        let id = parse_arg(&input.id, NodeType::Commitment, "id")?;
        let mut dates = Dates::default();
        let on = dates.date(input.on, "on");
        let transition = transition_commitment(
            services(ctx)?,
            viewer(ctx),
            id,
            input.to.into(),
            on,
            input.expected_version,
        );
        payload(dates.run(transition).await)
    }

    /// Records a payment against a CONFIRMED FINANCIAL commitment (OVERDISBURSED beyond its
    /// amount); the payment that completes it makes it FULFILLED.
    async fn record_disbursement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The payment to record.")] input: RecordDisbursementInput,
    ) -> Result<DisbursementPayload> {
        let commitment_id = parse_arg(&input.commitment_id, NodeType::Commitment, "commitmentId")?;
        let key = input.idempotency_key.as_deref();
        let outcome = match input.paid_on.parse(&["input", "paidOn"]) {
            Ok(paid_on) => {
                let new = NewDisbursement {
                    commitment_id,
                    amount: input.amount.into(),
                    paid_on,
                    reference: input.reference,
                };
                record_disbursement(services(ctx)?, viewer(ctx), new, key).await
            }
            Err(refused) => Err(refused.into()),
        };
        let (recorded, user_errors) = into_payload(outcome)?;
        let (disbursement, commitment) = match recorded {
            Some((payment, commitment)) => {
                (Some(Disbursement(payment)), Some(Commitment(commitment)))
            }
            None => (None, None),
        };
        Ok(DisbursementPayload {
            disbursement,
            commitment,
            user_errors,
        })
    }
}
