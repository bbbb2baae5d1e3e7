//! `Money`: an exact amount and its currency.

use async_graphql::SimpleObject;

use crate::domain::money::{self, Currency, RawMoney};
use crate::graphql::scalars::Decimal;
use crate::graphql::types::enums::CurrencyCode;

/// An exact amount of money; `amount` is a decimal string with two places, never a float.
#[derive(SimpleObject, Clone, Copy, Debug)]
pub struct Money {
    /// The amount, exact, as a decimal string with two places: "250000.00".
    pub amount: Decimal,
    /// The currency of the amount. Amounts of different currencies are never added up.
    pub currency: CurrencyCode,
}

impl Money {
    pub fn new(centimes: i64, currency: Currency) -> Self {
        Self {
            amount: Decimal(money::centimes_to_decimal(centimes)),
            currency: currency.into(),
        }
    }
}

/// An amount of money as input: a decimal string of at most two places, MAD unless said.
#[derive(async_graphql::InputObject, Clone, Copy, Debug)]
pub struct MoneyInput {
    /// The amount, as a decimal string with at most two decimals, up to 1,000,000,000,000.00; more
    /// than zero, except an own contribution, which may be zero.
    pub amount: Decimal,
    /// MAD when not given (or null).
    #[graphql(default_with = "Some(CurrencyCode::Mad)")]
    pub currency: Option<CurrencyCode>,
}

impl From<MoneyInput> for RawMoney {
    fn from(input: MoneyInput) -> Self {
        Self {
            amount: input.amount.0,
            currency: input.currency.unwrap_or(CurrencyCode::Mad).into(),
        }
    }
}
