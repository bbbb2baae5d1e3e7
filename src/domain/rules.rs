//! The money rules of a project (DESIGN.md, "Rules the API enforces"), as pure checks on the
//! state a write would leave: services load the state under a lock, apply the change, and refuse
//! it when a check fails, so the invariants hold whatever the order of concurrent writes.

use crate::domain::rate::Rate;
use crate::domain::user_error::ErrorCode;

/// The sums that the financing plan and the co-financing cap constrain, in centimes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanState {
    pub total_cost: i64,
    pub own_contribution: i64,
    /// FINANCIAL and valued in-kind commitments that are not CANCELLED.
    pub committed: i64,
    /// What the program's funder committed under the program, not CANCELLED.
    pub program_committed: i64,
    pub program_rate: Option<Rate>,
}

impl PlanState {
    /// `OVERFUNDED` when own contribution + commitments exceed the total cost;
    /// `COFINANCING_CAP_EXCEEDED` when the program's funder exceeds floor(rate × total cost).
    pub fn check(&self) -> Result<(), ErrorCode> {
        let committed = i128::from(self.own_contribution) + i128::from(self.committed);
        if committed > i128::from(self.total_cost) {
            return Err(ErrorCode::Overfunded);
        }
        if let Some(rate) = self.program_rate
            && self.program_committed > rate.cap_of(self.total_cost)
        {
            return Err(ErrorCode::CofinancingCapExceeded);
        }
        Ok(())
    }

    /// The state with one more commitment of `amount` (under the program when `under_program`).
    pub fn with_commitment(self, amount: i64, under_program: bool) -> Self {
        Self {
            committed: self.committed.saturating_add(amount),
            program_committed: if under_program {
                self.program_committed.saturating_add(amount)
            } else {
                self.program_committed
            },
            ..self
        }
    }
}

/// What recording a payment does to a FINANCIAL commitment of `amount` already paid `paid`:
/// `Ok(true)` when it pays the commitment in full (it becomes FULFILLED), `OVERDISBURSED` when
/// it would pay more than the amount.
pub fn disburse(amount: i64, paid: i64, payment: i64) -> Result<bool, ErrorCode> {
    let after = i128::from(paid) + i128::from(payment);
    match after.cmp(&i128::from(amount)) {
        std::cmp::Ordering::Greater => Err(ErrorCode::Overdisbursed),
        std::cmp::Ordering::Equal => Ok(true),
        std::cmp::Ordering::Less => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::MAX_CENTIMES;
    use proptest::prelude::*;

    fn pasec() -> Option<Rate> {
        Rate::from_basis_points(7000).ok()
    }

    #[test]
    fn a_plan_within_its_cost_and_cap_passes() {
        let state = PlanState {
            total_cost: 1_000,
            own_contribution: 100,
            committed: 900,
            program_committed: 700,
            program_rate: pasec(),
        };
        assert_eq!(state.check(), Ok(()));
        assert_eq!(
            state.with_commitment(1, false).check(),
            Err(ErrorCode::Overfunded)
        );
        let capped = PlanState {
            own_contribution: 0,
            committed: 701,
            program_committed: 701,
            ..state
        };
        assert_eq!(capped.check(), Err(ErrorCode::CofinancingCapExceeded));
    }

    #[test]
    fn payments_fulfil_a_commitment_exactly_at_its_amount() {
        assert_eq!(disburse(100, 40, 50), Ok(false));
        assert_eq!(disburse(100, 40, 60), Ok(true));
        assert_eq!(disburse(100, 40, 61), Err(ErrorCode::Overdisbursed));
        assert_eq!(
            disburse(MAX_CENTIMES, MAX_CENTIMES, MAX_CENTIMES),
            Err(ErrorCode::Overdisbursed)
        );
    }

    /// An operation a sequence of requests may attempt on one project.
    #[derive(Clone, Debug)]
    enum Op {
        Commit { amount: i64, under_program: bool },
        Cancel(usize),
        SetCost(i64),
        Disburse { index: usize, amount: i64 },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (1..=MAX_CENTIMES, any::<bool>()).prop_map(|(amount, under_program)| Op::Commit {
                amount,
                under_program
            }),
            (0usize..20).prop_map(Op::Cancel),
            (1..=MAX_CENTIMES).prop_map(Op::SetCost),
            ((0usize..20), 1..=MAX_CENTIMES)
                .prop_map(|(index, amount)| Op::Disburse { index, amount }),
        ]
    }

    #[derive(Clone, Debug)]
    struct Commitment {
        amount: i64,
        under_program: bool,
        paid: i64,
        cancelled: bool,
    }

    fn state_of(total_cost: i64, own: i64, commitments: &[Commitment]) -> PlanState {
        let live = commitments.iter().filter(|c| !c.cancelled);
        PlanState {
            total_cost,
            own_contribution: own,
            committed: live.clone().map(|c| c.amount).sum(),
            program_committed: live.filter(|c| c.under_program).map(|c| c.amount).sum(),
            program_rate: pasec(),
        }
    }

    proptest! {
        /// Whatever requests arrive, in whatever order, the rules accept only states in which the
        /// plan never exceeds the cost, the funder never exceeds the cap, no commitment is paid
        /// more than its amount, and no sum overflows or loses a centime.
        #[test]
        fn the_invariants_hold_for_any_sequence_of_operations(
            cost in 1..=MAX_CENTIMES,
            own_share in 0u32..=100,
            ops in prop::collection::vec(op(), 1..60),
        ) {
            let own = cost / 100 * i64::from(own_share);
            let mut total_cost = cost;
            let mut commitments: Vec<Commitment> = Vec::new();
            for op in ops {
                match op {
                    Op::Commit { amount, under_program } => {
                        let next = state_of(total_cost, own, &commitments).with_commitment(amount, under_program);
                        if next.check().is_ok() {
                            commitments.push(Commitment { amount, under_program, paid: 0, cancelled: false });
                        }
                    }
                    Op::Cancel(index) => {
                        if let Some(c) = commitments.get_mut(index) && c.paid == 0 {
                            c.cancelled = true;
                        }
                    }
                    Op::SetCost(new_cost) => {
                        if new_cost >= own && state_of(new_cost, own, &commitments).check().is_ok() {
                            total_cost = new_cost;
                        }
                    }
                    Op::Disburse { index, amount } => {
                        if let Some(c) = commitments.get_mut(index)
                            && !c.cancelled
                            && disburse(c.amount, c.paid, amount).is_ok()
                        {
                            c.paid += amount;
                        }
                    }
                }
                let state = state_of(total_cost, own, &commitments);
                prop_assert!(state.check().is_ok(), "{state:?}");
                prop_assert!(i128::from(state.own_contribution) + i128::from(state.committed) <= i128::from(total_cost));
                prop_assert!(state.program_committed <= pasec().unwrap().cap_of(total_cost));
                for c in &commitments {
                    prop_assert!(c.paid <= c.amount);
                }
                let exact: i128 = commitments.iter().filter(|c| !c.cancelled).map(|c| i128::from(c.amount)).sum();
                prop_assert_eq!(exact, i128::from(state.committed), "sums lose no centime");
            }
        }

        /// Centimes and decimals convert both ways without loss for every valid amount.
        #[test]
        fn amounts_round_trip_through_decimals(centimes in 1..=MAX_CENTIMES) {
            let decimal = crate::domain::money::centimes_to_decimal(centimes);
            prop_assert_eq!(crate::domain::money::parse_amount(decimal), Ok(centimes));
        }
    }
}
