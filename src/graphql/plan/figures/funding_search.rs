//! The funding search's computed figures: `Project.readiness` and `Project.pipeline`. The
//! statement reads what the batch loaders read ([`crate::service::funding_search::planned`]);
//! rendering counts and converts with the resolvers' own functions ([`Readiness::of`],
//! [`FundingPipeline::of`]).
//!
//! [`Readiness::of`]: crate::domain::funding_search::Readiness::of

use async_graphql::{Context, ScalarType, Value};
use sea_orm::sea_query::Alias;

use super::super::Merged;
use super::super::render::{currency, unreadable};
use super::{Figure, Parts, Shows, object, parts};
use crate::graphql::scalars::Decimal;
use crate::graphql::types::funding_search::FundingPipeline;
use crate::service::funding_search::planned::{
    plan_pipeline as read_pipeline, plan_readiness as read_readiness, planned_pipeline,
    planned_readiness,
};
use crate::service::read::{Linked, Read, Row};

/// `Project.readiness`: the project's dossier rows, counted when rendered.
pub(in crate::graphql::plan) fn plan_readiness(
    _: &Context<'_>,
    merged: &Merged<'_>,
    read: &mut Read,
) -> Option<Figure> {
    if merged.has_arguments() {
        return None;
    }
    Some(Figure::Readiness(read_readiness(read)))
}

/// `Project.pipeline`: the project's sums, computed in the statement.
pub(in crate::graphql::plan) fn plan_pipeline(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
    read: &mut Read,
) -> Option<Figure> {
    if merged.has_arguments() {
        return None;
    }
    let parts = parts(ctx, merged, "FundingPipeline", pipeline_field)?;
    read.column(Alias::new("currency"));
    Some(Figure::Pipeline(read_pipeline(read), parts))
}

fn pipeline_field(name: &str) -> Option<Shows<FundingPipeline>> {
    Some(match name {
        "asked" => Shows::Money(|p| Some(p.asked)),
        "accepted" => Shows::Money(|p| Some(p.accepted)),
        "declined" => Shows::Money(|p| Some(p.declined)),
        "pending" => Shows::Money(|p| Some(p.pending)),
        _ => return None,
    })
}

/// The readiness of the dossier rows at `index` of the row's links: null when the dossier has
/// nothing mandatory, as the resolver says.
pub(super) fn render_readiness(row: &Row, index: usize) -> async_graphql::Result<Value> {
    let Some(Linked::All(rows)) = row.links.get(index) else {
        return Err(unreadable("dossier"));
    };
    let readiness = planned_readiness(rows)?;
    Ok(readiness
        .share()
        .map_or(Value::Null, |share| Decimal(share).to_value()))
}

/// The pipeline computed at `index`, in the project's currency.
pub(super) fn render_pipeline(
    row: &Row,
    index: usize,
    parts: &Parts<FundingPipeline>,
) -> async_graphql::Result<Value> {
    let sums = planned_pipeline(row.computed(index))?;
    let pipeline = FundingPipeline::of(sums, currency(row)?);
    Ok(object(&pipeline, "FundingPipeline", parts))
}
