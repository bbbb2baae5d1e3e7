//! The financing plan of a project (DESIGN.md, "Financing plan" and "Co-financing cap"): one
//! definition of every figure, shared by `Project.funding`, the rules and the statistics.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::rate::Rate;

/// What the database sums over a project's commitments, in centimes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommitmentSums {
    /// FINANCIAL commitments that are not CANCELLED.
    pub financial: i64,
    /// In-kind commitments with a valuation that are not CANCELLED.
    pub in_kind: i64,
    /// CONFIRMED or FULFILLED commitments with an amount: what is secured.
    pub secured: i64,
    /// Commitments under the project's program that are not CANCELLED.
    pub program: i64,
    /// Every disbursement on the project's commitments.
    pub disbursed: i64,
}

/// A project's financing plan, every figure in centimes of the project's currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FundingPlan {
    pub own_contribution: i64,
    pub committed_financial: i64,
    pub committed_in_kind: i64,
    /// Own contribution + financial + valued in-kind: never above the total cost (`OVERFUNDED`).
    pub committed: i64,
    pub disbursed: i64,
    /// What remains to find: total cost − committed, never below zero.
    pub gap: i64,
    /// committed / total cost, exact to four places (rounded down).
    pub coverage_rate: Decimal,
    /// floor(rate × total cost) when the project belongs to a program.
    pub program_cap: Option<i64>,
    pub program_committed: Option<i64>,
    pub program_remaining: Option<i64>,
}

impl FundingPlan {
    pub fn new(
        total_cost: i64,
        own_contribution: i64,
        sums: CommitmentSums,
        program_rate: Option<Rate>,
    ) -> Self {
        let committed = own_contribution
            .saturating_add(sums.financial)
            .saturating_add(sums.in_kind);
        let program_cap = program_rate.map(|rate| rate.cap_of(total_cost));
        Self {
            own_contribution,
            committed_financial: sums.financial,
            committed_in_kind: sums.in_kind,
            committed,
            disbursed: sums.disbursed,
            gap: total_cost.saturating_sub(committed).max(0),
            coverage_rate: ratio(committed, total_cost),
            program_cap,
            program_committed: program_cap.map(|_| sums.program),
            program_remaining: program_cap.map(|cap| cap.saturating_sub(sums.program)),
        }
    }
}

/// `part / whole` to four places, rounded down, shown with at least two ("0.85", "0.3333");
/// zero when `whole` is zero.
pub fn ratio(part: i64, whole: i64) -> Decimal {
    if whole == 0 {
        return Decimal::new(0, 2);
    }
    let mut value = (Decimal::from(part) / Decimal::from(whole))
        .round_dp_with_strategy(4, RoundingStrategy::ToZero)
        .normalize();
    if value.scale() < 2 {
        value.rescale(2);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn pasec() -> Option<Rate> {
        Some(Rate::parse(Decimal::from_str("0.70").unwrap()).unwrap())
    }

    #[test]
    fn the_plan_adds_own_contribution_financial_and_valued_in_kind() {
        let sums = CommitmentSums {
            financial: 12_600_000,
            in_kind: 2_700_000,
            secured: 15_300_000,
            program: 12_600_000,
            disbursed: 7_560_000,
        };
        let plan = FundingPlan::new(18_000_000, 2_700_000, sums, pasec());
        assert_eq!(plan.committed, 18_000_000);
        assert_eq!(plan.gap, 0);
        assert_eq!(plan.coverage_rate.to_string(), "1.00");
        assert_eq!(plan.program_cap, Some(12_600_000));
        assert_eq!(plan.program_remaining, Some(0));
        assert_eq!(plan.disbursed, 7_560_000);
    }

    #[test]
    fn a_project_outside_any_program_has_no_cap() {
        let plan = FundingPlan::new(9_000_000, 900_000, CommitmentSums::default(), None);
        assert_eq!(plan.committed, 900_000);
        assert_eq!(plan.gap, 8_100_000);
        assert_eq!(plan.coverage_rate.to_string(), "0.10");
        assert_eq!(plan.program_cap, None);
        assert_eq!(plan.program_committed, None);
    }

    #[test]
    fn ratios_round_down_to_four_places() {
        assert_eq!(ratio(1, 3).to_string(), "0.3333");
        assert_eq!(ratio(2, 3).to_string(), "0.6666");
        assert_eq!(ratio(85, 100).to_string(), "0.85");
        assert_eq!(ratio(5, 0).to_string(), "0.00");
    }
}
