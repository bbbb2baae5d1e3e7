//! `Query.users`: the admins' list of accounts.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::types::db;
use crate::graphql::types::user::{User, UserFilter};
use crate::graphql::viewer::viewer;
use crate::service::user::list_users;

#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    /// Every account, by email (ADMIN only).
    async fn users(
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
        #[graphql(desc = "Only the accounts that match every criterion given.")] filter: Option<
            UserFilter,
        >,
    ) -> Result<ListConnection<User>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        let filter = filter.unwrap_or_default().into();
        let page = list_users(db(ctx)?, viewer(ctx), &filter, &request).await?;
        Ok(connection(page, User))
    }
}
