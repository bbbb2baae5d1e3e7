//! `Query.supportSessions`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::plan::{Planned, plan_support_sessions, planned};
use crate::graphql::types::db;
use crate::graphql::types::support_session::{
    SupportSession, SupportSessionFilter, SupportSessionOrder, session_list,
};
use crate::service::support_session::list_sessions;

#[derive(Default)]
pub struct SupportSessionQuery;

#[Object]
impl SupportSessionQuery {
    /// Every accompaniment session, the most recently held first unless `orderBy` says
    /// otherwise. With `updatedSince` and `orderBy: {field: UPDATED_AT, direction: ASC}`, a
    /// partner system syncs incrementally.
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    async fn support_sessions(
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
        #[graphql(desc = "Only the sessions that match every criterion given.")] filter: Option<
            SupportSessionFilter,
        >,
        #[graphql(
            desc = "The order of the sessions; the most recently held first when not given."
        )]
        order_by: Option<SupportSessionOrder>,
    ) -> Result<Planned<ListConnection<SupportSession>>> {
        let list = session_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let plan = || plan_support_sessions(ctx, &list);
        if let Some(value) = planned(ctx, "supportSessions", plan).await? {
            return Ok(Planned::Value(value));
        }
        let page = list_sessions(db(ctx)?, &list).await?;
        Ok(Planned::Resolved(connection(page, SupportSession)))
    }
}
