//! `Query.projects`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::types::db;
use crate::graphql::types::inputs::{ProjectFilter, ProjectOrder, project_list};
use crate::graphql::types::project::Project;
use crate::service::project::list_projects;

#[derive(Default)]
pub struct ProjectQuery;

#[Object]
impl ProjectQuery {
    /// Every project, oldest first unless `orderBy` says otherwise.
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<ProjectFilter>,
        order_by: Option<ProjectOrder>,
    ) -> Result<ListConnection<Project>> {
        let list = project_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let page = list_projects(db(ctx)?, &list).await?;
        Ok(connection(page, Project))
    }
}
