//! `Query.stats`: planned into one statement when the planner covers the whole selection
//! ([`crate::graphql::types::stats::planned`]), else answered figure by figure.

use async_graphql::{Context, Object, Result};

use crate::graphql::plan::{Planned, count, planner_on};
use crate::graphql::types::stats::planned::planned_stats;
use crate::graphql::types::stats::{Stats, StatsFilter};

#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Dashboard figures computed by the database, all under one filter.
    async fn stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "What every figure is restricted to; when not given, the whole platform in MAD."
        )]
        filter: Option<StatsFilter>,
    ) -> Result<Planned<Stats>> {
        let filter = filter.unwrap_or_default().into_service()?;
        if planner_on(ctx) {
            let planned = planned_stats(ctx, &filter).await?;
            count("stats", planned.is_some());
            if let Some(value) = planned {
                return Ok(Planned::Value(value));
            }
        }
        Ok(Planned::Resolved(Stats::new(filter)))
    }
}
