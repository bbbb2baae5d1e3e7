//! The two workflows of DESIGN.md: a project's and a commitment's. Anything not listed is
//! `INVALID_TRANSITION`.

use crate::domain::commitment::CommitmentStatus;
use crate::domain::project::ProjectStatus;

/// Whether a project may go from `from` to `to`.
pub fn project_may_move(from: ProjectStatus, to: ProjectStatus) -> bool {
    use ProjectStatus::*;
    match (from, to) {
        (Draft, InPreparation)
        | (InPreparation, SeekingFunding)
        | (SeekingFunding, UnderReview)
        | (UnderReview, Approved)
        | (Approved, InProgress)
        | (InProgress, Completed)
        | (SeekingFunding, InPreparation)
        | (UnderReview, SeekingFunding)
        | (UnderReview, Rejected) => true,
        (from, Cancelled) => !matches!(from, Completed | Rejected | Cancelled),
        _ => false,
    }
}

/// Whether a commitment may go from `from` to `to` (FULFILLED by hand is for in-kind
/// commitments; a FINANCIAL one becomes FULFILLED by its last disbursement).
pub fn commitment_may_move(from: CommitmentStatus, to: CommitmentStatus) -> bool {
    use CommitmentStatus::*;
    matches!(
        (from, to),
        (Pledged, Confirmed) | (Confirmed, Fulfilled) | (Pledged | Confirmed, Cancelled)
    )
}

/// `APPROVED → IN_PROGRESS` needs the own contribution and the CONFIRMED or FULFILLED
/// commitments to cover the total cost (`FUNDING_INCOMPLETE` otherwise).
pub fn funding_is_complete(total_cost: i64, own_contribution: i64, secured: i64) -> bool {
    i128::from(own_contribution) + i128::from(secured) >= i128::from(total_cost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProjectStatus::*;

    const ALL: [ProjectStatus; 9] = [
        Draft,
        InPreparation,
        SeekingFunding,
        UnderReview,
        Approved,
        InProgress,
        Completed,
        Rejected,
        Cancelled,
    ];

    #[test]
    fn the_project_workflow_allows_exactly_the_designed_steps() {
        let allowed = [
            (Draft, InPreparation),
            (InPreparation, SeekingFunding),
            (SeekingFunding, UnderReview),
            (UnderReview, Approved),
            (Approved, InProgress),
            (InProgress, Completed),
            (SeekingFunding, InPreparation),
            (UnderReview, SeekingFunding),
            (UnderReview, Rejected),
            (Draft, Cancelled),
            (InPreparation, Cancelled),
            (SeekingFunding, Cancelled),
            (UnderReview, Cancelled),
            (Approved, Cancelled),
            (InProgress, Cancelled),
        ];
        for from in ALL {
            for to in ALL {
                assert_eq!(
                    project_may_move(from, to),
                    allowed.contains(&(from, to)),
                    "{from:?} → {to:?}"
                );
            }
        }
    }

    #[test]
    fn the_commitment_workflow() {
        use CommitmentStatus::*;
        assert!(commitment_may_move(Pledged, Confirmed));
        assert!(commitment_may_move(Confirmed, Fulfilled));
        assert!(commitment_may_move(Pledged, Cancelled));
        assert!(commitment_may_move(Confirmed, Cancelled));
        assert!(!commitment_may_move(Pledged, Fulfilled));
        assert!(!commitment_may_move(Fulfilled, Cancelled));
        assert!(!commitment_may_move(Cancelled, Pledged));
        assert!(!commitment_may_move(Confirmed, Pledged));
    }

    #[test]
    fn funding_is_complete_when_secured_money_covers_the_cost() {
        assert!(funding_is_complete(100, 10, 90));
        assert!(!funding_is_complete(100, 10, 89));
        assert!(funding_is_complete(i64::MAX, i64::MAX, i64::MAX));
    }
}
