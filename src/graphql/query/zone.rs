//! `Query.zones`.

use async_graphql::{Context, ID, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::error::bad_input;
use crate::graphql::id::{NodeType, decode_as};
use crate::graphql::types::db;
use crate::graphql::types::zone::Zone;
use crate::service::zone::list_zones;

#[derive(Default)]
pub struct ZoneQuery;

#[Object]
impl ZoneQuery {
    /// The zones of every center, or of one center, by name.
    async fn zones(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        center_id: Option<ID>,
    ) -> Result<ListConnection<Zone>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        let center_id = center_id
            .map(|id| {
                decode_as(&id, NodeType::Center)
                    .ok_or_else(|| bad_input(format!("{} is not a Center id", id.0)))
            })
            .transpose()?;
        let page = list_zones(db(ctx)?, center_id, &request).await?;
        Ok(connection(page, Zone))
    }
}
