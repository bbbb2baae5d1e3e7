//! Commitments: their kinds and the states of their workflow (DESIGN.md, "Commitment workflow").

use sea_orm::entity::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum CommitmentKind {
    /// Money, paid in disbursements.
    #[sea_orm(string_value = "FINANCIAL")]
    Financial,
    #[sea_orm(string_value = "EQUIPMENT")]
    Equipment,
    #[sea_orm(string_value = "CONSTRUCTION")]
    Construction,
    #[sea_orm(string_value = "STAFF")]
    Staff,
    #[sea_orm(string_value = "TECHNICAL_ASSISTANCE")]
    TechnicalAssistance,
    #[sea_orm(string_value = "STUDY")]
    Study,
    #[sea_orm(string_value = "TRAINING")]
    Training,
    #[sea_orm(string_value = "MANAGEMENT")]
    Management,
    #[sea_orm(string_value = "PREMISES")]
    Premises,
    #[sea_orm(string_value = "OTHER")]
    Other,
    /// A local office of a partner at the center (the ADS antenna).
    #[sea_orm(string_value = "ANTENNA")]
    Antenna,
    /// Pedagogical and technical supervision (the Réseau associatif's).
    #[sea_orm(string_value = "SUPERVISION")]
    Supervision,
}

impl CommitmentKind {
    /// Everything but money is in kind; an in-kind commitment may carry a valuation or none.
    pub fn is_in_kind(self) -> bool {
        self != Self::Financial
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum CommitmentStatus {
    #[sea_orm(string_value = "PLEDGED")]
    Pledged,
    #[sea_orm(string_value = "CONFIRMED")]
    Confirmed,
    #[sea_orm(string_value = "FULFILLED")]
    Fulfilled,
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}

/// The longest unit accepted ("cadres administratifs").
pub const UNIT_MAX: usize = 100;

/// How many of what an in-kind commitment gives: a positive quantity and its unit, both or
/// neither, so that "2" never stands without saying 2 of what.
pub fn quantity(
    quantity: Option<i32>,
    unit: Option<&str>,
) -> Result<Option<(i32, String)>, crate::domain::user_error::UserError> {
    use crate::domain::user_error::{ErrorCode, UserError};
    let unit = crate::domain::input::optional_text(unit, &["input", "unit"], UNIT_MAX)?;
    match (quantity, unit) {
        (None, None) => Ok(None),
        (Some(quantity), _) if quantity <= 0 => Err(UserError::new(
            ErrorCode::OutOfRange,
            &["input", "quantity"],
            "a quantity is a positive whole number",
        )),
        (Some(quantity), Some(unit)) => Ok(Some((quantity, unit))),
        (Some(_), None) => Err(UserError::new(
            ErrorCode::Required,
            &["input", "unit"],
            "a quantity says its unit",
        )),
        (None, Some(_)) => Err(UserError::new(
            ErrorCode::Required,
            &["input", "quantity"],
            "a unit goes with a quantity",
        )),
    }
}

#[cfg(test)]
mod quantity_tests {
    use super::*;
    use crate::domain::user_error::ErrorCode;

    #[test]
    fn a_quantity_comes_with_its_unit() {
        assert_eq!(
            quantity(Some(2), Some(" cadres administratifs ")).unwrap(),
            Some((2, "cadres administratifs".to_owned()))
        );
        assert_eq!(quantity(None, None).unwrap(), None);
        assert_eq!(quantity(None, Some("  ")).unwrap(), None);
    }

    #[test]
    fn a_lone_quantity_or_unit_or_a_non_positive_quantity_is_refused() {
        let cases = [
            (Some(2), None, ErrorCode::Required, "unit"),
            (None, Some("cadres"), ErrorCode::Required, "quantity"),
            (Some(0), Some("cadres"), ErrorCode::OutOfRange, "quantity"),
            (Some(-1), Some("cadres"), ErrorCode::OutOfRange, "quantity"),
        ];
        for (q, unit, code, field) in cases {
            let err = quantity(q, unit).unwrap_err();
            assert_eq!(err.code, code, "{q:?} {unit:?}");
            assert_eq!(err.field, ["input", field], "{q:?} {unit:?}");
        }
    }
}
