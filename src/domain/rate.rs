//! The co-financing rate of a program (DESIGN.md, "Co-financing cap"), exact in basis points.

use rust_decimal::Decimal;

/// A rate between 0 and 1 with at most four decimal places, kept as basis points (0.70 = 7000).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate(u16);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    #[error("a rate has at most 4 decimal places")]
    TooPrecise,
    #[error("a rate lies between 0 and 1")]
    OutOfRange,
}

pub const BASIS_POINTS: u16 = 10_000;

impl Rate {
    pub fn from_basis_points(bp: u16) -> Result<Self, RateError> {
        if bp > BASIS_POINTS {
            return Err(RateError::OutOfRange);
        }
        Ok(Self(bp))
    }

    /// A rate as stored in a column of basis points.
    pub fn from_stored(bp: i32) -> Result<Self, RateError> {
        u16::try_from(bp)
            .map_err(|_| RateError::OutOfRange)
            .and_then(Self::from_basis_points)
    }

    pub fn parse(value: Decimal) -> Result<Self, RateError> {
        if value.is_sign_negative() && !value.is_zero() || value > Decimal::ONE {
            return Err(RateError::OutOfRange);
        }
        let scaled = value
            .checked_mul(Decimal::from(BASIS_POINTS))
            .ok_or(RateError::OutOfRange)?;
        if !scaled.fract().is_zero() {
            return Err(RateError::TooPrecise);
        }
        let bp: u16 = scaled
            .trunc()
            .try_into()
            .map_err(|_| RateError::OutOfRange)?;
        Self::from_basis_points(bp)
    }

    pub fn basis_points(self) -> u16 {
        self.0
    }

    /// The rate as a decimal with at least two places: 7000 → "0.70", 3333 → "0.3333".
    pub fn to_decimal(self) -> Decimal {
        let mut value = Decimal::new(i64::from(self.0), 4).normalize();
        if value.scale() < 2 {
            value.rescale(2);
        }
        value
    }

    /// The most a program's funder may commit on a project of `total_cost` centimes:
    /// `floor(rate × total_cost)`, computed without overflow or rounding up.
    pub fn cap_of(self, total_cost: i64) -> i64 {
        let cap = i128::from(total_cost) * i128::from(self.0) / i128::from(BASIS_POINTS);
        // A cap never exceeds the total cost, which is an i64.
        cap as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn pasec_rate_reads_and_prints_as_seventy_percent() {
        let rate = Rate::parse(dec("0.70")).unwrap();
        assert_eq!(rate.basis_points(), 7000);
        assert_eq!(rate.to_decimal().to_string(), "0.70");
        assert_eq!(
            Rate::parse(dec("1")).unwrap().to_decimal().to_string(),
            "1.00"
        );
        assert_eq!(
            Rate::parse(dec("0.3333")).unwrap().to_decimal().to_string(),
            "0.3333"
        );
    }

    #[test]
    fn rates_outside_zero_to_one_or_too_precise_are_refused() {
        assert_eq!(Rate::parse(dec("1.01")), Err(RateError::OutOfRange));
        assert_eq!(Rate::parse(dec("-0.10")), Err(RateError::OutOfRange));
        assert_eq!(Rate::parse(dec("0.12345")), Err(RateError::TooPrecise));
    }

    #[test]
    fn the_cap_rounds_down_to_the_centime() {
        let rate = Rate::parse(dec("0.70")).unwrap();
        assert_eq!(rate.cap_of(100_001), 70_000);
        assert_eq!(
            rate.cap_of(super::super::money::MAX_CENTIMES),
            70_000_000_000_000
        );
    }
}
