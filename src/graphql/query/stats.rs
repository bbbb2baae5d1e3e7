//! `Query.stats`.

use async_graphql::{Object, Result};

use crate::graphql::types::stats::{Stats, StatsFilter};

#[derive(Default)]
pub struct StatsQuery;

#[Object]
impl StatsQuery {
    /// Dashboard figures computed by the database, all under one filter.
    async fn stats(&self, filter: Option<StatsFilter>) -> Result<Stats> {
        Ok(Stats::new(filter.unwrap_or_default().into_service()?))
    }
}
