//! The computed money figures of the planner's vocabulary: `Project.funding`, `Partner.totals`
//! and `Commitment.disbursed`. The statement computes the sums of [`crate::service::figures`]
//! (through [`crate::service::funding`]); rendering derives the rest with the resolvers' own
//! types — [`ProjectFunding::of`] (hence `FundingPlan::new`) and [`CommitmentTotals`] — so no
//! figure is defined a second time here.

mod funding_search;

use async_graphql::indexmap::IndexMap;
use async_graphql::{Context, Name, ScalarType, Value};
use sea_orm::sea_query::Alias;

use super::render::{container, currency, money_value, stored};
use super::types::accompaniment::{IndicatorFigure, render_figure};
use super::types::{argument, only};
use super::{Merged, MoneyPart, children, exactly, money_parts};
use crate::domain::commitment::CommitmentKind;
use crate::domain::money::Currency;
use crate::graphql::types::commitment::CommitmentTotals;
use crate::graphql::types::enums::CurrencyCode;
use crate::graphql::types::money::Money;
use crate::graphql::types::project::ProjectFunding;
use crate::service::funding;
use crate::service::read::{Read, Row};
pub(super) use funding_search::{plan_pipeline, plan_readiness};

type Result<T> = async_graphql::Result<T>;

/// A planned figure: the index of its computed value in the row, and the parts asked for.
pub(crate) enum Figure {
    Funding(usize, Parts<ProjectFunding>),
    Totals(usize, Currency, Parts<CommitmentTotals>),
    /// Null for a commitment that is not FINANCIAL, as its resolver says.
    Disbursed(usize, Vec<(String, MoneyPart)>),
    /// A project's readiness, from its dossier rows at this index of its links.
    Readiness(usize),
    /// A project's pipeline, computed at this index, in its currency.
    Pipeline(
        usize,
        Parts<crate::graphql::types::funding_search::FundingPipeline>,
    ),
    /// A value computed from the row's columns (a participant's kind), rendered from the JSON
    /// object of the computed value at this index by the type's own rule.
    Computed(usize, fn(&serde_json::Value) -> Option<Value>),
    /// An indicator's latest value or progress.
    Indicator(usize, IndicatorFigure),
}

/// The response keys of an object of figures, each with what it renders.
type Parts<T> = Vec<(String, Part<T>)>;

pub(crate) enum Part<T> {
    Typename,
    Money(fn(&T) -> Option<Money>, Vec<(String, MoneyPart)>),
    Value(fn(&T) -> Value),
}

/// `Project.funding`: the project's sums, computed in the statement.
pub(super) fn plan_funding(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
    read: &mut Read,
) -> Option<Figure> {
    if merged.has_arguments() {
        return None;
    }
    let parts = parts(ctx, merged, "ProjectFunding", funding_field)?;
    read.column(Alias::new("currency"));
    Some(Figure::Funding(funding::plan_funding(read), parts))
}

fn funding_field(name: &str) -> Option<Shows<ProjectFunding>> {
    Some(match name {
        "ownContribution" => Shows::Money(|f| Some(f.own_contribution)),
        "committedFinancial" => Shows::Money(|f| Some(f.committed_financial)),
        "committedInKind" => Shows::Money(|f| Some(f.committed_in_kind)),
        "committed" => Shows::Money(|f| Some(f.committed)),
        "disbursed" => Shows::Money(|f| Some(f.disbursed)),
        "gap" => Shows::Money(|f| Some(f.gap)),
        "coverageRate" => Shows::Value(|f| f.coverage_rate.to_value()),
        "programCap" => Shows::Money(|f| f.program_cap),
        "programCommitted" => Shows::Money(|f| f.program_committed),
        "programRemaining" => Shows::Money(|f| f.program_remaining),
        _ => return None,
    })
}

/// `Partner.totals(currency:)`, MAD when not given, as its resolver defaults it.
pub(super) fn plan_totals(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
    read: &mut Read,
) -> Option<Figure> {
    if !only(merged, &["currency"]) {
        return None;
    }
    let code: Option<CurrencyCode> = argument(ctx, merged, "currency")?;
    let currency = Currency::from(code.unwrap_or_default());
    let parts = parts(ctx, merged, "CommitmentTotals", totals_field)?;
    Some(Figure::Totals(
        funding::plan_totals(read, currency),
        currency,
        parts,
    ))
}

fn totals_field(name: &str) -> Option<Shows<CommitmentTotals>> {
    Some(match name {
        "committed" => Shows::Money(|t| Some(t.committed)),
        "committedToProjects" => Shows::Money(|t| Some(t.committed_to_projects)),
        "disbursed" => Shows::Money(|t| Some(t.disbursed)),
        "count" => Shows::Value(|t| Value::Number(t.count.into())),
        "projectsCount" => Shows::Value(|t| Value::Number(t.projects_count.into())),
        _ => return None,
    })
}

/// `Commitment.disbursed`: what was paid on it, computed in the statement.
pub(super) fn plan_disbursed(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
    read: &mut Read,
) -> Option<Figure> {
    if merged.has_arguments() {
        return None;
    }
    let parts = money_parts(ctx, merged)?;
    read.column(Alias::new("kind"));
    read.column(Alias::new("currency"));
    Some(Figure::Disbursed(funding::plan_disbursed(read), parts))
}

/// What a field of an object of figures `T` shows.
enum Shows<T> {
    Money(fn(&T) -> Option<Money>),
    Value(fn(&T) -> Value),
}

/// The parts of an object of figures of GraphQL type `typename`; `field` says what each field
/// shows (`None`: not planned).
fn parts<T>(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
    typename: &'static str,
    field: fn(&str) -> Option<Shows<T>>,
) -> Option<Parts<T>> {
    let mut parts = Vec::new();
    for (key, merged) in children(ctx, merged, &exactly(typename))? {
        let part = if merged.name == "__typename" {
            Part::Typename
        } else {
            if merged.has_arguments() {
                return None;
            }
            match field(merged.name)? {
                Shows::Money(money) => Part::Money(money, money_parts(ctx, &merged)?),
                Shows::Value(value) => Part::Value(value),
            }
        };
        parts.push((key.to_owned(), part));
    }
    Some(parts)
}

/// A planned figure of `row`, rendered as its resolver renders it.
pub(super) fn render(row: &Row, figure: &Figure) -> Result<Value> {
    match figure {
        Figure::Funding(index, parts) => {
            let money = funding::planned_funding(row.computed(*index))?;
            let plan = ProjectFunding::of(
                money.total_cost,
                money.own_contribution,
                money.inputs,
                currency(row)?,
            )?;
            Ok(object(&plan, "ProjectFunding", parts))
        }
        Figure::Totals(index, currency, parts) => {
            let totals = funding::planned_totals(row.computed(*index), *currency)?;
            Ok(object(
                &CommitmentTotals::from(totals),
                "CommitmentTotals",
                parts,
            ))
        }
        Figure::Disbursed(index, parts) => {
            if stored::<CommitmentKind>(row, "kind")? != CommitmentKind::Financial {
                return Ok(Value::Null);
            }
            let paid = funding::planned_disbursed(row.computed(*index))?;
            Ok(money_value(Money::new(paid, currency(row)?), parts))
        }
        Figure::Readiness(index) => funding_search::render_readiness(row, *index),
        Figure::Pipeline(index, parts) => funding_search::render_pipeline(row, *index, parts),
        Figure::Computed(index, of) => row
            .computed(*index)
            .and_then(of)
            .ok_or_else(|| super::render::unreadable("computed value")),
        Figure::Indicator(index, figure) => render_figure(row, *index, *figure),
    }
}

fn object<T>(figures: &T, typename: &'static str, parts: &Parts<T>) -> Value {
    let mut out = IndexMap::with_capacity(parts.len());
    for (key, part) in parts {
        let value = match part {
            Part::Typename => Value::String(typename.to_owned()),
            Part::Money(money, parts) => match money(figures) {
                Some(money) => money_value(money, parts),
                None => Value::Null,
            },
            Part::Value(value) => value(figures),
        };
        out.insert(Name::new(key), value);
    }
    container(out)
}
