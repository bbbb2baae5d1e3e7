//! `Commitment`, what it targets, its disbursements, and a partner's totals.

use async_graphql::{Context, ID, Object, Result, SimpleObject, Union};

use crate::domain::commitment::CommitmentKind as Kind;
use crate::entity::{commitment, disbursement};
use crate::graphql::id::{NodeType, encode};
use crate::graphql::loaders::{loaders, required};
use crate::graphql::scalars::{Date, DateTime};
use crate::graphql::types::center::Center;
use crate::graphql::types::enums::{CommitmentKind, CommitmentStatus};
use crate::graphql::types::money::Money;
use crate::graphql::types::partner::Partner;
use crate::graphql::types::program::Program;
use crate::graphql::types::project::Project;
use crate::service::funding::PartnerTotals;

/// What a partner commits to a project or to a center: money, or resources in kind.
pub struct Commitment(pub commitment::Model);

/// What a partner commits to a project or to a center: money (FINANCIAL) or resources in kind
/// (equipment, staff, a study...), valued or not. Readable by anyone.
#[Object]
impl Commitment {
    /// The commitment's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::Commitment, self.0.id)
    }

    /// The partner who makes the commitment.
    async fn partner(&self, ctx: &Context<'_>) -> Result<Partner> {
        Ok(Partner(
            required(&loaders(ctx)?.partners, self.0.partner_id).await?,
        ))
    }

    /// The project or the center the commitment is made to.
    async fn target(&self, ctx: &Context<'_>) -> Result<CommitmentTarget> {
        let loaders = loaders(ctx)?;
        match (self.0.project_id, self.0.center_id) {
            (Some(project_id), _) => Ok(CommitmentTarget::Project(Project(
                required(&loaders.projects, project_id).await?,
            ))),
            (None, Some(center_id)) => Ok(CommitmentTarget::Center(Center(
                required(&loaders.centers, center_id).await?,
            ))),
            (None, None) => Err("a commitment without a target".into()),
        }
    }

    /// The program the commitment is made under (its funder's co-financing).
    async fn program(&self, ctx: &Context<'_>) -> Result<Option<Program>> {
        let Some(program_id) = self.0.program_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .programs
            .load_one(program_id)
            .await?
            .map(Program))
    }

    /// Money (FINANCIAL) or what is given in kind.
    async fn kind(&self) -> CommitmentKind {
        self.0.kind.into()
    }

    /// What exactly is committed, in words, e.g. "office equipment"; null when not given.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// What the commitment is worth (for a commitment to a project, in the project's currency);
    /// null for an in-kind commitment with no valuation.
    async fn amount(&self) -> Option<Money> {
        self.0
            .amount
            .map(|amount| Money::new(amount, self.0.currency))
    }

    /// Whether the amount includes taxes (TTC).
    async fn tax_included(&self) -> bool {
        self.0.tax_included
    }

    /// How many of `unit` an in-kind commitment gives, e.g. 2 (cadres administratifs); null
    /// when not counted.
    async fn quantity(&self) -> Option<i32> {
        self.0.quantity
    }

    /// What `quantity` counts, e.g. "cadres administratifs"; null exactly when `quantity` is.
    async fn unit(&self) -> Option<&str> {
        self.0.unit.as_deref()
    }

    /// Where the commitment stands: PLEDGED → CONFIRMED → FULFILLED, or CANCELLED.
    async fn status(&self) -> CommitmentStatus {
        self.0.status.into()
    }

    /// The day the partner made the commitment.
    async fn pledged_on(&self) -> Date {
        Date::from(self.0.pledged_on)
    }

    /// The day the commitment is due to be honoured; null when no date was agreed.
    async fn due_on(&self) -> Option<Date> {
        self.0.due_on.map(Date::from)
    }

    /// The day the commitment was honoured in full (for FINANCIAL, the day of the last payment);
    /// null until FULFILLED.
    async fn fulfilled_on(&self) -> Option<Date> {
        self.0.fulfilled_on.map(Date::from)
    }

    /// FINANCIAL only: the sum of its disbursements. Null for in-kind commitments.
    async fn disbursed(&self, ctx: &Context<'_>) -> Result<Option<Money>> {
        if self.0.kind != Kind::Financial {
            return Ok(None);
        }
        let paid = loaders(ctx)?.disbursed.load_one(self.0.id).await?;
        Ok(Some(Money::new(paid.unwrap_or(0), self.0.currency)))
    }

    /// The payments made against the commitment, by date.
    async fn disbursements(&self, ctx: &Context<'_>) -> Result<Vec<Disbursement>> {
        let rows = loaders(ctx)?.disbursements_of.load_one(self.0.id).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(Disbursement)
            .collect())
    }

    /// When the commitment was recorded, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the commitment last changed, in UTC; what the `updatedSince` filters compare with.
    async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

    /// Incremented on every change; pass it as `expectedVersion` to update safely (a stale one is
    /// refused with VERSION_CONFLICT).
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A commitment is made to a project or to a center itself.
#[derive(Union)]
pub enum CommitmentTarget {
    Project(Project),
    Center(Center),
}

/// One payment (tranche) against a FINANCIAL commitment.
pub struct Disbursement(pub disbursement::Model);

/// One payment (tranche) of a CONFIRMED FINANCIAL commitment. The payments of a commitment never
/// add up to more than its amount.
#[Object]
impl Disbursement {
    /// The payment's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::Disbursement, self.0.id)
    }

    /// The commitment this payment honours.
    async fn commitment(&self, ctx: &Context<'_>) -> Result<Commitment> {
        let row = required(&loaders(ctx)?.commitments, self.0.commitment_id).await?;
        Ok(Commitment(row))
    }

    /// How much was paid, in the commitment's currency; always more than zero.
    async fn amount(&self) -> Money {
        Money::new(self.0.amount, self.0.currency)
    }

    /// The day the payment was made.
    async fn paid_on(&self) -> Date {
        Date::from(self.0.paid_on)
    }

    /// The partner's own payment reference.
    async fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }

    /// When the payment was recorded, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }
}

/// A partner's commitments in one currency, summed up.
#[derive(SimpleObject)]
pub struct CommitmentTotals {
    /// Financial and valued in-kind commitments that are not CANCELLED, to projects and to
    /// centers.
    pub(crate) committed: Money,
    /// The part of `committed` made to projects: what `stats { byPartner { committed } }` counts.
    pub(crate) committed_to_projects: Money,
    /// Everything paid on the partner's commitments.
    pub(crate) disbursed: Money,
    /// Commitments that are not CANCELLED.
    pub(crate) count: i32,
    /// Distinct projects those commitments target.
    pub(crate) projects_count: i32,
}

impl From<PartnerTotals> for CommitmentTotals {
    fn from(totals: PartnerTotals) -> Self {
        Self {
            committed: Money::new(totals.committed, totals.currency),
            committed_to_projects: Money::new(totals.committed_to_projects, totals.currency),
            disbursed: Money::new(totals.disbursed, totals.currency),
            count: i32::try_from(totals.count).unwrap_or(i32::MAX),
            projects_count: i32::try_from(totals.projects_count).unwrap_or(i32::MAX),
        }
    }
}
