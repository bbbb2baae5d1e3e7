//! Exact money (DESIGN.md, "Money"): integer centimes in a currency, never floats.

use rust_decimal::Decimal;
use sea_orm::entity::prelude::*;

/// The largest amount the center accepts: 1,000,000,000,000.00, in centimes (fits an i64 with room
/// to sum a million of them).
pub const MAX_CENTIMES: i64 = 100_000_000_000_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(3))")]
pub enum Currency {
    /// The Moroccan dirham, the default.
    #[default]
    #[sea_orm(string_value = "MAD")]
    Mad,
    #[sea_orm(string_value = "EUR")]
    Eur,
    #[sea_orm(string_value = "USD")]
    Usd,
}

/// An amount in centimes with its currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Money {
    pub centimes: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(centimes: i64, currency: Currency) -> Self {
        Self { centimes, currency }
    }

    /// The exact decimal value, always with two places: 25000000 → "250000.00".
    pub fn to_decimal(self) -> Decimal {
        centimes_to_decimal(self.centimes)
    }
}

/// Money as a caller sent it: a decimal not yet checked, and its currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawMoney {
    pub amount: Decimal,
    pub currency: Currency,
}

/// Why a decimal is not an acceptable amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("an amount has at most 2 decimal places")]
    TooPrecise,
    #[error("an amount must be greater than zero")]
    NotPositive,
    #[error("an amount may not exceed 1000000000000.00")]
    TooLarge,
}

/// Parses a positive amount of at most two decimal places and at most [`MAX_CENTIMES`].
pub fn parse_amount(value: Decimal) -> Result<i64, AmountError> {
    let centimes = parse_centimes(value)?;
    if centimes <= 0 {
        return Err(AmountError::NotPositive);
    }
    Ok(centimes)
}

/// Like [`parse_amount`], but zero is allowed (an own contribution may be nothing).
pub fn parse_non_negative_amount(value: Decimal) -> Result<i64, AmountError> {
    let centimes = parse_centimes(value)?;
    if centimes < 0 {
        return Err(AmountError::NotPositive);
    }
    Ok(centimes)
}

fn parse_centimes(value: Decimal) -> Result<i64, AmountError> {
    let scaled = value
        .checked_mul(Decimal::ONE_HUNDRED)
        .ok_or(AmountError::TooLarge)?;
    if !scaled.fract().is_zero() {
        return Err(AmountError::TooPrecise);
    }
    let centimes: i64 = scaled
        .trunc()
        .try_into()
        .map_err(|_| AmountError::TooLarge)?;
    if centimes > MAX_CENTIMES {
        return Err(AmountError::TooLarge);
    }
    Ok(centimes)
}

/// Centimes as an exact decimal with two places.
pub fn centimes_to_decimal(centimes: i64) -> Decimal {
    Decimal::new(centimes, 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn amounts_are_read_to_the_centime() {
        assert_eq!(parse_amount(dec("250000.00")), Ok(25_000_000));
        assert_eq!(parse_amount(dec("0.01")), Ok(1));
        assert_eq!(parse_amount(dec("12.5")), Ok(1_250));
        assert_eq!(parse_amount(dec("1000000000000.00")), Ok(MAX_CENTIMES));
    }

    #[test]
    fn bad_amounts_are_refused_with_their_reason() {
        let cases = [
            ("0.001", AmountError::TooPrecise),
            ("0", AmountError::NotPositive),
            ("-5.00", AmountError::NotPositive),
            ("1000000000000.01", AmountError::TooLarge),
            ("79228162514264337593543950335", AmountError::TooLarge),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_amount(dec(input)), Err(expected), "case {input}");
        }
    }

    #[test]
    fn an_own_contribution_may_be_zero_but_not_negative() {
        assert_eq!(parse_non_negative_amount(dec("0")), Ok(0));
        assert_eq!(
            parse_non_negative_amount(dec("-0.01")),
            Err(AmountError::NotPositive)
        );
    }

    #[test]
    fn money_is_shown_with_two_places() {
        assert_eq!(
            Money::new(25_000_000, Currency::Mad)
                .to_decimal()
                .to_string(),
            "250000.00"
        );
        assert_eq!(centimes_to_decimal(5).to_string(), "0.05");
    }
}
