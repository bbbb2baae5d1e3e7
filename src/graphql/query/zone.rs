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
        #[graphql(
            desc = "At most this many items from the start of the list (after `after` when given): 0 to 100; 20 when neither `first` nor `last` is given. Not together with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of an edge from an earlier page: this page starts right after it."
        )]
        after: Option<String>,
        #[graphql(
            desc = "At most this many items from the end of the list (before `before` when given): 0 to 100. Not together with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of an edge from an earlier page: this page ends right before it."
        )]
        before: Option<String>,
        #[graphql(desc = "Only the zones of this center.")] center_id: Option<ID>,
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
