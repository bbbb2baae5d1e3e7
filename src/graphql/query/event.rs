//! `Query.events`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::plan::{Planned, plan_events, planned};
use crate::graphql::types::db;
use crate::graphql::types::event::{Event, EventFilter, event_list};
use crate::service::event::list_events;

#[derive(Default)]
pub struct EventQuery;

#[Object]
impl EventQuery {
    /// The meetings of every center, in the order they happen. With `updatedSince`, a partner
    /// system finds the events (and lists of participants) changed since its last sync.
    async fn events(
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
        #[graphql(desc = "Only the events that match every criterion given.")] filter: Option<
            EventFilter,
        >,
    ) -> Result<Planned<ListConnection<Event>>> {
        let list = event_list(PageArgs::new(first, after, last, before), filter)?;
        if let Some(value) = planned(ctx, "events", || plan_events(ctx, &list)).await? {
            return Ok(Planned::Value(value));
        }
        let page = list_events(db(ctx)?, &list).await?;
        Ok(Planned::Resolved(connection(page, Event)))
    }
}
