//! The shapes of the demo's commitment and project tables, and `const fn` builders that make a commitment's
//! status follow from what happened to it: a FINANCIAL commitment becomes FULFILLED exactly when
//! its tranches add up to its amount, on the day of the last one, as the API does it.

use super::institutions::PartnerKey;
use super::territory::{OrgKey, ZoneKey};
use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::domain::organization::Sector;
use crate::domain::project::ProjectStatus;

/// A project as its carrier and the center's staff would describe it; amounts in MAD centimes.
pub(super) struct ProjectRow {
    pub(super) carrier: OrgKey,
    pub(super) zone: Option<ZoneKey>,
    /// Filed under the ADS's PASEC program, so the ADS commits under it, within the 70% cap.
    pub(super) pasec: bool,
    pub(super) title: &'static str,
    pub(super) summary: &'static str,
    pub(super) sector: Sector,
    pub(super) total_cost: i64,
    pub(super) own_contribution: i64,
    pub(super) beneficiaries: i32,
    pub(super) starts_on: Option<&'static str>,
    pub(super) ends_on: Option<&'static str>,
    /// The workflow from creation (the first step is DRAFT) to the current status.
    pub(super) steps: &'static [Step],
    pub(super) commitments: &'static [CommitmentRow],
}

/// One move along the project workflow of DESIGN.md, at an RFC 3339 instant.
pub(super) struct Step {
    pub(super) to: ProjectStatus,
    pub(super) at: &'static str,
    pub(super) note: Option<&'static str>,
}

pub(super) const fn step(to: ProjectStatus, at: &'static str) -> Step {
    Step { to, at, note: None }
}

impl Step {
    pub(super) const fn note(mut self, note: &'static str) -> Self {
        self.note = Some(note);
        self
    }
}

/// A partner's commitment to the center or to a project, in MAD like every demo amount.
pub(super) struct CommitmentRow {
    pub(super) partner: PartnerKey,
    pub(super) kind: CommitmentKind,
    pub(super) description: Option<&'static str>,
    pub(super) amount: Option<i64>,
    pub(super) status: CommitmentStatus,
    pub(super) pledged_on: &'static str,
    pub(super) due_on: Option<&'static str>,
    /// When it was confirmed or cancelled: the latest change nothing else dates.
    pub(super) changed_on: Option<&'static str>,
    pub(super) fulfilled_on: Option<&'static str>,
    pub(super) disbursements: &'static [Payment],
    /// How many of what, for an in-kind commitment that counts ("2 cadres administratifs").
    pub(super) quantity: Option<(i32, &'static str)>,
    /// Whether the amount is stated TTC.
    pub(super) tax_included: bool,
}

/// A tranche paid against a FINANCIAL commitment.
pub(super) struct Payment {
    pub(super) amount: i64,
    pub(super) paid_on: &'static str,
    pub(super) reference: &'static str,
}

pub(super) const fn payment(
    amount: i64,
    paid_on: &'static str,
    reference: &'static str,
) -> Payment {
    Payment {
        amount,
        paid_on,
        reference,
    }
}

/// Money pledged by a partner, to be paid in tranches.
pub(super) const fn money(
    partner: PartnerKey,
    amount: i64,
    pledged_on: &'static str,
) -> CommitmentRow {
    in_kind(partner, CommitmentKind::Financial, pledged_on).valued(amount)
}

/// Anything but money, without a valuation until [`CommitmentRow::valued`] gives one.
pub(super) const fn in_kind(
    partner: PartnerKey,
    kind: CommitmentKind,
    pledged_on: &'static str,
) -> CommitmentRow {
    CommitmentRow {
        partner,
        kind,
        description: None,
        amount: None,
        status: CommitmentStatus::Pledged,
        pledged_on,
        due_on: None,
        changed_on: None,
        fulfilled_on: None,
        disbursements: &[],
        quantity: None,
        tax_included: true,
    }
}

impl CommitmentRow {
    pub(super) const fn valued(mut self, amount: i64) -> Self {
        self.amount = Some(amount);
        self
    }

    pub(super) const fn about(mut self, description: &'static str) -> Self {
        self.description = Some(description);
        self
    }

    pub(super) const fn counted(mut self, quantity: i32, unit: &'static str) -> Self {
        self.quantity = Some((quantity, unit));
        self
    }

    /// Whether the amount is stated TTC (true unless said otherwise).
    pub(super) const fn ttc(mut self, tax_included: bool) -> Self {
        self.tax_included = tax_included;
        self
    }

    pub(super) const fn due(mut self, on: &'static str) -> Self {
        self.due_on = Some(on);
        self
    }

    pub(super) const fn confirmed(mut self, on: &'static str) -> Self {
        self.status = CommitmentStatus::Confirmed;
        self.changed_on = Some(on);
        self
    }

    pub(super) const fn cancelled(mut self, on: &'static str) -> Self {
        self.status = CommitmentStatus::Cancelled;
        self.changed_on = Some(on);
        self
    }

    /// An in-kind commitment is fulfilled by saying so, on the day it was delivered.
    pub(super) const fn delivered(mut self, on: &'static str) -> Self {
        self.status = CommitmentStatus::Fulfilled;
        self.fulfilled_on = Some(on);
        self
    }

    /// The tranches paid so far, oldest first; paying the whole amount fulfils the commitment.
    pub(super) const fn paid(mut self, payments: &'static [Payment]) -> Self {
        self.disbursements = payments;
        let mut total = 0;
        let mut rest = payments;
        while let [first, tail @ ..] = rest {
            total += first.amount;
            rest = tail;
        }
        if let (Some(amount), [.., last]) = (self.amount, payments)
            && total == amount
        {
            self.status = CommitmentStatus::Fulfilled;
            self.fulfilled_on = Some(last.paid_on);
        }
        self
    }
}
