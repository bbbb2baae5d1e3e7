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
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<UserFilter>,
    ) -> Result<ListConnection<User>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        let filter = filter.unwrap_or_default().into();
        let page = list_users(db(ctx)?, viewer(ctx), &filter, &request).await?;
        Ok(connection(page, User))
    }
}
