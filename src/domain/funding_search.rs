//! The funding search (issue #14): the workflow of a funding request, and a dossier's readiness
//! against its program's requirements.

use rust_decimal::Decimal;
use sea_orm::entity::prelude::*;

use crate::domain::funding::ratio;

/// Where a funding request stands (the workflow is [`request_may_move`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum FundingRequestStatus {
    /// Being put together by the center; not sent yet.
    #[sea_orm(string_value = "DRAFT")]
    Draft,
    /// Sent to the partner, waiting for its answer.
    #[sea_orm(string_value = "SUBMITTED")]
    Submitted,
    /// The partner said yes: the acceptance created the commitment.
    #[sea_orm(string_value = "ACCEPTED")]
    Accepted,
    /// The partner said no.
    #[sea_orm(string_value = "DECLINED")]
    Declined,
    /// The center took the request back before an answer.
    #[sea_orm(string_value = "WITHDRAWN")]
    Withdrawn,
}

impl FundingRequestStatus {
    /// A decided or withdrawn request no longer changes.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Accepted | Self::Declined | Self::Withdrawn)
    }

    /// The partner's answer: what only the staff or the addressed partner may record.
    pub fn is_decision(self) -> bool {
        matches!(self, Self::Accepted | Self::Declined)
    }
}

/// `DRAFT → SUBMITTED → ACCEPTED | DECLINED`, and `DRAFT | SUBMITTED → WITHDRAWN`; anything
/// else is `INVALID_TRANSITION`.
pub fn request_may_move(from: FundingRequestStatus, to: FundingRequestStatus) -> bool {
    use FundingRequestStatus::*;
    matches!(
        (from, to),
        (Draft, Submitted) | (Submitted, Accepted | Declined) | (Draft | Submitted, Withdrawn)
    )
}

/// How far a dossier is from complete: its mandatory requirements and how many are satisfied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Readiness {
    pub mandatory: usize,
    pub satisfied: usize,
}

impl Readiness {
    /// Counts a dossier's entries, each `(mandatory, satisfied)`: only mandatory requirements
    /// count, and a requirement never checked is unsatisfied.
    pub fn of(entries: impl IntoIterator<Item = (bool, bool)>) -> Self {
        entries
            .into_iter()
            .filter(|(mandatory, _)| *mandatory)
            .fold(Self::default(), |readiness, (_, satisfied)| Self {
                mandatory: readiness.mandatory + 1,
                satisfied: readiness.satisfied + usize::from(satisfied),
            })
    }

    /// The share of mandatory requirements met, rounded down to four places like every rate
    /// ("0.60"); `None` when there is nothing to meet (no program, or no mandatory requirement),
    /// so that a missing checklist never reads as a finished one.
    pub fn share(self) -> Option<Decimal> {
        if self.mandatory == 0 {
            return None;
        }
        let whole = i64::try_from(self.mandatory).ok()?;
        let part = i64::try_from(self.satisfied.min(self.mandatory)).ok()?;
        Some(ratio(part, whole))
    }

    /// `UNDER_REVIEW` needs every mandatory requirement satisfied (`DOSSIER_INCOMPLETE`);
    /// a program without mandatory requirements asks for nothing.
    pub fn is_complete(self) -> bool {
        self.satisfied >= self.mandatory
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FundingRequestStatus::*;

    const ALL: [FundingRequestStatus; 5] = [Draft, Submitted, Accepted, Declined, Withdrawn];

    #[test]
    fn a_request_moves_exactly_along_the_designed_steps() {
        let allowed = [
            (Draft, Submitted),
            (Submitted, Accepted),
            (Submitted, Declined),
            (Draft, Withdrawn),
            (Submitted, Withdrawn),
        ];
        for from in ALL {
            for to in ALL {
                assert_eq!(
                    request_may_move(from, to),
                    allowed.contains(&(from, to)),
                    "{from:?} → {to:?}"
                );
            }
        }
    }

    #[test]
    fn final_states_never_move_again() {
        for from in ALL.into_iter().filter(|status| status.is_final()) {
            assert!(
                ALL.into_iter().all(|to| !request_may_move(from, to)),
                "{from:?}"
            );
        }
    }

    #[test]
    fn readiness_counts_the_mandatory_entries_and_those_satisfied() {
        let entries = [(true, true), (true, false), (false, true), (false, false)];
        assert_eq!(
            Readiness::of(entries),
            Readiness {
                mandatory: 2,
                satisfied: 1
            },
            "an optional requirement counts for nothing, met or not"
        );
        assert_eq!(Readiness::of([]), Readiness::default());
    }

    #[test]
    fn readiness_is_the_share_of_mandatory_requirements_met() {
        let share = |mandatory, satisfied| {
            Readiness {
                mandatory,
                satisfied,
            }
            .share()
        };
        assert_eq!(share(5, 3).map(|d| d.to_string()), Some("0.60".into()));
        assert_eq!(share(3, 1).map(|d| d.to_string()), Some("0.3333".into()));
        assert_eq!(share(4, 4).map(|d| d.to_string()), Some("1.00".into()));
        assert_eq!(share(0, 0), None, "nothing to meet is not 100%");
    }

    #[test]
    fn a_dossier_is_complete_when_every_mandatory_requirement_is_met() {
        assert!(
            Readiness {
                mandatory: 2,
                satisfied: 2
            }
            .is_complete()
        );
        assert!(
            !Readiness {
                mandatory: 2,
                satisfied: 1
            }
            .is_complete()
        );
        assert!(
            Readiness::default().is_complete(),
            "no requirement, no gate"
        );
    }
}
