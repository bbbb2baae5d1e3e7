//! `Query.node`, `Query.nodes` and `Query.viewer`.

use async_graphql::{Context, ID, Object, Result};

use crate::graphql::error::bad_input;
use crate::graphql::id::decode;
use crate::graphql::loaders::loaders;
use crate::graphql::plan::{Planned, plan_node, planned};
use crate::graphql::types::node::{Node, resolve};
use crate::graphql::types::user::User;
use crate::graphql::viewer::viewer;

/// How many ids one `nodes` call may resolve.
const MAX_NODES: usize = 100;

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its global id; null when the id is malformed or names nothing visible.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The global `id` of any object, as another field returned it.")] id: ID,
    ) -> Result<Planned<Option<Node>>> {
        if let Some((node_type, row)) = decode(&id)
            && let Some(value) = planned(ctx, "node", || plan_node(ctx, node_type, row)).await?
        {
            return Ok(Planned::Value(value));
        }
        Ok(Planned::Resolved(resolve(ctx, &id).await?))
    }

    /// Several objects by id, in the order asked, with null for each id `node` would not
    /// resolve. At most 100 ids.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Up to 100 global ids, of any types.")] ids: Vec<ID>,
    ) -> Result<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(bad_input(format!(
                "`ids` holds at most {MAX_NODES} ids, got {}",
                ids.len()
            )));
        }
        futures::future::try_join_all(ids.iter().map(|id| resolve(ctx, id))).await
    }

    /// The authenticated caller; null for anonymous callers.
    async fn viewer(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(user_id) = viewer(ctx).user_id() else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.users.load_one(user_id).await?.map(User))
    }
}
