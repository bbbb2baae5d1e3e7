//! `Query.stats`.

use async_graphql::{Object, Result};

use crate::graphql::types::stats::{Stats, StatsFilter};

#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Dashboard figures computed by the database, all under one filter.
    async fn stats(
        &self,
        #[graphql(
            desc = "What every figure is restricted to; when not given, the whole platform in MAD."
        )]
        filter: Option<StatsFilter>,
    ) -> Result<Stats> {
        Ok(Stats::new(filter.unwrap_or_default().into_service()?))
    }
}
