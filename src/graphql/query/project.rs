//! `Query.projects`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::plan::{Planned, plan_projects, planned};
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
        #[graphql(desc = "Only the projects that match every criterion given.")] filter: Option<
            ProjectFilter,
        >,
        #[graphql(desc = "The order of the projects; by creation, oldest first, when not given.")]
        order_by: Option<ProjectOrder>,
    ) -> Result<Planned<ListConnection<Project>>> {
        let list = project_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        if let Some(value) = planned(ctx, "projects", || plan_projects(ctx, &list)).await? {
            return Ok(Planned::Value(value));
        }
        let page = list_projects(db(ctx)?, &list).await?;
        Ok(Planned::Resolved(connection(page, Project)))
    }
}
