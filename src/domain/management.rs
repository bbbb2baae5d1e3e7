//! The management agreement (cahier des charges) by which a partner manages a center: its
//! statuses and how they may change. At most one ACTIVE per center; the center's `managedBy`
//! follows it.

use sea_orm::entity::prelude::*;

use crate::domain::user_error::{ErrorCode, UserError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum AgreementStatus {
    #[sea_orm(string_value = "DRAFT")]
    Draft,
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    #[sea_orm(string_value = "ENDED")]
    Ended,
}

/// The longest obligation accepted, and the most obligations an agreement lists.
pub const OBLIGATION_MAX: usize = 1_000;
pub const OBLIGATIONS_MAX: usize = 100;

/// `INVALID_TRANSITION` unless `from → to` is DRAFT → ACTIVE, DRAFT → ENDED (abandoned) or
/// ACTIVE → ENDED: an ended agreement stays ended, so the history of who managed stays true.
pub fn check_transition(from: AgreementStatus, to: AgreementStatus) -> Result<(), UserError> {
    use AgreementStatus::{Active, Draft, Ended};
    match (from, to) {
        (Draft, Active) | (Draft, Ended) | (Active, Ended) => Ok(()),
        _ => Err(UserError::new(
            ErrorCode::InvalidTransition,
            &["input", "status"],
            format!("an agreement cannot go from {from:?} to {to:?}"),
        )),
    }
}

/// The obligations, each trimmed and non-blank, at most [`OBLIGATIONS_MAX`] of at most
/// [`OBLIGATION_MAX`] characters.
pub fn obligations(items: &[String]) -> Result<Vec<String>, UserError> {
    if items.len() > OBLIGATIONS_MAX {
        return Err(UserError::new(
            ErrorCode::OutOfRange,
            &["input", "obligations"],
            format!("at most {OBLIGATIONS_MAX} obligations"),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let index = index.to_string();
            crate::domain::input::text(item, &["input", "obligations", &index], OBLIGATION_MAX)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::AgreementStatus::*;
    use super::*;

    #[test]
    fn an_agreement_is_activated_from_draft_and_ends_for_good() {
        for (from, to) in [(Draft, Active), (Draft, Ended), (Active, Ended)] {
            assert!(check_transition(from, to).is_ok(), "{from:?} → {to:?}");
        }
        for (from, to) in [
            (Ended, Active),
            (Ended, Draft),
            (Active, Draft),
            (Active, Active),
        ] {
            let err = check_transition(from, to).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidTransition, "{from:?} → {to:?}");
        }
    }

    #[test]
    fn obligations_are_trimmed_and_none_is_blank() {
        let ok = obligations(&[" gérer le centre ".into()]).unwrap();
        assert_eq!(ok, ["gérer le centre"]);
        let err = obligations(&["ok".into(), "  ".into()]).unwrap_err();
        assert_eq!(err.field, ["input", "obligations", "1"]);
    }
}
